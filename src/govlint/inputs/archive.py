"""Platform exports delivered as archives: the X zip, the Mastodon ``.zip``/``.tar.gz``, the LinkedIn zip.

Only the members that hold posts (and the account files that name their
author) are read, straight from the archive into memory: nothing is
extracted to disk. Archives are untrusted input, so reading is bounded: at
most :data:`MAX_ARCHIVE_BYTES` uncompressed in total, and a member that
expands more than :data:`MAX_RATIO` times (a "zip bomb") is refused before it
is decompressed. Posts inside are reported as ``export.zip/data/tweets.js``.
"""

from __future__ import annotations

import io
import posixpath
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import IO, Callable, Iterator

from govlint.errors import InputError
from govlint.inputs import linkedin, mastodon, x_archive
from govlint.inputs.base import ARCHIVE_SUFFIXES, MAX_ARCHIVE_BYTES, Defaults, ReadOptions, Source, decode
from govlint.model import Post

MAX_RATIO = 100  # uncompressed / compressed; text compresses ~5-10x, bombs ~1000x
MAX_MEMBERS = 500_000
_SMALL = 1_000_000  # members smaller than this are never called bombs, whatever their ratio
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


def is_archive(name: str, head: bytes) -> bool:
    return head.startswith((ZIP_MAGIC, GZIP_MAGIC)) or name.lower().endswith(ARCHIVE_SUFFIXES)


class _Budget:
    """Uncompressed bytes still allowed for this archive."""

    def __init__(self, limit: int | None = None):
        self.limit = self.left = MAX_ARCHIVE_BYTES if limit is None else limit

    def take(self, n: int, name: str) -> None:
        if n > self.left:
            raise InputError(name, f"holds more than {self.limit // 1_000_000} MB of posts to read; "
                                   "that is more than any real export (a damaged or malicious archive?)")
        self.left -= n


