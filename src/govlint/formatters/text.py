"""Human-readable output: location, severity, rule, message, citation and an underlined excerpt."""

from __future__ import annotations

from govlint.formatters.base import Masker, Options, Report, Span, mask, summarise_suppressed
from govlint.model import Finding, Severity

_COLOURS = {Severity.ERROR: "\x1b[31;1m", Severity.WARNING: "\x1b[33;1m", Severity.INFO: "\x1b[36m"}
_DIM, _BOLD, _RESET = "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _excerpt(f: Finding, redact: bool, hide: tuple[Span, ...] = ()) -> tuple[str, str]:
    """The post line holding the finding, and a caret line under the offending span.

    Redacted, the line is masked with ``hide``: every span any finding in the post wants hidden.
    """
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
        suffix = "…" if hi < len(line) else ""
        if redact:
            return prefix + mask(line[lo:hi], ls + lo, hide) + suffix, ""
        line = prefix + line[lo:hi] + suffix
        start, end, ls = start - lo + len(prefix), end - lo + len(prefix), ls + lo - len(prefix)
    if redact:  # no carets: the masked line no longer lines up with the original offsets
        return mask(line, ls, hide), ""
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


excerpt = _excerpt  # public name: `govlint explain` and `demo` underline spans exactly as `check` does


def _finding_lines(f: Finding, masker: Masker, c: bool, redact: bool) -> list[str]:
    out: list[str] = []
    sev = f.severity.label
    sev_s = f"{_COLOURS[f.severity]}{sev}{_RESET}" if c else sev
    rule = f"{_BOLD}{f.rule}{_RESET}" if c else f.rule
    post = f" (post {f.post})" if not (isinstance(f.post, int) and f.post == 0) else ""
    out.append(f"{f.path}:{f.line}:{f.column}: {sev_s} {rule} [{f.concern}]{post} {f.title}")
    out.append(f"    {f.message}")
    det = masker.details(f)
    if det.get("contributors"):
        parts = "; ".join(f"{d['category']}: “{d['text']}”" for d in det["contributors"])
        out.append(f"    Details that add up: {parts}")
    if det.get("words"):
        out.append("    Words that weigh most: " + ", ".join(f"“{w}”" for w in det["words"]))
    if f.citation:
        cite = f"{f.citation.short()} — {f.citation.url}"
        out.append(f"    {_DIM + 'Cites: ' + cite + _RESET if c else 'Cites: ' + cite}")
    for extra in f.also_cited:
        out.append(f"    Also: {extra.short()} — {extra.url}")
    line, carets = _excerpt(f, redact, masker.spans(f))
    out.append(f"    | {line}")
    if carets:
        out.append(f"    | {_COLOURS[f.severity] + carets + _RESET if c else carets}")
    if f.suggestion:
        out.append(f"    Safer: {f.suggestion}")
    out.append("")
    return out


def _tail(report: Report, counts: dict[Severity, int], total: int) -> list[str]:
    """Suppressed findings, errors and the summary line, after the findings."""
    posts = f"{report.posts_checked} post{'s' if report.posts_checked != 1 else ''}"
    if total:
        summary = (f"{total} finding{'s' if total != 1 else ''} in {posts}: {counts[Severity.ERROR]} error(s), "
                   f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info")
    elif report.errors:
        summary = f"No findings in {posts} checked, but not everything could be checked (see the errors above)."
    elif report.suppressed:
        summary = f"No findings in {posts} apart from {len(report.suppressed)} suppressed."
    else:
        summary = f"No findings in {posts}. Nothing here breaches the guidance govlint checks."
    if total and report.suppressed:
        summary += f" ({len(report.suppressed)} suppressed)"
    out = _suppressed(report)
    for err in report.errors:
        out.append(f"error: {err}")
    out.append(summary)
    return out


def render(report: Report, options: Options) -> str:
    out: list[str] = []
    masker = Masker(report.findings, options.redact)
    for f in report.findings:
        out.extend(_finding_lines(f, masker, options.color, options.redact))
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in Severity}
    out.extend(_tail(report, counts, len(report.findings)))
    return "\n".join(out) + "\n"


class Stream:
    """The same text as :func:`render`, written a post (or a thread) at a time; suppressed findings kept for the end."""

    def __init__(self, write, report: Report, options: Options):
        self.write, self.options = write, options
        self.counts = {s: 0 for s in Severity}
        self.total = 0
        self.suppressed: list[Finding] = []

    def add(self, findings, suppressed) -> None:
        if findings:
            masker = Masker(findings, self.options.redact)  # as render: a post's findings, not its suppressed ones
            out: list[str] = []
            for f in findings:
                out.extend(_finding_lines(f, masker, self.options.color, self.options.redact))
                self.counts[f.severity] += 1
            self.total += len(findings)
            self.write("\n".join(out) + "\n")
        self.suppressed.extend(suppressed)

    def close(self, report: Report) -> None:
        from dataclasses import replace

        report = replace(report, suppressed=self.suppressed)
        self.write("\n".join(_tail(report, self.counts, self.total)) + "\n")


def _suppressed(report: Report) -> list[str]:
    """One line per finding silenced by a directive or the config (with its reason); baselined ones counted."""
    summary = summarise_suppressed(report.suppressed)
    out = list(summary.lines)
    if summary.baselined:
        out.append(summary.baseline_note())
    if out:
        out.append("")
    return out
