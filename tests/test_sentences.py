"""How a post is cut into sentences (``PostContext.sentences``), which scopes 'near: sentence' and 'unless'."""

from __future__ import annotations

import pytest

from govlint.analysis import PostContext
from govlint.model import Post


def _sentences(text: str) -> list[str]:
    ctx = PostContext(Post(text=text))
    return [text[s:e] for s, e in ctx.sentences]


@pytest.mark.parametrize("text,expected", [
    ("First one. Second one!", ["First one.", "Second one!"]),
    # tweets end sentences with emoji: an emoji then a capitalised word starts a new sentence
    ("asked if we did toast 🍞 Hope the hangover is grim", ["asked if we did toast 🍞", "Hope the hangover is grim"]),
    ("the gut is the problem 🦠 A decent probiotic helps", ["the gut is the problem 🦠", "A decent probiotic helps"]),
    ("so proud ❤️ I cried", ["so proud ❤️", "I cried"]),
    # ... but not before an acronym or a lower-case word ('I ❤️ London' does split: a name after an emoji
    # cannot be told from a new sentence, and a split there only narrows what 'near: sentence' joins)
    ("I ❤️ NHS staff", ["I ❤️ NHS staff"]),
    ("Shout out to 🙌 NHS staff", ["Shout out to 🙌 NHS staff"]),
    ("off to see 🎶 the band", ["off to see 🎶 the band"]),
])
def test_sentences(text, expected):
    assert _sentences(text) == expected


def test_a_closing_quote_after_the_full_stop_still_ends_the_sentence():
    text = "MYTH: 'The jab can give you flu.' Sadly sometimes true. \"Done.\" Next"
    assert _sentences(text) == ["MYTH: 'The jab can give you flu.'", "Sadly sometimes true.", "\"Done.\"", "Next"]
