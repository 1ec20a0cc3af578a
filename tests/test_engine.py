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


def test_a_fallback_rule_speaks_only_when_no_other_rule_of_its_concern_does():
    from govlint.engine import Linter
    from govlint.model import Post, Rule, Severity

    def rule(rid, concern, word, fallback=False):
        return Rule(id=rid, pack="p", title="t", concern=concern, severity=Severity.WARNING, message="m", citation=None,
                    detector={"type": "pattern", "patterns": [word]}, fallback=fallback)

    engine = Linter([rule("R-1", "misinformation", "cure"), rule("M-1", "misinformation", "miracle", fallback=True),
                     rule("H-1", "hostility", "idiot")], nlp_model=None)

    def fired(text):
        return sorted(f.rule for f in engine.check_one(Post(text=text)).findings)

    assert fired("a miracle cure") == ["R-1"]  # the rule found it: the second opinion stays quiet
    assert fired("a miracle") == ["M-1"]  # no rule did: it speaks
    assert fired("a miracle, you idiot") == ["H-1", "M-1"]  # another concern's finding does not silence it


def test_fallback_must_be_true_or_false(tmp_path):
    import pytest

    from govlint.errors import PackError
    from govlint.packs import PackSet

    (tmp_path / "pack.yaml").write_text(
        "pack: mine\nrules:\n  - id: MINE-1\n    title: t\n    concern: misinformation\n    severity: warning\n"
        "    message: m\n    citation: {document: D, url: 'https://example.org/d'}\n    fallback: sometimes\n    detector: {type: pattern, patterns: [x]}\n"
        "    examples:\n      bad: [x a, x b]\n      good: [y, z]\n", encoding="utf-8")
    with pytest.raises(PackError, match="'fallback' must be true or false"):
        PackSet().load(str(tmp_path / "pack.yaml"))
