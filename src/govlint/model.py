"""The value types every other module speaks: rules, posts, identifiers, findings.

Everything here is frozen and free of I/O so that detectors, the engine and the
formatters can pass these objects around without worrying about who changes
them. A finding's fingerprint never contains the matched text itself, only a
hash of it, so baselines can be committed without leaking personal data.
"""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum
from typing import Any, Mapping

from govlint.digest import sha256
from govlint.records import FACTORY, frozen

_set = object.__setattr__  # how a frozen class's own __init__ sets its fields

CONCERNS: tuple[str, ...] = (
    "patient-identifiability",
    "individual-advice",
    "name-disclosure",
    "hostility",
    "boundaries",
    "conflict-of-interest",
    "misinformation",
    "consent-images",
    "political-impartiality",
    "professionalism",  # conduct that is not abuse but that readers link to the profession (swearing)
)


class Severity(IntEnum):
    """How serious a breach is; follows the guidance's modal verb.

    ``error`` is the guidance's *must*, ``warning`` its *should*, ``info`` a
    note worth knowing that no regulator requires.
    """

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@frozen
class Citation:
    """A paragraph of a regulator's guidance that a rule cites (document, URL, paragraph, edition)."""

    document: str
    url: str
    paragraph: str | None = None
    edition: str | None = None
    status: str | None = None  # P (primary) or S (secondary), as in the guidance digest
    until: str | None = None  # an earlier edition's last day in force (ISO date)
    editions: tuple["Citation", ...] = ()  # the same duty in earlier editions, oldest first

    def short(self) -> str:
        para = f", {self.paragraph}" if self.paragraph else ""
        return f"{self.document}{para}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "paragraph": self.paragraph, "url": self.url}
        if self.edition:
            out["edition"] = self.edition
        return out


@frozen
class Author:
    """Who is posting: name and handle as the account shows them, profession, and whether it is an organisation."""

    name: str | None = None
    handle: str | None = None
    organisation: bool = False

    @property
    def known(self) -> bool:
        return bool(self.name or self.handle)


@frozen
class Example:
    """A post a rule must flag (bad, with a safer rewrite) or must leave alone (good)."""

    text: str
    rewrite: str | None = None
    author: Author | None = None
    in_reply_to: str | None = None
    profession: str | None = None
    note: str | None = None


@frozen
class SourceRef:
    """Where something was defined: a file and a 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@frozen
class Rule:
    """One check of a pack: what it looks for (its detector spec), how serious a breach is, and what it cites."""

    id: str
    pack: str
    title: str
    concern: str
    severity: Severity
    message: str
    citation: Citation | None
    detector: Mapping[str, Any]
    why: str = ""
    suggestion: str | None = None
    confidence: str = "medium"
    examples_bad: tuple[Example, ...] = ()
    examples_good: tuple[Example, ...] = ()
    base: str | None = None  # the core rule this one specialises
    also_cited: tuple[Citation, ...] = ()
    organisation_only: bool = False
    source: SourceRef | None = None
    fallback: bool = False  # reported only when no other rule of its concern found anything in the post
    lexicons: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def family(self) -> str:
        """Rules that share a family are one check cited by several regulators."""
        return self.base or self.id


@frozen
class Post:
    """One draft post and who wrote it.

    ``line`` and ``column`` say where ``text`` starts inside ``path`` so that
    findings can point into the original file (front matter, JSONL rows...).
    """

    text: str
    path: str = "<stdin>"
    id: str | int = 0
    author: Author = field(default_factory=Author)
    in_reply_to: str | None = None
    platform: str | None = None
    profession: str | None = None
    date: str | None = None
    line: int = 1
    column: int = 1
    line_map: tuple[int, ...] | None = None  # file line of each text line when not contiguous
    meta: Mapping[str, Any] = field(default_factory=dict)
    # Spans of allow-listed text (config ``allow``): no identifier or detector hit inside them counts.
    allowed: tuple[tuple[int, int], ...] = ()

    def __init__(self, text: str, path: str = "<stdin>", id: str | int = 0, author: Author = FACTORY,
                 in_reply_to: str | None = None, platform: str | None = None, profession: str | None = None,
                 date: str | None = None, line: int = 1, column: int = 1, line_map: tuple[int, ...] | None = None,
                 meta: Mapping[str, Any] = FACTORY, allowed: tuple[tuple[int, int], ...] = ()):
        _set(self, "text", text)
        _set(self, "path", path)
        _set(self, "id", id)
        _set(self, "author", Author() if author is FACTORY else author)
        _set(self, "in_reply_to", in_reply_to)
        _set(self, "platform", platform)
        _set(self, "profession", profession)
        _set(self, "date", date)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "line_map", line_map)
        _set(self, "meta", {} if meta is FACTORY else meta)
        _set(self, "allowed", allowed)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source file of a character offset in ``text``."""
        before = self.text[:offset]
        nl = before.count("\n")
        if nl == 0:
            return self.line, self.column + offset
        col = offset - before.rfind("\n")
        if self.line_map and nl < len(self.line_map):
            return self.line_map[nl], col
        return self.line + nl, col


