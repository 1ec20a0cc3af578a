"""Disguised text is still found, and reported at its position in the original text.

Each disguise is applied to hostile words and to identifiers; the finding's span must cover the disguised
text exactly as written (so the underline lands on what the author typed)."""

from __future__ import annotations

import pytest

ZW = "\u200b"


def _hide(word: str, how: str) -> str:
    if how == "plain":
        return word
    if how == "confusable":
        return word.translate(str.maketrans({"i": "\u0456", "o": "\u043e", "a": "\u0430", "e": "\u0435", "c": "\u0441"}))
    if how == "zero-width":
        return ZW.join(word)
    if how == "combining":
        return "".join(c + "\u0301" if c in "aeiou" else c for c in word)
    if how == "full-width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    if how == "leet":
        return word.translate(str.maketrans({"i": "1", "o": "0", "e": "3", "a": "4", "s": "5"}))
    if how == "spaced":
        return " ".join(word)
    if how == "emoji":
        return "\U0001F921".join(word)
    raise ValueError(how)


DISGUISES = ["plain", "confusable", "zero-width", "combining", "full-width", "leet", "spaced", "emoji"]


@pytest.mark.parametrize("how", DISGUISES)
@pytest.mark.parametrize("word", ["idiot", "moron", "imbecile"])
def test_hostile_word_in_disguise(linter_patterns, how, word):
    hidden = _hide(word, how)
    text = f"@drjones you're a total {hidden}, honestly"
    found = [f for f in linter_patterns.check(text).findings if f.concern == "hostility"]
    assert found, f"{how}: {text!r}"
    start = text.index(hidden)
    assert any(f.start <= start and f.end >= start + len(hidden) for f in found), [(f.start, f.end) for f in found]


@pytest.mark.parametrize("how", ["plain", "zero-width", "full-width"])
def test_nhs_number_in_disguise(linter_patterns, how):
    number = _hide("943 476 5919", how) if how != "zero-width" else ZW.join("9434765919")
    text = f"Can someone chase the bloods for {number} please"
    found = [f for f in linter_patterns.check(text).findings if f.concern == "patient-identifiability"]
    assert found, text
    assert text[found[0].start:found[0].end] == found[0].match
    assert found[0].match.replace(ZW, "").replace(" ", "") in (_hide("9434765919", how), "9434765919")


@pytest.mark.parametrize("how", ["plain", "confusable", "zero-width"])
def test_titled_name_in_disguise_next_to_care(linter_patterns, how):
    name = "Mrs " + _hide("Patel", how)
    text = f"Popped in to see {name} in bay 3 this morning, still waiting for her scan"
    found = [f for f in linter_patterns.check(text).findings if f.concern == "patient-identifiability"]
    assert found, text
    assert any(name in text[f.start:f.end] for f in found)


@pytest.mark.parametrize("how", ["confusable", "zero-width", "full-width"])
def test_clean_text_in_disguise_stays_clean(linter_patterns, how):
    text = "Proud of the " + _hide("team", how) + " on ward rounds today, thank you all #NHS"
    assert not [f for f in linter_patterns.check(text).findings if f.severity.name != "INFO"]
