"""`check`, `inspect` and `audit` never write their inputs; `fix` writes only with --write, atomically."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from govlint.cli import app

DRAFT = "---\nauthor: {name: Dr Jo Bloggs}\n---\nMrs Patel in bay 3, 84, from Leek, came in at 3am. DOB 01/02/1940.\n"


def _snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in folder.iterdir()}


@pytest.mark.parametrize("args", [
    ["check", "{d}", "--no-nlp"], ["check", "{d}", "--no-nlp", "--format", "html"], ["inspect", "{d}", "--no-nlp"],
    ["audit", "{d}", "--no-nlp"], ["fix", "{d}/draft.md", "--no-nlp"], ["fix", "{d}/draft.md", "--diff", "--no-nlp"],
])
def test_readers_never_write(tmp_path, args):
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "draft.md").chmod(0o640)
    before = _snapshot(tmp_path)
    r = CliRunner().invoke(app, [a.format(d=tmp_path) for a in args])
    assert r.exit_code in (0, 1), r.output
    assert _snapshot(tmp_path) == before


def test_fix_write_keeps_mode_and_survives_a_crash(tmp_path, monkeypatch):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    draft.chmod(0o640)

    def crash(*_a, **_k):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(os, "replace", crash)
    r = CliRunner().invoke(app, ["fix", str(draft), "--write", "--no-nlp"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md"], "no temporary file left behind"
    monkeypatch.undo()
    r = CliRunner().invoke(app, ["fix", str(draft), "--write", "--no-nlp"])
    assert draft.read_text(encoding="utf-8") != DRAFT
    assert draft.read_text(encoding="utf-8").startswith("---\nauthor: {name: Dr Jo Bloggs}\n---\n")
    assert draft.stat().st_mode & 0o777 == 0o640
