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
    tally = Tally()
    tally.add(report.findings)
    return tally.summary(report, fail_on, len(report.suppressed))


class Tally:
    """What the summary counts, kept as findings go past (so a streamed report need not hold them)."""

    def __init__(self) -> None:
        self.findings = 0
        self.by_severity = {s: 0 for s in sorted(Severity, reverse=True)}
        self.by_concern: dict[str, int] = {}

    def add(self, findings) -> None:
        for f in findings:
            self.findings += 1
            self.by_severity[f.severity] += 1
            self.by_concern[f.concern] = self.by_concern.get(f.concern, 0) + 1

    def failed(self, fail_on: Severity) -> bool:
        return any(n for s, n in self.by_severity.items() if s >= fail_on)

    def summary(self, report: Report, fail_on: Severity, suppressed: int) -> dict:
        return {
            "posts": report.posts_checked,
            "files": report.files_checked,
            "findings": self.findings,
            "by_severity": {s.label: n for s, n in self.by_severity.items()},
            "by_concern": {c: n for c, n in sorted(self.by_concern.items())},
            "fail_on": fail_on.label,
            "failed": self.failed(fail_on),
            "errors": report.errors,
            "suppressed": suppressed,
        }


def _dump(value, indent: str) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it when nested at ``indent``."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


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


class Stream:
    """The same document as :func:`render`, written a post at a time.

    Findings are written as they come; suppressed ones (few) are kept, already
    rendered, until the end, where the summary is built from running counts.
    Each ``add`` is one post (or one thread): its findings and suppressed
    findings, masked together, as :func:`render` masks a post.
    """

    def __init__(self, write, report: Report, options: Options):
        self.write, self.options = write, options
        self.tally = Tally()
        self.count = 0
        self.suppressed: list[str] = []
        write("{\n" f'  "version": {_dump(report.version, "  ")},\n  "redacted": {_dump(options.redact, "  ")},\n'
              '  "findings": [')

    def add(self, findings, suppressed) -> None:
        masker = Masker([*findings, *suppressed], self.options.redact)
        for f in findings:
            self.write(("," if self.count else "") + "\n    " + _dump(finding_dict(f, self.options.redact, masker), "    "))
            self.count += 1
        self.tally.add(findings)
        self.suppressed.extend(_dump(finding_dict(f, self.options.redact, masker), "    ") for f in suppressed)

    def close(self, report: Report) -> None:
        out = ["\n  ]" if self.count else "]", ',\n  "suppressed": [']
        out.append(",".join("\n    " + s for s in self.suppressed) + ("\n  ]" if self.suppressed else "]"))
        out.append(f',\n  "summary": {_dump(self.tally.summary(report, self.options.fail_on, len(self.suppressed)), "  ")}\n}}\n')
        self.write("".join(out))
