"""`govlint fix`: rewrite what can be fixed mechanically; preview by default, --diff, --write to apply."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Optional

import typer

from govlint.cli import app
from govlint.cli.common import (EXIT_ERROR, EXIT_FINDINGS, ConfigOpt, HandleOpt, Level, ModelOpt, NameOpt, NoNlpOpt,
                                OrgOpt, PackOpt, PlatformOpt, ProfessionOpt, ReplyOpt, _fail, _settings)
from govlint.errors import GovlintError, InputError

SUPPORTED = {".txt", ".md", ".markdown"}
_BOM = b"\xef\xbb\xbf"


def _read(path: str) -> tuple[str, bytes]:
    """The file's text and the byte-order mark to put back (fix rewrites UTF-8 files only)."""
    from govlint.document import _decode, read_bytes

    p = Path(path)
    if p.suffix.lower() not in SUPPORTED:
        raise InputError(path, f"fix rewrites .txt and .md drafts only (not {p.suffix or 'files without an extension'}); "
                               "use `govlint check` for other inputs")
    raw = read_bytes(p)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "is UTF-16; fix rewrites UTF-8 files only (save it as UTF-8 first)")
    return _decode(raw, path), (_BOM if raw.startswith(_BOM) else b"")


@app.command()
def fix(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Draft files (.txt, .md) to fix.")],
    diff: Annotated[bool, typer.Option("--diff", help="Show the changes as a unified diff (writes nothing).")] = False,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes to the files (atomically).")] = False,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", help="Exit 1 when a finding left after fixing is at least this severe.")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    author_name: NameOpt = None,
    author_handle: HandleOpt = None,
    organisation: OrgOpt = None,
    in_reply_to: ReplyOpt = None,
    platform: PlatformOpt = None,
) -> None:
    """Replace identifying details with neutral wording and personal advice with a signpost; re-check the result.

    Without --write nothing is changed: the changes are listed (or shown as a
    diff with --diff) and the exit code is 1 if anything could be fixed.
    """
    from govlint.api import Linter
    from govlint.document import Defaults
    from govlint.fixes import fix_document

    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform)
        linter = Linter(settings)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    defaults = Defaults(author=settings.author, in_reply_to=settings.in_reply_to, platform=settings.platform,
                        profession=settings.profession)
    errors = 0
    fixable = 0
    failing = 0
    files_changed = 0
    for path in paths:
        try:
            text, bom = _read(path)
            doc = fix_document(linter, text, path, defaults)
        except GovlintError as exc:
            typer.echo(f"govlint: {exc}", err=True)
            errors += 1
            continue
        edits = doc.edits
        fixable += len(edits)
        if doc.changed:
            files_changed += 1
        if diff and doc.changed:
            relative = not Path(path).is_absolute()
            typer.echo("".join(difflib.unified_diff(doc.original.splitlines(keepends=True), doc.text.splitlines(keepends=True),
                                                    fromfile=f"a/{path}" if relative else path,
                                                    tofile=f"b/{path}" if relative else path)), nl=False)
            if not doc.text.endswith("\n"):
                typer.echo("\n\\ No newline at end of file")
        elif not diff:
            verb = "replaced" if write else "would replace"
            for pf, e in edits:
                line, col = pf.post.position(e.start)
                old = doc.original[pf.offset + e.start:pf.offset + e.end]
                new = f"'{e.replacement}'" if e.replacement else "nothing"
                typer.echo(f"{path}:{line}:{col}: {e.rule} {verb} '{old}' with {new} ({e.reason})")
        if write and doc.changed:
            from govlint.atomic import write_atomic

            try:
                write_atomic(path, bom + doc.text.encode("utf-8"))
            except OSError as exc:
                typer.echo(f"govlint: {path}: cannot write ({exc.strerror or exc}); the file is unchanged", err=True)
                errors += 1
                continue
        remaining = doc.remaining
        failing += sum(1 for f in remaining if f.severity >= settings.fail_on)
        if remaining:  # with --diff, stdout stays a clean patch: the rest goes to stderr
            typer.echo(f"{path}: {len(remaining)} finding(s) {'left' if write else 'would be left'} after fixing "
                       "(these need a human):", err=diff)
            for f in remaining:
                typer.echo(f"  {path}:{f.line}:{f.column}: {f.severity.label} {f.rule} [{f.concern}] {f.title}", err=diff)
                if f.suggestion:
                    typer.echo(f"      Safer: {f.suggestion}", err=diff)
    if write:
        typer.echo(f"{fixable} change(s) written to {files_changed} file(s).", err=True)
    elif fixable:
        typer.echo(f"{fixable} change(s) could be made to {files_changed} file(s); "
                   "nothing was written (use --write to apply, --diff to preview).", err=True)
    elif len(paths) > errors:
        typer.echo("Nothing to fix mechanically.", err=True)
    if errors:
        raise typer.Exit(EXIT_ERROR)
    if (fixable and not write) or failing:
        raise typer.Exit(EXIT_FINDINGS)
