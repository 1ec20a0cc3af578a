"""`govlint rules`: the loaded rules as rows (id, concern, severity, pack, citation)."""

from __future__ import annotations

from typing import Any

from govlint.model import CONCERNS
from govlint.training.common import MODAL, check_concern, check_pack, rules_of


def rows(linter, pack: str | None = None, concern: str | None = None) -> list[dict[str, Any]]:
    """One JSON-ready row per rule, ordered by concern (standard order), then pack and id."""
    check_pack(pack, linter)
    check_concern(concern)
    order = {c: i for i, c in enumerate(CONCERNS)}
    out = []
    for r in sorted(rules_of(linter, pack, concern), key=lambda r: (order.get(r.concern, 99), r.pack, r.id)):
        out.append({"id": r.id, "pack": r.pack, "concern": r.concern, "severity": r.severity.label,
                    "modal": MODAL[r.severity], "title": r.title, "base": r.base,
                    "citation": r.citation.as_dict() if r.citation else None,
                    "cites": r.citation.short() if r.citation else "",
                    "also_cited": [c.as_dict() for c in r.also_cited],
                    "examples": {"bad": len(r.examples_bad), "good": len(r.examples_good)}})
    return out
