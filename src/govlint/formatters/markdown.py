"""A Markdown summary for a pull-request or merge-request comment.

Counts by severity and concern, a table of findings linking each to its
guidance, then collapsible details per file. Text is escaped for GitHub
Flavored Markdown; post text goes in code spans and ``@`` in prose is broken
with a zero-width space, so a comment never mentions (and notifies) anyone. The
output stays under GitHub's 65,536-character comment limit, saying what it
left out.
"""

from __future__ import annotations

import re
from html import escape

from govlint.formatters.base import (Masker, Options, Report, concern_counts, group_by_file, group_by_post, plural,
                                     summarise_suppressed,
                                     portable_path, severity_counts, suppression)
from govlint.model import Citation, Finding, Rule, Severity

LIMIT = 65536  # GitHub's limit on a comment body
BUDGET = LIMIT - 2000  # room for the truncation note and any wrapper a CI script adds
SEV_NAME = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def length(text: str) -> int:
    """Length as GitHub counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str, table: bool = False) -> str:
    """Markdown-safe prose: special characters escaped, no @mentions, one line in a table."""
    out = _SPECIAL.sub(r"\\\1", str(text)).replace("@", "@\u200b").replace("&", "&amp;")
    if table:
        out = " ".join(out.split())
    return out


def code(text: str, table: bool = False) -> str:
    """A code span holding ``text`` literally (post text: never rendered, never a mention)."""
    body = " ".join(str(text).split()) or " "
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    if table:
        body = body.replace("|", "\\|")
    return f"{ticks}{body}{ticks}"


def link(c: Citation, table: bool = False) -> str:
    label = esc(c.short(), table)
    url = c.url or ""
    if url.lower().startswith(("https://", "http://")):
        return f"[{label}](<{url.replace('<', '%3C').replace('>', '%3E').replace(' ', '%20')}>)"
    return label


MAX_SUPPRESSED = 50  # lines; the comment must stay under GitHub's limit


def _row(f: Finding) -> str:
    where = code(f"{portable_path(f.path)}:{f.line}", table=True)
    cite = link(f.citation, table=True) if f.citation else ""
    cells = [where, code(f.rule, table=True), esc(f.concern, True), SEV_NAME[f.severity], esc(f.title, True), cite]
    return "| " + " | ".join(cells) + " |"


def _detail(n: int, f: Finding, rule: Rule | None, m: Masker) -> str:
    lines = [f"**{n}. {esc(f.title)}** — {code(f.rule)} · {SEV_NAME[f.severity]} · {esc(f.concern)} · "
             f"line {f.line}, column {f.column}", "", esc(f.message), ""]
    added = m.contributors(f)
    if added:
        lines.append(f"- Details that add up: {code(added)}")
    else:
        lines.append(f"- Found: {code(m.match(f))}")
    if rule and rule.why:
        lines.append(f"- Why: {esc(rule.why.strip())}")
    if f.suggestion:
        lines.append(f"- Safer: {esc(f.suggestion)}")
    if f.citation:
        lines.append(f"- Guidance: {link(f.citation)}")
    for c in f.also_cited:
        lines.append(f"- Also: {link(c)}")
    sup = suppression(f)
    if sup:
        lines.append(f"- Suppressed: {esc(sup['reason'] or 'yes')}")
    return "\n".join(lines)


def _header(report: Report, options: Options) -> list[str]:
    counts = severity_counts(report.findings)
    failed = any(f.severity >= options.fail_on for f in report.findings)
    n = len(report.findings)
    out = [f"### govlint: {plural(n, 'finding')} in {plural(report.posts_checked, 'post')} "
           f"({plural(report.files_checked, 'file')})", ""]
    if not n:
        out += ["No findings: nothing here breaches the guidance govlint checks.", ""]
    else:
        verdict = "fails" if failed else "passes"
        out += [f"Result: **{verdict}** at `--fail-on {options.fail_on.label}`. "
                + " · ".join(f"**{c}** {SEV_NAME[s]}" for s, c in counts.items()), ""]
        out += ["| Concern | Findings |", "| --- | ---: |"]
        out += [f"| {esc(c, True)} | {k} |" for c, k in concern_counts(report.findings).items()]
        out.append("")
    if options.redact:
        out += ["_Personal data that govlint recognised is masked as its type, e.g. `[PERSON]`._", ""]
    if report.errors:
        out += [f"**{plural(len(report.errors), 'input')} could not be checked:**", ""]
        out += [f"- {esc(e)}" for e in report.errors]
        out.append("")
    return out


def render(report: Report, options: Options) -> str:
    out = _header(report, options)
    masker = Masker(report.findings, options.redact)
    used = length("\n".join(out))
    notes: list[str] = []
    if report.findings:
        table = ["| Location | Rule | Concern | Severity | Finding | Guidance |", "| --- | --- | --- | --- | --- | --- |"]
        shown = 0
        for f in report.findings:
            row = _row(f)
            if used + length(row) + 1 > BUDGET * 0.6:  # keep room for at least some details
                break
            table.append(row)
            used += length(row) + 1
            shown += 1
        out += table + [""]
        if shown < len(report.findings):
            notes.append(f"The table shows the first {shown} of {len(report.findings)} findings.")
        n = 0
        left_out = 0
        for path, groups in group_by_file(group_by_post(report)).items():
            found = [f for g in groups for f in g.findings]
            if not found:
                continue
            summary = escape(portable_path(path)).replace("@", "@\u200b")  # raw HTML: no Markdown escapes here
            head = f"<details><summary>{summary} — {plural(len(found), 'finding')}</summary>\n"
            tail = "\n</details>\n"
            blocks: list[str] = []
            size = length(head) + length(tail)
            for f in found:
                n += 1
                block = _detail(n, f, report.rules.get(f.rule), masker)
                if used + size + length(block) + 2 > BUDGET:
                    left_out += 1
                    continue
                blocks.append(block)
                size += length(block) + 2
            if blocks:
                out.append(head + "\n" + "\n\n".join(blocks) + "\n" + tail)
                used += size + 1
        if left_out:
            notes.append(f"Details of {plural(left_out, 'finding')} are left out to stay under GitHub's comment limit.")
    summary = summarise_suppressed(report.suppressed)
    if summary.total:
        out += [f"**{plural(summary.total, 'suppressed finding')}** (not counted toward the result):", ""]
        out += [f"- {esc(line)}" for line in summary.lines[:MAX_SUPPRESSED]]
        if len(summary.lines) > MAX_SUPPRESSED:
            out.append(f"- … and {len(summary.lines) - MAX_SUPPRESSED} more (`govlint check` lists them all)")
        if summary.baselined:
            out.append(f"- {esc(summary.baseline_note())}")
        out.append("")
    if notes:
        out += ["> **Truncated.** " + " ".join(notes) + " Run `govlint check --format html` for the full report.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
