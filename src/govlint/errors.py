"""govlint's own exceptions; the CLI maps every one of them to exit code 2."""

from __future__ import annotations


class GovlintError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class PackError(GovlintError):
    """A policy pack is malformed: names the file, line and rule id."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, rule: str | None = None):
        self.path, self.line, self.rule, self.detail = path, line, rule, message
        where = path or "<pack>"
        if line:
            where += f":{line}"
        who = f" (rule {rule})" if rule else ""
        super().__init__(f"{where}{who}: {message}")


class ConfigError(GovlintError):
    """The configuration file or a command-line setting is invalid."""


class InputError(GovlintError):
    """An input file cannot be read as a draft post."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class ModelError(GovlintError):
    """The configured NLP model is missing or cannot be loaded."""


class BaselineError(GovlintError):
    """A baseline file is missing, unreadable, corrupt or from an unknown version."""
