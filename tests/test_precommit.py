"""The pre-commit hook: its definition (always), and the real flow through `pre-commit` (opt-in, slow).

The flow test builds the hook's environment the way users get it: pre-commit
pip-installs this project into a fresh virtual environment, which needs the
package index and takes a minute or two. It runs only with GOVLINT_PRECOMMIT=1
(``scripts/check_precommit.sh`` sets it) and skips, saying why, when
``pre-commit`` or git is missing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CONTACT = "Her daughter's mobile is 07700 900123 if anyone on nights can update her, she's in resus.\n"
CLEAN = "Flu jabs are available at every GP practice this week. Book yours today.\n"


def test_hook_definition():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "govlint"
    assert hook["entry"] == "govlint check"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True  # one process: the NLP model loads once
    assert hook.get("pass_filenames", True) is True
    files = re.compile(hook["files"])
    for name in ("drafts/a.txt", "b.md", "posts/c.csv", "d.jsonl", "e.markdown"):
        assert files.search(name), name
    for name in ("setup.py", "govlint.yaml", "image.png", "notes.txt.bak"):
        assert not files.search(name), name
    assert set(hook["types_or"]) >= {"text", "markdown"}


# --- the real flow --------------------------------------------------------------------------------------------

def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


def _skip_reason() -> str | None:
    if os.environ.get("GOVLINT_PRECOMMIT") != "1":
        return "slow (pip-installs govlint into a fresh hook environment): run scripts/check_precommit.sh or set GOVLINT_PRECOMMIT=1"
    if _pre_commit() is None:
        return "pre-commit is not installed (pip install '.[test]')"
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return "needs git and a git checkout of govlint"
    return None


def _git_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="Comms Team",
               GIT_AUTHOR_EMAIL="comms@example.nhs.uk", GIT_COMMITTER_NAME="Comms Team",
               GIT_COMMITTER_EMAIL="comms@example.nhs.uk", PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return env


def _run(cmd, cwd, env, timeout=600):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _snapshot(dest: Path, env) -> str:
    """This working tree (committed or not) as a one-commit repository pre-commit can clone."""
    files = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], ROOT, env).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "snapshot"]):
        r = _run(cmd, dest, env)
        assert r.returncode == 0, r.stderr
    return _run(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


@pytest.mark.precommit
@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_clean_commit_passes_and_violating_commit_is_blocked(tmp_path):
    pc = _pre_commit()
    env = _git_env(tmp_path / "pre-commit-home")
    snap = tmp_path / "govlint-snapshot"
    snap.mkdir()
    rev = _snapshot(snap, env)

    work = tmp_path / "comms"
    (work / "drafts").mkdir(parents=True)
    assert _run(["git", "init", "-q"], work, env).returncode == 0
    (work / ".govlint.yaml").write_text("nlp-model: none\n", encoding="utf-8")  # pattern rules only: fast
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snap}\n    rev: {rev}\n    hooks:\n      - id: govlint\n        files: ^drafts/\n",
        encoding="utf-8")
    (work / "drafts" / "flu.txt").write_text(CLEAN, encoding="utf-8")
    r = _run([*pc, "install"], work, env)
    assert r.returncode == 0, r.stdout + r.stderr

    _run(["git", "add", "-A"], work, env)
    r = _run(["git", "commit", "-m", "Flu campaign post"], work, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "govlint" in r.stdout + r.stderr and "Passed" in r.stdout + r.stderr
    head = _run(["git", "rev-parse", "HEAD"], work, env).stdout

    (work / "drafts" / "night.txt").write_text(CONTACT, encoding="utf-8")
    _run(["git", "add", "drafts/night.txt"], work, env)
    r = _run(["git", "commit", "-m", "Night shift post"], work, env)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "GMC-CONF-03" in out and "Failed" in out
    assert _run(["git", "rev-parse", "HEAD"], work, env).stdout == head  # nothing committed

    # try-repo: the hook as published, run on what is staged (the violating draft). It always builds
    # its own hook environment, so it is run once.
    r = _run([*pc, "try-repo", str(snap), "govlint", "--ref", rev], work, env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "GMC-CONF-03" in r.stdout
