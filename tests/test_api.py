"""The documented Python API: `govlint.api.Linter`, as the README's 'Python API' section shows it."""

from __future__ import annotations

import pytest

from govlint.api import Linter
from govlint.config import Settings
from govlint.model import Author, Finding, Post, Severity

JIGSAW = ("Long night on Ward 7B at the Royal Stoke. 84-year-old retired headmistress from Leek came in at 3am "
          "with a very rare sarcoma.")
ADVICE = "I'd double the sertraline if it's not touching the sides, 50mg is a tiny dose."


def test_check_returns_cited_findings(linter_patterns):
    result = linter_patterns.check(JIGSAW)
    assert result.findings and all(isinstance(f, Finding) for f in result.findings)
    f = next(f for f in result.findings if f.concern == "patient-identifiability")
    assert f.severity is Severity.ERROR and f.citation and f.citation.url.startswith("https://")
    assert JIGSAW[f.start:f.end] == f.match and f.line == 1
    assert {e["label"] for e in f.details["evidence"]} >= {"place", "age"}


def test_clean_text_has_no_findings(linter_patterns):
    assert linter_patterns.check("New systematic review: exercise therapy reduces knee OA pain at 12 weeks.").findings == []


def test_in_reply_to_turns_a_remark_into_individual_advice(linter_patterns):
    assert not any(f.concern == "individual-advice" for f in linter_patterns.check(ADVICE).findings)
    replied = linter_patterns.check(ADVICE, in_reply_to="@tomhughes78").findings
    assert any(f.concern == "individual-advice" for f in replied)


def test_author_decides_name_disclosure(linter_patterns):
    text = "Speaking as an A&E consultant: the trust board has no idea what the new rota is doing to patient safety."
    anonymous = linter_patterns.check(text, author={"handle": "@ShopFloorMedic"}).findings
    named = linter_patterns.check(text, author=Author(name="Dr Helen Marsh", handle="@DrHMarsh")).findings
    assert any(f.concern == "name-disclosure" for f in anonymous)
    assert not any(f.concern == "name-disclosure" for f in named)


def test_profession_picks_the_regulator():
    text = "Mrs Patel in bay 3 finally got her scan after 9 days. Broken system."
    doctor = Linter(profession="doctor", nlp=False)
    physio = Linter(profession="physiotherapist", nlp=False)
    # organisation-account rules always load; they fire only on posts by an organisation
    assert {r.pack for r in doctor.rules} - {"nhs-org"} == {"gmc"} and {r.pack for r in physio.rules} - {"nhs-org"} == {"hcpc"}
    assert all(f.rule.startswith("GMC-") for f in doctor.check(text).findings)
    assert all(f.rule.startswith("HCPC-") for f in physio.check(text).findings)


def test_settings_and_keyword_overrides():
    base = Settings(nlp_model=None, select=("hostility",))
    linter = Linter(base)
    assert linter.rules and all(r.concern == "hostility" for r in linter.rules)
    only_advice = Linter(base, select=("individual-advice",))
    assert all(r.concern == "individual-advice" for r in only_advice.rules)


def test_check_posts_in_order(linter_patterns):
    posts = [Post(text=JIGSAW, id="a"), Post(text="Lovely sunny day for the ward BBQ", id="b"),
             Post(text=ADVICE, id="c", in_reply_to="@x")]
    results = list(linter_patterns.check_posts(posts))
    assert [r.post.id for r in results] == ["a", "b", "c"]
    assert results[0].findings and not results[1].findings and results[2].findings


def test_unknown_profession_is_a_clear_error():
    from govlint.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown profession"):
        Linter(profession="astronaut", nlp=False)


def test_nlp_finds_names_patterns_alone_miss(linter_nlp, linter_patterns):
    text = "Spent the afternoon with Doris Hargreaves, 84, after her fall. Lovely lady."
    (found,) = linter_nlp.identify([linter_nlp.post(text)])
    assert "PERSON" in {i.type for i in found}
    assert any(i.detector.startswith("presidio") for i in found)
    assert not any(i.detector.startswith("presidio") for i in linter_patterns.check(text).identifiers)


def test_readme_python_api_example_runs(capsys):
    """The README's example is real code: run it and check what it prints."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    exec(compile(code, "README.md (Python API)", "exec"), {})
    out = capsys.readouterr().out
    assert "GMC-CONF-02 error patient-identifiability Mrs Patel 0 9" in out
    assert "https://" in out
