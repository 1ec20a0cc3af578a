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
