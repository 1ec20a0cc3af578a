"""Hostile policy files: loading reports file, line and rule id in one line and exit 2, quickly, never a traceback.
(The common breakages — syntax, unknown keys, types, duplicate ids, citations, bad and catastrophic regexes,
python tags — are in tests/test_bad_input.py; these are the nastier ones.)"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

RULE = """
pack: mine
rules:
  - id: MINE-TEST-01
    title: t
    concern: hostility
    severity: error
    message: m
    citation: {document: d, url: "https://example.org"}
    detector: {type: pattern, patterns: ['foo']}
    examples: {bad: [foo], good: [bar]}
"""

BOMB = "pack: mine\n" + "\n".join(
    [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]).replace("*l0", "lol") + "\n"


def _load(tmp_path, body: bytes | str, name="pack.yaml"):
    pack = tmp_path / name
    pack.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    draft = tmp_path / "d.txt"
    draft.write_text("foo", encoding="utf-8")
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "govlint", "check", str(draft), "--pack", str(pack), "--no-nlp"],
                       capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 30
    assert "Traceback" not in r.stderr + r.stdout
    assert r.returncode == 2, r.stdout
    assert r.stderr.count("\n") == 1, r.stderr
    return r.stderr


@pytest.mark.parametrize("body,needle", [
    (BOMB, "alias"),
    ("pack: mine\nrules: " + "[" * 200 + "]" * 200 + "\n", "deep"),
    ("pack: mine\nrules: {a: 1}\n", "list"),
    ("pack: mine\nrules:\n  - just a string\n", "mapping"),
    (RULE.replace("concern: hostility", "concern: rudeness"), "concern"),
    (RULE.replace("examples: {bad: [foo], good: [bar]}", "examples: {bad: [], good: []}"), "example"),
    (RULE.replace("url: \"https://example.org\"", "url: \"javascript:alert(1)\""), "url"),
    (RULE.replace("patterns: ['foo']", "patterns: ['(?<=a+)foo']"), "MINE-TEST-01"),
    ("", "empty"),
    (b"pack: m\xe9\n", "UTF-8"),
])
def test_hostile_pack(tmp_path, body, needle):
    err = _load(tmp_path, body)
    assert "pack.yaml" in err and needle.lower() in err.lower(), err

