"""Reading drafts safely: files, folders and stdin into :class:`Post` objects.

Formats: ``.txt`` and ``.md`` (optional YAML front matter with ``author``,
``in_reply_to``, ``platform``, ``profession``, ``date``; a line holding only
``---`` separates the posts of a thread) and ``.jsonl`` (one post per line).
Anything unreadable becomes an :class:`InputError` in the stream instead of an
exception, so one bad file never stops the others being checked.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import regex

from govlint import yamlio
from govlint.errors import InputError
from govlint.model import Author, Post

MAX_FILE_BYTES = 20_000_000
MAX_POST_CHARS = 100_000
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FRONT_KEYS = {"author", "in_reply_to", "platform", "profession", "date", "govlint"}
_FRONT = regex.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", regex.DOTALL)
_SEPARATOR = regex.compile(r"^---[ \t]*$", regex.MULTILINE)


@dataclass(frozen=True)
class Defaults:
    """Metadata given on the command line or in the config, used where a draft says nothing."""

    author: Author = Author()
    in_reply_to: str | None = None
    platform: str | None = None
    profession: str | None = None


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, "starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in raw[:8192]:
        raise InputError(name, "looks like a binary file (it contains NUL bytes), not a text draft")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (bad byte at position {exc.start}); save it as UTF-8 and try again") from None


def read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, "is not a regular file (a pipe, device or socket); pass its contents on stdin with '-'")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(name, f"is {st.st_size / 1e6:.0f} MB; drafts over {MAX_FILE_BYTES // 1_000_000} MB are not read "
                               "(split it, or use .jsonl for large archives)")
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None


def _author(value: Any, name: str, where: str) -> Author:
    if value is None:
        return Author()
    if isinstance(value, str):
        return Author(name=value)
    if not isinstance(value, Mapping):
        raise InputError(name, f"{where}: 'author' must be a mapping with name, handle and organisation")
    unknown = set(value) - {"name", "handle", "organisation"}
    if unknown:
        raise InputError(name, f"{where}: unknown author field '{sorted(unknown)[0]}' (use name, handle, organisation)")
    for k in ("name", "handle"):
        if value.get(k) is not None and not isinstance(value.get(k), str):
            raise InputError(name, f"{where}: author {k} must be text")
    org = value.get("organisation", False)
    if not isinstance(org, bool):
        raise InputError(name, f"{where}: author organisation must be true or false")
    return Author(name=value.get("name"), handle=value.get("handle"), organisation=org)


def _meta(data: Mapping, name: str, where: str, defaults: Defaults) -> dict:
    for k in ("in_reply_to", "platform", "profession"):
        if data.get(k) is not None and not isinstance(data.get(k), str):
            raise InputError(name, f"{where}: '{k}' must be text")
    author = _author(data.get("author"), name, where) if data.get("author") is not None else defaults.author
    date = data.get("date")
    return {
        "author": author,
        "in_reply_to": data.get("in_reply_to") or defaults.in_reply_to,
        "platform": data.get("platform") or defaults.platform,
        "profession": data.get("profession") or defaults.profession,
        "date": str(date) if date is not None else None,
    }


def parse_text(text: str, name: str, defaults: Defaults = Defaults()) -> list[Post]:
    """A .txt/.md draft: optional front matter, then one post or a thread split by '---' lines."""
    meta: dict = {}
    front: dict = {}
    body_start = 0
    m = _FRONT.match(text)
    if m:
        try:
            data = yamlio.load(m.group(1) or "")
        except yamlio.YamlError as exc:
            raise InputError(name, f"front matter line {(exc.line or 0) + 1}: {exc}") from None
        if data is not None and not isinstance(data, Mapping):
            raise InputError(name, "front matter must be a YAML mapping (key: value lines)")
        front = dict(data or {})
        body_start = m.end()
    meta = _meta(front, name, "front matter", defaults)
    meta_extra = {}
    if "govlint" in front:  # suppression directive: {ignore: [...], reason: ...}; the YAML starts on file line 2
        from govlint.policy import parse_directive

        key_line = getattr(data, "key_lines", {}).get("govlint")
        meta_extra["govlint"] = parse_directive(front["govlint"], name, key_line + 1 if key_line else None, offset=1)
    posts: list[Post] = []
    chunks: list[tuple[int, int]] = []
    pos = body_start
    for sep in _SEPARATOR.finditer(text, pos):
        chunks.append((pos, sep.start()))
        pos = sep.end()
    chunks.append((pos, len(text)))
    for start, end in chunks:
        raw = text[start:end]
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        s = start + lead
        body = text[s:s + len(stripped)]
        if len(body) > MAX_POST_CHARS:
            raise InputError(name, f"a post of {len(body):,} characters is far longer than any social-media post "
                                   f"(limit {MAX_POST_CHARS:,}); split it")
        line = text.count("\n", 0, s) + 1
        col = s - (text.rfind("\n", 0, s) + 1) + 1
        posts.append(Post(text=body, path=name, id=len(posts), line=line, column=col, meta=meta_extra, **meta))
    return posts


def parse_jsonl(text: str, name: str, defaults: Defaults = Defaults()) -> Iterator[Post | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield InputError(name, f"{where}: not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield InputError(name, f"{where}: each line must be a JSON object with a 'text' string")
            continue
        if len(rec["text"]) > MAX_POST_CHARS:
            yield InputError(name, f"{where}: post is longer than {MAX_POST_CHARS:,} characters")
            continue
        try:
            meta = _meta(rec, name, where, defaults)
        except InputError as exc:
            yield exc
            continue
        pid = rec.get("id", n)
        if not isinstance(pid, (str, int)) or isinstance(pid, bool):
            pid = str(pid)
        yield Post(text=rec["text"], path=name, id=pid, line=n, column=1, meta={"record": n}, **meta)


def _kind(path: Path, forced: str | None) -> str:
    if forced:
        return forced
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def posts_from_text(text: str, name: str, kind: str, defaults: Defaults) -> Iterator[Post | InputError]:
    if kind == "jsonl":
        yield from parse_jsonl(text, name, defaults)
        return
    try:
        posts = parse_text(text, name, defaults)
    except InputError as exc:
        yield exc
        return
    if not posts:
        yield InputError(name, "is empty: there is no draft text to check")
    yield from posts


def _walk(root: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in {"node_modules", "__pycache__"})
        for f in sorted(filenames):
            p = Path(dirpath) / f
            if p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                try:
                    st = p.stat()
                except OSError:
                    yield p  # reported as unreadable by read_bytes
                    continue
                if (st.st_dev, st.st_ino) not in seen:
                    seen.add((st.st_dev, st.st_ino))
                    yield p


def read_inputs(paths: Iterable[str], defaults: Defaults = Defaults(), input_format: str | None = None,
                stdin=None) -> Iterator[Post | InputError]:
    """Posts from every path ('-' is stdin), in order; problems are yielded, not raised."""
    for raw in paths:
        if raw == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read(MAX_FILE_BYTES + 1)
            except OSError as exc:  # pragma: no cover - rare
                yield InputError("<stdin>", f"cannot read ({exc})")
                continue
            if isinstance(data, str):
                data = data.encode("utf-8", "surrogateescape")
            if len(data) > MAX_FILE_BYTES:
                yield InputError("<stdin>", f"more than {MAX_FILE_BYTES // 1_000_000} MB on stdin")
                continue
            try:
                text = _decode(data, "<stdin>")
            except InputError as exc:
                yield exc
                continue
            yield from posts_from_text(text, "<stdin>", input_format or "text", defaults)
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield InputError(raw, f"cannot read ({exc.strerror or exc})")
            continue
        if is_dir:
            files = list(_walk(path))
            if not files:
                yield InputError(raw, "is a folder with no .txt, .md or .jsonl drafts in it")
            for f in files:
                yield from _read_file(f, defaults, input_format)
            continue
        yield from _read_file(path, defaults, input_format)


def _read_file(path: Path, defaults: Defaults, forced: str | None) -> Iterator[Post | InputError]:
    name = str(path)
    try:
        text = _decode(read_bytes(path), name)
    except InputError as exc:
        yield exc
        return
    yield from posts_from_text(text, name, _kind(path, forced), defaults)


def with_defaults(post: Post, defaults: Defaults) -> Post:
    """Fill metadata a post does not carry from the defaults."""
    return replace(post, author=post.author if post.author.known else defaults.author,
                   in_reply_to=post.in_reply_to or defaults.in_reply_to, platform=post.platform or defaults.platform,
                   profession=post.profession or defaults.profession)
