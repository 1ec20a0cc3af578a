"""The training commands through typer's CliRunner: rules, explain, demo, quiz, handout, fix."""

from __future__ import annotations

import json
import os
import re
import stat
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from govlint import packs
from govlint.api import Linter, resolve_rules
from govlint.cli import app
from govlint.config import Settings
from govlint.model import CONCERNS
from govlint.training import quiz as quiz_api

runner = CliRunner()


def _all_rule_ids() -> list[str]:
    return [r.id for pid in packs.default_pack_ids() for r in resolve_rules(Settings(packs=(pid,)))]


CUSTOM_PACK = """\
pack: drills
title: Drill pack for tests
rules:
  - id: DRILL-BED-01
    title: Bed numbers with ward names
    concern: patient-identifiability
    severity: error
    message: Bed and ward together point at one patient.
    why: A bed number on a named ward is one person.
    citation: {document: "Test document", paragraph: "1", url: "https://example.org/guidance"}
    detector:
      type: pattern
      patterns: ['bed\\s+\\d+\\s+on\\s+\\w+\\s+ward']
    examples:
      bad:
        - text: "Bed 4 on Elm ward is kicking off again <script>alert(1)</script>"
          rewrite: "Busy night on the ward."
        - text: "The lady in the corner bed is lovely"
      good: ["Elm ward is recruiting!", "Our beds are full tonight"]
"""


@pytest.fixture
def custom_pack(tmp_path):
    p = tmp_path / "drills.yaml"
    p.write_text(CUSTOM_PACK, encoding="utf-8")
    return str(p)


# ------------------------------------------------------------------ rules

def test_rules_json_lists_every_rule_once():
    r = runner.invoke(app, ["rules", "--format", "json"])
    assert r.exit_code == 0, r.output
    ids = [row["id"] for row in json.loads(r.output)["rules"]]
    assert sorted(ids) == sorted(_all_rule_ids())
    assert len(ids) == len(set(ids))
    row = json.loads(r.output)["rules"][0]
    assert {"id", "concern", "severity", "pack", "citation"} <= set(row)
    assert row["citation"]["url"].startswith("https://")


def test_rules_filters_and_formats():
    r = runner.invoke(app, ["rules", "--pack", "hcpc", "--concern", "hostility"])
    assert r.exit_code == 0, r.output
    listed = re.findall(r"^([A-Z]+-[A-Z0-9-]+)\s", r.output, re.M)
    assert listed and all(x.startswith("HCPC-HOST-") for x in listed)
    md = runner.invoke(app, ["rules", "--format", "markdown", "--pack", "gmc"])
    assert md.output.startswith("| id | concern | severity | pack | citation |")
    assert "| GMC-CONF-01 | patient-identifiability | error | gmc | [" in md.output
    bad = runner.invoke(app, ["rules", "--concern", "hostiliy"])
    assert bad.exit_code == 2 and "did you mean hostility" in bad.output


# ------------------------------------------------------------------ explain

def test_explain_a_rule_runs_its_examples_now():
    r = runner.invoke(app, ["explain", "GMC-CONF-04", "--no-nlp"])
    assert r.exit_code == 0, r.output
    out = r.output
    for part in ("What it checks", "Why it matters", "must", "Cites", "https://www.gmc-uk.org/", "Safer:", "Fine as written"):
        assert part in out
    # the bad examples are underlined like `check` does: a caret line under the post line
    assert re.search(r"\| Long night on Ward 7B.*\n\s+\|\s+\^+", out)


def test_explain_json_has_live_findings_for_bad_and_none_for_good():
    doc = json.loads(runner.invoke(app, ["explain", "GMC-ADVICE-01", "--no-nlp", "--format", "json"]).output)
    assert doc["id"] == "GMC-ADVICE-01" and doc["modal"] == "must" and doc["citation"]["url"].startswith("https://")
    assert doc["bad"] and all(ex["caught"] for ex in doc["bad"])
    for ex in doc["bad"]:
        f = ex["findings"][0]
        assert {"rule", "start", "end", "message"} <= set(f)
        assert ex["text"][f["start"]:f["end"]] == f["match"]
    assert all(ex["clean"] and not ex["findings"] for ex in doc["good"])


