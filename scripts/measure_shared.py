"""Measure govlint's hostility rules and identifier layer on the shared labelled corpora.

    PYTHONPATH=src python scripts/measure_shared.py /work/shared/corpora [--json out.json] [--no-nlp]
        [--project tests/corpus/posts.jsonl] [--only olid,davidson,wnut17,...]

Reads the development files named below from the folder given on the command
line (nothing is copied into the project) and prints:

- hostility precision/recall on OLID (targeted-at-an-individual rows versus the
  non-offensive rows, and every offensive row versus non-offensive) and on
  Davidson (hate or offensive versus neither);
- identifier recall on WNUT-17 (person and location spans; a span counts as
  found when an identifier of the right kind overlaps it) and on Presidio's
  synthetic set, per type, plus how many identifiers of each kind hit no span
  (a rough false-alarm count);
- for every file, the share of clean rows flagged for a concern other than the
  file's own (target: at most 2%);
- with ``--project``, precision/recall per concern on the project's own corpus.

Files that are missing are skipped, so the script also runs on a small folder
made by a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

# Each file: the concern it is about (None: the identifier layer only).
FILES = {
    "olid": ("olid.dev.jsonl", "hostility"),
    "davidson": ("davidson.dev.jsonl", "hostility"),
    "constraint_covid": ("constraint_covid.dev.jsonl", "misinformation"),
    "wnut17": ("wnut17.dev.jsonl", None),
    "presidio_synth": ("presidio_synth.dev.jsonl", None),
}

# Which govlint identifier types count as finding a span of the source's type.
SPAN_KINDS = {
    "person": {"PERSON"},
    "location": {"LOCATION", "HOSPITAL"},
    "PERSON": {"PERSON"},
    "GPE": {"LOCATION"},
    "STREET_ADDRESS": {"LOCATION", "UK_POSTCODE"},
    "ZIP_CODE": {"UK_POSTCODE", "LOCATION"},
    "DATE_TIME": {"DATE_TIME", "DATE_OF_BIRTH"},
    "AGE": {"AGE"},
    "PHONE_NUMBER": {"PHONE_NUMBER"},
    "EMAIL_ADDRESS": {"EMAIL_ADDRESS"},
    "ORGANIZATION": {"ORGANIZATION", "HOSPITAL"},
    "NRP": {"NRP"},
    "DOMAIN_NAME": {"URL"},
}
# What a govlint type should overlap to count as right (for the false-alarm count).
IDENT_SOURCE = {"PERSON": {"person", "PERSON"}, "LOCATION": {"location", "GPE", "STREET_ADDRESS", "ZIP_CODE"}}
RULE_MIN_SCORE = 0.5  # the pii detector's default minimum score


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def _posts(rows: list[dict], name: str):
    from govlint.model import Post

    return [Post(text=r["text"], path=name, id=r.get("id", i)) for i, r in enumerate(rows)]


def check_rows(linter, rows: list[dict], name: str) -> list[set[str]]:
    """Predicted concerns (severity warning or above) for each row."""
    from govlint.evaluate import predicted_concerns

    return [predicted_concerns(res.findings) for res in linter.check_posts(_posts(rows, name))]


def pr(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def hostility_scores(name: str, rows: list[dict], predicted: list[set[str]]) -> dict:
    out: dict[str, dict] = {}

    def score(positive, negative) -> dict:
        tp = fp = fn = 0
        for r, p in zip(rows, predicted):
            hit = "hostility" in p
            if positive(r):
                tp += hit
                fn += not hit
            elif negative(r):
                fp += hit
        return pr(tp, fp, fn)

    if name == "olid":
        meta = lambda r: r.get("meta", {})  # noqa: E731
        neg = lambda r: meta(r).get("subtask_a") == "NOT"  # noqa: E731
        out["IND vs NOT"] = score(lambda r: meta(r).get("subtask_c") == "IND", neg)
        out["TIN vs NOT"] = score(lambda r: meta(r).get("subtask_b") == "TIN", neg)
        out["OFF vs NOT"] = score(lambda r: meta(r).get("subtask_a") == "OFF", neg)
        for sub in ("IND", "GRP", "OTH"):
            rs = [p for r, p in zip(rows, predicted) if meta(r).get("subtask_c") == sub]
            out[f"recall {sub}"] = {"n": len(rs), "recall": round(sum("hostility" in p for p in rs) / max(1, len(rs)), 3)}
        rs = [p for r, p in zip(rows, predicted) if meta(r).get("subtask_b") == "UNT"]
        out["recall UNT"] = {"n": len(rs), "recall": round(sum("hostility" in p for p in rs) / max(1, len(rs)), 3)}
    else:
        out["labelled vs clean"] = score(lambda r: "hostility" in r["labels"], lambda r: not r["labels"])
        if name == "davidson":
            for cls in ("hate_speech", "offensive_language"):
                rs = [p for r, p in zip(rows, predicted) if r.get("meta", {}).get("class") == cls]
                out[f"recall {cls}"] = {"n": len(rs), "recall": round(sum("hostility" in p for p in rs) / max(1, len(rs)), 3)}
    return out


def leakage(rows: list[dict], predicted: list[set[str]], own: str | None) -> dict:
    """Share of clean rows flagged for any concern other than the file's own."""
    clean = [(r, p) for r, p in zip(rows, predicted) if not r["labels"]]
    by_concern: Counter = Counter()
    flagged = 0
    for _, p in clean:
        other = {c for c in p if c != own}
        flagged += bool(other)
        by_concern.update(other)
    n = len(clean)
    return {"clean_rows": n, "flagged": flagged, "rate": round(flagged / n, 4) if n else 0.0,
            "by_concern": dict(by_concern.most_common())}


