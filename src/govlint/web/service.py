"""What the page asks for, answered without any web framework: check, inspect, rules, meta.

A :class:`Service` is built once when the server starts: it loads the packs
(one :class:`govlint.api.Linter` per pack choice the page offers) and the NLP
model, so that each request only runs the rules. Requests arrive as decoded
JSON; :func:`parse_draft` validates them and raises :class:`BadRequest` with a
one-line message naming the field. Only packs loaded at start-up can be chosen:
a request can never make the server read a file.

``check`` returns exactly what ``govlint check --format json --no-redact``
prints, through the same formatter, so the page and the CLI cannot drift.
"""

from __future__ import annotations

import json
import threading
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
        if draft.packs:
            return self._linter(tuple(dict.fromkeys(draft.packs)))
        if draft.profession:
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

    def rules(self) -> list[dict]:
        out, seen = [], set()
        for linter in [self.default, *(self._linter((pid,)) for pid in self.packs)]:
            for r in linter.rules:
                if r.id in seen:
                    continue
                seen.add(r.id)
                out.append(rule_dict(r))
        return out


def rule_dict(r) -> dict:
    return {"id": r.id, "pack": r.pack, "title": r.title, "concern": r.concern, "severity": r.severity.label,
            "message": r.message, "citation": r.citation.as_dict() if r.citation else None,
            "also_cited": [c.as_dict() for c in r.also_cited], "suggestion": r.suggestion, "base": r.base,
            "confidence": r.confidence}


__all__ = ["BadRequest", "NotFound", "Draft", "GovlintError", "Service", "parse_draft"]
