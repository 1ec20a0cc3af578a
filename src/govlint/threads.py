"""Checking a thread as a whole, so that details spread over its posts can add up.

Post 1 says "84-year-old retired headmistress", post 2 "from Leek, admitted
to Ward 7 last night": neither identifies anyone alone, the thread does.
Readers mark the posts of a thread with the same ``meta['thread']`` and keep
them together. :func:`check` passes every post to the engine as usual, then
checks each thread's posts joined by a blank line and adds only the
*whole-thread* findings: those no single post already produced (same rule
family, overlapping span). Each is reported at the real post, line and column
where it starts; its ``start``/``end`` and ``context`` are those of the joined
thread text, and ``details`` says which posts it spans. The findings are added
to the result of the thread's last post, so results stay one per post.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Iterable, Iterator

from govlint.model import Finding, Post

SEPARATOR = "\n\n"
MAX_THREAD_CHARS = 100_000


def thread_key(post: Post):
    return post.meta.get("thread") if post.meta else None


def check(engine, posts: Iterable[Post], run=None) -> Iterator:
    """``run(posts)`` (default ``engine.check``), plus whole-thread findings on the last post of each thread."""
    pending: list = []
    key = None
    for result in (run or engine.check)(posts):
        k = thread_key(result.post)
        if pending and k != key:
            yield from _flush(engine, pending)
            pending = []
        if k is None:
            yield result
        else:
            pending.append(result)
            key = k
    if pending:
        yield from _flush(engine, pending)


def _flush(engine, results: list) -> Iterator:
    if len(results) > 1:
        results[-1].findings.extend(whole_thread_findings(engine, results))
    yield from results


def joined(posts: list[Post]) -> tuple[Post, list[int]]:
    """One post holding the whole thread, and where each post starts in it."""
    starts, pos = [], 0
    for p in posts:
        starts.append(pos)
        pos += len(p.text) + len(SEPARATOR)
    first = posts[0]
    allowed = tuple((s + at, e + at) for p, at in zip(posts, starts) for s, e in p.allowed)  # allow-listed text
    whole = replace(first, text=SEPARATOR.join(p.text for p in posts), line_map=None,
                    meta={**first.meta, "whole_thread": True}, allowed=allowed)
    return whole, starts


def whole_thread_findings(engine, results: list) -> list[Finding]:
    """Findings of the joined thread that no single post of it produced, located in the real posts."""
    posts = [r.post for r in results]
    whole, starts = joined(posts)
    if len(whole.text) > MAX_THREAD_CHARS:
        return []
    family = {r.id: r.family for r in engine.rules}
    single = [(family.get(f.rule, f.rule), starts[i] + f.start, starts[i] + f.end)
              for i, r in enumerate(results) for f in r.findings]
    out = []
    for f in engine.check_one(whole).findings:
        fam = family.get(f.rule, f.rule)
        if any(fam == sf and s < max(f.end, f.start + 1) and f.start < max(e, s + 1) for sf, s, e in single):
            continue
        first, last = _post_at(starts, f.start), _post_at(starts, max(f.start, f.end - 1))
        line, col = posts[first].position(min(f.start - starts[first], len(posts[first].text)))
        end_line, end_col = posts[last].position(min(f.end - starts[last], len(posts[last].text)))
        evidence = []
        for e in f.details.get("evidence", []):
            i = _post_at(starts, e["start"])
            evidence.append({**e, "post": posts[i].id, "line": posts[i].position(e["start"] - starts[i])[0]})
        details = {**f.details, "scope": "thread", "thread_posts": [p.id for p in posts[first:last + 1]]}
        if evidence:
            details["evidence"] = evidence
        out.append(replace(f, path=posts[first].path, post=posts[first].id, line=line, column=col,
                           end_line=end_line, end_column=end_col, details=details))
    return out


def _post_at(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)
