"""`govlint quiz`: spot the concern. Posts come from the rules' own examples and a curated bank.

The bank (``govlint/data/quiz.jsonl``, built by ``scripts/build_quiz_bank.py``
from the project's labelled corpus) holds posts whose human labels govlint
agrees with. Every question is checked by the engine when it is drawn, so the
findings revealed after an answer are what govlint says now.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from govlint.model import CONCERNS, Author, Finding, Post, Severity
from govlint.training.common import (check_pack, citations, engine_of, example_post, finding_dict, meta_dict,
                                     pack_engine, rules_of)

BANK = "data/quiz.jsonl"
FLAGGED_SHARE = 2 / 3


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    meta: Mapping[str, Any]  # author, in_reply_to, platform, profession
    concerns: frozenset[str]  # the answer; empty = none apply
    findings: tuple[Finding, ...]  # what the engine finds now
    citations: tuple[Mapping[str, Any], ...]
    rules: Mapping[str, str] = field(default_factory=dict)  # rule id -> concern: the rules this question teaches
    source: str = "example"  # 'example' (a rule's example) or 'corpus' (the labelled bank)
    note: str | None = None

    @property
    def citation(self) -> Mapping[str, Any] | None:
        return self.citations[0] if self.citations else None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "meta": dict(self.meta), "concerns": sorted(self.concerns),
                "findings": [finding_dict(f) for f in self.findings], "citations": [dict(c) for c in self.citations],
                "rules": dict(self.rules), "source": self.source, "note": self.note}


def choices(linter, pack: str | None = None) -> list[str]:
    """The concerns a quiz asks about: those the loaded rules check, in the standard order. 0 is 'none'.

    A concern whose rules are all notes (info, e.g. swearing) is left out: the answers are
    graded on findings of warning or above, so it could never be a right answer.
    """
    covered = {r.concern for r in rules_of(linter, pack) if r.severity >= Severity.WARNING}
    return [c for c in CONCERNS if c in covered]


def load_bank() -> list[dict[str, Any]]:
    try:
        data = resources.files("govlint").joinpath(BANK).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return []
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def _post(item: Mapping[str, Any]) -> Post:
    a = item.get("author") or {}
    return Post(text=item["text"], path="<quiz>", id=str(item.get("id", 0)),
                author=Author(name=a.get("name"), handle=a.get("handle"), organisation=bool(a.get("organisation"))),
                in_reply_to=item.get("in_reply_to"), platform=item.get("platform"), profession=item.get("profession"))


def _pool(linter, pack: str | None) -> list[tuple]:
    """Candidate questions, deduplicated by text: ('example', rule, kind, example) and ('corpus', item)."""
    covered = set(choices(linter, pack))
    seen: set[str] = set()
    pool: list[tuple] = []
    for rule in rules_of(linter, pack):
        if rule.severity < Severity.WARNING:  # a note's examples have no right answer among the choices
            continue
        for kind, exs in (("bad", rule.examples_bad), ("good", rule.examples_good)):
            for i, ex in enumerate(exs):
                if ex.text not in seen:
                    seen.add(ex.text)
                    pool.append(("example", rule, kind, i, ex))
    for item in load_bank():
        concerns = set(item.get("concerns", []))
        if concerns <= covered and item["text"] not in seen:
            seen.add(item["text"])
            pool.append(("corpus", item))
    return pool


def _question(linter, pack: str | None, cand: tuple) -> Question:
    if cand[0] == "example":
        _, rule, kind, i, ex = cand
        found = pack_engine(linter, rule.pack).check_one(example_post(ex, "<quiz>")).findings
        key = {f.concern for f in found if f.severity >= Severity.WARNING}  # graded like the bank: notes aside
        if kind == "bad":
            key.add(rule.concern)
        else:
            key.discard(rule.concern)
        rules = {f.rule: f.concern for f in found}
        rules.setdefault(rule.id, rule.concern)
        cites = citations(rule) if kind == "bad" else []
        for f in found:
            if f.citation and f.citation.as_dict() not in cites:
                cites.append(f.citation.as_dict())
        return Question(id=f"{rule.id}-{kind}{i}", text=ex.text, meta=meta_dict(ex), concerns=frozenset(key),
                        findings=tuple(found), citations=tuple(cites), rules=rules, source="example", note=ex.note)
    item = cand[1]
    if pack:
        found = pack_engine(linter, pack).check_one(_post(item)).findings
    elif hasattr(linter, "check_post"):  # the API linter cites the author's own regulator first
        found = linter.check_post(_post(item)).findings
    else:
        found = engine_of(linter).check_one(_post(item)).findings
    cites: list = []
    for f in found:
        if f.citation and f.citation.as_dict() not in cites:
            cites.append(f.citation.as_dict())
    meta = {k: item[k] for k in ("author", "in_reply_to", "platform", "profession") if item.get(k)}
    return Question(id=str(item.get("id")), text=item["text"], meta=meta, concerns=frozenset(item.get("concerns", [])),
                    findings=tuple(found), citations=tuple(cites), rules={f.rule: f.concern for f in found},
                    source="corpus", note=item.get("note"))


def questions(linter, count: int = 10, seed: int | None = None, pack: str | None = None) -> list[Question]:
    """``count`` questions drawn at random (reproducibly with ``seed``) from the examples and the bank."""
    check_pack(pack, linter)
    pool = _pool(linter, pack)
    rng = random.Random(seed)
    # The bank holds many clean look-alikes; draw about two flagged posts for every clean one.
    flagged = [c for c in pool if (c[0] == "example" and c[2] == "bad") or (c[0] == "corpus" and c[1].get("concerns"))]
    clean = [c for c in pool if not any(c is f for f in flagged)]
    rng.shuffle(flagged)
    rng.shuffle(clean)
    picked = []
    for _ in range(min(max(count, 0), len(pool))):
        source = flagged if (flagged and (rng.random() < FLAGGED_SHARE or not clean)) else clean
        picked.append(source.pop())
    return [_question(linter, pack, c) for c in picked]


def parse_answer(raw: str, options: Sequence[str]) -> set[str]:
    """'1,3' or '1 3' → those concerns; '0' or 'none' → empty set. Raises ValueError on anything else."""
    text = raw.strip().lower().replace(",", " ")
    if text in ("0", "none", "n"):
        return set()
    out = set()
    for tok in text.split():
        if tok.isdigit() and 1 <= int(tok) <= len(options):
            out.add(options[int(tok) - 1])
        elif tok in options:
            out.add(tok)
        else:
            raise ValueError(f"'{tok}' is not one of the choices (0-{len(options)})")
    if not out:
        raise ValueError("give the numbers of the concerns that apply, or 0 for none")
    return out


def grade(question: Question, answer: Iterable[str]) -> dict[str, Any]:
    """Compare an answer (a set of concerns; empty = none) with the question's concerns."""
    ans = set(answer)
    missed = sorted(question.concerns - ans)
    extra = sorted(ans - question.concerns)
    # rules to revisit: the question's rules for every concern answered wrongly (missed or wrongly claimed)
    wrong = set(missed) | set(extra)
    revisit = sorted(r for r, c in question.rules.items() if c in wrong)
    return {"id": question.id, "correct": not missed and not extra, "answer": sorted(ans),
            "expected": sorted(question.concerns), "missed": missed, "extra": extra, "revisit": revisit,
            "concerns_to_revisit": sorted(wrong)}


def summary(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Score and what to revisit, from :func:`grade` results."""
    asked = len(results)
    right = sum(1 for r in results if r["correct"])
    rules: dict[str, int] = {}
    concerns: dict[str, int] = {}
    for r in results:
        if r["correct"]:
            continue
        for rid in r.get("revisit", []):
            rules[rid] = rules.get(rid, 0) + 1
        for c in r.get("concerns_to_revisit", []):
            concerns[c] = concerns.get(c, 0) + 1
    return {"asked": asked, "correct": right, "score": right, "percent": round(100 * right / asked) if asked else 0,
            "rules_to_revisit": sorted(rules, key=lambda k: (-rules[k], k)),
            "concerns_to_revisit": sorted(concerns, key=lambda k: (-concerns[k], k))}
