"""`govlint eval`: scoring a labelled file, through CliRunner and the evaluate module."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from govlint.cli import app
from govlint.evaluate import evaluate, parse_threshold, read_labelled
from govlint.model import CONCERNS

runner = CliRunner()

ROWS = [
    # a breach govlint finds
    {"id": "a", "text": "Use code NURSEJO20 for 20% off the only compression socks I recommend to my patients!",
     "labels": ["conflict-of-interest"], "annotated": ["conflict-of-interest"]},
    # a clean look-alike, disclosed
    {"id": "b", "text": "#ad | ComfyFeet pay me for this post: great shoes for 12-hour shifts.",
     "labels": [], "annotated": ["conflict-of-interest"]},
    # a breach govlint misses (nothing in the text gives the interest away)
    {"id": "c", "text": "Honestly the best knee brace there is, my patients all love it.",
     "labels": ["conflict-of-interest"], "annotated": ["conflict-of-interest"]},
    # clean for the annotated concern, but flagged for another: counts as an 'other concern' alarm
    {"id": "d", "text": "@sarah_j88 honestly you should stop the metformin and take 400mg ibuprofen three times a day.",
     "labels": [], "annotated": ["conflict-of-interest"]},
]


def _file(tmp_path, rows, name="labelled.jsonl"):
    p = tmp_path / name
    p.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return p


def test_json_report_shape_and_counts(tmp_path):
    r = runner.invoke(app, ["eval", str(_file(tmp_path, ROWS)), "--no-nlp", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["rows"] == 4
    assert set(doc["concerns"]) == {"conflict-of-interest"}  # only annotated concerns are scored
    coi = doc["concerns"]["conflict-of-interest"]
    assert (coi["tp"], coi["fp"], coi["fn"], coi["support"]) == (1, 0, 1, 2)
    assert coi["precision"] == 1.0 and coi["recall"] == 0.5 and abs(coi["f1"] - 2 / 3) < 1e-3
    assert [m["id"] for m in coi["misses"]] == ["c"]
    other = doc["other_concerns"]
    assert other["clean_rows"] == 2 and other["flagged"] == 1 and other["by_concern"] == {"individual-advice": 1}
    assert other["examples"][0]["id"] == "d" and other["examples"][0]["rules"]


def test_text_report_lists_misses_and_other_alarms(tmp_path):
    r = runner.invoke(app, ["eval", str(_file(tmp_path, ROWS)), "--no-nlp"])
    assert r.exit_code == 0, r.output
    assert "conflict-of-interest" in r.output and "0.500" in r.output
    assert "Misses for conflict-of-interest (1 of 1)" in r.output
    assert "Clean posts flagged for a concern the file does not annotate: 1 of 2" in r.output


def test_show_limits_the_lists(tmp_path):
    r = runner.invoke(app, ["eval", str(_file(tmp_path, ROWS)), "--no-nlp", "--format", "json", "--show", "0"])
    coi = json.loads(r.output)["concerns"]["conflict-of-interest"]
    assert coi["misses"] == [] and coi["fn"] == 1


def test_missing_annotated_means_every_concern_is_decided(tmp_path):
    rows = [{"text": "Use code NURSEJO20 for 20% off the socks I recommend to all my patients!", "labels": ["conflict-of-interest"]}]
    doc = json.loads(runner.invoke(app, ["eval", str(_file(tmp_path, rows)), "--no-nlp", "-f", "json"]).output)
    assert set(doc["concerns"]) == set(CONCERNS)


def test_bad_rows_are_reported_and_the_rest_scored(tmp_path):
    rows = [ROWS[0], "{not json", {"text": "x"}, {"text": "y", "labels": ["rudeness"]},
            {"text": "z", "labels": ["hostility"], "annotated": ["misinformation"]}]
    r = runner.invoke(app, ["eval", str(_file(tmp_path, rows)), "--no-nlp", "-f", "json"])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    # a label govlint has no rules for is not an error: it is listed, not scored, and its row is not clean
    assert doc["rows"] == 2 and len(doc["errors"]) == 3 and doc["ignored_labels"] == {"rudeness": 1}
    assert doc["other_concerns"]["clean_rows"] == 0
    joined = " ".join(doc["errors"])
    assert "line 2" in joined and "needs 'labels'" in joined
    assert "not in 'annotated'" in joined
    assert "Traceback" not in r.output


def test_fail_under(tmp_path):
    p = str(_file(tmp_path, ROWS))
    assert runner.invoke(app, ["eval", p, "--no-nlp", "--fail-under", "conflict-of-interest.precision=0.9"]).exit_code == 0
    r = runner.invoke(app, ["eval", p, "--no-nlp", "--fail-under", "conflict-of-interest.recall=0.9"])
    assert r.exit_code == 1 and "recall 0.500 is below 0.9" in r.output
    assert runner.invoke(app, ["eval", p, "--no-nlp", "--fail-under", "hostility=0.5"]).exit_code == 1  # not annotated
    bad = runner.invoke(app, ["eval", p, "--no-nlp", "--fail-under", "kindness=0.5"])
    assert bad.exit_code == 2 and "unknown concern" in bad.output


def test_missing_file_and_unknown_concern_option_exit_2(tmp_path):
    r = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl"), "--no-nlp"])
    assert r.exit_code == 2 and "no such file" in r.output
    r = runner.invoke(app, ["eval", str(_file(tmp_path, ROWS)), "--no-nlp", "--concern", "kindness"])
    assert r.exit_code == 2


def test_redaction_masks_identifiers_in_listed_posts(tmp_path):
    rows = [{"text": "Bloods for 943 476 5919 went missing again", "labels": [], "annotated": ["hostility"]}]
    p = str(_file(tmp_path, rows))
    shown = json.loads(runner.invoke(app, ["eval", p, "--no-nlp", "-f", "json"]).output)
    assert "943 476 5919" not in json.dumps(shown) and shown["redacted"] is True
    raw = json.loads(runner.invoke(app, ["eval", p, "--no-nlp", "-f", "json", "--no-redact"]).output)
    assert "943 476 5919" in json.dumps(raw)


def test_profession_pack_and_min_severity_options(tmp_path):
    rows = [{"text": "Physio here: please stop telling people with back pain to rest in bed for a week.",
             "labels": ["name-disclosure"], "annotated": ["name-disclosure"], "author": {"handle": "@physio_anon"}}]
    p = str(_file(tmp_path, rows))
    info = json.loads(runner.invoke(app, ["eval", p, "--no-nlp", "-f", "json", "--pack", "hcpc", "--min-severity", "info"]).output)
    assert info["concerns"]["name-disclosure"]["tp"] == 1
    warn = json.loads(runner.invoke(app, ["eval", p, "--no-nlp", "-f", "json", "--profession", "physiotherapist"]).output)
    assert warn["concerns"]["name-disclosure"]["fn"] == 1  # an HCPC note is info, below the default 'warning'


def test_evaluate_module_directly():
    text = "\n".join(json.dumps(r) for r in ROWS)
    records = [r for r in read_labelled(text, "x.jsonl")]
    fake = [type("R", (), {"findings": []})() for _ in records]
    ev = evaluate(records, lambda posts: fake)
    assert ev.scores["conflict-of-interest"].fn == 2 and ev.clean_rows == 2 and ev.other_flagged == []
    assert parse_threshold("hostility=0.8") == ("hostility", "f1", 0.8)
    assert parse_threshold("misinformation.recall=0.25") == ("misinformation", "recall", 0.25)


def test_jobs_give_the_same_scores_and_bad_jobs_exit_2(tmp_path):
    rows = [dict(r, id=f"{r['id']}{i}") for i in range(80) for r in ROWS]  # 320 rows: several chunks per worker
    path = str(_file(tmp_path, rows))
    one = runner.invoke(app, ["eval", path, "--no-nlp", "--format", "json", "--jobs", "1", "--show", "500"])
    two = runner.invoke(app, ["eval", path, "--no-nlp", "--format", "json", "--jobs", "2", "--show", "500"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.output == two.output
    assert json.loads(two.output)["concerns"]["conflict-of-interest"]["tp"] == 80
    bad = runner.invoke(app, ["eval", path, "--no-nlp", "--jobs", "0"])
    assert bad.exit_code == 2 and "--jobs" in bad.stderr
