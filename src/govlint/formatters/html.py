"""One self-contained HTML page for people, e.g. a clinical-governance meeting.

A summary first, then each post that has findings: its text with every
offending span highlighted in place and numbered, and beside it the findings
with their concern, severity, message, why it matters, a safer alternative and
the guidance they cite. No scripts, no external assets (a strict
Content-Security-Policy says so to the browser); highlights differ by underline
style and a number as well as colour, and the page prints cleanly. All post text
is escaped, and with ``--redact`` masked across the whole post.
"""

from __future__ import annotations

from html import escape

from govlint.formatters.base import (Masker, Options, PostGroup, Report, Span, concern_counts, group_by_post, plural,
                                     summarise_suppressed,
                                     portable_path, severity_counts, suppression)
from govlint.model import Citation, Finding, Rule, Severity

CSP = "default-src 'none'; style-src 'unsafe-inline'"
SEV_NAME = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
SEV_MEANS = {Severity.ERROR: "the guidance says must", Severity.WARNING: "the guidance says should",
             Severity.INFO: "worth knowing; no regulator requires it"}

CSS = """
:root { --ink: #1d2329; --muted: #59636e; --line: #d5dbe1; --paper: #fff; --panel: #f6f8fa;
  --err: #a3111f; --err-bg: #fde4e6; --warn: #7a4d00; --warn-bg: #fff0c7; --info: #0b4f9c; --info-bg: #e3eefc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; font-size: 16px; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 1rem/1.55 -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 56px; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0; }
h3 { font-size: 1rem; margin: 0 0 6px; }
p { margin: 0 0 8px; }
a { color: #0b4f9c; }
.sub { color: var(--muted); margin: 0 0 20px; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 18px; }
.stat { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
.stat b { display: block; font-size: 1.6rem; line-height: 1.1; }
.stat span { color: var(--muted); font-size: .9rem; }
.verdict { font-weight: 600; margin: 0 0 14px; }
.twocol { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; margin: 0 0 18px;
  align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.n { text-align: right; font-variant-numeric: tabular-nums; width: 4em; }
.note { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px;
  background: var(--panel); margin: 0 0 18px; font-size: .95rem; }
.note.alert { border-left-color: var(--err); }
.legend span { margin-right: 14px; white-space: nowrap; }
.post { border: 1px solid var(--line); border-radius: 10px; margin: 0 0 22px; overflow: hidden; }
.post > header { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; padding: 10px 16px;
  background: var(--panel); border-bottom: 1px solid var(--line); }
.post > header .meta { color: var(--muted); font-size: .9rem; }
.body { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); }
.draft { padding: 16px; border-right: 1px solid var(--line); }
.draft-inner { position: sticky; top: 12px; }
.draft .label, .findings .label { color: var(--muted); font-size: .8rem; text-transform: uppercase;
  letter-spacing: .04em; margin: 0 0 6px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.02rem; line-height: 1.9; margin: 0; }
mark { color: inherit; padding: 1px 0; border-radius: 2px; text-underline-offset: 4px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
mark.error { background: var(--err-bg); text-decoration: underline solid var(--err) 3px; }
mark.warning { background: var(--warn-bg); text-decoration: underline dashed var(--warn) 2px; }
mark.info { background: var(--info-bg); text-decoration: underline dotted var(--info) 2px; }
sup.ref { font-size: .68rem; font-weight: 700; line-height: 1; margin: 0 1px; padding: 1px 4px; border-radius: 8px;
  border: 1px solid currentColor; vertical-align: super; }
sup.ref.error { color: var(--err); } sup.ref.warning { color: var(--warn); border-style: dashed; }
sup.ref.info { color: var(--info); border-style: dotted; }
.redacted { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em;
  background: #eceff2; border: 1px dashed #7b8590; border-radius: 3px; padding: 0 3px; }
.findings { padding: 16px; }
.findings ol { list-style: none; margin: 0; padding: 0; }
.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 10px 14px;
  margin: 0 0 12px; break-inside: avoid; }
.finding.error { border-left: 5px solid var(--err); }
.finding.warning { border-left: 5px dashed var(--warn); }
.finding.info { border-left: 5px dotted var(--info); }
.finding .head { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; font-size: .88rem;
  margin: 0 0 4px; }
.num { font-weight: 700; min-width: 1.7em; text-align: center; border-radius: 10px; padding: 0 6px;
  border: 1.5px solid currentColor; }
.sev { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; font-size: .8rem; padding: 0 6px;
  border-radius: 4px; border: 1.5px solid currentColor; }
.error .num, .error .sev { color: var(--err); }
.warning .num, .warning .sev { color: var(--warn); border-style: dashed; }
.info .num, .info .sev { color: var(--info); border-style: dotted; }
.rule { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
.concern { color: var(--muted); }
.finding dl { margin: 6px 0 0; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 10px;
  font-size: .93rem; }
.finding dt { font-weight: 600; color: var(--muted); }
.finding dd { margin: 0; overflow-wrap: anywhere; }
.quote { font-style: italic; }
.clean, .suppressed { color: var(--muted); font-size: .92rem; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: 10px; margin-top: 28px; }
@media (max-width: 860px) {
  .body, .twocol { grid-template-columns: minmax(0, 1fr); }
  .draft { border-right: 0; border-bottom: 1px solid var(--line); }
}
@media print {
  @page { size: A4; margin: 14mm 13mm; }
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  .summary { grid-template-columns: repeat(4, 1fr); }
  .stat b { font-size: 15pt; }
  .body { grid-template-columns: minmax(0, 1fr); }
  .draft { border-right: 0; border-bottom: 1px solid var(--line); }
  .post { break-inside: auto; border-radius: 0; }
  .post > header { break-after: avoid; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .draft { break-inside: avoid; }
  .draft-inner { position: static; }
  .finding { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .cite a::after { content: " (" attr(href) ")"; font-size: 7.5pt; color: var(--muted); overflow-wrap: anywhere; }
}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(c: Citation) -> str:
    label = _e(c.short() + (f" ({c.edition} edition)" if c.edition else ""))
    if c.url and c.url.lower().startswith(("https://", "http://")):
        return f'<a href="{_e(c.url)}" rel="noreferrer">{label}</a>'
    return label + (f" — {_e(c.url)}" if c.url else "")


def _parts(f: Finding) -> list[tuple[int, int]]:
    """The spans to highlight: the details a jigsaw rests on when it has several, else the match."""
    parts = [(e["start"], e["end"]) for e in f.details.get("evidence", []) if e["end"] > e["start"]]
    spans = parts if f.concern == "patient-identifiability" and len(parts) > 1 else [(f.start, f.end)]
    n = len(f.context)
    return [(s, e if e > s else min(s + 1, n)) for s, e in spans if 0 <= s < max(n, 1)]


def highlight(text: str, findings: list[tuple[int, Finding]], hide: tuple[Span, ...] = ()) -> str:
    """The post as HTML: offending spans in <mark> with a numbered reference, masked spans as [TYPE]."""
    spans = [(s, e, num, f) for num, f in findings for s, e in _parts(f)]
    cuts = {0, len(text)}
    for s, e, _, _ in spans:
        cuts.update((s, e))
    for s, e, _ in hide:
        cuts.update((max(0, s), min(len(text), e)))
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        masked = next(((s, k) for s, e, k in hide if s <= a < e), None)
        if masked is None:
            content = _e(text[a:b])
        elif a == max(0, masked[0]):  # the first piece of a masked span carries its [TYPE]
            content = f'<span class="redacted">[{_e(masked[1])}]</span>'
        else:
            content = ""
        over = [(num, f) for s, e, num, f in spans if s <= a < e]
        if over and content:
            worst = max(f.severity for _, f in over)
            nums = ", ".join(str(n) for n in sorted({n for n, _ in over}))
            out.append(f'<mark class="{worst.label}" title="finding {nums}">{content}</mark>')
        else:
            out.append(content)
        for s, e, num, f in spans:
            if e == b:
                out.append(f'<sup class="ref {f.severity.label}">{num}</sup>')
    return "".join(out)


def _finding(num: int, f: Finding, rule: Rule | None, m: Masker) -> str:
    sev = f.severity.label
    rows: list[tuple[str, str]] = [("Where", f"line {f.line}, column {f.column}")]
    added = m.contributors(f)
    if added:  # the details that add up say more than the whole matched stretch would
        rows.append(("Adds up", _e(added)))
    else:
        rows.append(("Found", f'<span class="quote">“{_e(m.match(f))}”</span>'))
    why = (rule.why.strip() if rule and rule.why else "")
    if why:
        rows.append(("Why", _e(why)))
    if f.suggestion:
        rows.append(("Safer", _e(f.suggestion)))
    if f.citation:
        rows.append(("Guidance", f'<span class="cite">{_link(f.citation)}</span>'))
    for c in f.also_cited:
        rows.append(("Also", f'<span class="cite">{_link(c)}</span>'))
    sup = suppression(f)
    if sup:
        rows.append(("Suppressed", _e(sup["reason"] or "yes")))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<li class="finding {sev}" id="finding-{num}">'
            f'<div class="head"><span class="num" aria-label="finding {num}">{num}</span>'
            f'<span class="sev">{SEV_NAME[f.severity]}</span><span class="rule">{_e(f.rule)}</span>'
            f'<span class="concern">{_e(f.concern.replace("-", " "))}</span></div>'
            f"<h3>{_e(f.title)}</h3><p>{_e(f.message)}</p><dl>{dl}</dl></li>")


def _post(g: PostGroup, numbered: list[tuple[int, Finding]], rules, m: Masker) -> str:
    meta = [f"line {g.line}"]
    if not (isinstance(g.id, int) and g.id == 0):
        meta.append(f"post {_e(g.id)}")
    if g.post is not None:
        if g.post.platform:
            meta.append(f"platform: {_e(g.post.platform)}")
        if g.post.date:
            meta.append(_e(g.post.date))
    counts = severity_counts(f for _, f in numbered)
    meta.append(", ".join(plural(n, SEV_NAME[s].lower()) for s, n in counts.items() if n))
    items = "".join(_finding(num, f, rules.get(f.rule), m) for num, f in numbered)
    return (f'<section class="post" id="post-{numbered[0][0]}"><header><h2>{_e(portable_path(g.path))}</h2>'
            f'<span class="meta">{" · ".join(meta)}</span></header><div class="body">'
            f'<div class="draft"><div class="draft-inner"><p class="label">Draft</p>'
            f'<p class="text">{highlight(g.text, numbered, m.spans(numbered[0][1]))}</p></div></div>'
            f'<div class="findings"><p class="label">Findings</p><ol>{items}</ol></div></div></section>')


def _summary(report: Report, options: Options, flagged: int) -> str:
    counts = severity_counts(report.findings)
    stats = [(report.files_checked, "file", "files", " checked"), (report.posts_checked, "post", "posts", " checked"),
             (flagged, "post", "posts", " with findings"), (len(report.findings), "finding", "findings", "")]
    boxes = "".join(f"<div class=\"stat\"><b>{n}</b><span>{_e((one if n == 1 else many) + rest)}</span></div>"
                    for n, one, many, rest in stats)
    failed = any(f.severity >= options.fail_on for f in report.findings)
    verdict = (f"Result: needs changes before posting — at least one finding is at or above “{options.fail_on.label}”."
               if failed else f"Result: nothing at or above “{options.fail_on.label}”.")
    sev_rows = "".join(f'<tr><td><span class="{s.label}"><span class="sev">{SEV_NAME[s]}</span></span> '
                       f"{_e(SEV_MEANS[s])}</td><td class=\"n\">{n}</td></tr>" for s, n in counts.items())
    con = concern_counts(report.findings)
    con_rows = "".join(f"<tr><td>{_e(c.replace('-', ' '))}</td><td class=\"n\">{n}</td></tr>" for c, n in con.items())
    con_table = (f"<table><tr><th>Concern</th><th class=\"n\">Findings</th></tr>{con_rows}</table>" if con
                 else "<p class=\"clean\">No concerns raised.</p>")
    return (f'<div class="summary">{boxes}</div><p class="verdict">{_e(verdict)}</p>'
            f'<div class="twocol"><table><tr><th>Severity</th><th class="n">Findings</th></tr>{sev_rows}</table>'
            f"{con_table}</div>")


def _notes(report: Report, options: Options) -> str:
    if options.redact:
        privacy = ('<div class="note">Personal data that govlint recognised (names, NHS and phone numbers, places, '
                   'dates and the details a patient finding rests on) is replaced by its type, e.g. '
                   '<span class="redacted">[PERSON]</span>. Masking covers only what govlint detects: read the drafts '
                   "before sharing this page.</div>")
    else:
        privacy = ('<div class="note alert">This page shows the drafts in full and may contain patient or other '
                   "personal data. Handle it as confidential, or produce it with <code>--redact</code> to mask "
                   "what govlint recognises.</div>")
    legend = ('<div class="note legend">How to read a draft: '
              '<span><mark class="error">solid underline</mark><sup class="ref error">1</sup> error</span>'
              '<span><mark class="warning">dashed underline</mark><sup class="ref warning">2</sup> warning</span>'
              '<span><mark class="info">dotted underline</mark><sup class="ref info">3</sup> note</span>'
              "— the number after a highlight is the finding beside it.</div>")
    errors = ""
    if report.errors:
        items = "".join(f"<li>{_e(e)}</li>" for e in report.errors)
        errors = f'<div class="note alert"><b>Inputs that could not be checked</b><ul>{items}</ul></div>'
    return privacy + (legend if report.findings else "") + errors


def _clean(groups: list[PostGroup]) -> str:
    if not groups:
        return ""
    names = [_e(f"{portable_path(g.path)}:{g.id}") for g in groups[:60]]
    more = f" and {len(groups) - 60} more" if len(groups) > 60 else ""
    return (f'<section class="clean"><h2>{plural(len(groups), "post")} with no findings</h2>'
            f"<p>{', '.join(names)}{more}</p></section>")


def _suppressed(report: Report) -> str:
    summary = summarise_suppressed(report.suppressed)
    if not summary.total:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in summary.lines)
    note = f"<p>{_e(summary.baseline_note())}</p>" if summary.baselined else ""
    return (f'<section class="suppressed"><h2>{plural(summary.total, "suppressed finding")}</h2>'
            "<p>Silenced by a directive, the configuration or the baseline, with the reason given; "
            "they do not count toward the result.</p>"
            f"{'<ul>' + items + '</ul>' if items else ''}{note}</section>")


def render(report: Report, options: Options) -> str:
    groups = group_by_post(report)
    flagged = [g for g in groups if g.findings]
    masker = Masker(report.findings, options.redact)
    posts: list[str] = []
    num = 0
    for g in flagged:
        numbered = []
        for f in g.findings:
            num += 1
            numbered.append((num, f))
        posts.append(_post(g, numbered, report.rules, masker))
    title = f"govlint report — {plural(len(report.findings), 'finding')} in {plural(report.posts_checked, 'post')}"
    body = posts and "".join(posts) or '<p class="verdict">No findings: nothing here breaches the guidance govlint checks.</p>'
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="govlint {_e(report.version)}">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>Social-media drafts: governance check</h1>
<p class="sub">{_e(title)}. Each finding cites the regulator's guidance it rests on. Produced by govlint {_e(report.version)}.</p>
{_summary(report, options, len(flagged))}
{_notes(report, options)}
{body}
{_suppressed(report)}
{_clean([g for g in groups if not g.findings])}
<footer>govlint checks drafts against the professional regulators' social-media guidance (GMC, HCPC and others).
A finding is a prompt for judgement, not a ruling; the cited paragraph is the authority.</footer>
</main>
</body>
</html>
"""
