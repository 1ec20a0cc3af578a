"""The benchmark script runs end to end on a tiny corpus and writes its documented JSON (timings are not checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_writes_every_measurement_and_target(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(out),
                           "--workdir", str(tmp_path / "work")], capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(out.read_text(encoding="utf-8"))

    assert res["schema"] == 1 and res["config"]["quick"] is True
    sizes = [str(n) for n in res["config"]["sizes"]]
    assert sorted(res["throughput"], key=int) == sizes
    for row in res["throughput"].values():
        for kind in ("govlint_ner", "spacy_ner_pipe", "govlint_no_nlp"):
            assert row[kind]["posts_per_s"] > 0 and len(row[kind]["runs"]) >= 1
        assert row["ratio_govlint_to_spacy"] > 0
    assert res["jobs"]["jobs"] == 2 and res["jobs"]["speedup"] > 0 and res["jobs"]["machine_speedup"] > 0
    assert res["presidio_raw"]["posts_per_s"] > 0 and res["presidio_raw"]["sample"] > 0
    for kind in ("govlint_ner", "spacy_ner_load", "import_typer", "govlint_no_nlp", "precommit_20_drafts"):
        assert res["cold_start"][kind]["median_s"] > 0
    assert set(res["memory"]) == {sizes[0], sizes[-1]}
    ids = [t["id"] for t in res["targets"]]
    assert ids == ["ner_throughput", "jobs_speedup", "cold_start_ner", "cold_start_no_nlp", "no_nlp_throughput",
                   "scaling", "memory", "precommit"]
    for t in res["targets"]:
        assert t["comparison"] in (">=", "<=", "<") and isinstance(t["threshold"], (int, float))
        assert t["pass"] is None or isinstance(t["pass"], bool)
    # The printed table names every target with its verdict.
    for t in res["targets"]:
        assert t["id"] in proc.stdout
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout
