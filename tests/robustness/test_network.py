"""No network, ever: an audit hook refuses sockets in-process, and a real run happens with networking removed.

Drafts mention e-mail addresses, URLs and domains on purpose: those are what tempt libraries (tldextract's
public-suffix list, model downloads) into the network.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from govlint.cli import app

# conftest's NetworkUsed is an AssertionError; match its message (conftest is imported under another name).
REFUSED = r"network access|DNS lookup|internet socket"

DRAFT = ("Great to see the new guidance at https://www.gmc-uk.org/ethical-guidance and www.nhs.uk/conditions. "
         "Email jo.bloggs@nhs.net or ring 0121 496 0000. Mrs Patel in bay 3, 84, from Leek, came in at 3am.")


def test_guard_refuses_internet_sockets_and_lookups(no_network):
    with pytest.raises(AssertionError, match=REFUSED):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(AssertionError, match=REFUSED):
        socket.getaddrinfo("example.org", 443)


def test_guard_outside_fixture_still_refuses_the_internet():
    with pytest.raises(AssertionError, match=REFUSED):
        socket.getaddrinfo("example.org", 443)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match=REFUSED):
            s.connect(("93.184.216.34", 80))
    finally:
        s.close()


@pytest.mark.parametrize("args", [
    ["check", "{draft}", "--format", "json"],
    ["check", "{draft}", "--no-nlp"],
    ["inspect", "{draft}", "--format", "json"],
    ["explain", "GMC-CONF-04"],
    ["demo", "--pack", "gmc", "--concern", "patient-identifiability", "--no-pause"],
    ["handout", "--pack", "hcpc", "--format", "html", "--output", "{tmp}/handout.html"],
    ["fix", "{draft}", "--diff"],
    ["fix", "{draft}", "--write"],
    ["audit", "{draft}"],
    ["eval", "{labelled}", "--format", "json"],
])
def test_commands_make_no_connection(no_network, tmp_path, args):
    from govlint.identifiers import nlp

    nlp._layers.clear()  # load the model and tldextract inside the guard
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(json.dumps({"text": DRAFT, "labels": ["patient-identifiability"]}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, [a.format(draft=draft, tmp=tmp_path, labelled=labelled) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code in (0, 1), r.output


def _unshare_ok() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_ok(), reason="needs 'unshare --net' (root or user namespaces) to remove networking")
def test_end_to_end_without_networking_writes_nothing_else(tmp_path):
    """A whole run, NLP on, in a process with no network interfaces; nothing is written but stdout."""
    work = tmp_path / "work"
    home = tmp_path / "home"
    scratch = tmp_path / "tmp"
    for d in (work, home, scratch):
        d.mkdir()
    draft = work / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(scratch), "XDG_CACHE_HOME": str(home / ".cache"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run(["unshare", "--net", sys.executable, "-m", "govlint", "check", "draft.txt", "--format", "json"],
                       cwd=work, env=env, capture_output=True, text=True, timeout=180)
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert report["findings"], "the patient details should be found offline"
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["work/draft.txt"], written
