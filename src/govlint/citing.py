"""Which guidance a finding cites: the post's own regulator first, in the edition in force on the post's date.

The engine runs every loaded pack and merges findings of one rule family into
one finding, citing the other packs in ``also_cited``. After detection,
:func:`finalise` adjusts each finding for its post:

- **own regulator first**: when the post says who wrote it (``profession``, or
  an organisation account) and a merged rule belongs to that author's pack,
  that rule becomes the finding's primary rule (its citation, severity and
  wording); the others stay in ``also_cited``.
- **edition by date**: a citation may list the same duty in earlier editions
  (``editions: [{edition, until, paragraph, url}]``, oldest first). For a post
  with a ``date`` on or before an edition's ``until``, that edition is cited.

Pure functions over frozen values; no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Iterable, Mapping


from govlint.model import Citation, Finding, Post, Rule
from govlint.lazyre import Later  # module patterns compiled on first use: most runs need few

_ISO = Later(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_TWITTER = "%a %b %d %H:%M:%S %z %Y"  # the date format of X/Twitter archives


def parse_date(value: object) -> dt.date | None:
    """A post's date from ISO 8601 ('2023-05-01', '2023-05-01T10:00:00Z'), an archive timestamp or RFC 2822; else None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    from email.utils import parsedate_to_datetime  # deferred: it pulls in socket, random and calendar

    for parse in (lambda t: dt.datetime.strptime(t, _TWITTER), parsedate_to_datetime):
        try:
            return parse(text).date()
        except (ValueError, TypeError, IndexError):
            continue
    return None


def for_date(citation: Citation | None, when: dt.date | None) -> Citation | None:
    """The edition of ``citation`` in force on ``when`` (the current one when undated or newer)."""
    if citation is None or when is None or not citation.editions:
        return citation
    for earlier in citation.editions:  # oldest first
        if earlier.until and when <= dt.date.fromisoformat(earlier.until):
            return earlier
    return citation


def _unique(primary: Citation | None, others: Iterable[Citation | None]) -> tuple[Citation, ...]:
    out: list[Citation] = []
    for c in others:
        if c is not None and c != primary and c not in out:
            out.append(c)
    return tuple(out)


def _prefer(f: Finding, rules: Mapping[str, Rule], preferred: frozenset[str]) -> Finding:
    """Make a merged rule from a preferred pack the finding's primary rule."""
    if not preferred or f.pack in preferred:
        return f
    also = list(f.details.get("also_rules", []))
    pick = next((rules[r] for r in also if r in rules and rules[r].pack in preferred), None)
    if pick is None:
        return f
    first = rules.get(f.rule)
    others = [first] + [rules[r] for r in also if r in rules and r != pick.id]
    cited = _unique(pick.citation, [*pick.also_cited, *(r.citation for r in others if r is not None)])
    details = {**f.details, "also_rules": [r.id for r in others if r is not None]}
    return replace(f, rule=pick.id, pack=pick.pack, severity=pick.severity, message=pick.message, title=pick.title,
                   citation=pick.citation, suggestion=pick.suggestion, confidence=pick.confidence,
                   also_cited=cited, details=details)


def _dated(f: Finding, when: dt.date | None) -> Finding:
    if when is None:
        return f
    primary = for_date(f.citation, when)
    also = _unique(primary, (for_date(c, when) for c in f.also_cited))
    if primary is f.citation and also == f.also_cited:
        return f
    return replace(f, citation=primary, also_cited=also)


def finalise(findings: Iterable[Finding], post: Post, rules: Mapping[str, Rule],
             preferred: frozenset[str] = frozenset()) -> list[Finding]:
    """Findings for ``post`` with its own regulator's rule first and each citation in the edition of its date."""
    when = parse_date(post.date)
    return [_dated(_prefer(f, rules, preferred), when) for f in findings]
