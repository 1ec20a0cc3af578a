"""Front-matter suppressions: a reason is required, suppressed findings are shown but never fail the run."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govlint.cli import app

runner = CliRunner()

CONTACT = "Her daughter's mobile is 07700 900123 if anyone on nights can update her, she's in resus."


def _md(tmp_path, front: str, body: str = CONTACT, name: str = "d.md"):
    p = tmp_path / name
    p.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return p


def test_directive_with_reason_suppresses_and_is_shown(tmp_path):
    p = _md(tmp_path, "platform: x\ngovlint:\n  ignore: [GMC-CONF-03]\n  reason: Number is the family liaison line, agreed with IG\n")
    r = runner.invoke(app, ["check", str(p), "--no-nlp"])
    assert r.exit_code == 0, r.output
    assert (f"{p}:7:26: suppressed GMC-CONF-03 [patient-identifiability] by front-matter ({p}:3): "
            "Number is the family liaison line, agreed with IG") in r.output
    doc = json.loads(runner.invoke(app, ["check", str(p), "--no-nlp", "--format", "json"]).output)
    assert doc["findings"] == [] and doc["summary"]["failed"] is False and doc["summary"]["suppressed"] == 1
    (s,) = doc["suppressed"]
    assert s["rule"] == "GMC-CONF-03" and s["match"] == "[PHONE_NUMBER]"  # still redacted
    assert s["suppression"] == {"kind": "front-matter", "reason": "Number is the family liaison line, agreed with IG",
                                "source": f"{p}:3"}


def test_directive_by_concern_applies_to_every_post_of_the_thread(tmp_path):
    p = _md(tmp_path, "govlint: {ignore: patient-identifiability, reason: consent on file}\n",
            body=f"{CONTACT}\n---\n{CONTACT.replace('123', '456')}")
    doc = json.loads(runner.invoke(app, ["check", str(p), "--no-nlp", "--format", "json"]).output)
    assert doc["findings"] == [] and len(doc["suppressed"]) == 2


def test_directive_for_another_rule_does_not_hide_this_one(tmp_path):
    p = _md(tmp_path, "govlint: {ignore: [hostility], reason: satire}\n")
    r = runner.invoke(app, ["check", str(p), "--no-nlp"])
    assert r.exit_code == 1 and "error GMC-CONF-03" in r.output and "suppressed" not in r.output


@pytest.mark.parametrize("front,line,needle", [
    ("govlint: {ignore: [GMC-CONF-03]}\n", 2, "needs a 'reason'"),
    ("author: {name: A}\ngovlint:\n  ignore: [GMC-CONF-03]\n  reason: '  '\n", 5, "needs a 'reason'"),
    ("govlint:\n  ignore: [GMC-CONF-03]\n  reason: ok\n  until: 2025\n", 5, "unknown key 'until'"),
    ("govlint: {reason: ok}\n", 2, "needs 'ignore'"),
    ("govlint: GMC-CONF-03\n", 2, "must be a mapping"),
])
def test_bad_directive_is_exit_2_naming_file_and_line_and_other_files_still_checked(tmp_path, front, line, needle):
    bad = _md(tmp_path, front)
    other = tmp_path / "other.txt"
    other.write_text(CONTACT, encoding="utf-8")
    r = runner.invoke(app, ["check", str(bad), str(other), "--no-nlp"])
    assert r.exit_code == 2
    assert f"{bad}: line {line}: " in r.output and needle in r.output, r.output
    assert f"{other}:1:26: error GMC-CONF-03" in r.output  # nothing lost


def test_noqa_in_a_draft_does_nothing(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text(CONTACT + "  # noqa: GMC-CONF-03", encoding="utf-8")
    assert runner.invoke(app, ["check", str(p), "--no-nlp"]).exit_code == 1


@pytest.mark.parametrize("fmt", ["html", "markdown", "junit"])
def test_every_report_format_lists_suppressed_findings_with_reason_and_without_the_data(tmp_path, fmt):
    p = _md(tmp_path, "govlint:\n  ignore: [GMC-CONF-03]\n  reason: Family liaison line agreed with IG\n")
    r = runner.invoke(app, ["check", str(p), "--no-nlp", "--format", fmt, "--redact"])
    assert r.exit_code == 0, r.output
    assert "GMC-CONF-03" in r.output and "Family liaison line agreed with IG" in r.output
    assert "07700" not in r.output  # the reason and rule are shown, never the number
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        root = ET.fromstring(r.output.split("\n", 2)[2])
        (suite,) = root.iter("testsuite")
        (case,) = suite.iter("testcase")
        assert suite.get("skipped") == "1" and case.find("skipped") is not None and case.find("failure") is None
    else:
        assert "1 suppressed finding" in r.output


def test_report_formats_do_not_mention_suppression_when_there_is_none(tmp_path):
    p = _md(tmp_path, "platform: x\n")
    for fmt in ("html", "markdown"):
        out = runner.invoke(app, ["check", str(p), "--no-nlp", "--format", fmt]).output
        assert "suppressed finding" not in out
