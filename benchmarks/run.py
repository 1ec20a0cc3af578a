"""govlint's benchmark suite: throughput, cold start, scaling and memory, side by side in one run.

    python benchmarks/run.py                      # 1k, 10k and 100k posts (about 20 minutes on 2 cores)
    python benchmarks/run.py --sizes 1000,10000   # a shorter run
    python benchmarks/run.py --quick              # a tiny smoke run (the test suite uses it)
    python benchmarks/run.py --output results.json

Every number is measured in the same run as the baseline it is compared with
(this is meant for noisy shared machines, where only ratios travel), as the
median of several runs, interleaved with its baseline so load changes hit
both. The corpus is synthetic and seeded (``benchmarks/corpus.py``): the same
posts every time, and nothing from a real person.

Measured:

- throughput of ``govlint check`` with every pack and NER on, one process; the
  same with ``--no-nlp``; with 2 jobs; spaCy running only the NER component
  through ``nlp.pipe`` on the same posts (the floor any NER-based check pays);
  raw Presidio ``AnalyzerEngine.analyze`` one post at a time (on a sample);
- cold start of ``govlint check draft.txt`` (a whole process) against
  ``python -c "import spacy; spacy.load(<model>, exclude=<all but NER>)"`` and
  against ``python -c "import typer"``; the same with ``--no-nlp``;
- a pre-commit-style run on 20 drafts in one process;
- peak memory of ``govlint check --jobs 1`` at the smallest and largest size.

It prints a table of medians and ratios with each target from issue 5 marked
PASS or FAIL, and writes the lot as JSON (``--output``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
sys.path.insert(0, str(HERE))
if (SRC / "govlint").is_dir():  # run from a checkout: measure this tree, not an installed copy
    sys.path.insert(0, str(SRC))

import corpus  # noqa: E402

SCHEMA = 1
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (30, 60, 120)


# --- helpers -------------------------------------------------------------------------------------

_PYCACHE: Path | None = None  # where timed processes keep bytecode (inside the run's temporary folder)


def _env() -> dict:
    env = dict(os.environ)
    if _PYCACHE is not None:
        # As installed (pip writes .pyc files): with PYTHONDONTWRITEBYTECODE set, every timed govlint process
        # would compile its own source again while typer and spaCy load compiled files. The bytecode goes to
        # the run's temporary folder, never into the source tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    if (SRC / "govlint").is_dir():
        env["PYTHONPATH"] = os.pathsep.join([str(SRC), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    env["NO_COLOR"] = "1"
    return env


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _timed_process(argv: list[str]) -> float:
    """Wall time of a whole process; its exit status must be 0 or 1 (findings), never an error."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv[:6])}... exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def _peak_rss_mb(argv: list[str]) -> float | None:
    """Peak resident memory of a whole process (its own high-water mark, via a wrapper process)."""
    try:
        import resource  # noqa: F401 - Unix only
    except ImportError:
        return None
    wrapper = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
               "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", wrapper, *argv], capture_output=True, text=True, env=_env())
    code, rss = out.stdout.split()
    if int(code) not in (0, 1):
        raise RuntimeError(f"memory run exited {code}: {out.stderr[-500:]}")
    kb = int(rss) / (1024 if sys.platform == "darwin" else 1)  # macOS reports bytes
    return round(kb / 1024, 1)


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _ner_exclude(model: str) -> list[str]:
    """The components to leave out so that only NER (and the tok2vec it listens to) loads: what govlint loads."""
    import spacy

    from govlint.identifiers.nlp import _components_to_keep, _model_config

    cfg = _model_config(spacy, model)
    keep = _components_to_keep(cfg)
    return [n for n in cfg.get("nlp", {}).get("pipeline", []) if n not in keep]


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- measurements --------------------------------------------------------------------------------

def _read_posts(folder: Path):
    from govlint.document import read_inputs
    from govlint.errors import InputError

    return [p for p in read_inputs([str(folder)]) if not isinstance(p, InputError)]


def _throughput(run, n: int) -> float:
    start = time.perf_counter()
    count = run()
    elapsed = time.perf_counter() - start
    assert count == n, (count, n)
    return n / elapsed


