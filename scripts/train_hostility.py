"""Train govlint's hostility classifier and write src/govlint/data/hostility.clf.

    python -m venv /tmp/train && /tmp/train/bin/pip install scikit-learn regex pyyaml
    PYTHONPATH=src /tmp/train/bin/python scripts/train_hostility.py /path/to/corpora [--out FILE] [--dev]

Reads the training splits ``olid.train.jsonl`` (OLID, Zampieri et al. 2019, CC BY
4.0) and ``davidson.train.jsonl`` (Davidson et al. 2017, MIT) from the folder on
the command line. scikit-learn is a training-time tool only: govlint scores the
exported weights in plain Python (``govlint.detectors.classifier``), with the
same featuriser used here, so training and inference cannot drift apart.

Positives are offensive tweets; negatives are OLID's not-offensive tweets and
Davidson's 'neither'. Both sets are US political Twitter from 2017-19, so words
that only name a side or a topic there (MAGA, liberals, antifa, Trump, guns...)
are removed before featurising: they say nothing about a clinician's
professionalism and would make the model flag policy talk. A slice of the OLID
training rows is held out to report precision and recall at a few thresholds;
``--dev`` also scores the dev files (for the record; the threshold that ships
is chosen in the rule, from the project's own measurements).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from govlint.detectors.classifier import Model, vector  # noqa: E402

# Words that mark a side or a topic of 2017-19 US politics (and the data sets' own
# placeholders). Left out of the features entirely.
STOP_WORDS = sorted({
    "maga", "kag", "tcot", "ccot", "pjnet", "qanon", "wwg1wga", "walkaway", "resist", "theresistance", "resistance",
    "liberal", "liberals", "libs", "lib", "leftist", "leftists", "leftie", "lefties", "left",
    "conservative", "conservatives", "cons", "right", "rightwing", "alt", "altright",
    "democrat", "democrats", "dems", "dem", "democratic", "republican", "republicans", "gop", "rinos", "rino",
    "antifa", "nra", "gun", "guns", "gun control", "guncontrol", "2a", "secondamendment", "blm", "blacklivesmatter",
    "trump", "trumps", "donald", "potus", "obama", "obamas", "hillary", "clinton", "clintons", "kavanaugh", "ford",
    "feinstein", "pelosi", "schumer", "soros", "mueller", "comey", "booker", "sanders", "bernie", "warren",
    "brennan", "avenatti", "ellison", "waters", "beto", "cruz", "mccain", "romney", "biden", "kamala", "harris",
    "fbi", "cnn", "msnbc", "fox", "foxnews", "nfl", "kaepernick", "nike", "president", "election", "elections",
    "vote", "votes", "voting", "voters", "midterms", "senate", "senator", "congress", "scotus", "dnc", "rnc",
    "url", "user", "amp", "rt",
})


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def matrix(texts: list[str], size: int, stop: frozenset[str]):
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for text in texts:  # the very featuriser inference uses, so training and use cannot drift apart
        row = vector(text, size, stop)
        indices.extend(row)
        data.extend(row.values())
        indptr.append(len(indices))
    return csr_matrix((np.array(data, dtype=np.float32), np.array(indices), np.array(indptr)), shape=(len(texts), size))


def olid_label(row: dict, positive: str) -> int | None:
    m = row.get("meta", {})
    if m.get("subtask_a") == "NOT":
        return 0
    if positive == "off":
        return 1
    if positive == "tin":
        return 1 if m.get("subtask_b") == "TIN" else None
    return 1 if m.get("subtask_c") == "IND" else None


def pr_at(y, p, threshold: float) -> tuple[float, float]:
    tp = sum(1 for a, b in zip(y, p) if a and b >= threshold)
    fp = sum(1 for a, b in zip(y, p) if not a and b >= threshold)
    fn = sum(1 for a, b in zip(y, p) if a and b < threshold)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def recall_at_precision(y, p, target: float) -> tuple[float, float]:
    """Best recall with precision >= target, and the threshold giving it."""
    best = (0.0, 1.0)
    for t in sorted(set(round(x, 3) for x in p)):
        prec, rec = pr_at(y, p, t)
        if prec >= target and rec > best[0]:
            best = (rec, t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train govlint's hostility classifier.")
    ap.add_argument("corpora", type=Path, help="folder with olid.train.jsonl and davidson.train.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "govlint" / "data" / "hostility.clf")
    ap.add_argument("--buckets", type=int, default=1 << 20)
    ap.add_argument("--keep", type=int, default=80000, help="largest weights kept (by magnitude)")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--positive", choices=("off", "tin", "ind"), default="off", help="which OLID rows are positive")
    ap.add_argument("--davidson", type=float, default=0.5, help="sample weight of Davidson rows (0 leaves them out)")
    ap.add_argument("--holdout", type=float, default=0.15, help="share of OLID train rows held out for the report")
    ap.add_argument("--dev", action="store_true", help="also report on olid.dev.jsonl and davidson.dev.jsonl")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-nb", dest="nb", action="store_false",
                    help="do not scale features by naive-Bayes log-count ratios before fitting (NBSVM-style, the default); the exported "
                         "weights fold the ratios in, so inference is unchanged")
    ap.add_argument("--include-dev", action="store_true",
                    help="train on the rows the dev files also hold (by default they are left out: the dev files are "
                         "subsets of the training files, and measuring on rows the model saw would flatter it)")
    args = ap.parse_args(argv)

    from sklearn.linear_model import LogisticRegression

    stop = frozenset(STOP_WORDS)
    olid = read(args.corpora / "olid.train.jsonl")
    davidson = read(args.corpora / "davidson.train.jsonl") if args.davidson > 0 else []
    dev_ids: set[str] = set()
    if not args.include_dev:
        for name in ("olid.dev.jsonl", "davidson.dev.jsonl"):
            if (args.corpora / name).is_file():
                dev_ids.update(r["id"] for r in read(args.corpora / name))
        olid = [r for r in olid if r["id"] not in dev_ids]
        davidson = [r for r in davidson if r["id"] not in dev_ids]
        print(f"left out {len(dev_ids)} rows that the dev files hold", file=sys.stderr)
    rnd = random.Random(args.seed)
    rnd.shuffle(olid)
    n_hold = int(len(olid) * args.holdout)
    held, olid_fit = olid[:n_hold], olid[n_hold:]

    texts, y, w = [], [], []
    for r in olid_fit:
        lab = olid_label(r, args.positive)
        if lab is not None:
            texts.append(r["text"])
            y.append(lab)
            w.append(1.0)
    for r in davidson:
        texts.append(r["text"])
        y.append(1 if r["labels"] else 0)
        w.append(args.davidson)
    print(f"training on {len(texts)} rows ({sum(y)} positive), {args.buckets} buckets", file=sys.stderr)
    X = matrix(texts, args.buckets, stop)
    clf = LogisticRegression(C=args.C, max_iter=2000, solver="liblinear", class_weight="balanced", random_state=args.seed)
    ratio = None
    if args.nb:
        import numpy as np
        from scipy.sparse import diags

        yy = np.array(y)
        B = (X > 0).astype(np.float32)
        p = np.asarray(B[yy == 1].sum(axis=0)).ravel() + 1.0
        q = np.asarray(B[yy == 0].sum(axis=0)).ravel() + 1.0
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        X = X @ diags(ratio)
    clf.fit(X, y, sample_weight=w)

    coef = clf.coef_[0] if ratio is None else clf.coef_[0] * ratio
    order = sorted(range(len(coef)), key=lambda i: -abs(coef[i]))[: args.keep]
    weights = {int(i): float(coef[i]) for i in order if coef[i] != 0.0}
    meta = {"name": "hostility", "trained_on": ["olid.train.jsonl", "davidson.train.jsonl" if davidson else None],
            "positive": args.positive, "davidson_weight": args.davidson, "C": args.C, "seed": args.seed,
            "holdout": args.holdout, "nb": args.nb, "dev_rows_excluded": not args.include_dev, "features": "word 1-2 grams + char 3-5 grams of words, CRC-32 hashed, L2 per block",
            "credits": "OLID (Zampieri et al. 2019, CC BY 4.0); Davidson et al. 2017 (MIT)"}
    model = Model({**meta, "buckets": args.buckets, "bias": float(clf.intercept_[0]), "stop_words": sorted(stop)}, weights)
    blob = model.to_bytes()
    shipped = Model.from_bytes(blob)  # score with exactly what ships (quantised, pruned)

    def report(name: str, rows: list[dict], positive, negative) -> None:
        keep = [r for r in rows if positive(r) or negative(r)]
        ys = [1 if positive(r) else 0 for r in keep]
        ps = [shipped.score(r["text"]) for r in keep]
        line = [f"{name}: n={len(keep)} pos={sum(ys)}"]
        for t in (0.5, 0.7, 0.8, 0.9):
            p, r = pr_at(ys, ps, t)
            line.append(f"t{t}: P {p:.3f} R {r:.3f}")
        rec, t = recall_at_precision(ys, ps, 0.85)
        line.append(f"best R at P>=0.85: {rec:.3f} (t={t})")
        print("  ".join(line), file=sys.stderr)

    def is_not(r):
        return r.get("meta", {}).get("subtask_a") == "NOT"

    report("holdout OLID IND vs NOT", held, lambda r: r.get("meta", {}).get("subtask_c") == "IND", is_not)
    report("holdout OLID OFF vs NOT", held, lambda r: r.get("meta", {}).get("subtask_a") == "OFF", is_not)
    if args.dev:
        dev = read(args.corpora / "olid.dev.jsonl")
        report("dev OLID IND vs NOT", dev, lambda r: r.get("meta", {}).get("subtask_c") == "IND", is_not)
        dav = read(args.corpora / "davidson.dev.jsonl")
        report("dev Davidson", dav, lambda r: bool(r["labels"]), lambda r: not r["labels"])
    args.out.write_bytes(blob)
    print(f"wrote {args.out} ({len(blob) // 1024} KB, {len(weights)} weights)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
