"""`govlint check` streams posts from input to output: each format that can write a post at a time must write
exactly what it writes from the whole report, masking included (every span of every finding of a post or
thread, suppressed ones too where the format shows them)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govlint import __version__
from govlint.api import Linter
from govlint.cli import app
from govlint.config import Settings
from govlint.errors import InputError
from govlint.formatters import Options, Report, render
from govlint.inputs import read_inputs
from govlint.model import Severity

runner = CliRunner()

THREAD = ("84-year-old retired headmistress, what a character. Our registrar is an absolute clown.\n---\n"
          "She's from Leek, admitted to Ward 7 last night with a fall.\n")
SUPPRESSED = ("---\ngovlint: {ignore: GMC-CONF-03, reason: liaison line agreed with IG}\n---\n"
              "Her daughter's mobile is 07700 900123 if anyone on nights can update her, she's in resus.\n")
PLAIN = ("Mrs Patel in bed 12 (NHS 943 476 5919) was sent home today, 84 and furious about the wait. "
         "Our registrar is an absolute clown.\n")


@pytest.fixture()
def drafts(tmp_path):
    (tmp_path / "a-thread.txt").write_text(THREAD, encoding="utf-8")
    (tmp_path / "b-suppressed.md").write_text(SUPPRESSED, encoding="utf-8")
    (tmp_path / "c-plain.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "d-bad.txt").write_bytes(b"\x00\x01binary")
    return tmp_path


def _whole_report(paths, redact: bool) -> Report:
    """The report as the CLI built it before streaming: every post and finding held, then rendered once."""
    linter = Linter(Settings(nlp_model=None))
    report = Report(version=__version__, rules={r.id: r for r in linter.rules})
    posts, files, problems = [], set(), []
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            report.errors.append(str(item))
        else:
            posts.append(item)
            files.add(item.path)
    for result in linter.check_posts(posts):
        report.posts_checked += 1
        report.findings.extend(result.findings)
        report.suppressed.extend(result.suppressed)
        problems.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
    report.errors.extend(problems)
    report.files_checked = len(files)
    report.posts = posts
    return report


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
@pytest.mark.parametrize("redact", [True, False])
def test_streamed_output_is_the_whole_report_rendered(drafts, fmt, redact):
    r = runner.invoke(app, ["check", str(drafts), "--no-nlp", "--format", fmt, "--redact" if redact else "--no-redact"])
    assert r.exit_code == 2, r.output  # the binary file is an input error; everything else is still checked
    report = _whole_report([str(drafts)], redact)
    expected = render(fmt, report, Options(redact=redact, fail_on=Severity.ERROR))
    assert r.stdout == expected
    # The inputs exercise what per-post masking must get right.
    assert any(f.details.get("scope") == "thread" for f in report.findings)  # reported at post 1, arrives with post 2
    assert report.suppressed and report.errors


def test_streamed_json_masks_a_thread_finding_with_every_span_of_the_thread(drafts):
    doc = json.loads(runner.invoke(app, ["check", str(drafts / "a-thread.txt"), "--no-nlp", "--format", "json"]).stdout)
    quoted = json.dumps(doc["findings"])
    assert doc["redacted"] is True and doc["findings"]
    for detail in ("84-year-old", "Leek", "Ward 7"):
        assert detail not in quoted


def test_output_file_is_written_whole_or_not_at_all(drafts, tmp_path):
    out = tmp_path / "report.json"
    r = runner.invoke(app, ["check", str(drafts / "c-plain.txt"), "--no-nlp", "--format", "json", "--output", str(out)])
    assert r.exit_code == 1
    streamed = runner.invoke(app, ["check", str(drafts / "c-plain.txt"), "--no-nlp", "--format", "json"]).stdout
    assert out.read_text(encoding="utf-8") == streamed
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".govlint-tmp")]
    missing = tmp_path / "no-such-folder" / "report.json"
    r = runner.invoke(app, ["check", str(drafts / "c-plain.txt"), "--no-nlp", "--format", "json", "--output", str(missing)])
    assert r.exit_code == 2 and "cannot write the report" in r.output and "Traceback" not in r.output
