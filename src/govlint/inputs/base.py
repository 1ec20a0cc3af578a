"""What every input reader shares: limits, decoding, metadata, dates and positions.

A reader turns one :class:`Source` (decoded text plus a way to read files next
to it, e.g. an X archive's ``account.js``) into :class:`Post` objects, yielding
an :class:`InputError` for each bad item instead of raising, so one bad row or
tweet never stops the rest being checked.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from govlint.errors import InputError
from govlint.model import Author
from govlint.records import frozen, mutable

MAX_FILE_BYTES = 20_000_000  # a draft, a CSV or a JSONL file
MAX_ARCHIVE_BYTES = 500_000_000  # a platform export (tweets.js, outbox.json, a zip): total uncompressed bytes read
MAX_POST_CHARS = 100_000
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")  # here, not in .archive: telling needs no zip or tar code
FRONT_KEYS = {"author", "in_reply_to", "platform", "profession", "date", "govlint"}


@frozen
class Defaults:
    """Metadata given on the command line or in the config, used where a draft says nothing."""

    author: Author = Author()
    in_reply_to: str | None = None
    platform: str | None = None
    profession: str | None = None


@mutable
class InputStats:
    """What the readers passed over on purpose (reposts are not the author's words), for summaries."""

    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n


@frozen
class ReadOptions:
    """How to read: the CSV text column, the folder-walk globs, and a place to count skipped items."""

    text_column: str | None = None
    include: tuple[str, ...] | None = None  # None: the built-in defaults (see walk.py)
    exclude: tuple[str, ...] | None = None
    stats: InputStats | None = field(default=None, compare=False)

    def skip(self, reason: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.skip(reason, n)


@mutable
class Source:
    """One decoded input and how to reach its neighbours (``account.js`` beside ``tweets.js``)."""

    name: str
    text: str
    sibling: Callable[[str], str | None] = lambda _name: None


def decode(raw: bytes, name: str) -> str:
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


def check_file(path: Path) -> int:
    """The size of a regular, readable-looking file; InputError otherwise."""
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
    return st.st_size


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    name = str(path)
    size = check_file(path)
    if size > limit:
        raise InputError(name, f"is {size / 1e6:.0f} MB; files over {limit // 1_000_000} MB are not read "
                               "(split it, or use .jsonl for large archives)")
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None


def author_from(value: Any, name: str, where: str) -> Author:
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


def _organisational(profession: str) -> bool:
    from govlint.packs import is_organisation_profession  # (only posts that name a profession pay for it)

    return is_organisation_profession(profession)


def meta_from(data: Mapping, name: str, where: str, defaults: Defaults) -> dict:
    """Post metadata from a front-matter block or a JSONL record, falling back to the defaults."""
    for k in ("in_reply_to", "platform", "profession"):
        if data.get(k) is not None and not isinstance(data.get(k), str):
            raise InputError(name, f"{where}: '{k}' must be text")
    author = author_from(data.get("author"), name, where) if data.get("author") is not None else defaults.author
    raw = data.get("author")
    if (data.get("profession") and not author.organisation and not (isinstance(raw, Mapping) and "organisation" in raw)
            and _organisational(data["profession"])):
        # a post whose profession is an organisation's ('organisation', 'NHS trust', 'comms') is the account's
        author = Author(name=author.name, handle=author.handle, organisation=True)
    return {
        "author": author,
        "in_reply_to": data.get("in_reply_to") or defaults.in_reply_to,
        "platform": data.get("platform") or defaults.platform,
        "profession": data.get("profession") or defaults.profession,
        "date": iso_date(data.get("date")) or (str(data["date"]) if data.get("date") is not None else None),
    }


# Dates ----------------------------------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # X/Twitter archives: Wed Oct 10 20:19:24 +0000 2018
    "%Y-%m-%d %H:%M:%S %Z",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",  # UK scheduling tools
    "%d-%m-%Y %H:%M", "%d-%m-%Y", "%d.%m.%Y",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%d %b %Y %H:%M", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y",
)


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_X_DATE = re.compile(r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})")


