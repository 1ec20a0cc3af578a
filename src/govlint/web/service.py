"""What the page asks for, answered without any web framework: check, inspect, fix, rules, training.

A :class:`Service` is built once when the server starts: it loads the packs
(one :class:`govlint.api.Linter` per pack choice the page offers) and the NLP
model, so that each request only runs the rules. Requests arrive as decoded
JSON; :func:`parse_draft` validates them and raises :class:`BadRequest` with a
one-line message naming the field. Only packs loaded at start-up can be chosen:
a request can never make the server read a file.

``check`` returns exactly what ``govlint check --format json --no-redact``
prints, through the same formatter, so the page and the CLI cannot drift;
``fix`` uses :mod:`govlint.fixes` and the training answers come from
:mod:`govlint.training`, exactly as ``govlint fix``, ``explain``, ``demo`` and
``quiz`` do.
"""

from __future__ import annotations

import json
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from govlint import __version__, packs
from govlint.api import Linter
from govlint.config import Settings
from govlint.document import MAX_POST_CHARS
from govlint.errors import GovlintError
from govlint.model import CONCERNS, Author, Post

DRAFT_PATH = "<draft>"
WARM_UP = "Warm-up: Mrs Smith, 84, from Leeds was seen on Ward 7B at 3am."
MAX_QUIZ = 50
_CACHE_SIZE = 16


class BadRequest(ValueError):
    """The request is not something the service can answer; the message says why, in one line."""

    status = 400


class NotFound(LookupError):
    status = 404


@dataclass(frozen=True)
class Draft:
    text: str
    author: Author | None = None
    in_reply_to: str | None = None
    platform: str | None = None
    profession: str | None = None
    packs: tuple[str, ...] = ()


def _opt_text(payload: Mapping, key: str, limit: int = 200) -> str | None:
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{key}' must be a string")
    if len(value) > limit:
        raise BadRequest(f"'{key}' is longer than {limit} characters")
    return value.strip() or None


def parse_draft(payload: Any) -> Draft:
    """Validate a decoded request body: ``{"text", "author", "in_reply_to", "platform", "profession", "pack"}``."""
    if not isinstance(payload, Mapping):
        raise BadRequest("the request body must be a JSON object such as {\"text\": \"...\"}")
    text = payload.get("text")
    if not isinstance(text, str):
        raise BadRequest("'text' is required and must be a string")
    if len(text) > MAX_POST_CHARS:
        raise BadRequest(f"'text' is longer than {MAX_POST_CHARS:,} characters; no social-media post is that long")
    author = payload.get("author")
    if author is not None:
        if not isinstance(author, Mapping):
            raise BadRequest("'author' must be an object with name, handle, organisation")
        org = author.get("organisation", False)
        if org is None:
            org = False
        if not isinstance(org, bool):
            raise BadRequest("'author.organisation' must be true or false")
        author = Author(name=_opt_text(author, "name"), handle=_opt_text(author, "handle"), organisation=org)
    pack = payload.get("pack")
    if pack is None or pack == "":
        chosen: tuple[str, ...] = ()
    elif isinstance(pack, str):
        chosen = (pack,)
    elif isinstance(pack, list) and all(isinstance(p, str) for p in pack):
        chosen = tuple(pack)
    else:
        raise BadRequest("'pack' must be a pack id or a list of pack ids")
    return Draft(text=text, author=author, in_reply_to=_opt_text(payload, "in_reply_to"),
                 platform=_opt_text(payload, "platform"), profession=_opt_text(payload, "profession"), packs=chosen)


