"""The built-in packs as loaded and built, shipped with govlint so that a one-draft run does not redo it.

Loading the built-in packs (parsing their YAML, validating every rule, building every detector) takes longer
than checking a short draft. ``data/packs.snapshot`` holds the result: each pack's header, each pack with its
rules, and the detectors built for them, as a pickle written by ``scripts/build_indexes.py``. Its header records
the size and CRC-32 of every built-in pack file and of every module the result depends on
(:data:`CODE`): when any of them differs (an edited rule, a changed detector), the packs are loaded live,
with the same results. ``tests/test_shipped_indexes.py`` checks the snapshot equals a live load.

Paths inside it are relative to the built-in packs' folder and are joined to wherever that folder is when
it is read. Only govlint's own package data is ever unpickled.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

SNAPSHOT = "data/packs.snapshot"
VERSION = 1
# The modules whose code decides what loading a built-in pack gives (relative to the package folder).
CODE = ("packs.py", "yamlio.py", "model.py", "records.py", "digest.py", "errors.py", "lazyre.py", "prefilter.py", "normalise.py", "datafiles.py",
        "phrases.py", "detectors")

_PKG = Path(__file__).resolve().parent
_STATE: list = []  # [Snapshot or None]
_ROOT: list[str] = []  # the built-in folder while unpickling


def _files(root: Path, suffixes: tuple[str, ...]) -> list[tuple[str, Path]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(suffixes):
                p = Path(dirpath) / name
                out.append((p.relative_to(root).as_posix(), p))
    return out


def signature(rules_root: Path) -> tuple:
    """(relative path, size, CRC-32) of every built-in pack file and every module in :data:`CODE`."""
    out = []
    for kind, root, entries in (("rules", rules_root, [""]), ("code", _PKG, CODE)):
        for entry in entries:
            target = root / entry if entry else root
            listed = _files(target, (".yaml", ".yml") if kind == "rules" else (".py",)) if target.is_dir() \
                else [(entry, target)]
            for rel, p in listed:
                data = p.read_bytes()
                out.append((kind, f"{entry}/{rel}" if entry and target.is_dir() else rel, len(data), zlib.crc32(data)))
    return tuple(out)


class Snapshot:
    def __init__(self, root: Path, payload: dict):
        self.root = root
        self.meta: dict[str, Any] = payload["meta"]  # each built-in pack's header, as packs._cached_meta reads it
        self.packs: dict[str, Any] = payload["packs"]
        from govlint.detectors import base
        from govlint.prefilter import Clause

        for key, det in payload["detectors"].items():
            base._COMPILED.setdefault(key, det)
        for spec, key, names in payload["spec_info"]:
            base._SPEC_INFO[id(spec)] = (spec, key, names)
        for names, lists, digest in payload["lexicon_hashes"]:
            base._LEXICON_HASHES[(names, tuple(map(id, lists)))] = (lists, digest)
        for needles, clause in payload["clauses"].items():
            Clause._interned.setdefault(needles, clause)

    def relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None


def get(rules_root: Path) -> Snapshot | None:
    """The shipped snapshot, when it was made from these very files; else None (load live)."""
    if not _STATE:
        _STATE.append(_read(rules_root.resolve()))
    snap = _STATE[0]
    return snap if snap is not None and snap.root == rules_root.resolve() else None


def _read(root: Path) -> Snapshot | None:
    import pickle

    from govlint import datafiles

    try:
        header, body = datafiles.split_header(datafiles.read_bytes(SNAPSHOT))
        if not isinstance(header, dict) or header.get("version") != VERSION or header.get("signature") != signature(root):
            return None
        _ROOT[:] = [str(root)]
        try:
            payload = pickle.loads(body)
        finally:
            _ROOT.clear()
        return Snapshot(root, payload)
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: load the packs live
        return None


# --- paths: stored relative to the built-in folder --------------------------------------------------

def _path(rel: str) -> str:
    return os.path.join(_ROOT[0], *rel.split("/")) if rel else _ROOT[0]  # as str(Path(root) / rel) gives it


def _source_ref(rel: str, line):
    from govlint.model import SourceRef

    return SourceRef(_path(rel), line)


def _pack(state: dict):
    from govlint.packs import Pack

    pack = Pack.__new__(Pack)
    state = dict(state)
    state["path"] = _path(state["path"])
    state["raw_rules"] = [(item, _path(rel)) for item, rel in state["raw_rules"]]
    pack.__dict__.update(state)
    return pack


def build(rules_root: Path) -> bytes:
    """The snapshot of the built-in packs in ``rules_root`` as they load now (run in a fresh process)."""
    import io
    import pickle
    import sys

    from govlint import packs
    from govlint.detectors import base
    from govlint.model import SourceRef
    from govlint.prefilter import Clause

    root = rules_root.resolve()
    _STATE[:] = [None]  # load live, whatever snapshot is shipped now
    packset = packs.PackSet()
    loaded = {}
    for pid in packs.builtin_ids():
        pack = packset.load(pid)
        loaded[Path(pack.path).resolve().relative_to(root).as_posix() if not Path(pack.path).name == "pack.yaml"
               else Path(pack.path).parent.resolve().relative_to(root).as_posix()] = pack
    specs = {}
    for pack in loaded.values():
        for rule in pack.rules:
            info = base._SPEC_INFO.get(id(rule.detector))
            if info is not None and info[0] is rule.detector:
                specs[id(rule.detector)] = info
    lexicon_hashes = [(names, lists, digest) for (names, _), (lists, digest) in base._LEXICON_HASHES.items()]

    def rel(path: str) -> str:
        return Path(path).resolve().relative_to(root).as_posix()

    class _Pickler(pickle.Pickler):
        def reducer_override(self, obj):
            if type(obj) is SourceRef:
                return _source_ref, (rel(obj.path), obj.line)
            if type(obj) is packs.Pack:
                state = dict(obj.__dict__)
                state["path"] = rel(state["path"])
                # (A built pack's rules are made already: the raw items they were made from are not stored.)
                state["raw_rules"] = [] if obj.rules else [(item, rel(f)) for item, f in state["raw_rules"]]
                return _pack, (state,)
            return NotImplemented

    from govlint import regexstore, shipdata

    # A pattern not yet written out (a lexicon's) carries the key of its compiled form in data/regex.idx.
    for lp in shipdata.reachable([loaded, dict(base._COMPILED)]):
        if not isinstance(lp._pattern, str) and lp._re is None:
            lp._ckey = regexstore.key(shipdata.text_of(lp), lp.flags)
    from govlint.detectors.pattern import PatternDetector

    clauses = dict(Clause._interned)  # those the stored lexicon gates use (not the ones worked out below)
    unworked = [lp for lp in shipdata.reachable([loaded, dict(base._COMPILED)]) if lp._gate is False]
    for det in shipdata.reachable([loaded, dict(base._COMPILED)], PatternDetector):
        det._keys = False
        keys = det.keys()  # each pattern detector's pieces, so a run need not work out its patterns' gates for them
        det._keys = keys if keys is None else frozenset(map(sys.intern, keys))  # stored once each
        det._firsts = tuple(f if f is None else frozenset(map(sys.intern, f)) for f in det._firsts)
    for lp in unworked:
        lp._gate = False  # not stored: a run works out (from data/gates.idx) only the gates its posts need
    meta = {pid: packs._cached_meta(pid) for pid in packs.builtin_ids()}
    payload = {"meta": meta, "packs": loaded, "detectors": dict(base._COMPILED), "spec_info": list(specs.values()),
               "lexicon_hashes": lexicon_hashes, "clauses": clauses}
    buf = io.BytesIO()
    _Pickler(buf, protocol=4).dump(payload)
    body = buf.getvalue()
    if str(root).encode() in body:
        raise RuntimeError("an absolute path of the built-in packs would be stored in the snapshot")
    from govlint.datafiles import with_header

    return with_header({"version": VERSION, "signature": signature(root)}, body)  # uncompressed: git and wheels compress it
