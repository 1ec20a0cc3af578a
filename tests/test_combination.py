"""The combination detector's reporting options: one hit per stretch, per sentence or per post."""

from __future__ import annotations

import pytest

from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder
from govlint.errors import PackError
from govlint.model import Post

WORDS = {"type": "pattern", "patterns": ["photo", "pic", "snap"]}
PATIENT = {"type": "pattern", "patterns": ["patient"]}


def _hits(spec, text):
    ctx = PostContext(Post(text=text))
    return [text[h.start:h.end] for h in Builder(REGISTRY).detector(spec).find(ctx)]


def test_any_only_drops_hits_inside_longer_ones():
    spec = {"type": "combination", "any": [{"type": "pattern", "patterns": ["Lib Dem"]},
                                           {"type": "pattern", "patterns": [r"vote\s+Lib\s+Dem\s+on\s+\w+"]}]}
    assert _hits(spec, "Vote Lib Dem on Thursday!") == ["Vote Lib Dem on Thursday"]


@pytest.mark.parametrize("collapse,expected", [
    (None, ["photo", "pic", "snap"]),
    ("sentence", ["photo", "snap"]),
    ("post", ["photo"]),
])
def test_collapse(collapse, expected):
    spec = {"type": "combination", "all": [WORDS, PATIENT], "near": {"words": 10}}
    if collapse:
        spec["collapse"] = collapse
    assert _hits(spec, "A photo and a pic of my patient. Another snap of the patient.") == expected


def test_collapse_must_be_sentence_or_post():
    with pytest.raises(PackError, match="'collapse' must be"):
        Builder(REGISTRY).detector({"type": "combination", "all": [WORDS], "collapse": "paragraph"})


def test_all_stops_at_the_first_missing_part():
    calls = []

    class Spy:
        key, needs_nlp = "spy", False

        def find(self, ctx):
            calls.append(1)
            return []

    from govlint.detectors.combination import CombinationDetector

    ctx = PostContext(Post(text="nothing here"))
    first = Builder(REGISTRY).detector(PATIENT)
    assert CombinationDetector([first, Spy()], [], [], None, 0, "").find(ctx) == []
    assert calls == []


def test_all_runs_a_costly_part_only_when_the_cheap_parts_hit():
    from govlint.detectors.combination import CombinationDetector
    from govlint.model import Hit

    calls = []

    class Costly:
        key, needs_nlp, cost = "costly", False, 10

        def find(self, ctx):
            calls.append(ctx.text)
            return [Hit(0, 3, "costly")]

    cheap = Builder(REGISTRY).detector(PATIENT)
    combo = CombinationDetector([Costly(), cheap], [], [], None, 0, "")
    assert combo.find(PostContext(Post(text="nothing here"))) == []
    assert calls == []  # listed first, but the cheap part missed
    text = "Our patient again"
    hits = combo.find(PostContext(Post(text=text)))
    assert calls == [text]
    # the anchor is still the first listed part, the cheap one is its evidence
    assert [(h.start, h.end, h.label) for h in hits] == [(0, 3, "costly")]
    assert [text[p.start:p.end] for p in hits[0].parts] == ["patient"]


def test_a_metadata_span_of_the_whole_post_is_near_everything():
    # 'span: post' makes a fact about the author (an organisation's account) cancel a hit anywhere in the post,
    # even with 'near' set, where the leading @handle would be too far away.
    from govlint.analysis import PostContext
    from govlint.detectors import REGISTRY, Builder
    from govlint.model import Author, Post

    spec = {"type": "combination", "near": {"words": 3},
            "all": [{"type": "pattern", "patterns": ["by dm"]}],
            "not": [{"type": "metadata", "organisation": True, "span": "post"}]}
    det = Builder(REGISTRY).detector(spec)
    text = "@gaz " + "word " * 40 + "happy to chat further by DM"
    org = PostContext(Post(text=text, author=Author(organisation=True)))
    person = PostContext(Post(text=text, author=Author(handle="@nurse")))
    assert det.find(org) == [] and len(det.find(person)) == 1


@pytest.mark.parametrize("text, reply", [
    ("Aww thank you Sue!! Lovely to hear", True),       # a Facebook comment answers with no handle
    ("Hi Dave, thanks for the question", True),
    ("Thanks so much, Linda - glad it helped", True),
    ("Thank you Will for the lovely card", True),       # a name that is more often a word, after a greeting
    ("Aw Maureen you didn't have to!!", True),          # an exclamation before a first name greets them
    ("Response from the owner: Mr D, we are sorry you feel that way", True),  # an answer to a review
    ("Mrs Patel, thank you for your kind review", True),
    ("Mr Men books are the best present", False),       # a title, but nobody addressed
    ("Chloe hun give Alfie 10ml Calpol now", True),    # a first name and an endearment answer one person
    ("replying to Shaz in the comments - hun", True),
    ("replying to everyone asking about the clinic", False),
    ("Night hun, take care", False),                    # 'Night' is not a first name
    ("Oh Grace, thank you", True),
    ("Aw bless, what a shift", False),                  # no name
    ("Oh Well that was a day", False),                  # 'Well' is not a first name
    ("Thank you NHS for everything", False),            # not a first name
    ("Thanks everyone for coming to the teaching", False),
    ("Sue the trust, she said", False),                 # no greeting
    ("Great session today. Thank you Sue!", False),     # the greeting must open the post
])
def test_a_post_that_opens_by_greeting_someone_by_name_is_a_reply(text, reply):
    hits = _hits({"type": "metadata", "reply": True}, text)
    assert bool(hits) is reply
    if reply:  # the name greeted stands where a handle would
        assert hits[0] in text and hits[0][0].isupper()
