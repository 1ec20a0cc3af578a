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

from functools import lru_cache, partial
from typing import Any, Mapping

from govlint import normalise, prefilter, rx
from govlint.detectors.base import (Builder, Detector, LazyPattern, Need, alternation, gate_need, need_any, scope_span,
                                   side_ok, word_start)
from govlint.detectors.pattern import SCOPES, _dedupe, compile_patterns
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Hit

KEYS = {"terms": (list, str), "lexicon": (list, str), "unless": (list, str), "unless_scope": str,
        "label": str, "plurals": bool, "not_preceded_by": str, "not_followed_by": str}
_SPACE = r"[\s\-_]+"
# (a hashtag is not a mask: '#AD' does not hide 'dad')
_MASKED = fixed(r"(?<![\w*#])(?!#[a-z]+(?![\w*#]))[a-z]*[*#]+[a-z*#]*[a-z]+[a-z*#]*|(?<![\w*#])[a-z]+[*#]+[a-z*#]*(?![\w])")


@lru_cache(maxsize=8192)  # lexicons share many terms
def _norm_term(term: str) -> str:
    return normalise.deleet(normalise.lexical(term.strip())).text


class LexiconDetector(Detector):
    def __init__(self, matcher, words, unless, scope, label, before=None, after=None):
        self.matcher, self.words, self.unless, self.scope, self.label = matcher, words, unless, scope, label
        self.before, self.after = before, after
        self._by_mask: dict[str, str | None] = {}  # masked token ('f*ck', '#nhs') -> the word it stands for

    def find(self, ctx) -> list[Hit]:
        hits: list[Hit] = []
        for view in _views(ctx):
            if ctx.admits(self.matcher.gate, view.text):
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

    def need(self) -> Need:
        # the scan on either view, or a masked word ('f*ck', '#nhs') in one of them
        gate = self.matcher.gate
        masked = frozenset(("char", view, c) for view in ("lexical", "leet") for c in "*#")
        return need_any(gate_need(gate, "lexical"), gate_need(gate, "leet"), masked)

    def _masked(self, ctx, view) -> list[Hit]:
        out = []
        for start, end, token in ctx.once(("masked", view.text), lambda: _masked_tokens(view.text)):
            word = self._by_mask.get(token, "")
            if word == "":
                if len(self._by_mask) > 4096:
                    self._by_mask.clear()
                word = self._by_mask[token] = _unmask(token, self.words)
            if word:
                s, e = view.span(start, end)
                out.append(Hit(s, e, self.label or word))
        return out


def _masked_tokens(text: str) -> list[tuple[int, int, str]]:
    """Words with letters hidden by '*' or '#' ('f*ck', 'id**t'), shared by every lexicon on a post."""
    out = []
    for m in _MASKED.finditer(text):
        token = m.group()
        if token.count("*") + token.count("#") <= len(token) // 2:
            out.append((m.start(), m.end(), token))
    return out


def _unmask(token: str, words) -> str | None:
    """The first of ``words`` that ``token`` could hide: each '*' or '#' one letter a-z, plus an optional plural."""
    n = len(token)
    for w in words:
        if len(w) < n or w[n:] not in ("", "s", "es"):
            continue
        for c, x in zip(token, w):
            if c == x or (c in "*#" and "a" <= x <= "z"):
                continue
            break
        else:
            return w
    return None


def _views(ctx):
    seen = ctx.lexical
    yield seen
    if ctx.leet.text != seen.text:
        yield ctx.leet


def _source(exact: frozenset[str], prefixes: frozenset[str], plural: str) -> str:
    """The matcher's pattern: written out only when a post first gets past its gate."""
    parts = []
    if exact:
        parts.append(f"(?:{alternation(exact, _SPACE)}){plural}(?![\\w])")
    if prefixes:
        parts.append(f"(?:{alternation(prefixes, _SPACE)})[\\w'’-]*")
    # Every match starts with a term's first character: when each of those is a word character, 'no word
    # character before' is the same test as a word boundary, and regex skips ahead much faster to a '\\b'.
    words_only = all(word_start(t) for t in exact | prefixes)
    start = r"\b" if words_only else r"(?<![\w])"
    return f"{start}(?:{'|'.join(parts)})"


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

    # Any match contains one of the terms' longest words: posts with none of them skip the scan.
    gate = prefilter.needles_gate(prefilter.term_needle(t) for t in exact | prefixes)
    source = partial(_source, frozenset(exact), frozenset(prefixes), plural)  # escaped terms only: nothing to probe
    matcher = LazyPattern(source, 0, compiled=None if b.lazy else rx.compile(source()), gate=gate)
    unless = compile_patterns(b, spec, b.strings(spec, "unless"), False, True)
    words = sorted({w for w in exact | prefixes if " " not in w})
    return LexiconDetector(matcher, words, unless, scope, spec.get("label", ""),
                           b.side_pattern(spec, "not_preceded_by", True), b.side_pattern(spec, "not_followed_by", False))
