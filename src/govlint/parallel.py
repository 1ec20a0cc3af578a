"""Checking many posts on several cores, with results in input order.

An archive of tens of thousands of posts is split into chunks that worker
processes check while the main process reads ahead; at most a few chunks per
worker are in flight, so memory stays flat however long the input, and results
come back in input order, so output is the same whatever the number of jobs.

Workers are forked where the platform allows it, after the main process has
compiled the rules and (when a rule needs it) loaded the NLP model, so each
worker starts at once and shares the model's memory; elsewhere each worker
builds its own engine once. A handful of drafts is checked in-process: starting
workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from itertools import islice
from typing import Iterable, Iterator

from govlint.model import Post

AUTO_MIN_POSTS = 200  # fewer posts than this: one process (when the number of jobs is not given)
CHUNK = 128  # posts per task: one NLP batch
IN_FLIGHT = 3  # chunks queued per worker

_engine = None  # the worker's engine (inherited when forked, built once otherwise)


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def check_posts(engine, posts: Iterable[Post], jobs: int | None = 1) -> Iterator:
    """``engine.check(posts)`` on ``jobs`` processes (None: all cores when there are many posts)."""
    posts = iter(posts)
    head: list[Post] = []
    if jobs is None:
        head = list(islice(posts, AUTO_MIN_POSTS))
        jobs = cpu_count() if len(head) >= AUTO_MIN_POSTS else 1
    stream = _chain(head, posts)
    if jobs <= 1:
        yield from engine.check(stream)
        return
    yield from _pooled(engine, stream, jobs)


def _chain(head: list[Post], rest: Iterator[Post]) -> Iterator[Post]:
    yield from head
    yield from rest


def _chunks(posts: Iterator[Post]) -> Iterator[list[Post]]:
    while True:
        chunk = list(islice(posts, CHUNK))
        if not chunk:
            return
        yield chunk


def _context():
    import multiprocessing as mp  # not at import: a one-draft check never needs it

    methods = mp.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _pooled(engine, posts: Iterator[Post], jobs: int) -> Iterator:
    global _engine
    from govlint.engine import PostResult

    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        if engine.needs_nlp and engine.nlp_enabled:
            engine._layer()  # load the model once, before forking: workers share it
        _engine = engine
        # Objects that exist now are never collected in the workers: without this, each worker's garbage
        # collector walks (and so copies, page by page) everything the parent holds, model included.
        gc.freeze()
        pool = ctx.Pool(jobs)
    else:
        pool = ctx.Pool(jobs, initializer=_init, initargs=(engine.rules, engine.nlp_model, engine.regex_timeout,
                                                            engine.batch_size, engine.model_on_every_post))
    pending: deque = deque()
    try:
        chunks = _chunks(posts)
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_check_chunk, (chunk,))))
            if len(pending) >= jobs * IN_FLIGHT:
                yield from _collect(pending.popleft(), PostResult)
        while pending:
            yield from _collect(pending.popleft(), PostResult)
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        if forked:
            _engine = None
            gc.unfreeze()


def _collect(item, result_type) -> Iterator:
    chunk, async_result = item
    for post, (findings, identifiers, problems) in zip(chunk, async_result.get()):
        yield result_type(post, findings, identifiers, problems)


def _init(rules, nlp_model, regex_timeout, batch_size, model_on_every_post=False) -> None:
    global _engine
    from govlint.engine import Linter

    _engine = Linter(rules, nlp_model=nlp_model, regex_timeout=regex_timeout, batch_size=batch_size,
                     model_on_every_post=model_on_every_post)


def _check_chunk(chunk: list[Post]) -> list[tuple]:
    # The post itself stays in the parent; only what was found travels back.
    return [(r.findings, r.identifiers, r.problems) for r in _engine.check(chunk)]
