"""The command line: parse, call, render, and map errors to exit codes in one place.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage, configuration or input problem (one line on stderr, no traceback).

Each command lives in its own module and registers itself on :data:`app`;
the list at the bottom of this file is the only place that names them.
"""

from __future__ import annotations

import atexit
import copy
import os
import sys
from typing import Annotated, NoReturn

import typer

from govlint import __version__
from govlint.cli._fastparams import install as _fast_params
from govlint.cli.common import EXIT_ERROR
from govlint.errors import GovlintError

_fast_params()  # plain option values without pydantic (see the module): a shorter start for every command

app = typer.Typer(
    name="govlint",
    help="Check health professionals' social-media drafts against their regulator's guidance (GMC, HCPC, NMC, GPhC).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"govlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")] = False) -> None:
    """govlint: a governance linter for health professionals' social-media posts."""


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run for these arguments: when they name a command, the app with only that command.

    Typer builds every registered command's options (reading each function's signature) before it parses
    anything; building only the one being run gives the same parsing, help, messages and exit codes, as a
    command's own help and errors never mention the others. Anything else (no command, ``--help``,
    ``--version``, an unknown name) runs the whole app.
    """
    from typer.main import get_command_name

    name = args[0] if args else None
    for info in app.registered_commands:
        if name is not None and (info.name or get_command_name(info.callback.__name__)) == name:
            one = copy.copy(app)
            one.registered_commands = [info]
            return one
    return app


def run(args: list[str] | None = None) -> int | str | None:
    """Run the command line on ``args`` (default: ``sys.argv[1:]``) and return its exit status as
    :class:`SystemExit` carries it (an int, None for 0, or a message for 1)."""
    try:
        _app_for(sys.argv[1:] if args is None else list(args))(args=args)
    except SystemExit as exc:
        return exc.code
    except KeyboardInterrupt:
        typer.echo("govlint: interrupted", err=True)
        return 130
    except GovlintError as exc:
        typer.echo(f"govlint: {exc}", err=True)
        return EXIT_ERROR
    return 0


def main() -> NoReturn:
    """Console-script entry point: runs the command line (govlint's own errors: one line and exit 2) and leaves at once."""
    leave(run())


def leave(status: int | str | None) -> NoReturn:
    """End the process with ``status`` (as :class:`SystemExit` reads it) without the interpreter's tear-down.

    Freeing one by one every object a run made (the packs and their detectors, compiled patterns, the
    gazetteer's lists) takes about as long as checking a short draft, and the operating system takes the
    memory back at once anyway. Exit handlers run and the standard streams are flushed first, so nothing a
    normal exit would write is lost (mypy leaves the same way).
    """
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # a message: printed to stderr, status 1, as Python does
        print(status, file=sys.stderr)
        code = 1
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: the ordinary exit
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # what Python exits with when it cannot flush standard output
    os._exit(code)


# Command modules (each registers itself on ``app``).
from govlint.cli import (  # noqa: E402,F401
    audit, baseline, check, config_cmd, demo, eval_cmd, explain, fix, handout, inspect, quiz, rules, serve,
)
