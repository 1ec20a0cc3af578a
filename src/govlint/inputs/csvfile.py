"""``.csv``: a scheduling tool's export, one post per row.

The text is the column named by ``--text-column`` or else the first column
called text, message, post or content (any case). Columns such as date,
author, handle, in_reply_to/reply_to, platform, profession and id fill the
post's metadata. Comma, semicolon and tab delimiters are recognised from the
header; a byte-order mark is ignored.

The tokenizer is our own (RFC 4180 plus common leniency) because it must know
where each cell starts: a finding in row 12 points at the line and column of
its text in the file even when earlier cells hold quoted line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from govlint import rx
from govlint.errors import InputError
from govlint.inputs.base import Defaults, LineIndex, ReadOptions, Source, check_length, iso_date
from govlint.model import Author, Post

NAME = "csv"
TEXT_COLUMNS = ("text", "message", "post", "content")
# normalised header name -> metadata field
META_COLUMNS = {
    "date": "date", "datetime": "date", "scheduled": "date", "scheduled_at": "date", "scheduled_for": "date",
    "scheduled_date": "date", "publish_date": "date", "published": "date", "published_at": "date", "created_at": "date",
    "author": "author", "author_name": "author", "name": "author",
    "handle": "handle", "author_handle": "handle", "username": "handle", "account": "handle",
    "in_reply_to": "in_reply_to", "reply_to": "in_reply_to",
    "platform": "platform", "network": "platform", "channel": "platform",
    "profession": "profession",
    "id": "id", "post_id": "id",
    "url": "url", "link": "url",
}

_POST_FIELDS = {"date", "author", "handle", "in_reply_to", "platform", "profession", "id"}


@dataclass(frozen=True)
class Cell:
    value: str
    offset: int  # where the value starts in the file text (after an opening quote)


@dataclass(frozen=True)
class Record:
    cells: list[Cell]
    offset: int  # where the record starts


class CsvSyntax(ValueError):
    def __init__(self, msg: str, offset: int):
        super().__init__(msg)
        self.msg, self.offset = msg, offset


def sniff_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) used most in the header line, outside quotes."""
    header = []
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            break
        elif not quoted:
            header.append(ch)
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(text: str, delimiter: str = ",") -> Iterator[Record]:
    """Each record with its cells' offsets; raises :class:`CsvSyntax` at the first unrecoverable error."""
    d = rx.escape(delimiter)
    quoted = rx.compile(r'"([^"]*(?:""[^"]*)*)"')
    plain = rx.compile(rf'[^{d}\r\n]*')
    pos, n = 0, len(text)
    while pos < n:
        start = pos
        cells: list[Cell] = []
        while True:
            if text.startswith('"', pos):
                m = quoted.match(text, pos)
                if not m:
                    raise CsvSyntax("a quoted field is never closed (a missing '\"')", pos)
                cells.append(Cell(m.group(1).replace('""', '"'), pos + 1))
                pos = m.end()
                if pos < n and text[pos] not in delimiter + "\r\n":
                    raise CsvSyntax("unexpected text after a closing quote (write a quote inside a quoted field as \"\")", pos)
            else:
                m = plain.match(text, pos)
                cells.append(Cell(m.group(), pos))
                pos = m.end()
            if pos < n and text[pos] == delimiter:
                pos += 1
                continue
            break
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n and text[pos] in "\r\n":
            pos += 1
        if len(cells) == 1 and not cells[0].value and not text[start:pos].strip():
            continue  # blank line
        yield Record(cells, start)


def _norm(header: str) -> str:
    return rx.sub(r"[\s\-]+", "_", header.strip().lower())


def text_column(headers: list[str], wanted: str | None, name: str, choices=TEXT_COLUMNS, hint: str = "--text-column") -> int:
    normalised = [h.strip().lower() for h in headers]
    listed = ", ".join(repr(h.strip()) for h in headers) or "none"
    if wanted:
        w = wanted.strip().lower()
        if w in normalised:
            return normalised.index(w)
        raise InputError(name, f"has no column {wanted!r} (its columns are {listed})")
    for i, h in enumerate(normalised):
        if h in choices:
            return i
    raise InputError(name, f"has no text column: none of its columns ({listed}) is called "
                           f"{', '.join(choices[:-1])} or {choices[-1]}; name the column with {hint} COLUMN")


