"""What the start-up data shipped with govlint is made from (``scripts/build_indexes.py`` writes it, and
``tests/test_shipped_indexes.py`` checks it is current): not imported by a normal run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from govlint.lazyre import LazyPattern

# Each shipped file (in ``govlint/data``) and the code that makes it, run in a fresh process.
BUILDERS = {
    "gazetteer.idx": "from govlint.identifiers import gazindex; data = gazindex.build()",
    "gates.idx": "from govlint import prefilter, shipdata; data = prefilter.build_shipped(shipdata.gate_requests())",
    "packs.snapshot": "from govlint import packs, snapshot; data = snapshot.build(packs.builtin_dir())",
    "regex.idx": "from govlint import regexstore, shipdata; data = regexstore.build(shipdata.regex_requests())",
}


def build_fresh(name: str) -> bytes:
    """The bytes of one shipped file as this checkout's sources make it, built in a fresh process (so that
    nothing loaded before, the shipped data included, takes part)."""
    src = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])]))
    code = f"import sys; {BUILDERS[name]}; sys.stdout.buffer.write(data)"
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env).stdout


def builtin_rules() -> list:
    """Every rule of every built-in pack, the abstract core's templates included."""
    from govlint import packs

    packset = packs.PackSet()
    out = []
    for pid in packs.builtin_ids():
        out.extend(packset.load(pid).rules)
    return out


def lazy_patterns() -> Iterator[LazyPattern]:
    """Every pattern the built-in packs' detectors and the pattern identifiers hold, each once."""
    from govlint import engine
    from govlint.identifiers import gazetteer, uk

    return reachable([[d for _, d in engine.Linter(builtin_rules(), nlp_model=None).compiled], uk._RECOGNISERS,
                      vars(gazetteer)])


def text_of(lp: LazyPattern) -> str:
    """The pattern's text, written out without keeping it (a stored detector keeps its lexicons unexpanded)."""
    return lp._pattern if isinstance(lp._pattern, str) else lp._pattern()


def regex_requests() -> list[tuple[str, int]]:
    """(pattern, flags) of every pattern :func:`lazy_patterns` finds and of every module-level pattern
    (:func:`govlint.lazyre.fixed`, :class:`govlint.lazyre.Later`), for ``data/regex.idx``."""
    import importlib
    import pkgutil

    import govlint
    from govlint import lazyre

    for info in pkgutil.walk_packages(govlint.__path__, "govlint."):
        if info.name in ("govlint.__main__",):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed (the web page's)
            continue
    return sorted({(text_of(lp), int(lp.flags)) for lp in lazy_patterns()} | set(lazyre.MODULE_PATTERNS))


def reachable(roots, kind: type = LazyPattern) -> Iterator:
    """Every ``kind`` (a :class:`LazyPattern`) reachable from ``roots`` through govlint's own objects and
    containers."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
            continue
        seen.add(id(obj))
        if isinstance(obj, kind):
            yield obj
        if isinstance(obj, LazyPattern):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif type(obj).__module__.startswith("govlint.") and not isinstance(obj, type):
            stack.extend(getattr(obj, "__dict__", {}).values())
            for klass in type(obj).__mro__:
                for name in getattr(klass, "__slots__", ()):
                    if hasattr(obj, name):
                        stack.append(getattr(obj, name))


def gate_requests() -> list[tuple[str, int, dict | None]]:
    """(pattern, flags, slots) of every gate those patterns would work out, as :attr:`LazyPattern.gate` asks."""
    out = {}
    for lp in lazy_patterns():
        if lp._gate is not False:
            continue  # given its gate when built (a lexicon's)
        source, slots = lp._gate_source or (lp.pattern, None)
        key = (source, int(lp.flags), repr(sorted((k, sorted(v)) for k, v in (slots or {}).items())))
        out.setdefault(key, (source, int(lp.flags), slots))
    return [out[k] for k in sorted(out)]
