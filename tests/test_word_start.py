"""A pattern opens with '\\b' instead of '(?<![\\w])' only when every match starts with a word character:
then the two are the same test, so the matches are the same."""

from __future__ import annotations

import random

import pytest
import regex

from govlint import prefilter


@pytest.mark.parametrize("pattern, slots, expected", [
    (r"idiot|moron", "", True),
    (r"(?:you|u)\s+(?:are|r)", "", True),
    (r"\d{1,3}\s?yo", "", True),
    (r"[A-Z][a-z]+ ward", "", True),
    (r"(?=[a-z])\w+", "", True),
    (r"\bfoo", "", True),
    (r"\ue000\s+idiot", "\ue000", True),
    (r"\ue000\s+idiot", "", False),  # a lexicon some of whose terms start otherwise
    (r"@\w+", "", False),
    (r"#nhs|nhs", "", False),
    (r"(?:the\s+)?idiot", "", True),  # an optional group first: either way a word character
    (r"a*b", "", True),
    (r"(?:@)?idiot", "", False),
    (r"(?:the\s+)?", "", False),  # may match nothing
    (r"a*", "", False),
    (r"(?:on\s|last\s)?(?:monday|tues?)|\d{1,2}(?:am|pm)", "", True),
    (r"(?:x|)y", "", True),
    (r"(?:x|-)y", "", False),
    (r"x?", "", False),
    (r"", "", False),
    (r"[^a-z]+", "", False),
    (r"£\d+", "", False),
    (r"é+", "", False),  # not ASCII: left alone
    (r".+", "", False),
    (r"\p{L}+", "", False),  # regex-only syntax: unsure
])
def test_starts_with_word(pattern, slots, expected):
    assert prefilter.starts_with_word(pattern, regex.IGNORECASE, slots) is expected


def _texts(seed: int, n: int = 150) -> list[str]:
    rng = random.Random(seed)
    pieces = ["you", "are", "an", "idiot", "Mrs", "Patel", "84", "yo", "bay", "3", "@nhs", "#NHS", "£5", "é", "_x", "-",
              "/", ".", ",", " ", " ", "\n", "aged", "years", "old", "consultant", "ward", "7B", "call", "07700",
              "f*ck", "id1ot", "'", "’", "(", ")", "!", "?", "ＹＯＵ"]
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", "", "-"]) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def test_built_in_patterns_opening_with_a_boundary_match_as_the_look_behind_form():
    from govlint import shipdata

    changed = [lp for lp in shipdata.lazy_patterns() if shipdata.text_of(lp).startswith("\\b(?:")]
    assert len(changed) > 100
    texts = _texts(7)
    for lp in changed:
        text = shipdata.text_of(lp)
        boundary = regex.compile(text, lp.flags)
        behind = regex.compile("(?<![\\w])(?:" + text[len("\\b(?:"):], lp.flags)
        for t in texts:
            assert [m.span() for m in boundary.finditer(t)] == [m.span() for m in behind.finditer(t)], (text[:60], t)
