"""``.md`` drafts: like ``.txt``, but what a reader never sees is not checked.

Fenced and indented code blocks, HTML comments, link and image targets
(``[text](https://...)``) and reference definitions (``[id]: https://...``)
are blanked to spaces before checking. Blanking keeps every offset, so
reported lines and columns still point into the original file. Link *text*
and autolinks (``<https://...>``) are shown to readers and are still checked.
"""

from __future__ import annotations

from typing import Iterator

from govlint import rx
from govlint.errors import InputError
from govlint.inputs.base import Defaults, ReadOptions, Source
from govlint.inputs.text import front_matter, posts_or_error
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Post

NAME = "markdown"
_FENCE = fixed(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$")
_LIST_ITEM = fixed(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = fixed(r"^(?: {4}|\t)")
_COMMENT = fixed(r"<!--.*?(?:-->|\Z)", rx.DOTALL)
# ](target "title") of an inline link or image: the target may hold balanced parentheses.
_LINK_TARGET = fixed(
    r"\]\((?P<t>\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*)\)")
_REF_DEF = fixed(r"^ {0,3}\[(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*(?:<[^<>\n]*>|\S+)"
                         r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$", rx.MULTILINE)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start``, end excluding the newline."""
    out = []
    pos = start
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        out.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _code_blocks(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of fenced and indented code blocks in ``text[start:]`` (CommonMark's rules, simplified for drafts)."""
    spans = []
    fence: tuple[str, int, int] | None = None  # (char, length, start offset)
    indented_from: int | None = None
    prev_blank, in_list = True, False
    for s, e in _lines(text, start):
        line = text[s:e].rstrip("\r")
        blank = not line.strip()
        if fence is not None:
            ch, n, fs = fence
            close = rx.match(r"^ {0,3}(`+|~+)[ \t]*$", line)
            if close and close.group(1)[0] == ch and len(close.group(1)) >= n:
                spans.append((fs, e))
                fence = None
            prev_blank = False
            continue
        if indented_from is not None:
            if blank or _INDENTED.match(line):
                continue
            spans.append((indented_from, s))
            indented_from = None
        m = _FENCE.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence = (m.group(1)[0], len(m.group(1)), s)
            prev_blank = False
            continue
        if _INDENTED.match(line) and not blank and prev_blank and not in_list:
            indented_from = s
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and not _INDENTED.match(line):
            in_list = False
        prev_blank = blank
    if fence is not None:  # an unclosed fence runs to the end of the document
        spans.append((fence[2], len(text)))
    if indented_from is not None:
        spans.append((indented_from, len(text)))
    return spans


def hidden_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of ``text[start:]`` a reader of the rendered post never sees."""
    chars = list(text)
    spans = _code_blocks(text, start)
    for s, e in spans:
        _blank(chars, s, e)
    rest = "".join(chars)
    for rx in (_COMMENT, _REF_DEF):
        for m in rx.finditer(rest, start):
            spans.append(m.span())
    for m in _LINK_TARGET.finditer(rest, start):
        spans.append(m.span("t"))
    return sorted(spans)


def blank_hidden(text: str, start: int = 0) -> str:
    """``text`` with code blocks, comments and link targets after ``start`` replaced by spaces (same length)."""
    chars = list(text)
    for s, e in hidden_spans(text, start):
        _blank(chars, s, e)
    return "".join(chars)


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    try:
        _, body_start = front_matter(source.text, source.name)
    except InputError as exc:
        yield exc
        return
    yield from posts_or_error(source.text, source.name, defaults, blank_hidden(source.text, body_start))
