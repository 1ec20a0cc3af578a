"""What formatters receive: a finished report and rendering options; plus masking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from govlint.model import Finding, Severity


@dataclass(frozen=True)
class Options:
    redact: bool = False
    color: bool = False
    fail_on: Severity = Severity.ERROR
    verbose: bool = False


@dataclass
class Report:
    """Everything a formatter may show: findings, counts and problems, in input order."""

    findings: list[Finding] = field(default_factory=list)
    posts_checked: int = 0
    files_checked: int = 0
    errors: list[str] = field(default_factory=list)  # input and rule problems, one line each
    version: str = ""


def mask(text: str, offset: int, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` (which starts at ``offset`` in the post) with personal-data spans replaced by [TYPE]."""
    end = offset + len(text)
    pieces = []
    pos = offset
    for s, e, kind in sorted(spans):
        if e <= pos or s >= end:
            continue
        s = max(s, pos)
        pieces.append(text[pos - offset:s - offset])
        pieces.append(f"[{kind}]")
        pos = min(e, end)
    pieces.append(text[pos - offset:])
    return "".join(pieces)


def mask_spans(f: Finding) -> tuple[tuple[int, int, str], ...]:
    """Everything to hide in redacted output: identifiers, plus the details a patient finding rests on."""
    spans = list(f.sensitive)
    if f.concern == "patient-identifiability":
        for e in f.details.get("evidence", []):
            spans.append((e["start"], e["end"], str(e["label"]).upper().replace("-", "_")))
        if not any(s < f.end and f.start < e for s, e, _ in spans):
            spans.append((f.start, f.end, "REDACTED"))
    return tuple(spans)


def shown(f: Finding, text: str, offset: int, redact: bool) -> str:
    return mask(text, offset, mask_spans(f)) if redact else text


def match_text(f: Finding, redact: bool) -> str:
    return shown(f, f.match, f.start, redact)


def details_for_output(f: Finding, redact: bool) -> dict:
    """Finding details with any quoted post text masked."""
    out = {}
    for k, v in f.details.items():
        if k == "contributors":
            out[k] = [{"category": c, "text": f"[{c.upper().replace('-', '_')}]" if redact else t} for c, t in v]
        elif k == "words" and redact:  # a word the model weighed may be a name
            hidden = {f.context[s:e].lower() for s, e, _ in f.sensitive}
            out[k] = ["[REDACTED]" if str(w).lower() in hidden else w for w in v]
        elif k == "evidence":
            out[k] = [{**e, "text": shown(f, e["text"], e["start"], redact)} for e in v]
        else:
            out[k] = v
    return out
