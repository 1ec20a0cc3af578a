"""Options and helpers the training commands (rules, explain, demo, quiz, handout, fix) share."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

TPackOpt = Annotated[Optional[str], typer.Option("--pack", help="Only this pack's rules: a built-in id (gmc, hcpc) or a path to a pack.")]
ConcernOpt = Annotated[Optional[str], typer.Option("--concern", help="Only rules for this concern (e.g. patient-identifiability).")]


def training_linter(config: Optional[str], pack: Optional[str], no_nlp: bool, nlp_model: Optional[str] = None):
    """An API linter for the chosen pack (all built-in packs when none), from config plus flags."""
    from govlint.api import Linter
    from govlint.cli.common import _settings

    settings = _settings(config, [pack] if pack else None, None, None, no_nlp, nlp_model, None, None, None, None, None)
    return Linter(settings)


def findings_block(findings, indent: str = "    ", color: bool = False) -> list[str]:
    """Findings as compact lines with the offending span underlined exactly as `check` does."""
    from govlint.formatters.text import excerpt

    out = []
    for f in findings:
        out.append(f"{indent}{f.rule} {f.severity.label} [{f.concern}] {f.title}")
        line, carets = excerpt(f, False)
        out.append(f"{indent}  | {line}")
        if carets:
            out.append(f"{indent}  | {carets}")
    return out


def cite_line(c: dict) -> str:
    para = f", {c['paragraph']}" if c.get("paragraph") else ""
    return f"{c['document']}{para} — {c['url']}"
