"""A LinkedIn export: ``Shares.csv`` (your posts) and ``Comments.csv`` (your comments), alone or in the export zip.

``Shares.csv`` has ``Date, ShareLink, ShareCommentary, SharedUrl, MediaUrl,
Visibility``; ``Comments.csv`` has ``Date, Link, Message``. LinkedIn writes
multi-line commentary as a quoted cell and, in many exports, wraps each line
of it in its own pair of quotes; those wrappers are removed. A share with no
commentary is a plain repost of someone else's post: counted, not checked.
``Profile.csv`` beside them names the author.
"""

from __future__ import annotations

from typing import Iterator

from govlint import rx
from govlint.errors import InputError
from govlint.inputs.base import Defaults, ReadOptions, Source
from govlint.inputs.csvfile import read_table, records, sniff_delimiter
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Author, Post

NAME = "linkedin"
SHARES = {"date": "date", "sharelink": "url", "sharedurl": "shared_url", "mediaurl": "media_url", "visibility": "visibility"}
COMMENTS = {"date": "date", "link": "in_reply_to"}
_WRAPPED = fixed(r'^"(.*)"$|^$')


def is_linkedin(header_line: str) -> bool:
    h = header_line.lower()
    return "sharecommentary" in h or rx.match(r'^\ufeff?"?date"?,"?link"?,"?message"?\s*$', h) is not None


def unwrap(text: str) -> str:
    """Remove LinkedIn's per-line quote wrappers when every line has them (and only then)."""
    lines = text.split("\n")
    if len(lines) > 1 and all(_WRAPPED.match(ln.rstrip("\r")) for ln in lines) and any(ln for ln in lines):
        return "\n".join(_WRAPPED.match(ln.rstrip("\r")).group(1) or "" for ln in lines)
    return text


def profile(text: str | None) -> Author | None:
    """The member's name from ``Profile.csv`` (First Name, Last Name)."""
    if not text:
        return None
    try:
        rows = list(records(text, sniff_delimiter(text)))
    except ValueError:
        return None
    if len(rows) < 2:
        return None
    head = [c.value.strip().lower() for c in rows[0].cells]
    vals = [c.value.strip() for c in rows[1].cells]
    get = {h: vals[i] for i, h in enumerate(head) if i < len(vals)}
    name = " ".join(p for p in (get.get("first name"), get.get("last name")) if p)
    return Author(name=name) if name else None


def read(source: Source, defaults: Defaults, options: ReadOptions) -> Iterator[Post | InputError]:
    first = source.text.split("\n", 1)[0].lower()
    owner = profile(source.sibling("Profile.csv"))
    if owner is not None:
        defaults = Defaults(author=Author(name=owner.name, handle=defaults.author.handle,
                                          organisation=defaults.author.organisation),
                            in_reply_to=defaults.in_reply_to, platform=defaults.platform, profession=defaults.profession)
    if "sharecommentary" in first:
        # a share with no commentary is a plain repost of someone else's post
        yield from read_table(source, defaults, options, text_col="ShareCommentary", columns=SHARES, platform="linkedin",
                              row_meta=lambda v: {"kind": "share"}, clean=unwrap, empty_reason="reposts")
    else:
        yield from read_table(source, defaults, options, text_col="Message", choices=("message",), columns=COMMENTS,
                              platform="linkedin", row_meta=lambda v: {"kind": "comment", "url": v.get("in_reply_to")})
