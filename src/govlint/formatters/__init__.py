"""Formatters turn findings into text and nothing else.

Each is ``render(report, options) -> str`` in its own module, named once in
:data:`MODULES` and imported only when used. They never see the engine, never
print, and never decide the exit code.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from govlint.formatters.base import Options, Report

# format name -> module in this package (keep in sync with docs; the CLI builds its --format choices from this)
MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "html": "html",
    "markdown": "markdown",
}
FORMATS = tuple(MODULES)
# Formats whose output usually lands in CI logs: personal data is masked unless --no-redact.
REDACT_BY_DEFAULT = frozenset({"json", "sarif", "github", "junit"})


def renderer(name: str) -> Callable[[Report, Options], str]:
    return import_module(f"govlint.formatters.{MODULES[name]}").render


def render(name: str, report: Report, options: Options) -> str:
    return renderer(name)(report, options)


def streamer(name: str):
    """The format's ``Stream`` class (write a post at a time, same output as ``render``), or None if it needs the
    whole report first (HTML, Markdown, JUnit and SARIF list rules, posts or counts before the findings)."""
    return getattr(import_module(f"govlint.formatters.{MODULES[name]}"), "Stream", None)


# Formats that list every post checked, clean ones included (they need ``Report.posts``).
NEEDS_POSTS = frozenset({"junit", "html", "markdown"})


__all__ = ["FORMATS", "MODULES", "NEEDS_POSTS", "REDACT_BY_DEFAULT", "Options", "Report", "render", "renderer", "streamer"]
