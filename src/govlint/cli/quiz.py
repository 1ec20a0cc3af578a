"""`govlint quiz`: which concerns apply to this post? Answers can be piped on stdin."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, ModelOpt, NoNlpOpt, _fail
from govlint.cli.training_opts import TPackOpt, cite_line, findings_block, training_linter
from govlint.errors import GovlintError

MAX_TRIES = 3


@app.command()
def quiz(
    pack: TPackOpt = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=200, help="How many posts.")] = 10,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Same seed, same questions (for a class, or a script).")] = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Practise spotting breaches: read a post, pick the concerns that apply, see what govlint finds."""
    from govlint.training import quiz as q

    stdin = sys.stdin
    interactive = stdin.isatty()
    try:
        linter = training_linter(config, pack, no_nlp, nlp_model)
        options = q.choices(linter)
        questions = q.questions(linter, count, seed)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    if not questions:
        raise _fail("no questions available for these rules")
    typer.echo(f"govlint quiz: {len(questions)} post(s). For each, which concerns apply? More than one may; 0 if none.")
    results = []
    for n, question in enumerate(questions, 1):
        typer.echo(f"\n── Question {n} of {len(questions)} " + "─" * 40)
        meta = question.meta
        if meta.get("author"):
            a = meta["author"]
            who = " ".join(x for x in (a.get("name"), a.get("handle")) if x)
            typer.echo(f"Posted by: {who}" + (" (an organisation's account)" if a.get("organisation") else ""))
        if meta.get("in_reply_to"):
            typer.echo(f"In reply to: {meta['in_reply_to']}")
        typer.echo(f"\n  {question.text}\n")
        for i, c in enumerate(options, 1):
            typer.echo(f"  {i}. {c}")
        typer.echo("  0. none of these")
        answer = None
        for _ in range(MAX_TRIES):
            typer.echo("Your answer (e.g. 1,3; q to stop): ", nl=False)
            raw = stdin.readline()
            if not interactive and raw:
                typer.echo(raw.rstrip("\n"))  # piped answers: keep the transcript readable
            if not raw or raw.strip().lower() in ("q", "quit", "exit"):
                typer.echo("")
                break
            try:
                answer = q.parse_answer(raw, options)
                break
            except ValueError as exc:
                typer.echo(f"  {exc}")
        if answer is None:
            break
        g = q.grade(question, answer)
        results.append(g)
        if g["correct"]:
            typer.echo("✓ Correct." + ("" if question.concerns else " Nothing here breaches the guidance govlint checks."))
        else:
            bits = []
            if g["missed"]:
                bits.append("missed " + ", ".join(g["missed"]))
            if g["extra"]:
                bits.append(", ".join(g["extra"]) + (" does" if len(g["extra"]) == 1 else " do") + " not apply")
            typer.echo(f"✗ Not quite: {'; '.join(bits)}. The answer: {', '.join(sorted(question.concerns)) or 'none'}.")
        if question.findings:
            typer.echo("govlint finds:")
            typer.echo("\n".join(findings_block(question.findings)))
        else:
            typer.echo("govlint finds nothing to flag" + (" (but see the answer above)." if question.concerns else "."))
        for c in question.citations[:2]:
            typer.echo(f"Guidance: {cite_line(c)}")
        if question.note:
            typer.echo(f"Why: {question.note}")
        typer.echo(f"Score so far: {sum(r['correct'] for r in results)}/{len(results)}")
    s = q.summary(results)
    typer.echo("\n══ Summary " + "═" * 40)
    if not s["asked"]:
        typer.echo("No questions answered.")
        return
    typer.echo(f"Score: {s['correct']}/{s['asked']} ({s['percent']}%)")
    if s["rules_to_revisit"]:
        typer.echo("Rules to revisit: " + ", ".join(s["rules_to_revisit"]))
        typer.echo(f"  e.g. govlint explain {s['rules_to_revisit'][0]}")
    elif s["concerns_to_revisit"]:
        typer.echo("Concerns to revisit: " + ", ".join(s["concerns_to_revisit"]))
    else:
        typer.echo("Nothing to revisit. Well done.")
