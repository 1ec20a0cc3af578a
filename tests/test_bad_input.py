"""Bad input gives a clear one-line message and exit 2 (or a clean result), never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from govlint.cli import app

runner = CliRunner()


def _run(*args):
    r = subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    return r


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"   \n\n  \t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 au lait", "UTF-8"),
])
def test_bad_files(tmp_path, content, needle):
    p = tmp_path / "draft.txt"
    p.write_bytes(content)
    r = _run("check", str(p), "--no-nlp")
    assert r.returncode == 2 and needle in r.stderr + r.stdout


def test_utf16_with_bom_is_read(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_bytes("Thanks team, great shift!".encode("utf-16"))
    assert _run("check", str(p), "--no-nlp").returncode == 0


def test_missing_path_and_directory(tmp_path):
    r = _run("check", str(tmp_path / "nope.txt"), "--no-nlp")
    assert r.returncode == 2 and "no such file" in r.stdout + r.stderr
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    r = _run("check", str(empty), "--no-nlp")
    assert r.returncode == 2 and "folder" in r.stdout + r.stderr


def test_one_bad_file_does_not_hide_the_others(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Can anyone chase the bloods for 943 476 5919?", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"broken \xc3\x28 text")
    r = _run("check", str(bad), str(good), "--no-nlp")
    assert r.returncode == 2
    assert "GMC-CONF-01" in r.stdout and "b.txt" in r.stdout + r.stderr


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    p = tmp_path / "secret.txt"
    p.write_text("x")
    p.chmod(0)
    assert _run("check", str(p), "--no-nlp").returncode == 2


def test_huge_single_post_is_refused_quickly(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("a" * 200_000, encoding="utf-8")
    start = time.monotonic()
    r = _run("check", str(p), "--no-nlp")
    assert r.returncode == 2 and "split it" in r.stdout + r.stderr
    assert time.monotonic() - start < 30


def _pack(tmp_path, body: str):
    p = tmp_path / "pack.yaml"
    p.write_text(body, encoding="utf-8")
    return p


GOOD_RULE = """
pack: mine
rules:
  - id: MINE-TEST-01
    title: t
    concern: hostility
    severity: error
    message: m
    citation: {document: d, url: "https://example.org"}
    detector: {type: pattern, patterns: ['foo']}
    examples: {bad: [foo, foo foo], good: [bar, baz]}
"""


def test_custom_pack_works(tmp_path):
    pack = _pack(tmp_path, GOOD_RULE)
    draft = tmp_path / "d.txt"
    draft.write_text("foo", encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "--pack", str(pack), "--no-nlp"])
    assert r.exit_code == 1 and "MINE-TEST-01" in r.output


@pytest.mark.parametrize("mutation,needle", [
    (lambda s: s.replace("    title: t\n", "    title: t\n  bad indent: [\n"), "pack.yaml:"),
    (lambda s: s.replace("    title: t\n", "    title: t\n    colour: red\n"), "unknown key 'colour'"),
    (lambda s: s.replace("severity: error", "severity: 3"), "severity"),
    (lambda s: s.replace("['foo']", "['fo(o']"), "does not compile"),
    (lambda s: s.replace("type: pattern", "type: telepathy"), "unknown detector type"),
    (lambda s: s + s.split("rules:\n")[1], "duplicate rule id"),
    (lambda s: s.replace("    citation: {document: d, url: \"https://example.org\"}\n", ""), "citation"),
    (lambda s: s.replace("['foo']", "['(a+)+$']"), "catastrophically"),
    (lambda s: s.replace("pack: mine", "pack: mine\nx: &a [1]\ny: *a"), "aliases"),
    (lambda s: s.replace("title: t", "title: !!python/object/apply:os.system ['echo hi']"), "pack.yaml"),
])
def test_broken_packs_name_file_line_and_rule(tmp_path, mutation, needle):
    pack = _pack(tmp_path, mutation(GOOD_RULE))
    draft = tmp_path / "d.txt"
    draft.write_text("foo", encoding="utf-8")
    r = _run("check", str(draft), "--pack", str(pack), "--no-nlp")
    assert r.returncode == 2, r.stdout
    assert needle in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1  # one line


def test_rule_id_and_line_in_pack_errors(tmp_path):
    pack = _pack(tmp_path, GOOD_RULE.replace("    title: t\n", "    title: t\n    colour: red\n"))
    r = _run("check", str(tmp_path), "--pack", str(pack), "--no-nlp")
    assert "pack.yaml:" in r.stderr and "MINE-TEST-01" in r.stderr


def test_slow_regex_on_crafted_post_is_reported_and_rest_completes(tmp_path):
    # Passes the load-time probes but backtracks on this particular input.
    body = GOOD_RULE.replace("['foo']", "['(x+x+)+y']")
    pack = _pack(tmp_path, body)
    draft = tmp_path / "d.txt"
    # The 'y' up front gets past the prefilter (the pattern cannot match a post without one).
    draft.write_text("y " + "x" * 4000, encoding="utf-8")
    cfg = tmp_path / "govlint.yaml"
    cfg.write_text("regex-timeout: 0.2\n", encoding="utf-8")
    start = time.monotonic()
    r = _run("check", str(draft), "--pack", str(pack), "--pack", "gmc", "--no-nlp", "--config", str(cfg))
    assert time.monotonic() - start < 60
    assert r.returncode == 2
    assert "MINE-TEST-01" in r.stdout + r.stderr and "longer than" in r.stdout + r.stderr
