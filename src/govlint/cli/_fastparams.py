"""Plain option values without building a pydantic validator for each (a start-up cost, not a feature).

Recent typer versions coerce every command-line value through a pydantic
``TypeAdapter``: importing pydantic and building about twenty adapters costs
~0.2 s on every ``govlint`` run, longer than the rest of a pattern-only check.
For the simple types govlint's options use (text, lists of text, flags,
whole numbers, choices) the values are already what the command wants, so this
module gives those parameters a direct coercion; anything unusual (an invalid
choice, bytes, a bound on a number, a type not listed here) falls back to
typer's own coercion, so values and error messages are typer's. On typer
versions without this machinery, :func:`install` does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

_MISS = object()


def install() -> bool:
    """Give simple parameters a direct coercion. True when typer's internals were as expected."""
    try:
        from typer import _coercion, core
        from typer._param_types import coerce_cli_choice
    except ImportError:
        return False
    param_cls = getattr(core, "_TyperParameter", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    if param_cls is None or base is None or build is None or not hasattr(param_cls, "get_runtime_param"):
        return False
    if getattr(param_cls, "_govlint_fast", False):
        return True

    @dataclass(frozen=True)
    class FastParam(base):  # type: ignore[misc, valid-type]
        kind: str = "str"

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            out = _coerce(self.kind, self.annotation, self.parameter_info, value, ctx, coerce_cli_choice)
            if out is _MISS:  # anything unusual: typer's own coercion (and its error message)
                return build(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
            return out

    def get_runtime_param(self):
        if self._runtime_param is None:
            desc = self.type_descriptor
            kind = _kind(desc)
            self._runtime_param = (FastParam(parameter_info=desc.parameter_info, annotation=desc.annotation, kind=kind)
                                   if kind else build(desc))
        return self._runtime_param

    param_cls.get_runtime_param = get_runtime_param
    param_cls._govlint_fast = True
    return True


def _kind(desc) -> str | None:
    info = desc.parameter_info
    if getattr(desc, "file_annotation", None) is not None or getattr(info, "parser", None) is not None \
            or getattr(info, "click_type", None) is not None:
        return None
    ann = desc.annotation
    if ann is str:
        return "str"
    if ann is bool:
        return "bool"
    if get_origin(ann) is list and get_args(ann) == (str,):
        return "list"
    if isinstance(ann, type) and issubclass(ann, Enum):
        return "enum"
    if ann is int and getattr(info, "min", None) is None and getattr(info, "max", None) is None:
        return "int"
    return None


def _coerce(kind: str, annotation, info, value: Any, ctx, choose) -> Any:
    if kind == "str":
        return value if isinstance(value, str) else _MISS
    if kind == "bool":
        return value if isinstance(value, bool) else _MISS
    if kind == "list":
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        return items if all(isinstance(v, str) for v in items) else _MISS
    if kind == "enum":
        try:
            return choose(value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _MISS
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            digits = value[1:] if value[:1] in ("+", "-") else value
            if digits.isascii() and digits.isdigit():
                return int(value)
        return _MISS
    return _MISS
