"""`govlint eval`: score govlint (or a custom pack) against a labelled JSONL file."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from govlint.cli import app
from govlint.cli.common import (EXIT_ERROR, EXIT_FINDINGS, ConfigOpt, Fmt, JobsOpt, Level, ModelOpt, NoNlpOpt,
                                PackOpt, ProfessionOpt, _check_jobs, _fail, _settings)
from govlint.errors import GovlintError

TRUNCATE = 110


@app.command("eval")
def eval_(
    path: Annotated[str, typer.Argument(help="Labelled JSONL: {\"text\", \"labels\": [...], \"annotated\": [...]} per line, or - for stdin.")],
    format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format (text or json).")] = Fmt.text,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    min_severity: Annotated[Level, typer.Option("--min-severity", help="Lowest severity that counts as flagging a concern.")] = Level.warning,
    concern: Annotated[Optional[list[str]], typer.Option("--concern", help="Score only this concern. Repeatable.")] = None,
    show: Annotated[int, typer.Option("--show", min=0, help="How many false positives and misses to list per concern.")] = 10,
    fail_under: Annotated[Optional[list[str]], typer.Option(
        "--fail-under", help="Exit 1 if a score is below this: CONCERN=F1 or CONCERN.precision|recall|f1=VALUE. Repeatable.")] = None,
    redact: Annotated[Optional[bool], typer.Option("--redact/--no-redact", help="Mask personal data in the listed posts (default: on for json, off for text).")] = None,
    jobs: JobsOpt = None,
) -> None:
    """Score govlint against labelled posts: precision, recall and F1 per concern, with the false positives and misses."""
    import sys
    from pathlib import Path

    from govlint.api import Linter
    from govlint.document import _decode, read_bytes
    from govlint.errors import InputError
    from govlint.evaluate import below, evaluate, parse_threshold, read_labelled
    from govlint.model import CONCERNS, Severity

    for c in concern or []:
        if c not in CONCERNS:
            raise _fail(f"unknown concern '{c}' for --concern (known: {', '.join(CONCERNS)})")
    _check_jobs(jobs)
    try:
        thresholds = [parse_threshold(s) for s in fail_under or []]
    except ValueError as exc:
        raise _fail(f"--fail-under {exc}") from None
    try:
        settings = _settings(config, pack, profession, None, no_nlp, nlp_model, None, None, None, None, None)
        if path == "-":
            text, name = sys.stdin.read(), "<stdin>"
        else:
            name = path
            text = _decode(read_bytes(Path(path)), path)
        errors: list[str] = []
        records = []
        for item in read_labelled(text, name):
            (errors.append(str(item)) if isinstance(item, InputError) else records.append(item))
        if not records and not errors:
            errors.append(f"{name}: no labelled posts in the file")
        # every post's identifiers: missed posts are shown too, masked
        linter = Linter(settings, model_on_every_post=True)
        results = {}

        def check(posts):
            for r in linter.check_posts(posts, jobs=jobs):
                results[id(r.post)] = r
                yield r

        ev = evaluate(records, check, Severity.parse(min_severity.value), concern)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    masked = redact if redact is not None else format == Fmt.json

    def shown(post) -> str:
        if not masked:
            return post.text
        from govlint.engine import SENSITIVE_TYPES
        from govlint.formatters.base import mask

        r = results.get(id(post))
        spans = [(i.start, i.end, i.type) for i in (r.identifiers if r else []) if i.type in SENSITIVE_TYPES]
        return mask(post.text, 0, spans)

    failures = below(ev, thresholds)
    if format == Fmt.json:
        typer.echo(json.dumps(_as_json(ev, show, shown, masked, errors, failures), indent=2, ensure_ascii=False))
    else:
        typer.echo(_as_text(ev, show, shown, errors, failures))
    for err in errors:
        typer.echo(f"govlint: {err}", err=True)
    if errors:
        raise typer.Exit(EXIT_ERROR)
    if failures:
        raise typer.Exit(EXIT_FINDINGS)


def _case(case, shown, full: bool) -> dict:
    post = case.post
    out = {"id": post.id, "line": post.line, "text": shown(post) if full else _short(shown(post))}
    if case.rules:
        out["rules"] = list(case.rules)
    return out


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TRUNCATE else flat[: TRUNCATE - 1] + "…"


def _as_json(ev, show, shown, masked, errors, failures) -> dict:
    from govlint import __version__ as version

    concerns = {}
    for c, s in ev.scores.items():
        if not s.scored:
            continue
        concerns[c] = {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                       "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn, "support": s.support,
                       "false_positives": [_case(x, shown, True) for x in s.false_positives[:show]],
                       "misses": [_case(x, shown, True) for x in s.misses[:show]]}
    return {"version": version, "redacted": masked, "rows": ev.rows, "concerns": concerns,
            "other_concerns": {"clean_rows": ev.clean_rows, "flagged": len(ev.other_flagged),
                               "rate": round(ev.other_rate, 4), "by_concern": ev.other_by_concern(),
                               "examples": [{**_case(case, shown, True), "concerns": list(cs)}
                                            for case, cs in ev.other_flagged[:show]]},
            "ignored_labels": dict(sorted(ev.ignored_labels.items())), "failed": failures, "errors": errors}


def _as_text(ev, show, shown, errors, failures) -> str:
    lines = [f"{ev.rows} labelled post(s)", "",
             f"{'concern':<26}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}{'support':>9}"]
    scored = [(c, s) for c, s in ev.scores.items() if s.scored]
    for c, s in scored:
        lines.append(f"{c:<26}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}{s.support:9d}")
    skipped = [c for c, s in ev.scores.items() if not s.scored]
    if skipped:
        lines.append(f"(not annotated in this file: {', '.join(skipped)})")
    if ev.clean_rows and skipped:
        by = ", ".join(f"{c} {n}" for c, n in ev.other_by_concern().items()) or "none"
        lines += ["", f"Clean posts flagged for a concern the file does not annotate: {len(ev.other_flagged)} of "
                      f"{ev.clean_rows} ({ev.other_rate:.1%}): {by}"]
        for case, cs in ev.other_flagged[:show]:
            lines.append(f"  line {case.post.line} [{', '.join(case.rules)}]: {_short(shown(case.post))}")
    if show:
        for c, s in scored:
            for title, items in (("False positives", s.false_positives), ("Misses", s.misses)):
                if not items:
                    continue
                lines += ["", f"{title} for {c} ({min(show, len(items))} of {len(items)}):"]
                for case in items[:show]:
                    rules = f" [{', '.join(case.rules)}]" if case.rules else ""
                    lines.append(f"  line {case.post.line}{rules}: {_short(shown(case.post))}")
    if failures:
        lines += ["", "Below --fail-under:"] + [f"  {f}" for f in failures]
    if ev.ignored_labels:
        lines += ["", "Labels that are not govlint concerns were not scored (their rows do not count as clean): "
                  + ", ".join(f"{label} ({n} rows)" for label, n in sorted(ev.ignored_labels.items()))]
    if errors:
        lines += ["", f"{len(errors)} row(s) could not be read (see stderr); they were not scored."]
    return "\n".join(lines)

