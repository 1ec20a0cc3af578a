"""Helpers the training modules share: choosing rules, running examples through the engine, JSON shapes."""

from __future__ import annotations

import difflib
from typing import Any, Iterable, Sequence

from govlint.errors import GovlintError
from govlint.model import CONCERNS, Author, Example, Finding, Post, Rule, Severity

# The guidance's modal verb behind each severity (see the guidance digest: must = duty, should = judgement).
MODAL = {Severity.ERROR: "must", Severity.WARNING: "should", Severity.INFO: "note"}
MODAL_TEXT = {
    "must": "The guidance says you must (a duty): breaching it can put your registration at risk.",
    "should": "The guidance says you should (expected practice that allows judgement): be ready to justify departing from it.",
    "note": "No regulator requires this; it is a note worth knowing.",
}


class UnknownRule(GovlintError):
    """An id or concern that no loaded rule has; carries the closest matches."""

    def __init__(self, key: str, suggestions: Sequence[str]):
        self.key, self.suggestions = key, list(suggestions)
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no rule {key}{hint}")


def engine_of(linter):
    """The engine behind an API linter (or the engine itself)."""
    return getattr(linter, "engine", linter)


def rules_of(linter, pack: str | None = None, concern: str | None = None) -> list[Rule]:
    rules = list(getattr(linter, "rules", []))
    if pack:
        rules = [r for r in rules if r.pack == pack]
    if concern:
        rules = [r for r in rules if r.concern == concern]
    return rules


def check_pack(pack: str | None, linter) -> None:
    packs = sorted({r.pack for r in linter.rules})
    if pack and pack not in packs:
        raise GovlintError(f"no rules from pack '{pack}' are loaded (loaded: {', '.join(packs) or 'none'})")


def check_concern(concern: str | None) -> None:
    if concern and concern not in CONCERNS:
        close = difflib.get_close_matches(concern, CONCERNS, n=2, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else f" (concerns: {', '.join(CONCERNS)})"
        raise GovlintError(f"unknown concern '{concern}'{hint}")


def resolve(linter, key: str, pack: str | None = None) -> tuple[str, list[Rule]]:
    """What ``key`` names: ('rule', [rule]), ('base', rules adopting a core rule) or ('concern', its rules)."""
    rules = rules_of(linter, pack)
    k = key.strip()
    by_id = {r.id.upper(): r for r in rules}
    if k.upper() in by_id:
        return "rule", [by_id[k.upper()]]
    based = [r for r in rules if (r.base or "").upper() == k.upper()]
    if based:
        return "base", based
    if k.lower() in CONCERNS:
        return "concern", [r for r in rules if r.concern == k.lower()]
    names = sorted({*(r.id for r in rules), *(r.base for r in rules if r.base), *CONCERNS})
    upper = {n.upper(): n for n in names}
    close = difflib.get_close_matches(k.upper(), list(upper), n=3, cutoff=0.4)
    raise UnknownRule(k, [upper[c] for c in close])


def example_post(ex: Example, path: str = "<example>") -> Post:
    return Post(text=ex.text, path=path, author=ex.author or Author(), in_reply_to=ex.in_reply_to,
                profession=ex.profession)


def fired(findings: Iterable[Finding]) -> set[str]:
    """Rule ids that fired, including rules merged into another's finding (same check, same span)."""
    return {f.rule for f in findings} | {x for f in findings for x in f.details.get("also_rules", [])}


def pack_engine(linter, pack: str):
    """An engine holding only ``pack``'s rules, so an example is reported under that pack's ids.

    Built once per linter and pack; the NLP model is shared process-wide.
    """
    cache = linter.__dict__.setdefault("_training_engines", {}) if hasattr(linter, "__dict__") else {}
    eng = cache.get(pack)
    if eng is None:
        from govlint.engine import Linter as Engine

        base = engine_of(linter)
        eng = Engine([r for r in base.rules if r.pack == pack], nlp_model=base.nlp_model,
                     regex_timeout=base.regex_timeout)
        cache[pack] = eng
    return eng


def run_example(linter, rule: Rule, ex: Example) -> list[Finding]:
    """The engine's findings for one example, from the rule's own pack, right now."""
    return pack_engine(linter, rule.pack).check_one(example_post(ex)).findings


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "concern": f.concern, "severity": f.severity.label, "title": f.title, "message": f.message,
            "start": f.start, "end": f.end, "match": f.match,
            "spans": highlight_spans(f),
            "citation": f.citation.as_dict() if f.citation else None,
            "also_rules": list(f.details.get("also_rules", []))}


def highlight_spans(f: Finding) -> list[list[int]]:
    """The character ranges to highlight: each detail of a jigsaw, else the finding's span."""
    parts = sorted((e["start"], e["end"]) for e in f.details.get("evidence", []) if e["end"] > e["start"])
    if f.concern == "patient-identifiability" and len(parts) > 1:
        return [list(p) for p in parts]
    return [[f.start, f.end]]


def meta_dict(ex: Example) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ex.author and ex.author.known:
        out["author"] = {"name": ex.author.name, "handle": ex.author.handle, "organisation": ex.author.organisation}
    if ex.in_reply_to:
        out["in_reply_to"] = ex.in_reply_to
    if ex.profession:
        out["profession"] = ex.profession
    return out


def citations(rule: Rule) -> list[dict[str, Any]]:
    return [c.as_dict() for c in ((rule.citation,) if rule.citation else ()) + tuple(rule.also_cited)]


CONCERN_TEXT = {
    "patient-identifiability": "Anything that could let someone recognise a patient: a name, a number, contact details, "
                               "or ordinary details that add up to one person.",
    "individual-advice": "Clinical advice to one particular person online, given without an assessment, a history or a record.",
    "name-disclosure": "Saying who you are when you comment on health as a registered professional.",
    "hostility": "Abusive, demeaning or threatening posts about colleagues, patients or anyone else.",
    "boundaries": "Keeping professional boundaries with patients online.",
    "conflict-of-interest": "Declaring interests when you promote or endorse.",
    "misinformation": "Accurate information that does not mislead.",
    "consent-images": "Consent before sharing images or recordings of patients.",
    "political-impartiality": "Impartiality for organisation accounts and in official roles.",
}


def concern_title(concern: str) -> str:
    return concern.replace("-", " ").capitalize()