@frozen
class Identifier:
    """A piece of personal data (or a quasi-identifier) seen in a post."""

    type: str
    start: int
    end: int
    text: str
    score: float
    detector: str

    def __init__(self, type: str, start: int, end: int, text: str, score: float, detector: str):
        _set(self, "type", type)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)
        _set(self, "score", score)
        _set(self, "detector", detector)


@frozen
class Hit:
    """What a detector reports: a span and why it matched."""

    start: int
    end: int
    label: str = ""
    details: tuple[tuple[str, Any], ...] = ()
    parts: tuple["Hit", ...] = ()

    def __init__(self, start: int, end: int, label: str = "", details: tuple[tuple[str, Any], ...] = (),
                 parts: tuple["Hit", ...] = ()):
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "label", label)
        _set(self, "details", details)
        _set(self, "parts", parts)


@frozen
class Finding:
    """One breach in one post: the rule, where it is, what it cites, and a safer alternative."""

    rule: str
    pack: str
    concern: str
    severity: Severity
    message: str
    title: str
    citation: Citation | None
    path: str
    post: str | int
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    confidence: str = "medium"
    details: Mapping[str, Any] = field(default_factory=dict)
    suggestion: str | None = None
    sensitive: tuple[tuple[int, int, str], ...] = ()  # personal-data spans (post offsets) to mask
    context: str = ""  # the post text, for excerpts
    also_cited: tuple[Citation, ...] = ()
    # Set when the finding is suppressed: {"kind": "front-matter" | "config" | "baseline", "reason": str,
    # "source": where the suppression is written}. Suppressed findings never count toward the exit code.
    suppression: Mapping[str, str] | None = None

    def __init__(self, rule: str, pack: str, concern: str, severity: Severity, message: str, title: str,
                 citation: Citation | None, path: str, post: str | int, start: int, end: int, line: int, column: int,
                 end_line: int, end_column: int, match: str, confidence: str = "medium",
                 details: Mapping[str, Any] = FACTORY, suggestion: str | None = None,
                 sensitive: tuple[tuple[int, int, str], ...] = (), context: str = "",
                 also_cited: tuple[Citation, ...] = (), suppression: Mapping[str, str] | None = None):
        _set(self, "rule", rule)
        _set(self, "pack", pack)
        _set(self, "concern", concern)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "title", title)
        _set(self, "citation", citation)
        _set(self, "path", path)
        _set(self, "post", post)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "match", match)
        _set(self, "confidence", confidence)
        _set(self, "details", {} if details is FACTORY else details)
        _set(self, "suggestion", suggestion)
        _set(self, "sensitive", sensitive)
        _set(self, "context", context)
        _set(self, "also_cited", also_cited)
        _set(self, "suppression", suppression)

    @property
    def fingerprint(self) -> str:
        """Stable id for baselines: rule + normalised match + position within the post.

        The line number is left out so that edits elsewhere in a file do not
        change it, and the match is hashed so the fingerprint holds no text.
        """
        norm = " ".join(self.match.lower().split())
        occurrence = self.context[: self.start].lower().count(norm) if norm else 0
        raw = f"{self.rule}\x00{norm}\x00{occurrence}\x00{self.post if isinstance(self.post, str) else ''}"
        return sha256(raw.encode("utf-8")).hexdigest()[:32]
