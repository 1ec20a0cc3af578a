"""Machine-readable output for scripts and CI (a stable, documented shape)."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from govlint.formatters.base import Options, Report, details_for_output, match_text
from govlint.model import Finding, Severity


def finding_dict(f: Finding, redact: bool) -> dict:
    return {
        "path": f.path,
        "post": f.post,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "start": f.start,
        "end": f.end,
        "rule": f.rule,
        "pack": f.pack,
        "concern": f.concern,
        "severity": f.severity.label,
        "confidence": f.confidence,
        "title": f.title,
        "message": f.message,
        "citation": f.citation.as_dict() if f.citation else None,
        "also_cited": [c.as_dict() for c in f.also_cited],
        "match": match_text(f, redact),
        "details": details_for_output(f, redact),
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
    }


def summary(report: Report, fail_on: Severity) -> dict:
    tally = _Tally(fail_on)
    for f in report.findings:
        tally.add(f)
    return tally.summary(report)


class _Tally:
    """Counts for the summary, kept as findings stream past."""

    def __init__(self, fail_on: Severity):
        self.fail_on = fail_on
        self.total = 0
        self.by_severity = {s: 0 for s in Severity}
        self.by_concern: dict[str, int] = {}
        self.failed = False

    def add(self, f: Finding) -> None:
        self.total += 1
        self.by_severity[f.severity] += 1
        self.by_concern[f.concern] = self.by_concern.get(f.concern, 0) + 1
        self.failed = self.failed or f.severity >= self.fail_on

    def summary(self, report: Report) -> dict:
        return {
            "posts": report.posts_checked,
            "files": report.files_checked,
            "findings": self.total,
            "by_severity": {s.label: self.by_severity[s] for s in sorted(Severity, reverse=True)},
            "by_concern": {c: n for c, n in sorted(self.by_concern.items())},
            "fail_on": self.fail_on.label,
            "failed": self.failed,
            "errors": report.errors,
        }


def _indented(value, prefix: str) -> str:
    """``json.dumps(value, indent=2)`` as it appears nested under ``prefix`` in the whole document."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + prefix)


def stream(findings: Iterable[Finding], report: Report, options: Options) -> Iterator[str]:
    """The same document as :func:`render`, piece by piece as ``findings`` arrive (nothing is held back)."""
    head = (f'{{\n  "version": {json.dumps(report.version, ensure_ascii=False)},\n'
            f'  "redacted": {json.dumps(options.redact)},\n  "findings": [')
    tally = _Tally(options.fail_on)
    for f in findings:
        yield (head + "\n    " if tally.total == 0 else ",\n    ") + _indented(finding_dict(f, options.redact), "    ")
        tally.add(f)
    yield (head + "],\n" if tally.total == 0 else "\n  ],\n") + f'  "summary": {_indented(tally.summary(report), "  ")}\n}}\n'


def render(report: Report, options: Options) -> str:
    return "".join(stream(report.findings, report, options))
