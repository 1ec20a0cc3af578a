"""`govlint serve`: the HTTP API through Starlette's TestClient, its security guard, and the command itself."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install 'govlint[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install 'govlint[web]')")
pytest.importorskip("httpx", reason="httpx is needed for Starlette's TestClient")

with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2; httpx is what its TestClient still uses here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from govlint.cli import app as cli_app  # noqa: E402
from govlint.config import Settings  # noqa: E402
from govlint.web import security  # noqa: E402
from govlint.web.app import create_app  # noqa: E402
from govlint.web.service import Service  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
REPLY = ("Mrs Patel in bay 3 finally got her scan after 9 days. Long night on Ward 7B at the Royal Stoke. "
         "84-year-old retired headmistress from Leek came in at 3am with a very rare sarcoma.")
ADVICE = "@tomhughes78 I'd double the sertraline if it's not touching the sides, 50mg is a tiny dose."
# A made-up, distinctive draft: if any of it shows up in a log, the log leaks drafts.
SECRET = "Zebulon Quackenbush-Ffoulkes, 97, bed 14 on Tulip ward, NHS 943 476 5919"


@pytest.fixture(scope="module")
def service() -> Service:
    return Service(Settings())


@pytest.fixture(scope="module")
def client(service) -> TestClient:
    return TestClient(create_app(port=PORT, service=service), base_url=BASE, raise_server_exceptions=False)


def _is_clean_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body["error"], str) and body["error"], body
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


# ---------------------------------------------------------------- the check endpoint

def test_check_returns_the_cli_json_object(client):
    payload = {"text": REPLY, "author": {"name": "Dr Priya Shah", "handle": "@drpshah", "organisation": False},
               "in_reply_to": "@sarah_j88", "platform": "x", "profession": "doctor"}
    r = client.post("/api/check", json=payload)
    assert r.status_code == 200
    web = r.json()
    cli = CliRunner().invoke(cli_app, ["check", "-", "--format", "json", "--no-redact", "--author-name", "Dr Priya Shah",
                                       "--author-handle", "@drpshah", "--in-reply-to", "@sarah_j88", "--platform", "x",
                                       "--profession", "doctor"], input=REPLY)
    assert cli.exit_code == 1, cli.output
    ref = json.loads(cli.stdout)
    assert web["redacted"] is False and web["version"] == ref["version"]
    # Same findings, field for field; only the input's name differs (<stdin> vs <draft>).
    strip = lambda fs: [{k: v for k, v in f.items() if k != "path"} for f in fs]  # noqa: E731
    assert strip(web["findings"]) == strip(ref["findings"])
    assert {k: v for k, v in web["summary"].items() if k != "files"} == {k: v for k, v in ref["summary"].items() if k != "files"}
    assert {f["rule"] for f in web["findings"]} >= {"GMC-CONF-02", "GMC-CONF-04"}
    assert "Mrs Patel" in {f["match"] for f in web["findings"]}  # masking is off: it is the person's own draft


def test_check_needs_only_text_and_uses_the_metadata(client):
    bare = client.post("/api/check", json={"text": "I'd double the sertraline, 50mg is a tiny dose."}).json()
    assert not any(f["concern"] == "individual-advice" for f in bare["findings"])
    reply = client.post("/api/check", json={"text": "I'd double the sertraline, 50mg is a tiny dose.",
                                            "in_reply_to": "@tomhughes78"}).json()
    assert any(f["concern"] == "individual-advice" for f in reply["findings"])


def test_profession_and_pack_choose_the_regulator(client):
    text = "Mrs Patel in bay 3 finally got her scan after 9 days. Broken system."
    doctor = {f["rule"] for f in client.post("/api/check", json={"text": text, "profession": "doctor"}).json()["findings"]}
    physio = {f["rule"] for f in client.post("/api/check", json={"text": text, "profession": "physiotherapist"}).json()["findings"]}
    hcpc = {f["rule"] for f in client.post("/api/check", json={"text": text, "pack": "hcpc"}).json()["findings"]}
    assert doctor and all(r.startswith("GMC-") for r in doctor)
    assert physio and all(r.startswith("HCPC-") for r in physio)
    assert hcpc == physio
    # a profession no loaded pack covers is metadata, as in JSONL input: the server's packs run
    other = {f["rule"] for f in client.post("/api/check", json={"text": text, "profession": "astronaut"}).json()["findings"]}
    anyone = {f["rule"] for f in client.post("/api/check", json={"text": text}).json()["findings"]}
    assert other == anyone and other


@pytest.mark.parametrize("payload, words", [
    ({"text": 42}, "'text'"),
    ({"author": {"name": "x"}}, "'text'"),
    ({"text": "hi", "author": "me"}, "'author'"),
    ({"text": "hi", "author": {"organisation": "yes"}}, "organisation"),
    ({"text": "hi", "in_reply_to": 7}, "in_reply_to"),
    ({"text": "hi", "pack": "../../etc/passwd"}, "unknown pack"),
    ({"text": "hi", "pack": "core"}, "unknown pack"),
    ([1, 2], "JSON object"),
])
def test_bad_payloads_are_clear_400s(client, payload, words):
    body = _is_clean_error(client.post("/api/check", json=payload), 400)
    assert words in body["error"]


def test_inspect_lists_every_identifier_like_the_cli(client):
    text = "Mrs Patel from Leek, 943 476 5919, 07700 900123"
    web = client.post("/api/inspect", json={"text": text}).json()
    cli = CliRunner().invoke(cli_app, ["inspect", "-", "--format", "json"], input=text)
    ref = json.loads(cli.stdout)
    key = lambda rows: [(i["type"], i["start"], i["end"], i["text"], i["detector"]) for i in rows]  # noqa: E731
    assert key(web["identifiers"]) == key(ref["identifiers"])
    assert {"NHS_NUMBER", "PHONE_NUMBER", "PERSON"} <= {i["type"] for i in web["identifiers"]}


def test_meta_and_rules(client):
    meta = client.get("/api/meta").json()
    assert {p["id"] for p in meta["packs"]} >= {"gmc", "hcpc"} and "core" not in {p["id"] for p in meta["packs"]}
    assert "doctor" in meta["professions"] and meta["nlp"] and meta["version"]
    rules = client.get("/api/rules").json()["rules"]
    assert any(r["id"] == "GMC-CONF-04" and r["citation"]["url"].startswith("https://") for r in rules)


# ---------------------------------------------------------------- fix, explain, demo, quiz

def test_fix_offers_a_rewrite_per_finding_and_applies_one(client, service):
    body = {"text": REPLY, "in_reply_to": "@sarah_j88"}
    check = client.post("/api/check", json=body).json()
    r = client.post("/api/fix", json=body)
    assert r.status_code == 200
    fix = r.json()
    name = next(f for f in check["findings"] if f["match"] == "Mrs Patel")
    assert name["fingerprint"] in fix["fixable"]
    edits = [e for e in fix["edits"] if e["fingerprint"] == name["fingerprint"]]
    assert edits and all(REPLY[e["start"]:e["end"]] == e["original"] for e in edits)
    # one click: only that finding is mended
    one = client.post("/api/fix", json={**body, "only": [name["fingerprint"]]}).json()
    assert "Mrs Patel" not in one["text"] and "Ward 7B" in one["text"]
    after = client.post("/api/check", json={**body, "text": one["text"]}).json()
    assert name["rule"] not in {f["rule"] for f in after["findings"] if f["start"] == name["start"]}
    # the whole-draft rewrite is what `govlint fix` makes of it (same module, same linter)
    from govlint import fixes

    assert fix["text"] == fixes.fix(service.default, REPLY, in_reply_to="@sarah_j88").text
    assert "Mrs Patel" not in fix["text"] and "Leek" not in fix["text"]


def test_fix_of_advice_signposts(client):
    fix = client.post("/api/fix", json={"text": ADVICE}).json()
    assert "GP" in fix["text"] and "sertraline" not in fix["text"]
    assert not any(f["concern"] == "individual-advice" for f in fix["remaining"])


def test_fix_rejects_a_bad_only(client):
    _is_clean_error(client.post("/api/fix", json={"text": REPLY, "only": "all"}), 400)


def test_explain(client):
    r = client.get("/api/explain/GMC-CONF-04")
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == "GMC-CONF-04" and data["why"] and data["citations"][0]["url"].startswith("https://")
    assert data["bad"] and all(b["caught"] for b in data["bad"])
    body = _is_clean_error(client.get("/api/explain/GMC-CONF-99"), 404)
    assert "GMC-CONF-99" in body["error"]


def test_demo_steps_through_bad_examples(client):
    data = client.get("/api/demo?concern=hostility").json()
    assert data["steps"] and all(s["concern"] == "hostility" for s in data["steps"])
    assert all(s["findings"] for s in data["steps"][:3])
    _is_clean_error(client.get("/api/demo?concern=rudeness"), 400)


def test_quiz_questions_grading_and_summary(client, service):
    from govlint.training import quiz

    r = client.get("/api/quiz?count=4&seed=11")
    data = r.json()
    assert r.status_code == 200 and data["seed"] == 11 and len(data["questions"]) == 4
    assert all(set(q) == {"id", "text", "meta"} for q in data["questions"])  # the answers stay on the server
    again = client.get("/api/quiz?count=4&seed=11").json()
    assert [q["id"] for q in again["questions"]] == [q["id"] for q in data["questions"]]
    # the same questions as the CLI's quiz module draws with that seed
    expected = quiz.questions(service.training_linter, 4, 11)
    assert [q.id for q in expected] == [q["id"] for q in data["questions"]]
    results = []
    for q, ans in zip(expected, [q.concerns for q in expected[:2]] + [{"hostility", "patient-identifiability"}] * 2):
        g = client.post("/api/quiz/grade", json={"id": q.id, "answer": sorted(ans), "seed": 11, "count": 4})
        assert g.status_code == 200
        res = g.json()
        assert res == {**quiz.grade(q, ans), **{k: res[k] for k in ("text", "findings", "citations", "note")}}
        results.append(res)
    assert results[0]["correct"] and results[1]["correct"]
    s = client.post("/api/quiz/summary", json={"results": results}).json()
    assert s == quiz.summary(results)
    assert s["asked"] == 4 and s["correct"] == sum(r["correct"] for r in results)


def test_quiz_asks_what_the_cli_asks(client):
    web = client.get("/api/quiz?count=3&seed=7&pack=hcpc").json()
    r = CliRunner().invoke(cli_app, ["quiz", "--count", "3", "--seed", "7", "--pack", "hcpc", "--no-nlp"], input="0\n0\n0\n")
    assert r.exit_code in (0, 1), r.output
    positions = [r.stdout.find(q["text"]) for q in web["questions"]]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), r.stdout
    assert len(web["questions"]) == 3 and web["choices"]


def test_demo_for_one_pack(client):
    steps = client.get("/api/demo?pack=hcpc").json()["steps"]
    assert steps and all(s["pack"] == "hcpc" for s in steps)
    _is_clean_error(client.get("/api/demo?pack=no-such-pack"), 400)


@pytest.mark.parametrize("path, status", [("/api/quiz?count=0", 400), ("/api/quiz?count=ten", 400),
                                          ("/api/quiz?seed=-1", 400)])
def test_quiz_bad_params(client, path, status):
    _is_clean_error(client.get(path), status)


def test_quiz_grade_errors(client):
    ok = {"id": "x", "answer": [], "seed": 1, "count": 2}
    _is_clean_error(client.post("/api/quiz/grade", json=ok), 404)
    _is_clean_error(client.post("/api/quiz/grade", json={**ok, "answer": ["rudeness"]}), 400)
    _is_clean_error(client.post("/api/quiz/grade", json={**ok, "seed": "one"}), 400)
    _is_clean_error(client.post("/api/quiz/summary", json={"results": [{"correct": "yes"}]}), 400)


# ---------------------------------------------------------------- security

@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "attacker.com", "127.0.0.1.nip.io:8765"])
def test_wrong_host_is_refused(client, host):
    body = _is_clean_error(client.get("/api/meta", headers={"host": host}), 421)
    assert "127.0.0.1:8765" in body["error"]
    _is_clean_error(client.post("/api/check", json={"text": REPLY}, headers={"host": host}), 421)


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST:8765"])
def test_loopback_hosts_are_served(client, host):
    assert client.get("/api/meta", headers={"host": host}).status_code == 200


def test_missing_host_is_refused(service):
    app = create_app(port=PORT, service=service)
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/api/meta", "raw_path": b"/api/meta", "query_string": b"",
             "headers": [], "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", PORT),
             "client": ("127.0.0.1", 50000), "root_path": ""}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert "Host" in json.loads(sent[1]["body"])["error"]


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:9999", "https://127.0.0.1:8765",
                                    "http://localhost.evil.example:8765"])
def test_cross_origin_posts_are_refused(client, origin):
    _is_clean_error(client.post("/api/check", json={"text": REPLY}, headers={"origin": origin}), 403)


def test_same_origin_posts_are_served(client):
    for origin in ("http://127.0.0.1:8765", "http://localhost:8765"):
        assert client.post("/api/check", json={"text": "hi"}, headers={"origin": origin}).status_code == 200


def test_cross_site_fetch_metadata_is_refused(client):
    _is_clean_error(client.post("/api/check", json={"text": "hi"}, headers={"sec-fetch-site": "cross-site"}), 403)


def test_no_cors_headers_even_for_a_preflight(client):
    r = client.options("/api/check", headers={"origin": "http://evil.example", "access-control-request-method": "POST"})
    assert r.status_code >= 400
    assert not any(k.lower().startswith("access-control-") for k in r.headers)
    r = client.post("/api/check", json={"text": "hi"})
    assert not any(k.lower().startswith("access-control-") for k in r.headers)


def test_oversized_body_is_413(client):
    big = {"text": "a" * (security.MAX_BODY + 10)}
    body = _is_clean_error(client.post("/api/check", json=big), 413)
    assert "KB" in body["error"]


def test_oversized_chunked_body_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 8192

    r = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
    _is_clean_error(r, 413)


@pytest.mark.parametrize("raw", [b"{not json", b'{"text": "unterminated', b"", b"\xff\xfe\x00", b"[" * 100000])
def test_malformed_json_is_400(client, raw):
    body = _is_clean_error(client.post("/api/check", content=raw, headers={"content-type": "application/json"}), 400)
    assert "JSON" in body["error"] or "UTF-8" in body["error"] or "empty" in body["error"] or "nested" in body["error"]


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None])
def test_wrong_content_type_is_415(client, ctype):
    headers = {"content-type": ctype} if ctype else {}
    _is_clean_error(client.post("/api/check", content=json.dumps({"text": "hi"}).encode(), headers=headers), 415)


def test_unknown_route_and_method_are_json(client):
    _is_clean_error(client.get("/api/nothing"), 404)
    _is_clean_error(client.get("/api/check"), 405)
    _is_clean_error(client.get("/static/../pyproject.toml"), 404)


def test_strict_headers_on_every_response(client):
    for r in (client.get("/"), client.get("/static/app.js"), client.post("/api/check", json={"text": "hi"}),
              client.get("/api/meta", headers={"host": "evil.example"}), client.get("/nope")):
        assert r.headers["content-security-policy"] == security.CSP
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "unsafe-inline" not in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["cache-control"] == "no-store"
        assert "server" not in r.headers


def test_internal_error_is_a_clean_500_that_does_not_leak(service, caplog):
    app = create_app(port=PORT, service=service)
    c = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    orig = service.check_json

    def boom(payload):
        raise RuntimeError(f"something broke on {payload['text']}")

    service.check_json = boom
    try:
        with caplog.at_level(logging.DEBUG):
            r = c.post("/api/check", json={"text": SECRET})
    finally:
        service.check_json = orig
    body = _is_clean_error(r, 500)
    assert SECRET not in r.text and "RuntimeError" not in body["error"]
    assert SECRET not in caplog.text and "Zebulon" not in caplog.text
    assert "RuntimeError" in caplog.text  # the type is logged so that a bug can be found


# ---------------------------------------------------------------- no post text in any log

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))


def test_no_post_text_reaches_the_logs(service, capfd):
    """A real uvicorn server, every logger at DEBUG: a distinctive draft must appear nowhere."""
    from govlint.web.server import Background

    names = ["", "uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi", "starlette", "govlint", "govlint.web",
             "asyncio", "httpx", "presidio-analyzer"]
    handler = _Collect()
    saved = {}
    orig = service.check_json
    with Background(lambda port: create_app(port=port, service=service)) as url:
        for n in names:  # after uvicorn configured its loggers, so that this handler stays attached
            lg = logging.getLogger(n)
            saved[n] = lg.level
            lg.setLevel(logging.DEBUG)
            lg.addHandler(handler)
        try:
            def post(path, data, ctype="application/json"):
                req = urllib.request.Request(url.rstrip("/") + path, data=data, method="POST", headers={"Content-Type": ctype})
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        return r.status, r.read().decode()
                except urllib.error.HTTPError as e:
                    return e.code, e.read().decode()

            good = json.dumps({"text": SECRET, "in_reply_to": "@zebulon_q", "author": {"name": "Dr Quackenbush"}}).encode()
            assert post("/api/check", good)[0] == 200
            assert post("/api/inspect", good)[0] == 200
            assert post("/api/fix", good)[0] == 200
            assert post("/api/check", b'{"text": "' + SECRET.encode() + b'"')[0] == 400  # malformed
            assert post("/api/check", good, "text/plain")[0] == 415
            assert post("/api/check", json.dumps({"text": SECRET * 4000}).encode())[0] == 413

            def boom(payload):
                raise ValueError(payload["text"])

            service.check_json = boom
            status, text = post("/api/check", good)
            assert status == 500 and SECRET not in text
        finally:
            service.check_json = orig
            for n in names:
                logging.getLogger(n).removeHandler(handler)
                logging.getLogger(n).setLevel(saved[n])
    out, err = capfd.readouterr()
    logged = "\n".join(handler.lines)
    assert "ValueError" in logged  # the logging did work...
    for needle in ("Zebulon", "Quackenbush", "Tulip", "943 476 5919", "zebulon_q"):
        assert needle not in logged, logged  # ...and no draft text reached it
        assert needle not in out and needle not in err


# ---------------------------------------------------------------- the page

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_script = True


def test_page_has_no_inline_code_and_only_local_assets(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    p = _Tags()
    p.feed(r.text)
    assert not p.inline_script
    for tag, attrs in p.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)  # no inline handlers
        assert "style" not in attrs, (tag, attrs)  # no inline styles (style-src 'self')
        for k in ("src", "href"):
            v = attrs.get(k)
            if v and tag in ("script", "link", "img"):
                assert v.startswith("/static/") or v.startswith("data:") or v.startswith("#"), v
    for name in ("app.js", "app.css"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200
        assert not re.search(r"https?://(?!www\.w3\.org)", asset.text), name  # nothing fetched from elsewhere
        assert "@import" not in asset.text and "url(http" not in asset.text
    # labels for every form control; findings announced to screen readers
    ids = {a.get("id") for t, a in p.tags if t in ("input", "select", "textarea")}
    labelled = {a.get("for") for t, a in p.tags if t == "label"}
    assert ids - {None, "author-org", "inspect-toggle"} <= labelled
    assert any(a.get("id") == "summary" and a.get("aria-live") for t, a in p.tags)


def test_static_files_are_in_the_package_data():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"govlint.web"' in text and "static/*.js" in text and "static/*.css" in text and "static/*.html" in text


# ---------------------------------------------------------------- the command

def test_core_cli_does_not_import_the_web_stack():
    code = ("import sys, govlint.cli, govlint.api; from typer.testing import CliRunner; "
            "CliRunner().invoke(govlint.cli.app, ['check', '--no-nlp', '-'], input='hello'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr


def test_serve_without_the_web_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "starlette", None)
    r = CliRunner().invoke(cli_app, ["serve", "--no-nlp"])
    assert r.exit_code == 2
    assert "pip install 'govlint[web]'" in r.output


def test_serve_on_a_busy_port_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = CliRunner().invoke(cli_app, ["serve", "--no-nlp", "--port", str(port)])
    assert r.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in r.output and "--port" in r.output
    assert "Traceback" not in r.output


def test_other_hosts_warn():
    from govlint.web.server import warning_for

    assert warning_for("127.0.0.1") is None and warning_for("localhost") is None and warning_for("::1") is None
    assert "network" in warning_for("0.0.0.0")
    assert security.allowed_hosts("192.168.1.5", 8000) >= {"192.168.1.5:8000", "127.0.0.1:8000", "localhost:8000"}
    assert "0.0.0.0:8000" not in security.allowed_hosts("0.0.0.0", 8000)


def test_serve_starts_prints_the_url_and_stops_on_ctrl_c():
    proc = subprocess.Popen([sys.executable, "-m", "govlint", "serve", "--no-nlp", "--port", "0"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line + proc.stderr.read()
        with urllib.request.urlopen(m.group(0) + "api/meta", timeout=30) as r:
            assert json.load(r)["nlp"] is None
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err
