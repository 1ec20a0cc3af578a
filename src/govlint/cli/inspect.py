"""`govlint inspect`: list every identifier found, whether or not a rule fires."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.cli import app
from govlint.cli.common import EXIT_ERROR, ConfigOpt, Fmt, InFmtOpt, ModelOpt, NoNlpOpt, TextColumnOpt
from govlint.cli.common import _collect, _fail, _settings
from govlint.errors import GovlintError


@app.command()
def inspect(
    paths: Annotated[list[str], typer.Argument(help="Draft files or folders, or - for stdin.")],
    format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
    config: ConfigOpt = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Mask the identifiers' text (default off).")] = None,
    input_format: InFmtOpt = None,
    text_column: TextColumnOpt = None,
) -> None:
    """List every identifier found in the drafts (names, places, ages, numbers...), whether or not a rule fires."""
    import json

    from govlint.engine import Linter as Engine
    from govlint.errors import InputError

    try:
        settings = _settings(config, None, None, None, no_nlp, nlp_model, None, None, None, None, None)
        eng = Engine([], nlp_model=settings.nlp_model, regex_timeout=settings.regex_timeout)
        posts, errors = [], []
        for item in _collect(settings, paths, input_format, text_column):
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


