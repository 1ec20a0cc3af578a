"""Views of a post's text that undo common disguises, with offsets back to the original.

People dodge filters with look-alike letters (Cyrillic 'і' for 'i'), full-width
letters, zero-width characters, accents and combining marks, leetspeak
('id1ot'), spacing ('i d i o t') and stretched letters ('idiooot'). Detectors
match on a *view* and report positions in the original text through the view's
offset map, so what the user sees underlined is what they wrote.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain, repeat

from govlint import rx
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.records import frozen

_set = object.__setattr__  # how a frozen class's own __init__ sets its fields

# Letters from other scripts that render like Latin ones. NFKC does not fold
# these, so they are mapped explicitly (the common Cyrillic and Greek cases).
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ӏ": "l", "ү": "y", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin look-alikes
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e", "\u200f"}
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
_LEET_CHARS = frozenset(_LEET)

_SPACED = fixed(r"(?<![\w])(?:\p{L}[ .\-_*·]){2,}\p{L}(?![\w])")
_STRETCH = fixed(r"(\p{L})\1{2,}")
# Words after which a lone 'a' starting a spaced-out run is an article ('what a c l o w n').
_ARTICLE_BEFORE = fixed(
    r"(?<![\w])(?:is|was|what|such|are|be|were|s|re|like|call|called|calling|proper|right|real|total|complete|"
    r"absolute|utter|also|just|bit\s+of|such\s+a)\s+$")
_LEET_WORD = fixed(r"(?<![\w@$!|])[\p{L}0-9@$!|]*\p{L}[\p{L}0-9@$!|]*(?![\w@$!|])")
# The matches of _LEET_WORD that hold a leet character (the only ones deleet changes): a match is always a whole run
# of its characters, and the look-ahead only checks that run for one.
_LEET_ONLY = r"(?=[\p{L}0-9@$!|]*[013457@$!|])"
_LEET_HIT = fixed(r"(?<![\w@$!|])" + _LEET_ONLY + r"[\p{L}0-9@$!|]*\p{L}[\p{L}0-9@$!|]*(?![\w@$!|])")
_NOT_LEET_DIGITS = frozenset("2689")

# The same patterns for an ASCII text, in the standard library's engine (several times quicker on short texts). On
# ASCII, \p{L} is [A-Za-z] and \w is [A-Za-z0-9_] in both engines, and they match alike; none of these uses \s,
# where the engines differ on ASCII (\x1c-\x1f).
_SPACED_ASCII = re.compile(r"(?<![\w])(?:[A-Za-z][ .\-_*·]){2,}[A-Za-z](?![\w])")
_STRETCH_ASCII = re.compile(r"([A-Za-z])\1{2,}")
_LEET_HIT_ASCII = re.compile(r"(?<![\w@$!|])" + _LEET_ONLY.replace(r"\p{L}", "A-Za-z")
                             + r"[A-Za-z0-9@$!|]*[A-Za-z][A-Za-z0-9@$!|]*(?![\w@$!|])")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _INVISIBLE:
        return ""
    if ch in _CONFUSABLES:
        return _CONFUSABLES[ch]
    if ch.isascii():
        return ch
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(c):
            continue
        out.append(_CONFUSABLES.get(c, c))
    folded = unicodedata.normalize("NFKC", "".join(out))
    # Emoji and pictographs placed between letters are an evasion trick; treat
    # them as a space so 'idi🤡ot' stays two fragments but 'f🤬ck' style
    # masking is caught by the wildcard matching of lexicons.
    if folded and unicodedata.category(folded[0]) in ("So", "Sk", "Cs", "Co"):
        return "*"
    return folded


@frozen
class View:
    """A transformed copy of a text plus, for every character, its original index."""

    text: str
    origin: tuple[int, ...]  # len(text) + 1 entries; the last is the original length

    def __init__(self, text: str, origin: tuple[int, ...]):
        _set(self, "text", text)
        _set(self, "origin", origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of view[start:end].

        Characters the view dropped right after the span (a combining accent on its last letter, a
        zero-width joiner, the extra letters of 'idiottt') belong to it, so the underline covers them."""
        if end <= start:
            o = self.origin[start]
            return o, o
        return self.origin[start], max(self.origin[end - 1] + 1, self.origin[end])


