#!/usr/bin/env python3
"""Write the data govlint ships so that a one-draft run starts quickly (see each module's docstring):

- ``src/govlint/data/gazetteer.idx``: the gazetteer's lists keyed and bucketed (govlint.identifiers.gazindex);
- ``src/govlint/data/gates.idx``: the prefilter gate of every pattern of the built-in packs and the pattern
  identifiers (govlint.prefilter, govlint.shipdata);
- ``src/govlint/data/packs.snapshot``: the built-in packs loaded and their detectors built (govlint.snapshot);
- ``src/govlint/data/regex.idx``: every built-in pattern compiled, for the installed ``regex`` release
  (govlint.regexstore).

Run after changing any of their sources (``tests/test_shipped_indexes.py`` fails until you do):

    PYTHONPATH=src python scripts/build_indexes.py

Each is built in a fresh process, from the sources alone (never from data shipped before).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "govlint" / "data"
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from govlint import shipdata

    for name in shipdata.BUILDERS:
        data = shipdata.build_fresh(name)
        path = DATA / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
