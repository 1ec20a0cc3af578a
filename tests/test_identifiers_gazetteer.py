"""Names and places from the shipped lists (no NLP model): the forms clinicians write them in, and the look-alikes."""

from __future__ import annotations

import pytest

from govlint.identifiers import gazetteer, uk


def _found(text: str, kind: str, min_score: float = 0.0) -> list[str]:
    return [i.text for i in uk.recognise(text) if i.type == kind and i.score >= min_score]


@pytest.mark.parametrize("text,name", [
    ("saw mrs patel's daughter in the relatives room", "mrs patel"),
    ("Mrs Patel in bay 3", "Mrs Patel"),
    ("Poor Jimmy, back in again", "Jimmy"),
    ("john's mum brought him in", "john"),
    ("Grace Kelly came to clinic", "Grace Kelly"),  # an ambiguous first name with a surname after it
    ("Grace, 88, came in after a fall", "Grace"),  # ... or with an age in apposition
    ("Will, 45, fell off a ladder", "Will"),
    ("Hope (4) was so brave today", "Hope"),  # also a place, but places have no age
    ("Christian Bale visited the ward", "Christian Bale"),
])
def test_names_in_the_forms_people_write_them(text, name):
    assert name in _found(text, "PERSON")


@pytest.mark.parametrize("text", [
    "MS symptoms can come and go",           # multiple sclerosis, not a title
    "the MR scan was clear",
    "dr appointment at 3",
    "Will you be on the ward on Sunday?",     # 'Will' is a word, 'Sunday' a day
    "See you in April or May",
    "I'll miss the bus again",
    "As a Christian and a nurse, I pray for every patient",  # a faith or a people, not a given name
    "German measles cases on the children's ward",
    "Being a proud Scot on a London ward",
    "Our English teacher came in for her flu jab",
    "Amazing grace, 3 night shifts done",     # a number after a comma is not an age in apposition
    "Flooding in Hope, 2 roads closed",
])
def test_words_that_look_like_names_are_not_people(text):
    assert _found(text, "PERSON", 0.5) == []


def test_lower_case_first_name_is_listed_below_the_rules_minimum():
    found = [i for i in uk.recognise("kevin came in again") if i.type == "PERSON"]
    assert [i.text for i in found] == ["kevin"] and found[0].score < 0.5


def test_places_uk_world_and_lower_case():
    assert "Leeds" in _found("transferred to Leeds", "LOCATION", 0.55)
    assert "Copenhagen" in _found("a conference in Copenhagen", "LOCATION", 0.55)
    assert [i.score for i in uk.recognise("moved from inglewood") if i.type == "LOCATION"] == [0.45]


def test_places_of_several_words_whole_or_hyphenated():
    text = "Moved from St Albans to Stoke-on-Trent, then Newcastle upon Tyne and #Leeds-Bradford"
    assert _found(text, "LOCATION", 0.55)[:3] == ["St Albans", "Stoke-on-Trent", "Newcastle upon Tyne"]
    assert _found("worked in milton keynes", "LOCATION") == ["milton keynes"]


def test_ambiguous_places_need_a_preposition_or_a_hashtag():
    assert _found("Reading the notes again", "LOCATION") == []
    assert "Reading" in _found("she lives in Reading", "LOCATION")
    assert "Orlando" in _found("#Orlando weather", "LOCATION")


def test_countries_are_shown_but_do_not_count_as_a_jigsaw_detail():
    scores = [i.score for i in uk.recognise("back from Portugal") if i.type == "LOCATION" and i.text == "Portugal"]
    assert scores and max(scores) < 0.55


def test_venues_and_streets():
    assert "The Scoot Inn" in _found("playing at The Scoot Inn tonight", "LOCATION")
    assert "Hart Lane" in _found("Mr Doyle on Hart Lane", "LOCATION")
    assert _found("Our new Wellbeing Centre opens", "LOCATION") == []


def test_a_word_inside_a_hospital_name_is_not_a_person():
    found = uk.recognise("Flu jabs at the Royal Blackburn this week")
    assert not [i for i in found if i.type == "PERSON"]
    assert any(i.type == "HOSPITAL" for i in found)


def test_lists_load_with_flags():
    assert gazetteer.places()["leeds"].flag in ("place", "ambiguous")
    assert gazetteer.known_name("Sunday") is None
    assert gazetteer.first_name("Jimmy") is not None


def _by_line(name: str, min_name: int) -> dict[str, str]:
    """The plain way to key a list: each line split and its name normalised on its own."""
    return {gazetteer._key(p[0]): "\t".join(p) for p in gazetteer._read(name) if len(p) >= 3 and len(p[0]) >= min_name}


@pytest.mark.parametrize("name,min_name", [("world_places.tsv", 2), ("uk_places.tsv", 3), ("person_names.tsv", 0)])
def test_whole_text_loading_keys_every_line_as_reading_line_by_line_does(name, min_name):
    fast = gazetteer._lines(name, min_name)
    assert len(fast) > 1000
    assert list(fast.items()) == list(_by_line(name, min_name).items())


def test_odd_names_and_line_breaks_are_keyed_as_the_plain_way_does(monkeypatch):
    data = ("# a comment\tline\twith tabs\nLeeds\t1\tplace\n  Two  Spaces\t2\tword\nX\t3\tplace\nshort\tline\n"
            "Zoë’s\t4\tplace\tcity\n\tempty\tname\nLEEDS\t5\tambiguous\n")
    for text in (data, data.replace("\n", "\r\n")):
        monkeypatch.setattr(gazetteer, "_text", lambda _name, text=text: text)
        for min_name in (0, 2):
            assert list(gazetteer._lines("x", min_name).items()) == list(_by_line("x", min_name).items())


