"""Rendering an :class:`~govlint.audit.Audit` as text for a terminal or as one self-contained HTML page.

Both only turn values into a string. With ``redact`` the first line shown for
each post has its personal data replaced by its type (``[PERSON]``). The HTML
has inline CSS and no external assets, and escapes every piece of post text.
"""

from __future__ import annotations

import html

from govlint.audit import UNDATED, Audit, WorstPost
from govlint.formatters.base import mask, mask_spans
from govlint.model import Severity

MAX_LINE = 110
_ONE = {"reposts": "repost", "rows without text": "row without text", "posts without text": "post without text"}


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def first_line(w: WorstPost, redact: bool) -> str:
    line, offset = w.first_line
    if redact:
        spans = list(w.identifiers)
        for f in w.findings:
            if f.context == w.post.text:  # whole-thread findings have the thread as context: offsets differ
                spans.extend(mask_spans(f))
        line = mask(line, offset, spans)
    line = " ".join(line.split())
    return line if len(line) <= MAX_LINE else line[:MAX_LINE - 1] + "…"


def _where(w: WorstPost) -> str:
    url = w.post.meta.get("url") if w.post.meta else None
    return url if isinstance(url, str) and url else f"{w.post.path}:{w.post.line}"


def headline(a: Audit) -> list[str]:
    span = f" from {a.first_date[:10]} to {a.last_date[:10]}" if a.first_date and a.last_date else ""
    out = [f"{_plural(a.posts_checked, 'post')} checked{span}, in {_plural(len(a.files), 'file')}."]
    for reason, n in sorted(a.skipped.items()):
        note = " (someone else's words)" if reason == "reposts" else ""
        out.append(f"Not checked: {n:,} {_ONE.get(reason, reason) if n == 1 else reason}{note}.")
    sev = a.by_severity
    if a.findings:
        out.append(f"{_plural(len(a.findings), 'finding')} in {_plural(a.posts_with_findings, 'post')}: "
                   f"{sev[Severity.ERROR]} error(s), {sev[Severity.WARNING]} warning(s), {sev[Severity.INFO]} info.")
    else:
        out.append("No findings: nothing in this history breaches the guidance govlint checks.")
    return out


def render_text(a: Audit, redact: bool = False) -> str:
    out = ["govlint audit", "", *headline(a), ""]
    if a.findings:
        concerns = [c for c, _ in sorted(a.by_concern.items(), key=lambda x: -x[1])]
        w0 = max(len("concern"), *(len(c) for c in concerns), len("total"))
        cols = [*a.years, "total"]
        widths = [max(len(y), 5) for y in cols]
        out.append("Findings by concern and year")
        out.append("  " + "concern".ljust(w0) + "".join(f"  {y:>{w}}" for y, w in zip(cols, widths)))
        for c in concerns:
            row = a.table.get(c, {})
            cells = [str(row.get(y, 0) or "·") for y in a.years] + [str(a.by_concern[c])]
            out.append("  " + c.ljust(w0) + "".join(f"  {v:>{w}}" for v, w in zip(cells, widths)))
        totals = [str(a.by_year.get(y, 0)) for y in a.years] + [str(len(a.findings))]
        out.append("  " + "total".ljust(w0) + "".join(f"  {v:>{w}}" for v, w in zip(totals, widths)))
        out.append("")
        shown = len(a.worst)
        out.append(f"Worst posts first ({shown} of {a.posts_with_findings})" if shown < a.posts_with_findings
                   else "Worst posts first")
        for n, w in enumerate(a.worst, 1):
            date = (w.post.date or UNDATED)[:10]
            out.append(f"{n:>3}. {w.severity.label:<7} {date}  {_where(w)}  → {w.action}")
            out.append(f"     “{first_line(w, redact)}”")
            for f in sorted(w.findings, key=lambda f: (-f.severity, f.rule)):
                scope = " (whole thread)" if f.details.get("scope") == "thread" else ""
                out.append(f"     {f.severity.label:<7} {f.rule} {f.title}{scope} — {f.path}:{f.line}:{f.column}")
        out.append("")
        out.append("What to do")
        for concern, n, advice in a.advice():
            out.append(f"  {concern} ({n}): {advice}")
        out.append("")
    for err in a.errors:
        out.append(f"error: {err}")
    return "\n".join(out).rstrip("\n") + "\n"


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;border:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}tfoot td,thead th{font-weight:600;background:#f5f5f7}
ol.worst li{margin:.8rem 0}.sev{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;font-size:.85rem}
.error{background:#c62828}.warning{background:#b26a00}.info{background:#1565c0}
blockquote{margin:.3rem 0;padding:.3rem .7rem;border-left:3px solid #ccc;background:#fafafa;white-space:pre-wrap}
.meta{color:#555;font-size:.9rem}ul.findings{margin:.2rem 0}.err{color:#c62828}
""".strip()


def render_html(a: Audit, redact: bool = False, version: str = "") -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>govlint audit</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>govlint audit</h1>", *(f"<p>{e(line)}</p>" for line in headline(a))]
    if a.findings:
        concerns = [c for c, _ in sorted(a.by_concern.items(), key=lambda x: -x[1])]
        parts.append("<h2>Findings by concern and year</h2><table><thead><tr><th>concern</th>"
                     + "".join(f"<th>{e(y)}</th>" for y in a.years) + "<th>total</th></tr></thead><tbody>")
        for c in concerns:
            row = a.table.get(c, {})
            parts.append(f"<tr><td>{e(c)}</td>" + "".join(f"<td>{row.get(y, 0) or ''}</td>" for y in a.years)
                         + f"<td>{a.by_concern[c]}</td></tr>")
        parts.append("</tbody><tfoot><tr><td>total</td>" + "".join(f"<td>{a.by_year.get(y, 0)}</td>" for y in a.years)
                     + f"<td>{len(a.findings)}</td></tr></tfoot></table>")
        parts.append("<h2>Worst posts first</h2><ol class=\"worst\">")
        for w in a.worst:
            where = _where(w)
            link = (f'<a href="{e(where)}">{e(where)}</a>' if where.startswith("https://") else e(where))
            parts.append(f'<li><span class="sev {w.severity.label}">{e(w.severity.label)}</span> '
                         f'<span class="meta">{e((w.post.date or UNDATED)[:10])} · {link} · '
                         f'<strong>{e(w.action)}</strong></span>'
                         f"<blockquote>{e(first_line(w, redact))}</blockquote><ul class=\"findings\">")
            for f in sorted(w.findings, key=lambda f: (-f.severity, f.rule)):
                scope = " (whole thread)" if f.details.get("scope") == "thread" else ""
                cite = ""
                if f.citation:
                    cite = f' — <a href="{e(f.citation.url)}">{e(f.citation.short())}</a>'
                parts.append(f"<li>{e(f.severity.label)} <code>{e(f.rule)}</code> {e(f.title)}{e(scope)}{cite}</li>")
            parts.append("</ul></li>")
        parts.append("</ol><h2>What to do</h2><ul>")
        for concern, n, advice in a.advice():
            parts.append(f"<li><strong>{e(concern)}</strong> ({n}): {e(advice)}</li>")
        parts.append("</ul>")
    if a.errors:
        parts.append("<h2>Problems reading the input</h2><ul>")
        parts.extend(f'<li class="err">{e(err)}</li>' for err in a.errors)
        parts.append("</ul>")
    parts.append(f'<p class="meta">Made by govlint {e(version)} on this computer; nothing was sent anywhere.</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
