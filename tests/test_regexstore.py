"""The shipped compiled patterns (data/regex.idx) behave exactly as compiling the pattern would, cover every
built-in pattern, and anything wrong with them (another regex release, a damaged file, a pattern they do not
hold) means compiling the ordinary way."""

from __future__ import annotations


import re

import damaged
import pytest
import regex

from govlint import datafiles, regexstore

REBUILD = "run: PYTHONPATH=src python scripts/build_indexes.py"
TEXTS = [
    "Lovely chat with Mrs Patel in bay 3 today, 84 and sharp as a tack. #NHS",
    "you absolute muppet, you should take 500mg amoxicillin twice a day",
    "Call 07700 900123 or email jo.bloggs@nhs.net — DOB 01/02/1950, NHS no 943 476 5919",
    "ＹＯＵ are a M.O.R.O.N!!! id1ot f*cking clown 🤡",
    "",
]


def _header() -> dict:
    blob = datafiles.read_bytes(regexstore.INDEX)
    return datafiles.split_header(blob)[0]


@pytest.fixture
def fresh_store(monkeypatch):
    monkeypatch.setattr(regexstore, "_STATE", [])
    yield


def _shipped_release():
    header = _header()
    # pyproject.toml pins the release regex.idx is built with: with any other, every built-in pattern would
    # compile the ordinary way (same results, several times slower to start), so a mismatch is a failure.
    assert header["regex"] == regexstore._release(), (
        f"regex.idx was built with regex {header['regex'][0]}; this is {regex.__version__}: pin the release in "
        f"pyproject.toml and {REBUILD}")
    return header


def test_pyproject_pins_the_regex_release_the_index_was_built_with():
    import pathlib

    pyproject = (pathlib.Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    pins = re.findall(r'"regex==([0-9.]+)"', pyproject)
    assert pins == [_header()["regex"][0]], f"pyproject.toml pins regex {pins}; regex.idx: {_header()['regex'][0]}"


def test_every_built_in_pattern_is_shipped_and_behaves_as_compiled(fresh_store):
    from govlint import shipdata

    header = _shipped_release()
    requests = shipdata.regex_requests()
    assert len(requests) > 300
    missing = [p[:60] for p, f in requests if regexstore.key(p, f) not in header["index"]]
    assert not missing, f"patterns not in regex.idx: {missing[:5]}: {REBUILD}"
    for pattern, flags in requests:
        shipped = regexstore.compiled(pattern, flags)
        assert shipped is not None, pattern[:80]
        plain = regex.compile(pattern, flags)
        assert (shipped.pattern, shipped.flags, shipped.groupindex, shipped.groups) == \
            (plain.pattern, plain.flags, plain.groupindex, plain.groups)
        for text in TEXTS:
            assert [(m.span(), m.groups()) for m in shipped.finditer(text)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text)], pattern[:80]


def test_a_snapshot_pattern_not_written_out_compiles_from_its_key(fresh_store):
    import pickle

    from govlint import packs, shipdata, snapshot

    _shipped_release()
    blob = datafiles.read_bytes(snapshot.SNAPSHOT)
    snapshot._ROOT[:] = [str(packs.builtin_dir().resolve())]
    try:
        payload = pickle.loads(datafiles.split_header(blob)[1])  # objects of its own, as a new process has them
    finally:
        snapshot._ROOT.clear()
    keyed = [lp for lp in shipdata.reachable([payload["detectors"]]) if lp._ckey is not None]
    assert len(keyed) > 20, "the snapshot's lexicon patterns carry no key"
    for lp in keyed:
        assert not isinstance(lp._pattern, str) and lp._re is None
        expected = shipdata.text_of(lp)
        compiled = lp.re
        assert compiled.pattern == expected == lp.pattern
        assert regexstore.key(expected, lp.flags) == lp._ckey


def test_another_pattern_with_the_same_key_is_not_taken(fresh_store, monkeypatch):
    _shipped_release()
    monkeypatch.setattr(regexstore, "key", lambda pattern, flags: "collide")
    state = regexstore._load()
    some = next(iter(state[0].values()))
    monkeypatch.setitem(state[0], "collide", some)
    assert regexstore.compiled("(?:definitely not shipped)", 0) is None


@pytest.mark.parametrize("damage", damaged.KINDS)
def test_a_damaged_or_foreign_index_means_compiling_as_usual(fresh_store, monkeypatch, damage):
    from govlint.lazyre import LazyPattern

    real = datafiles.read_bytes
    blob = real(regexstore.INDEX)

    def read(name):
        if name != regexstore.INDEX:
            return real(name)
        return damaged.copy_of(blob, datafiles.HEAD, damage, lambda h: h.update(regex=("1999.01.01", 0)))

    monkeypatch.setattr(datafiles, "read_bytes", read)
    from govlint.identifiers import uk

    pattern = uk._RECOGNISERS[0][1].pattern
    assert regexstore.compiled(pattern, 0) is None
    lp = LazyPattern(pattern)
    assert [m.span() for m in lp.finditer("NHS no 943 476 5919")] == [(7, 19)]
def test_a_run_compiles_no_built_in_pattern_the_ordinary_way(fresh_store, monkeypatch):
    """The point of the index: checking drafts with the built-in packs never runs regex's Python compiler."""
    _shipped_release()
    import subprocess
    import sys

    code = (
        "import regex._main as m\n"
        "seen = []\n"
        "real = m._compile\n"
        "m._compile = lambda p, *a, **k: seen.append(p) or real(p, *a, **k)\n"
        "from govlint.cli import run\n"
        "import sys\n"
        "sys.argv = ['govlint', 'check', '--no-nlp', '--format', 'json', '-']\n"
        "run()\n"
        "print('COMPILED', len(seen), file=sys.stderr)\n"
        "for p in seen: print('P', p[:80], file=sys.stderr)\n"
    )
    drafts = "\n".join(TEXTS) + "\n" + "Ｍｒｓ Ｐａｔｅｌ ａｇｅｄ ８４ iη bay 3\n"  # ASCII and not: both engines' paths
    out = subprocess.run([sys.executable, "-c", code], input=drafts, capture_output=True, text=True)
    line = next(x for x in out.stderr.splitlines() if x.startswith("COMPILED"))
    compiled = [x for x in out.stderr.splitlines() if x.startswith("P ")]
    assert int(line.split()[1]) == 0, compiled
