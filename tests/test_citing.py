"""Which guidance a finding cites: merged across packs, the author's own regulator first, the edition of the post's date."""

from __future__ import annotations

import datetime as dt

import pytest

from govlint import citing, packs
from govlint.api import Linter
from govlint.config import Settings
from govlint.errors import PackError
from govlint.model import Author, Citation, Post

XRAY = "Look at this chest X-ray from tonight's take 😳 a whole fork in the oesophagus"


@pytest.fixture(scope="module")
def everything() -> Linter:
    return Linter(Settings(nlp_model=None))


@pytest.mark.parametrize("value,expected", [
    ("2023-05-01", dt.date(2023, 5, 1)),
    ("2024-01-29T23:59:00Z", dt.date(2024, 1, 29)),
    ("Wed Oct 10 20:19:24 +0000 2018", dt.date(2018, 10, 10)),
    ("Tue, 03 Sep 2024 10:00:00 +0100", dt.date(2024, 9, 3)),
    (dt.date(2020, 2, 2), dt.date(2020, 2, 2)),
    ("last Tuesday", None),
    ("2023-13-45", None),
    (None, None),
])
def test_parse_date(value, expected):
    assert citing.parse_date(value) == expected


def test_for_date_picks_the_edition_in_force():
    old = Citation("Old guidance (2013)", "https://example.org/2013", "1", edition="2013", until="2024-01-29")
    new = Citation("New guidance (2024)", "https://example.org/2024", "18", editions=(old,))
    assert citing.for_date(new, dt.date(2024, 1, 29)) is old
    assert citing.for_date(new, dt.date(2024, 1, 30)) is new
    assert citing.for_date(new, None) is new


def test_one_breach_with_all_five_packs_is_one_finding_citing_the_others(everything):
    assert {r.pack for r in everything.rules} >= {"gmc", "hcpc", "nmc", "gphc", "nhs-org"}
    findings = everything.check(XRAY).findings
    assert len(findings) == 1
    f = findings[0]
    assert f.concern == "consent-images"
    cited = {c.document.split(",")[0] for c in (f.citation, *f.also_cited)}
    assert {"GMC", "HCPC", "NMC", "GPhC"} <= cited
    assert len({*f.details["also_rules"], f.rule}) == 4  # one rule per regulator, merged


def test_the_authors_own_regulator_is_cited_first(everything):
    for profession, prefix in (("nurse", "NMC-"), ("pharmacist", "GPHC-"), ("paramedic", "HCPC-"), ("doctor", "GMC-")):
        (f,) = everything.check(XRAY, profession=profession).findings
        assert f.rule.startswith(prefix), (profession, f.rule)
        assert f.citation == {r.id: r for r in everything.rules}[f.rule].citation
        assert f.citation not in f.also_cited


def test_an_organisation_post_cites_the_nhs_organisation_pack(everything):
    (f,) = everything.check(XRAY, author={"handle": "@TrustNews", "organisation": True}).findings
    assert f.rule == "NHS-ORG-IMG-01"


def test_organisation_rules_never_fire_on_a_personal_account(everything):
    text = "Vote Lib Dem on Thursday to save Shrewsbury A&E!"
    assert [f.rule for f in everything.check(text, author={"organisation": True}).findings] == ["NHS-ORG-POL-01"]
    assert everything.check(text, author={"handle": "@nurse_jo"}).findings == []


@pytest.mark.parametrize("date,edition,paragraph", [
    ("2023-06-01", "2013", "1"),
    ("2024-01-29", "2013", "1"),
    ("2024-01-30", None, "18"),
    (None, None, "18"),
])
def test_gmc_cites_the_2013_guidance_for_posts_before_30_january_2024(date, edition, paragraph):
    linter = Linter(Settings(packs=("gmc",), nlp_model=None))
    (f,) = linter.check(XRAY, date=date).findings
    assert f.citation.edition == edition and f.citation.paragraph == paragraph
    if edition:
        assert "2013" in f.citation.document and all("(2024)" not in c.document for c in f.also_cited)


@pytest.mark.parametrize("date,paragraph", [("2024-08-31", "5.1"), ("2024-09-01", "2.12")])
def test_hcpc_cites_the_2016_numbering_before_september_2024(date, paragraph):
    linter = Linter(Settings(packs=("hcpc",), nlp_model=None))
    (f,) = linter.check("Can anyone chase the bloods for 943 476 5919? Lab lost them.", date=date).findings
    assert f.citation.paragraph == paragraph


def test_dated_posts_from_a_jsonl_file_are_resolved(tmp_path):
    from govlint.document import parse_jsonl

    text = '{"text": "%s", "date": "2022-03-04", "profession": "doctor"}\n' % XRAY.replace('"', '\\"')
    (post,) = list(parse_jsonl(text, "x.jsonl"))
    (result,) = list(Linter(Settings(nlp_model=None)).check_posts([post]))
    assert result.findings[0].citation.edition == "2013"


def test_finalise_is_pure_and_keeps_unknown_professions():
    linter = Linter(Settings(nlp_model=None))
    post = Post(text=XRAY, profession="astronaut", author=Author())
    raw = linter.engine.check_one(post).findings
    assert citing.finalise(raw, post, {r.id: r for r in linter.rules}, frozenset()) == raw


def _pack(tmp_path, body: str):
    p = tmp_path / "p.yaml"
    p.write_text(body, encoding="utf-8")
    return p


GOOD_RULE = """
    concern: hostility
    severity: error
    title: T
    message: M
    detector: {type: pattern, patterns: ['idiot']}
    examples: {bad: ['idiot', 'an idiot'], good: ['fine', 'ok']}
"""


def test_an_edition_citation_needs_its_edition_listed_or_a_last_day(tmp_path):
    body = f"""pack: mine
rules:
  - id: MINE-01{GOOD_RULE}    citation:
      document: New
      url: https://example.org/new
      editions:
        - edition: "2019"
          document: Old
          url: https://example.org/old
"""
    with pytest.raises(PackError, match="edition '2019' is not listed"):
        packs.PackSet().load(str(_pack(tmp_path, body)))
    listed = body.replace("rules:", "editions:\n  - {edition: '2019', until: 2020-12-31}\nrules:", 1)
    (rule,) = packs.PackSet().load(str(_pack(tmp_path, listed))).rules
    assert rule.citation.editions[0].until == "2020-12-31"


def test_a_bad_until_date_is_reported_with_its_line(tmp_path):
    body = "pack: mine\neditions:\n  - {edition: '2019', until: 'soon'}\nrules: []\n"
    with pytest.raises(PackError) as err:
        packs.PackSet().load(str(_pack(tmp_path, body)))
    assert "until" in str(err.value) and ":3" in str(err.value)
