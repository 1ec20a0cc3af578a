"""What formatters receive: a finished report and rendering options; plus masking and grouping helpers.

Masking lives here, once, so that every format hides the same things: the
personal-data spans the identifier layer found in a post (``Finding.sensitive``)
and, for patient-identifiability findings, the details the finding rests on.
A format that shows a whole post masks it with the spans of *every* finding in
that post (:func:`spans_by_post`), not just the one being described.
"""

from __future__ import annotations

import os
import re
from dataclasses import field
from typing import Any, Iterable, Mapping

from govlint.model import Finding, Post, Rule, Severity
from govlint.records import frozen, mutable

Span = tuple[int, int, str]


@frozen
class Options:
    """How a report is rendered: masking of personal data, colour, and the failure threshold."""

    redact: bool = False
    color: bool = False
    fail_on: Severity = Severity.ERROR
    verbose: bool = False


@mutable
class Report:
    """Everything a formatter may show: findings, counts and problems, in input order.

    ``rules`` is the metadata of the rules that ran (id -> Rule) for formats that
    describe rules (SARIF, HTML); ``posts`` the posts that were checked, clean ones
    included, for formats that list every post (JUnit, HTML). Both may be empty:
    formatters then fall back to what the findings carry.
    """

    findings: list[Finding] = field(default_factory=list)
    posts_checked: int = 0
    files_checked: int = 0
    errors: list[str] = field(default_factory=list)  # input and rule problems, one line each
    version: str = ""
    rules: Mapping[str, Rule] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    # Findings silenced by a front-matter directive, a per-path ignore or the baseline; each has
    # ``Finding.suppression`` ({kind, reason, source}). Shown, never counted toward the exit code.
    suppressed: list[Finding] = field(default_factory=list)


def span_label(kind: Any) -> str:
    """The placeholder name for a kind of personal data: 'in bay' -> IN_BAY, 'date-time' -> DATE_TIME."""
    return re.sub(r"[^A-Z0-9]+", "_", str(kind).upper()).strip("_") or "REDACTED"


def mask(text: str, offset: int, spans: Iterable[Span]) -> str:
    """``text`` (which starts at ``offset`` in the post) with personal-data spans replaced by [TYPE]."""
    end = offset + len(text)
    pieces = []
    pos = offset
    for s, e, kind in merge_spans(spans):
        if e <= pos or s >= end:
            continue
        s = max(s, pos)
        pieces.append(text[pos - offset:s - offset])
        pieces.append(f"[{kind}]")
        pos = min(e, end)
    pieces.append(text[pos - offset:])
    return "".join(pieces)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans merged into one, sorted; the widest (then the first given) names the type."""
    out: list[list] = []
    ordered = sorted(((int(s), int(e), span_label(k)) for s, e, k in spans if e > s), key=lambda x: (x[0], -x[1]))
    for s, e, kind in ordered:
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e, kind])
    return [(s, e, k) for s, e, k in out]


def mask_spans(f: Finding) -> tuple[Span, ...]:
    """Everything to hide in redacted output: identifiers, plus the details a patient finding rests on."""
    spans = list(f.sensitive)
    if f.concern == "patient-identifiability":
        for e in f.details.get("evidence", []):
            spans.append((e["start"], e["end"], span_label(e["label"])))
        if not any(s < f.end and f.start < e for s, e, _ in spans):
            spans.append((f.start, f.end, "REDACTED"))
    return tuple(spans)


def post_key(f: Finding | Post) -> tuple[str, str]:
    return (f.path, str(f.post if isinstance(f, Finding) else f.id))


def spans_by_post(findings: Iterable[Finding]) -> dict[tuple[str, str], tuple[Span, ...]]:
    """For each post, the union of every finding's mask spans: what to hide when the whole post is shown."""
    out: dict[tuple[str, str], list[Span]] = {}
    for f in findings:
        out.setdefault(post_key(f), []).extend(mask_spans(f))
    return {k: tuple(merge_spans(v)) for k, v in out.items()}


def shown(f: Finding, text: str, offset: int, redact: bool, spans: Iterable[Span] | None = None) -> str:
    """Post text (starting at ``offset``) as a format may show it: masked when redacting."""
    if not redact:
        return text
    return mask(text, offset, mask_spans(f) if spans is None else spans)


def match_text(f: Finding, redact: bool, spans: Iterable[Span] | None = None) -> str:
    return shown(f, f.match, f.start, redact, spans)


def details_for_output(f: Finding, redact: bool, spans: Iterable[Span] | None = None) -> dict:
    """Finding details with any quoted post text masked."""
    out = {}
    for k, v in f.details.items():
        if k == "contributors":
            out[k] = [{"category": c, "text": f"[{span_label(c)}]" if redact else t} for c, t in v]
        elif k == "words" and redact:  # a word the model weighed may be a name
            hidden = {f.context[s:e].lower() for s, e, _ in f.sensitive}
            out[k] = ["[REDACTED]" if str(w).lower() in hidden else w for w in v]
        elif k == "evidence":
            out[k] = [{**e, "text": shown(f, e["text"], e["start"], redact, spans)} for e in v]
        else:
            out[k] = v
    return out


def contributors_line(f: Finding, redact: bool, spans: Iterable[Span] | None = None) -> str:
    """'place: “Ward 7B”; age: “[AGE]”' for jigsaw findings, '' otherwise."""
    det = details_for_output(f, redact, spans)
    return "; ".join(f"{d['category']}: “{d['text']}”" for d in det.get("contributors", []))


