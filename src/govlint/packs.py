"""Finding, parsing, validating and resolving policy packs.

A pack is one YAML file, or a folder holding ``pack.yaml`` (the pack's own
fields) and rule files (each a single rule, or a mapping with ``rules:``).
Built-in packs live in the top-level ``rules/`` folder of the repository and
ship inside the wheel as ``govlint/rules``.

A regulator pack ``extends`` the core pack: a rule with ``base: CORE-...``
inherits that rule's detector, concern, title, why and examples, and overrides
only what it states (message, severity, citation...). Core rules are
templates: they never run on their own.
"""

from __future__ import annotations


import re
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from govlint import yamlio
from govlint.detectors import REGISTRY, Builder
from govlint.errors import PackError
from govlint.model import CONCERNS, Author, Citation, Example, Rule, Severity, SourceRef
from govlint.records import frozen, mutable

PACK_KEYS = {"pack", "title", "regulator", "professions", "edition", "effective_from", "source", "extends",
             "abstract", "lexicons", "rules", "description", "editions", "documents", "organisation_only"}
RULE_KEYS = {"id", "base", "title", "concern", "severity", "message", "why", "citation", "also_cited", "detector",
             "examples", "suggestion", "confidence", "organisation_only", "aliases", "fallback"}
CITATION_KEYS = {"document", "paragraph", "url", "edition", "status", "editions"}
EDITION_CITATION_KEYS = {"document", "paragraph", "url", "edition", "status", "until"}
EDITION_KEYS = {"edition", "title", "effective_from", "until", "source"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXAMPLE_KEYS = {"text", "rewrite", "author", "in_reply_to", "profession", "note"}
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")


@frozen
class Edition:
    """One edition of the guidance a pack cites: in force from ``effective_from`` until ``until`` (inclusive)."""

    edition: str
    until: str | None = None
    effective_from: str | None = None
    title: str | None = None
    source: str | None = None


@mutable
class Pack:
    """A policy pack: its header (regulator, professions, edition, lexicons) and its rules."""

    id: str
    title: str
    path: str
    regulator: str | None = None
    professions: tuple[str, ...] = ()
    edition: str | None = None
    effective_from: str | None = None
    source: str | None = None
    extends: str | None = None
    abstract: bool = False
    organisation_only: bool = False  # every rule applies only to organisation accounts (e.g. NHS trusts)
    editions: tuple[Edition, ...] = ()  # earlier editions of the guidance, for posts dated before this one
    lexicons: dict[str, list[str]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    raw_rules: list[tuple[dict, str]] = field(default_factory=list)


def builtin_dir() -> Path:
    """The built-in packs: inside the installed package, or the repository's rules/ folder."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    if installed.is_dir():
        return installed
    return here.parent.parent / "rules"


def builtin_ids() -> list[str]:
    return sorted(p.stem if p.is_file() else p.name for p in builtin_dir().iterdir()
                  if (p.suffix in (".yaml", ".yml") and p.is_file()) or (p.is_dir() and (p / "pack.yaml").is_file()))


@lru_cache(maxsize=1)
def _builtin_root() -> Path:
    return builtin_dir().resolve()


# Built-in pack files parsed in this process, by resolved path: (mtime, size, data). Choosing the default packs
# reads each pack's metadata, and loading them reads the same files again.
_PARSED: dict[str, tuple[int, int, Any]] = {}


def _snapshot():
    """The shipped snapshot of the built-in packs (see :mod:`govlint.snapshot`), or None to load them live."""
    from govlint import snapshot

    return snapshot.get(_builtin_root())


def _read(path: Path) -> Any:
    """A pack file's YAML. A built-in file is parsed once per process, and as trusted (see yamlio.load)."""
    resolved = path.resolve()
    builtin = resolved.is_relative_to(_builtin_root())
    if builtin:
        try:
            st = resolved.stat()
        except OSError:
            st = None
        hit = _PARSED.get(str(resolved))
        if st is not None and hit is not None and hit[:2] == (st.st_mtime_ns, st.st_size):
            return hit[2]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError("not UTF-8 text", str(path)) from None
    except OSError as exc:
        raise PackError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    try:
        data = yamlio.load(text, trusted=builtin)
    except yamlio.YamlError as exc:
        raise PackError(str(exc), str(path), exc.line) from None
    if builtin and st is not None:
        _PARSED[str(resolved)] = (st.st_mtime_ns, st.st_size, data)
    return data


def _expect(cond: bool, msg: str, path: str, node: Any = None, rule: str | None = None, key: str | None = None) -> None:
    if not cond:
        line = None
        if isinstance(node, yamlio.LineDict):
            line = node.key_lines.get(key, node.line) if key else node.line
        raise PackError(msg, path, line, rule)


def _parse_pack_meta(data: Any, path: str) -> Pack:
    _expect(isinstance(data, dict), "a pack must be a YAML mapping with 'pack' and 'rules'", path)
    unknown = set(data) - PACK_KEYS
    _expect(not unknown, f"unknown key '{sorted(unknown)[0] if unknown else ''}' in pack (allowed: {', '.join(sorted(PACK_KEYS))})",
            path, data, key=sorted(unknown)[0] if unknown else None)
    pid = data.get("pack")
    _expect(isinstance(pid, str) and re.fullmatch(r"[a-z][a-z0-9-]*", pid or "") is not None,
            "'pack' must be a lower-case id such as 'gmc'", path, data, key="pack")
    lex = data.get("lexicons", {}) or {}
    _expect(isinstance(lex, dict), "'lexicons' must map names to lists of terms", path, data, key="lexicons")
    for name, terms in lex.items():
        _expect(isinstance(terms, list) and all(isinstance(t, str) for t in terms),
                f"lexicon '{name}' must be a list of strings", path, lex, key=name)
    profs = data.get("professions", []) or []
    _expect(isinstance(profs, list) and all(isinstance(p, str) for p in profs), "'professions' must be a list", path, data, key="professions")
    for key in ("title", "regulator", "edition", "source", "extends"):
        _expect(data.get(key) is None or isinstance(data.get(key), str), f"'{key}' must be a string", path, data, key=key)
    eff = data.get("effective_from")
    _expect(eff is None or DATE_RE.match(str(eff)) is not None, "'effective_from' must be a date such as 2024-01-30",
            path, data, key="effective_from")
    org = data.get("organisation_only", False)
    _expect(isinstance(org, bool), "'organisation_only' must be true or false", path, data, key="organisation_only")
    return Pack(id=pid, title=data.get("title") or pid, path=path, regulator=data.get("regulator"),
                professions=tuple(profs), edition=data.get("edition"),
                effective_from=str(eff) if eff is not None else None, source=data.get("source"),
                extends=data.get("extends"), abstract=bool(data.get("abstract", False)), organisation_only=org,
                editions=_editions(data.get("editions"), path, data), lexicons=dict(lex))


def _editions(value: Any, path: str, node: Any) -> tuple[Edition, ...]:
    """A pack's earlier editions: ``[{edition, until, effective_from?, title?, source?}, ...]``."""
    if value is None:
        return ()
    _expect(isinstance(value, list), "'editions' must be a list of {edition, until, ...}", path, node, key="editions")
    out = []
    for item in value:
        _expect(isinstance(item, dict), "each edition must be a mapping with 'edition' and 'until'", path, item or node)
        unknown = set(item) - EDITION_KEYS
        _expect(not unknown, f"unknown key '{sorted(unknown)[0] if unknown else ''}' in edition (allowed: {', '.join(sorted(EDITION_KEYS))})",
                path, item)
        _expect(isinstance(item.get("edition"), (str, int)), "each edition needs an 'edition' name", path, item)
        for key in ("until", "effective_from"):
            v = item.get(key)
            _expect(v is None or DATE_RE.match(str(v)) is not None, f"edition '{key}' must be a date such as 2024-01-29",
                    path, item, key=key)
        _expect(item.get("until") is not None, "each earlier edition needs 'until' (the last day it was in force)", path, item)
        out.append(Edition(edition=str(item["edition"]), until=str(item["until"]),
                           effective_from=str(item["effective_from"]) if item.get("effective_from") else None,
                           title=item.get("title"), source=item.get("source")))
    return tuple(out)


def read_pack(path: Path) -> Pack:
    """Parse one pack (file or folder) without resolving ``extends``."""
    if path.is_dir():
        meta_file = path / "pack.yaml"
        _expect(meta_file.is_file(), "a pack folder needs a pack.yaml", str(path))
        meta = _read(meta_file)
        pack = _parse_pack_meta(meta, str(meta_file))
        for item in meta.get("rules", []) or []:
            pack.raw_rules.append((item, str(meta_file)))
        for f in sorted(path.glob("*.y*ml")):
            if f.name == "pack.yaml":
                continue
            data = _read(f)
            if isinstance(data, dict) and "rules" in data:
                extra = set(data) - {"rules", "lexicons"}
                _expect(not extra, f"unknown key '{sorted(extra)[0] if extra else ''}' in rule file (allowed: rules, lexicons)", str(f), data)
                for name, terms in (data.get("lexicons") or {}).items():
                    _expect(isinstance(terms, list) and all(isinstance(t, str) for t in terms),
                            f"lexicon '{name}' must be a list of strings", str(f), data)
                    _expect(name not in pack.lexicons, f"lexicon '{name}' is defined twice", str(f), data)
                    pack.lexicons[name] = terms
                items = data["rules"]
            else:
                items = [data]
            _expect(isinstance(items, list), "'rules' must be a list", str(f), data)
            for item in items:
                pack.raw_rules.append((item, str(f)))
        return pack
    data = _read(path)
    pack = _parse_pack_meta(data, str(path))
    rules = data.get("rules", []) or []
    _expect(isinstance(rules, list), "'rules' must be a list", str(path), data, key="rules")
    pack.raw_rules = [(r, str(path)) for r in rules]
    return pack


def _citation(value: Any, path: str, rid: str, pack: Pack | None = None, nested: bool = False) -> Citation:
    _expect(isinstance(value, dict), "'citation' must be a mapping with document, paragraph and url", path, value, rid)
    unknown = set(value) - (EDITION_CITATION_KEYS if nested else CITATION_KEYS)
    _expect(not unknown, f"unknown key '{sorted(unknown)[0] if unknown else ''}' in citation", path, value, rid)
    for key in ("document", "url"):
        _expect(isinstance(value.get(key), str) and value.get(key), f"citation needs '{key}'", path, value, rid)
    _expect(value["url"].startswith(("https://", "http://")), "citation 'url' must be an http(s) address", path, value, rid, "url")
    para = value.get("paragraph")
    _expect(para is None or isinstance(para, (str, int)), "citation 'paragraph' must be text or null", path, value, rid)
    until = None
    if nested:
        _expect(value.get("edition") is not None, "an earlier-edition citation needs 'edition'", path, value, rid)
        known = {e.edition: e for e in (pack.editions if pack else ())}
        until = value.get("until")
        if until is None:
            _expect(str(value["edition"]) in known, f"edition '{value['edition']}' is not listed in the pack's 'editions' "
                    "(list it there with its 'until' date, or give 'until' here)", path, value, rid, "edition")
            until = known[str(value["edition"])].until
        _expect(DATE_RE.match(str(until)) is not None, "'until' must be a date such as 2024-01-29", path, value, rid, "until")
    editions: tuple[Citation, ...] = ()
    if value.get("editions") is not None:
        _expect(isinstance(value["editions"], list), "citation 'editions' must be a list of earlier-edition citations",
                path, value, rid, "editions")
        editions = tuple(sorted((_citation(e, path, rid, pack, nested=True) for e in value["editions"]),
                                key=lambda c: c.until or ""))
    return Citation(document=value["document"], url=value["url"], paragraph=str(para) if para is not None else None,
                    edition=str(value["edition"]) if value.get("edition") else None, status=value.get("status"),
                    until=str(until) if until else None, editions=editions)


def _author(value: Any, path: str, rid: str) -> Author | None:
    if value is None:
        return None
    _expect(isinstance(value, dict), "example 'author' must be a mapping", path, value, rid)
    unknown = set(value) - {"name", "handle", "organisation"}
    _expect(not unknown, f"unknown key '{sorted(unknown)[0] if unknown else ''}' in example author", path, value, rid)
    return Author(name=value.get("name"), handle=value.get("handle"), organisation=bool(value.get("organisation", False)))


def _examples(value: Any, path: str, rid: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if value is None:
        return (), ()
    _expect(isinstance(value, dict) and set(value) <= {"bad", "good"}, "'examples' must be a mapping with 'bad' and 'good' lists",
            path, value, rid)
    out = []
    for kind in ("bad", "good"):
        items = value.get(kind, []) or []
        _expect(isinstance(items, list), f"examples '{kind}' must be a list", path, value, rid, kind)
        exs = []
        for item in items:
            if isinstance(item, str):
                exs.append(Example(text=item))
                continue
            _expect(isinstance(item, dict) and isinstance(item.get("text"), str), f"each '{kind}' example needs 'text'", path, item or value, rid)
            unknown = set(item) - EXAMPLE_KEYS
            _expect(not unknown, f"unknown key '{sorted(unknown)[0] if unknown else ''}' in example", path, item, rid)
            exs.append(Example(text=item["text"], rewrite=item.get("rewrite"), author=_author(item.get("author"), path, rid),
                               in_reply_to=item.get("in_reply_to"), profession=item.get("profession"), note=item.get("note")))
        out.append(tuple(exs))
    return out[0], out[1]


def _rule(raw: Any, path: str, pack: Pack, bases: Mapping[str, Rule], probe: bool) -> Rule:
    _expect(isinstance(raw, dict), "each rule must be a mapping", path, raw)
    rid = raw.get("id")
    _expect(isinstance(rid, str) and ID_RE.match(rid or "") is not None,
            "rule 'id' must look like GMC-CONF-01 (capitals, digits and dashes)", path, raw, None, "id")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        k = sorted(unknown)[0]
        _expect(False, f"unknown key '{k}' (allowed: {', '.join(sorted(RULE_KEYS))})", path, raw, rid, k)
    base = None
    if raw.get("base") is not None:
        base = bases.get(raw["base"])
        _expect(base is not None, f"base rule '{raw['base']}' not found in the pack this one extends", path, raw, rid, "base")

    def pick(key, default=None):
        if key in raw:
            return raw[key]
        return getattr(base, key) if base is not None and hasattr(base, key) else default

    concern = pick("concern")
    _expect(concern in CONCERNS, f"'concern' must be one of: {', '.join(CONCERNS)}", path, raw, rid, "concern")
    sev_raw = raw.get("severity", base.severity.label if base else None)
    try:
        severity = Severity.parse(sev_raw)
    except ValueError as exc:
        _expect(False, str(exc), path, raw, rid, "severity")
    for key in ("title", "message"):
        _expect(isinstance(pick(key), str) and pick(key).strip(), f"rule needs a '{key}'", path, raw, rid, key)
    for key in ("why", "suggestion"):
        _expect(pick(key) is None or isinstance(pick(key), str), f"'{key}' must be text", path, raw, rid, key)
    citation = _citation(raw["citation"], path, rid, pack) if "citation" in raw else (base.citation if base else None)
    if not pack.abstract:
        _expect(citation is not None, "rule needs a 'citation' (document, paragraph, url)", path, raw, rid)
    also = tuple(_citation(c, path, rid, pack) for c in (raw.get("also_cited") or []))
    confidence = raw.get("confidence", base.confidence if base else "medium")
    _expect(confidence in ("high", "medium", "low"), "'confidence' must be high, medium or low", path, raw, rid, "confidence")
    spec = raw.get("detector", base.detector if base else None)
    _expect(spec is not None, "rule needs a 'detector'", path, raw, rid)
    builder = Builder(REGISTRY, lexicons=pack.lexicons, path=path, line=raw.line if isinstance(raw, yamlio.LineDict) else None,
                      rule=rid, probe=probe, lazy=not probe)
    builder.detector(spec)  # validate now; the engine compiles again with its own cache
    bad, good = _examples(raw.get("examples"), path, rid)
    own_detector = base is None or "detector" in raw
    if not own_detector:  # same detector as the base: its examples still apply
        bad, good = base.examples_bad + bad, base.examples_good + good
    if own_detector:
        _expect(len(bad) >= 2 and len(good) >= 2, "rule needs at least two 'bad' and two 'good' examples", path, raw, rid, "examples")
    org_only = raw.get("organisation_only", pack.organisation_only or (base.organisation_only if base else False))
    _expect(isinstance(org_only, bool), "'organisation_only' must be true or false", path, raw, rid, "organisation_only")
    fallback = raw.get("fallback", base.fallback if base else False)
    _expect(isinstance(fallback, bool), "'fallback' must be true or false", path, raw, rid, "fallback")
    return Rule(id=rid, pack=pack.id, title=pick("title"), concern=concern, severity=severity, message=pick("message").strip(),
                citation=citation, detector=spec, why=(pick("why") or "").strip(), suggestion=pick("suggestion"),
                confidence=confidence, examples_bad=bad, examples_good=good,
                base=(base.family if base else None), also_cited=also, organisation_only=org_only, fallback=fallback,
                source=SourceRef(path, raw.line if isinstance(raw, yamlio.LineDict) else None), lexicons=pack.lexicons)


class PackSet:
    """Resolves pack references (built-in ids or paths) into rules, with ``extends``."""

    def __init__(self, extra_dirs: Iterable[Path] = ()):
        self.dirs = [builtin_dir(), *extra_dirs]
        self._loaded: dict[str, Pack] = {}

    def _locate(self, ref: str) -> Path:
        p = Path(ref)
        if p.exists() or "/" in ref or ref.endswith((".yaml", ".yml")):
            if not p.exists():
                raise PackError("no such pack file or folder", ref)
            return p
        for d in self.dirs:
            for cand in (d / f"{ref}.yaml", d / f"{ref}.yml", d / ref):
                if cand.is_file() or (cand.is_dir() and (cand / "pack.yaml").is_file()):
                    return cand
        known = ", ".join(builtin_ids())
        raise PackError(f"unknown pack '{ref}' (built-in packs: {known}; or give a path to a pack file or folder)", ref)

    def load(self, ref: str, _chain: tuple[str, ...] = ()) -> Pack:
        path = self._locate(ref)
        resolved = path.resolve()
        key = str(resolved)
        if key in self._loaded:
            return self._loaded[key]
        if resolved.is_relative_to(_builtin_root()):
            snap = _snapshot()
            built = snap.packs.get(resolved.relative_to(_builtin_root()).as_posix()) if snap is not None else None
            if built is not None:  # the very files and code it was built from: the same pack, already built
                self._loaded[key] = built
                return built
        pack = read_pack(path)
        bases: dict[str, Rule] = {}
        if pack.extends:
            if pack.extends in _chain or pack.extends == pack.id:
                raise PackError(f"pack '{pack.id}' extends itself (through {' -> '.join(_chain)})", pack.path)
            parent = self.load(pack.extends, (*_chain, pack.id))
            bases = {r.id: r for r in parent.rules}
            pack.lexicons = {**parent.lexicons, **pack.lexicons}
        trusted = path.resolve().is_relative_to(builtin_dir().resolve())
        seen: dict[str, str] = {}
        for raw, file in pack.raw_rules:
            rule = _rule(raw, file, pack, bases, probe=not trusted)
            if rule.id in seen:
                raise PackError(f"duplicate rule id (first defined in {seen[rule.id]})", file,
                                raw.line if isinstance(raw, yamlio.LineDict) else None, rule.id)
            seen[rule.id] = str(rule.source)
            pack.rules.append(rule)
        self._loaded[key] = pack
        return pack

    def packs_for(self, refs: Iterable[str]) -> list[Pack]:
        return [self.load(r) for r in refs]


def default_pack_ids() -> list[str]:
    """Every built-in pack that is not abstract, in a stable order."""
    out = []
    for pid in builtin_ids():
        pack = _cached_meta(pid)
        if not pack.abstract:
            out.append(pid)
    return out


@lru_cache(maxsize=None)
def _cached_meta(pid: str) -> Pack:
    snap = _snapshot()
    if snap is not None and pid in snap.meta:
        return snap.meta[pid]
    path = PackSet()._locate(pid)
    data = _read(path / "pack.yaml" if path.is_dir() else path)
    return _parse_pack_meta(data, str(path))


def normalise_profession(profession: str) -> str:
    """'Speech and language therapist' -> 'speech-and-language-therapist'."""
    return re.sub(r"[\s_]+", "-", profession.strip().lower())


@lru_cache(maxsize=64)
def regulators_of(profession: str | None) -> frozenset[str]:
    """The regulators whose built-in packs list this profession ('GP' -> {'GMC'}); empty if unknown."""
    if not profession:
        return frozenset()
    prof = normalise_profession(profession)
    ids = default_pack_ids()
    return frozenset(m.regulator for m in (_cached_meta(pid) for pid in ids)
                     if m.regulator and not m.organisation_only and prof in m.professions)


def packs_for_profession(profession: str) -> list[str]:
    """The packs for a profession: its regulator's pack plus the organisation-account packs.

    Organisation packs (``organisation_only: true``) are always added: their rules
    apply only to posts whose author is an organisation, so they cost nothing
    on a personal account. A profession an organisation pack lists (e.g.
    'organisation', 'comms') gets every pack: a trust's account speaks for
    all its staff groups.
    """
    prof = normalise_profession(profession)
    ids = default_pack_ids()
    matches = [pid for pid in ids if prof in _cached_meta(pid).professions]
    if not matches:
        known = sorted({p for pid in ids for p in _cached_meta(pid).professions})
        from govlint.errors import ConfigError

        raise ConfigError(f"unknown profession '{profession}' (known: {', '.join(known)})")
    if any(_cached_meta(pid).organisation_only for pid in matches):
        return ids
    return [pid for pid in ids if pid in matches or _cached_meta(pid).organisation_only]


@lru_cache(maxsize=64)
def is_organisation_profession(profession: str | None) -> bool:
    """Whether an organisation-account pack lists this profession ('organisation', 'NHS trust', 'comms')."""
    if not profession:
        return False
    prof = normalise_profession(profession)
    return any(prof in _cached_meta(pid).professions for pid in organisation_pack_ids())


def organisation_pack_ids() -> list[str]:
    return [pid for pid in default_pack_ids() if _cached_meta(pid).organisation_only]
