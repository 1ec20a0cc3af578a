"""`govlint audit`: summarise a posting history (a platform export or any input) for a clean-up."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.cli import app
from govlint.cli.common import (EXIT_ERROR, EXIT_FINDINGS, ConfigOpt, InFmtOpt, Level, ModelOpt, NoNlpOpt, PackOpt,
                                ProfessionOpt, TextColumnOpt, _collect, _fail, _progress, _settings)
from govlint.errors import GovlintError


class AuditFmt(str, Enum):
    text = "text"
    html = "html"


@app.command()
def audit(
    archive: Annotated[list[str], typer.Argument(help="An export (X archive zip or tweets.js, Mastodon outbox.json or export, LinkedIn Shares.csv or export zip), or any drafts.")],
    format: Annotated[AuditFmt, typer.Option("--format", "-f", help="text for the terminal, html for one self-contained page.")] = AuditFmt.text,
    top: Annotated[int, typer.Option("--top", min=0, help="How many of the worst posts to list.")] = 10,
    redact: Annotated[bool, typer.Option("--redact/--no-redact", help="Mask personal data in the posts shown (default off: it is your own history).")] = False,
    profession: ProfessionOpt = None,
    pack: PackOpt = None,
    config: ConfigOpt = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe (default error).")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    input_format: InFmtOpt = None,
    text_column: TextColumnOpt = None,
) -> None:
    """Audit a posting history: findings by concern and year, the worst posts first, and what to do about them."""
    from govlint.api import Linter
    from govlint.audit import summarise
    from govlint.audit_report import render_html, render_text
    from govlint.engine import SENSITIVE_TYPES
    from govlint.errors import InputError
    from govlint.inputs import InputStats

    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, None, None, None, None, None)
        linter = Linter(settings)
        stats = InputStats()
        posts, errors = [], []
        for item in _collect(settings, archive, input_format, text_column, stats=stats):
            (errors if isinstance(item, InputError) else posts).append(item)
        result = summarise(_progress(linter.check_posts(posts), len(posts), "Auditing"), top=top, skipped=stats.skipped,
                           errors=[str(e) for e in errors], fail_on=settings.fail_on, sensitive_types=SENSITIVE_TYPES)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    page = render_html(result, redact, __version__) if format == AuditFmt.html else render_text(result, redact)
    typer.echo(page, nl=False)
    if result.errors:
        if format != AuditFmt.text:
            for err in result.errors:
                typer.echo(f"govlint: {err}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if result.failed:
        raise typer.Exit(EXIT_FINDINGS)
