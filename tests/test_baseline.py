"""Baselines: versioned, sorted, no post text, written atomically; survive edits elsewhere; new findings still reported."""

from __future__ import annotations

import json
import os
import stat

import pytest
from typer.testing import CliRunner

from govlint import atomic
from govlint import baseline as bl
from govlint.api import Linter
from govlint.cli import app
from govlint.errors import BaselineError

runner = CliRunner()

CONTACT = "Her daughter's mobile is 07700 900123 if anyone on nights can update her, she's in resus."
JIGSAW = ("Long night on Ward 7B at the Royal Stoke. 84-year-old retired headmistress from Leek came in at 3am "
          "with a very rare sarcoma.")
NEW = "Her son's mobile is 07700 900999 if anyone can update him tonight."
SECRET_WORDS = ["07700", "900123", "Royal Stoke", "Leek", "headmistress", "daughter", "sarcoma"]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "govlint.yaml").write_text("nlp-model: none\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "thread.txt").write_text(f"A quiet start to the shift.\n---\n{CONTACT}\n", encoding="utf-8")
    (drafts / "night.md").write_text(f"{JIGSAW}\n", encoding="utf-8")
    (drafts / "clean.txt").write_text("Flu jabs are available at every GP practice this week.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _baseline(*args):
    r = runner.invoke(app, ["baseline", "drafts", *args])
    assert r.exit_code == 0, r.output
    return r


def _check(*args):
    return runner.invoke(app, ["check", "drafts", *args])


def test_baseline_file_is_versioned_sorted_and_holds_no_post_text(repo):
    r = _baseline()
    assert "2 findings" in r.output
    raw = (repo / ".govlint-baseline.json").read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert doc["version"] == 1 and doc["generated_by"].startswith("govlint ")
    rows = doc["findings"]
    assert {(r["rule"], r["path"], r["count"]) for r in rows} == {("GMC-CONF-03", "drafts/thread.txt", 1),
                                                                  ("GMC-CONF-04", "drafts/night.md", 1)}
    assert all(set(r) == {"fingerprint", "rule", "path", "count"} for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["path"], r["rule"], r["fingerprint"]))
    for word in SECRET_WORDS:
        assert word.lower() not in raw.lower(), word
    # deterministic: the same findings give the same bytes
    _baseline()
    assert (repo / ".govlint-baseline.json").read_text(encoding="utf-8") == raw


def test_check_with_baseline_reports_nothing_until_a_new_finding(repo):
    assert _check().exit_code == 1
    _baseline()
    r = _check("--baseline", ".govlint-baseline.json")
    assert r.exit_code == 0, r.output
    assert "2 findings already in the baseline" in r.output
    # a new finding in a baselined file is reported (and only it)
    with open(repo / "drafts" / "thread.txt", "a", encoding="utf-8") as fh:
        fh.write(f"---\n{NEW}\n")
    r = _check("--baseline", ".govlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert [(f["rule"], f["post"], f["line"]) for f in doc["findings"]] == [("GMC-CONF-03", 2, 5)]
    assert {f["suppression"]["kind"] for f in doc["suppressed"]} == {"baseline"}
    assert doc["summary"]["suppressed"] == 2


def test_baseline_survives_edits_above_the_finding(repo):
    _baseline()
    # a line inserted above the finding in a single post, and a post added before it in a thread
    (repo / "drafts" / "night.md").write_text(f"Some context first.\n\nAnd more.\n{JIGSAW}\n", encoding="utf-8")
    (repo / "drafts" / "thread.txt").write_text(
        f"New opening post.\n---\nA quiet start to the shift.\nWith an extra line.\n---\n{CONTACT}\n", encoding="utf-8")
    r = _check("--baseline", ".govlint-baseline.json", "--format", "json")
    doc = json.loads(r.output)
    assert r.exit_code == 0, doc["findings"]
    lines = sorted((f["path"], f["line"]) for f in doc["suppressed"])
    assert lines == [("drafts/night.md", 4), ("drafts/thread.txt", 6)]  # moved, still matched


def test_a_second_identical_finding_is_new(repo):
    _baseline()
    (repo / "drafts" / "thread.txt").write_text(f"{CONTACT}\n---\n{CONTACT}\n", encoding="utf-8")
    r = _check("--baseline", ".govlint-baseline.json", "--format", "json")
    assert r.exit_code == 1
    assert len(json.loads(r.output)["findings"]) == 1


def test_changing_the_offending_text_makes_it_new(repo):
    _baseline()
    (repo / "drafts" / "thread.txt").write_text(CONTACT.replace("900123", "900456"), encoding="utf-8")
    assert _check("--baseline", ".govlint-baseline.json").exit_code == 1


def test_baseline_from_config_and_no_baseline_flag(repo):
    (repo / "govlint.yaml").write_text("nlp-model: none\nbaseline: ci/govlint-baseline.json\n", encoding="utf-8")
    (repo / "ci").mkdir()
    r = _baseline()
    assert (repo / "ci" / "govlint-baseline.json").is_file(), r.output
    assert _check().exit_code == 0
    assert _check("--no-baseline").exit_code == 1
    # from another folder: paths are matched relative to the baseline file
    os.chdir(repo / "drafts")
    assert runner.invoke(app, ["check", "."]).exit_code == 0


def test_fingerprint_ignores_position_but_not_the_text():
    linter = Linter(nlp=False)
    (a,) = [f for f in linter.check(CONTACT).findings if f.rule == "GMC-CONF-03"]
    (b,) = [f for f in linter.check("Quick update first.\n\n" + CONTACT, id=3).findings if f.rule == "GMC-CONF-03"]
    assert a.line != b.line and a.fingerprint == b.fingerprint
    (c,) = [f for f in linter.check(CONTACT.replace("123", "124")).findings if f.rule == "GMC-CONF-03"]
    assert c.fingerprint != a.fingerprint


@pytest.mark.parametrize("content,needle", [
    (None, "baseline file not found"),
    ("{not json", "invalid JSON"),
    ('{"version": 2, "findings": []}', "version 2 is not supported"),
    ('{"version": 1, "findings": [{"rule": "X"}]}', "finding 1 is malformed"),
    ('[1, 2]', "not a govlint baseline"),
    (b"\xff\xfe\x00", "invalid JSON"),
])
def test_missing_or_corrupt_baseline_is_exit_2_one_line(repo, content, needle):
    p = repo / "b.json"
    if isinstance(content, bytes):
        p.write_bytes(content)
    elif content is not None:
        p.write_text(content, encoding="utf-8")
    r = runner.invoke(app, ["check", "drafts", "--baseline", str(p)])
    assert r.exit_code == 2
    assert needle in r.output and str(p) in r.output
    assert r.output.count("\n") == 1 and "Traceback" not in r.output


def test_baseline_not_written_when_a_draft_cannot_be_read(repo):
    (repo / "drafts" / "bad.txt").write_bytes(b"not\x00text")
    r = runner.invoke(app, ["baseline", "drafts"])
    assert r.exit_code == 2 and "baseline not written" in r.output
    assert not (repo / ".govlint-baseline.json").exists()


# --- atomic writes ------------------------------------------------------------------------------------------

def test_crash_mid_write_leaves_the_old_baseline_intact(repo, monkeypatch):
    _baseline()
    target = repo / ".govlint-baseline.json"
    before = target.read_bytes()
    (repo / "drafts" / "thread.txt").write_text("All clear.\n", encoding="utf-8")  # the next baseline would differ

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    r = runner.invoke(app, ["baseline", "drafts"])
    assert r.exit_code == 2 and "cannot write the baseline" in r.output
    assert target.read_bytes() == before
    assert sorted(p.name for p in repo.iterdir()) == [".govlint-baseline.json", "drafts", "govlint.yaml"]  # no temp left


def test_atomic_write_keeps_permissions(tmp_path):
    p = tmp_path / "out.json"
    p.write_text("old", encoding="utf-8")
    p.chmod(0o640)
    atomic.write_text(p, "new")
    assert p.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    atomic.write_text(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_check_output_option_writes_the_report_atomically(repo, monkeypatch):
    r = runner.invoke(app, ["check", "drafts", "--format", "json", "--output", "report.json"])
    assert r.exit_code == 1 and r.output == ""
    doc = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    assert doc["summary"]["findings"] == 2
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    r = runner.invoke(app, ["check", "drafts", "--format", "json", "-o", "report.json"])
    assert r.exit_code == 2 and "cannot write the report" in r.output
    assert json.loads((repo / "report.json").read_text(encoding="utf-8")) == doc


def test_load_api(tmp_path):
    p = tmp_path / "b.json"
    p.write_text(json.dumps({"version": 1, "findings": [{"fingerprint": "ab", "rule": "R", "path": "x.txt", "count": 2}]}))
    b = bl.load(p)
    assert b.total == 2
    with pytest.raises(BaselineError):
        bl.load(tmp_path / "missing.json")
