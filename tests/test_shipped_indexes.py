"""The indexes shipped for a quick start hold exactly what the live code works out from their sources,
and anything they do not cover takes the live path with the same results."""

from __future__ import annotations

import marshal
import zlib

import damaged
import pytest

from govlint import datafiles
from govlint.identifiers import gazetteer, gazindex

REBUILD = "run: PYTHONPATH=src python scripts/build_indexes.py"


def _decoded(blob: bytes) -> tuple[dict, dict]:
    header, body = datafiles.split_header(blob)
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


def test_a_missing_or_bad_index_is_keyed_live(fresh_index, monkeypatch):
    real_bytes = datafiles.read_bytes
    for bad in (b"", b"\x05\x00\x00\x00\x00\x00\x00\x00junk", None):
        gazindex._STATE.clear()
        gazindex._VALID.clear()
        gazetteer.places.cache_clear()

        def read(name, bad=bad):
            if name == gazindex.INDEX:
                if bad is None:
                    raise FileNotFoundError(name)
                return bad
            return real_bytes(name)

        monkeypatch.setattr(datafiles, "read_bytes", read)
        assert gazindex.lines("uk_places.tsv", 3) is None
        assert gazetteer.places()["leeds"].flag in ("place", "ambiguous")


def test_gate_index_is_current():
    from govlint import prefilter, shipdata

    def decoded(blob):
        got = prefilter.decode_shipped(blob)
        assert got is not None, f"gates.idx is from another version of govlint: {REBUILD}"
        header, body = got
        return header, {k: None if w is None else marshal.loads(body[w[0]:w[1]]) for k, w in header["gates"].items()}

    shipped_header, shipped = decoded(datafiles.read_bytes(prefilter.SHIPPED))
    fresh_header, fresh = decoded(shipdata.build_fresh("gates.idx"))  # a fresh process: no gate worked out yet
    if shipped_header["python"] != fresh_header["python"]:
        # Gates are sound whichever Python's parser read the pattern; the exact needles may differ.
        assert set(shipped) == set(fresh), REBUILD
        pytest.skip(f"gates.idx was built on Python {shipped_header['python']}")
    assert shipped == fresh, f"the built-in patterns or the gate analysis changed: {REBUILD}"


def test_built_in_patterns_take_their_gates_from_the_index_and_others_work_them_out(monkeypatch):
    from govlint import prefilter

    from govlint.identifiers import uk

    requests = [(lp.pattern, int(lp.flags), None) for _, lp, _, _ in uk._RECOGNISERS]
    assert len(prefilter.decode_shipped(datafiles.read_bytes(prefilter.SHIPPED))[0]["gates"]) > 100
    monkeypatch.setattr(prefilter, "_STORE", prefilter._Store())
    live = {}
    for pattern, flags, slots in requests:
        live[(pattern, flags)] = repr(prefilter.gate(pattern, flags, slots))
    analysed = []
    real = prefilter._analyse
    monkeypatch.setattr(prefilter, "_analyse", lambda *a: analysed.append(a[0]) or real(*a))
    monkeypatch.setattr(prefilter, "_STORE", prefilter._Store())
    for pattern, flags, slots in requests:
        assert repr(prefilter.gate(pattern, flags, slots)) == live[(pattern, flags)]
    assert analysed == []
    # A pattern the index does not hold (a user's rule, an edited one) is worked out, to the same gate.
    edited = r"(?:absolute|utter)\s+(?:idiot|numpty)\s+of\s+a\s+(?:registrar|consultant)"
    gate = prefilter.gate(edited)
    assert analysed == [edited] and gate is not None
    assert repr(gate) == repr(prefilter._as_gate(real(edited, 0, {})))


def test_slot_keys_do_not_depend_on_how_the_needles_were_given():
    from govlint import prefilter

    a = prefilter._Store.key("x\ue000y", 0, {"\ue000": prefilter._folded_slot({"Foo", "bar"})})
    b = prefilter._Store.key("x\ue000y", 0, {"\ue000": prefilter._folded_slot(frozenset({"foo", "BAR"}))})
    c = prefilter._Store.key("x\ue000y", 0, {"\ue000": prefilter._folded_slot({"foo", "baz"})})
    assert a == b != c


def _same(a, b, seen=None) -> bool:
    """Structural equality of two object graphs (detectors have no __eq__): same types, same state."""
    from govlint.prefilter import Gate

    seen = {} if seen is None else seen
    if (id(a), id(b)) in seen:
        return True
    seen[(id(a), id(b))] = True
    if type(a) is not type(b):
        return False
    if isinstance(a, (str, bytes, int, float, bool, type(None), frozenset, set)) or callable(a) and not hasattr(a, "__slots__") \
            and not hasattr(a, "__dict__"):
        return a == b
    if isinstance(a, dict):
        same_items = list(a) == list(b) and all(_same(a[k], b[k], seen) for k in a)
        return same_items and (type(a) is dict or _same(dict(vars(a)), dict(vars(b)), seen))  # a LineDict's lines
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y, seen) for x, y in zip(a, b))
    if isinstance(a, Gate):  # its alternatives come in the order of a set
        def terms(g):
            return sorted(sorted(tuple(c.needles) + (("\x00digit",) if c.digit else ()) for c in t) for t in g.terms)

        return terms(a) == terms(b)
    if isinstance(a, type) or callable(a) and type(a).__name__ in ("function", "builtin_function_or_method"):
        return a is b
    state_a = dict(getattr(a, "__dict__", {}))
    state_b = dict(getattr(b, "__dict__", {}))
    for klass in type(a).__mro__:
        for name in getattr(klass, "__slots__", ()):
            state_a[name] = getattr(a, name, "<unset>")
            state_b[name] = getattr(b, name, "<unset>")
    return list(state_a) == list(state_b) and all(_same(state_a[k], state_b[k], seen) for k in state_a)


