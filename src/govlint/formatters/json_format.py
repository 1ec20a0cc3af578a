"""Machine-readable output for scripts and CI (a stable, documented shape)."""

from __future__ import annotations

import json

from govlint.formatters.base import Masker, Options, Report
from govlint.model import Finding, Severity


def finding_dict(f: Finding, redact: bool, masker: Masker | None = None) -> dict:
    m = masker or Masker([f], redact)
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
        "match": m.match(f),
        "details": m.details(f),
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
        **({"suppression": dict(f.suppression)} if f.suppression else {}),
    }


def summary(report: Report, fail_on: Severity) -> dict:
    return {
        "posts": report.posts_checked,
        "files": report.files_checked,
        "findings": len(report.findings),
        "by_severity": {s.label: sum(1 for f in report.findings if f.severity == s) for s in sorted(Severity, reverse=True)},
        "by_concern": {c: n for c, n in sorted(_count(report).items())},
        "fail_on": fail_on.label,
        "failed": any(f.severity >= fail_on for f in report.findings),
        "errors": report.errors,
        "suppressed": len(report.suppressed),
    }


def _count(report: Report) -> dict:
    out: dict[str, int] = {}
    for f in report.findings:
        out[f.concern] = out.get(f.concern, 0) + 1
    return out


def render(report: Report, options: Options) -> str:
    masker = Masker([*report.findings, *report.suppressed], options.redact)  # suppressed ones quote posts too
    doc = {
        "version": report.version,
        "redacted": options.redact,
        "findings": [finding_dict(f, options.redact, masker) for f in report.findings],
        "suppressed": [finding_dict(f, options.redact, masker) for f in report.suppressed],
        "summary": summary(report, options.fail_on),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
