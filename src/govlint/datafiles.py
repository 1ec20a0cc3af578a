"""Files shipped inside the package (``govlint/data/...``), read without importlib.resources where possible.

An ordinary install is a folder on disk: its files are read directly, which
spares every run importing the resource readers (and zipfile, tempfile...).
A package imported from somewhere else (a zip file, say) goes through
:mod:`importlib.resources`. Either way a missing file raises ``OSError``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def read_bytes(name: str) -> bytes:
    """``name`` relative to the package folder, e.g. ``data/uk_places.tsv``."""
    if _PACKAGE.is_dir():
        return (_PACKAGE / name).read_bytes()
    from importlib import resources

    return resources.files("govlint").joinpath(name).read_bytes()


def read_text(name: str) -> str:
    if _PACKAGE.is_dir():
        return (_PACKAGE / name).read_text(encoding="utf-8")
    from importlib import resources

    return resources.files("govlint").joinpath(name).read_text("utf-8")


def is_file(name: str) -> bool:
    if _PACKAGE.is_dir():
        return (_PACKAGE / name).is_file()
    from importlib import resources

    return resources.files("govlint").joinpath(name).is_file()


# The shipped indexes (gazetteer.idx, gates.idx, packs.snapshot, regex.idx) share one layout: the length of a
# marshalled header (HEAD bytes, little-endian), the header, then the body it describes.
HEAD = 8


def with_header(header: dict, body: bytes) -> bytes:
    import marshal

    head = marshal.dumps(header)
    return len(head).to_bytes(HEAD, "little") + head + body


def split_header(blob: bytes) -> tuple[object, memoryview]:
    """(header, body) of a file :func:`with_header` wrote; raises ValueError, EOFError or TypeError on junk."""
    import marshal

    size = int.from_bytes(blob[:HEAD], "little")
    return marshal.loads(blob[HEAD:HEAD + size]), memoryview(blob)[HEAD + size:]