def read_table(source: Source, defaults: Defaults, options: ReadOptions, *, text_col: str | None = None,
               choices=TEXT_COLUMNS, columns: dict[str, str] | None = None, platform: str | None = None,
               row_meta=None, clean=None, empty_reason: str = "rows without text") -> Iterator[Post | InputError]:
    """Posts from a table; shared by the generic CSV and the LinkedIn readers.

    ``columns`` maps header names (any case) to metadata fields; by default
    :data:`META_COLUMNS` applies. ``row_meta(values) -> dict`` adds
    reader-specific metadata; ``clean(text) -> text`` undoes an exporter's
    quirks in the text cell (it should keep line breaks where they are).
    """
    name, text = source.name, source.text
    delimiter = sniff_delimiter(text)
    index = LineIndex(text)
    rows = records(text, delimiter)
    try:
        header = next(rows, None)
    except CsvSyntax as exc:
        yield InputError(name, f"line {index.line_col(exc.offset)[0]}: {exc.msg}")
        return
    if header is None:
        yield InputError(name, "is empty: there is no header row and no posts")
        return
    headers = [c.value for c in header.cells]
    try:
        ti = text_column(headers, text_col or options.text_column, name, choices)
    except InputError as exc:
        yield exc
        return
    colmap = {k.lower(): v for k, v in (columns or META_COLUMNS).items()}
    fields: dict[str, int] = {}
    for i, h in enumerate(headers):
        f = colmap.get(_norm(h)) or colmap.get(h.strip().lower())
        if f and f not in fields and i != ti:
            fields[f] = i
    row = 0
    while True:
        try:
            rec = next(rows, None)
        except CsvSyntax as exc:
            line = index.line_col(exc.offset)[0]
            yield InputError(name, f"line {line}: {exc.msg}; the rest of the file was not read")
            return
        if rec is None:
            break
        row += 1
        line = index.line_col(rec.offset)[0]
        where = f"line {line} (row {row})"
        if ti >= len(rec.cells):
            yield InputError(name, f"{where}: the row has {len(rec.cells)} field(s) but the text is in column "
                                   f"{ti + 1} ({headers[ti]!r})")
            continue
        cell = rec.cells[ti]
        if not cell.value.strip():
            options.skip(empty_reason)
            continue
        values = {f: rec.cells[i].value.strip() for f, i in fields.items() if i < len(rec.cells) and rec.cells[i].value.strip()}
        extra = dict(row_meta(values)) if row_meta else {}
        lead = len(cell.value) - len(cell.value.lstrip())
        body = (clean(cell.value) if clean else cell.value).strip()
        err = check_length(body, name, where)
        if err:
            yield err
            continue
        tline, tcol = index.line_col(cell.offset + lead)
        author = defaults.author
        if values.get("author") or values.get("handle"):
            author = Author(name=values.get("author") or author.name, handle=values.get("handle") or author.handle,
                            organisation=author.organisation)
        date_raw = values.get("date")
        meta = {"row": row, "record_line": line, **extra}
        for k, v in values.items():  # url, visibility, ...: kept for reports
            if k not in _POST_FIELDS:
                meta.setdefault(k, v)
        date = iso_date(date_raw)
        if date_raw and not date:
            meta["date_raw"] = date_raw
        pid = values.get("id") or row
        yield Post(text=body, path=name, id=pid, author=author,
                   in_reply_to=values.get("in_reply_to") or defaults.in_reply_to,
                   platform=values.get("platform") or platform or defaults.platform,
                   profession=values.get("profession") or defaults.profession, date=date,
                   line=tline, column=tcol, meta=meta)
    if row == 0:
        yield InputError(name, "has a header row but no posts")


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    yield from read_table(source, defaults, options)
