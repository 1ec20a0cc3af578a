"""Scoring govlint against labelled posts: per-concern precision, recall and F1.

A labelled record is ``{"text", "labels": [concerns], "annotated": [concerns]}``
plus the usual post metadata (``author``, ``in_reply_to``, ``platform``,
``profession``, ``date``, ``id``). A concern not in ``annotated`` is unknown for
that record, not negative, so it is not scored. When a record has no
``annotated`` list, every concern is taken as decided: the ones in ``labels``
are breaches and all the others are clean. A concern counts as predicted when a
finding of that concern is at or above ``min_severity``.

Besides the per-concern scores, :func:`evaluate` counts the clean records (no
labels) that govlint flags for a concern the record does not annotate: on a
file about one concern (say misinformation) that is the false-alarm rate for
every other concern, which the per-concern scores cannot show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from govlint.errors import InputError
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

    @property
    def scored(self) -> int:
        """Records that annotate this concern (0: the file says nothing about it)."""
        return self.tp + self.fp + self.fn + self.tn


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


@dataclass(frozen=True)
class LabelledPost:
    post: Post
    gold: frozenset[str]
    annotated: frozenset[str]
    # positive for a label govlint does not score (e.g. the corpora's 'personal-data'): never a clean row
    foreign: frozenset[str] = frozenset()


def _concern_list(rec: dict, key: str, name: str, where: str) -> frozenset[str] | None:
    value = rec.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise InputError(name, f"{where}: '{key}' must be a list of concerns")
    return frozenset(value)


def read_labelled(text: str, name: str, defaults=None) -> Iterator[LabelledPost | InputError]:
    """Labelled records from JSONL text; a bad line becomes an :class:`InputError` and the rest still load."""
    from govlint.document import Defaults, parse_jsonl

    records: dict[int, dict] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                continue  # parse_jsonl reports it
            if isinstance(rec, dict):
                records[n] = rec
    for item in parse_jsonl(text, name, defaults or Defaults()):
        if isinstance(item, InputError):
            yield item
            continue
        n = item.meta["record"]
        where = f"line {n}"
        try:
            gold = _concern_list(records[n], "labels", name, where)
            if gold is None:
                raise InputError(name, f"{where}: needs 'labels', a list of concerns ([] for a clean post)")
            annotated = _concern_list(records[n], "annotated", name, where)
            annotated = frozenset(CONCERNS) if annotated is None else annotated
            # Labels govlint has no rules for (a data set's own, e.g. 'personal-data') are not scored, but a row
            # positive for one is not a clean row either.
            foreign = gold - frozenset(CONCERNS)
            gold, annotated = gold & frozenset(CONCERNS), annotated & frozenset(CONCERNS)
            outside = sorted(gold - annotated)
            if outside:
                raise InputError(name, f"{where}: label '{outside[0]}' is not in 'annotated'")
        except InputError as exc:
            yield exc
            continue
        yield LabelledPost(item, gold, annotated, foreign)


@dataclass(frozen=True)
class Case:
    """One record in an error list: the post and the rules that fired (for a false positive)."""

    post: Post
    rules: tuple[str, ...] = ()


@dataclass
class Evaluation:
    scores: dict[str, Score]
    rows: int
    clean_rows: int = 0
    # clean rows flagged for a concern they do not annotate, with those concerns
    other_flagged: list[tuple[Case, tuple[str, ...]]] = field(default_factory=list)
    # labels in the file that are not govlint concerns, with how many rows carry each (not scored)
    ignored_labels: dict[str, int] = field(default_factory=dict)

    @property
    def other_rate(self) -> float:
        return len(self.other_flagged) / self.clean_rows if self.clean_rows else 0.0

    def other_by_concern(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, concerns in self.other_flagged:
            for c in concerns:
                out[c] = out.get(c, 0) + 1
        return dict(sorted(out.items()))


def evaluate(records: Iterable[LabelledPost], check, min_severity: Severity = Severity.WARNING,
             concerns: Iterable[str] | None = None) -> Evaluation:
    """Score ``check`` (posts -> results with ``findings``, in order) on labelled records.

    ``concerns`` limits scoring to those concerns (default: all).
    """
    records = list(records)
    wanted = frozenset(concerns) if concerns else frozenset(CONCERNS)
    scores = {c: Score() for c in CONCERNS}
    ev = Evaluation(scores=scores, rows=len(records))
    for rec, result in zip(records, check([r.post for r in records])):
        predicted = predicted_concerns(result.findings, min_severity)
        rules: dict[str, list[str]] = {}
        for f in result.findings:
            if f.severity >= min_severity:
                rules.setdefault(f.concern, []).append(f.rule)
        for c in rec.annotated & wanted:
            s = scores[c]
            if c in rec.gold and c in predicted:
                s.tp += 1
            elif c in predicted:
                s.fp += 1
                s.false_positives.append(Case(rec.post, tuple(dict.fromkeys(rules[c]))))
            elif c in rec.gold:
                s.fn += 1
                s.misses.append(Case(rec.post))
            else:
                s.tn += 1
        for label in rec.foreign:
            ev.ignored_labels[label] = ev.ignored_labels.get(label, 0) + 1
        if not rec.gold and not rec.foreign:
            ev.clean_rows += 1
            other = tuple(sorted((predicted - rec.annotated) & wanted))
            if other:
                ev.other_flagged.append((Case(rec.post, tuple(r for c in other for r in dict.fromkeys(rules[c]))), other))
    return ev


def parse_threshold(spec: str) -> tuple[str, str, float]:
    """``hostility=0.8`` (F1), ``hostility.recall=0.8`` or ``hostility.precision=0.85`` -> (concern, metric, value)."""
    key, sep, value = spec.partition("=")
    if not sep:
        raise ValueError(f"'{spec}': use CONCERN=VALUE or CONCERN.METRIC=VALUE (metric: precision, recall, f1)")
    concern, _, metric = key.strip().partition(".")
    metric = metric or "f1"
    if concern not in CONCERNS:
        raise ValueError(f"'{spec}': unknown concern '{concern}' (known: {', '.join(CONCERNS)})")
    if metric not in ("precision", "recall", "f1"):
        raise ValueError(f"'{spec}': unknown metric '{metric}' (use precision, recall or f1)")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{spec}': '{value}' is not a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"'{spec}': '{value}' is not a number between 0 and 1")
    return concern, metric, number


def below(ev: Evaluation, thresholds: Iterable[tuple[str, str, float]]) -> list[str]:
    """The thresholds an evaluation misses, as readable lines."""
    out = []
    for concern, metric, value in thresholds:
        s = ev.scores[concern]
        got = getattr(s, metric)
        if not s.scored:
            out.append(f"{concern}: no labelled rows annotate it, so {metric} cannot reach {value:g}")
        elif got < value:
            out.append(f"{concern}: {metric} {got:.3f} is below {value:g}")
    return out
