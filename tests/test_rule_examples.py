"""Every rule's bad examples trigger that rule; its good examples do not.

One test per rule and example, generated from the packs themselves, so a new
rule is tested the moment it is written. Examples run through the real engine
with the NLP model, as users run it.
"""

from __future__ import annotations

import pytest

from govlint import packs
from govlint.api import resolve_rules
from govlint.config import Settings
from govlint.engine import Linter as Engine
from govlint.model import Author, Example, Post, Rule


def _all_rules() -> list[Rule]:
    rules = []
    for pid in packs.default_pack_ids():
        rules.extend(resolve_rules(Settings(packs=(pid,))))
    return rules


RULES = _all_rules()
CASES = [(r, kind, i, ex) for r in RULES for kind, exs in (("bad", r.examples_bad), ("good", r.examples_good))
         for i, ex in enumerate(exs)]


@pytest.fixture(scope="module")
def engine():
    return Engine(RULES)


def _post(ex, rule: Rule | None = None) -> Post:
    # An organisation-only rule's examples are organisation posts unless they say who wrote them.
    author = ex.author or Author(organisation=bool(rule and rule.organisation_only))
    return Post(text=ex.text, path="<example>", author=author, in_reply_to=ex.in_reply_to, profession=ex.profession)


@pytest.mark.parametrize("rule,kind,index,example", CASES, ids=[f"{r.id}-{k}{i}" for r, k, i, _ in CASES])
def test_example(engine, rule, kind, index, example):
    result = engine.check_one(_post(example, rule))
    fired = {f.rule for f in result.findings} | {x for f in result.findings for x in f.details.get("also_rules", [])}
    if kind == "bad":
        assert rule.id in fired, f"{rule.id} should fire on its bad example: {example.text!r} (fired: {sorted(fired)})"
    else:
        assert rule.id not in fired, f"{rule.id} should not fire on its good example: {example.text!r}"


@pytest.mark.parametrize("rule", [r for r in RULES if any(e.rewrite for e in r.examples_bad)], ids=lambda r: r.id)
def test_rewrites_are_clean_for_their_rule(engine, rule):
    for ex in rule.examples_bad:
        if not ex.rewrite:
            continue
        result = engine.check_one(_post(Example(text=ex.rewrite, author=ex.author, in_reply_to=ex.in_reply_to), rule))
        fired = {f.rule for f in result.findings} | {x for f in result.findings for x in f.details.get("also_rules", [])}
        assert rule.id not in fired, f"the safer rewrite still breaches {rule.id}: {ex.rewrite!r}"
