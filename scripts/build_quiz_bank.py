#!/usr/bin/env python3
"""Build the quiz bank that ships with govlint: src/govlint/data/quiz.jsonl.

Source: the project's own labelled corpus, tests/corpus/posts.jsonl (posts
written and labelled for govlint). A post goes into the bank only when

  * every concern it is labelled with is one govlint's built-in packs check
    (a post about misinformation would have no right answer in the quiz), and
  * govlint, with the NLP model and every built-in pack, finds exactly the
    labelled concerns (no more, no fewer): the quiz reveals the engine's
    findings after each answer, so the answer and the reveal must agree.

Run from the repository root after changing rules or the corpus:

    PYTHONPATH=src python scripts/build_quiz_bank.py            # write the bank
    PYTHONPATH=src python scripts/build_quiz_bank.py --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "posts.jsonl"
BANK = ROOT / "src" / "govlint" / "data" / "quiz.jsonl"


def build() -> tuple[list[dict], dict]:
    from govlint.api import Linter
    from govlint.model import Author, Post

    linter = Linter()
    covered = {r.concern for r in linter.rules}
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    stats = {"corpus": len(rows), "outside_scope": 0, "disagree": 0, "kept": 0}
    candidates, posts = [], []
    for r in rows:
        labels = set(r.get("labels", []))
        if not labels <= covered:
            stats["outside_scope"] += 1
            continue
        a = r.get("author") or {}
        candidates.append(r)
        posts.append(Post(text=r["text"], path="<corpus>", id=r["id"],
                          author=Author(name=a.get("name"), handle=a.get("handle"), organisation=bool(a.get("organisation"))),
                          in_reply_to=r.get("in_reply_to"), platform=r.get("platform"), profession=r.get("profession")))
    out = []
    for r, result in zip(candidates, linter.check_posts(posts)):
        found = {f.concern for f in result.findings}
        if found != set(r.get("labels", [])):
            stats["disagree"] += 1
            continue
        item = {"id": r["id"], "text": r["text"]}
        for k in ("author", "in_reply_to", "platform", "profession"):
            if r.get(k):
                item[k] = r[k]
        item["concerns"] = sorted(r.get("labels", []))
        if r.get("note"):
            item["note"] = r["note"]
        out.append(item)
    stats["kept"] = len(out)
    return out, stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped bank differs from a fresh build")
    args = ap.parse_args()
    items, stats = build()
    text = "".join(json.dumps(i, ensure_ascii=False, sort_keys=False) + "\n" for i in items)
    by = {}
    for i in items:
        key = ",".join(i["concerns"]) or "none"
        by[key] = by.get(key, 0) + 1
    print(f"{stats['corpus']} corpus posts; {stats['outside_scope']} labelled with concerns no rule checks; "
          f"{stats['disagree']} where govlint disagrees with the labels; {stats['kept']} kept: {by}", file=sys.stderr)
    if args.check:
        current = BANK.read_text("utf-8") if BANK.exists() else ""
        return 0 if current == text else 1
    BANK.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
