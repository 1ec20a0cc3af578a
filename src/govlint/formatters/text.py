"""Human-readable output: location, severity, rule, message, citation and an underlined excerpt."""

from __future__ import annotations

from typing import Iterable, Iterator

from govlint.formatters.base import Options, Report, details_for_output, mask, mask_spans
from govlint.model import Finding, Severity

_COLOURS = {Severity.ERROR: "\x1b[31;1m", Severity.WARNING: "\x1b[33;1m", Severity.INFO: "\x1b[36m"}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _excerpt(f: Finding, redact: bool) -> tuple[str, str]:
    """The post line holding the finding, and a caret line under the offending span."""
    text = f.context
    ls = text.rfind("\n", 0, f.start) + 1
    le = text.find("\n", f.start)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    start, end = f.start - ls, min(f.end, le) - ls
    if len(line) > 160:  # keep long lines readable: a window around the span
        lo = max(0, start - 60)
        hi = min(len(line), max(end, start + 1) + 60)
        prefix = "…" if lo > 0 else ""
        line = prefix + line[lo:hi] + ("…" if hi < len(line) else "")
        start, end, ls = start - lo + len(prefix), end - lo + len(prefix), ls + lo - len(prefix)
    if redact:
        body = text[ls:le]
        masked = mask(body, ls, mask_spans(f))
        return masked, ""
    # Underline the details a finding rests on (e.g. each part of a jigsaw) when it has them.
    parts = [(e["start"], e["end"]) for e in f.details.get("evidence", []) if e["end"] > e["start"]]
    spans = parts if f.concern == "patient-identifiability" and len(parts) > 1 else [(f.start, f.end)]
    marks = [" "] * len(line)
    offset = ls
    for s, e in spans:
        for i in range(max(0, s - offset), min(len(line), e - offset)):
            marks[i] = "^"
    carets = "".join(marks).rstrip()
    return line, carets or " " * start + "^"


def _finding_lines(f: Finding, options: Options) -> list[str]:
    c = options.color
    out: list[str] = []
    sev = f.severity.label
    sev_s = f"{_COLOURS[f.severity]}{sev}{_RESET}" if c else sev
    rule = f"{_BOLD}{f.rule}{_RESET}" if c else f.rule
    post = f" (post {f.post})" if not (isinstance(f.post, int) and f.post == 0) else ""
    out.append(f"{f.path}:{f.line}:{f.column}: {sev_s} {rule} [{f.concern}]{post} {f.title}")
    out.append(f"    {f.message}")
    det = details_for_output(f, options.redact)
    if det.get("contributors"):
        parts = "; ".join(f"{d['category']}: “{d['text']}”" for d in det["contributors"])
        out.append(f"    Details that add up: {parts}")
    if f.citation:
        cite = f"{f.citation.short()} — {f.citation.url}"
        out.append(f"    {_DIM + 'Cites: ' + cite + _RESET if c else 'Cites: ' + cite}")
    for extra in f.also_cited:
        out.append(f"    Also: {extra.short()} — {extra.url}")
    line, carets = _excerpt(f, options.redact)
    out.append(f"    | {line}")
    if carets:
        out.append(f"    | {_COLOURS[f.severity] + carets + _RESET if c else carets}")
    if f.suggestion:
        out.append(f"    Safer: {f.suggestion}")
    out.append("")
    return out


def stream(findings: Iterable[Finding], report: Report, options: Options) -> Iterator[str]:
    """The output piece by piece as ``findings`` arrive; the summary reads ``report`` once they are done."""
    counts = {s: 0 for s in Severity}
    total = 0
    for f in findings:
        counts[f.severity] += 1
        total += 1
        yield "\n".join(_finding_lines(f, options)) + "\n"
    posts = f"{report.posts_checked} post{'s' if report.posts_checked != 1 else ''}"
    if total:
        summary = (f"{total} finding{'s' if total != 1 else ''} in {posts}: {counts[Severity.ERROR]} error(s), "
                   f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info")
    else:
        summary = f"No findings in {posts}. Nothing here breaches the guidance govlint checks."
    yield "\n".join([*(f"error: {err}" for err in report.errors), summary]) + "\n"


def render(report: Report, options: Options) -> str:
    return "".join(stream(report.findings, report, options))
