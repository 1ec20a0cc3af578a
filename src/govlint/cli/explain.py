"""`govlint explain`: what a rule checks, why, what it cites, and its examples run through govlint now."""

from __future__ import annotations

import json
import textwrap
from enum import Enum
from typing import Annotated

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, ModelOpt, NoNlpOpt, _fail
from govlint.cli.training_opts import TPackOpt, cite_line, findings_block, training_linter
from govlint.errors import GovlintError


class ExplainFmt(str, Enum):
    text = "text"
    json = "json"


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=indent, subsequent_indent=indent) or [indent.rstrip()]


def rule_text(r: dict) -> list[str]:
    out = [f"{r['id']}: {r['title']}",
           f"  pack {r['pack']} · {r['concern']} · {r['severity']} (the guidance says \"{r['modal']}\")"
           + (f" · adopts {r['base']}" if r["base"] else ""), "", "What it checks"]
    out += _wrap(f"{r['checks']} {r['message']}")
    out += ["", "Why it matters"]
    out += _wrap(r["why"]) + _wrap(r["obligation"])
    out += ["", "Cites"]
    out += [f"  {cite_line(c)}" for c in r["citations"]] or ["  (no citation)"]
    if r["bad"]:
        out += ["", "Breaches (each run through govlint just now)"]
        for i, ex in enumerate(r["bad"], 1):
            out.append(f"  {i}. {ex['text']}")
            if ex.get("in_reply_to"):
                out.append(f"     (in reply to {ex['in_reply_to']})")
            objs = ex.get("finding_objects", [])
            if objs:
                out += findings_block(objs, indent="     ")
            else:
                out.append("     govlint found nothing here in this mode (names and places need the NLP model)")
            if ex.get("rewrite"):
                out += _wrap(f"Safer: {ex['rewrite']}", "     ")
    if r["good"]:
        out += ["", "Fine as written"]
        for ex in r["good"]:
            flagged = ", ".join(f["rule"] for f in ex["findings"])
            out.append(f"  ✓ {ex['text']}" + (f"  [govlint: {flagged}]" if flagged else "  [no finding]"))
    if r.get("suggestion"):
        out += ["", "Safer habit"] + _wrap(r["suggestion"])
    return out


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID|CONCERN", help="A rule id (GMC-CONF-01), a core rule id or a concern.")],
    pack: TPackOpt = None,
    format: Annotated[ExplainFmt, typer.Option("--format", "-f", help="Output format.")] = ExplainFmt.text,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Explain a rule (or every rule of a concern) with its examples checked by govlint right now."""
    from govlint.training.explain import explain as explain_

    try:
        doc = explain_(training_linter(config, pack, no_nlp, nlp_model), rule_id, objects=format == ExplainFmt.text)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    if format == ExplainFmt.json:
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    if doc["kind"] == "rule":
        lines = rule_text(doc)
    else:
        what = f"concern {doc['concern']}" if doc["kind"] == "concern" else f"core rule {doc['id']}"
        lines = [f"{doc['id']}: {len(doc['ids'])} rule(s) for {what}"]
        if doc.get("concern_text"):
            lines += _wrap(doc["concern_text"])
        lines += [f"  {r['id']:<16} {r['severity']:<8} {r['title']}" for r in doc["rules"]]
        for r in doc["rules"]:
            lines += ["", "─" * 72] + rule_text(r)
    typer.echo("\n".join(lines))
