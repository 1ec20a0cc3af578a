"""Formatters turn findings into text and nothing else.

Each is ``render(results, options) -> str`` in its own module, registered once
in :data:`REGISTRY`. They never see the engine, never print, and never decide
the exit code.
"""

from __future__ import annotations

from govlint.formatters import json_format, text
from govlint.formatters.base import Options, Report

REGISTRY = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["REGISTRY", "Options", "Report"]
