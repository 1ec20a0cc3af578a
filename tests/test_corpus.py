"""Precision and recall per concern on the project's labelled corpus of realistic posts.

The corpus (tests/corpus/posts.jsonl) was written and labelled independently of
the rules. Floors are set a little under the measured values so a regression
fails the build; raise them as detection improves. Every concern has a floor.

The rows for the five newer concerns (boundaries, conflict of interest,
misinformation, consent for images, political impartiality) were written before
their rules; their last 100 rows were a held-out check written after the first
version of the rules and scored once before tuning (see the README for both
sets of numbers). The corpus numbers for those concerns are therefore tuned
numbers: treat the held-out figures as the honest estimate on new text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.document import parse_jsonl
from govlint.evaluate import predicted_concerns, score

CORPUS = Path(__file__).parent / "corpus" / "posts.jsonl"

# concern: (precision floor, recall floor)
FLOORS = {
    "patient-identifiability": (0.88, 0.88),
    "individual-advice": (0.93, 0.85),
    # (recall: 11 of its 13 misses are anonymous nurses, midwives, pharmacists and HCPC professionals that outside
    # writers labelled, but whose regulators ask for no name: govlint gives them an information note by design)
    "name-disclosure": (0.93, 0.90),
    "hostility": (0.90, 0.80),
    "boundaries": (0.95, 0.92),
    "conflict-of-interest": (0.95, 0.95),
    "misinformation": (0.95, 0.95),
    "consent-images": (0.95, 0.92),
    "political-impartiality": (0.95, 0.95),
}


@pytest.fixture(scope="module")
def scores(linter_nlp):
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts = list(parse_jsonl(CORPUS.read_text(encoding="utf-8"), str(CORPUS)))
    assert len(posts) == len(records) >= 150
    triples = []
    for rec, result in zip(records, linter_nlp.check_posts(posts)):
        triples.append((result.post, set(rec["labels"]), set(rec["annotated"]), predicted_concerns(result.findings)))
    return score(triples)


def test_corpus_shape():
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    clean = sum(1 for r in records if not r["labels"])
    assert clean * 3 >= len(records), "at least a third of the corpus must be clean posts"
    assert len({r["id"] for r in records}) == len(records), "ids must be unique"


def test_corpus_covers_every_concern_and_pack():
    from govlint import packs

    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for concern in FLOORS:
        bad = sum(1 for r in records if concern in r["labels"])
        assert bad >= 30, f"{concern}: only {bad} labelled breaches"
    covered = set()
    for r in records:
        if (r.get("author") or {}).get("organisation"):
            covered.add("nhs-org")
        elif r.get("profession"):
            covered.update(p for p in packs.packs_for_profession(r["profession"]) if p != "nhs-org")
    assert set(packs.default_pack_ids()) <= covered


def test_report_and_floors(scores, capsys):
    lines = [f"{'concern':<26}{'P':>6}{'R':>6}{'F1':>6}{'support':>9}"]
    for c, s in scores.items():
        lines.append(f"{c:<26}{s.precision:6.2f}{s.recall:6.2f}{s.f1:6.2f}{s.support:9d}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    failures = []
    for c, (p_floor, r_floor) in FLOORS.items():
        s = scores[c]
        if s.precision < p_floor or s.recall < r_floor:
            failures.append(f"{c}: P={s.precision:.2f} (floor {p_floor}) R={s.recall:.2f} (floor {r_floor})")
    assert not failures, "; ".join(failures)


# Held-out patient-identifiability posts (annotated for that concern only): heldout_pi.jsonl was
# written before the 2nd-generation PI rules, heldout_pi2.jsonl after their first round and
# before any tuning on it. Floors sit under the measured values (0.97/0.87 and 0.94/0.80).
HELDOUT_FLOORS = {"heldout_pi.jsonl": (0.90, 0.80), "heldout_pi2.jsonl": (0.85, 0.70)}


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_heldout_patient_identifiability(name, linter_nlp):
    path = Path(__file__).parent / "corpus" / name
    text = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert sum(1 for r in records if r["labels"]) >= 20 and sum(1 for r in records if not r["labels"]) >= 20
    triples = [(res.post, set(rec["labels"]), set(rec["annotated"]), predicted_concerns(res.findings))
               for rec, res in zip(records, linter_nlp.check_posts(list(parse_jsonl(text, str(path)))))]
    s = score(triples)["patient-identifiability"]
    p_floor, r_floor = HELDOUT_FLOORS[name]
    assert s.precision >= p_floor and s.recall >= r_floor, (name, s.precision, s.recall)
