"""Scoring govlint against labelled posts: per-concern precision, recall and F1.

A labelled record is ``{"text", "labels": [concerns], "annotated": [concerns]}``
plus the usual post metadata. A concern not in ``annotated`` is unknown for
that record, not negative, so it is not scored. A concern counts as predicted
when a finding of that concern is at or above ``min_severity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from govlint.model import CONCERNS, Post, Severity


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def score(pairs: Iterable[tuple[Post, set[str], set[str], set[str]]]) -> dict[str, Score]:
    """``pairs``: (post, gold labels, annotated concerns, predicted concerns)."""
    out = {c: Score() for c in CONCERNS}
    for post, gold, annotated, predicted in pairs:
        for c in annotated:
            if c not in out:
                continue
            s = out[c]
            if c in gold and c in predicted:
                s.tp += 1
            elif c in predicted:
                s.fp += 1
                s.false_positives.append(post)
            elif c in gold:
                s.fn += 1
                s.misses.append(post)
            else:
                s.tn += 1
    return out


def predicted_concerns(findings, min_severity: Severity = Severity.WARNING) -> set[str]:
    return {f.concern for f in findings if f.severity >= min_severity}
