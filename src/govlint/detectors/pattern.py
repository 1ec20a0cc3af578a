"""``pattern``: regular expressions (the ``regex`` module, with a per-search timeout).

Spec keys: ``patterns`` (list) or ``pattern``; ``case_sensitive`` (default
false); ``word_boundary`` (default true); ``view``: ``folded`` (default; look-
alike letters and invisible characters undone, case kept), ``lexical`` (also
lower-cased, spacing and stretching undone), ``leet`` (lexical with leetspeak
undone too: 'id1ot', 'sh!t') or ``original``; ``{{name}}``
inside a pattern stands for the named lexicon's terms; ``not_preceded_by`` /
``not_followed_by``: patterns that cancel a hit when they touch it; ``unless``:
patterns that cancel a hit when found in ``unless_scope`` (``sentence``
default, ``match``, ``window`` or ``post``); ``label``.
"""

from __future__ import annotations

from typing import Any, Mapping

from govlint import prefilter, rx
from govlint.detectors.base import Builder, Detector, Need, gate_need, need_any, scope_span, side_ok
from govlint.model import Hit

KEYS = {"patterns": list, "pattern": str, "case_sensitive": bool, "word_boundary": bool, "view": str,
        "unless": (list, str), "unless_scope": str, "label": str, "not_preceded_by": str, "not_followed_by": str}
VIEWS = ("folded", "lexical", "leet", "original")
SCOPES = ("sentence", "match", "window", "post")


class PatternDetector(Detector):
    def __init__(self, patterns, unless, view, scope, label, before=None, after=None):
        self.patterns, self.unless, self.view, self.scope, self.label = patterns, unless, view, scope, label
        self.before, self.after = before, after
        # Per pattern, the pieces (see govlint.prefilter) of which a text must hold one for it to match (None:
        # no such set); and their union for the detector (None when some pattern has none). False until worked
        # out: the shipped snapshot holds them, so a run works out only the gates of patterns a post may match.
        self._firsts: tuple | bool = False
        self._keys: frozenset[str] | None | bool = False

    def keys(self) -> frozenset[str] | None:
        if self._keys is False:
            firsts = self._firsts = tuple(prefilter.first_keys(p.gate) for p in self.patterns)
            self._keys = None if any(f is None for f in firsts) else frozenset().union(*firsts)
        return self._keys  # type: ignore[return-value]

    def need(self) -> Need:
        return need_any(*(gate_need(p.gate, self.view) for p in self.patterns))

    def find(self, ctx) -> list[Hit]:
        view = ctx.view(self.view)
        text = ctx.text if view is None else view.text
        hits: list[Hit] = []
        folded = ctx.prefolded(text)
        grams = folded.grams
        keys = self._keys if self._keys is not False else self.keys()
        if keys is not None and keys.isdisjoint(grams):
            return hits  # no pattern here can match: one set test instead of one per pattern
        for pat, first in zip(self.patterns, self._firsts):  # type: ignore[call-overload]
            if first is not None and first.isdisjoint(grams):
                continue  # none of the words this pattern needs is in the post
            gate = pat.gate
            if gate is not None and not gate.admits(folded):
                continue
            for m in pat.finditer(text, timeout=ctx.timeout):
                if m.end() == m.start():
                    continue
                s, e = (m.start(), m.end()) if view is None else view.span(m.start(), m.end())
                hits.append(Hit(s, e, self.label or m.group()))
        if self.unless and hits:
            hits = [h for h in hits if not _excepted(ctx, h, self.unless, self.scope, view)]
        if (self.before or self.after) and hits:
            hits = [h for h in hits if side_ok(ctx, h, self.before, self.after)]
        return _dedupe(hits)


def _excepted(ctx, hit: Hit, unless, scope: str, view) -> bool:
    s, e = scope_span(ctx, hit, scope)
    if view is None:
        segment = ctx.text[s:e]
    else:  # search the same view the patterns saw, limited to the scope
        vs = next((i for i, o in enumerate(view.origin) if o >= s), len(view.text))
        ve = next((i for i, o in enumerate(view.origin) if o >= e), len(view.text))
        segment = view.text[vs:ve]
    return any(p.search(segment, timeout=ctx.timeout) for p in unless)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop hits contained in an earlier, longer hit; keep order by position."""
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start >= out[-1].start and h.end <= out[-1].end:
            continue
        out.append(h)
    return out


def compile_patterns(b: Builder, spec: Mapping[str, Any], sources: list[str], case_sensitive: bool, word_boundary: bool):
    flags = rx.V0 if case_sensitive else rx.IGNORECASE
    out = []
    for src in sources:
        slots: dict = {}
        word_slots: set = set()
        cheap = b.expand(src, spec, slots, word_slots)  # the same pattern with each {{lexicon}} as one placeholder
        if not word_boundary:
            wrap = "{}"
        elif prefilter.starts_with_word(cheap, flags, word_slots):
            # Every match starts with a word character, so 'no word character before it' is a word boundary:
            # the same matches, and regex skips ahead much faster to a pattern that opens with '\b'.
            wrap = "\\b(?:{})(?![\\w])"
        else:
            wrap = "(?<![\\w])(?:{})(?![\\w])"
        body = b.expand_later(src, spec, wrap)
        out.append(b.compile(body, flags, spec, shown=src, gate_source=(cheap, slots)))
    return out


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    sources = b.strings(spec, "patterns") + b.strings(spec, "pattern")
    if not sources:
        raise b.error("detector 'pattern' needs 'patterns' (a list of regular expressions)", spec)
    view = spec.get("view", "folded")
    if view not in VIEWS:
        raise b.error(f"'view' must be one of {', '.join(VIEWS)}", spec)
    scope = spec.get("unless_scope", "sentence")
    if scope not in SCOPES:
        raise b.error(f"'unless_scope' must be one of {', '.join(SCOPES)}", spec)
    cs = spec.get("case_sensitive", False)
    wb = spec.get("word_boundary", True)
    patterns = compile_patterns(b, spec, sources, cs, wb)
    unless = compile_patterns(b, spec, b.strings(spec, "unless"), cs, wb)
    return PatternDetector(patterns, unless, view, scope, spec.get("label", ""),
                           b.side_pattern(spec, "not_preceded_by", True), b.side_pattern(spec, "not_followed_by", False))
