"""Safe YAML with line numbers and without the dangerous parts.

Only plain data is accepted: no ``!!python`` tags (SafeLoader), no anchors or
aliases (they make 'billion laughs' bombs cheap), bounded nesting and file size.
Every mapping remembers the line it starts on so errors can point at it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


class LineDict(dict):
    """A dict that knows its 1-based source line and the line of each key."""

    line: int | None = None
    key_lines: dict

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.key_lines = {}


@lru_cache(maxsize=1)
def _loaders():
    """(pure-Python loader, libyaml loader or None, libyaml base or None): made on first use, so that a run
    that parses no YAML (the built-in packs come from a snapshot) never imports PyYAML."""
    import yaml

    class _Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # noqa: D102
            if self.check_event(yaml.events.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "YAML aliases (*name) are not allowed in govlint files; repeat the value or use a named lexicon",
                    event.start_mark)
            self._depth = getattr(self, "_depth", 0) + 1
            try:
                if self._depth > MAX_DEPTH:
                    raise yaml.composer.ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node, deep=False):  # noqa: D102
            out = LineDict()
            out.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise yaml.constructor.ConstructorError(None, None, "mapping keys must be plain strings", key_node.start_mark)
                if key in out:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                out[key] = self.construct_object(value_node, deep=True)
                out.key_lines[key] = key_node.start_mark.line + 1
            return out

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)

    _CBase = getattr(yaml, "CSafeLoader", None)  # libyaml: parses packs ten times faster than pure Python
    if _CBase is not None:
        class _CLoader(_CBase):  # type: ignore[misc, valid-type]
            construct_mapping = _Loader.construct_mapping

        _CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _CLoader.construct_mapping)

    return _Loader, (_CLoader if _CBase is not None else None), _CBase


def _check_events(text: str) -> None:
    """The checks the pure-Python loader makes while composing (no aliases, bounded nesting), made on
    libyaml's event stream before its composer runs (which resolves aliases and recurses in C)."""
    import yaml

    _CBase = _loaders()[2]
    ev = yaml.events
    depth = 0
    for event in yaml.parse(text, Loader=_CBase):
        if isinstance(event, ev.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in govlint files; repeat the value or use a named lexicon",
                event.start_mark)
        if isinstance(event, (ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent)):
            if depth + 1 > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
            if not isinstance(event, ev.ScalarEvent):
                depth += 1
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            depth -= 1


class YamlError(Exception):
    def __init__(self, message: str, line: int | None):
        self.line = line
        super().__init__(message)


def load(text: str, trusted: bool = False) -> Any:
    """Parse YAML text safely; raises :class:`YamlError` with the line number.

    ``trusted``: a file shipped with govlint (its built-in packs, which the test suite loads untrusted): with
    libyaml, the alias and nesting checks on the event stream are skipped, since they cost as much as the parse.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(f"file is larger than {MAX_BYTES // 1_000_000} MB", None)
    import yaml

    _Loader, _CLoader, _CBase = _loaders()
    try:
        if _CBase is not None:
            if not trusted:
                _check_events(text)
            return yaml.load(text, Loader=_CLoader)  # noqa: S506 - a CSafeLoader
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return _raise(problem, mark.line + 1 if mark else None)
    except yaml.YAMLError as exc:
        return _raise(str(exc).splitlines()[0], None)
    except RecursionError:
        return _raise("nesting too deep", None)


def _raise(problem: str, line: int | None):
    raise YamlError(problem.strip(), line)