def measure_in_process(sizes, folders, model: str, repeats: int, ref: int, presidio_sample: int, jobs: int,
                       warmup: Path) -> dict:
    from govlint.api import Linter
    from govlint.config import Settings

    import spacy

    _log("loading govlint (all packs, NER) and spaCy NER-only")
    lint_ner = Linter(Settings(nlp_model=model))
    lint_plain = Linter(Settings(nlp_model=None))
    # For comparison only: the model reading every post, not only those whose findings it could change.
    lint_every = Linter(Settings(nlp_model=model), model_on_every_post=True)
    nlp = spacy.load(model, exclude=_ner_exclude(model))
    posts_by_size = {n: _read_posts(folders[n]) for n in sizes}
    # Warm up, unmeasured, on posts from another seed: the model is loaded, patterns compiled, so the smallest
    # size is not charged for start-up work the larger ones skip; and no size is measured on posts whose words
    # the warm-up has already seen (per-word caches would flatter the smallest size).
    warm = _read_posts(warmup)
    list(lint_ner.check_posts(warm))
    list(lint_plain.check_posts(warm))
    list(lint_every.check_posts(warm))
    list(nlp.pipe([p.text for p in warm]))

    out: dict = {"throughput": {}, "jobs": None, "presidio_raw": None}
    for n in sizes:
        posts = posts_by_size[n]
        texts = [p.text for p in posts]
        reps = repeats if n <= ref else 1
        g, s, plain, every = [], [], [], []
        for r in range(reps):  # interleaved, so load changes hit both
            _log(f"{n} posts: govlint with NER (run {r + 1}/{reps})")
            g.append(_throughput(lambda: sum(1 for _ in lint_ner.check_posts(posts)), n))
            _log(f"{n} posts: spaCy NER-only nlp.pipe")
            s.append(_throughput(lambda: sum(1 for _ in nlp.pipe(texts)), n))
            plain.append(_throughput(lambda: sum(1 for _ in lint_plain.check_posts(posts)), n))
            if n == ref:
                _log(f"{n} posts: govlint with the model on every post")
                every.append(_throughput(lambda: sum(1 for _ in lint_every.check_posts(posts)), n))
        out["throughput"][str(n)] = {
            "govlint_ner": {"posts_per_s": _median(g), "runs": g},
            "spacy_ner_pipe": {"posts_per_s": _median(s), "runs": s},
            "govlint_no_nlp": {"posts_per_s": _median(plain), "runs": plain},
            "ratio_govlint_to_spacy": _median([a / b for a, b in zip(g, s)]),
        }
        if every:
            out["throughput"][str(n)]["govlint_ner_every_post"] = {
                "posts_per_s": _median(every), "runs": every,
                "ratio_to_spacy": _median([a / b for a, b in zip(every, s)])}

    posts = posts_by_size[ref]
    one, two, machine = [], [], []
    for r in range(repeats):
        _log(f"{ref} posts: one process vs --jobs {jobs} (run {r + 1}/{repeats})")
        one.append(_throughput(lambda: sum(1 for _ in lint_ner.check_posts(posts, jobs=1)), len(posts)))
        two.append(_throughput(lambda: sum(1 for _ in lint_ner.check_posts(posts, jobs=jobs)), len(posts)))
        machine.append(_machine_speedup(jobs))
    out["jobs"] = {"posts": ref, "jobs": jobs, "one_process": {"posts_per_s": _median(one), "runs": one},
                   "jobs_n": {"posts_per_s": _median(two), "runs": two},
                   "speedup": _median([b / a for a, b in zip(one, two)]),
                   # What the machine itself gave a plain CPU-bound task on as many processes, at the same
                   # moment: on a shared machine, other work can leave fewer cores than it has.
                   "machine_speedup": _median(machine)}

    _log(f"raw Presidio AnalyzerEngine.analyze, one post at a time ({presidio_sample} posts)")
    out["presidio_raw"] = _presidio_raw(model, [p.text for p in posts[:presidio_sample]])
    return out


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def _machine_speedup(jobs: int) -> float:
    """How much faster ``jobs`` processes finish a fixed CPU-bound task than one (the cores actually free now)."""
    import multiprocessing as mp

    work = [400_000] * (4 * jobs)
    start = time.perf_counter()
    for n in work:
        _spin(n)
    serial = time.perf_counter() - start
    with mp.get_context("spawn" if sys.platform == "win32" else "fork").Pool(jobs) as pool:
        start = time.perf_counter()
        pool.map(_spin, work)
        parallel = time.perf_counter() - start
    return serial / parallel