class Masker:
    """What a format may quote from the posts: everything, or (redacting) each post with its personal data masked.

    Redacting, every quote from a post is masked with the spans of *all* the
    findings in that post, so a detail one finding rests on is hidden wherever
    another finding quotes it. Formatters take one of these instead of a bare flag.
    """

    def __init__(self, findings: Iterable[Finding], redact: bool):
        self.redact = redact
        self._spans = spans_by_post(findings) if redact else {}

    def spans(self, key: Finding | Post | tuple[str, str]) -> tuple[Span, ...]:
        k = key if isinstance(key, tuple) else post_key(key)
        return self._spans.get(k, ())

    def text(self, key: Finding | Post | tuple[str, str], text: str, offset: int = 0) -> str:
        return mask(text, offset, self.spans(key)) if self.redact else text

    def match(self, f: Finding) -> str:
        return match_text(f, self.redact, self.spans(f))

    def details(self, f: Finding) -> dict:
        return details_for_output(f, self.redact, self.spans(f))

    def contributors(self, f: Finding) -> str:
        return contributors_line(f, self.redact, self.spans(f))


@mutable
class PostGroup:
    """One post and its findings, for formats organised by post."""

    path: str
    id: str | int
    text: str
    findings: list[Finding]
    post: Post | None = None

    @property
    def line(self) -> int:
        if self.post is not None:
            return self.post.line
        return min((f.line for f in self.findings), default=1)

    @property
    def name(self) -> str:
        return f"{self.path}:{self.id}"


def group_by_post(report: Report) -> list[PostGroup]:
    """Every post in input order (from ``report.posts``, else from the findings), with its findings."""
    groups: dict[tuple[str, str], PostGroup] = {}
    for p in report.posts:
        groups.setdefault(post_key(p), PostGroup(p.path, p.id, p.text, [], p))
    for f in report.findings:
        g = groups.get(post_key(f))
        if g is None:
            g = groups[post_key(f)] = PostGroup(f.path, f.post, f.context, [])
        g.findings.append(f)
    return list(groups.values())


def group_by_file(groups: Iterable[PostGroup]) -> dict[str, list[PostGroup]]:
    out: dict[str, list[PostGroup]] = {}
    for g in groups:
        out.setdefault(g.path, []).append(g)
    return out


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = {s: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        counts[f.severity] += 1
    return counts


def concern_counts(findings: Iterable[Finding]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in findings:
        out[f.concern] = out.get(f.concern, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def suppression(f: Finding) -> dict | None:
    """A finding's suppression as {'kind': 'inSource'|'external', 'reason': str}, if it carries one.

    Tolerant of the shapes a suppression may take (a reason string, a mapping or
    an object with ``reason``/``kind``/``source``), on the finding or in its details.
    """
    s = getattr(f, "suppression", None) or f.details.get("suppression") or f.details.get("suppressed")
    if not s:
        return None
    if isinstance(s, str):
        reason, kind = s, None
    elif isinstance(s, Mapping):
        reason, kind = s.get("reason") or s.get("justification"), s.get("kind") or s.get("source")
    elif s is True:
        reason, kind = None, None
    else:
        reason, kind = getattr(s, "reason", None), getattr(s, "kind", None) or getattr(s, "source", None)
    in_source = str(kind or "").lower() in {"insource", "in-source", "front-matter", "frontmatter", "directive", "file"}
    return {"kind": "inSource" if in_source else "external", "reason": str(reason) if reason else ""}


def portable_path(path: str) -> str:
    """A path as CI tools want it: relative to the working directory when inside it, with '/' separators."""
    if path.startswith("<"):
        return path
    p = path
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
        except ValueError:  # another drive on Windows
            rel = None
        if rel is not None and not rel.startswith(".."):
            p = rel
    return p.replace(os.sep, "/")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


@frozen
class SuppressedSummary:
    """What a report shows of its suppressed findings: one line each, baselined ones only counted.

    A line names where, which rule, who silenced it and why; it never quotes the post,
    so it needs no masking.
    """

    lines: tuple[str, ...]
    baselined: int

    @property
    def total(self) -> int:
        return len(self.lines) + self.baselined

    def baseline_note(self) -> str:
        if not self.baselined:
            return ""
        return f"{plural(self.baselined, 'finding')} already in the baseline not shown."


def suppressed_line(f: Finding) -> str:
    sup = f.suppression or {}
    post = f" (post {f.post})" if not (isinstance(f.post, int) and f.post == 0) else ""
    return (f"{f.path}:{f.line}:{f.column}: suppressed {f.rule} [{f.concern}]{post} by "
            f"{sup.get('kind')} ({sup.get('source')}): {sup.get('reason')}")


def summarise_suppressed(findings: Iterable[Finding]) -> SuppressedSummary:
    lines, baselined = [], 0
    for f in findings:
        if (f.suppression or {}).get("kind") == "baseline":
            baselined += 1
        else:
            lines.append(suppressed_line(f))
    return SuppressedSummary(tuple(lines), baselined)


def guidance_lines(f: Finding) -> list[str]:
    """The plain-text close of a finding for CI logs: the safer wording, then what it cites."""
    lines = [f"Safer: {f.suggestion}"] if f.suggestion else []
    if f.citation:
        lines.append(f"Cites: {f.citation.short()} — {f.citation.url}")
    lines += [f"Also: {c.short()} — {c.url}" for c in f.also_cited]
    return lines
