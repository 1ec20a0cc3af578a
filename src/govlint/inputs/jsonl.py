"""``.jsonl``: one post per line, ``{"id", "text", "author", "in_reply_to", "platform", "profession", "date"}``.

Only ``text`` is required. The line number is reported as the post's line.
"""

from __future__ import annotations

import json
from typing import Iterator

from govlint.errors import InputError
from govlint.inputs.base import MAX_POST_CHARS, Defaults, ReadOptions, Source, meta_from
from govlint.model import Post

NAME = "jsonl"


def parse_jsonl(text: str, name: str, defaults: Defaults = Defaults()) -> Iterator[Post | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {n}"
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield InputError(name, f"{where}: not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield InputError(name, f"{where}: each line must be a JSON object with a 'text' string")
            continue
        if len(rec["text"]) > MAX_POST_CHARS:
            yield InputError(name, f"{where}: post is longer than {MAX_POST_CHARS:,} characters")
            continue
        try:
            meta = meta_from(rec, name, where, defaults)
        except InputError as exc:
            yield exc
            continue
        pid = rec.get("id", n)
        if not isinstance(pid, (str, int)) or isinstance(pid, bool):
            pid = str(pid)
        extra = {"record": n}
        if isinstance(rec.get("url"), str):
            extra["url"] = rec["url"]
        yield Post(text=rec["text"], path=name, id=pid, line=n, column=1, meta=extra, **meta)


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    yield from parse_jsonl(source.text, source.name, defaults)
