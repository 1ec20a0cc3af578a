"""Every output format on a realistic report: structure, escaping, counts, and masking of personal data."""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from govlint.cli import app
from govlint.formatters import FORMATS, REDACT_BY_DEFAULT, Options, Report, render
from govlint.formatters import github as gh
from govlint.formatters import markdown as md
from govlint.model import Post, Severity

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text("utf-8"))
runner = CliRunner()

PATIENT = ("Mrs Quorbanek in bay 4, NHS no 943 476 5919. Her daughter is on 07700 900123, "
           "they live at LS1 4AP, email q.family@example.com")
ADVICE = "@jo_smith you should double your sertraline to 100mg tonight."
HOSTILE = "The new registrar is a useless idiot and a total clown. <script>alert('x')</script> 100% sure, ok: yes"
CLEAN = "New systematic review: exercise therapy reduces knee OA pain at 12 weeks (31 trials). #physio"
SECRETS = ["Quorbanek", "943 476 5919", "9434765919", "07700 900123", "07700900123", "LS1 4AP", "q.family@example.com",
           "jo_smith"]


def _report(linter, posts: list[Post]) -> Report:
    results = list(linter.check_posts(posts))
    return Report(findings=[f for r in results for f in r.findings], posts_checked=len(posts),
                  files_checked=len({p.path for p in posts}), version="0.1.0",
                  rules={r.id: r for r in linter.rules}, posts=posts)


@pytest.fixture(scope="module")
def report(linter_patterns) -> Report:
    posts = [Post(PATIENT, "drafts/ward.txt", 0, line=1), Post(ADVICE, "drafts/ward.txt", 1, line=3),
             Post(HOSTILE, "drafts/rant.md", 0, line=4), Post(CLEAN, "drafts/clean.txt", 0)]
    rep = _report(linter_patterns, posts)
    concerns = {f.concern for f in rep.findings}
    assert {"patient-identifiability", "individual-advice", "hostility"} <= concerns, concerns
    return rep


def _out(fmt: str, report: Report, redact: bool) -> str:
    return render(fmt, report, Options(redact=redact))


# --- SARIF ---------------------------------------------------------------------------------------------------------