def _snapshot_payload(blob: bytes):
    import pickle

    from govlint import packs, snapshot

    header, body = datafiles.split_header(blob)
    snapshot._ROOT[:] = [str(packs.builtin_dir().resolve())]
    try:
        return header, pickle.loads(body)
    finally:
        snapshot._ROOT.clear()


def test_packs_snapshot_is_current_and_equals_a_live_load(monkeypatch):
    import sys

    from govlint import packs, shipdata, snapshot

    monkeypatch.setattr(sys, "getrecursionlimit", sys.getrecursionlimit)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))

    shipped_header, shipped = _snapshot_payload(datafiles.read_bytes(snapshot.SNAPSHOT))
    assert shipped_header["signature"] == snapshot.signature(packs.builtin_dir().resolve()), \
        f"a built-in pack file or the code that loads packs changed: {REBUILD}"
    _, fresh = _snapshot_payload(shipdata.build_fresh("packs.snapshot"))
    assert set(shipped) == set(fresh)
    for part in shipped:
        assert _same(shipped[part], fresh[part]), f"{part} differs from a live load: {REBUILD}"
    # (and the comparison does see a difference deep inside a detector)
    lazy = next(v for det in fresh["detectors"].values() for v in vars(det).values() if type(v).__name__ == "LazyPattern"
                and isinstance(v._pattern, str))
    lazy._pattern += "x"
    assert not _same(shipped["detectors"], fresh["detectors"])
    rules = [r for p in shipped["packs"].values() for r in p.rules]
    assert len(rules) > 100 and rules == [r for p in fresh["packs"].values() for r in p.rules]
    assert all(r.source.path.startswith(str(packs.builtin_dir().resolve())) for r in rules)


def test_the_snapshot_is_what_loading_gives_and_a_changed_file_loads_live(monkeypatch, tmp_path):
    import shutil

    from govlint import api, config, packs, snapshot

    snap = snapshot.get(packs.builtin_dir())
    assert snap is not None, "the shipped snapshot does not match this checkout: " + REBUILD
    settings = config.defaults()
    from_snapshot = api.resolve_rules(settings)
    assert from_snapshot == [r for pid in packs.default_pack_ids() for r in snap.packs[f"{pid}.yaml"].rules]
    # A copy of the built-in folder with one rule edited: no snapshot applies, and the edit shows.
    copy = tmp_path / "rules"
    shutil.copytree(packs.builtin_dir(), copy)
    gmc = copy / "gmc.yaml"
    text = gmc.read_text(encoding="utf-8")
    assert "  - id: GMC-CONF-01\n    base: CORE-CONF-NUMBER\n    severity: error\n" in text
    gmc.write_text(text.replace("  - id: GMC-CONF-01\n    base: CORE-CONF-NUMBER\n    severity: error\n",
                                "  - id: GMC-CONF-01\n    base: CORE-CONF-NUMBER\n    severity: warning\n", 1), encoding="utf-8")
    monkeypatch.setattr(packs, "builtin_dir", lambda: copy)
    monkeypatch.setattr(snapshot, "_STATE", [])
    packs._builtin_root.cache_clear()
    try:
        assert snapshot.get(copy) is None
        live = packs.PackSet().load("gmc").rules
        assert live[0].id == "GMC-CONF-01" and live[0].severity.label == "warning"
        assert snap.packs["gmc.yaml"].rules[0].severity.label == "error"
        assert [r.id for r in live] == [r.id for r in snap.packs["gmc.yaml"].rules]
    finally:
        packs._builtin_root.cache_clear()


def test_shipped_gates_are_built_exactly_as_the_live_analysis_builds_them():
    import subprocess
    import sys

    # In a fresh process: gate_requests() lists the gates a new process would work out.
    code = """
from govlint import prefilter, shipdata

def shape(g):
    if g is None:
        return None
    return (g._first, g._quick, sorted(tuple(c.state() for c in t) for t in g.terms))

requests = shipdata.gate_requests()
assert len(requests) > 100, len(requests)
for pattern, flags, slots in requests:
    slot_sets = {k: prefilter._folded_slot(v) for k, v in (slots or {}).items()}
    key = prefilter._Store.key(pattern, flags, slot_sets)
    shipped = prefilter._shipped_gate(key)
    assert shipped is not prefilter._MISSING, "not in gates.idx: " + pattern[:60]
    assert shape(shipped) == shape(prefilter._as_gate(prefilter._analyse(pattern, flags, slot_sets))), pattern[:80]
print("checked", len(requests))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:] + "\n" + REBUILD
    assert out.stdout.startswith("checked ")


@pytest.mark.parametrize("damage", damaged.KINDS)
def test_a_missing_or_damaged_gate_index_means_working_gates_out(monkeypatch, damage):
    from govlint import prefilter
    from govlint.identifiers import uk

    real = datafiles.read_bytes
    blob = real(prefilter.SHIPPED)

    def read(name):
        if name != prefilter.SHIPPED:
            return real(name)
        return damaged.copy_of(blob, datafiles.HEAD, damage, lambda h: h.update(layout=-1))

    lp = uk._RECOGNISERS[2][1]  # AGE
    expected = prefilter._as_gate(prefilter._analyse(lp.pattern, int(lp.flags), {}))
    monkeypatch.setattr(datafiles, "read_bytes", read)
    monkeypatch.setattr(prefilter, "_SHIPPED", [])
    monkeypatch.setattr(prefilter, "_STORE", prefilter._Store())
    got = prefilter.gate(lp.pattern, int(lp.flags))
    assert repr(got) == repr(expected) and got._first == expected._first
