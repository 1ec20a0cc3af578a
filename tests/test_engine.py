"""Engine: how findings from several routes and packs become one report per post."""


def test_overlapping_findings_of_one_check_are_reported_once():
    from govlint.engine import _one_per_overlap
    from govlint.model import Finding, Severity

    def f(rule, start, end, sev=Severity.ERROR, evidence=()):
        return Finding(rule=rule, pack="p", concern="patient-identifiability", severity=sev, message="m", title="t",
                       citation=None, path="d.txt", post=0, start=start, end=end, line=1, column=start + 1,
                       end_line=1, end_column=end + 1, match="x" * (end - start),
                       details={"evidence": [dict(e) for e in evidence]} if evidence else {})

    wide = f("A-1", 0, 20, evidence=[{"label": "name", "start": 0, "end": 20}])
    tight = f("A-1", 7, 20)
    other_family = f("B-1", 7, 20)
    later = f("A-1", 30, 40)
    out = _one_per_overlap([("A", wide), ("A", tight), ("B", other_family), ("A", later)])
    assert [(x.rule, x.start, x.end) for x in out] == [("A-1", 7, 20), ("B-1", 7, 20), ("A-1", 30, 40)]
    assert out[0].details["evidence"] == [{"label": "name", "start": 0, "end": 20}]  # still masked


def test_a_hashtag_is_not_a_masked_word():
    # '#' hides a letter inside a word ('sh#t'), but a hashtag is a hashtag: '#AD' does not hide 'dad'.
    from govlint.detectors.lexicon import _masked_tokens

    assert [t for _, _, t in _masked_tokens("#ad | paid partnership #nhs #dad")] == []
    assert [t for _, _, t in _masked_tokens("what a sh#t day, f*ck it")] == ["sh#t", "f*ck"]
