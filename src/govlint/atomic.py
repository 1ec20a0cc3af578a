"""Write a user's file atomically: a temporary file in the same folder, then ``os.replace``.

A crash or a full disk mid-write leaves the old file untouched (and no stray
temporary file). An existing file keeps its permission bits; a new one gets
the usual mode for new files (0666 less the umask).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    target = Path(path)
    if target.is_symlink():  # replace what the link points at, keep the link
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
