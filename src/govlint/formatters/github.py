"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

``::error file=drafts/a.md,line=3,col=5,endLine=3,endColumn=17,title=GMC-CONF-02 …::message``
with ``warning`` and ``notice`` for lower severities. Values are escaped the way
the Actions runner unescapes them (``%``, CR and LF everywhere; ``:`` and ``,``
as well inside properties), so post text can never start a command of its own.
"""

from __future__ import annotations

from govlint.formatters.base import Masker, Options, Report, guidance_lines, plural, portable_path, severity_counts
from govlint.model import Finding, Severity

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line; properties whose value is None are left out."""
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def _message(f: Finding, m: Masker) -> str:
    lines = [f.message]
    added = m.contributors(f)
    if added:
        lines.append(f"Details that add up: {added}")
    lines += guidance_lines(f)
    return "\n".join(lines)


def annotation(f: Finding, m: Masker) -> str:
    path = portable_path(f.path)
    single = f.end_line <= f.line
    return command(
        COMMAND[f.severity], _message(f, m),
        file=None if path.startswith("<") else path,
        line=f.line, col=f.column,
        endLine=max(f.line, f.end_line),
        endColumn=max(f.column, f.end_column) if single else None,  # GitHub uses columns only within one line
        title=f"{f.rule} [{f.concern}] {f.title}",
    )


def _tail(report: Report, counts: dict[Severity, int], total: int) -> list[str]:
    out = [command("error", err, title="govlint could not check an input") for err in report.errors]
    out.append(f"govlint: {plural(total, 'finding')} in {plural(report.posts_checked, 'post')} "
               f"({', '.join(f'{n} {s.label}' for s, n in counts.items())})")
    return out


def render(report: Report, options: Options) -> str:
    m = Masker(report.findings, options.redact)
    out = [annotation(f, m) for f in report.findings]
    out += _tail(report, severity_counts(report.findings), len(report.findings))
    return "\n".join(out) + "\n"


class Stream:
    """The same commands as :func:`render`, written a post (or a thread) at a time."""

    def __init__(self, write, report: Report, options: Options):
        self.write, self.options = write, options
        self.counts = severity_counts(())
        self.total = 0

    def add(self, findings, suppressed) -> None:
        if findings:
            m = Masker(findings, self.options.redact)
            self.write("".join(annotation(f, m) + "\n" for f in findings))
            for f in findings:
                self.counts[f.severity] += 1
            self.total += len(findings)

    def close(self, report: Report) -> None:
        self.write("\n".join(_tail(report, self.counts, self.total)) + "\n")
