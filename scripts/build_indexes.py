#!/usr/bin/env python3
"""Write the indexes govlint ships so that a one-draft run starts quickly (see each module's docstring):

- ``src/govlint/data/gazetteer.idx``: the gazetteer's lists keyed and bucketed (govlint.identifiers.gazindex).

Run after changing any of their sources (``tests/test_shipped_indexes.py`` fails until you do):

    PYTHONPATH=src python scripts/build_indexes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "govlint" / "data"


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    print(f"wrote {path} ({len(data):,} bytes)")


def main() -> int:
    from govlint.identifiers import gazindex

    _write(DATA / Path(gazindex.INDEX).name, gazindex.build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