def test_explain_is_live_not_canned(custom_pack):
    # the second 'bad' example does not match the pattern: explain must say so rather than claim a finding
    doc = json.loads(runner.invoke(app, ["explain", "DRILL-BED-01", "--pack", custom_pack, "--no-nlp", "-f", "json"]).output)
    assert [ex["caught"] for ex in doc["bad"]] == [True, False]
    text = runner.invoke(app, ["explain", "DRILL-BED-01", "--pack", custom_pack, "--no-nlp"]).output
    assert "govlint found nothing here" in text


def test_explain_a_concern_lists_its_rules():
    r = runner.invoke(app, ["explain", "individual-advice", "--no-nlp"])
    assert r.exit_code == 0, r.output
    assert "GMC-ADVICE-01" in r.output and "HCPC-ADVICE-01" in r.output
    doc = json.loads(runner.invoke(app, ["explain", "hostility", "--no-nlp", "-f", "json"]).output)
    from govlint.api import Linter

    hostile = {r.id for r in Linter(nlp=False).rules if r.concern == "hostility"}
    assert doc["kind"] == "concern" and set(doc["ids"]) == hostile and all("-HOST-" in i for i in hostile)
    assert "GMC-HOST-05" not in hostile  # swearing is a professionalism note, not hostility


def test_explain_unknown_id_suggests_the_closest():
    r = runner.invoke(app, ["explain", "GMC-CNF-01", "--no-nlp"])
    assert r.exit_code == 2
    assert "no rule GMC-CNF-01; did you mean GMC-CONF-01" in r.output
    assert "Traceback" not in r.output


# ------------------------------------------------------------------ demo

def test_demo_no_pause_walks_every_bad_example_of_the_concern():
    r = runner.invoke(app, ["demo", "--no-pause", "--no-nlp", "--pack", "gmc", "--concern", "hostility"])
    assert r.exit_code == 0, r.output
    linter = Linter(packs=("gmc",), nlp=False)
    n = sum(len(x.examples_bad) for x in linter.rules if x.concern == "hostility")
    assert len(re.findall(r"^── \d+\. GMC-HOST-", r.output, re.M)) == n
    assert "Safer rewrite:" in r.output and "^^^" in r.output and "Guidance: " in r.output
    assert "[Enter]" not in r.output  # never waits without a terminal


def test_demo_bad_concern_is_an_error():
    r = runner.invoke(app, ["demo", "--no-pause", "--concern", "gossip", "--no-nlp"])
    assert r.exit_code == 2 and "unknown concern" in r.output


# ------------------------------------------------------------------ quiz

def _options():
    return quiz_api.choices(Linter(nlp=False))


def _answer_for(q, options, right: bool) -> str:
    key = sorted(q.concerns)
    if not right:  # a wrong answer: flip to 'none' or to a concern that does not apply
        other = next(c for c in options if c not in q.concerns)
        key = [] if q.concerns else [other]
    return ",".join(str(options.index(c) + 1) for c in key) or "0"


def test_scripted_quiz_scores_the_answers_given():
    linter = Linter(nlp=False)
    options = quiz_api.choices(linter)
    qs = quiz_api.questions(linter, 6, 42)
    pattern = [True, False, True, True, False, True]
    answers = "\n".join(_answer_for(q, options, ok) for q, ok in zip(qs, pattern)) + "\n"
    r = runner.invoke(app, ["quiz", "--count", "6", "--seed", "42", "--no-nlp"], input=answers)
    assert r.exit_code == 0, r.output
    assert f"Score: {sum(pattern)}/6" in r.output
    assert r.output.count("✓ Correct") == sum(pattern)
    assert r.output.count("✗ Not quite") == 6 - sum(pattern)
    # the rules to revisit are the wrong questions' rules for the concerns answered wrongly
    revisit = set()
    for q, ok in zip(qs, pattern):
        if not ok:
            given = {options[int(i) - 1] for i in _answer_for(q, options, False).split(",") if i != "0"}
            wrong = (q.concerns - given) | (given - q.concerns)
            revisit |= {rid for rid, c in q.rules.items() if c in wrong}
    if revisit:
        assert "Rules to revisit:" in r.output
    assert "Guidance: " in r.output


