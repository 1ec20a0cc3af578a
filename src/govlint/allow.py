"""Allow lists: find the text a config says is fine, and tell whether a span lies inside it.

Kinds and how they match:

- ``names``: case-insensitive, through accents and look-alike letters, any run
  of spaces or hyphens between parts; a title in the list entry (``Dr``) is
  optional in the text. A span that is the name plus a title or a possessive
  (``Dr Sarah Jones's``) counts as inside it.
- ``handles``: with or without the leading ``@``, case-insensitive.
- ``phones``: compared by digits, so ``0121 424 2000``, ``0121-424-2000``,
  ``+44 121 424 2000`` and ``+44 (0)121 4242000`` are the same number.
- ``phrases``: case-insensitive, whitespace, quotes and dashes normalised.

The engine's :class:`~govlint.analysis.PostContext` drops every identifier and
detector hit that :func:`covered` says lies inside allow-listed text, so an
allow-listed name never fires and an allow-listed hospital never counts as a
detail of a jigsaw identification. Detectors never see this module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from govlint import datafiles, normalise, rx
from govlint.lazyre import Later  # module patterns compiled on first use: most runs need few

_TITLES = r"(?:mr|mrs|ms|miss|mx|dr|doctor|prof|professor|sister|nurse|matron|sir|dame|lady|lord|rev|revd|cllr)"
_TITLE_HEAD = Later(rf"^(?:{_TITLES}\.?\s+)+", rx.IGNORECASE)
_FILLER_HEAD = Later(rf"(?:(?:{_TITLES}\.?|the|a|an|at|in|on|from)\s+)+", rx.IGNORECASE)
_EDGE_PUNCT = " \t\r\n.,;:!?()[]{}\"'“”‘’«»-–—@#"
_POSSESSIVE = Later(r"(?:['’]s|s['’])$", rx.IGNORECASE)
_APOS = "['’‘`´]"
_DASH = "[-‐‑‒–—]"
_PHONE_RUN = Later(r"(?<![\d+])(?:(?:\+|00)[ \t]*)?(?:\(0\)[ \t]*)?(?:\(\d+\)|\d)(?:[ \t.\-/]?(?:\(\d+\)|\d))+")
_GROUP = Later(r"\(\d+\)|\d+")


def _word_pattern(text: str) -> str:
    """A regex for ``text`` (already folded) with flexible whitespace, apostrophes and dashes."""
    out = []
    for ch in text:
        if ch in "'’‘`´":
            out.append(_APOS)
        elif ch in "-‐‑‒–—":
            out.append(_DASH)
        else:
            out.append(rx.escape(ch))
    return "".join(out)


def _bounded(body: str, first: str, last: str) -> str:
    lead = r"(?<![\p{L}\p{N}_])" if first.isalnum() else ""
    tail = r"(?![\p{L}\p{N}_])" if last.isalnum() else ""
    return f"{lead}{body}{tail}"


def _name_pattern(name: str) -> str | None:
    core = _TITLE_HEAD.sub("", name.strip()).strip()
    parts = [p for p in rx.split(r"[\s\-‐‑‒–—]+", normalise.fold(core).text) if p]
    if not parts:
        return None
    body = r"[\s\-‐‑‒–—]+".join(_word_pattern(p) for p in parts)
    return _bounded(f"(?:{_TITLES}\\.?\\s+)?{body}", parts[0][0], parts[-1][-1])


def _phrase_pattern(phrase: str) -> str | None:
    parts = normalise.fold(phrase).text.split()
    if not parts:
        return None
    return _bounded(r"\s+".join(_word_pattern(p) for p in parts), parts[0][0], parts[-1][-1])


def _handle_pattern(handle: str) -> str | None:
    h = handle.strip().lstrip("@")
    if not h:
        return None
    return rf"(?<![\w@.])@?{rx.escape(h)}(?![\w@]|\.\w)"


def phone_digits(text: str) -> str:
    """A UK-normalised digit string: '+44 (0)121 424 2000' -> '01214242000'."""
    t = text.strip()
    international = t.startswith("+") or t.startswith("00")
    digits = rx.sub(r"\(0\)", "", t)
    digits = "".join(c for c in digits if c.isdigit())
    if t.startswith("00"):
        digits = digits[2:]
    if international and digits.startswith("44"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    if international:
        return "+" + digits
    return digits


class AllowMatcher:
    """Compiled allow lists; :meth:`spans` finds allow-listed text in a post."""

    def __init__(self, allow) -> None:
        pats = [p for p in (*(_name_pattern(n) for n in allow.names), *(_phrase_pattern(p) for p in allow.phrases),
                            *(_handle_pattern(h) for h in allow.handles)) if p]
        # Longest first so that an alternation prefers 'Queen Elizabeth Hospital Birmingham' over its prefix.
        pats.sort(key=len, reverse=True)
        self._text = rx.compile("|".join(f"(?:{p})" for p in pats), rx.IGNORECASE) if pats else None
        self._phones = {phone_digits(p) for p in allow.phones if phone_digits(p)}

    def __bool__(self) -> bool:
        return self._text is not None or bool(self._phones)

    def spans(self, text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        if self._text is not None:
            view = normalise.fold(text)
            for m in self._text.finditer(view.text, overlapped=True):
                if m.end() > m.start():
                    out.append(view.span(m.start(), m.end()))
        if self._phones:
            out.extend(self._phone_spans(text))
        return out

    def _phone_spans(self, text: str) -> Iterable[tuple[int, int]]:
        for m in _PHONE_RUN.finditer(text):
            run = m.group()
            groups = [(g.start(), g.end()) for g in _GROUP.finditer(run)]
            # Any run of whole digit groups can be the number ('0121 424 2000 ext 5', '2000 12').
            i = 0
            while i < len(groups):
                for j in range(len(groups) - 1, i - 1, -1):
                    start = 0 if i == 0 else groups[i][0]  # the first group keeps a '+' or '00' prefix
                    if phone_digits(run[start:groups[j][1]]) in self._phones:
                        yield m.start() + start, m.start() + groups[j][1]
                        i = j
                        break
                i += 1


def merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, with overlapping or touching spans joined."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without edge punctuation, leading titles or articles ('Dr', 'the'), or a trailing possessive."""
    s, e = start, end
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    m = _FILLER_HEAD.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    pm = _POSSESSIVE.search(text, s, e)
    if pm and pm.start() > s:
        e = pm.start()
    while e > s and text[e - 1] in _EDGE_PUNCT:
        e -= 1
    return (s, e) if e > s else (start, end)


