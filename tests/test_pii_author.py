"""A name in the post that is the author's own, written out in full, is not someone else's name."""

from __future__ import annotations

import pytest

from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder
from govlint.model import Author, Identifier, Post

SPEC = {"type": "pii", "entities": ["PERSON"]}


def _people(text: str, author: str, name: str) -> list[str]:
    start = text.index(name)
    ident = Identifier("PERSON", start, start + len(name), name, 0.85, "test")
    ctx = PostContext(Post(text=text, author=Author(name=author)), [ident])
    return [text[h.start:h.end] for h in Builder(REGISTRY).detector(SPEC).find(ctx)]


@pytest.mark.parametrize("text, author, name, kept", [
    # a self-introduction or a signature: the author's own name
    ("Personal view, as a PA (James Whitfield, GMC-registered): good for patients.", "James Whitfield", "James", False),
    ("Personal view, as a PA (James Whitfield, GMC-registered): good for patients.", "James Whitfield", "James Whitfield", False),
    ("Antidepressants help many people. — Dr Sam Reid", "Dr Sam Reid", "Sam Reid", False),
    # a patient who shares the author's first name is still a patient
    ("James in bed 4 went home today 💙", "James Whitfield", "James", True),
    ("Lovely chat with Sam Reid's daughter on the ward", "Sam Okoro", "Sam Reid", True),
    # no name on the profile: nothing to compare
    ("James Whitfield was discharged today", "", "James Whitfield", True),
])
def test_the_authors_own_name_is_not_a_hit(text, author, name, kept):
    assert (_people(text, author, name) == [name]) is kept
