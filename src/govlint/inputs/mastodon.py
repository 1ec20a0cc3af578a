"""A Mastodon export: ``outbox.json`` (alone, or inside the export's ``.zip`` / ``.tar.gz``).

The outbox is an ActivityPub ``OrderedCollection`` whose ``orderedItems`` are
``Create`` activities (the person's own posts: ``object.content`` is HTML,
``object.summary`` a content warning, ``object.attachment[].name`` image
descriptions — all published, all checked) and ``Announce`` activities
(boosts: someone else's words, counted and not checked). ``actor.json`` beside
it names the account. Replies to one's own posts form a thread.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Iterator
from urllib.parse import urlparse

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

NAME = "mastodon"
_ITEMS = fixed(r'"orderedItems"\s*:\s*(?=\[)')
_CONTENT = fixed(r'"content"\s*:\s*"')
_BLOCK = {"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}


class _Text(HTMLParser):
    """Visible text of a post's HTML: tags dropped, entities unescaped, paragraphs and <br> kept as line breaks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _newlines(self, n: int) -> None:
        text = "".join(self.out)
        have = len(text) - len(text.rstrip("\n"))
        if text and have < n:
            self.out.append("\n" * (n - have))

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self._newlines(1)
        elif tag in _BLOCK:
            self._newlines(2)

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self._newlines(2)

    def handle_data(self, data):
        self.out.append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [ln.rstrip() for ln in "".join(parser.out).split("\n")]
    return "\n".join(lines).strip()


def actor(text: str | None) -> Author | None:
    if not text:
        return None
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("preferredUsername"), str):
        return None
    host = urlparse(str(data.get("id") or data.get("url") or "")).hostname
    handle = "@" + data["preferredUsername"] + (f"@{host}" if host else "")
    name = data.get("name")
    return Author(name=name if isinstance(name, str) and name.strip() else None, handle=handle)


def _list(value) -> list:
    """ActivityPub allows one object where a list is expected."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def _from_actor_url(url) -> Author | None:
    """@name@host from an actor URL such as https://host/users/name (when actor.json is not at hand)."""
    if not isinstance(url, str):
        return None
    u = urlparse(url)
    m = rx.fullmatch(r"/(?:users/|@)([A-Za-z0-9_]+)/?", u.path or "")
    return Author(handle=f"@{m.group(1)}@{u.hostname}") if m and u.hostname else None


def _reply_handle(obj: dict, target: str) -> str:
    """The account a reply answers: the mention whose profile URL the target post sits under, else the URL."""
    for tag in _list(obj.get("tag")):
        if isinstance(tag, dict) and tag.get("type") == "Mention" and isinstance(tag.get("href"), str):
            if target.startswith(tag["href"].rstrip("/") + "/") and isinstance(tag.get("name"), str):
                return tag["name"]
    return target


def _body(obj: dict) -> str:
    parts = []
    if isinstance(obj.get("summary"), str) and obj["summary"].strip():
        parts.append(html_to_text(obj["summary"]))  # the content warning is shown first
    if isinstance(obj.get("content"), str):
        parts.append(html_to_text(obj["content"]))
    for att in _list(obj.get("attachment")):
        if isinstance(att, dict) and isinstance(att.get("name"), str) and att["name"].strip():
            parts.append(att["name"].strip())  # image descriptions are published too
    return "\n\n".join(p for p in parts if p)


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    name, text = source.name, source.text
    m = _ITEMS.search(text)
    if not m:
        yield InputError(name, "is not a Mastodon outbox: there is no \"orderedItems\" list in it")
        return
    owner = actor(source.sibling("actor.json"))
    index = LineIndex(text)
    found: list[tuple[tuple[int, int], int, dict, dict]] = []
    items = iter_json_array(text, m.end())
    n = 0
    while True:
        try:
            got = next(items, None)
        except JsonSyntax as exc:
            line, col = index.line_col(exc.pos)
            yield InputError(name, f"line {line}: not valid JSON ({exc.msg} at column {col}); the rest of the file was not read")
            break
        if got is None:
            break
        n += 1
        pos, end, item = got
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "Announce":
            options.skip("reposts")
            continue
        if kind != "Create":
            where = f"line {index.line_col(pos)[0]}: item {n}"
            yield InputError(name, f"{where}: expected a Create or Announce activity, found {kind or 'no type'}")
            continue
        obj = item.get("object")
        if not isinstance(obj, dict) or not isinstance(obj.get("content", ""), str):
            yield InputError(name, f"line {index.line_col(pos)[0]}: item {n}: a Create activity without a post object")
            continue
        c = _CONTENT.search(text, pos, end)
        item_line = index.line_col(pos)[0]
        found.append((index.line_col(c.end() if c else pos), item_line, item, obj))  # offsets in file order
    own = {str(obj.get("id")) for *_, obj in found if obj.get("id")}
    groups = reply_threads(
        found, lambda e: str(e[3].get("id")), lambda e: str(e[3].get("inReplyTo") or "") or None,
        lambda e: iso_date(e[3].get("published") or e[2].get("published")) or "")
    for rid, members in groups.items():
        for (line, col), item_line, item, obj in members:
            body = _body(obj)
            if not body:
                options.skip("posts without text")
                continue
            err = check_length(body, name, f"line {item_line}: item")
            if err:
                yield err
                continue
            url = str(obj.get("id") or item.get("id") or "")
            pid = url.rstrip("/").rsplit("/", 1)[-1] or f"line-{item_line}"
            target = obj.get("inReplyTo")
            meta = {"url": obj.get("url") or obj.get("id"), "activity": item.get("id")}
            if isinstance(target, str) and target:
                meta["in_reply_to_url"] = target
            if len(members) > 1:
                meta["thread"] = f"mastodon:{rid}"
            published = obj.get("published") or item.get("published")
            date = iso_date(published)
            if published and not date:
                meta["date_raw"] = str(published)
            author = owner or _from_actor_url(item.get("actor")) or defaults.author
            in_reply = None
            if isinstance(target, str) and target and target not in own:
                in_reply = _reply_handle(obj, target)
            yield Post(text=body, path=name, id=pid, author=author, in_reply_to=in_reply or defaults.in_reply_to,
                       platform="mastodon", profession=defaults.profession, date=date, line=line, column=col,
                       line_map=(line,) * (body.count("\n") + 1), meta=meta)
