"""scripts/measure_shared.py on a tiny corpus folder made here (the real corpora are not needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "measure_shared.py"


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _olid(text, a, b="NULL", c="NULL"):
    return {"id": text[:10], "text": text, "labels": ["hostility"] if a == "OFF" else [], "annotated": ["hostility"],
            "meta": {"subtask_a": a, "subtask_b": b, "subtask_c": c}}


def test_measure_script_on_a_synthetic_folder(tmp_path):
    _write(tmp_path / "olid.dev.jsonl", [
        _olid("@USER you are an absolute muppet", "OFF", "TIN", "IND"),
        _olid("@USER he is a lying snake", "OFF", "TIN", "IND"),
        _olid("@USER what a lovely day for it", "OFF", "TIN", "IND"),  # a miss: no hostile words
        _olid("@USER the new contract is a bad deal for trainees", "NOT"),
        _olid("@USER thanks for sharing the paper", "NOT"),
    ])
    text = "Saw Mrs Patel in Leeds on Tuesday"
    _write(tmp_path / "wnut17.dev.jsonl", [
        {"id": "w1", "text": text, "labels": ["personal-data"], "annotated": ["personal-data"],
         "spans": [{"start": 4, "end": 13, "type": "person"}, {"start": 17, "end": 22, "type": "location"}]},
        {"id": "w2", "text": "nothing to see here", "labels": [], "annotated": ["personal-data"], "spans": []},
    ])
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--no-nlp", "--json", str(out)],
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text())
    ind = report["files"]["olid"]["hostility"]["IND vs NOT"]
    assert (ind["tp"], ind["fp"], ind["fn"]) == (2, 0, 1)
    assert ind["recall"] == round(2 / 3, 3) and ind["precision"] == 1.0
    assert report["files"]["olid"]["leakage"]["clean_rows"] == 2
    recall = report["files"]["wnut17"]["identifiers_any_score"]["recall"]
    assert recall["person"] == {"found": 1, "n": 1, "recall": 1.0}  # the titled name
    assert recall["location"] == {"found": 1, "n": 1, "recall": 1.0}  # the gazetteer place
    assert "== olid" in proc.stdout and "IND vs NOT" in proc.stdout


def test_measure_script_rejects_a_missing_folder(tmp_path):
    proc = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "nope")], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert proc.returncode == 2 and "not a folder" in proc.stderr
