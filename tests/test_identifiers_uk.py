"""The model-free UK recognisers: the standard library's engine, used on ASCII texts, finds what ``regex`` finds."""

from __future__ import annotations

import random

from govlint.identifiers import uk

_PIECES = [
    "LS1 4AB", "ls1 4ab", "Ls1 4aB", "GIR 0AA", "SW1A1AA", "EC1A 1BB", "W1 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
    "12/03/2024", "3.4.21", "1st of March", "March 3rd", "on Monday night", "last night", "this week", "at 3pm", "14:30",
    "9.45", "21h30 hrs", "yesterday", "tonight", "Christmas Day", "new years eve", "boxing day", "Tues", "sept 9",
    "St Mary's Hospital", "the Royal Free", "Royal London Hospital", "Leeds General Infirmary", "Saint Thomas",
    "Queens Medical Centre", "a Hospital", "My Surgery", "St. Luke's Hospice", "Manor Park Health Centre",
    "ward 7", "Ward B2", "bay 3", "bed 12b", "side room 4", "resus", "cubicle 9", "Elm Ward", "The ward", "Busy Ward",
    "bay 4 bed 2", "room #12", "theatre 3", "Majors 2", "ward x",
    "the", "and", "patient", "came", "in", "we", "Hospital", "Ward", "Royal", "St", "at", "on", "of", "12", "3", "pm", "am",
    "@nhs", "x_y", "o'", "–", "’s",
]
_JOINS = [" ", " ", " ", "  ", "\n", "\t", ", ", ". ", "-", "/", "", ":", "\x0b", "\x1c", "\x1f", "_"]


def _texts() -> list[str]:
    rnd = random.Random(11)
    out = []
    for _ in range(4000):
        parts = [rnd.choice(_PIECES) for _ in range(rnd.randrange(1, 9))]
        out.append("".join(p + rnd.choice(_JOINS) for p in parts))
    return out


def test_the_standard_engine_finds_what_regex_finds_on_ascii(monkeypatch):
    texts = _texts()
    assert sum(t.isascii() for t in texts) > 3000
    quick = [uk.recognise(t) for t in texts]
    assert sum(1 for found in quick for i in found if i.type in uk._STDLIB) > 4000
    monkeypatch.setattr(uk, "_STDLIB", frozenset())
    assert [uk.recognise(t) for t in texts] == quick


def test_odd_separators_and_other_scripts_take_regex():
    """\\x1c is whitespace to the standard library's \\s only; a non-ASCII text may hold letters only regex knows."""
    assert [i.text for i in uk.recognise("at\x1c3pm") if i.type == "DATE_TIME"] == ["3pm"]
    assert "Leeds General Infirmary" in [i.text for i in uk.recognise("Leeds General Infirmary, café")]


def test_the_check_for_odd_separators_matters(monkeypatch):
    texts = _texts()
    quick = [uk.recognise(t) for t in texts]
    monkeypatch.setattr(uk, "_NOT_PLAIN", frozenset())
    assert [uk.recognise(t) for t in texts] != quick


def test_a_short_run_does_not_compile_the_standard_engines_patterns(monkeypatch):
    """Compiling them costs more than a one-draft check saves: they are used once a pattern has had its scans."""
    monkeypatch.setattr(uk, "_SCANS", {})
    uk._stdlib.cache_clear()
    text = "Saw her in bay 3 at St Mary's Hospital at 3pm, LS1 4AB"
    first = uk.recognise(text)
    assert uk._stdlib.cache_info().currsize == 0
    for _ in range(uk._WARM_AFTER):
        assert uk.recognise(text) == first
    assert uk._stdlib.cache_info().currsize == len(uk._STDLIB)


def test_recognisers_that_open_with_a_boundary_match_only_from_a_word_character():
    """'\\b' stands for 'no word character before' only where every match starts with a word character."""
    import regex as re_

    from govlint import prefilter

    opened = 0
    for kind, pattern, _, _ in uk._RECOGNISERS:
        text = pattern.pattern
        if not text.startswith("\\b"):
            continue
        rest = re_.sub(r"^\\b(?:\(\?<![^)]*\))?", "", text)
        if kind == "HOSPITAL_NUMBER":
            continue  # the boundary is inside the pattern's own first group, as written
        assert prefilter.starts_with_word(rest, int(pattern.flags)), kind
        opened += 1
    assert opened >= 7


def _types(text: str) -> list[tuple[str, str]]:
    return [(i.type, i.text) for i in uk.recognise(text)]


def test_short_day_names_are_days_only_where_a_date_is_meant():
    # A day: after 'on', 'last', 'this'..., or capitalised before a time of day, a date or the end of a phrase.
    for text, day in [("see you on sat", "on sat"), ("Sat night in resus", "Sat night"), ("clinic Fri 12th", "Fri"),
                      ("back in on Wed.", "on Wed"), ("last sun we had 40 in", "last sun")]:
        assert ("DATE_TIME", day) in _types(text), text
    # The same letters as words: 'sat up with him', 'the sun', 'c'mon', 'wed in June'.
    for text in ["me and the GP sat up with him till first light", "out in the sun all day", "c'mon then",
                 "they were wed in June", "Sat with her for an hour and she settled"]:
        assert not any(t == "DATE_TIME" and s.lower() in ("sat", "sun", "mon", "wed") for t, s in _types(text)), text


def test_a_decade_of_age_is_an_age():
    assert ("AGE", "20-something") in _types("a 20-something lad swears blind he sat on it")
    assert ("AGE", "thirty something") in _types("a thirty something woman came in")
