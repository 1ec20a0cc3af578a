"""Formatters turn findings into text and nothing else.

Each is ``render(report, options) -> str`` in its own module, named once in
:data:`MODULES` and imported only when used. They never see the engine, never
print, and never decide the exit code.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterable, Iterator

from govlint.formatters.base import Options, Report
from govlint.model import Finding

# format name -> module in this package (keep in sync with docs; the CLI builds its --format choices from this)
MODULES = {
    "text": "text",
    "json": "json_format",
}
FORMATS = tuple(MODULES)
# Formats whose output usually lands in CI logs: personal data is masked unless --no-redact.
REDACT_BY_DEFAULT = frozenset({"json"})


def renderer(name: str) -> Callable[[Report, Options], str]:
    return import_module(f"govlint.formatters.{MODULES[name]}").render


def render(name: str, report: Report, options: Options) -> str:
    return renderer(name)(report, options)


def streamer(name: str) -> Callable[[Iterable[Finding], Report, Options], Iterator[str]] | None:
    """The format's ``stream(findings, report, options)``, if it has one: output written as findings arrive,
    so checking an archive never holds every finding in memory. Formats without one are rendered whole."""
    return getattr(import_module(f"govlint.formatters.{MODULES[name]}"), "stream", None)


__all__ = ["FORMATS", "MODULES", "REDACT_BY_DEFAULT", "Options", "Report", "render", "renderer", "streamer"]
