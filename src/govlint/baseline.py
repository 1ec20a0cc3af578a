"""Baselines: accept the findings a body of drafts has today, report only new ones.

The file is versioned JSON, sorted so it diffs cleanly and is byte-identical
for the same findings::

    {"version": 1, "generated_by": "govlint 0.1.0",
     "findings": [{"fingerprint": "...", "rule": "GMC-CONF-04", "path": "drafts/a.md", "count": 1}]}

Entries are keyed by (path, fingerprint). ``Finding.fingerprint`` hashes the
rule, the normalised matched text, which occurrence of that text in the post
it is, and the post's id when it is a stable text id (a JSONL ``id``), never the
line or a thread position, so edits elsewhere in the file (a line inserted
above, another post added before it in a thread) leave it unchanged. It stores
**no** matched text. ``count`` is how many findings share the key, so a second
identical finding in the same file is still reported as new. Paths are
relative to the baseline file's folder, so a check run from another folder
still matches.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable

from govlint import atomic
from govlint.errors import BaselineError
from govlint.model import Finding

VERSION = 1
DEFAULT_NAME = ".govlint-baseline.json"


def _key_path(path: str, base: Path) -> str:
    if path.startswith("<"):  # <stdin>, <text>
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(os.path.abspath(path)).as_posix()


def _base(baseline_path: str | os.PathLike) -> Path:
    return Path(os.path.abspath(baseline_path)).parent


def dumps(findings: Iterable[Finding], baseline_path: str | os.PathLike, version: str) -> str:
    """The baseline document for ``findings`` (deterministic)."""
    base = _base(baseline_path)
    counts: Counter = Counter()
    for f in findings:
        counts[(_key_path(f.path, base), f.fingerprint, f.rule)] += 1
    rows = [{"fingerprint": fp, "rule": rule, "path": path, "count": n}
            for (path, fp, rule), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1]))]
    doc = {"version": VERSION, "generated_by": f"govlint {version}", "findings": rows}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: str | os.PathLike, findings: Iterable[Finding], version: str) -> int:
    """Write the baseline atomically; returns the number of findings recorded."""
    findings = list(findings)
    try:
        atomic.write_text(path, dumps(findings, path, version))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline ({exc.strerror or exc})") from None
    return len(findings)


class Baseline:
    """A loaded baseline; :meth:`consume` says whether a finding was already there."""

    def __init__(self, path: str, counts: Counter, generated_by: str = ""):
        self.path, self._remaining, self.generated_by = path, counts, generated_by
        self.base = _base(path)
        self.total = sum(counts.values())

    def consume(self, f: Finding) -> bool:
        key = (_key_path(f.path, self.base), f.fingerprint)
        if self._remaining.get(key, 0) > 0:
            self._remaining[key] -= 1
            return True
        return False

    @property
    def unmatched(self) -> int:
        """Baselined findings not seen (yet) in this run: fixed, or in files not checked."""
        return sum(self._remaining.values())


def load(path: str | os.PathLike) -> Baseline:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with 'govlint baseline PATHS --output {path}')") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc.strerror or exc})") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise BaselineError(f"{path}: not a govlint baseline (invalid JSON{where}); regenerate it with 'govlint baseline'") from None
    if not isinstance(doc, dict) or "findings" not in doc or "version" not in doc:
        raise BaselineError(f"{path}: not a govlint baseline (expected an object with 'version' and 'findings')")
    if doc["version"] != VERSION:
        raise BaselineError(f"{path}: baseline version {doc['version']!r} is not supported (this govlint reads version {VERSION}); "
                            "regenerate it with 'govlint baseline'")
    rows = doc["findings"]
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    counts: Counter = Counter()
    for i, row in enumerate(rows):
        ok = (isinstance(row, dict) and isinstance(row.get("fingerprint"), str) and isinstance(row.get("path"), str)
              and isinstance(row.get("count", 1), int) and not isinstance(row.get("count", 1), bool) and row.get("count", 1) >= 1)
        if not ok:
            raise BaselineError(f"{path}: finding {i + 1} is malformed (needs fingerprint, path and a positive count)")
        counts[(row["path"], row["fingerprint"])] += row.get("count", 1)
    return Baseline(str(path), counts, str(doc.get("generated_by", "")))
