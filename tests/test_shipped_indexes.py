"""The indexes shipped for a quick start hold exactly what the live code works out from their sources,
and anything they do not cover takes the live path with the same results."""

from __future__ import annotations

import marshal
import zlib

import pytest

from govlint import datafiles
from govlint.identifiers import gazetteer, gazindex

REBUILD = "run: PYTHONPATH=src python scripts/build_indexes.py"


def _decoded(blob: bytes) -> tuple[dict, dict]:
    size = int.from_bytes(blob[:gazindex._HEAD], "little")
    header = marshal.loads(blob[gazindex._HEAD:gazindex._HEAD + size])
    body = blob[gazindex._HEAD + size:]
    lists = {}
    for key, (count, offsets) in header["lists"].items():
        merged = {}
        for a, z in zip(offsets, offsets[1:]):
            if z > a:
                merged.update(marshal.loads(zlib.decompress(body[a:z])))
        lists[key] = (count, merged)
    return header, lists


def test_gazetteer_index_is_current():
    shipped_header, shipped = _decoded(datafiles.read_bytes(gazindex.INDEX))
    fresh_header, fresh = _decoded(gazindex.build())
    assert shipped_header["sources"] == fresh_header["sources"], f"the lists changed since the index was built: {REBUILD}"
    assert shipped_header["openings"] == fresh_header["openings"], REBUILD
    assert shipped == fresh, f"the index does not key the lists as gazetteer._lines does now: {REBUILD}"
    for name, min_name in gazetteer.LISTS:
        count, keyed = shipped[f"{name}:{min_name}"]
        assert count == len(keyed) and keyed == gazetteer._lines(name, min_name)


def test_index_look_ups_match_the_live_dicts():
    for name, min_name in gazetteer.LISTS:
        live = gazetteer._lines(name, min_name)
        indexed = gazindex.lines(name, min_name)
        assert indexed is not None
        for key in list(live)[::97] + ["no such place anywhere", "", "zoë's"]:
            assert indexed.get(key) == live.get(key) and (key in indexed) == (key in live)
        assert list(indexed) == list(live) and len(indexed) == len(live) and bool(indexed)
    assert gazindex.openings() == gazetteer.openings_of(
        gazetteer._Table([(gazetteer._lines(n, m), None) for n, m in gazetteer.LISTS if n != "person_names.tsv"]))


@pytest.fixture
def fresh_index(monkeypatch):
    monkeypatch.setattr(gazindex, "_STATE", [])
    monkeypatch.setattr(gazindex, "_VALID", {})
    gazetteer.places.cache_clear()
    gazetteer.names.cache_clear()
    gazetteer._multi_word_openings.cache_clear()
    yield
    gazetteer.places.cache_clear()
    gazetteer.names.cache_clear()
    gazetteer._multi_word_openings.cache_clear()


def test_an_edited_list_is_keyed_live(fresh_index, monkeypatch):
    real_bytes, real_text = datafiles.read_bytes, gazetteer._text
    extra = "Zzyzxville\t12\tplace\n"
    monkeypatch.setattr(datafiles, "read_bytes", lambda name: real_bytes(name) + extra.encode()
                        if name == "data/uk_places.tsv" else real_bytes(name))
    monkeypatch.setattr(gazetteer, "_text", lambda name: real_text(name) + extra if name == "uk_places.tsv" else real_text(name))
    assert gazindex.lines("uk_places.tsv", 3) is None and gazindex.openings() is None
    assert gazindex.lines("person_names.tsv", 0) is not None  # the other lists still come from the index
    assert gazetteer.is_place("Zzyzxville")
    found = [i.text for i in gazetteer.find_places("We drove out to Zzyzxville and Leeds.")]
    assert found == ["Zzyzxville", "Leeds"]


def test_a_missing_or_damaged_index_is_keyed_live(fresh_index, monkeypatch):
    real_bytes = datafiles.read_bytes
    for damaged in (b"", b"\x05\x00\x00\x00\x00\x00\x00\x00junk", None):
        gazindex._STATE.clear()
        gazindex._VALID.clear()
        gazetteer.places.cache_clear()

        def read(name, damaged=damaged):
            if name == gazindex.INDEX:
                if damaged is None:
                    raise FileNotFoundError(name)
                return damaged
            return real_bytes(name)

        monkeypatch.setattr(datafiles, "read_bytes", read)
        assert gazindex.lines("uk_places.tsv", 3) is None
        assert gazetteer.places()["leeds"].flag in ("place", "ambiguous")