def test_quiz_same_seed_same_questions_and_eof_ends_with_a_summary():
    a = runner.invoke(app, ["quiz", "--count", "4", "--seed", "7", "--no-nlp"], input="0\n")
    b = runner.invoke(app, ["quiz", "--count", "4", "--seed", "7", "--no-nlp"], input="0\n")
    assert a.exit_code == 0 and a.output == b.output
    assert "Question 2 of 4" in a.output and "Question 3 of 4" not in a.output
    assert "Score: " in a.output and "/1 (" in a.output


def test_quiz_rejects_nonsense_and_asks_again():
    r = runner.invoke(app, ["quiz", "--count", "1", "--seed", "1", "--no-nlp"], input="banana\n42\n0\n")
    assert r.exit_code == 0
    assert "'banana' is not one of the choices" in r.output and "'42' is not one of the choices" in r.output
    assert "Score: " in r.output and "/1 (" in r.output


def test_quiz_questions_draw_from_examples_and_the_shipped_bank():
    linter = Linter(nlp=False)
    qs = quiz_api.questions(linter, 80, 3)
    assert {q.source for q in qs} == {"example", "corpus"}
    assert any(q.concerns for q in qs) and any(not q.concerns for q in qs)
    for q in qs:
        assert q.concerns <= set(CONCERNS)
        if q.source == "example" and "-bad" in q.id:
            rule_id = q.id.rsplit("-bad", 1)[0]
            assert q.rules[rule_id] in q.concerns


def test_grade_and_summary():
    q = quiz_api.Question(id="x", text="t", meta={}, concerns=frozenset({"hostility"}), findings=(), citations=(),
                          rules={"GMC-HOST-01": "hostility"})
    ok = quiz_api.grade(q, {"hostility"})
    assert ok["correct"] and not ok["missed"] and not ok["extra"]
    bad = quiz_api.grade(q, {"individual-advice"})
    assert bad["missed"] == ["hostility"] and bad["extra"] == ["individual-advice"] and bad["revisit"] == ["GMC-HOST-01"]
    s = quiz_api.summary([ok, bad])
    assert s["score"] == 1 and s["asked"] == 2 and s["rules_to_revisit"] == ["GMC-HOST-01"]