def test_sarif_is_schema_valid_with_rules_and_results(report):
    doc = json.loads(_out("sarif", report, True))
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "govlint" and driver["version"] == "0.1.0"
    rules = driver["rules"]
    assert {r["id"] for r in rules} == set(report.rules)
    for r in rules:
        meta = report.rules[r["id"]]
        assert r["shortDescription"]["text"] == meta.title
        assert r["fullDescription"]["text"] == meta.message
        assert r["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[meta.severity.label]
        assert r["properties"]["concern"] == meta.concern and meta.concern in r["properties"]["tags"]
        assert re.fullmatch(r"[A-Za-z0-9]+", r["name"])
        if meta.citation:
            assert r["helpUri"] == meta.citation.url
            assert meta.citation.url in r["help"]["text"] and meta.citation.url in r["help"]["markdown"]
        if meta.why:
            assert meta.why.strip() in r["help"]["text"]
    assert len(run["results"]) == len(report.findings)
    for res, f in zip(run["results"], report.findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.rule
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.label]
        assert res["message"]["text"].startswith(f.message)
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == f.path  # relative, as given
        assert loc["region"]["startLine"] == f.line and loc["region"]["startColumn"] == f.column
        assert loc["region"]["endLine"] == f.end_line and loc["region"]["endColumn"] == f.end_column
        assert res["partialFingerprints"]["govlint/v1"] == f.fingerprint
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_region_points_at_the_match_in_the_file(tmp_path, monkeypatch):
    """1-based columns with an exclusive end, counted in the file (front matter and all), over several lines."""
    monkeypatch.chdir(tmp_path)
    text = ("---\nauthor: {handle: '@ward_nurse'}\n---\nShift notes.\n"
            "Mrs Quorbanek, NHS 943 476 5919, back in bay 4.\n")
    Path("shift notes.md").write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["check", "shift notes.md", "--no-nlp", "-f", "sarif", "--no-redact"])
    doc = json.loads(r.stdout)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    lines = text.splitlines()
    results = doc["runs"][0]["results"]
    assert results
    for res in results:
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "shift%20notes.md"
        reg = loc["region"]
        if reg["startLine"] == reg["endLine"]:
            got = lines[reg["startLine"] - 1][reg["startColumn"] - 1:reg["endColumn"] - 1]
            assert got == reg["snippet"]["text"]
    assert any(r_["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "943 476 5919" for r_ in results)


def test_sarif_multiline_span_and_suppression(report):
    f = next(f for f in report.findings if f.concern == "hostility")
    multi = replace(f, line=4, column=10, end_line=6, end_column=3,
                    details={**f.details, "suppression": {"reason": "Quoted for a training slide", "kind": "front-matter"}})
    rep = Report(findings=[multi], posts_checked=1, files_checked=1, version="0.1.0", errors=["x.csv: not UTF-8"])
    doc = json.loads(_out("sarif", rep, True))
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    res = doc["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 10, "endLine": 6, "endColumn": 3, "snippet": {"text": f.match}}
    assert res["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "Quoted for a training slide"}]
    # rule metadata comes from the finding when the report has none
    assert doc["runs"][0]["tool"]["driver"]["rules"][0]["id"] == f.rule
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False and inv["toolExecutionNotifications"][0]["message"]["text"] == "x.csv: not UTF-8"


# --- GitHub annotations --------------------------------------------------------------------------------------------

_CMD = re.compile(r"^::(error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def _unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse(line: str) -> tuple[str, dict, str]:
    m = _CMD.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m["props"].split(",")) if m["props"] else {}
    return m[1], {k: _unescape(v) for k, v in props.items()}, _unescape(m["msg"])


def test_github_annotations_parse(report):
    out = _out("github", report, True).splitlines()
    cmds = [line for line in out if line.startswith("::")]
    assert len(cmds) == len(report.findings)
    for line, f in zip(cmds, report.findings):
        kind, props, msg = _parse(line)
        assert kind == {"error": "error", "warning": "warning", "info": "notice"}[f.severity.label]
        assert props["file"] == f.path and int(props["line"]) == f.line and int(props["col"]) == f.column
        assert int(props["endLine"]) == f.end_line and props["title"].startswith(f.rule)
        assert msg.startswith(f.message) and (not f.citation or f.citation.url in msg)
    assert out[-1].startswith("govlint: ")


def test_github_escaping_and_levels(report):
    f = report.findings[0]
    odd = replace(f, path="dir,with:odd%chars/a b.txt", message="Line one: 100%\r\nline two, done", title="T:1,2",
                  severity=Severity.WARNING)
    note = replace(f, severity=Severity.INFO, line=2, end_line=5)
    lines = _out("github", Report(findings=[odd, note]), False).splitlines()
    assert all("\n" not in x and "\r" not in x for x in lines)
    kind, props, msg = _parse(lines[0])
    assert kind == "warning"
    assert props["file"] == "dir,with:odd%chars/a b.txt" and props["title"].endswith("T:1,2")
    assert msg.split("\n")[0:2] == ["Line one: 100%\r", "line two, done"]
    assert "%2C" in lines[0] and "%3A" in lines[0] and "%25" in lines[0] and "%0A" in lines[0]
    kind, props, _ = _parse(lines[1])
    assert kind == "notice" and props["endLine"] == "5" and "endColumn" not in props  # columns only within one line
    assert gh.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A" and gh.escape_data("a:b,c%\n") == "a:b,c%25%0A"


# --- JUnit ---------------------------------------------------------------------------------------------------------

def test_junit_suites_cases_failures(report):
    root = ET.fromstring(_out("junit", report, True).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["drafts/ward.txt", "drafts/rant.md", "drafts/clean.txt"]
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["drafts/ward.txt:0", "drafts/ward.txt:1", "drafts/rant.md:0", "drafts/clean.txt:0"]
    failures = root.findall("testsuite/testcase/failure")
    assert [x.get("type") for x in failures] == [f.rule for f in report.findings]
    assert all(x.get("message") and x.text for x in failures)
    assert cases[-1].find("failure") is None  # the clean post passes
    for s in suites:
        assert int(s.get("tests")) == len(s.findall("testcase"))
        assert int(s.get("failures")) == sum(1 for c in s.findall("testcase") if c.find("failure") is not None)
    assert root.get("tests") == "4" and root.get("failures") == "3" and root.get("errors") == "0"


def test_junit_input_errors_and_unprintable_characters(report):
    f = report.findings[0]
    weird = replace(f, message="bad \x00\x08 chars & <tags> \"quotes\"", path="a&b.txt")
    root = ET.fromstring(_out("junit", Report(findings=[weird], errors=["c.csv: not UTF-8 <x>"]), False).encode())
    fail = root.find("testsuite/testcase/failure")
    assert "& <tags>" in fail.get("message") and "\x00" not in fail.get("message")
    err = root.findall("testsuite/testcase/error")
    assert len(err) == 1 and err[0].get("message") == "c.csv: not UTF-8 <x>"
    assert root.get("errors") == "1" and root.get("tests") == "2"


# --- HTML ----------------------------------------------------------------------------------------------------------

class _Tags(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with {self.stack[-3:]}")
        else:
            self.stack.pop()


def test_html_is_self_contained_escaped_and_balanced(report):
    page = _out("html", report, False)
    p = _Tags()
    p.feed(page)
    assert not p.errors and not p.stack
    tags = [t for t, _ in p.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    csp = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"""
    assert csp in page
    assert "url(" not in page and "@import" not in page and " src=" not in page
    # every http(s) reference is a citation link
    citations = {c.url for f in report.findings for c in ((f.citation,) + f.also_cited) if c}
    hrefs = [a.get("href") for t, a in p.tags if t == "a"]
    assert set(hrefs) <= citations and hrefs
    assert len(re.findall(r"https?://", page)) == len(hrefs)
    assert "@media print" in page


def test_html_highlights_number_every_finding_beside_the_post(report):
    page = _out("html", report, False)
    for n, f in enumerate(report.findings, 1):
        assert f'<sup class="ref {f.severity.label}">{n}</sup>' in page
        assert f'id="finding-{n}"' in page
        assert f.title.replace("'", "&#x27;") in page
    assert page.count("<mark ") >= len(report.findings)
    assert "Quorbanek" in page  # unredacted: the post is shown as written
    assert "drafts/clean.txt:0" in page and "with no findings" in page


# --- Markdown ------------------------------------------------------------------------------------------------------

def _cells(row: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_markdown_summary_table_and_details(report):
    out = _out("markdown", report, False)
    rows = [line for line in out.splitlines() if line.startswith("| `drafts/")]
    assert len(rows) == len(report.findings)
    for row, f in zip(rows, report.findings):
        cells = _cells(row)
        assert len(cells) == 6
        assert cells[0] == f"`{f.path}:{f.line}`" and cells[1] == f"`{f.rule}`" and cells[2] == f.concern
        assert f.citation is None or f"(<{f.citation.url}>)" in cells[5]
    assert out.count("<details>") == 2 and out.count("</details>") == 2  # files with findings
    assert "| patient-identifiability |" in out
    assert re.search(r"(?<![`\w])@(?!\u200b)\w", out) is None  # no live @mentions outside code spans
    assert "`@jo_smith you should`" in out or "`you should`" in out


def test_markdown_stays_under_githubs_limit(report):
    many = Report(findings=[replace(f, line=i) for i in range(1, 800) for f in report.findings], posts_checked=800)
    out = _out("markdown", many, False)
    assert md.length(out) <= md.LIMIT
    assert "Truncated" in out


# --- Masking -------------------------------------------------------------------------------------------------------

def _nhs(rng: random.Random) -> str:
    while True:
        d = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10 and len(set(d)) > 1:
            s = "".join(map(str, d)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def _identifiers(rng: random.Random) -> dict[str, str]:
    syll = ["quor", "ban", "ek", "zil", "tor", "vex", "mal", "ory", "dun", "ask", "pel", "wyn"]
    surname = "".join(rng.sample(syll, 3)).capitalize()
    area = rng.choice(["LS", "M", "B", "SW", "NE", "CF", "EH", "G"])
    unit = "ABDEFGHJLNPQRSTUWXYZ"
    postcode = f"{area}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(unit)}{rng.choice(unit)}"
    return {
        "name": f"{rng.choice(['Mrs', 'Mr', 'Ms'])} {surname}",
        "surname": surname,
        "nhs": _nhs(rng),
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "postcode": postcode,
        "email": f"{surname.lower()}.{rng.randint(10, 99)}@example.org",
        "handle": f"{surname.lower()}_{rng.randint(1, 99)}",
    }


def test_redacted_output_holds_no_personal_data_in_any_format(linter_patterns):
    rng = random.Random(20240130)
    posts, secrets = [], []
    for i in range(30):
        ids = _identifiers(rng)
        text = rng.choice([
            "{name} in bay {bay}, NHS no {nhs}, daughter on {phone}, lives at {postcode}, email {email}",
            "Can someone chase bloods for {nhs}? {name} is asking. Family: {phone} / {email}, home {postcode}",
            "@{handle} {name} ({nhs}) from {postcode}: you should stop the warfarin. Call {phone} or {email}",
        ]).format(bay=rng.randint(1, 30), **ids)
        posts.append(Post(text, f"drafts/case{i % 4}.txt", i, line=i + 1))
        secrets += [ids["name"], ids["surname"], ids["nhs"], ids["nhs"].replace(" ", ""), ids["phone"],
                    ids["phone"].replace(" ", ""), ids["postcode"], ids["email"]]
        if "@" + ids["handle"] in text:
            secrets.append(ids["handle"])
    rep = _report(linter_patterns, posts)
    # the identifier layer must have found every identifier, or the test proves nothing
    found = {p.text[s:e] for f in rep.findings for s, e, _ in f.sensitive for p in posts if p.id == f.post}
    squeezed = [x.replace(" ", "") for x in found]
    for s in secrets:
        assert any(s.replace(" ", "") in x for x in squeezed), f"{s!r} was not detected"
    for fmt in FORMATS:
        out = _out(fmt, rep, True)
        leaked = [s for s in secrets if s in out]
        assert not leaked, f"{fmt} leaks {leaked[:3]}"
        # and the same output unredacted does show them, so the check above can fail
        if fmt in {"json", "sarif", "junit", "html", "markdown", "text"}:
            assert any(s in _out(fmt, rep, False) for s in secrets), fmt


def test_redacted_output_masks_names_the_nlp_model_finds(linter_nlp):
    texts = ["Sarah Quorbanek came back to resus at 3am, her son Tomasz was in bits.",
             "Thanks to Priyanka Malpelvex for holding Mr Dunask's hand in bay 6 tonight.",
             "Agnieszka Torvexil (NHS 943 476 5919) discharged to her flat in Leeds LS6 2AB"]
    rep = _report(linter_nlp, [Post(t, "drafts/nlp.txt", i, line=i + 1) for i, t in enumerate(texts)])
    spans = {(f.post, s, e) for f in rep.findings for s, e, k in f.sensitive if k in {"PERSON", "NHS_NUMBER", "UK_POSTCODE"}}
    names = {texts[p][s:e] for p, s, e in spans}
    assert {"Sarah Quorbanek", "Priyanka Malpelvex"} & names, names
    for fmt in FORMATS:
        out = _out(fmt, rep, True)
        assert not [n for n in names if n in out], fmt


def test_masking_hides_what_any_finding_in_the_post_rests_on(report):
    """A detail one finding rests on stays hidden where another finding in the same post quotes it."""
    text = "Retired headmistress from Leek, what a total clown"
    base = report.findings[0]
    jigsaw = replace(base, concern="patient-identifiability", context=text, start=0, end=30, match=text[:30], sensitive=(),
                     details={"evidence": [{"label": "occupation", "text": "Retired headmistress", "start": 0, "end": 20},
                                           {"label": "place", "text": "Leek", "start": 26, "end": 30}]})
    insult = replace(base, rule="GMC-HOST-01", concern="hostility", context=text, start=0, end=len(text), match=text,
                     sensitive=(), details={})
    rep = Report(findings=[jigsaw, insult], posts_checked=1)
    for fmt in FORMATS:
        out = _out(fmt, rep, True)
        assert "headmistress" not in out and "Leek" not in out, fmt
        assert "clown" in out or fmt in {"github", "markdown"}, fmt  # the rest of the post is still shown


def test_redacted_report_fixture_in_every_format(report):
    for fmt in FORMATS:
        out = _out(fmt, report, True)
        assert not [s for s in SECRETS if s in out], fmt
    assert "[NHS_NUMBER]" in _out("html", report, True)


# --- CLI -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "html", "markdown"])
def test_cli_formats_and_redaction_defaults(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    Path("ward.txt").write_text(PATIENT + "\n---\n" + ADVICE + "\n", encoding="utf-8")
    default = runner.invoke(app, ["check", "ward.txt", "--no-nlp", "--format", fmt])
    assert default.exit_code == 1, default.output
    raw = runner.invoke(app, ["check", "ward.txt", "--no-nlp", "--format", fmt, "--no-redact"])
    masked = runner.invoke(app, ["check", "ward.txt", "--no-nlp", "--format", fmt, "--redact"])
    assert raw.exit_code == masked.exit_code == 1
    assert "943 476 5919" not in masked.stdout and "Quorbanek" not in masked.stdout
    if fmt in REDACT_BY_DEFAULT:
        assert default.stdout == masked.stdout
    else:
        assert default.stdout == raw.stdout
    if fmt != "github":  # annotations point at the line; they never quote the post
        assert "943 476 5919" in raw.stdout
    if fmt == "sarif":
        jsonschema.Draft7Validator(SCHEMA).validate(json.loads(default.stdout))
    if fmt == "junit":
        assert ET.fromstring(default.stdout.encode()).get("failures") == "2"


def test_sarif_carries_front_matter_suppressions(tmp_path):
    draft = tmp_path / "story.md"
    draft.write_text("---\ngovlint:\n  ignore: [patient-identifiability]\n  reason: Consent on file, agreed with IG\n---\n"
                     "Mrs Patel in bay 3 finally got her scan after 9 days.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(draft), "--no-nlp", "--format", "sarif"])
    assert r.exit_code == 0, r.output  # suppressed: does not fail the run
    log = json.loads(r.stdout)
    jsonschema.validate(log, json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0.json").read_text()))
    results = log["runs"][0]["results"]
    assert results and all(res["suppressions"][0]["kind"] == "inSource" for res in results)
    assert results[0]["suppressions"][0]["justification"] == "Consent on file, agreed with IG"
    assert "Patel" not in r.stdout  # still masked by default
