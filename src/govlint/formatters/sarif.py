"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, VS Code's SARIF viewer).

One run; ``tool.driver.rules`` describes every rule that ran (the help text
carries the why, the safer alternative and the guidance, ``helpUri`` is the
guidance's URL) and each result points at its region in the draft. Columns are
counted in Unicode code points, 1-based, with an exclusive end column, which is
how :class:`govlint.model.Finding` stores them. ``partialFingerprints`` carries
the finding's fingerprint (no text, stable across edits elsewhere in the file);
GitHub's upload action adds its own ``primaryLocationLineHash`` beside it.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from urllib.parse import quote

from govlint.formatters.base import Masker, Options, Report, portable_path, suppression
from govlint.model import Citation, Finding, Rule, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub's 'problem.severity' for non-security alerts: error, warning or recommendation.
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
PRECISION = {"high": "high", "medium": "medium", "low": "low", "very-high": "very-high"}
FINGERPRINT_KEY = "govlint/v1"


def _uri(path: str) -> str:
    """A relative URI reference for a draft's path (or a file URI when it lies outside the working directory)."""
    p = portable_path(path)
    if p.startswith("/"):
        return "file://" + quote(p, safe="/")
    if re.match(r"^[A-Za-z]:/", p):  # Windows drive outside the working directory
        return "file:///" + quote(p, safe="/:")
    return quote(p, safe="/")


def _name(title: str) -> str:
    """A rule name in the SARIF style: the title in PascalCase ('Patient named in...' -> PatientNamedIn...)."""
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title)) or "Rule"


def _cite_text(c: Citation) -> str:
    return f"{c.short()} — {c.url}"


def _cite_md(c: Citation) -> str:
    return f"[{c.short()}]({c.url})"


class _Meta:
    """Rule metadata from the report's rules, or (for a rule the report lacks) from one of its findings."""

    def __init__(self, rid: str, rule: Rule | None, f: Finding | None):
        src = rule or f
        self.id = rid
        self.title = src.title
        self.message = src.message
        self.why = rule.why.strip() if rule and rule.why else ""
        self.suggestion = src.suggestion
        self.citation = src.citation
        self.also = tuple(src.also_cited)
        self.concern = src.concern
        self.severity = src.severity
        self.pack = src.pack
        self.confidence = src.confidence


def _descriptor(m: _Meta) -> dict:
    text = [m.title, "", m.message]
    md = [f"**{m.title}**", "", m.message]
    if m.why:
        text += ["", f"Why: {m.why}"]
        md += ["", f"**Why:** {m.why}"]
    if m.suggestion:
        text += ["", f"Safer: {m.suggestion}"]
        md += ["", f"**Safer:** {m.suggestion}"]
    if m.citation:
        text += ["", f"Guidance: {_cite_text(m.citation)}"]
        md += ["", f"**Guidance:** {_cite_md(m.citation)}"]
    for c in m.also:
        text.append(f"Also: {_cite_text(c)}")
        md.append(f"**Also:** {_cite_md(c)}")
    d: dict = {
        "id": m.id,
        "name": _name(m.title),
        "shortDescription": {"text": m.title},
        "fullDescription": {"text": m.message},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVEL[m.severity]},
        "properties": {
            "concern": m.concern,
            "pack": m.pack,
            "tags": [m.concern, m.pack, "governance"],
            "precision": PRECISION.get(m.confidence, "medium"),
            "problem.severity": PROBLEM_SEVERITY[m.severity],
        },
    }
    if m.citation and m.citation.url:
        d["helpUri"] = m.citation.url
    return d


def _region(f: Finding) -> dict:
    start_line, start_col = max(1, f.line), max(1, f.column)
    end_line = max(start_line, f.end_line)
    end_col = max(1, f.end_column)
    if end_line == start_line:
        end_col = max(end_col, start_col)
    return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}


def _result(f: Finding, index: int, m: Masker) -> dict:
    msg = f.message
    added = m.contributors(f)
    if added:
        msg += f" Details that add up: {added}."
    if f.citation:
        msg += f" ({f.citation.short()})"
    region = _region(f)
    region["snippet"] = {"text": m.match(f)}
    props: dict = {
        "concern": f.concern,
        "severity": f.severity.label,
        "confidence": f.confidence,
        "post": str(f.post),
        "title": f.title,
        "details": m.details(f),
    }
    if f.citation:
        props["citation"] = f.citation.as_dict()
    if f.also_cited:
        props["alsoCited"] = [c.as_dict() for c in f.also_cited]
    if f.suggestion:
        props["suggestion"] = f.suggestion
    res: dict = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "kind": "fail",
        "level": LEVEL[f.severity],
        "message": {"text": msg},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": props,
    }
    sup = suppression(f)
    if sup:
        s: dict = {"kind": sup["kind"], "status": "accepted"}
        if sup["reason"]:
            s["justification"] = sup["reason"]
        res["suppressions"] = [s]
    return res


def _information_uri() -> str | None:
    """The project's home page from the installed package metadata, if it declares one."""
    try:
        md = metadata.metadata("govlint")
    except metadata.PackageNotFoundError:
        return None
    urls = [u.split(",", 1)[1].strip() for u in (md.get_all("Project-URL") or []) if "," in u]
    for u in [md.get("Home-page"), *urls]:
        if u and u.startswith(("https://", "http://")):
            return u
    return None


def build(report: Report, options: Options) -> dict:
    """The SARIF log as a dict (``render`` serialises it)."""
    # Suppressed findings are results too, marked with their suppression: code scanning shows them as dismissed.
    every = [*report.findings, *report.suppressed]
    first: dict[str, Finding] = {}
    for f in every:
        first.setdefault(f.rule, f)
    ids = sorted(set(report.rules) | set(first))
    masker = Masker(every, options.redact)
    index = {rid: i for i, rid in enumerate(ids)}
    driver: dict = {
        "name": "govlint",
        "version": report.version or "0",
        "rules": [_descriptor(_Meta(rid, report.rules.get(rid), first.get(rid))) for rid in ids],
    }
    if report.version and re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?", report.version):
        driver["semanticVersion"] = report.version
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    run: dict = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": not report.errors,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in report.errors],
        }],
        "results": [_result(f, index[f.rule], masker) for f in every],
        "properties": {"redacted": options.redact, "postsChecked": report.posts_checked,
                       "filesChecked": report.files_checked, "failOn": options.fail_on.label},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, options: Options) -> str:
    return json.dumps(build(report, options), indent=2, ensure_ascii=False) + "\n"
