"""`govlint audit`: a posting history summarised by concern and year, worst posts first, in text and HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

import exports as E
from govlint.api import Linter
from govlint.audit import summarise
from govlint.audit_report import render_html, render_text
from govlint.cli import app
from govlint.engine import SENSITIVE_TYPES
from govlint.inputs import read_inputs
from govlint.model import Post, Severity

runner = CliRunner()

WARNING_ONLY = "As a GP I see this every day: the 8am scramble is a funding failure."  # name disclosure: a warning
ONE_ERROR = "Absolute idiot of a consultant on my ward today"  # hostility: an error
TWO_ERRORS = f"Absolute idiot of a consultant. Chase the bloods for {E.NHS} yourself"
CLEAN = "Great shift, thanks team"


def audit(*args):
    r = runner.invoke(app, ["audit", *args, "--no-nlp"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


@pytest.fixture(scope="module")
def linter():
    return Linter(nlp=False)


def _history(tmp_path):
    tweets = [E.tweet("1", WARNING_ONLY, "Mon Mar 04 08:00:00 +0000 2019"),
              E.tweet("2", ONE_ERROR, "Tue Jun 02 21:15:00 +0000 2020"),
              E.tweet("3", TWO_ERRORS, "Wed Jul 01 10:00:00 +0000 2020"),
              E.tweet("4", CLEAN, "Thu Jan 07 10:00:00 +0000 2021"),
              E.tweet("5", "RT @x: " + ONE_ERROR, "Thu Jan 07 11:00:00 +0000 2021")]
    # an anonymous account, so that posting as a GP without a name is a (warning) finding
    return E.x_zip(tmp_path / "twitter.zip", tweets, account=E.account_js("nightshift_doc", "nightshiftdoc"))


def test_text_audit_of_an_x_archive(tmp_path, no_network):
    r = audit(str(_history(tmp_path)))
    assert r.exit_code == 1
    out = r.stdout
    assert "4 posts checked from 2019-03-04 to 2021-01-07" in out
    assert "Not checked: 1 repost (someone else's words)" in out
    # the table: one row per concern, one column per year, totals
    table = out.split("Findings by concern and year")[1].split("Worst posts first")[0]
    header = table.strip().split("\n")[0].split()
    assert header == ["concern", "2019", "2020", "total"]
    rows = {ln.split()[0]: ln.split()[1:] for ln in table.strip().split("\n")[1:]}
    assert rows["hostility"] == ["·", "2", "2"]
    assert rows["name-disclosure"][0] == "1"
    assert rows["total"][-1] == str(sum(int(v[-1]) for k, v in rows.items() if k != "total"))
    # worst first: two errors, then one error, then the warning
    worst = out.split("Worst posts first")[1].split("What to do")[0]
    order = re.findall(r"status/(\d+)", worst)
    assert order == ["3", "2", "1"]
    assert "→ delete" in worst and "→ edit or delete" in worst
    assert E.NHS in worst  # not redacted by default: it is the user's own history
    assert "What to do" in out and "hostility (2)" in out


def test_redacted_audit_hides_personal_data(tmp_path):
    r = audit(str(_history(tmp_path)), "--redact")
    assert r.exit_code == 1 and E.NHS not in r.stdout and "[NHS_NUMBER]" in r.stdout


def test_top_limits_the_list(tmp_path):
    r = audit(str(_history(tmp_path)), "--top", "1")
    worst = r.stdout.split("Worst posts first")[1].split("What to do")[0]
    assert "(1 of 3)" in worst and re.findall(r"status/(\d+)", worst) == ["3"]


def test_html_audit_is_self_contained_and_escaped(tmp_path):
    items = [E.note(1, "<p>&lt;script&gt;alert(1)&lt;/script&gt; Absolute idiot of a consultant on my ward</p>",
                    "2023-02-01T10:00:00Z")]
    (tmp_path / "outbox.json").write_text(E.outbox(items), encoding="utf-8")
    r = audit(str(tmp_path / "outbox.json"), "--format", "html")
    assert r.exit_code == 1
    page = r.stdout
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r'<(?:link|img|script)[^>]*(?:src|href)=', page)  # no external assets

    class Check(HTMLParser):
        stack: list = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    checker = Check()
    checker.feed(page)
    assert checker.stack == []  # well nested
    assert "2023" in page and "hostility" in page


def test_clean_history_exits_zero(tmp_path):
    z = E.x_zip(tmp_path / "clean.zip", [E.tweet("1", CLEAN, "Mon Mar 04 08:00:00 +0000 2019")])
    r = audit(str(z))
    assert r.exit_code == 0 and "No findings" in r.stdout
    r = audit(str(_history(tmp_path)), "--fail-on", "error", "--top", "0")
    assert r.exit_code == 1


def test_input_errors_exit_2_after_the_report(tmp_path):
    bad = tmp_path / "tweets.js"
    bad.write_text(E.tweets_js([E.tweet("1", ONE_ERROR, "Mon Mar 04 08:00:00 +0000 2019"),
                                E.tweet("2", CLEAN, "Mon Mar 04 09:00:00 +0000 2019")])[:-3], encoding="utf-8")
    r = audit(str(bad))
    assert r.exit_code == 2 and "hostility" in r.stdout and "not valid JSON" in r.stdout


def test_summarise_through_the_api(tmp_path, linter):
    p = tmp_path / "thread.txt"
    p.write_text("84-year-old retired headmistress, what a character.\n---\n"
                 "She's from Leek, admitted to Ward 7 last night with a fall.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "x", "text": ONE_ERROR, "date": "2018-05-01"}) + "\n",
                                      encoding="utf-8")
    posts = [x for x in read_inputs([str(p), str(tmp_path / "b.jsonl")]) if isinstance(x, Post)]
    a = summarise(linter.check_posts(posts), top=5, sensitive_types=SENSITIVE_TYPES)
    assert a.posts_checked == 3 and a.years == ["2018", "undated"]
    assert a.by_concern == {"patient-identifiability": 1, "hostility": 1}
    assert a.table["patient-identifiability"] == {"undated": 1}
    # the whole-thread finding is listed against the post where it starts
    thread_entry = next(w for w in a.worst if w.post.path == str(p))
    assert thread_entry.post.id == 0 and thread_entry.severity == Severity.ERROR
    text = render_text(a, redact=True)
    assert "(whole thread)" in text and "Leek" not in text
    assert "84-year-old" not in text  # the first line is masked too
    assert "<td>" in render_html(a)


def test_audit_in_a_real_process_prints_nothing_extra_when_piped(tmp_path):
    import subprocess
    import sys

    tweets = [E.tweet(str(i), CLEAN if i % 2 else ONE_ERROR, f"Mon Mar 04 08:{i:02d}:00 +0000 2019") for i in range(30)]
    z = E.x_zip(tmp_path / "x.zip", tweets)
    r = subprocess.run([sys.executable, "-m", "govlint", "audit", str(z), "--no-nlp"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 1 and r.stderr == ""
    assert "30 posts checked" in r.stdout and "hostility" in r.stdout
