"""Property-based tests: whatever the text, front matter or record, govlint either checks it or raises its own
input error; every finding's offsets lie inside the post and its match is exactly the post's slice."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.document import Defaults, read_inputs
from govlint.errors import InputError

# Text that mixes the alphabet of real posts with the characters that break naive code.
_PIECES = st.sampled_from([
    "Mrs Patel", "bay 3", "84", "from Leek", "943 476 5919", "07700 900123", "@drjones", "you idiot", "---",
    "#NHS", "https://bmj.com/x", "jo@nhs.net", "DOB 01/02/1950", "\u200b", "\u0301", "\u0456", "ｉｄｉｏｔ", "\r\n",
    "\n", "\r", "\t", "🤡", "é", "\x00", "\ufeff", "\u202e", " ", "ward 7B", "SW1A 1AA", "f*ck", "i d i o t",
])
POSTS = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=25).map(" ".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_findings_sound(post, findings):
    for f in findings:
        assert 0 <= f.start <= f.end <= len(post.text), (f.rule, f.start, f.end, len(post.text))
        assert f.match == post.text[f.start:f.end], (f.rule, f.match)
        line, col = post.position(f.start)
        assert line >= 1 and col >= 1
        for s, e, _kind in f.sensitive:
            assert 0 <= s <= e <= len(post.text)


@SETTINGS
@given(POSTS)
def test_random_posts_never_crash_and_offsets_are_sound(linter_patterns, text):
    post = linter_patterns.post(text)
    result = linter_patterns.check_posts([post])
    for r in result:
        _assert_findings_sound(r.post, r.findings)


def _read(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_inputs([str(p)], Defaults(), None))


_FRONT_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=15),
                          st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3))
FRONT = st.dictionaries(st.sampled_from(["author", "in_reply_to", "platform", "profession", "date", "govlint", "x", ""]),
                        _FRONT_VALUES, max_size=5)


@SETTINGS
@given(front=FRONT, body=POSTS)
def test_random_front_matter_is_checked_or_refused_cleanly(tmp_path_factory, linter_patterns, front, body):
    tmp = tmp_path_factory.mktemp("fm")
    head = "---\n" + "\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in front.items()) + "\n---\n"
    items = _read(tmp, "d.md", (head + body).encode("utf-8", "replace"))
    posts = [i for i in items if not isinstance(i, InputError)]
    for r in linter_patterns.check_posts(posts):
        _assert_findings_sound(r.post, r.findings)


RECORD = st.one_of(
    st.dictionaries(st.sampled_from(["text", "id", "author", "in_reply_to", "platform", "profession", "date", "labels"]),
                    st.one_of(POSTS, st.none(), st.integers(), st.lists(st.integers(), max_size=2),
                              st.dictionaries(st.sampled_from(["name", "handle", "organisation"]), st.one_of(st.text(max_size=8), st.booleans()), max_size=3)),
                    max_size=6),
    st.lists(st.integers(), max_size=3), st.text(max_size=10), st.integers(), st.none(),
)


@SETTINGS
@given(st.lists(RECORD, min_size=1, max_size=6))
def test_random_jsonl_records(tmp_path_factory, linter_patterns, records):
    tmp = tmp_path_factory.mktemp("jl")
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8", "replace")
    items = _read(tmp, "posts.jsonl", data)
    posts = [i for i in items if not isinstance(i, InputError)]
    for r in linter_patterns.check_posts(posts):
        _assert_findings_sound(r.post, r.findings)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_a_draft(tmp_path_factory, linter_patterns, data):
    tmp = tmp_path_factory.mktemp("bin")
    items = _read(tmp, "d.txt", data)
    posts = [i for i in items if not isinstance(i, InputError)]
    for r in linter_patterns.check_posts(posts):
        _assert_findings_sound(r.post, r.findings)
