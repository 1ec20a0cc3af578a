"""Option values coerced without pydantic are exactly typer's own, errors included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from govlint.cli import app

ROOT = Path(__file__).resolve().parent.parent
_coercion = pytest.importorskip("typer._coercion")
core = pytest.importorskip("typer.core")


def _params():
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        for p in cmd.params:
            if isinstance(p, core._TyperParameter):
                yield name, p


SAMPLES = ["text", "json", "error", "x", "3", "-2", "+4", "07", "", "２", "1.5", "true"]


def test_fast_coercion_matches_typer(monkeypatch):
    ctx = typer.main.get_command(app).make_context("govlint", ["check"], resilient_parsing=True)
    checked = 0
    for _, p in _params():
        p._runtime_param = None
        fast = p.get_runtime_param()
        slow = _coercion.build_runtime_param(p.type_descriptor)
        values = [[v] for v in SAMPLES] if p.multiple or p.nargs == -1 else SAMPLES + [True, False]
        for v in values:
            try:
                want = ("ok", slow.coerce(v, param=p, ctx=ctx))
            except Exception as exc:  # noqa: BLE001 - comparing failures too
                want = ("err", type(exc).__name__, str(exc))
            try:
                got = ("ok", fast.coerce(v, param=p, ctx=ctx))
            except Exception as exc:  # noqa: BLE001
                got = ("err", type(exc).__name__, str(exc))
            assert got == want and type(got[-1]) is type(want[-1]), (p.name, v, got, want)
            checked += 1
    assert checked > 100


def test_a_check_does_not_import_pydantic(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Lovely day for a run.", encoding="utf-8")
    code = ("import sys\nfrom govlint.cli import run\nsys.argv = ['govlint', 'check', '--no-nlp', '-f', 'json', sys.argv[1]]\n"
            "run()\n"
            "print('PYDANTIC' if any(m.split('.')[0] == 'pydantic' for m in sys.modules) else 'CLEAN', file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True,
                       env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert r.stderr.strip().endswith("CLEAN"), r.stderr