def covered(text: str, start: int, end: int, spans: tuple[tuple[int, int], ...], loose: bool = False) -> bool:
    """True when [start, end) lies inside allow-listed text (``spans`` from :func:`merge`).

    ``loose`` is for identifiers, whose edges the NER model often gets wrong
    ('Lovely Doris Wilson'): it also accepts a span that overlaps allow-listed
    text when every word outside it is filler (a title, an article, a lower-case
    word, or a capitalised sentence opener that is not a first name).
    Detector hits use the strict test, so a long jigsaw span that merely
    contains an allowed name is never dropped.
    """
    if not spans or end <= start:
        return False
    s, e = _core(text, start, end)
    if any(a <= s and e <= b for a, b in spans):
        return True
    if not loose:
        return False
    over = [(a, b) for a, b in spans if a < e and s < b]
    if not over:
        return False
    for m in _WORD.finditer(text, s, e):
        ws, we = m.span()
        pm = _POSSESSIVE.search(text, ws, we)
        if pm and pm.start() > ws:
            we = pm.start()
        if any(a <= ws and we <= b for a, b in over):
            continue
        if not _filler(text, ws, we):
            return False
    return True


_WORD = Later(r"[\p{L}\p{N}][\p{L}\p{N}'’_-]*")
_FILLERS = {"the", "a", "an", "at", "in", "on", "from", "and", "of", "to", "with", "by", "for"}


def _filler(text: str, ws: int, we: int) -> bool:
    word = text[ws:we]
    if word.lower() in _FILLERS or _TITLE_HEAD.match(word + " "):
        return True
    if word[0].isdigit():
        return False
    if word[0].islower():
        return True
    before = text[:ws].rstrip()
    opener = not before or before[-1] in ".!?:\n"
    return opener and word.lower() not in _first_names()


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    try:
        data = datafiles.read_text("data/first_names.txt")
    except OSError:
        return frozenset()
    return frozenset(n.strip().lower() for n in data.splitlines() if n.strip() and not n.startswith("#"))
