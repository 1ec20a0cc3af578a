"""`govlint explain`: a rule's documentation, with its examples run through the engine now."""

from __future__ import annotations

from typing import Any

from govlint.model import Rule
from govlint.training.common import (CONCERN_TEXT, MODAL, MODAL_TEXT, citations, finding_dict, fired, meta_dict, resolve,
                                     run_example)

DETECTOR_TEXT = {
    "pattern": "looks for wording patterns",
    "lexicon": "looks for words and phrases from a term list (through look-alike letters and spacing)",
    "pii": "looks for personal identifiers",
    "combination": "looks for several signals together in the same sentence or a few words apart",
    "jigsaw": "adds up details that together identify a person (age, place, time, occupation, relatives, rare events)",
    "self-identification": "looks for posts that claim a professional role without saying who is posting",
    "metadata": "looks at who is posting and to whom (replies, mentions, organisation accounts)",
}


def explain_rule(linter, rule: Rule, objects: bool = False) -> dict[str, Any]:
    """Everything about one rule, JSON-ready; examples are checked by the engine as this runs.

    ``objects=True`` also keeps each example's :class:`Finding` objects under
    ``finding_objects`` (for renderers such as the text formatter; not JSON).
    """
    modal = MODAL[rule.severity]
    bad = []
    for ex in rule.examples_bad:
        found = run_example(linter, rule, ex)
        item: dict[str, Any] = {"text": ex.text, **meta_dict(ex), "findings": [finding_dict(f) for f in found],
                                "caught": rule.id in fired(found), "rewrite": ex.rewrite}
        if objects:
            item["finding_objects"] = found
        if ex.rewrite:
            from dataclasses import replace

            again = run_example(linter, rule, replace(ex, text=ex.rewrite))
            item["rewrite_findings"] = [finding_dict(f) for f in again]
        if ex.note:
            item["note"] = ex.note
        bad.append(item)
    good = []
    for ex in rule.examples_good:
        found = run_example(linter, rule, ex)
        good.append({"text": ex.text, **meta_dict(ex), "findings": [finding_dict(f) for f in found],
                     "clean": rule.id not in fired(found), **({"finding_objects": found} if objects else {})})
    kind = (rule.detector or {}).get("type", "")
    return {
        "kind": "rule",
        "id": rule.id,
        "ids": [rule.id],
        "pack": rule.pack,
        "base": rule.base,
        "concern": rule.concern,
        "severity": rule.severity.label,
        "modal": modal,
        "title": rule.title,
        "message": rule.message,
        "checks": f"govlint {DETECTOR_TEXT.get(kind, 'checks the text')}.",
        "detector": kind,
        "confidence": rule.confidence,
        "why": rule.why,
        "obligation": MODAL_TEXT[modal],
        "suggestion": rule.suggestion,
        "citation": rule.citation.as_dict() if rule.citation else None,
        "citations": citations(rule),
        "organisation_only": rule.organisation_only,
        "bad": bad,
        "good": good,
    }


def explain(linter, rule_or_concern: str, pack: str | None = None, objects: bool = False) -> dict[str, Any]:
    """A rule id, a core rule id (every rule adopting it) or a concern name (all its rules).

    Unknown names raise :class:`govlint.training.common.UnknownRule` (a
    GovlintError) naming the closest matches.
    """
    kind, rules = resolve(linter, rule_or_concern, pack)
    if kind == "rule":
        return explain_rule(linter, rules[0], objects)
    return {
        "kind": kind,
        "id": rule_or_concern.strip(),
        "concern": rules[0].concern if rules else rule_or_concern.strip().lower(),
        "ids": [r.id for r in rules],
        "concern_text": CONCERN_TEXT.get(rules[0].concern, "") if rules else "",
        "rules": [explain_rule(linter, r, objects) for r in rules],
    }