def _presidio_raw(model: str, texts: list[str]) -> dict:
    from govlint.identifiers.nlp import _offline_tldextract

    _offline_tldextract()  # Presidio's URL and e-mail recognisers would fetch a suffix list
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
                                                    "models": [{"lang_code": "en", "model_name": model}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.analyze(text="warm up", language="en")
    start = time.perf_counter()
    for t in texts:
        engine.analyze(text=t, language="en")
    elapsed = time.perf_counter() - start
    return {"sample": len(texts), "posts_per_s": len(texts) / elapsed if elapsed else None,
            "pipeline": "Presidio's default: the full spaCy pipeline and every predefined recogniser"}


def measure_processes(work: Path, sizes, folders, model: str, runs: int) -> dict:
    global _PYCACHE
    _PYCACHE = work / "pycache"
    py = sys.executable
    draft = work / "draft.txt"
    draft.write_text(corpus.DRAFT, encoding="utf-8")
    drafts = corpus.drafts(20, work / "drafts")
    exclude = _ner_exclude(model)
    cmds = {
        "govlint_ner": [py, "-m", "govlint", "check", str(draft)],
        "spacy_ner_load": [py, "-c", f"import spacy; spacy.load({model!r}, exclude={exclude!r})"],
        "import_typer": [py, "-c", "import typer"],
        "govlint_no_nlp": [py, "-m", "govlint", "check", "--no-nlp", str(draft)],
        "precommit_20_drafts": [py, "-m", "govlint", "check", *map(str, drafts)],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for name, argv in cmds.items():  # one untimed run each: the OS file cache, .pyc files
        _timed_process(argv)
    for r in range(runs):
        _log(f"cold starts, round {r + 1}/{runs}")
        for name, argv in cmds.items():  # round-robin, so load changes hit every command alike
            times[name].append(_timed_process(argv))
    out = {"cold_start": {k: {"median_s": _median(v), "runs": v} for k, v in times.items()}}
    mem = {}
    for n in (sizes[0], sizes[-1]):
        _log(f"peak memory: govlint check --jobs 1 --format json on {n} posts")
        mem[str(n)] = {"peak_rss_mb": _peak_rss_mb([py, "-m", "govlint", "check", "--jobs", "1", "--format", "json",
                                                    str(folders[n])])}
    out["memory"] = mem
    return out


# --- targets and report --------------------------------------------------------------------------

def targets(res: dict, ref: int) -> list[dict]:
    tp = res["throughput"]
    cold = res["cold_start"]
    sizes = sorted(int(k) for k in tp)

    def per_post(n):
        v = tp[str(n)]["govlint_ner"]["posts_per_s"]
        return 1 / v if v else None

    base = per_post(sizes[0])
    devs = [abs(per_post(n) / base - 1) for n in sizes[1:]] if base else []
    mem = res["memory"]
    lo, hi = str(sizes[0]), str(sizes[-1])
    rows = [
        ("ner_throughput", f"all packs + NER, {ref} posts, one process ÷ spaCy NER-only nlp.pipe",
         tp[str(ref)]["ratio_govlint_to_spacy"], ">=", 0.6),
        ("jobs_speedup", f"--jobs {res['jobs']['jobs']} ÷ one process ({ref} posts)", res["jobs"]["speedup"], ">=", 1.6),
        ("cold_start_ner", "cold start `govlint check draft.txt` ÷ loading the NER-only pipeline",
         _ratio(cold["govlint_ner"]["median_s"], cold["spacy_ner_load"]["median_s"]), "<=", 1.2),
        ("cold_start_no_nlp", "cold start with --no-nlp ÷ `python -c 'import typer'`",
         _ratio(cold["govlint_no_nlp"]["median_s"], cold["import_typer"]["median_s"]), "<=", 2.0),
        ("no_nlp_throughput", f"--no-nlp posts/s ({ref} posts, one process)",
         tp[str(ref)]["govlint_no_nlp"]["posts_per_s"], ">=", 3000),
        ("scaling", f"largest change in time per post from {sizes[0]} to {sizes[-1]} posts (NER on)",
         max(devs) if devs else None, "<=", 0.15),
        ("memory", f"peak memory at {hi} posts ÷ at {lo} posts",
         _ratio(mem[hi]["peak_rss_mb"], mem[lo]["peak_rss_mb"]), "<=", 1.3),
        ("precommit", "pre-commit run on 20 drafts ÷ cold start on one",
         _ratio(cold["precommit_20_drafts"]["median_s"], cold["govlint_ner"]["median_s"]), "<", 1.5),
    ]
    out = []
    for tid, desc, value, op, threshold in rows:
        ok = None if value is None else {">=": value >= threshold, "<=": value <= threshold, "<": value < threshold}[op]
        out.append({"id": tid, "description": desc, "value": value, "comparison": op, "threshold": threshold,
                    "pass": ok})
    return out


def _fmt(v, digits=2) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float) and abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def render(res: dict) -> str:
    lines = []
    tp = res["throughput"]
    lines.append("Throughput (posts/s, median)")
    lines.append(f"  {'posts':>8}  {'govlint+NER':>12}  {'spaCy NER':>10}  {'ratio':>6}  {'--no-nlp':>9}")
    for n, row in tp.items():
        lines.append(f"  {int(n):>8,}  {_fmt(row['govlint_ner']['posts_per_s']):>12}  {_fmt(row['spacy_ner_pipe']['posts_per_s']):>10}"
                     f"  {_fmt(row['ratio_govlint_to_spacy']):>6}  {_fmt(row['govlint_no_nlp']['posts_per_s']):>9}")
    for n, row in tp.items():
        e = row.get("govlint_ner_every_post")
        if e:
            lines.append(f"  (the model reading every post, not only where it can change a finding: {_fmt(e['posts_per_s'])} "
                         f"posts/s at {int(n):,}, ratio {_fmt(e['ratio_to_spacy'])})")
    j = res["jobs"]
    lines.append(f"  --jobs {j['jobs']} on {j['posts']:,} posts: {_fmt(j['jobs_n']['posts_per_s'])} vs "
                 f"{_fmt(j['one_process']['posts_per_s'])} in one process ({_fmt(j['speedup'])}x; the machine gave "
                 f"a plain CPU-bound task {_fmt(j['machine_speedup'])}x on {j['jobs']} processes meanwhile)")
    pr = res["presidio_raw"]
    ref = str(res["config"]["reference_size"])
    lines.append(f"  raw Presidio AnalyzerEngine.analyze per post: {_fmt(pr['posts_per_s'])} posts/s "
                 f"(sample of {pr['sample']}); govlint+NER is {_fmt(_ratio(tp[ref]['govlint_ner']['posts_per_s'], pr['posts_per_s']))}x that")
    lines.append("Cold start (s, median of %d)" % res["config"]["process_runs"])
    for k, v in res["cold_start"].items():
        lines.append(f"  {k:<22} {_fmt(v['median_s'], 3):>7}")
    lines.append("Peak memory (MB)")
    for k, v in res["memory"].items():
        lines.append(f"  {int(k):>8,} posts  {_fmt(v['peak_rss_mb'], 1)}")
    lines.append(f"Load average before/after: {res['machine']['load_before']} / {res['machine']['load_after']}")
    lines.append("Targets (issue 5)")
    for t in res["targets"]:
        mark = "n/a " if t["pass"] is None else ("PASS" if t["pass"] else "FAIL")
        lines.append(f"  {mark}  {t['id']:<18} {_fmt(t['value'])} {t['comparison']} {t['threshold']}   {t['description']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000,100000)")
    ap.add_argument("--quick", action="store_true", help="a tiny smoke run: small sizes, one run each")
    ap.add_argument("--repeats", type=int, help="in-process runs per size up to the reference size (default 3)")
    ap.add_argument("--process-runs", type=int, help="timed runs of each whole-process command (default 7)")
    ap.add_argument("--jobs", type=int, default=2, help="jobs for the parallel measurement (default 2)")
    ap.add_argument("--presidio-sample", type=int, help="posts for the raw Presidio measurement (default 300)")
    ap.add_argument("--model", default=None, help="spaCy model (default: govlint's)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--workdir", help="where to write the corpus (default: a temporary folder)")
    ap.add_argument("--output", help="write the results as JSON here")
    args = ap.parse_args(argv)

    from govlint import __version__
    from govlint.identifiers.nlp import DEFAULT_MODEL

    sizes = tuple(sorted(int(s) for s in args.sizes.split(","))) if args.sizes else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    repeats = args.repeats or (1 if args.quick else 3)
    runs = args.process_runs or (1 if args.quick else 7)
    sample = args.presidio_sample or (10 if args.quick else 300)
    model = args.model or DEFAULT_MODEL
    ref = 10_000 if 10_000 in sizes else sizes[len(sizes) // 2]
    with tempfile.TemporaryDirectory(prefix="govlint-bench-") as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        _log(f"corpus: {', '.join(f'{n:,}' for n in sizes)} posts (seed {args.seed}) in {work}")
        records = corpus.posts(sizes[-1], args.seed)
        folders = {}
        for n in sizes:
            folders[n] = work / f"corpus-{n}"
            corpus.write_jsonl(records[:n], folders[n])
        del records
        warmup = work / "warm-up"
        corpus.write_jsonl(corpus.posts(min(sizes[0], 1_000), args.seed + 1), warmup)
        load_before = _load()
        res: dict = {
            "schema": SCHEMA,
            "govlint_version": __version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                        "load_before": load_before},
            "config": {"sizes": list(sizes), "reference_size": ref, "repeats": repeats, "process_runs": runs,
                       "presidio_sample": sample, "model": model, "seed": args.seed, "quick": args.quick},
        }
        res.update(measure_in_process(sizes, folders, model, repeats, ref, sample, args.jobs, warmup))
        res.update(measure_processes(work, sizes, folders, model, runs))
        res["machine"]["load_after"] = _load()
        res["targets"] = targets(res, ref)
    print(render(res))
    if args.output:
        Path(args.output).write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        _log(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
