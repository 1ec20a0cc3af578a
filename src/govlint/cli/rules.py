"""`govlint rules`: list the rules with id, concern, severity, pack and citation."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, _fail
from govlint.cli.training_opts import ConcernOpt, TPackOpt, training_linter
from govlint.errors import GovlintError


class ListFmt(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def rules(
    pack: TPackOpt = None,
    concern: ConcernOpt = None,
    format: Annotated[ListFmt, typer.Option("--format", "-f", help="Output format.")] = ListFmt.text,
    config: ConfigOpt = None,
) -> None:
    """List the rules: id, concern, severity, pack and the guidance each cites."""
    from govlint.training import catalogue

    try:
        rows = catalogue.rows(training_linter(config, pack, True), None, concern)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    if format == ListFmt.json:
        typer.echo(json.dumps({"rules": rows}, indent=2, ensure_ascii=False))
        return
    if format == ListFmt.markdown:
        typer.echo("| id | concern | severity | pack | citation |\n| --- | --- | --- | --- | --- |")
        for r in rows:
            cite = f"[{_md_cell(r['cites'])}]({r['citation']['url']})" if r["citation"] else ""
            typer.echo(f"| {r['id']} | {r['concern']} | {r['severity']} | {r['pack']} | {cite} |")
        return
    if not rows:
        typer.echo("No rules match.")
        return
    w_id = max(len("id"), *(len(r["id"]) for r in rows))
    w_c = max(len("concern"), *(len(r["concern"]) for r in rows))
    w_p = max(len("pack"), *(len(r["pack"]) for r in rows))
    typer.echo(f"{'id':<{w_id}}  {'concern':<{w_c}}  {'severity':<8}  {'pack':<{w_p}}  citation")
    for r in rows:
        typer.echo(f"{r['id']:<{w_id}}  {r['concern']:<{w_c}}  {r['severity']:<8}  {r['pack']:<{w_p}}  {r['cites']}")
    typer.echo(f"\n{len(rows)} rule(s). `govlint explain ID` shows what a rule checks, why, and its examples.")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