def _read_limited(fh: IO[bytes], limit: int, name: str, budget: _Budget) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise InputError(name, "expands to more than its declared size (a damaged or malicious archive?)")
        budget.take(len(chunk), name)
        chunks.append(chunk)


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: str, budget: _Budget) -> str:
    label = f"{archive}/{info.filename}"
    if info.flag_bits & 0x1:
        raise InputError(label, "is encrypted; export the archive again without a password")
    if info.file_size > budget.left:
        budget.take(info.file_size, label)
    if info.file_size > _SMALL and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(label, f"would expand {info.file_size // max(info.compress_size, 1):,} times "
                                f"({info.file_size / 1e6:,.0f} MB): refusing a likely zip bomb")
    try:
        with zf.open(info) as fh:
            data = _read_limited(fh, info.file_size, label, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise InputError(label, f"cannot be read from the archive ({exc})") from None
    return decode(data, label)


def _posts(members: dict[str, Callable[[], str]], archive: str, defaults: Defaults, options: ReadOptions,
           forced: str | None) -> Iterator[Post | InputError]:
    """Dispatch the export's post files, whichever platform made it."""

    def source(member: str) -> Source:
        label = f"{archive}/{member}"
        folder = posixpath.dirname(member)

        def sibling(fname: str) -> str | None:
            path = posixpath.join(folder, fname)
            if path not in members:
                return None
            try:
                return members[path]()
            except InputError:
                return None

        return Source(label, members[member](), sibling)

    def safely(member: str) -> Source | InputError:
        try:
            return source(member)
        except InputError as exc:
            return exc

    names = sorted(members)
    tweets = [n for n in names if x_archive.TWEET_FILES.search(n)]
    tweets.sort(key=lambda n: (not n.startswith("data/"), n))
    outbox = [n for n in names if posixpath.basename(n) == "outbox.json"]
    li = [n for n in names if posixpath.basename(n).lower() in ("shares.csv", "comments.csv")]
    wanted = {"x-archive": tweets, "mastodon": outbox, "linkedin": li}
    if forced in wanted:
        chosen = {forced: wanted[forced]}
    else:
        chosen = {k: v for k, v in wanted.items() if v}
    if not any(chosen.values()):
        what = {"x-archive": "data/tweets.js", "mastodon": "outbox.json", "linkedin": "Shares.csv"}
        need = what[forced] if forced in what else "data/tweets.js (X), outbox.json (Mastodon) or Shares.csv (LinkedIn)"
        yield InputError(archive, f"is an archive but not a platform export govlint knows: no {need} inside")
        return
    for kind, found in chosen.items():
        if kind == "x-archive":
            sources = []
            for m in found:
                got = safely(m)
                if isinstance(got, InputError):
                    yield got
                else:
                    sources.append(got)
            if sources:
                owner = x_archive.account(sources[0].sibling("account.js"))
                yield from x_archive.read_many(sources, defaults, options, owner)
            continue
        reader = mastodon.read if kind == "mastodon" else linkedin.read
        for m in found:
            got = safely(m)
            if isinstance(got, InputError):
                yield got
            else:
                yield from reader(got, defaults, options)


def read_zip(fileobj: IO[bytes] | Path, archive: str, defaults: Defaults, options: ReadOptions,
             forced: str | None = None) -> Iterator[Post | InputError]:
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield InputError(archive, f"is not a readable zip file ({exc})")
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            yield InputError(archive, f"has {len(infos):,} files in it; no real export has that many")
            return
        budget = _Budget()
        cache: dict[str, str] = {}

        def loader(info: zipfile.ZipInfo) -> Callable[[], str]:
            def load() -> str:
                if info.filename not in cache:
                    cache[info.filename] = _zip_member(zf, info, archive, budget)
                return cache[info.filename]
            return load

        members = {i.filename: loader(i) for i in infos if not i.is_dir()}
        yield from _posts(members, archive, defaults, options, forced)


class _Counting(io.RawIOBase):
    """A read-only stream that counts the (compressed) bytes read through it."""

    def __init__(self, raw: IO[bytes]):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.count += n
        return n


_WANTED_IN_TAR = {"outbox.json", "actor.json"}


def read_tar(fileobj: IO[bytes], archive: str, defaults: Defaults, options: ReadOptions,
             forced: str | None = None) -> Iterator[Post | InputError]:
    """An old-style Mastodon export (``.tar.gz``), read as a stream in one pass."""
    counting = _Counting(fileobj)
    budget = _Budget()
    found: dict[str, str] = {}
    try:
        with tarfile.open(fileobj=io.BufferedReader(counting), mode="r|*") as tf:
            n = 0
            for member in tf:
                n += 1
                if n > MAX_MEMBERS:
                    raise InputError(archive, f"has more than {MAX_MEMBERS:,} files in it; no real export has that many")
                expanded = member.offset_data + member.size
                if expanded > _SMALL and expanded > MAX_RATIO * max(counting.count, 1) + (64 << 20):
                    raise InputError(archive, f"would expand over {MAX_RATIO} times: refusing a likely archive bomb")
                base = posixpath.basename(member.name)
                if not member.isfile() or base not in _WANTED_IN_TAR:
                    continue
                label = f"{archive}/{member.name}"
                if member.size > budget.left:
                    budget.take(member.size, label)  # raises: over the limit
                fh = tf.extractfile(member)
                if fh is None:
                    continue
                found[member.name] = decode(_read_limited(fh, member.size, label, budget), label)
    except InputError as exc:
        yield exc
        return
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        yield InputError(archive, f"is not a readable tar archive ({exc})")
        return
    members = {k: (lambda v=v: v) for k, v in found.items()}
    yield from _posts(members, archive, defaults, options, forced or "mastodon")


def read_archive(path: Path | None, data: bytes | None, archive: str, defaults: Defaults, options: ReadOptions,
                 forced: str | None = None) -> Iterator[Post | InputError]:
    """A zip or tar export, from a file on disk (``path``) or from bytes (stdin)."""
    try:
        fh: IO[bytes] = open(path, "rb") if path is not None else io.BytesIO(data or b"")
    except OSError as exc:
        yield InputError(archive, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith(ZIP_MAGIC) or (archive.lower().endswith(".zip") and not head.startswith(GZIP_MAGIC)):
            yield from read_zip(fh, archive, defaults, options, forced)
        else:
            yield from read_tar(fh, archive, defaults, options, forced)
