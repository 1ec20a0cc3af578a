"""Reading inputs safely: files, folders, archives and stdin into :class:`Post` objects.

One module per format, named once in :data:`READERS` and imported only when
used; each exposes ``read(source, defaults, options)``. The format comes from
the file name (and, for ``.csv``, its header), or from ``--input-format``.
Archives (``.zip``, ``.tar.gz``) are opened by :mod:`.archive`, which finds
the platform's post files inside. Anything unreadable becomes an
:class:`InputError` in the stream instead of an exception, so one bad file,
row or tweet never stops the others being checked.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Iterable, Iterator

from govlint.errors import InputError
from govlint.inputs.base import (
    ARCHIVE_SUFFIXES,
    MAX_ARCHIVE_BYTES,
    MAX_FILE_BYTES,
    Defaults,
    InputStats,
    ReadOptions,
    Source,
    check_file,
    decode,
    read_bytes,
)
from govlint.model import Post

# format name (as given to --input-format) -> module in this package
READERS = {
    "text": "text",
    "markdown": "markdown",
    "csv": "csvfile",
    "jsonl": "jsonl",
    "x-archive": "x_archive",
    "mastodon": "mastodon",
    "linkedin": "linkedin",
}
FORMATS = tuple(READERS)
DRAFT_FORMATS = {"text", "markdown"}  # single drafts: the smaller size limit applies
_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".csv": "csv", ".js": "x-archive", ".json": "mastodon"}

__all__ = ["FORMATS", "READERS", "Defaults", "InputStats", "ReadOptions", "Source", "detect", "read_inputs", "read_source"]


def detect(name: str, text: str) -> str:
    """The format of a decoded file, from its name and, where the name is not enough, its first line."""
    lower = name.lower()
    kind = next((k for s, k in _SUFFIXES.items() if lower.endswith(s)), None)
    if kind == "csv":
        from govlint.inputs.linkedin import is_linkedin

        return "linkedin" if is_linkedin(text.split("\n", 1)[0]) else "csv"
    if kind is None:
        from govlint.inputs.x_archive import looks_like

        return "x-archive" if looks_like(text) else "text"
    return kind


def read_source(source: Source, kind: str, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    reader = import_module(f"govlint.inputs.{READERS[kind]}").read
    yield from guarded(reader(source, defaults, options), source.name)


def guarded(items: Iterator[Post | InputError], name: str) -> Iterator[Post | InputError]:
    """A reader's items; a bug in a reader ends that file with an InputError instead of a traceback."""
    try:
        yield from items
    except (InputError, RecursionError, MemoryError) as exc:
        yield exc if isinstance(exc, InputError) else InputError(name, f"could not be read ({type(exc).__name__})")
    except Exception as exc:  # noqa: BLE001 - last line of defence for untrusted exports
        yield InputError(name, f"could not be read: unexpected {type(exc).__name__} ({exc}); "
                               "please report this with a description of the file")


def _disk_sibling(path: Path):
    def sibling(fname: str) -> str | None:
        p = path.parent / fname
        if not p.is_file():
            return None
        try:
            return decode(read_bytes(p, MAX_FILE_BYTES), str(p))
        except InputError:
            return None
    return sibling


def _is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _read_file(path: Path, defaults: Defaults, forced: str | None, options: ReadOptions) -> Iterator[Post | InputError]:
    name = str(path)
    if _is_archive_name(name):
        try:
            check_file(path)
        except InputError as exc:
            yield exc
            return
        from govlint.inputs.archive import read_archive

        yield from guarded(read_archive(path, None, name, defaults, options, forced), name)
        return
    guess = forced or next((k for s, k in _SUFFIXES.items() if name.lower().endswith(s)), "text")
    limit = MAX_FILE_BYTES if guess in DRAFT_FORMATS else MAX_ARCHIVE_BYTES
    try:
        raw = read_bytes(path, limit)
        if forced in ("x-archive", "mastodon", "linkedin") and raw.startswith((b"PK\x03\x04", b"\x1f\x8b")):
            from govlint.inputs.archive import read_archive

            yield from guarded(read_archive(path, None, name, defaults, options, forced), name)
            return
        text = decode(raw, name)
    except InputError as exc:
        yield exc
        return
    yield from read_source(Source(name, text, _disk_sibling(path)), forced or detect(name, text), defaults, options)


def _read_stdin(stream, defaults: Defaults, forced: str | None, options: ReadOptions) -> Iterator[Post | InputError]:
    name = "<stdin>"
    limit = MAX_FILE_BYTES if forced in (None, *DRAFT_FORMATS) else MAX_ARCHIVE_BYTES
    try:
        data = stream.read(limit + 1)
    except OSError as exc:  # pragma: no cover - rare
        yield InputError(name, f"cannot read ({exc})")
        return
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > limit:
        yield InputError(name, f"more than {limit // 1_000_000} MB on stdin")
        return
    if data.startswith((b"PK\x03\x04", b"\x1f\x8b")):
        from govlint.inputs.archive import read_archive

        yield from guarded(read_archive(None, data, name, defaults, options, forced), name)
        return
    try:
        text = decode(data, name)
    except InputError as exc:
        yield exc
        return
    kind = forced or ("x-archive" if detect(name, text) == "x-archive" else "text")
    yield from read_source(Source(name, text), kind, defaults, options)


def read_inputs(paths: Iterable[str], defaults: Defaults = Defaults(), input_format: str | None = None,
                stdin=None, *, options: ReadOptions | None = None) -> Iterator[Post | InputError]:
    """Posts from every path ('-' is stdin), in order; problems are yielded, not raised."""
    from govlint.inputs.walk import DEFAULT_INCLUDE, walk

    options = options or ReadOptions()
    if input_format is not None and input_format not in READERS:
        raise ValueError(f"unknown input format {input_format!r} (known: {', '.join(FORMATS)})")
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, defaults, input_format, options)
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield InputError(raw, f"cannot read ({exc.strerror or exc})")
            continue
        if not is_dir:
            yield from _read_file(path, defaults, input_format, options)
            continue
        files = list(walk(path, options.include, options.exclude))
        if not files:
            globs = ", ".join(options.include if options.include is not None else DEFAULT_INCLUDE)
            yield InputError(raw, f"is a folder with no drafts in it (looked for {globs})")
        for f in files:
            yield from _read_file(f, defaults, input_format, options)
