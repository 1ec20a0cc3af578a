"""What the configuration does to a run, around detection (detectors never see any of it).

Before detection, :meth:`Policy.prepare` gives each post the author its
``per-path`` entry sets and the spans of allow-listed text (see
:mod:`govlint.allow`). After detection, :meth:`Policy.apply`:

1. drops findings that lie inside allow-listed text (allow-listed text is fine,
   so these are not even reported as suppressed);
2. applies severity overrides (global, then matching ``per-path`` entries; the
   most specific selector wins: an exact rule id, then the longest id prefix,
   then a concern);
3. suppresses findings ignored by the file's front-matter directive
   (``govlint: {ignore: [...], reason: ...}``), by a ``per-path`` ``ignore``,
   or recorded in the baseline. Suppressed findings carry
   ``Finding.suppression`` and are returned separately: they are shown in
   reports and never count toward the exit code.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from govlint import rx
from govlint.allow import AllowMatcher, covered, merge
from govlint.config import PathOverride, Settings
from govlint.errors import InputError
from govlint.model import Author, Finding, Post, Rule, Severity

DIRECTIVE_KEYS = ("ignore", "reason")


# --- selectors ------------------------------------------------------------------------------------------------

def selector_rank(selector: str, rule_id: str, base: str | None, concern: str) -> tuple[int, int] | None:
    """How specifically ``selector`` names a finding (higher is more specific), or None if it does not."""
    s = selector.strip()
    if not s:
        return None
    su = s.upper()
    ids = [i.upper() for i in (rule_id, base) if i]
    if su in ids:
        return (3, len(s))
    if any(i.startswith(su) for i in ids):
        return (2, len(s))
    if concern == s.lower():
        return (1, 0)
    return None


def _best(pairs: Iterable[tuple[str, Severity]], rule_id: str, base: str | None, concern: str) -> Severity | None:
    best: tuple[tuple[int, int], Severity] | None = None
    for sel, sev in pairs:
        r = selector_rank(sel, rule_id, base, concern)
        if r is not None and (best is None or r >= best[0]):
            best = (r, sev)
    return best[1] if best else None


# --- front-matter directive -----------------------------------------------------------------------------------

def parse_directive(value: Any, path: str, line: int | None, offset: int = 0) -> dict:
    """Validate a front-matter ``govlint:`` directive.

    ``line`` is the file line of the ``govlint`` key; ``offset`` turns the
    YAML's own line numbers into file lines. Returns
    ``{"ignore": [...], "reason": str, "line": int}``; raises
    :class:`InputError` naming the file and line when it is malformed or has no reason.
    """
    def at(key: str | None = None) -> str:
        kl = getattr(value, "key_lines", {}).get(key) if key else None
        n = kl + offset if kl else line
        return f"line {n}: " if n else ""

    if not isinstance(value, Mapping):
        raise InputError(path, f"{at()}the 'govlint' front-matter directive must be a mapping: "
                               "govlint: {ignore: [RULE_OR_CONCERN], reason: \"why this is acceptable\"}")
    for k in value:
        if k not in DIRECTIVE_KEYS:
            raise InputError(path, f"{at(k)}unknown key '{k}' in the govlint directive (use ignore, reason)")
    ignore = value.get("ignore")
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not ignore or not all(isinstance(i, str) and i.strip() for i in ignore):
        raise InputError(path, f"{at('ignore')}the govlint directive needs 'ignore': a list of rule ids or concerns")
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError(path, f"{at('reason')}the govlint directive needs a 'reason' saying why ignoring "
                               f"{', '.join(ignore)} is acceptable here (it is shown in reports)")
    return {"ignore": [i.strip() for i in ignore], "reason": reason.strip(), "line": line}


# --- per-path globs -------------------------------------------------------------------------------------------

def glob_regex(glob: str) -> rx.Pattern:
    """gitignore-like: '**' crosses folders, '*' and '?' do not; a glob without '/' matches a name at any depth."""
    g = glob.strip().replace("\\", "/")
    if g.startswith("./"):
        g = g[2:]
    if g.endswith("/"):
        g += "**"
    anywhere = "/" not in g.rstrip("/")
    out, i = [], 0
    while i < len(g):
        if g.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif g.startswith("**", i):
            out.append(".*")
            i += 2
        elif g[i] == "*":
            out.append("[^/]*")
            i += 1
        elif g[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(rx.escape(g[i]))
            i += 1
    body = "".join(out).lstrip("/")
    if g.startswith("/"):
        g = g[1:]
    return rx.compile(("(?:.*/)?" if anywhere else "") + body)


def _path_matches(patterns: list[rx.Pattern], rel: str) -> bool:
    parts = rel.split("/")
    candidates = ["/".join(parts[:k]) for k in range(len(parts), 0, -1)]  # the file, then each folder above it
    return any(p.fullmatch(c) for p in patterns for c in candidates)


# --- the policy -----------------------------------------------------------------------------------------------

class Policy:
    def __init__(self, settings: Settings, rules: Iterable[Rule] = (), baseline=None) -> None:
        self.settings = settings
        self.root = settings.root.resolve()
        self.rules: dict[str, Rule] = {r.id: r for r in rules}
        self.allow = AllowMatcher(settings.allow)
        self.per_path = [([glob_regex(g) for g in o.paths], o, AllowMatcher(o.allow) if o.allow else None)
                         for o in settings.per_path]
        self.baseline = baseline
        self._cache: dict[str, list[tuple[PathOverride, AllowMatcher | None]]] = {}

    def overrides(self, path: str) -> list[tuple[PathOverride, AllowMatcher | None]]:
        """The per-path entries that apply to a post's file, in config order."""
        if not self.per_path or path.startswith("<"):
            return []
        got = self._cache.get(path)
        if got is None:
            try:
                rel = os.path.relpath(os.path.abspath(path), self.root)
            except ValueError:  # another drive on Windows
                rel = ".."
            rel = Path(rel).as_posix()
            got = [] if rel == ".." or rel.startswith("../") else [
                (o, m) for pats, o, m in self.per_path if _path_matches(pats, rel)]
            self._cache[path] = got
        return got

    def prepare(self, post: Post) -> Post:
        """The post with its per-path author and the spans of allow-listed text."""
        overs = self.overrides(post.path)
        changes: dict[str, Any] = {}
        author = post.author
        if post.author == self.settings.author:  # the file did not set an author: per-path may
            for o, _ in overs:
                if o.author:
                    a = dict(o.author)
                    author = Author(name=a.get("name", author.name), handle=a.get("handle", author.handle),
                                    organisation=a.get("organisation", author.organisation))
            if author != post.author:
                changes["author"] = author
        spans = list(self.allow.spans(post.text)) if self.allow else []
        for _, m in overs:
            if m:
                spans.extend(m.spans(post.text))
        if spans:
            changes["allowed"] = merge([*post.allowed, *spans])
        return replace(post, **changes) if changes else post

    def _rule_base(self, f: Finding) -> str | None:
        r = self.rules.get(f.rule)
        return r.base if r else None

    def severity_for(self, f: Finding, overs) -> Severity:
        base = self._rule_base(f)
        sev = _best(self.settings.severity, f.rule, base, f.concern)
        for o, _ in overs:
            s = _best(o.severity, f.rule, base, f.concern)
            if s is not None:
                sev = s
        return f.severity if sev is None else sev

    def _suppression(self, f: Finding, post: Post, overs) -> dict | None:
        base = self._rule_base(f)
        directive = post.meta.get("govlint") if isinstance(post.meta, Mapping) else None
        if isinstance(directive, Mapping) and any(selector_rank(s, f.rule, base, f.concern) for s in directive.get("ignore", ())):
            line = directive.get("line")
            return {"kind": "front-matter", "reason": directive["reason"], "source": f"{post.path}:{line}" if line else post.path}
        for o, _ in overs:
            if any(selector_rank(s, f.rule, base, f.concern) for s in o.ignore):
                return {"kind": "config", "reason": o.reason or f"ignored for {', '.join(o.paths)} in the config",
                        "source": o.source}
        if self.baseline is not None and self.baseline.consume(f):
            return {"kind": "baseline", "reason": "recorded in the baseline", "source": self.baseline.path}
        return None

    def apply(self, result):
        """Sort a :class:`~govlint.engine.PostResult`'s findings into active and suppressed (in place)."""
        post = result.post
        overs = self.overrides(post.path)
        active: list[Finding] = []
        suppressed: list[Finding] = list(getattr(result, "suppressed", []) or [])
        for f in result.findings:
            if post.allowed and f.context == post.text and self._allowed(f, post):  # (thread findings: filtered at detection)
                continue
            sev = self.severity_for(f, overs)
            if sev != f.severity:
                f = replace(f, severity=sev, details={**f.details, "severity_from": f.severity.label})
            why = self._suppression(f, post, overs)
            if why:
                suppressed.append(replace(f, suppression=why))
            else:
                active.append(f)
        result.findings = active
        result.suppressed = suppressed
        return result

    @staticmethod
    def _allowed(f: Finding, post: Post) -> bool:
        if covered(post.text, f.start, f.end, post.allowed):
            return True
        parts = [(e["start"], e["end"]) for e in f.details.get("evidence", []) if e.get("end", 0) > e.get("start", 0)]
        return bool(parts) and all(covered(post.text, s, e, post.allowed) for s, e in parts)
