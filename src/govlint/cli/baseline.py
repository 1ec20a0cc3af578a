"""`govlint baseline`: record today's findings so that `check --baseline` reports only new ones."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.cli import app
from govlint.cli.common import (ConfigOpt, HandleOpt, InFmtOpt, ModelOpt, NameOpt, NoNlpOpt, OrgOpt, PackOpt,
                                PlatformOpt, ProfessionOpt, ReplyOpt, _collect, _fail, _settings)
from govlint.errors import GovlintError


@app.command("baseline")
def baseline_cmd(
    paths: Annotated[list[str], typer.Argument(help="Draft files or folders to record, or - for stdin.")],
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Baseline file to write (default: the config's 'baseline', else .govlint-baseline.json).")] = None,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    author_name: NameOpt = None,
    author_handle: HandleOpt = None,
    organisation: OrgOpt = None,
    in_reply_to: ReplyOpt = None,
    platform: PlatformOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule ids or concerns (prefix match). Repeatable.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule ids or concerns (prefix match). Repeatable.")] = None,
    input_format: InFmtOpt = None,
) -> None:
    """Write a baseline of the current findings (fingerprints only, no post text), atomically."""
    from dataclasses import replace

    from govlint import baseline as bl
    from govlint.api import Linter
    from govlint.errors import InputError

    try:
        settings = _settings(config, pack, profession, None, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform, select, ignore)
        target = output or settings.baseline or bl.DEFAULT_NAME
        linter = Linter(replace(settings, baseline=None))  # record everything, not only what is new
        errors: list[str] = []
        posts = []
        for item in _collect(settings, paths, input_format):
            (errors.append(str(item)) if isinstance(item, InputError) else posts.append(item))
        findings = []
        for result in linter.check_posts(posts):
            findings.extend(result.findings)
            errors.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
        if errors:
            for err in errors:
                typer.echo(f"govlint: {err}", err=True)
            raise _fail(f"baseline not written: fix the {len(errors)} problem(s) above so that it covers every draft")
        n = bl.write(target, findings, __version__)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Wrote {target}: {n} finding{'s' if n != 1 else ''} in {len(posts)} post{'s' if len(posts) != 1 else ''} "
               f"recorded (fingerprints only, no post text).")
