"""Allow lists: allow-listed names, handles, phone numbers and phrases never produce a finding, others still do."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from govlint.allow import AllowMatcher, covered, merge, phone_digits
from govlint.api import Linter
from govlint.cli import app
from govlint.config import AllowList, Settings

runner = CliRunner()


def _found(text: str, allow: AllowList) -> list[tuple[int, int]]:
    return [(s, e) for s, e in merge(AllowMatcher(allow).spans(text))]


def _texts(text: str, allow: AllowList) -> list[str]:
    return [text[s:e] for s, e in _found(text, allow)]


# --- matching (no model needed) -----------------------------------------------------------------------------

def test_names_match_case_accents_spacing_and_optional_title():
    allow = AllowList(names=("Dr Sarah Jones", "José Núñez", "Mary-Jane O'Neill"))
    text = "Thanks SARAH  JONES, dr. sarah jones, Jose Nunez, mary jane o’neill. Not Sarah Jonesy or Sarah."
    assert _texts(text, allow) == ["SARAH  JONES", "dr. sarah jones", "Jose Nunez", "mary jane o’neill"]


def test_handles_with_or_without_at_sign():
    for entry in ("@drpshah", "drpshah", "DrPShah"):
        got = _texts("cc @DrPShah and drpshah; not @drpshah2 or x@drpshah.com", AllowList(handles=(entry,)))
        assert got == ["@DrPShah", "drpshah"], entry


@pytest.mark.parametrize("written", ["0121 424 2000", "01214242000", "0121-424-2000", "+44 121 424 2000",
                                     "+44 (0)121 424 2000", "0044 121 424 2000", "(0121) 424 2000", "0121.424.2000"])
def test_phone_numbers_compare_by_digits(written):
    text = f"Call our switchboard on {written} any time."
    for entry in ("0121 424 2000", "+44 121 4242000"):
        got = _texts(text, AllowList(phones=(entry,)))
        assert [g.strip() for g in got] == [written], (written, entry, got)


def test_a_different_number_is_not_allowed():
    assert _found("Ring 0121 424 2001 or 07700 900123", AllowList(phones=("0121 424 2000",))) == []
    # the allowed number inside a longer run of digits is found on group boundaries only
    assert _texts("ext: 0121 424 2000 55", AllowList(phones=("0121 424 2000",))) == ["0121 424 2000"]
    assert _found("ref 10121 424 20001", AllowList(phones=("0121 424 2000",))) == []


def test_phone_digits_normalisation():
    assert phone_digits("+44 (0)121 424 2000") == phone_digits("0121 424 2000") == "01214242000"
    assert phone_digits("0044 7700 900123") == "07700900123"
    assert phone_digits("+33 1 23 45 67 89") == "+33123456789"


def test_phrases_normalise_case_whitespace_quotes_and_dashes():
    allow = AllowList(phrases=("St Mary's Hospital", "Birmingham Women’s and Children’s"))
    text = "At ST MARY’S\nhospital and birmingham women's and children's today; St Marys Hospital is different."
    assert _texts(text, allow) == ["ST MARY’S\nhospital", "birmingham women's and children's"]


def test_covered_trims_titles_articles_and_possessives_but_not_other_words():
    text = "Thanks to Dr Sarah Jones's team at the Royal Stoke, and Sarah Jones Smith."
    spans = merge(AllowMatcher(AllowList(names=("Sarah Jones",), phrases=("Royal Stoke",))).spans(text))
    def at(s): return text.index(s), text.index(s) + len(s)
    assert covered(text, *at("Dr Sarah Jones's"), spans)
    assert covered(text, *at("the Royal Stoke"), spans)
    assert not covered(text, *at("Sarah Jones Smith"), spans, loose=True)  # 'Smith' is not filler
    assert not covered(text, *at("team at the Royal"), spans)
    assert not covered(text, 0, 0, spans)  # an empty (metadata) span is never allow-listed


# --- through the linter -------------------------------------------------------------------------------------

CONTACT = "Her daughter's mobile is {n} if anyone on nights can update her, she's in resus."


def _rules(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings}


def test_allowed_phone_number_is_clean_and_another_still_fires():
    plain = Linter(nlp=False)
    allowed = Linter(nlp=False, allow=AllowList(phones=("01782 715444",)))
    assert "GMC-CONF-03" in _rules(plain, CONTACT.format(n="01782 715444"))
    assert not _rules(allowed, CONTACT.format(n="+44 1782 715444"))
    assert "GMC-CONF-03" in _rules(allowed, CONTACT.format(n="07700 900123"))


def test_switchboard_number_is_clean():
    allowed = Linter(nlp=False, allow=AllowList(phones=("0121 424 2000",)))
    assert not allowed.check("Our switchboard 0121 424 2000").findings


JIGSAW = "84-year-old came in at the Royal Stoke with a very rare sarcoma."


def test_allowed_place_does_not_count_as_a_jigsaw_detail():
    plain = Linter(nlp=False)
    allowed = Linter(nlp=False, allow=AllowList(phrases=("Royal Stoke",)))
    assert "GMC-CONF-04" in _rules(plain, JIGSAW)
    assert not _rules(allowed, JIGSAW)  # age + condition: two details, below the threshold of three
    # another place still counts: the jigsaw takes the next detail, not the allow-listed one
    (f,) = [f for f in allowed.check(JIGSAW + " Lives in Leek.").findings if f.rule == "GMC-CONF-04"]
    assert ["place", "Leek"] in f.details["contributors"]
    assert not any("Royal Stoke" in text for _, text in f.details["contributors"])


@pytest.fixture(scope="module")
def named_linters():
    allow = AllowList(names=("Doris Wilson", "Dr Sarah Jones"))
    return Linter(Settings()), Linter(Settings(allow=allow))


NAMED = [
    "Lovely Doris Wilson was discharged home today after 6 weeks with us. Going to miss her on the ward!",
    "Mrs Doris Wilson's scan finally happened after 9 days in bay 3. Broken system.",
    "Sarah Jones in bay 3 finally got her scan after 9 days. Broken system.",
]


@pytest.mark.parametrize("text", NAMED)
def test_allowed_name_next_to_clinical_context_is_clean(named_linters, text):
    plain, allowed = named_linters
    assert "GMC-CONF-02" in _rules(plain, text), "the test text must fire without the allow list"
    assert "GMC-CONF-02" not in _rules(allowed, text)


@pytest.mark.parametrize("text", [t.replace("Doris Wilson", "Margaret Evans").replace("Sarah Jones", "Mary Smith")
                                  for t in NAMED])
def test_a_different_name_still_fires(named_linters, text):
    _, allowed = named_linters
    assert "GMC-CONF-02" in _rules(allowed, text)


def test_allowed_and_other_name_in_one_post(named_linters):
    _, allowed = named_linters
    findings = allowed.check("Sarah Jones and Mary Smith in bay 3 finally got their scans after 9 days.").findings
    names = [f.match for f in findings if f.rule == "GMC-CONF-02"]
    assert names == ["Mary Smith"]


def test_allow_list_from_config_file_through_cli(tmp_path, monkeypatch):
    (tmp_path / "govlint.yaml").write_text("nlp-model: none\nallow:\n  phones: ['01782 715444']\n", encoding="utf-8")
    d = tmp_path / "d.txt"
    d.write_text(CONTACT.format(n="01782 715444"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["check", str(d)])
    assert r.exit_code == 0 and "No findings" in r.output, r.output
    d.write_text(CONTACT.format(n="01782 715445"), encoding="utf-8")
    assert runner.invoke(app, ["check", str(d)]).exit_code == 1


def test_allow_list_applies_to_a_thread_checked_as_a_whole():
    from govlint.inputs.text import parse_text

    posts = parse_text("Retired headmistress, 84, seen on the ward.\n---\nVery rare sarcoma, treated at the Royal Stoke.\n", "t.txt")
    plain = [f for r in Linter(nlp=False).check_posts(posts) for f in r.findings]
    assert [f.details.get("scope") for f in plain] == ["thread"], "the test thread must add up only as a whole"
    allowed = Linter(nlp=False, allow=AllowList(phrases=("Royal Stoke",)))
    assert not [f for r in allowed.check_posts(posts) for f in r.findings]
