"""`govlint config --show`: the effective settings and where each came from."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from govlint.cli import app
from govlint.cli.common import (BaselineOpt, ConfigOpt, HandleOpt, Level, ModelOpt, NameOpt, NoNlpOpt, OrgOpt, PackOpt,
                                PlatformOpt, ProfessionOpt, ReplyOpt, _fail, _settings)
from govlint.errors import GovlintError


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("config")
def config_cmd(
    show: Annotated[bool, typer.Option("--show", help="Print the effective settings and where each came from (the default).")] = True,
    config: ConfigOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = ShowFormat.text,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", help="As for check.")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    author_name: NameOpt = None,
    author_handle: HandleOpt = None,
    organisation: OrgOpt = None,
    in_reply_to: ReplyOpt = None,
    platform: PlatformOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="As for check.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="As for check.")] = None,
    baseline: BaselineOpt = None,
) -> None:
    """Show the effective settings (defaults, then the config file, then these flags) and where each came from."""
    import json

    from govlint import config as cfg

    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform, select, ignore, baseline)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    rows = cfg.describe(settings)
    if format == ShowFormat.json:
        doc = {"config_file": settings.config_file,
               "settings": {k: {"value": v, "source": src} for k, v, src in rows}}
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    typer.echo(f"# config file: {settings.config_file or 'none found (built-in defaults)'}")
    width = max(len(k) for k, _, _ in rows)
    for key, value, src in rows:
        shown = "none" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        typer.echo(f"{key:<{width}}  {shown}    # {src}")
