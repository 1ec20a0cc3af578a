"""The command line through typer's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from govlint.cli import app

runner = CliRunner()

JIGSAW = ("Long night on Ward 7B at the Royal Stoke. 84-year-old retired headmistress from Leek came in at 3am "
          "with a very rare sarcoma, her husband John was in tears.")


def _draft(tmp_path, text, name="draft.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_clean_draft_exits_0(tmp_path):
    p = _draft(tmp_path, "New systematic review: exercise therapy reduces knee OA pain at 12 weeks (31 trials). #physio")
    r = runner.invoke(app, ["check", str(p)])
    assert r.exit_code == 0, r.output
    assert "No findings in 1 post" in r.output


def test_findings_exit_1_with_citation_and_underline(tmp_path):
    p = _draft(tmp_path, JIGSAW)
    r = runner.invoke(app, ["check", str(p), "--no-nlp"])
    assert r.exit_code == 1
    assert "GMC-CONF-04" in r.output and "patient-identifiability" in r.output
    assert "https://" in r.output and "^^^" in r.output
    assert f"{p}:1:" in r.output


def test_fail_on_controls_exit_code(tmp_path):
    p = _draft(tmp_path, "---\nauthor: {handle: '@gp_anon'}\n---\nGP here. The 8am phone scramble is a funding problem.")
    assert runner.invoke(app, ["check", str(p), "--no-nlp"]).exit_code == 0  # a warning only
    assert runner.invoke(app, ["check", str(p), "--no-nlp", "--fail-on", "warning"]).exit_code == 1


def test_json_fields_and_redaction(tmp_path):
    p = _draft(tmp_path, "Can anyone chase the bloods for 943 476 5919? Lab lost them.")
    r = runner.invoke(app, ["check", str(p), "--format", "json", "--no-nlp"])
    assert r.exit_code == 1
    doc = json.loads(r.output)
    f = doc["findings"][0]
    for key in ("path", "post", "line", "column", "end_line", "end_column", "start", "end", "rule", "pack", "concern",
                "severity", "message", "citation", "match", "details"):
        assert key in f
    assert set(f["citation"]) >= {"document", "paragraph", "url"}
    assert "943 476 5919" not in r.output and "[NHS_NUMBER]" in f["match"]
    assert doc["summary"]["failed"] is True
    raw = json.loads(runner.invoke(app, ["check", str(p), "-f", "json", "--no-nlp", "--no-redact"]).output)
    assert raw["findings"][0]["match"] == "943 476 5919"


def test_jsonl_input_ids_and_metadata(tmp_path):
    lines = [
        {"id": "a1", "text": "Thanks to the whole ward 12 team for a brilliant shift."},
        {"id": "b2", "text": "you should stop the metformin and take 400mg ibuprofen", "in_reply_to": "@sarah_j88"},
    ]
    p = _draft(tmp_path, "\n".join(json.dumps(x) for x in lines), "posts.jsonl")
    doc = json.loads(runner.invoke(app, ["check", str(p), "-f", "json", "--no-nlp"]).output)
    assert {f["post"] for f in doc["findings"]} == {"b2"}
    assert doc["findings"][0]["line"] == 2 and doc["summary"]["posts"] == 2


def test_front_matter_positions_point_into_file(tmp_path):
    p = _draft(tmp_path, "---\nplatform: x\n---\n\nBed 4 lady, DOB 12/03/1941, waiting since Monday.")
    doc = json.loads(runner.invoke(app, ["check", str(p), "-f", "json", "--no-nlp"]).output)
    f = doc["findings"][0]
    assert f["line"] == 5 and f["column"] == 13


def test_stdin(tmp_path):
    r = runner.invoke(app, ["check", "-", "--no-nlp", "--in-reply-to", "@jo"], input="you should double your sertraline to 100mg")
    assert r.exit_code == 1 and "individual-advice" in r.output


def test_author_option_silences_name_disclosure(tmp_path):
    p = _draft(tmp_path, "As an FY2, I can tell you the rota gaps on nights are unsafe.")
    assert "GMC-NAME-01" in runner.invoke(app, ["check", str(p), "--no-nlp"]).output
    assert "GMC-NAME-01" not in runner.invoke(app, ["check", str(p), "--no-nlp", "--author-name", "Dr Jo Harris"]).output


def test_profession_and_pack_selection(tmp_path):
    p = _draft(tmp_path, JIGSAW)
    out = runner.invoke(app, ["check", str(p), "--no-nlp", "--profession", "physiotherapist"]).output
    assert "HCPC-CONF-04" in out and "GMC-" not in out
    out = runner.invoke(app, ["check", str(p), "--no-nlp", "--pack", "gmc"]).output
    assert "GMC-CONF-04" in out and "HCPC-" not in out
    r = runner.invoke(app, ["check", str(p), "--profession", "astronaut"])
    assert r.exit_code == 2 and "unknown profession" in r.output


def test_select_and_ignore(tmp_path):
    p = _draft(tmp_path, JIGSAW)
    assert runner.invoke(app, ["check", str(p), "--no-nlp", "--ignore", "patient-identifiability"]).exit_code == 0
    out = runner.invoke(app, ["check", str(p), "--no-nlp", "--select", "GMC-CONF-04"]).output
    assert "GMC-CONF-04" in out


def test_inspect_lists_identifiers(tmp_path):
    p = _draft(tmp_path, "Pt 943 476 5919, 84yo, bay 3, call 07700 900123, ST4 6QG")
    doc = json.loads(runner.invoke(app, ["inspect", str(p), "-f", "json", "--no-nlp"]).output)
    types = {i["type"] for i in doc["identifiers"]}
    assert {"NHS_NUMBER", "AGE", "WARD_BED", "PHONE_NUMBER", "UK_POSTCODE"} <= types
    text = runner.invoke(app, ["inspect", str(p), "--no-nlp"]).output
    assert "NHS_NUMBER" in text


def test_sample_runs():
    r = runner.invoke(app, ["check", "--sample", "--no-nlp"])
    assert r.exit_code == 1 and "GMC-CONF-04" in r.output


def test_no_paths_is_usage_error():
    r = runner.invoke(app, ["check"])
    assert r.exit_code == 2


def test_subprocess_module_and_console_script(tmp_path):
    p = _draft(tmp_path, JIGSAW)
    r = subprocess.run([sys.executable, "-m", "govlint", "check", str(p), "--no-nlp", "-f", "json"], capture_output=True, text=True)
    assert r.returncode == 1 and json.loads(r.stdout)["findings"]
    r = subprocess.run([sys.executable, "-m", "govlint", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "govlint" in r.stdout


def test_a_real_process_leaves_at_once_with_its_status_and_all_its_output(tmp_path):
    """The console script skips the interpreter's tear-down (govlint.cli.leave): exit statuses 0, 1 and 2
    are kept, a long output arrives whole through a pipe, and exit handlers still run."""
    rows = "".join(json.dumps({"id": i, "text": JIGSAW}) + "\n" for i in range(300))
    p = _draft(tmp_path, rows, "posts.jsonl")
    r = subprocess.run([sys.executable, "-m", "govlint", "check", str(p), "--no-nlp", "-f", "json"], capture_output=True, text=True)
    assert r.returncode == 1 and len({f["post"] for f in json.loads(r.stdout)["findings"]}) == 300
    clean = _draft(tmp_path, "Flu jabs are available now for everyone over 65.", "clean.txt")
    r = subprocess.run([sys.executable, "-m", "govlint", "check", str(clean), "--no-nlp"], capture_output=True, text=True)
    assert r.returncode == 0 and "No findings" in r.stdout
    r = subprocess.run([sys.executable, "-m", "govlint", "check", str(tmp_path / "missing.txt"), "--no-nlp"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stdout + r.stderr
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('HANDLER RAN', file=sys.stderr))\n"
            "from govlint.cli import main\n"
            f"sys.argv = ['govlint', 'check', '--no-nlp', {str(clean)!r}]\n"
            "main()\n"
            "print('NOT REACHED', file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and "No findings" in r.stdout
    assert r.stderr.strip().endswith("HANDLER RAN") and "NOT REACHED" not in r.stderr


def test_leave_reads_a_status_as_sys_exit_does():
    for status, code, err in ((None, 0, ""), (0, 0, ""), (1, 1, ""), (2, 2, ""), ("bad things", 1, "bad things")):
        src = f"from govlint.cli import leave\nleave({status!r})\n"
        r = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True)
        assert (r.returncode, r.stderr.strip()) == (code, err), status


def test_jigsaw_underlines_each_detail_not_the_gaps(tmp_path):
    p = _draft(tmp_path, JIGSAW)
    out = runner.invoke(app, ["check", str(p), "--no-nlp", "--select", "GMC-CONF-04"]).output
    line = next(x for x in out.splitlines() if x.startswith("    | Long night"))[6:]
    carets = next(x for x in out.splitlines() if x.startswith("    | ") and set(x[6:]) <= {" ", "^"})[6:]
    underlined = {line[m.start():m.end()] for m in __import__("re").finditer(r"\^+", carets)}
    assert {"Ward 7B", "84-year-old", "at 3am"} <= underlined
    assert " at the Royal Stoke. " not in underlined  # the gaps between details stay plain
