"""What every detector type shares: the Detector shape and the Builder that validates specs."""

from __future__ import annotations

import json
from dataclasses import field
from functools import lru_cache
from typing import Any, Callable, Mapping

from govlint import prefilter, rx
from govlint.digest import sha1
from govlint.errors import PackError
from govlint.lazyre import LazyPattern, fixed
from govlint.model import Hit
from govlint.records import mutable

__all__ = ["Builder", "Detector", "LazyPattern", "Need", "gate_need", "need_all", "need_any", "scope_span", "side_ok", "spec_key"]


class Detector:
    """A compiled detector. ``find`` returns hits in original-text offsets."""

    key: str = ""
    needs_nlp: bool = False
    cost: int = 1  # relative run time; a combination runs its cheaper required parts first
    # True when the detector, or one of its parts, reads identifiers that only the NLP model finds (see
    # govlint.identifiers.MODEL_TYPES): its answer may change once the model has read the post.
    reads_model: bool = False

    def find(self, ctx) -> list[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def need(self) -> "Need":
        """Something a post must hold for :meth:`find` to report anything (see :data:`Need`); None: nothing
        known. Only ever a necessary condition: a post that holds it still goes through ``find``."""
        return None


# What a detector needs a post to hold: None (nothing known), or a set of which the post must hold at least one:
# ('clause', view, Clause): a prefilter clause holds in that view of the post ('original', 'folded', 'lexical',
# 'leet'); ('identifier', type): an identifier of that type was found; ('char', view, c): the view holds the
# character c; ('anonymous',): the author's profile shows no real name. (govlint.needs reads them as bits.)
Need = frozenset | None


def need_any(*needs: Need) -> Need:
    """Holding any of these: their union (nothing known if any of them is)."""
    if any(n is None for n in needs) or not needs:
        return None
    return frozenset().union(*needs)


def need_all(*needs: Need) -> Need:
    """Holding all of these: any one of them will do as a necessary condition; the one of fewest atoms, which
    the fewest posts hold (nothing known if none is)."""
    known = [n for n in needs if n is not None]
    return min(known, key=len) if known else None


def gate_need(gate, view: str) -> Need:
    """What a prefilter gate needs of a view: the first clause of one of its alternatives (each alternative
    puts its most selective clause first)."""
    if gate is None:
        return None
    return frozenset(("clause", view, term[0]) for term in gate.terms)


_COMPILED: dict[str, "Detector"] = {}
# Per spec mapping (by identity): its cache key and the lexicon names it uses; per set of lexicon lists: their hash.
_SPEC_INFO: dict[int, tuple[Any, str, tuple[str, ...]]] = {}
_LEXICON_HASHES: dict[tuple, tuple[tuple, str]] = {}
_WORD_CHAR = fixed(r"\w")  # (regex's own \w: the one its \b goes by)
_SLOT_BASE = 0xE000  # private-use characters stand in for {{lexicon}} while a pattern's gate is worked out




def spec_key(spec: Mapping[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, default=str)


@mutable
class Builder:
    """Compiles detector specs for one rule, reporting errors with file, line and rule id.

    ``lexicons`` are the named term lists visible to the rule; ``registry`` maps
    type names to build functions (passed in so this module imports no detector).
    """

    registry: Mapping[str, Callable[[Mapping[str, Any], "Builder"], Detector]]
    lexicons: Mapping[str, list[str]] = field(default_factory=dict)
    path: str | None = None
    line: int | None = None
    rule: str | None = None
    regex_timeout: float = 1.0
    probe: bool = False  # test user regexes against backtracking probes at load time
    lazy: bool = False  # compile regexes on first use (built-in packs, which the test suite compiles)
    # One process-wide cache: validating a pack at load and running it in the
    # engine compile the same specs, so the second time is free.
    cache: dict[str, Detector] = field(default_factory=lambda: _COMPILED)

    def error(self, message: str, spec: Any = None) -> PackError:
        line = getattr(spec, "line", None) or self.line
        return PackError(message, self.path, line, self.rule)

    def detector(self, spec: Any) -> Detector:
        if not isinstance(spec, Mapping):
            raise self.error(f"a detector must be a mapping with a 'type', not {type(spec).__name__}", spec)
        kind = spec.get("type")
        if kind not in self.registry:
            known = ", ".join(sorted(self.registry))
            raise self.error(f"unknown detector type {kind!r} (known: {known})", spec)
        info = _SPEC_INFO.get(id(spec))
        if info is None or info[0] is not spec:
            if len(_SPEC_INFO) > 20_000:  # a long-lived process reloading packs: start again
                _SPEC_INFO.clear()
                _LEXICON_HASHES.clear()
            info = _SPEC_INFO[id(spec)] = (spec, spec_key(spec), self._lexicon_names(spec))
        key = info[1] + self._lexicon_hash(info[2])
        det = self.cache.get(key)
        if det is not None and self.probe:
            det = None  # an untrusted pack's patterns are probed even when already compiled
        if det is None:
            det = self.registry[kind](spec, self)
            det.key = key
            self.cache[key] = det
        return det

    def _lexicon_hash(self, names: tuple[str, ...]) -> str:
        """Named lexicons can differ between packs, so they are part of a detector's identity."""
        if not names:
            return ""
        lists = tuple(self.lexicons.get(n) for n in names)
        memo_key = (names, tuple(map(id, lists)))
        hit = _LEXICON_HASHES.get(memo_key)
        if hit is not None and all(a is b for a, b in zip(hit[0], lists)):
            return hit[1]  # the very same lists as before (packs share their parent's): same hash
        blob = json.dumps(dict(zip(names, lists)), sort_keys=True)
        digest = "|" + sha1(blob.encode()).hexdigest()
        _LEXICON_HASHES[memo_key] = (lists, digest)
        return digest

    @staticmethod
    def _lexicon_names(spec: Any) -> tuple[str, ...]:
        """The named lexicons a spec uses, sorted."""
        names: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, Mapping):
                for k, v in node.items():
                    if k == "lexicon":
                        names.update([v] if isinstance(v, str) else [x for x in v if isinstance(x, str)])
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
            elif isinstance(node, str) and "{{" in node:  # {{name}} placeholders in patterns
                for m in rx.finditer(r"\{\{([a-z0-9_|]+)\}\}", node):
                    names.update(m.group(1).split("|"))

        walk(spec)
        return tuple(sorted(names))

    def check_keys(self, spec: Mapping[str, Any], allowed: Mapping[str, type | tuple], required: tuple[str, ...] = ()) -> None:
        for k in required:
            if k not in spec:
                raise self.error(f"detector '{spec.get('type')}' needs '{k}'", spec)
        for k, v in spec.items():
            if k == "type":
                continue
            if k not in allowed:
                ok = ", ".join(sorted(allowed))
                raise self.error(f"unknown key '{k}' in detector '{spec.get('type')}' (allowed: {ok})", spec)
            if not isinstance(v, allowed[k]) or (isinstance(v, bool) and bool not in _as_tuple(allowed[k])):
                want = " or ".join(t.__name__ for t in _as_tuple(allowed[k]))
                raise self.error(f"'{k}' in detector '{spec.get('type')}' must be {want}, not {type(v).__name__}", spec)

    def strings(self, spec: Mapping[str, Any], key: str) -> list[str]:
        value = spec.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else list(value)
        for item in items:
            if not isinstance(item, str):
                raise self.error(f"'{key}' must hold strings, not {type(item).__name__}", spec)
        return items

    def terms(self, spec: Mapping[str, Any]) -> list[str]:
        """Terms given inline (``terms``) plus any named ``lexicon`` (a name or list of names)."""
        out = self.strings(spec, "terms")
        for name in self.strings(spec, "lexicon"):
            if name not in self.lexicons:
                raise self.error(f"unknown lexicon '{name}' (define it under 'lexicons:' in the pack)", spec)
            out.extend(self.lexicons[name])
        return out

    def expand(self, pattern: str, spec: Any, slots: dict | None = None, word_slots: set | None = None) -> str:
        """Replace ``{{name}}`` with an alternation of the named lexicon's terms (``{{a|b}}``: either lexicon's).

        With ``slots`` (a dict to fill), each ``{{name}}`` becomes one private-use
        character instead, mapped in ``slots`` to needles its terms contain: the
        cheap form :func:`prefilter.gate` reads. ``word_slots`` (a set to fill)
        gets the placeholders whose every term starts with an ASCII word character.
        """

        def sub(m: rx.Match) -> str:
            names = m.group(1).split("|")
            for name in names:
                if name not in self.lexicons:
                    raise self.error(f"pattern refers to unknown lexicon '{{{{{name}}}}}'", spec)
            if slots is not None:
                ch = chr(_SLOT_BASE + len(slots))
                slots[ch] = frozenset().union(*(_slot_needles(self.lexicons[name]) for name in names))
                if word_slots is not None and all(word_start(t) for name in names for t in self.lexicons[name] if t.strip()):
                    word_slots.add(ch)
                return ch
            return alternation([t.rstrip("*").strip() for name in names for t in self.lexicons[name] if t.strip()])

        if "{{" not in pattern:
            return pattern
        return rx.sub(r"\{\{([a-z0-9_]+(?:\|[a-z0-9_]+)*)\}\}", sub, pattern)

    def expand_later(self, pattern: str, spec: Any, wrap: str = "{}") -> str | Callable[[], str]:
        """``wrap`` around :meth:`expand` of ``pattern``: now for a pattern without ``{{name}}``, or when
        the pattern is compiled now; otherwise a function that expands it when first needed (a lexicon's
        alternation is long to write out, and most posts never get past the pattern's gate)."""
        if "{{" not in pattern or not (self.lazy and not self.probe):
            return wrap.format(self.expand(pattern, spec))
        self.expand(pattern, spec, {})  # unknown lexicon names are reported now, with file and line
        return _Expansion(self.lexicons, pattern, wrap)

    def side_pattern(self, spec: Mapping[str, Any], key: str, before: bool) -> LazyPattern | None:
        """``not_preceded_by`` / ``not_followed_by``: anchored to the hit, checked on 40 characters."""
        src = spec.get(key)
        if not src:
            return None
        wrap = "(?:{})\\s*$" if before else "^\\s*(?:{})"
        return self.compile(self.expand_later(src, spec, wrap), rx.IGNORECASE, spec)

    def compile(self, pattern: str | Callable[[], str], flags: int, spec: Any, shown: str | None = None,
                gate_source: tuple[str, dict] | None = None, gate: Any = False) -> LazyPattern:
        """Compile ``pattern``; errors quote ``shown`` (the author's own text) when given.

        With ``lazy`` (built-in packs) the regex compiles on first use; otherwise
        now, and untrusted packs are also probed. ``gate_source`` is the cheap
        form of the pattern for its prefilter gate (see :meth:`expand`). ``pattern``
        may be a function giving it (see :meth:`expand_later`), when ``lazy``.
        """
        if self.lazy and not self.probe:
            return LazyPattern(pattern, flags, gate_source, gate=gate)
        assert isinstance(pattern, str)
        try:
            compiled = rx.compile(pattern, int(flags))  # an int: regex's compiler is slow on flag enums
        except (rx.error, ValueError, OverflowError, RecursionError) as exc:
            raise self.error(f"pattern {shown or pattern!r} does not compile: {exc}", spec) from None
        if self.probe:
            self._probe(compiled, shown or pattern, spec)
            if shown and shown != pattern:  # the author's bare pattern too: wrapping can hide backtracking
                try:
                    self._probe(rx.compile(shown, flags), shown, spec)
                except (rx.error, ValueError, OverflowError, RecursionError):
                    pass  # only the expanded form is meaningful (it uses {{lexicon}} placeholders)
        return LazyPattern(pattern, flags, gate_source, compiled, gate=gate)

    def _probe(self, compiled: rx.Pattern, pattern: str, spec: Any) -> None:
        """Reject patterns that backtrack catastrophically on simple adversarial input."""
        probes = ("a" * 3000 + "!", "1" * 3000 + "x", " " * 3000 + "x", "ab" * 1500 + "!", "a " * 1500 + "!")
        for probe in probes:
            try:
                compiled.search(probe, timeout=0.25)
            except TimeoutError:
                raise self.error(f"pattern {pattern!r} backtracks catastrophically (took over 0.25 s on a 3,000-character probe); simplify nested repeats", spec) from None


class _Expansion:
    """``wrap`` around ``pattern`` with each ``{{name}}`` expanded (as :meth:`Builder.expand` does), written
    out when called: what :meth:`Builder.expand_later` defers (a plain object, so a built detector can be
    stored; the names were checked when it was made)."""

    __slots__ = ("lexicons", "pattern", "wrap")

    def __init__(self, lexicons: Mapping[str, list[str]], pattern: str, wrap: str):
        self.lexicons, self.pattern, self.wrap = lexicons, pattern, wrap

    def __call__(self) -> str:
        def sub(m: rx.Match) -> str:
            names = m.group(1).split("|")
            return alternation([t.rstrip("*").strip() for name in names for t in self.lexicons[name] if t.strip()])

        return self.wrap.format(rx.sub(r"\{\{([a-z0-9_]+(?:\|[a-z0-9_]+)*)\}\}", sub, self.pattern))

    def __getstate__(self):
        return (self.lexicons, self.pattern, self.wrap)

    def __setstate__(self, state):
        self.lexicons, self.pattern, self.wrap = state


_NEEDLES: dict[int, tuple[list, frozenset[str]]] = {}


def word_start(term: str) -> bool:
    """Whether ``term``, as a lexicon alternation writes it (prefix '*' and outer spaces dropped), starts with a
    word character: then every match of it does, and a word boundary before it means 'no word character before'."""
    t = term.rstrip("*").strip()
    return bool(t) and _WORD_CHAR.match(t) is not None


def _slot_needles(terms: list[str]) -> frozenset[str]:
    """What any match of one of a lexicon's terms contains (see :func:`prefilter.term_needle`); worked out
    once per lexicon list, which many patterns share."""
    hit = _NEEDLES.get(id(terms))
    if hit is not None and hit[0] is terms:
        return hit[1]
    needles = frozenset(prefilter.term_needle(t.rstrip("*").strip()) for t in terms if t.strip())
    if len(_NEEDLES) > 4096:
        _NEEDLES.clear()
    _NEEDLES[id(terms)] = (terms, needles)
    return needles


def alternation(terms, space: str = r"[\s\-]+") -> str:
    """One regular expression matching any of ``terms``, as a trie ('idiot(?:s)?' rather than 'idiots|idiot').

    A flat alternation of hundreds of words is tried word by word at every
    position; a trie shares prefixes, so a lexicon costs about as much as its
    longest word. Longer matches are preferred, as with a longest-first
    alternation. A space in a term matches any run of spaces or hyphens.
    """
    return _alternation(frozenset(t for t in terms if t), space)


@lru_cache(maxsize=256)
def _alternation(terms: frozenset[str], space: str) -> str:
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def piece(ch: str) -> str:
        return space if ch == " " else rx.escape(ch)

    def build(node: dict) -> str:
        end = "" in node
        alts = [piece(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    out = build(trie)
    return f"(?:{out})" if out else "(?!)"


def side_ok(ctx, hit: Hit, before: rx.Pattern | None, after: rx.Pattern | None) -> bool:
    """False when the text just before or after a hit cancels it."""
    if before is not None and before.search(ctx.text[max(0, hit.start - 40):hit.start], timeout=ctx.timeout):
        return False
    if after is not None and after.search(ctx.text[hit.end:hit.end + 40], timeout=ctx.timeout):
        return False
    return True


def _as_tuple(t: type | tuple) -> tuple:
    return t if isinstance(t, tuple) else (t,)


def scope_span(ctx, hit: Hit, scope: str) -> tuple[int, int]:
    """The stretch of text an 'unless' exception is looked for in."""
    if scope == "post":
        return 0, len(ctx.text)
    if scope == "match":
        return hit.start, hit.end
    if scope == "window":
        return max(0, hit.start - 60), min(len(ctx.text), hit.end + 60)
    s, _ = ctx.sentence_of(hit.start)
    _, e = ctx.sentence_of(max(hit.start, hit.end - 1))
    return s, e
