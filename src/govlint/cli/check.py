"""`govlint check`: lint drafts and report findings."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.cli import app
from govlint.cli.common import (EXIT_ERROR, EXIT_FINDINGS, BaselineOpt, ConfigOpt, Fmt, HandleOpt, InFmtOpt, Level, ModelOpt,
                                NameOpt, NoBaselineOpt, NoNlpOpt, OrgOpt, OutputOpt, PackOpt, PlatformOpt, ProfessionOpt,
                                ReplyOpt, TextColumnOpt, _collect, _fail, _progress, _redact_default, _sample_paths, _settings,
                                _use_colour)
from govlint.errors import GovlintError


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Draft files or folders (.txt, .md, .csv, .jsonl), platform exports (X tweets.js or zip, Mastodon outbox.json, LinkedIn Shares.csv), or - for stdin.")] = None,
    format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
    sample: Annotated[bool, typer.Option("--sample", help="Check the sample drafts that ship with govlint (a quick demo).")] = False,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe (default error).")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    author_name: NameOpt = None,
    author_handle: HandleOpt = None,
    organisation: OrgOpt = None,
    in_reply_to: ReplyOpt = None,
    platform: PlatformOpt = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule ids or concerns (prefix match). Repeatable.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule ids or concerns (prefix match). Repeatable.")] = None,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Mask personal data in the output (default: on for json, sarif, github and junit; off for text, html and markdown).")] = None,
    input_format: InFmtOpt = None,
    text_column: TextColumnOpt = None,
    baseline: BaselineOpt = None,
    no_baseline: NoBaselineOpt = False,
    output: OutputOpt = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Processes to check with (default: all cores for large inputs, 1 for a few drafts).")] = None,
) -> None:
    """Check drafts and report every breach, with the guidance it cites and a safer alternative."""
    from govlint.api import Linter
    from govlint.errors import InputError
    from govlint.formatters import Options, Report, render

    if sample:
        paths = [*(paths or []), *_sample_paths()]
    if not paths:
        raise _fail("give at least one draft file or folder to check, '-' for stdin, or --sample for a demo")
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be 1 or more")
    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform, select, ignore, baseline, no_baseline)
        linter = Linter(settings)
        report = Report(version=__version__, rules={r.id: r for r in linter.rules})
        files: set[str] = set()
        posts = []
        for item in _collect(settings, paths, input_format, text_column):
            if isinstance(item, InputError):
                report.errors.append(str(item))
            else:
                posts.append(item)
                files.add(item.path)
        for result in _progress(linter.check_posts(posts, jobs=jobs), len(posts)):
            report.posts_checked += 1
            report.findings.extend(result.findings)
            report.suppressed.extend(result.suppressed)
            report.errors.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
        report.files_checked = len(files)
        report.posts = posts
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    options = Options(redact=_redact_default(format, redact), color=format == Fmt.text and _use_colour() and not output,
                      fail_on=settings.fail_on)
    rendered = render(format.value, report, options)
    if output:
        from govlint import atomic

        try:
            atomic.write_text(output, rendered)
        except OSError as exc:
            raise _fail(f"{output}: cannot write the report ({exc.strerror or exc})") from None
    else:
        typer.echo(rendered, nl=False)
    if report.errors:
        for err in report.errors:
            if format != Fmt.text or output:
                typer.echo(f"govlint: {err}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if any(f.severity >= settings.fail_on for f in report.findings):
        raise typer.Exit(EXIT_FINDINGS)


