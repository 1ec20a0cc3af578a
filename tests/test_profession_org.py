"""A post whose profession is an organisation's ('organisation', 'NHS trust', 'comms') is the account's."""

import json

from govlint.api import Linter
from govlint.config import Settings
from govlint.inputs.jsonl import parse_jsonl
from govlint.inputs.text import parse_text

POST = ("Great to welcome @JaneMorrisMP to our new urgent treatment centre today, a tireless champion for Northvale, "
        "and her party's plan is exactly what local health services need.")


def _jsonl(**record):
    (post,) = list(parse_jsonl(json.dumps({"text": POST, **record}), "posts.jsonl"))
    return post


def test_organisation_profession_marks_the_author():
    assert _jsonl(profession="organisation", author={"handle": "@NorthvaleNHS"}).author.organisation
    assert _jsonl(profession="NHS trust").author.organisation
    assert _jsonl(profession="comms", author="Northvale comms").author.organisation


def test_personal_profession_and_explicit_flag_are_kept():
    assert not _jsonl(profession="nurse", author={"handle": "@jo"}).author.organisation
    assert not _jsonl(author={"handle": "@jo"}).author.organisation
    # an author who says outright they are not the organisation's account is believed
    assert not _jsonl(profession="organisation", author={"handle": "@jo", "organisation": False}).author.organisation


def test_front_matter_profession():
    (post,) = parse_text(f"---\nprofession: organisation\nauthor: {{handle: '@NorthvaleNHS'}}\n---\n{POST}\n", "d.txt")
    assert post.author.organisation


def test_organisation_rules_apply():
    lint = Linter(Settings(nlp_model=None))
    (result,) = lint.check_posts([_jsonl(profession="organisation", author={"handle": "@NorthvaleNHS"})])
    assert "political-impartiality" in {f.concern for f in result.findings}
    (result,) = lint.check_posts([_jsonl(profession="nurse", author={"handle": "@jo", "name": "Jo Bloggs"})])
    assert "political-impartiality" not in {f.concern for f in result.findings}