def _build(pieces: list[tuple[str, int]], total: int) -> View:
    chars: list[str] = []
    origin: list[int] = []
    for s, o in pieces:
        for c in s:
            chars.append(c)
            origin.append(o)
    origin.append(total)
    return View("".join(chars), tuple(origin))


def identity(text: str) -> View:
    return View(text, tuple(range(len(text) + 1)))


def fold(text: str) -> View:
    """Unicode folding only: NFKC, look-alikes, invisibles and accents. Case kept."""
    if text.isascii():
        return identity(text)
    pieces = list(map(_fold_char, text))
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:  # one character for one: the identity map
        return View(folded, tuple(range(len(text) + 1)))
    # what _build makes of [(piece, i), ...]: each character of the i-th piece comes from index i
    return View(folded, (*chain.from_iterable(map(repeat, range(len(text)), map(len, pieces))), len(text)))


def _remap(view: View, new_text: str, new_origin: list[int]) -> View:
    new_origin.append(view.origin[-1])
    return View(new_text, tuple(new_origin))


def _sub_view(view: View, pattern: rx.Pattern, repl) -> View:
    """Apply a substitution on a view, keeping origins (each output char maps to its source)."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    text = view.text
    for m in pattern.finditer(text):
        out.append(text[pos:m.start()])
        origin.extend(view.origin[pos:m.start()])
        rep, rep_origin = repl(m)
        out.append(rep)
        origin.extend(rep_origin)
        pos = m.end()
    out.append(text[pos:])
    origin.extend(view.origin[pos:len(text)])
    return _remap(view, "".join(out), origin)


def lexical(text: str) -> View:
    """The view lexicons match on: folded, lower-cased, spacing and stretching undone.

    Leetspeak is handled separately (:func:`deleet`) because digits matter in
    most other places (doses, ages, numbers).
    """
    v = fold(text)
    lowered = v.text.lower()
    if len(lowered) != len(v.text):  # rare: casefolding changed length
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in v.text)
    v = View(lowered, v.origin)

    def collapse_spaced(m: rx.Match) -> tuple[str, list[int]]:
        letters = [(c, m.start() + i) for i, c in enumerate(m.group()) if c.isalpha()]
        if len(letters) > 3 and letters[0][0] == "a" and _ARTICLE_BEFORE.search(v.text, 0, m.start()):
            # 'is a c l o w n': the leading 'a' is the article, not the first letter
            rest = letters[1:]
            return "a " + "".join(c for c, _ in rest), [v.origin[letters[0][1]], v.origin[letters[1][1]]] + [v.origin[i] for _, i in rest]
        return "".join(c for c, _ in letters), [v.origin[i] for _, i in letters]

    ascii = v.text.isascii()
    spaced, stretch = (_SPACED_ASCII, _STRETCH_ASCII) if ascii else (_SPACED, _STRETCH)
    if spaced.search(v.text):
        v = _sub_view(v, spaced, collapse_spaced)
    if stretch.search(v.text):
        cur = v

        def squash(m: rx.Match) -> tuple[str, list[int]]:
            return m.group(1), [cur.origin[m.start()]]

        v = _sub_view(cur, stretch, squash)
    return v


def deleet(view: View) -> View:
    """Map leetspeak digits and symbols to letters inside words that contain letters.

    Conservative on purpose: '84yo', '4pm', '2nd', '@handle' and a word followed
    by '!' are left alone; 'id1ot', 'sh1t', 'a$$hole' and 'st00pid' are mapped.
    """
    text = view.text
    if _LEET_CHARS.isdisjoint(text):
        return view
    chars = list(text)
    # Only words holding a leet character can change ('84yo', 'id1ot'): the others are not visited.
    for m in (_LEET_HIT_ASCII if text.isascii() else _LEET_HIT).finditer(text):
        word = m.group()
        if not _NOT_LEET_DIGITS.isdisjoint(word):
            continue
        if sum(c.isalpha() for c in word) < 2:
            continue
        if word[0].isdigit() and word.lstrip("0123456789").isalpha() and len(word.lstrip("0123456789")) <= 3:
            continue  # a number with a unit: '4pm', '3am', '1st', '10mg'
        last = len(word) - 1
        for i, c in enumerate(word):
            if c not in _LEET:
                continue
            if (i == 0 or i == last) and c in "!|@$":
                continue  # sentence punctuation or a handle, not a letter
            chars[m.start() + i] = _LEET[c]
    return View("".join(chars), view.origin)
