"""`govlint handout`: a printable handout (HTML or Markdown) of every rule, its reasons, examples and citations."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, ModelOpt, NoNlpOpt, _fail
from govlint.cli.training_opts import TPackOpt, training_linter
from govlint.errors import GovlintError


class HandoutFmt(str, Enum):
    html = "html"
    markdown = "markdown"


@app.command()
def handout(
    format: Annotated[HandoutFmt, typer.Option("--format", "-f", help="html (self-contained, print-ready) or markdown.")],
    pack: TPackOpt = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make a printable handout of every rule, grouped by concern, with examples checked by govlint now."""
    from govlint import __version__
    from govlint.training import handout as h

    try:
        doc = h.build(training_linter(config, pack, no_nlp, nlp_model), version=__version__)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    text = h.html(doc) if format == HandoutFmt.html else h.markdown(doc)
    if not output:
        typer.echo(text, nl=False)
        return
    from govlint.atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    typer.echo(f"Wrote {output} ({doc['rule_count']} rules).", err=True)
