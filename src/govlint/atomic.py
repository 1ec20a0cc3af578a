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


class Replacing:
    """A text file written bit by bit that replaces ``path`` in one rename when :meth:`commit` is called.

    Closed without :meth:`commit` (an error part-way), the temporary file is removed and ``path`` is untouched.
    Like :func:`write_text`, it keeps the file's permission bits and writes through a symlink to its target.
    """

    def __init__(self, path: str | os.PathLike, encoding: str = "utf-8"):
        target = Path(path)
        self.target = target.resolve() if target.is_symlink() else target
        try:
            self.mode = stat.S_IMODE(os.stat(self.target).st_mode)
        except FileNotFoundError:
            self.mode = _default_mode()
        import tempfile  # deferred, as in write_text

        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".govlint-tmp",
                                        dir=str(self.target.parent) or ".")
        self.file = os.fdopen(fd, "w", encoding=encoding, newline="")

    def write(self, text: str) -> None:
        self.file.write(text)

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.chmod(self.tmp, self.mode)
        os.replace(self.tmp, self.target)
        self.tmp = None

    def close(self) -> None:
        """Discard the temporary file unless committed."""
        if self.tmp is not None:
            self.file.close()
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None
