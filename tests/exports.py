"""Small synthetic platform exports, written in the shape the platforms use (made in each test, never real data)."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

NHS = "943 476 5919"  # a made-up number with a valid check digit


def tweet(tid: str, text: str, when: str, reply_to: str | None = None, reply_status: str | None = None) -> dict:
    t = {"edit_info": {"initial": {"editTweetIds": [tid]}}, "retweeted": False, "source": "<a href=\"x\">web</a>",
         "entities": {"hashtags": [{"text": "NHS", "indices": ["0", "4"]}], "user_mentions": [], "urls": []},
         "display_text_range": ["0", str(len(text))], "favorite_count": "0", "id_str": tid, "truncated": False,
         "retweet_count": "0", "id": tid, "created_at": when, "favorited": False, "full_text": text, "lang": "en"}
    if reply_to:
        t["in_reply_to_screen_name"] = reply_to
        t["in_reply_to_user_id_str"] = "99"
    if reply_status:
        t["in_reply_to_status_id_str"] = reply_status
    return {"tweet": t}


def tweets_js(items: list[dict], part: int = 0) -> str:
    # X writes pretty-printed JSON after a JavaScript assignment
    return f"window.YTD.tweets.part{part} = " + json.dumps(items, indent=2)


def account_js(username: str = "drjo_gp", display: str = "Dr Jo Bloggs") -> str:
    acc = [{"account": {"email": "jo@example.org", "createdVia": "web", "username": username, "accountId": "42",
                        "createdAt": "2012-01-01T10:00:00.000Z", "accountDisplayName": display}}]
    return "window.YTD.account.part0 = " + json.dumps(acc, indent=2)


TWEETS = [
    tweet("1001", "Lovely sunny walk to work today &amp; a great team huddle.", "Wed Oct 10 20:19:24 +0000 2018"),
    tweet("1002", f"Can someone chase the bloods for {NHS}? Ta", "Mon Mar 04 08:00:00 +0000 2019"),
    tweet("1003", "@sarah_j88 you should double your sertraline dose tonight", "Tue Jun 02 21:15:00 +0000 2020",
          reply_to="sarah_j88", reply_status="555"),
    tweet("1004", "RT @someone: bed 4 lady DOB 12/03/1941", "Fri Jan 08 10:00:00 +0000 2021"),
]


def x_zip(path: Path, tweets: list[dict] | None = None, extra: dict[str, bytes | str] | None = None,
          account: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Your archive.html", "<html></html>")
        z.writestr("data/account.js", account or account_js())
        z.writestr("data/tweets.js", tweets_js(TWEETS if tweets is None else tweets))
        z.writestr("data/tweets_media/1002-abc.jpg", b"\xff\xd8 not really a jpeg")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


ACTOR = "https://mastodon.example/users/nurse_sam"


def note(nid: int, content: str, published: str, in_reply_to: str | None = None, tags=(), summary=None,
         attachment_alt: str | None = None) -> dict:
    obj = {"id": f"{ACTOR}/statuses/{nid}", "type": "Note", "summary": summary, "inReplyTo": in_reply_to,
           "published": published, "url": f"https://mastodon.example/@nurse_sam/{nid}", "attributedTo": ACTOR,
           "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [f"{ACTOR}/followers"], "sensitive": False,
           "content": content, "contentMap": {"en": content}, "attachment": [], "tag": list(tags)}
    if attachment_alt:
        obj["attachment"] = [{"type": "Document", "mediaType": "image/jpeg", "url": "media_attachments/x.jpg",
                              "name": attachment_alt}]
    return {"id": f"{ACTOR}/statuses/{nid}/activity", "type": "Create", "actor": ACTOR, "published": published,
            "to": obj["to"], "cc": obj["cc"], "object": obj}


def boost(nid: int, target: str, published: str) -> dict:
    return {"id": f"{ACTOR}/statuses/{nid}/activity", "type": "Announce", "actor": ACTOR, "published": published,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": target}


def outbox(items: list[dict]) -> str:
    # Mastodon writes the outbox on one line
    return json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
                       "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items})


def actor_json() -> str:
    return json.dumps({"id": ACTOR, "type": "Person", "preferredUsername": "nurse_sam", "name": "Sam Okafor RN",
                       "outbox": "outbox.json"})


MASTODON_ITEMS = [
    note(1, "<p>Proud of our ward team today.</p><p>Tea &amp; cake all round!</p>", "2022-11-05T18:00:00Z"),
    boost(2, "https://other.example/users/x/statuses/9", "2022-11-06T09:00:00Z"),
    note(3, '<p><span class="h-card"><a href="https://other.example/@pat_k" class="u-url mention">@<span>pat_k</span>'
            '</a></span> you should stop taking your ramipril<br>and double the amlodipine instead</p>',
         "2023-02-01T20:30:00Z", in_reply_to="https://other.example/users/pat_k/statuses/777",
         tags=[{"type": "Mention", "href": "https://other.example/users/pat_k", "name": "@pat_k@other.example"}]),
]


def mastodon_zip(path: Path, items: list[dict] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("outbox.json", outbox(MASTODON_ITEMS if items is None else items))
        z.writestr("actor.json", actor_json())
        z.writestr("media_attachments/files/1/original/x.jpg", b"\xff\xd8 jpeg")
    return path


def mastodon_tgz(path: Path, items: list[dict] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as t:
        for name, text in (("actor.json", actor_json()), ("outbox.json", outbox(MASTODON_ITEMS if items is None else items))):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return path


SHARES_CSV = (
    'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n'
    '2021-05-04 09:12:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A111,'
    '"Delighted to share our new paper on ""hospital at home"" outcomes.\n\nRead it here.",https://doi.org/10.1/x,,PUBLIC\n'
    '2022-09-30 17:45:10,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A222,'
    f'"Busy clinic today.\nCan someone chase the bloods for {NHS}?\nThanks team",,,CONNECTIONS\n'
    '2023-01-02 08:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A333,,https://example.org/news,,PUBLIC\n'
)
