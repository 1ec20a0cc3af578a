"""Thousands of literal names (a gazetteer) found in one pass over a text's words.

One regular expression alternating six thousand place names takes half a
second to compile and tries every name at every position. A
:class:`PhraseMatcher` indexes the names by their first word instead: it costs
a few milliseconds to build, and a post is scanned word by word with a
dictionary lookup and a ``startswith`` per candidate. The results are exactly
those of the alternation ``(?<![\\w])(?:names, longest first)(?![\\w'’-])``
(case-sensitive, leftmost, non-overlapping), optionally required to follow one
of a few words and a single whitespace character ('from Reading').
"""

from __future__ import annotations

from typing import Iterable, Iterator

import regex

from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)

_RUN = fixed(r"\w+")
_SPACE = fixed(r"\s")
_TAIL = fixed(r"[\w'’-]")


class PhraseMatcher:
    def __init__(self, names: Iterable[str], after: Iterable[str] = ()):
        """``names`` to find; with ``after``, a name counts only right after one of these words and one space."""
        by_first: dict[str, list[str]] = {}
        odd = False
        unique = {n for n in names if n}
        match = _RUN.match
        for name in unique:
            m = match(name)
            if m is None:
                odd = True  # a name not starting with a word character: use the plain alternation
                break
            first = m.group()
            group = by_first.get(first)
            if group is None:
                by_first[first] = [name]
            else:
                group.append(name)
        # Longest first, as the alternation tries them; equal lengths cannot both match at one place.
        for group in by_first.values():
            if len(group) > 1:
                group.sort(key=len, reverse=True)
        self._by_first = by_first
        self._after = frozenset(after)
        self._fallback = None
        if odd:
            alts = "|".join(regex.escape(n) for n in sorted(unique, key=len, reverse=True))
            lead = rf"(?:\b(?:{'|'.join(regex.escape(w) for w in sorted(self._after))})\s)" if self._after else ""
            self._fallback = regex.compile(rf"{lead}(?<![\w])(?P<name>{alts})(?![\w'’-])")

    def __bool__(self) -> bool:
        return bool(self._by_first) or self._fallback is not None

    def finditer(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(match start, name start, name end) for each name, left to right; the match includes the word before."""
        if self._fallback is not None:
            for m in self._fallback.finditer(text):
                yield (m.start(), *m.span("name"))
            return
        by_first, after = self._by_first, self._after
        runs = [(m.start(), m.end(), m.group()) for m in _RUN.finditer(text)]
        last_end = 0
        for i, (s, _, word) in enumerate(runs):
            candidates = by_first.get(word)
            if candidates is None:
                continue
            start = s
            if after:
                if i == 0:
                    continue
                ps, pe, pw = runs[i - 1]
                if pe != s - 1 or pw not in after or _SPACE.match(text, pe) is None:
                    continue
                start = ps
            if start < last_end:
                continue
            for name in candidates:
                end = s + len(name)
                if text.startswith(name, s) and (end >= len(text) or _TAIL.match(text, end) is None):
                    yield (start, s, end)
                    last_end = end
                    break
