"""govlint.needs: what each rule needs a post to hold is only ever a necessary condition, so skipping the rules a
post cannot set off changes no finding."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from govlint import engine, needs, prefilter
from govlint.analysis import PostContext
from govlint.api import Linter
from govlint.detectors.base import gate_need, need_all, need_any
from govlint.model import Author, Identifier, Post

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def _posts() -> list[Post]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "posts.jsonl").open(encoding="utf-8")]
    rows += corpus.posts(600, seed=13)
    rng = random.Random(3)
    out = []
    for i, r in enumerate(rows):
        text = r["text"]
        if rng.random() < 0.15:  # disguises, so that the views differ from the text
            text = text.replace("o", "0").replace("i", "1").replace(" a ", " a  ")
        a = r.get("author") or {}
        out.append(Post(text=text, id=i, in_reply_to=r.get("in_reply_to"),
                        author=Author(name=a.get("name"), handle=a.get("handle"), organisation=bool(a.get("organisation")))))
    return out


@pytest.fixture(scope="module")
def setting():
    lint = Linter(nlp=False)
    return lint.engine, needs.Plan([d for _, d in lint.engine.compiled]), _posts()


def test_a_rule_that_finds_something_always_has_what_it_needs(setting):
    eng, plan, posts = setting
    assert sum(m is not None for m in plan.masks) >= len(plan.masks) * 0.9  # nearly every rule has a need
    skipped = found = 0
    for post, idents in zip(posts, eng.identify(posts)):
        for extra in ([], [Identifier("PERSON", 0, 1, post.text[:1], 0.9, "test")]):  # as NER would add
            ctx = PostContext(post, idents + extra)
            bits = plan.bits(ctx)
            for (rule, det), mask in zip(eng.compiled, plan.masks):
                hits = ctx.run(det)
                if mask is not None and not bits & mask:
                    skipped += 1
                    assert not hits, (rule.id, post.text)
                elif hits:
                    found += 1
    assert found > 300 and skipped > found  # (and it does skip many rules)


def test_findings_are_the_same_with_and_without_the_plan(setting, monkeypatch):
    eng, _, posts = setting
    rules = [r for r, _ in eng.compiled]

    def run(after: int):
        monkeypatch.setattr(engine, "_PLAN_AFTER", after)
        e = engine.Linter(rules, nlp_model=None)
        return [[(f.rule, f.start, f.end, f.details.get("also_rules")) for f in r.findings] for r in e.check(posts)]

    with_plan, without = run(0), run(10 ** 9)
    assert with_plan == without and sum(map(len, with_plan)) > 300


def test_a_short_run_makes_no_plan():
    lint = Linter(nlp=False)
    lint.check("Lovely chat with Mrs Patel in bay 3 today, 84 and sharp as a tack.")
    assert lint.engine._plan is None


def test_need_algebra():
    a, b = frozenset({("identifier", "AGE")}), frozenset({("identifier", "PERSON"), ("anonymous",)})
    assert need_any(a, b) == a | b and need_any(a, None) is None and need_any() is None
    assert need_all(a, b) == a and need_all(None, b) == b and need_all(None, None) is None
    gate = prefilter.gate(r"you\s+(?:absolute|utter)\s+(?:idiot|clown)")
    assert gate_need(gate, "lexical") == frozenset(("clause", "lexical", t[0]) for t in gate.terms)
    assert gate_need(None, "leet") is None
