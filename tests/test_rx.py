"""govlint.rx: regex's C extension without the package, the same flags and release, and a check that imports no
more of regex than that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import regex

from govlint import rx

SRC = str(Path(__file__).resolve().parent.parent / "src")


def test_flags_and_release_are_regex_own():
    for name in ("ASCII", "DOTALL", "IGNORECASE", "MULTILINE", "UNICODE", "VERBOSE", "V0", "V1"):
        assert getattr(rx, name) == int(getattr(regex, name)), name
    assert rx.release() == regex.__version__
    assert rx._read_release() == regex.__version__  # what a process that has not imported regex reads


def test_other_names_are_the_package_own_and_it_shares_the_engine():
    assert rx.compile is regex.compile and rx.escape is regex.escape and rx.error is regex.error
    from regex import _main

    assert rx.engine() is _main._regex


def _run(code: str, stdin: str = "") -> list[str]:
    r = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True,
                       env={"PYTHONPATH": SRC, "PATH": ""})
    assert r.returncode == 0, r.stderr
    return r.stdout.split("\n")


def test_the_engine_alone_then_the_package_adopting_it():
    out = _run(
        "import sys\n"
        "from govlint import rx\n"
        "e = rx.engine()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'regex'))\n"
        "print(rx.release())\n"
        "import regex\n"
        "from regex import _main\n"
        "print(_main._regex is e, regex.compile(r'\\bid[i1]ot', regex.I).findall('IDIOT id1ot'))\n"
        "print(rx.compile is regex.compile, regex._regex is e)\n")
    assert out[0] == "['regex._regex']"
    assert out[1] == regex.__version__
    assert out[2] == "True ['IDIOT', 'id1ot']"
    assert out[3] == "True True"


def test_a_check_imports_no_more_of_regex_than_its_engine():
    out = _run(
        "import sys\n"
        "from govlint.cli import run\n"
        "sys.argv = ['govlint', 'check', '--no-nlp', '-f', 'json', '-']\n"
        "status = run()\n"
        "print('REGEX', sorted(m for m in sys.modules if m.split('.')[0] == 'regex'), status)\n",
        stdin="Lovely chat with Mrs Patel in bay 3 today, 84 and sharp as a tack.\n"
              "@drjones you absolute muppet, take 500mg amoxicillin twice a day\n"
              "Call 07700 900123 or email jo.bloggs@nhs.net, NHS no 943 476 5919, hospital no A1234567\n")
    line = next(x for x in out if x.startswith("REGEX"))
    assert line == "REGEX ['regex._regex'] 1"
