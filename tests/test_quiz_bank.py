"""The quiz bank that ships as package data: well-formed, drawn from the labelled corpus, and agreed by govlint."""

from __future__ import annotations

import json
from pathlib import Path

from govlint.model import CONCERNS
from govlint.training.quiz import load_bank

CORPUS = Path(__file__).resolve().parent / "corpus" / "posts.jsonl"


def test_bank_ships_and_matches_the_corpus_labels():
    bank = load_bank()
    assert len(bank) >= 100
    corpus = {r["id"]: r for r in map(json.loads, CORPUS.read_text("utf-8").splitlines()) if r}
    ids = [b["id"] for b in bank]
    assert len(ids) == len(set(ids))
    for item in bank:
        src = corpus[item["id"]]
        assert item["text"] == src["text"]
        assert sorted(item["concerns"]) == sorted(src["labels"])
        assert set(item["concerns"]) <= set(CONCERNS)
    assert sum(1 for b in bank if b["concerns"]) >= 50  # enough flagged posts to quiz on


def test_bank_answers_agree_with_govlint(linter_nlp):
    """The bank only holds posts where govlint finds exactly the labelled concerns (so the reveal matches)."""
    bank = load_bank()
    sample = bank[::7]
    disagree = []
    for item in sample:
        found = {f.concern for f in linter_nlp.check(item["text"], author=item.get("author"),
                                                      in_reply_to=item.get("in_reply_to")).findings}
        if found != set(item["concerns"]):
            disagree.append((item["id"], sorted(found), item["concerns"]))
    # rule changes elsewhere may move a few posts; more than a tenth means the bank is stale
    assert len(disagree) <= len(sample) // 10, f"rebuild with scripts/build_quiz_bank.py: {disagree[:5]}"


def test_quiz_reveal_cites_the_posters_own_regulator():
    from govlint.api import Linter
    from govlint.training.quiz import _question

    item = {"id": "x1", "profession": "physiotherapist", "author": {"name": "Rachel Dunn", "handle": "@kiddy_physio"},
            "text": "Bumped into a former patient at Tesco in Kidderminster today, 2 yrs post-stroke and back driving! "
                    "She runs the florist by the bus station.", "concerns": ["patient-identifiability"]}
    q = _question(Linter(nlp=False), None, ("corpus", item))
    assert q.findings and all(f.rule.startswith("HCPC-") for f in q.findings), [f.rule for f in q.findings]