def identifier_scores(rows: list[dict], found: list, min_score: float = 0.0) -> dict:
    """Recall per source span type, and identifiers that overlap no span of their kind."""
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stray: Counter = Counter()
    total: Counter = Counter()
    for r, idents in zip(rows, found):
        idents = [i for i in idents if i.score >= min_score]
        spans = r.get("spans", [])
        for sp in spans:
            kinds = SPAN_KINDS.get(sp["type"])
            if kinds is None:
                continue
            hit = any(i.type in kinds and i.start < sp["end"] and sp["start"] < i.end for i in idents)
            recall[sp["type"]][0] += hit
            recall[sp["type"]][1] += 1
        for i in idents:
            if i.type not in IDENT_SOURCE:
                continue
            total[i.type] += 1
            if not any(sp["type"] in IDENT_SOURCE[i.type] and i.start < sp["end"] and sp["start"] < i.end for sp in spans):
                stray[i.type] += 1
    return {
        "recall": {t: {"found": f, "n": n, "recall": round(f / n, 3)} for t, (f, n) in sorted(recall.items())},
        "stray": {t: {"stray": stray[t], "of": total[t], "share": round(stray[t] / total[t], 3) if total[t] else 0.0}
                  for t in sorted(total)},
    }


def project_scores(linter, path: Path) -> dict:
    from govlint.document import parse_jsonl
    from govlint.evaluate import predicted_concerns, score

    text = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    posts = list(parse_jsonl(text, str(path)))
    triples = [(res.post, set(rec["labels"]), set(rec["annotated"]), predicted_concerns(res.findings))
               for rec, res in zip(records, linter.check_posts(posts))]
    return {c: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                "support": s.support, "fp": s.fp, "fn": s.fn}
            for c, s in score(triples).items() if s.support or s.fp}


def measure(corpora: Path, nlp: bool = True, only: set[str] | None = None, project: Path | None = None,
            log=None) -> dict:
    from govlint.api import Linter

    linter = Linter(nlp=nlp) if not nlp else Linter()
    report: dict = {"nlp": linter.settings.nlp_model, "files": {}}
    for name, (fname, own) in FILES.items():
        if only and name not in only:
            continue
        path = corpora / fname
        if not path.is_file():
            continue
        rows = read_jsonl(path)
        t0 = time.perf_counter()
        predicted = check_rows(linter, rows, name)
        entry: dict = {"rows": len(rows), "seconds": round(time.perf_counter() - t0, 1),
                       "leakage": leakage(rows, predicted, own)}
        if own == "hostility":
            entry["hostility"] = hostility_scores(name, rows, predicted)
        if own is None:
            found = linter.engine.identify(_posts(rows, name), use_nlp=nlp)
            entry["identifiers_any_score"] = identifier_scores(rows, found)
            entry["identifiers_rule_score"] = identifier_scores(rows, found, RULE_MIN_SCORE)
        report["files"][name] = entry
        if log:
            log(f"{name}: {len(rows)} rows in {entry['seconds']} s")
    if project is not None and project.is_file():
        report["project"] = project_scores(linter, project)
    return report


def render(report: dict) -> str:
    out = [f"NLP model: {report['nlp'] or 'off (pattern-only)'}"]
    for name, e in report["files"].items():
        out.append(f"\n== {name} ({e['rows']} rows, {e['seconds']} s)")
        for label, s in e.get("hostility", {}).items():
            if "precision" in s:
                out.append(f"  hostility {label:<18} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                           f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
            else:
                out.append(f"  hostility {label:<18} R {s['recall']:.3f}  (n {s['n']})")
        for key in ("identifiers_any_score", "identifiers_rule_score"):
            if key not in e:
                continue
            out.append(f"  identifiers ({'any score' if key.endswith('any_score') else f'score >= {RULE_MIN_SCORE}'}):")
            for t, s in e[key]["recall"].items():
                out.append(f"    recall {t:<16} {s['recall']:.3f}  ({s['found']}/{s['n']})")
            for t, s in e[key]["stray"].items():
                out.append(f"    {t:<16} overlapping no span of its kind: {s['stray']}/{s['of']} ({s['share']:.3f})")
        lk = e["leakage"]
        out.append(f"  clean rows flagged for another concern: {lk['flagged']}/{lk['clean_rows']} = {lk['rate']:.2%}"
                   + (f"  {lk['by_concern']}" if lk["by_concern"] else ""))
    if "project" in report:
        out.append("\n== project corpus")
        for c, s in report["project"].items():
            out.append(f"  {c:<26} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  support {s['support']}"
                       f"  (fp {s['fp']}, fn {s['fn']})")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", type=Path, help="folder holding the shared *.dev.jsonl files")
    ap.add_argument("--json", type=Path, help="also write the report as JSON to this file")
    ap.add_argument("--no-nlp", action="store_true", help="pattern-only mode (no spaCy model)")
    ap.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(FILES)}")
    ap.add_argument("--project", type=Path, help="also score the project's labelled corpus (tests/corpus/posts.jsonl)")
    args = ap.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"error: {args.corpora} is not a folder", file=sys.stderr)
        return 2
    only = {s.strip() for s in args.only.split(",") if s.strip()} or None
    if only and only - set(FILES):
        print(f"error: unknown file name(s) {', '.join(sorted(only - set(FILES)))}", file=sys.stderr)
        return 2
    report = measure(args.corpora, nlp=not args.no_nlp, only=only, project=args.project,
                     log=lambda m: print(m, file=sys.stderr))
    print(render(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
