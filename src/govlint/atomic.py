"""Writing a user's file safely: a temporary file in the same folder, then one atomic rename.

If anything fails before the rename (a full disk, a crash, an interrupted
process), the original file is untouched and the temporary file is removed.
The new file keeps the original's permission bits.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    target = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _default_mode()  # a new file: what open() would have given it, not mkstemp's 0600
    import tempfile  # deferred: most runs write nothing

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".govlint-tmp", dir=str(target.parent) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """:func:`write_atomic` for text; through a symlink, the file it points at is replaced and the link kept."""
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    write_atomic(target, text.encode(encoding))
