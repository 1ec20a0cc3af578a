"""Which files a folder walk reads: include/exclude globs, hidden folders skipped, each file once.

A pattern without a slash matches a file or folder *name* (``*.md``,
``node_modules``); one with a slash matches the path relative to the folder
being walked (``drafts/archive/*``); a trailing slash matches folders only
(``.*/``: hidden folders). Matching ignores case. Files named on the command
line are always read, whatever the globs say.
"""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterable, Iterator

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.csv", "*.jsonl", "*.ndjson",
                   "tweets.js", "tweet.js", "tweets-part*.js", "outbox.json")
DEFAULT_EXCLUDE = (".*/", ".git/", ".venv/", "venv/", "node_modules/", "__pycache__/")


def _matches(patterns: Iterable[str], name: str, rel: str, is_dir: bool) -> bool:
    name, rel = name.lower(), rel.lower()
    for pat in patterns:
        p = pat.strip().lower()
        if not p:
            continue
        if p.endswith("/"):
            if not is_dir:
                continue
            p = p.rstrip("/")
        if "/" in p:
            if fnmatchcase(rel, p.lstrip("/")):
                return True
        elif fnmatchcase(name, p):
            return True
    return False


def walk(root: Path, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None) -> Iterator[Path]:
    """Files under ``root`` to read, sorted, each once (hard links and symlink loops included)."""
    include = tuple(DEFAULT_INCLUDE if include is None else include)
    exclude = tuple(DEFAULT_EXCLUDE if exclude is None else exclude)
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        relbase = here.relative_to(root).as_posix()
        relbase = "" if relbase == "." else relbase + "/"
        dirnames[:] = sorted(d for d in dirnames if not _matches(exclude, d, relbase + d, True))
        for f in sorted(filenames):
            rel = relbase + f
            if _matches(exclude, f, rel, False) or not _matches(include, f, rel, False):
                continue
            p = here / f
            try:
                st = p.stat()
            except OSError:
                yield p  # reported as unreadable when read
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                yield p
