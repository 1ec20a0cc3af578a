"""``govlint audit``: what in a posting history could get its author reported, summarised.

:func:`summarise` turns the linter's results for a whole history (an X, Mastodon
or LinkedIn export, or any input) into an :class:`Audit`: posts checked,
findings by concern and by year, the worst posts first, and what to do about
each kind of finding. It returns values only; :mod:`govlint.audit_report`
renders them as text or HTML and the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from govlint.model import CONCERNS, Finding, Post, Severity

UNDATED = "undated"

# What to do about old posts, by concern. The rule messages say what is wrong; this says how to clean up.
ADVICE = {
    "patient-identifiability": "Delete these posts rather than editing them: edits keep their history on some platforms "
                               "and the original may survive in screenshots, quotes and archives. If a patient could "
                               "already have been identified, tell your organisation's information governance lead.",
    "individual-advice": "Delete or edit replies that advise one person about their own treatment; where it still "
                         "helps, reply that they should speak to their GP, pharmacist or NHS 111.",
    "name-disclosure": "Show your name on the profile you post from as a professional; old posts can then stay.",
    "hostility": "Delete posts that attack or belittle colleagues or other professionals; disagree with ideas, not people.",
    "boundaries": "Delete posts that blur the line between you and patients (contact, friendship, flirting).",
    "conflict-of-interest": "Edit the post to declare the interest (payment, sponsorship, shares), or delete it.",
    "misinformation": "Delete or correct the post, linking to the evidence; a correction can reach the same readers.",
    "consent-images": "Delete images of patients or their records unless you hold consent for this use.",
    "political-impartiality": "Review posts that could read as your employer's view; edit or delete where they do.",
}
ACTION = {Severity.ERROR: "delete", Severity.WARNING: "edit or delete", Severity.INFO: "review"}


@dataclass
class WorstPost:
    post: Post
    findings: list[Finding]
    identifiers: tuple[tuple[int, int, str], ...] = ()  # personal-data spans of the post, for masking

    @property
    def severity(self) -> Severity:
        return max(f.severity for f in self.findings)

    @property
    def action(self) -> str:
        return ACTION[self.severity]

    @property
    def first_line(self) -> tuple[str, int]:
        """The first non-empty line of the post and its offset in the post text."""
        text = self.post.text
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                return line, pos
            pos += len(line) + 1
        return "", 0


@dataclass
class Audit:
    posts_checked: int = 0
    files: set[str] = field(default_factory=set)
    skipped: dict[str, int] = field(default_factory=dict)  # e.g. reposts, not the author's words
    errors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    by_concern: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    table: dict[str, dict[str, int]] = field(default_factory=dict)  # concern -> year -> findings
    years: list[str] = field(default_factory=list)
    posts_with_findings: int = 0
    worst: list[WorstPost] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    fail_on: Severity = Severity.ERROR

    @property
    def failed(self) -> bool:
        return any(f.severity >= self.fail_on for f in self.findings)

    @property
    def by_severity(self) -> dict[Severity, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in sorted(Severity, reverse=True)}

    def advice(self) -> list[tuple[str, int, str]]:
        """(concern, findings, what to do), most findings first."""
        return [(c, n, ADVICE.get(c, "Review these posts against the guidance cited."))
                for c, n in sorted(self.by_concern.items(), key=lambda x: (-x[1], _order(x[0])))]


def _order(concern: str) -> int:
    return CONCERNS.index(concern) if concern in CONCERNS else len(CONCERNS)


def year_of(post: Post) -> str:
    d = post.date or ""
    return d[:4] if len(d) >= 4 and d[:4].isdigit() else UNDATED


def summarise(results: Iterable, *, top: int = 10, skipped: dict[str, int] | None = None,
              errors: Iterable[str] = (), fail_on: Severity = Severity.ERROR,
              sensitive_types: frozenset[str] | set[str] = frozenset()) -> Audit:
    """An :class:`Audit` of the linter's results (``PostResult`` objects) for a posting history."""
    audit = Audit(skipped=dict(skipped or {}), errors=list(errors), fail_on=fail_on)
    per_post: dict[tuple[str, object], WorstPost] = {}
    posts: dict[tuple[str, object], tuple[Post, tuple]] = {}
    dates = []
    for result in results:
        post = result.post
        audit.posts_checked += 1
        audit.files.add(post.path)
        if post.date:
            dates.append(post.date)
        idents = tuple((i.start, i.end, i.type) for i in result.identifiers if i.type in sensitive_types)
        posts[(post.path, post.id)] = (post, idents)
        audit.errors.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
        for f in result.findings:
            audit.findings.append(f)
            # a whole-thread finding belongs to the post where it starts
            owner, owner_idents = posts.get((f.path, f.post), (post, idents))
            year = year_of(owner)
            audit.by_concern[f.concern] = audit.by_concern.get(f.concern, 0) + 1
            audit.by_year[year] = audit.by_year.get(year, 0) + 1
            row = audit.table.setdefault(f.concern, {})
            row[year] = row.get(year, 0) + 1
            key = (owner.path, owner.id)
            if key not in per_post:
                per_post[key] = WorstPost(owner, [], owner_idents)
            per_post[key].findings.append(f)
    audit.years = sorted(audit.by_year, key=lambda y: (y == UNDATED, y))
    audit.posts_with_findings = len(per_post)
    # worst first: highest severity, then most findings, then the newest (most likely still being read)
    ranked = sorted(per_post.values(), key=lambda w: (w.post.date or "", str(w.post.id)), reverse=True)
    ranked.sort(key=lambda w: (-w.severity, -len(w.findings)))
    audit.worst = ranked[:max(0, top)]
    if dates:
        audit.first_date, audit.last_date = min(dates), max(dates)
    return audit