class Service:
    """Packs and model loaded once; every method is safe to call from several threads."""

    def __init__(self, settings: Settings | None = None, *, warm_up: bool = True):
        self.settings = settings or Settings()
        self.version = __version__
        self._lock = threading.Lock()  # one check at a time: the NLP pipeline is shared
        refs = list(self.settings.packs) or packs.default_pack_ids()
        packset = packs.PackSet(Path(d) for d in self.settings.pack_dirs)
        self.packs = {}  # pack id -> Pack, in the order offered
        self._refs = {}  # pack id -> the reference (built-in id or path) it was loaded from
        for ref in refs:
            pack = packset.load(ref)
            if pack.abstract:
                continue
            self.packs[pack.id] = pack
            self._refs[pack.id] = ref
        self._linters: dict[tuple[str, ...], Linter] = {(): Linter(self.settings)}
        for pid in self.packs:
            self._linter((pid,))
        for prof in self.professions():
            self._linter(self._packs_for_profession(prof))
        self._linter(tuple(self.packs))  # the training views use every offered pack
        self._demo: OrderedDict = OrderedDict()
        self._quizzes: OrderedDict = OrderedDict()
        if warm_up and self.nlp:
            self.default.check(WARM_UP)  # loads the model now rather than on the first keystroke

    # -- set-up -------------------------------------------------------------------------------------

    @property
    def default(self) -> Linter:
        return self._linters[()]

    @property
    def nlp(self) -> str | None:
        return self.settings.nlp_model

    def professions(self) -> list[str]:
        return sorted({p for pack in self.packs.values() for p in pack.professions})

    def _packs_for_profession(self, profession: str) -> tuple[str, ...]:
        prof = profession.strip().lower()
        chosen = tuple(pid for pid, pack in self.packs.items() if prof in pack.professions)
        if not chosen:
            raise BadRequest(f"unknown profession '{profession}' (known: {', '.join(self.professions())})")
        return chosen

    def _linter(self, pack_ids: tuple[str, ...]) -> Linter:
        linter = self._linters.get(pack_ids)
        if linter is None:
            unknown = [p for p in pack_ids if p not in self.packs]
            if unknown:
                raise BadRequest(f"unknown pack '{unknown[0]}' (this server offers: {', '.join(self.packs)})")
            settings = replace(self.settings, packs=tuple(self._refs[p] for p in pack_ids), profession=None)
            linter = self._linters[pack_ids] = Linter(settings)
        return linter

    def linter_for(self, draft: Draft) -> Linter:
        """The request's pack, else its profession's packs, else the server's own choice.

        A profession no offered pack covers (e.g. 'nurse' before an NMC pack is
        loaded) falls back to the server's packs, as a JSONL post's profession does
        in ``govlint check``; it is not an error.
        """
        if draft.packs:
            return self._linter(tuple(dict.fromkeys(draft.packs)))
        if draft.profession and draft.profession.strip().lower() in self.professions():
            return self._linter(self._packs_for_profession(draft.profession))
        return self.default

    def post(self, linter: Linter, draft: Draft) -> Post:
        return linter.post(draft.text, author=draft.author, in_reply_to=draft.in_reply_to, platform=draft.platform,
                           profession=draft.profession, path=DRAFT_PATH)

    # -- answers ------------------------------------------------------------------------------------

    def report(self, draft: Draft):
        """(linter, post, engine result, formatter Report) for one draft."""
        from govlint.formatters import Report

        linter = self.linter_for(draft)
        post = self.post(linter, draft)
        with self._lock:
            result = linter.engine.check_one(post)
        report = Report(findings=list(result.findings), posts_checked=1, files_checked=0, version=self.version,
                        errors=[f"rule {p.rule}: {p.message}" for p in result.problems])
        return linter, post, result, report

    def check_json(self, payload: Any) -> str:
        """The body of ``POST /api/check``: the JSON formatter's output, unmasked."""
        from govlint.formatters import Options, render

        draft = parse_draft(payload)
        linter, _, _, report = self.report(draft)
        return render("json", report, Options(redact=False, fail_on=linter.settings.fail_on))

    def check(self, payload: Any) -> dict:
        return json.loads(self.check_json(payload))

    def inspect(self, payload: Any) -> dict:
        """Every identifier in the draft, in the shape of ``govlint inspect --format json``."""
        draft = parse_draft(payload)
        linter = self.linter_for(draft)
        post = self.post(linter, draft)
        with self._lock:
            (found,) = linter.engine.identify([post], use_nlp=True)
        rows = []
        for i in found:
            line, col = post.position(i.start)
            rows.append({"path": post.path, "post": post.id, "line": line, "column": col, "start": i.start, "end": i.end,
                         "type": i.type, "text": i.text, "score": i.score, "detector": i.detector})
        return {"version": self.version, "nlp": self.nlp, "identifiers": rows, "errors": []}

    def meta(self) -> dict:
        return {
            "version": self.version,
            "nlp": self.nlp,
            "packs": [{"id": pid, "title": p.title, "regulator": p.regulator, "professions": list(p.professions),
                       "edition": p.edition} for pid, p in self.packs.items()],
            "professions": self.professions(),
            "concerns": list(CONCERNS),
            "default": {"profession": self.settings.profession, "packs": list(self.settings.packs)},
            "max_chars": MAX_POST_CHARS,
        }

    # -- fix ----------------------------------------------------------------------------------------

    def fix(self, payload: Any) -> dict:
        """Safer rewrites: per fixable finding (keyed by its fingerprint) and for the whole draft.

        With ``"only": [fingerprint, ...]`` just those findings are mended, in one
        step, and ``text`` is the result; otherwise ``text`` is what ``govlint fix``
        would make of the whole draft.
        """
        from govlint import fixes
        from govlint.formatters.json_format import finding_dict

        draft = parse_draft(payload)
        only = payload.get("only")
        if only is not None and not (isinstance(only, list) and all(isinstance(x, str) for x in only)):
            raise BadRequest("'only' must be a list of finding fingerprints")
        linter = self.linter_for(draft)
        post = self.post(linter, draft)
        with self._lock:
            result = linter.engine.check_one(post)
            per_finding = []
            for f in result.findings:
                edits = fixes.plan(post, [f], result.identifiers)
                if edits:
                    per_finding.append((f, edits))
            if only is not None:
                wanted = [f for f in result.findings if f.fingerprint in set(only)]
                applied = fixes.plan(post, wanted, result.identifiers) if wanted else []
                text = fixes.apply(post.text, applied)
                remaining = linter.engine.check_one(replace(post, text=text)).findings if applied else result.findings
            else:
                full = fixes.fix_post(linter, post)
                text, applied, remaining = full.text, list(full.edits), full.remaining
        return {
            "version": self.version,
            "text": text,
            "changed": text != post.text,
            "applied": [e.as_dict(post.text) for e in applied],
            "edits": [{**e.as_dict(post.text), "fingerprint": f.fingerprint} for f, edits in per_finding for e in edits],
            "fixable": [f.fingerprint for f, _ in per_finding],
            "remaining": [finding_dict(f, False) for f in remaining],
        }

    # -- training -----------------------------------------------------------------------------------

    @property
    def training_linter(self) -> Linter:
        """Every pack this server offers, so any finding's rule can be explained."""
        return self._linter(tuple(self.packs))

    def _training(self, pack: str | None) -> Linter:
        """The linter `govlint demo/quiz --pack P` builds: only that pack's rules (every offered pack without one)."""
        return self._linter((pack,)) if pack else self.training_linter

    def explain(self, rule_or_concern: str) -> dict:
        from govlint.training.common import UnknownRule
        from govlint.training.explain import explain

        if not rule_or_concern or len(rule_or_concern) > 100:
            raise BadRequest("give a rule id or a concern to explain")
        with self._lock:
            try:
                return explain(self.training_linter, rule_or_concern)
            except UnknownRule as exc:
                raise NotFound(str(exc)) from None

    def demo(self, pack: str | None = None, concern: str | None = None) -> dict:
        from govlint.training.demo import steps

        key = (pack or None, concern or None)
        linter = self._training(key[0])
        with self._lock:
            if key not in self._demo:
                self._demo[key] = steps(linter, concern=key[1])
                _trim(self._demo)
            found = self._demo[key]
        return {"version": self.version, "pack": key[0], "concern": key[1], "steps": found}

    def _questions(self, count: int, seed: int, pack: str | None):
        from govlint.training import quiz

        key = (count, seed, pack)
        linter = self._training(pack)
        with self._lock:
            if key not in self._quizzes:
                self._quizzes[key] = ({q.id: q for q in quiz.questions(linter, count, seed)}, quiz.choices(linter))
                _trim(self._quizzes)
            self._quizzes.move_to_end(key)
            return self._quizzes[key]

    def quiz(self, count: int = 10, seed: int | None = None, pack: str | None = None) -> dict:
        """The questions (without their answers) and the concerns to choose from; the seed makes it repeatable."""
        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        qs, choices = self._questions(count, seed, pack or None)
        return {"version": self.version, "count": count, "seed": seed, "pack": pack or None, "choices": choices,
                "concerns": choices,
                "questions": [{"id": q.id, "text": q.text, "meta": dict(q.meta)} for q in qs.values()]}

    def grade(self, payload: Any) -> dict:
        """Grade one answer: ``{"id", "answer": [concerns], "seed", "count", "pack"}``; reveals the findings."""
        from govlint.training import quiz
        from govlint.training.common import finding_dict

        if not isinstance(payload, Mapping):
            raise BadRequest("the request body must be a JSON object with id, answer, seed and count")
        qid, answer, seed, count = payload.get("id"), payload.get("answer"), payload.get("seed"), payload.get("count", 10)
        pack = payload.get("pack") or None
        if not isinstance(qid, str):
            raise BadRequest("'id' must be the question's id")
        if not (isinstance(answer, list) and all(isinstance(a, str) for a in answer)):
            raise BadRequest("'answer' must be a list of concerns (empty when none apply)")
        if not _is_int(seed) or not _is_int(count) or not 1 <= count <= MAX_QUIZ:
            raise BadRequest(f"'seed' and 'count' (1-{MAX_QUIZ}) must be the whole numbers the quiz was drawn with")
        if pack is not None and not isinstance(pack, str):
            raise BadRequest("'pack' must be a pack id")
        qs, choices = self._questions(count, seed, pack)
        unknown = [a for a in answer if a not in CONCERNS]
        if unknown:
            raise BadRequest(f"'{unknown[0]}' is not a concern (choose from: {', '.join(choices)})")
        q = qs.get(qid)
        if q is None:
            raise NotFound(f"no question '{qid}' in the quiz drawn with seed {seed} and count {count}")
        result = quiz.grade(q, set(answer))
        return {**result, "text": q.text, "findings": [finding_dict(f) for f in q.findings],
                "citations": [dict(c) for c in q.citations], "note": q.note}

    def quiz_summary(self, payload: Any) -> dict:
        from govlint.training import quiz

        results = payload.get("results") if isinstance(payload, Mapping) else None
        if not isinstance(results, list) or len(results) > MAX_QUIZ:
            raise BadRequest(f"'results' must be a list of at most {MAX_QUIZ} graded answers")
        clean = []
        for r in results:
            if not isinstance(r, Mapping) or not isinstance(r.get("correct"), bool):
                raise BadRequest("each result must be a graded answer with 'correct' true or false")
            lists = {k: r.get(k, []) for k in ("revisit", "concerns_to_revisit")}
            if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()):
                raise BadRequest("'revisit' and 'concerns_to_revisit' must be lists of text")
            clean.append({"correct": r["correct"], **lists})
        return quiz.summary(clean)

    def rules(self) -> list[dict]:
        out, seen = [], set()
        for linter in [self.default, *(self._linter((pid,)) for pid in self.packs)]:
            for r in linter.rules:
                if r.id in seen:
                    continue
                seen.add(r.id)
                out.append(rule_dict(r))
        return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _trim(cache: OrderedDict) -> None:
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)


def rule_dict(r) -> dict:
    return {"id": r.id, "pack": r.pack, "title": r.title, "concern": r.concern, "severity": r.severity.label,
            "message": r.message, "citation": r.citation.as_dict() if r.citation else None,
            "also_cited": [c.as_dict() for c in r.also_cited], "suggestion": r.suggestion, "base": r.base,
            "confidence": r.confidence}


__all__ = ["BadRequest", "NotFound", "Draft", "GovlintError", "Service", "parse_draft"]