def test_tables_look_up_like_dicts():
    places = gazetteer.places()
    assert "leeds" in places and places.get("leeds") is places["leeds"]
    assert places.get("no such place anywhere") is None and "no such place anywhere" not in places
    with pytest.raises(KeyError):
        places["no such place anywhere"]
    assert len(places) == len(set(places)) > 30_000


_WALK_TEXTS = [
    "Moved from St Albans to Stoke-on-Trent, then Newcastle upon Tyne and #Leeds-Bradford",
    "St  Albans, Newcastle upon\nTyne, stoke - on - trent, ST ALBANS, st. albans, #KansasCity #NewYork",
    "worked in milton keynes with Mrs Patel and mrs patel's daughter; Dr Jones, nan Betty, Grace Kelly",
    "Will you be on the ward on Sunday? Imo-2 India Georgia Amber Heard Gabriel Resources, kevin's mum",
    "Portland, OR and back home to GA; she lives in Reading; #Orlando weather; Reading the notes",
    "a the in to at of new great worth over long-term general #nurselife #wearenhs Leeds bay Northern Ireland",
]


def _corpus_texts() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).parent / "corpus" / "posts.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_places_and_names_walk_only_the_words_they_can_start_at(monkeypatch):
    """Starting only at flagged words finds exactly what trying every word finds."""
    texts = _WALK_TEXTS + [t for t in _corpus_texts() for t in (t, t.lower(), t.title())]

    def run():
        out = []
        for text in texts:
            toks = gazetteer.tokens(text)
            places = list(gazetteer.find_places(text, toks))
            out.append((places, list(gazetteer.find_names(text, places, toks))))
        return out

    fast = run()
    monkeypatch.setattr(gazetteer, "_starts", lambda toks, flag: list(range(len(toks))))
    assert run() == fast
    assert any(p for p, _ in fast) and any(n for _, n in fast)


def test_word_flags_follow_reloaded_lists_and_stay_bounded(monkeypatch):
    gazetteer._word_flags(["Leeds"])
    assert gazetteer._FLAGS
    monkeypatch.setattr(gazetteer, "_FLAGS_OF", [object(), object()])  # as if the lists had been reloaded
    assert gazetteer._word_flags(["Leeds", "zzqx"]) == [gazetteer._PLACE_WORD, 0]
    assert set(gazetteer._FLAGS) == {"Leeds", "zzqx"}
    gazetteer._word_flags([f"w{i}" for i in range(100_010)])
    gazetteer._word_flags(["another"])
    assert list(gazetteer._FLAGS) == ["another"]  # cleared once past its bound


def test_ascii_texts_split_into_the_same_words(monkeypatch):
    import random

    rnd = random.Random(5)
    alphabet = "abcXYZ   ''..--##__09’é\n"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 30))) for _ in range(3000)]
    texts += ["St. Albans's #Leeds-Bradford #NHS_2024 o'neill -x- 'quoted' end. #1 ##tag a.b.c."]
    quick = [gazetteer.tokens(t) for t in texts]
    monkeypatch.setattr(gazetteer, "_WORD_ASCII", gazetteer._WORD)
    assert [gazetteer.tokens(t) for t in texts] == quick


@pytest.mark.parametrize("text,span,expected", [
    ("As a Christian and a nurse, I pray", "Christian", "NRP"),  # the model's 'nationality or religion' is right
    ("German measles is back", "German", "NRP"),
    ("Nina came in again last night", "Nina", "PERSON"),  # a known first name the model took for a group
])
def test_a_group_the_model_finds_becomes_a_person_only_when_it_is_a_given_name_first(text, span, expected):
    from govlint.identifiers import nlp
    from govlint.model import Identifier

    start = text.index(span)
    ident = Identifier("NRP", start, start + len(span), span, 0.85, "presidio:SpacyRecognizer")
    assert nlp._name_check(text, ident).type == expected


@pytest.mark.parametrize("text,span,expected", [
    ("Flu admissions in the North West rose to 1,240", "North West", "LOCATION"),
    ("Beds are short across the West Midlands", "West Midlands", "LOCATION"),
    ("Mr West came in again last night", "Mr West", "PERSON"),  # a surname, not a region
])
def test_a_region_the_model_takes_for_a_person_is_a_place(text, span, expected):
    from govlint.identifiers import nlp
    from govlint.model import Identifier

    start = text.index(span)
    ident = Identifier("PERSON", start, start + len(span), span, 0.85, "presidio:SpacyRecognizer")
    assert nlp._name_check(text, ident).type == expected


@pytest.mark.parametrize("text,span,kind,kept", [
    ("bariatric bed for bay 4 AGAIN tonight", "AGAIN", "LOCATION", False),  # shouting, not a place
    ("worried about the MMR and autism", "MMR", "LOCATION", False),  # an acronym
    ("private sessions at weekends", "weekends", "LOCATION", False),  # a lower-case word no place list holds
    ("after 18 years in the NHS", "NHS", "ORGANIZATION", False),  # would have become a place after 'in'
    ("moved back from leeds last year", "leeds", "LOCATION", True),  # a real place in lower case
    ("a fortnight's holiday in Nice", "Nice", "LOCATION", True),  # the city, not NICE
])
def test_jargon_acronyms_and_lower_case_words_are_not_places(text, span, kind, kept):
    from govlint.identifiers import nlp
    from govlint.model import Identifier

    start = text.index(span)
    checked = nlp._name_check(text, Identifier(kind, start, start + len(span), span, 0.85, "presidio:SpacyRecognizer"))
    assert (checked.score >= 0.5) == kept
