"""The word-indexed phrase matcher finds exactly what the equivalent regex alternation finds."""

from __future__ import annotations

import random

import regex

from govlint.phrases import PhraseMatcher

NAMES = ["Leeds", "Bath", "Bathgate", "Stoke-on-Trent", "St Albans", "St. Ives", "Bishop's Stortford", "Ely",
         "Reading", "Street", "Barry", "Newport", "Newport Pagnell", "Hay-on-Wye", "Llandudno", "Ōbridge"]
AFTER = ("from", "in", "near", "at", "of", "outside", "to")


def _regex(names, after=()):
    alts = "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))
    lead = rf"(?:\b(?:{'|'.join(after)})\s)" if after else ""
    return regex.compile(rf"{lead}(?<![\w])(?P<place>{alts})(?![\w'’-])")


def _texts(n=4000):
    rng = random.Random(3)
    words = NAMES + list(AFTER) + ["the", "Leedsy", "bath", "x", "'s", "-", "St", "on", "Trent", "_", "9"]
    seps = ["", " ", "  ", "-", "'", "’", "\t", ",", ".", "\n"]
    return ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def test_same_matches_as_the_alternation():
    for after in ((), AFTER):
        pm, rx = PhraseMatcher(NAMES, after), _regex(NAMES, after)
        for text in _texts():
            assert [(s, e) for _, s, e in pm.finditer(text)] == [m.span("place") for m in rx.finditer(text)], text


def test_names_not_starting_with_a_word_character_fall_back_to_the_alternation():
    names = ["'t Hoff", "Leeds"]
    pm, rx = PhraseMatcher(names), _regex(names)
    for text in ["in 't Hoff and Leeds", "x't Hoff", "Leeds'"]:
        assert [(s, e) for _, s, e in pm.finditer(text)] == [m.span("place") for m in rx.finditer(text)]
