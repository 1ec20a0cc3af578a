"""--jobs: the same results in the same order whatever the number of processes, streamed, bounded."""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

from typer.testing import CliRunner

from govlint import parallel
from govlint.cli import app
from govlint.model import Post

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def _posts(n):
    return [Post(text=r["text"], path="archive.jsonl", id=r["id"], in_reply_to=r.get("in_reply_to"))
            for r in corpus.posts(n, seed=3)]


def _key(results):
    return [(r.post.id, [(f.rule, f.start, f.end, f.match) for f in r.findings]) for r in results]


def test_two_jobs_give_the_same_results_in_the_same_order(linter_patterns):
    posts = _posts(400)
    one = _key(linter_patterns.check_posts(posts, jobs=1))
    two = _key(linter_patterns.check_posts(posts, jobs=2))
    assert one == two
    assert [k for k, _ in two] == [p.id for p in posts]
    assert sum(1 for _, f in one if f) > 50  # the corpus does have findings to compare


def test_a_few_drafts_stay_in_process(linter_patterns, monkeypatch):
    def no_pool(*a, **k):
        raise AssertionError("a handful of drafts must not start worker processes")

    monkeypatch.setattr(parallel, "_pooled", no_pool)
    assert len(list(linter_patterns.check_posts(_posts(5), jobs=None))) == 5


def test_input_is_read_as_results_are_consumed(linter_patterns):
    consumed = 0

    def endless():
        nonlocal consumed
        for p in _posts(300) * 100:  # 30,000 posts
            consumed += 1
            yield p

    results = linter_patterns.check_posts(endless(), jobs=2)
    assert len(list(islice(results, 10))) == 10
    results.close()
    assert consumed <= parallel.AUTO_MIN_POSTS + parallel.CHUNK * (2 * parallel.IN_FLIGHT + 2)


def test_cli_jobs(tmp_path):
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(json.dumps(r) + "\n" for r in corpus.posts(300, seed=4)), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["check", "--no-nlp", "-f", "json", "--jobs", "1", str(archive)])
    two = runner.invoke(app, ["check", "--no-nlp", "-f", "json", "--jobs", "2", str(archive)])
    auto = runner.invoke(app, ["check", "--no-nlp", "-f", "json", str(archive)])
    assert one.exit_code == two.exit_code == auto.exit_code == 1
    assert one.stdout == two.stdout == auto.stdout
    bad = runner.invoke(app, ["check", "--no-nlp", "--jobs", "0", str(archive)])
    assert bad.exit_code == 2 and "--jobs" in bad.stderr

