"""The Python API the CLI (and any other program) uses.

>>> from govlint.api import Linter
>>> linter = Linter(profession="doctor", nlp=False)
>>> result = linter.check("Lovely chat with Mrs Patel in bay 3 today, 84 and sharp as a tack")
>>> [f.rule for f in result.findings]  # doctest: +SKIP

``Linter`` is built once (packs loaded, patterns compiled) and reused; the NLP
model loads on the first check that needs it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from govlint import baseline, citing, engine, packs, policy
from govlint.config import Settings
from govlint.errors import ConfigError
from govlint.model import Author, Post, Rule


def _matches(rule: Rule, selectors: Iterable[str]) -> bool:
    for sel in selectors:
        s = sel.strip()
        if not s:
            continue
        if rule.concern == s or rule.id.upper().startswith(s.upper()) or (rule.base or "").upper().startswith(s.upper()):
            return True
    return False


def resolve_rules(settings: Settings) -> list[Rule]:
    """The rules a run uses: chosen packs (or the profession's, or all), then select/ignore."""
    packset = packs.PackSet(Path(d) for d in settings.pack_dirs)
    if settings.packs:
        refs = list(settings.packs)
    elif settings.profession:
        refs = packs.packs_for_profession(settings.profession)
    else:
        refs = packs.default_pack_ids()
    rules: list[Rule] = []
    for pack in packset.packs_for(refs):
        if pack.abstract and len(refs) > 1:
            continue
        rules.extend(pack.rules)
    if settings.select:
        rules = [r for r in rules if _matches(r, settings.select)]
    if settings.ignore:
        rules = [r for r in rules if not _matches(r, settings.ignore)]
    return rules


def _preferred_packs(profession: str | None, organisation: bool) -> frozenset[str]:
    """The packs whose citation a post's findings should show first."""
    if organisation:
        return frozenset(packs.organisation_pack_ids())
    if not profession:
        return frozenset()
    try:
        ids = packs.packs_for_profession(profession)
    except ConfigError:
        return frozenset()  # an unknown profession on a post: keep the default order
    orgs = set(packs.organisation_pack_ids())
    return frozenset(p for p in ids if p not in orgs) if len(ids) < len(packs.default_pack_ids()) else frozenset(orgs)


class Linter:
    """Check drafts against the configured packs.

    Keyword arguments override :class:`govlint.config.Settings` fields;
    ``nlp=False`` is pattern-only mode.
    """

    def __init__(self, settings: Settings | None = None, *, nlp: bool | None = None, model_on_every_post: bool = False,
                 **overrides):
        settings = settings or Settings()
        if overrides:
            settings = replace(settings, **overrides)
        if nlp is False:
            settings = replace(settings, nlp_model=None)
        self.settings = settings
        self.rules = resolve_rules(settings)
        # (model_on_every_post: every result lists all the model's identifiers, not only results with findings)
        self.engine = engine.Linter(self.rules, nlp_model=settings.nlp_model, regex_timeout=settings.regex_timeout,
                                    model_on_every_post=model_on_every_post)
        self._by_id = {r.id: r for r in self.rules}
        self._preferred: dict[tuple[str | None, bool], frozenset[str]] = {}
        self.baseline = baseline.load(settings.baseline) if settings.baseline else None
        self.policy = policy.Policy(settings, self.rules, self.baseline)

    def post(self, text: str, *, author: Author | dict | None = None, in_reply_to: str | None = None,
             platform: str | None = None, profession: str | None = None, path: str = "<text>", id: str | int = 0,
             date: str | None = None) -> Post:
        if isinstance(author, dict):
            author = Author(name=author.get("name"), handle=author.get("handle"), organisation=bool(author.get("organisation")))
        return Post(text=text, path=path, id=id, author=author or self.settings.author,
                    in_reply_to=in_reply_to or self.settings.in_reply_to, platform=platform or self.settings.platform,
                    profession=profession or self.settings.profession, date=str(date) if date is not None else None)

    def check(self, text: str, **meta) -> engine.PostResult:
        """Findings for one draft (suppressed ones in ``.suppressed``)."""
        return self.check_post(self.post(text, **meta))

    def check_post(self, post: Post) -> engine.PostResult:
        """Findings for one post, cited to its author's regulator (suppressed ones in ``.suppressed``)."""
        return self.policy.apply(self._finalise(self.engine.check_one(self.policy.prepare(post))))

    def check_posts(self, posts: Iterable[Post], jobs: int | None = 1) -> Iterator[engine.PostResult]:
        """Findings per post, in input order, streaming, with allow lists, severity overrides and suppressions
        applied; ``jobs`` processes (None: all cores when there are many posts).

        A thread's last post also carries the thread's whole-thread findings.
        """
        from govlint import parallel, threads

        def run(batch: Iterable[Post]) -> Iterator[engine.PostResult]:
            return self.engine.check(batch) if jobs == 1 else parallel.check_posts(self.engine, batch, jobs)

        # Citations first (they can change which pack's rule id leads), then severities and suppressions.
        for result in threads.check(self.engine, (self.policy.prepare(p) for p in posts), run):
            yield self.policy.apply(self._finalise(result))

    def _finalise(self, result: engine.PostResult) -> engine.PostResult:
        """Cite the post author's own regulator first, in the edition in force on the post's date."""
        post = result.post
        key = (post.profession, post.author.organisation)
        if key not in self._preferred:
            self._preferred[key] = _preferred_packs(post.profession, post.author.organisation)
        result.findings = citing.finalise(result.findings, post, self._by_id, self._preferred[key])
        return result

    def identify(self, posts: list[Post]):
        return self.engine.identify(posts, use_nlp=True)
