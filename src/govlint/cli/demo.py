"""`govlint demo`: walk through the rules' bad examples as a live demonstration."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, ModelOpt, NoNlpOpt, _fail, _use_colour
from govlint.cli.training_opts import ConcernOpt, TPackOpt, cite_line, training_linter
from govlint.errors import GovlintError


@app.command()
def demo(
    pack: TPackOpt = None,
    concern: ConcernOpt = None,
    no_pause: Annotated[bool, typer.Option("--no-pause", help="Run straight through (projector scripts, non-terminals).")] = False,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show each breach example and what govlint finds in it, live. Enter for the next, q to quit."""
    from govlint import __version__
    from govlint.formatters import Options, Report, render
    from govlint.training.demo import live

    stdin = sys.stdin
    pause = not no_pause and stdin.isatty()
    try:
        linter = training_linter(config, pack, no_nlp, nlp_model)
        shown = 0
        for step, found in live(linter, None, concern):
            shown += 1
            typer.echo(f"── {step['step']}. {step['rule']} [{step['concern']}] {step['title']} " + "─" * 8)
            who = f" (in reply to {step['in_reply_to']})" if step.get("in_reply_to") else ""
            typer.echo(f"Draft{who}:\n  {step['text']}\n")
            if found:
                report = Report(findings=list(found), posts_checked=1, files_checked=1, version=__version__)
                typer.echo(render("text", report, Options(color=_use_colour())), nl=False)
            else:  # a breach example the engine misses in this mode: say so, never 'no findings, all fine'
                typer.echo("govlint finds nothing here in this mode"
                           + (" (names and places need the NLP model: run without --no-nlp)." if no_nlp else "."))
            if step.get("rewrite"):
                typer.echo(f"\nSafer rewrite:\n  {step['rewrite']}")
            if step["citations"]:
                typer.echo(f"Guidance: {cite_line(step['citations'][0])}")
            typer.echo("")
            if pause:
                typer.echo("[Enter] next · [q] quit ", nl=False)
                answer = stdin.readline()
                if not answer or answer.strip().lower() in ("q", "quit", "exit"):
                    typer.echo("")
                    break
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    if not shown:
        typer.echo("No examples match.", err=True)
    sys.stdout.flush()
