"""`govlint demo`: the rules' bad examples, one by one, as the engine sees them now."""

from __future__ import annotations

from typing import Any, Iterator

from govlint.model import CONCERNS, Finding
from govlint.training.common import (check_concern, check_pack, citations, example_post, finding_dict, meta_dict,
                                     pack_engine, rules_of)


def live(linter, pack: str | None = None, concern: str | None = None) -> Iterator[tuple[dict[str, Any], list[Finding]]]:
    """Each demonstration step and the engine's findings (as objects, for the text formatter)."""
    check_pack(pack, linter)
    check_concern(concern)
    rules = rules_of(linter, pack, concern)
    order = {c: i for i, c in enumerate(CONCERNS)}
    rules.sort(key=lambda r: (order.get(r.concern, 99), r.pack, r.id))
    n = 0
    for rule in rules:
        for ex in rule.examples_bad:
            post = example_post(ex, path=f"{rule.id} example")
            found = pack_engine(linter, rule.pack).check_one(post).findings
            n += 1
            step = {"step": n, "rule": rule.id, "pack": rule.pack, "concern": rule.concern, "title": rule.title,
                    "severity": rule.severity.label, "text": ex.text, **meta_dict(ex),
                    "findings": [finding_dict(f) for f in found], "rewrite": ex.rewrite, "citations": citations(rule)}
            yield step, found


def steps(linter, pack: str | None = None, concern: str | None = None) -> list[dict[str, Any]]:
    """The whole demonstration as JSON-ready dicts: {step, rule, concern, text, author/in_reply_to, findings, rewrite}."""
    return [s for s, _ in live(linter, pack, concern)]
