"""`govlint config --show`: the effective settings and where each came from."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, _fail
from govlint.errors import GovlintError


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("config")
def config_cmd(
    show: Annotated[bool, typer.Option("--show", help="Print the effective settings and where each came from (the default).")] = True,
    config: ConfigOpt = None,
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = ShowFormat.text,
) -> None:
    """Show the effective settings: built-in defaults, then the config file, each with its source (default or file:line)."""
    import json

    from govlint import config as cfg

    try:
        settings = cfg.load(config)
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
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        typer.echo(f"{key:<{width}}  {shown}    # {src}")
