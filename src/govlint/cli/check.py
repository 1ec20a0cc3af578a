"""`govlint check`: lint drafts and report findings."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from govlint import __version__
from govlint.cli import app
from govlint.cli.common import (EXIT_ERROR, EXIT_FINDINGS, BaselineOpt, ConfigOpt, Fmt, HandleOpt, InFmtOpt, JobsOpt, Level,
                                ModelOpt, NameOpt, NoBaselineOpt, NoNlpOpt, OrgOpt, OutputOpt, PackOpt, PlatformOpt,
                                ProfessionOpt, ReplyOpt, TextColumnOpt, _check_jobs, _collect, _fail, _progress, _redact_default,
                                _sample_paths, _settings, _use_colour)
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
    jobs: JobsOpt = None,
) -> None:
    """Check drafts and report every breach, with the guidance it cites and a safer alternative."""
    from govlint.api import Linter
    from govlint.errors import InputError
    from govlint.formatters import NEEDS_POSTS, Options, Report, render, streamer

    if sample:
        paths = [*(paths or []), *_sample_paths()]
    if not paths:
        raise _fail("give at least one draft file or folder to check, '-' for stdin, or --sample for a demo")
    _check_jobs(jobs)
    sink = None
    try:
        settings = _settings(config, pack, profession, fail_on, no_nlp, nlp_model, author_name, author_handle,
                             organisation, in_reply_to, platform, select, ignore, baseline, no_baseline)
        linter = Linter(settings)
        report = Report(version=__version__, rules={r.id: r for r in linter.rules})
        options = Options(redact=_redact_default(format, redact), color=format == Fmt.text and _use_colour() and not output,
                          fail_on=settings.fail_on)
        files: set[str] = set()
        keep_posts = format.value in NEEDS_POSTS

        def posts():
            for item in _collect(settings, paths, input_format, text_column):
                if isinstance(item, InputError):
                    report.errors.append(str(item))
                else:
                    files.add(item.path)
                    if keep_posts:
                        report.posts.append(item)
                    yield item

        # Posts stream from the inputs through the checks to the output, so memory stays flat however many
        # there are; a progress bar (a terminal only) needs the total, so then they are read first.
        source, total = posts(), 0
        if sys.stderr.isatty():
            source = list(source)
            total = len(source)
        stream = streamer(format.value)
        if stream is not None:
            sink = _Output(output)
            stream = stream(sink.write, report, options)
        problems: list[str] = []
        failed = False
        for findings, suppressed in _by_post(_progress(linter.check_posts(source, jobs=jobs), total), report, problems):
            failed = failed or any(f.severity >= settings.fail_on for f in findings)
            if stream is not None:
                stream.add(findings, suppressed)
            else:
                report.findings.extend(findings)
                report.suppressed.extend(suppressed)
        report.errors.extend(problems)  # input errors first, then rule problems
        report.files_checked = len(files)
        if stream is not None:
            stream.close(report)
            sink.commit()
        else:
            _write(output, render(format.value, report, options))
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    finally:
        if sink is not None:
            sink.close()
    if report.errors:
        for err in report.errors:
            if format != Fmt.text or output:
                typer.echo(f"govlint: {err}", err=True)
        raise typer.Exit(EXIT_ERROR)
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


def _by_post(results, report, problems: list[str]):
    """(findings, suppressed findings) per post, a thread's posts together: what a format masks as one.

    A whole-thread finding is reported at the thread's first post but arrives with its last, so the
    posts of a thread are handed on together, and each format masks them with every span of all of them.
    """
    from govlint.threads import thread_key

    findings: list = []
    suppressed: list = []
    key = None
    for result in results:
        report.posts_checked += 1
        problems.extend(f"{p.path} (post {p.post}): rule {p.rule}: {p.message}" for p in result.problems)
        k = thread_key(result.post)
        if (findings or suppressed) and (k is None or k != key):
            yield findings, suppressed
            findings, suppressed = [], []
        key = k
        findings.extend(result.findings)
        suppressed.extend(result.suppressed)
    if findings or suppressed:
        yield findings, suppressed


class _Output:
    """Where a streamed report goes: standard output in large pieces, or a file replaced atomically at the end."""

    LIMIT = 1 << 16

    def __init__(self, path: Optional[str]):
        from govlint import atomic

        self.path = path
        self.file = _writing(path, lambda: atomic.Replacing(path)) if path else None
        self.pending: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending, self.size = [], 0
            if self.file is not None:
                _writing(self.path, lambda: self.file.write(text))
            else:
                typer.echo(text, nl=False)

    def commit(self) -> None:
        self.flush()
        if self.file is not None:
            _writing(self.path, self.file.commit)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _write(output: Optional[str], rendered: str) -> None:
    if output:
        from govlint import atomic

        _writing(output, lambda: atomic.write_text(output, rendered))
    else:
        typer.echo(rendered, nl=False)


def _writing(output: str, action):
    try:
        return action()
    except OSError as exc:
        raise _fail(f"{output}: cannot write the report ({exc.strerror or exc})") from None
