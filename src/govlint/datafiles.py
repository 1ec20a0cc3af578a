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
