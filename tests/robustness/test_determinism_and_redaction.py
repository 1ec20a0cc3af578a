"""Same input and config give byte-identical output; masked output never contains the personal data it found."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from govlint.cli import app
from govlint.formatters import FORMATS, REDACT_BY_DEFAULT

FIRST = ["Doris", "Jack", "Aisha", "Tomasz", "Siobhan", "Kwame", "Priya", "Gareth", "Mei", "Olu"]
LAST = ["Patel", "Okafor", "Nowak", "Evans", "O'Brien", "Khan", "Hughes", "Wong", "Adeyemi", "Murphy"]
PLACES = ["Leek", "Skipton", "Barry", "Whitby", "Hexham", "Bideford"]


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            s = "".join(map(str, digits)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def _posts(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = f"Mrs {rng.choice(LAST)}" if i % 2 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = rng.choice([
            f"{name} in bay {rng.randint(1, 9)} finally had her scan today, NHS number {_nhs_number(rng)}.",
            f"Can someone ring {name}'s daughter on 07700 900{rng.randint(100, 999)} about the discharge?",
            f"{name}, {rng.randint(60, 99)}, from {rng.choice(PLACES)}, admitted to ward {rng.randint(1, 30)} at 3am.",
            f"Email {rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(chr(39), '')}@gmail.com re the bed in bay {rng.randint(1, 9)}.",
            f"Patient at {rng.choice(['SW1A 1AA', 'LS1 4AP', 'ST13 5ED'])} discharged after the fall, DOB {rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/19{rng.randint(30, 60)}.",
        ])
        out.append({"id": i, "text": text})
    return out


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    p = tmp_path_factory.mktemp("red") / "posts.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in _posts(60)), encoding="utf-8")
    return p


def test_output_is_byte_identical_across_runs(jsonl):
    runs = [subprocess.run([sys.executable, "-m", "govlint", "check", str(jsonl), "--format", "json", "--no-nlp"],
                           capture_output=True, timeout=120) for _ in range(2)]
    assert runs[0].returncode == 1
    assert runs[0].stdout == runs[1].stdout


def _sensitive_texts(jsonl) -> list[str]:
    """Every identifier govlint found, read from an unmasked run (the thing masking must hide)."""
    r = CliRunner().invoke(app, ["inspect", str(jsonl), "--format", "json", "--no-nlp"])
    rows = json.loads(r.stdout)["identifiers"]
    personal = {"PERSON", "NHS_NUMBER", "PHONE_NUMBER", "EMAIL_ADDRESS", "UK_POSTCODE", "POSTCODE", "DATE_OF_BIRTH", "LOCATION"}
    texts = {row["text"] for row in rows if row["type"] in personal and len(row["text"]) >= 4}
    assert len(texts) > 40, texts
    return sorted(texts)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_masked_output_never_contains_the_personal_data(jsonl, fmt):
    secrets = _sensitive_texts(jsonl)
    args = ["check", str(jsonl), "--format", fmt, "--no-nlp"] + (["--redact"] if fmt not in REDACT_BY_DEFAULT else [])
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 1, r.output
    leaked = [s for s in secrets if s in r.stdout]
    assert not leaked, f"{fmt}: {leaked[:5]}"
    # and the unmasked output does show them, so the test can fail (GitHub annotations quote no post
    # text, but do list the jigsaw details that add up, e.g. 'place: "Whitby"')
    r = CliRunner().invoke(app, ["check", str(jsonl), "--format", fmt, "--no-nlp", "--no-redact"])
    assert any(s in r.stdout for s in secrets)

