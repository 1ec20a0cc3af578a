"""``lexicon``: term lists matched on the normalised text, whatever the disguise.

Terms and posts both go through :func:`govlint.normalise.lexical` (case,
Unicode look-alikes, invisible characters, 'i d i o t', 'idiooot') and
leetspeak ('id1ot'); a term ending in ``*`` matches as a prefix; plurals match
unless ``plurals: false``. Masked words such as 'f*cking' or 'id**t' match a
term of the same length. Spec keys: ``terms`` and/or ``lexicon`` (named lists
from the pack), ``unless`` / ``unless_scope`` as for ``pattern``, ``label``,
``plurals``.
"""

from __future__ import annotations

from typing import Any, Mapping

import regex

from govlint import normalise
from govlint.detectors.base import Builder, Detector, alternation, scope_span, side_ok
from govlint.detectors.pattern import SCOPES, _dedupe, compile_patterns
from govlint.model import Hit

KEYS = {"terms": (list, str), "lexicon": (list, str), "unless": (list, str), "unless_scope": str,
        "label": str, "plurals": bool, "not_preceded_by": str, "not_followed_by": str}
_MASKED = regex.compile(r"(?<![\w*#])[a-z]*[*#]+[a-z*#]*[a-z]+[a-z*#]*|(?<![\w*#])[a-z]+[*#]+[a-z*#]*(?![\w])")


def _norm_term(term: str) -> str:
    return normalise.deleet(normalise.lexical(term.strip())).text


class LexiconDetector(Detector):
    def __init__(self, matcher, words, unless, scope, label, before=None, after=None):
        self.matcher, self.words, self.unless, self.scope, self.label = matcher, words, unless, scope, label
        self.before, self.after = before, after

    def find(self, ctx) -> list[Hit]:
        hits: list[Hit] = []
        for view in _views(ctx):
            for m in self.matcher.finditer(view.text, timeout=ctx.timeout):
                s, e = view.span(m.start(), m.end())
                hits.append(Hit(s, e, self.label or m.group().strip()))
            if "*" in view.text or "#" in view.text:
                hits.extend(self._masked(ctx, view))
        if self.unless and hits:
            hits = [h for h in hits if not any(p.search(ctx.text[slice(*scope_span(ctx, h, self.scope))], timeout=ctx.timeout)
                                               for p in self.unless)]
        if (self.before or self.after) and hits:
            hits = [h for h in hits if side_ok(ctx, h, self.before, self.after)]
        return _dedupe(hits)

    def _masked(self, ctx, view) -> list[Hit]:
        out = []
        for m in _MASKED.finditer(view.text):
            token = m.group()
            if token.count("*") + token.count("#") > len(token) // 2:
                continue
            probe = regex.compile("".join("[a-z]" if c in "*#" else regex.escape(c) for c in token) + "(?:s|es)?")
            word = next((w for w in self.words if probe.fullmatch(w)), None)
            if word:
                s, e = view.span(m.start(), m.end())
                out.append(Hit(s, e, self.label or word))
        return out


def _views(ctx):
    seen = ctx.lexical
    yield seen
    if ctx.leet.text != seen.text:
        yield ctx.leet


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    terms = [t for t in b.terms(spec) if t.strip()]
    if not terms:
        raise b.error("detector 'lexicon' needs 'terms' or a 'lexicon' name", spec)
    scope = spec.get("unless_scope", "sentence")
    if scope not in SCOPES:
        raise b.error(f"'unless_scope' must be one of {', '.join(SCOPES)}", spec)
    plural = "(?:s|es|'s|’s)?" if spec.get("plurals", True) else "(?:'s|’s)?"
    exact, prefixes = set(), set()
    for t in terms:
        (prefixes if t.endswith("*") else exact).add(_norm_term(t.rstrip("*")))
    exact.discard("")
    prefixes.discard("")

    def alt(items):
        return alternation(items, r"[\s\-_]+")

    parts = []
    if exact:
        parts.append(f"(?:{alt(exact)}){plural}(?![\\w])")
    if prefixes:
        parts.append(f"(?:{alt(prefixes)})[\\w'’-]*")
    matcher = regex.compile(f"(?<![\\w])(?:{'|'.join(parts)})")
    unless = compile_patterns(b, spec, b.strings(spec, "unless"), False, True)
    words = sorted({w for w in exact | prefixes if " " not in w})
    return LexiconDetector(matcher, words, unless, scope, spec.get("label", ""),
                           b.side_pattern(spec, "not_preceded_by", True), b.side_pattern(spec, "not_followed_by", False))