# ------------------------------------------------------------------ handout

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.srcs, self.stack, self.errors = [], set(), [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("src") or (tag == "link" and a.get("href")):
            self.srcs.append(a.get("src") or a.get("href"))
        if tag not in ("meta", "br", "link", "img", "input", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def test_handout_html_is_self_contained_printable_and_complete(tmp_path):
    out = tmp_path / "handout.html"
    r = runner.invoke(app, ["handout", "--format", "html", "--no-nlp", "--output", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text("utf-8")
    p = _Collector()
    p.feed(html)
    assert not p.errors and not p.stack, p.errors[:5]
    assert "script" not in p.tags and not p.srcs  # no external assets, no scripts
    assert "@media print" in html and "break-before: page" in html
    ids = set(_all_rule_ids())
    assert {i.lower() for i in ids} <= p.ids
    for href in (h for h in p.hrefs if h.startswith("#")):  # every contents link lands somewhere
        assert href[1:] in p.ids
    concerns = {r.concern for r in Linter(nlp=False).rules}
    assert concerns <= p.ids
    assert "<mark" in html  # live findings highlighted
    assert html.count('class="rule"') == len(ids)


def test_handout_escapes_example_text(custom_pack):
    r = runner.invoke(app, ["handout", "--format", "html", "--pack", custom_pack, "--no-nlp"])
    assert r.exit_code == 0, r.output
    assert "<script>alert(1)</script>" not in r.output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.output


def test_handout_markdown_has_contents_and_every_rule():
    r = runner.invoke(app, ["handout", "--format", "markdown", "--no-nlp", "--pack", "gmc"])
    assert r.exit_code == 0, r.output
    md = r.output
    assert "## Contents" in md
    gmc = [i for i in _all_rule_ids() if i.startswith("GMC-")]
    for rid in gmc:
        assert f"### {rid}: " in md and f"(#{rid.lower()})" in md
    assert md.index("## Patient identifiability") < md.index("## Individual advice") < md.index("## Hostility")
    assert "**943 476 5919**" in md  # the live finding is highlighted
    assert "https://www.gmc-uk.org/" in md


# ------------------------------------------------------------------ fix

THREAD = ("---\nauthor: {name: Dr Priya Shah, handle: '@drpshah'}\nplatform: x\n---\n"
          "Long night on Ward 7B at the Royal Stoke. 84-year-old retired headmistress from Leek came in at 3am "
          "with a very rare sarcoma.\n---\nThanks   to the whole team for a great shift!\n---\n"
          "The reg on nights is an absolute muppet. Chase the bloods for 943 476 5919 please.\n")


def _thread(tmp_path, text=THREAD, name="thread.md", mode=0o640):
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    os.chmod(p, mode)
    return p


def test_fix_default_lists_changes_and_writes_nothing(tmp_path):
    p = _thread(tmp_path)
    before = p.read_bytes()
    r = runner.invoke(app, ["fix", str(p), "--no-nlp"])
    assert r.exit_code == 1, r.output
    assert "would replace '943 476 5919' with '[number removed]'" in r.output
    assert f"{p}:5:" in r.output  # positions point into the file, past the front matter
    assert p.read_bytes() == before


def test_fix_diff_is_a_patch_and_writes_nothing(tmp_path):
    p = _thread(tmp_path)
    before = p.read_bytes()
    r = runner.invoke(app, ["fix", str(p), "--diff", "--no-nlp"])
    assert r.exit_code == 1
    assert f"--- {p}" in r.output and f"+++ {p}" in r.output
    assert "-Long night on Ward 7B" in r.output and "+Long night. An older retired headmistress" in r.output
    assert p.read_bytes() == before


def test_fix_write_is_atomic_keeps_the_rest_byte_for_byte_and_is_idempotent(tmp_path):
    p = _thread(tmp_path)
    r = runner.invoke(app, ["fix", str(p), "--write", "--no-nlp"])
    assert r.exit_code == 1, r.output  # the insult is still there (an error-level finding)
    new = p.read_text("utf-8")
    head = THREAD.split("Long night")[0]
    assert new.startswith(head)
    assert "\n---\nThanks   to the whole team for a great shift!\n---\n" in new
    assert "Leek" not in new and "943 476 5919" not in new and "[number removed]" in new
    assert "absolute muppet" in new
    # what could not be fixed is listed, pointing at the fixed file
    assert re.search(rf"{re.escape(str(p))}:9:\d+: error GMC-HOST-01", r.output), r.output
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["thread.md"]  # no temporary file left behind
    again = runner.invoke(app, ["fix", str(p), "--write", "--no-nlp"])
    assert p.read_text("utf-8") == new
    assert "replaced" not in again.output and "0 change(s) written" in again.output


def test_fix_clean_file_exits_0(tmp_path):
    p = _thread(tmp_path, "Reminder: sepsis can present without a fever. Think sepsis.\n", "clean.txt")
    r = runner.invoke(app, ["fix", str(p), "--no-nlp"])
    assert r.exit_code == 0 and "Nothing to fix" in r.output


def test_fix_keeps_bom_and_crlf(tmp_path):
    text = "Chase the bloods for 943 476 5919 please.\r\nThanks all.\r\n"
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert runner.invoke(app, ["fix", str(p), "--write", "--no-nlp"]).exit_code == 0
    assert p.read_bytes() == b"\xef\xbb\xbf" + text.replace("943 476 5919", "[number removed]").encode("utf-8")


def test_fix_crash_during_replace_leaves_the_original(tmp_path, monkeypatch):
    p = _thread(tmp_path)
    before = p.read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("govlint.atomic.os.replace", boom)
    r = runner.invoke(app, ["fix", str(p), "--write", "--no-nlp"])
    assert r.exit_code == 2
    assert "cannot write" in r.output and "unchanged" in r.output and "Traceback" not in r.output
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["thread.md"]


def test_fix_unsupported_inputs_are_clear_errors_and_others_still_fixed(tmp_path):
    j = tmp_path / "posts.jsonl"
    j.write_text('{"text": "hi"}\n', encoding="utf-8")
    p = _thread(tmp_path)
    r = runner.invoke(app, ["fix", str(j), str(tmp_path / "missing.txt"), str(p), "--write", "--no-nlp"])
    assert r.exit_code == 2
    assert "fix rewrites .txt and .md drafts only" in r.output and "no such file" in r.output
    assert "[number removed]" in p.read_text("utf-8")
