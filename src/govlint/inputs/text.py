"""``.txt`` drafts: optional YAML front matter, then one post or a thread.

A line holding only ``---`` separates the posts of a thread. The posts of a
thread carry ``meta['thread']`` so the linter can also check the thread as a
whole (see :mod:`govlint.threads`).
"""

from __future__ import annotations

from typing import Iterator, Mapping

from govlint import rx, yamlio
from govlint.errors import InputError
from govlint.inputs.base import MAX_POST_CHARS, Defaults, LineIndex, ReadOptions, Source, meta_from
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Post

NAME = "text"
_FRONT = fixed(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", rx.DOTALL)
_SEPARATOR = fixed(r"^---[ \t]*\r?$", rx.MULTILINE)


def front_matter(text: str, name: str) -> tuple[dict, int]:
    """The front-matter mapping and the offset where the body starts (0 when there is none)."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    try:
        data = yamlio.load(m.group(1) or "")
    except yamlio.YamlError as exc:
        raise InputError(name, f"front matter line {(exc.line or 0) + 1}: {exc}") from None
    if data is not None and not isinstance(data, Mapping):
        raise InputError(name, "front matter must be a YAML mapping (key: value lines)")
    return (data if data else {}), m.end()  # a yamlio.LineDict: keeps each key's line


def parse_text(text: str, name: str, defaults: Defaults = Defaults(), body: str | None = None) -> list[Post]:
    """A draft: optional front matter, then one post or a thread split by '---' lines.

    ``body`` is the same text with parts that are not published (Markdown code,
    link targets) blanked to spaces; offsets, and so positions, are unchanged.
    """
    front, body_start = front_matter(text, name)
    body = text if body is None else body
    meta = meta_from(front, name, "front matter", defaults)
    extra = {}
    if "govlint" in front:  # suppression directive {ignore: [...], reason: ...}; the YAML starts on file line 2
        from govlint.policy import parse_directive

        key_line = getattr(front, "key_lines", {}).get("govlint")
        extra["govlint"] = parse_directive(front["govlint"], name, key_line + 1 if key_line else None, offset=1)
    chunks: list[tuple[int, int]] = []
    pos = body_start
    for sep in _SEPARATOR.finditer(body, pos):
        chunks.append((pos, sep.start()))
        pos = sep.end()
    chunks.append((pos, len(body)))
    index = LineIndex(text)
    spans = []
    for start, end in chunks:
        raw = body[start:end]
        stripped = raw.strip()
        if not stripped:
            continue
        s = start + len(raw) - len(raw.lstrip())
        if len(stripped) > MAX_POST_CHARS:
            raise InputError(name, f"a post of {len(stripped):,} characters is far longer than any social-media post "
                                   f"(limit {MAX_POST_CHARS:,}); split it")
        spans.append((s, s + len(stripped)))
    posts: list[Post] = []
    thread = len(spans) > 1
    for s, e in spans:
        line, col = index.line_col(s)
        m = {**extra, "thread": name} if thread else dict(extra)
        posts.append(Post(text=body[s:e], path=name, id=len(posts), line=line, column=col, meta=m, **meta))
    return posts


def posts_or_error(text: str, name: str, defaults: Defaults, body: str | None = None) -> Iterator[Post | InputError]:
    try:
        posts = parse_text(text, name, defaults, body)
    except InputError as exc:
        yield exc
        return
    if not posts:
        yield InputError(name, "is empty: there is no draft text to check")
    yield from posts


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    yield from posts_or_error(source.text, source.name, defaults)
