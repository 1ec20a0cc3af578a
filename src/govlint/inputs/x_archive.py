"""An X/Twitter data archive: ``tweets.js`` (also ``tweet.js``, ``tweets-part1.js``) or the archive's zip.

The files are JavaScript assignments, ``window.YTD.tweets.part0 = [...]``, of
items ``{"tweet": {"id_str", "full_text", "created_at", "in_reply_to_screen_name",
"in_reply_to_status_id_str", ...}}`` (early archives drop the ``tweet`` wrapper).
``account.js`` beside them gives the username and display name. Retweets
(``RT @…``) are someone else's words: they are counted, not checked. A chain of
replies to one's own tweets is a thread: its posts are kept together, oldest
first, so the thread can also be checked as a whole.
"""

from __future__ import annotations

import html
from typing import Iterable, Iterator

from govlint import rx
from govlint.errors import InputError
from govlint.inputs.base import (
    Defaults,
    JsonSyntax,
    LineIndex,
    ReadOptions,
    Source,
    check_length,
    iso_date,
    iter_json_array,
    reply_threads,
)
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Author, Post

NAME = "x-archive"
PREFIX = fixed(r"\A\s*window\.YTD\.(\w+)\.part(\d+)\s*=\s*")
_TEXT_KEY = {key: fixed(rf'"{key}"\s*:\s*"') for key in ("full_text", "text")}
TWEET_FILES = fixed(r"(?:^|/)(?:tweets?|tweets?-part\d+)\.js$", rx.IGNORECASE)


def looks_like(text: str) -> bool:
    return bool(PREFIX.match(text[:200]))


def account(text: str | None) -> Author | None:
    """The account owner from ``account.js`` (None if absent or unreadable: the author is then unknown)."""
    if not text:
        return None
    m = PREFIX.match(text)
    try:
        items = [v for _, _, v in iter_json_array(text, m.end() if m else 0)]
    except JsonSyntax:
        return None
    for item in items:
        acc = item.get("account") if isinstance(item, dict) else None
        if isinstance(acc, dict) and isinstance(acc.get("username"), str):
            name = acc.get("accountDisplayName") or acc.get("displayName")
            return Author(name=name if isinstance(name, str) else None, handle="@" + acc["username"])
    return None


def _tweets(source: Source, options: ReadOptions) -> Iterator[tuple[dict, int, int] | InputError]:
    """(tweet, line, column of its text) for each item of one file."""
    name, text = source.name, source.text
    m = PREFIX.match(text)
    if not m:
        yield InputError(name, "is not an X archive file: it should start with 'window.YTD.tweets.part0 = ['")
        return
    if m.group(1) not in ("tweets", "tweet"):
        yield InputError(name, f"holds X archive data of type '{m.group(1)}', not tweets")
        return
    index = LineIndex(text)
    items = iter_json_array(text, m.end())
    n = 0
    while True:
        try:
            got = next(items, None)
        except JsonSyntax as exc:
            line, col = index.line_col(exc.pos)
            yield InputError(name, f"line {line}: not valid JSON ({exc.msg} at column {col}); "
                                   f"the rest of the file was not read")
            return
        if got is None:
            return
        n += 1
        pos, end, item = got
        line = index.line_col(pos)[0]
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        text_ok = isinstance(tweet, dict) and isinstance(tweet.get("full_text", tweet.get("text")), str)
        if not text_ok or not isinstance(tweet.get("id_str", tweet.get("id")), (str, int)):
            yield InputError(name, f"line {line}: item {n}: not a tweet (expected {{\"tweet\": {{\"id_str\": ..., "
                                   f"\"full_text\": ...}}}})")
            continue
        t = _TEXT_KEY["full_text" if "full_text" in tweet else "text"].search(text, pos, end)
        tline, tcol = index.line_col(t.end()) if t else (line, 1)
        yield tweet, tline, tcol


def _post(tweet: dict, name: str, line: int, col: int, owner: Author | None, defaults: Defaults,
          own_ids: set[str], thread: str | None) -> Post | InputError:
    tid = str(tweet.get("id_str", tweet.get("id")))
    body = html.unescape(tweet.get("full_text", tweet.get("text")))  # archives keep &amp; &lt; &gt; escaped
    err = check_length(body, name, f"line {line}: tweet {tid}")
    if err:
        return err
    parent = tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id")
    parent = str(parent) if parent else None
    reply_to = tweet.get("in_reply_to_screen_name")
    self_reply = parent in own_ids or bool(owner and owner.handle and reply_to
                                          and owner.handle.lstrip("@").lower() == str(reply_to).lower())
    author = owner or defaults.author
    handle = (owner.handle or "").lstrip("@") if owner else ""
    meta = {"tweet_id": tid, "url": f"https://x.com/{handle or 'i/web'}/status/{tid}"}
    if parent:
        meta["in_reply_to_status_id"] = parent
    if thread:
        meta["thread"] = thread
    raw_date = tweet.get("created_at")
    date = iso_date(raw_date)
    if raw_date and not date:
        meta["date_raw"] = str(raw_date)
    return Post(text=body, path=name, id=tid, author=author,
                in_reply_to=None if self_reply else (f"@{reply_to}" if reply_to else defaults.in_reply_to),
                platform="x", profession=defaults.profession, date=date,
                line=line, column=col, line_map=(line,) * (body.count("\n") + 1), meta=meta)


def _sort_key(tweet: dict) -> tuple:
    tid = str(tweet.get("id_str", tweet.get("id")))
    # tweet ids grow with time (snowflakes), so they order tweets even without a parseable date
    return (int(tid) if tid.isdigit() else 0, tid)


def read_many(sources: Iterable[Source], defaults: Defaults, options: ReadOptions,
              owner: Author | None = None) -> Iterator[Post | InputError]:
    """Posts from the tweet files of one archive, oldest first, threads kept together."""
    found: list[tuple[dict, str, int, int]] = []
    for source in sources:
        if owner is None:
            owner = account(source.sibling("account.js"))
        for got in _tweets(source, options):
            if isinstance(got, InputError):
                yield got
                continue
            tweet, line, col = got
            if str(tweet.get("full_text", tweet.get("text"))).startswith("RT @"):
                options.skip("reposts")
                continue
            found.append((tweet, source.name, line, col))
    own_ids = {str(t.get("id_str", t.get("id"))) for t, *_ in found}
    groups = reply_threads(
        found, lambda x: str(x[0].get("id_str", x[0].get("id"))),
        lambda x: str(x[0].get("in_reply_to_status_id_str") or x[0].get("in_reply_to_status_id") or "") or None,
        lambda x: _sort_key(x[0]))
    for rid, members in groups.items():  # dicts keep insertion order: threads appear where they began
        thread = f"x:{rid}" if len(members) > 1 else None
        for tweet, name, line, col in members:
            yield _post(tweet, name, line, col, owner, defaults, own_ids, thread)


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    yield from read_many([source], defaults, options)
