"""Hostile input files: each gives a clear one-line message and exit 2 (or a correct result when the input is
valid), never a traceback, in bounded time and memory; the other files of the same run are still checked."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

GOOD = "Can anyone chase the bloods for 943 476 5919 please?"  # a valid NHS number: GMC-CONF-01


def _run(*args, cwd=None, timeout=120):
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "govlint", "check", "--no-nlp", *args], capture_output=True, text=True,
                       timeout=timeout, cwd=cwd)
    r.elapsed = time.monotonic() - start
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    return r


def _with_good(tmp_path, bad_path, *extra):
    good = tmp_path / "zz-good.txt"
    good.write_text(GOOD, encoding="utf-8")
    r = _run(*extra, str(bad_path), str(good))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "GMC-CONF-01" in r.stdout, "the good file must still be checked and reported"
    return r


def _error_lines(r, name):
    return [line for line in (r.stdout + r.stderr).splitlines() if name in line and "error" in line.lower()]


@pytest.mark.parametrize("name,content,needle", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\r\n  \n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("latin1.txt", "Mrs Müller, café".encode("latin-1"), "UTF-8"),
    ("nul.txt", b"Mrs Patel\x00 in bay 3", "NUL"),
])
def test_bad_file_is_one_clear_line_and_others_still_checked(tmp_path, name, content, needle):
    p = tmp_path / name
    p.write_bytes(content)
    r = _with_good(tmp_path, p)
    lines = _error_lines(r, name)
    assert len(lines) == 1 and needle.lower() in lines[0].lower(), r.stdout + r.stderr


def test_utf16_bom_and_mixed_line_endings_are_valid_input(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Mrs Patel in bay 3 is doing well".encode("utf-16"))
    assert "GMC-CONF-02" in _run(str(p)).stdout
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"Quiet start.\r\nBusy middle.\rThen bloods for\n943 476 5919 please")
    r = _run(str(mixed))
    assert r.returncode == 1
    # Lines are counted as git and CI annotations count them: a line ends at \n (\r\n included); a lone \r does not.
    assert "mixed.txt:3:1:" in r.stdout, r.stdout


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = _with_good(tmp_path, fifo)
    assert r.elapsed < 60 and _error_lines(r, "pipe.txt")


def test_symlink_loop_and_missing_path(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    r = _with_good(tmp_path, a)
    assert _error_lines(r, "a.txt")
    r = _with_good(tmp_path, tmp_path / "missing.txt")
    assert _error_lines(r, "missing.txt")


def test_directory_with_a_bad_file_among_good_ones(tmp_path):
    d = tmp_path / "drafts"
    d.mkdir()
    (d / "one.txt").write_text(GOOD, encoding="utf-8")
    (d / "two.txt").write_bytes(b"broken \xc3\x28 text")
    (d / "three.md").write_text("Thanks all for a brilliant #NHS conference!", encoding="utf-8")
    r = _run(str(d))
    assert r.returncode == 2 and "GMC-CONF-01" in r.stdout and "two.txt" in r.stdout + r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("x")
    p.chmod(0)
    _with_good(tmp_path, p)


def _peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def test_50mb_single_line_is_refused_fast_with_bounded_memory(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        chunk = b"abcdefghij" * 100_000
        for _ in range(50):
            fh.write(chunk)
    r = _with_good(tmp_path, p)
    assert r.elapsed < 30
    assert _error_lines(r, "huge.txt")
    assert _peak_child_rss_mb() < 1500


def test_a_million_short_lines(tmp_path):
    p = tmp_path / "lines.txt"
    p.write_bytes(b"ok\n" * 1_000_000)
    r = _with_good(tmp_path, p)
    assert r.elapsed < 60 and _error_lines(r, "lines.txt")


def test_million_line_jsonl_is_streamed(tmp_path):
    """A valid but long JSONL file is checked, not refused, in bounded memory."""
    p = tmp_path / "posts.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write('{"text": "Lovely day for the 5k, well done team %d #NHSRun"}\n' % i)
    r = _run(str(p), timeout=300)
    assert r.returncode == 0, r.stdout[-500:] + r.stderr
    assert "20000 posts" in r.stdout or "20,000 posts" in r.stdout