def _x_date(s: str) -> str | None:
    """X's 'Wed Oct 10 20:19:24 +0000 2018' without strptime, which is slow over a large archive."""
    m = _X_DATE.fullmatch(s)
    if not m or m.group(1).lower() not in _MONTHS:
        return None
    mon, day, hh, mm, ss, sign, oh, om, year = m.groups()
    offset = (1 if sign == "+" else -1) * timedelta(hours=int(oh), minutes=int(om))
    try:
        return datetime(int(year), _MONTHS[mon.lower()], int(day), int(hh), int(mm), int(ss),
                        tzinfo=timezone(offset)).isoformat()
    except ValueError:
        return None


def iso_date(value: Any) -> str | None:
    """An ISO 8601 string for a date in any of the formats exports use, or None if it is not a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and 10**8 < value < 10**11:  # a Unix timestamp in seconds
        return datetime.fromtimestamp(value, tz=timezone.utc).isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if s[:1].isalpha() and (fast := _x_date(s)):
        return fast
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        return d.date().isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else d.isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            d = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return d.date().isoformat() if "%H" not in fmt else d.isoformat()
    return None


# Positions ------------------------------------------------------------------------------------------------------

class LineIndex:
    """1-based line and column of offsets in a text.

    Readers ask for offsets in increasing order, so a cursor that counts the
    newlines since the last answer (in C, via ``str.count``) makes a whole
    file cost one pass; asking for an earlier offset restarts the count.
    """

    def __init__(self, text: str):
        self.text = text
        self._offset, self._line = 0, 1

    def line_col(self, offset: int) -> tuple[int, int]:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self.text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


def check_length(text: str, name: str, where: str) -> InputError | None:
    if len(text) > MAX_POST_CHARS:
        return InputError(name, f"{where}: a post of {len(text):,} characters is far longer than any social-media post "
                                f"(limit {MAX_POST_CHARS:,}); split it")
    return None


# JSON arrays with positions -------------------------------------------------------------------------------------

class JsonSyntax(ValueError):
    def __init__(self, msg: str, pos: int):
        super().__init__(msg)
        self.msg, self.pos = msg, pos


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def iter_json_array(text: str, pos: int) -> Iterator[tuple[int, int, Any]]:
    """(start, end, value) of each element of the JSON array that starts at ``text[pos]``.

    Decoding element by element keeps each item's position (for line numbers)
    and lets the items before a syntax error still be checked. Raises
    :class:`JsonSyntax` with the offset of the first error.
    """
    pos = _WS.match(text, pos).end()
    if text[pos:pos + 1] != "[":
        raise JsonSyntax("expected a JSON array '['", pos)
    pos = _WS.match(text, pos + 1).end()
    if text[pos:pos + 1] == "]":
        return
    while True:
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise JsonSyntax(exc.msg, exc.pos) from None
        except RecursionError:
            raise JsonSyntax("nested too deeply", pos) from None
        yield pos, end, value
        pos = _WS.match(text, end).end()
        nxt = text[pos:pos + 1]
        if nxt == ",":
            pos = _WS.match(text, pos + 1).end()
            continue
        if nxt == "]":
            return
        raise JsonSyntax("expected ',' or ']' after an item", pos)


def reply_threads(items: list, item_id: Callable[[Any], str], reply_to: Callable[[Any], str | None],
                  sort_key: Callable[[Any], Any]) -> dict[str, list]:
    """The author's own posts grouped into threads: a reply to one of their own posts joins that post's thread.

    Returns ``{root id: [items in order]}``, in the order the threads began (a post that starts no
    thread is a group of one). Cycles in broken exports are cut.
    """
    own = {item_id(i) for i in items}
    parent = {}
    for i in items:
        p = reply_to(i)
        if p and p in own:
            parent[item_id(i)] = p

    def root(pid: str) -> str:
        seen = set()
        while pid in parent and pid not in seen:
            seen.add(pid)
            pid = parent[pid]
        return pid

    groups: dict[str, list] = {}
    for i in sorted(items, key=sort_key):
        groups.setdefault(root(item_id(i)), []).append(i)
    return groups
