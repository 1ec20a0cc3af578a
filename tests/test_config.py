"""Configuration: discovery, layering and provenance, strict keys with file:line, per-path and severity overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govlint import config as cfg
from govlint.api import Linter
from govlint.cli import app
from govlint.errors import ConfigError
from govlint.model import Severity

runner = CliRunner()

# Presents as a doctor with no name on the profile: GMC-NAME-01 (a warning) unless the author has a name.
ANON_DOCTOR = "GP here. The 8am phone scramble is not the patients' fault, it's a funding problem."
# A patient's relative's phone number: GMC-CONF-03 (an error).
CONTACT = "Her daughter's mobile is 07700 900123 if anyone on nights can update her, she's in resus."
INSULT = "Honestly the registrar on call tonight is a useless idiot."


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["govlint.yaml", ".govlint.yaml", "govlint.yml"])
def test_discovered_upward_from_a_subfolder(tmp_path, name):
    _write(tmp_path / name, "fail-on: warning\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    s = cfg.load(cwd=deep)
    assert s.fail_on is Severity.WARNING
    assert s.sources["fail_on"] == f"{tmp_path / name}:1"
    assert s.config_file == str(tmp_path / name)


def test_pyproject_tool_section_is_discovered_and_one_without_it_is_skipped(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.govlint]\nfail-on = "info"\n')
    _write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')  # no [tool.govlint]: keep looking up
    s = cfg.load(cwd=tmp_path / "sub")
    assert s.fail_on is Severity.INFO
    assert s.sources["fail_on"] == f"{tmp_path / 'pyproject.toml'}:5"


def test_nested_tool_table_alone_is_discovered(tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.govlint.allow]\nnames = ["Sarah Jones"]\n')
    s = cfg.load(cwd=tmp_path)
    assert s.allow.names == ("Sarah Jones",)
    assert s.sources["allow"] == f"{tmp_path / 'pyproject.toml'}:1"


def test_govlint_as_a_dependency_is_not_a_config_but_every_table_form_is(tmp_path):
    from govlint.config import discover

    _write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\ndependencies = ["govlint>=0.1"]\n')
    assert discover(tmp_path / "a") is None
    for i, body in enumerate(('[tool]\ngovlint = { fail-on = "info" }\n', 'tool.govlint.fail-on = "info"\n',
                              '[ tool . govlint ]\nfail-on = "info"\n', '[[tool.govlint.per-path]]\npaths = ["x/**"]\n')):
        _write(tmp_path / f"b{i}" / "pyproject.toml", body)
        assert discover(tmp_path / f"b{i}") == (tmp_path / f"b{i}" / "pyproject.toml").resolve(), body


def test_nearest_file_wins(tmp_path):
    _write(tmp_path / "govlint.yaml", "fail-on: info\n")
    _write(tmp_path / "team" / ".govlint.yaml", "fail-on: warning\n")
    assert cfg.load(cwd=tmp_path / "team").fail_on is Severity.WARNING
    assert cfg.load(cwd=tmp_path).fail_on is Severity.INFO


def test_no_file_means_defaults(tmp_path):
    s = cfg.load(cwd=tmp_path)
    assert s.config_file is None and s.fail_on is Severity.ERROR
    assert all(src == "default" for _, _, src in cfg.describe(s))


def test_explicit_config_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        cfg.load(str(tmp_path / "nope.yaml"))


# --- layering and provenance --------------------------------------------------------------------------------

def test_file_merges_over_defaults_and_flags_over_file(tmp_path, monkeypatch):
    _write(tmp_path / "govlint.yaml", "author:\n  organisation: true\nnlp-model: none\nselect: [hostility]\n")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["config", "--show", "--format", "json", "--author-handle", "@trust", "--fail-on", "warning"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)["settings"]
    # the file's partial author keeps the defaults for what it does not say; the flag adds the handle
    assert doc["author"] == {"value": {"handle": "@trust", "organisation": True}, "source": "command line"}
    assert doc["fail-on"] == {"value": "warning", "source": "command line"}
    assert doc["nlp-model"] == {"value": None, "source": f"{tmp_path / 'govlint.yaml'}:3"}
    assert doc["select"]["value"] == ["hostility"] and doc["select"]["source"].endswith("govlint.yaml:4")
    assert doc["regex-timeout"] == {"value": 1.0, "source": "default"}


def test_config_show_text_names_every_setting_and_its_source(tmp_path, monkeypatch):
    _write(tmp_path / "govlint.yaml", "# team settings\nfail-on: warning\nallow:\n  phones: ['0121 424 2000']\n")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["config", "--show"])
    assert r.exit_code == 0, r.output
    lines = {ln.split()[0]: ln for ln in r.output.splitlines() if ln and not ln.startswith("#")}
    assert set(lines) == {k for k, _, _ in cfg.describe(cfg.Settings())}
    assert lines["fail-on"].endswith(f"# {tmp_path / 'govlint.yaml'}:2")
    assert "0121 424 2000" in lines["allow"] and lines["allow"].endswith("govlint.yaml:3")
    assert lines["packs"].endswith("# default")


def test_config_show_with_explicit_file_and_bad_file(tmp_path):
    good = _write(tmp_path / "x.yaml", "profession: nurse\n")
    r = runner.invoke(app, ["config", "--show", "--config", str(good), "--format", "json"])
    assert json.loads(r.output)["settings"]["profession"] == {"value": "nurse", "source": f"{good}:1"}
    bad = _write(tmp_path / "bad.yaml", "profession: nurse\ncolour: red\n")
    r = runner.invoke(app, ["config", "--show", "--config", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}:2: unknown setting 'colour'" in r.output


# --- strict keys ---------------------------------------------------------------------------------------------

YAML_ERRORS = [
    ("fail-on: error\nfailon: warning\n", 2, "unknown setting 'failon'"),
    ("author:\n  name: Dr A\n  nickname: A\n", 3, "unknown author key 'nickname'"),
    ("allow:\n  names: [Sarah Jones]\n  place: [Leeds]\n", 3, "unknown allow key 'place'"),
    ("allow:\n  phones: [01214242000]\n", 2, "put numbers in quotes"),
    ("per-path:\n  - paths: ['a/**']\n    ignore: [hostility]\n  - paths: ['b/**']\n    igonre: [x]\n", 5,
     "unknown per-path key 'igonre'"),
    ("per-path:\n  - paths: ['a/**']\n    author:\n      organization: true\n", 4, "unknown author key 'organization'"),
    ("per-path:\n  - ignore: [hostility]\n", 2, "needs 'paths'"),
    ("severity:\n  hostility: warning\n  GMC-CONF-02: fatal\n", 3, "unknown severity 'fatal'"),
    ("per-path:\n  - paths: [x]\n    allow: {handles: ['@a'], emails: [b]}\n", 3, "unknown allow key 'emails'"),
]


@pytest.mark.parametrize("text,line,message", YAML_ERRORS)
def test_unknown_or_bad_keys_name_file_and_line(tmp_path, text, line, message):
    p = _write(tmp_path / "govlint.yaml", text)
    with pytest.raises(ConfigError) as exc:
        cfg.load(str(p))
    assert str(exc.value).startswith(f"{p}:{line}: "), str(exc.value)
    assert message in str(exc.value)


def test_toml_nested_errors_name_the_line(tmp_path):
    text = ('[project]\nname = "x"\n\n[tool.govlint]\nfail-on = "warning"\n\n[tool.govlint.allow]\nnames = ["A B"]\n'
            '\n[[tool.govlint.per-path]]\npaths = ["drafts/**"]\nignore = ["hostility"]\n\n'
            '[[tool.govlint.per-path]]\npaths = ["org/**"]\nauthor = {organisation = true, nick = "x"}\n')
    p = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError) as exc:
        cfg.load(str(p))
    assert str(exc.value).startswith(f"{p}:16: unknown author key 'nick'"), str(exc.value)
    p.write_text(text.replace(', nick = "x"', "").replace('names = ["A B"]', 'names = ["A B"]\nemail = ["x"]'))
    with pytest.raises(ConfigError) as exc:
        cfg.load(str(p))
    assert str(exc.value).startswith(f"{p}:9: unknown allow key 'email'"), str(exc.value)


def test_cli_reports_config_error_in_one_line_exit_2(tmp_path, monkeypatch):
    _write(tmp_path / "govlint.yaml", "per-path:\n  - paths: [x]\n    sevrity: {}\n")
    d = _write(tmp_path / "d.txt", "hello")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["check", str(d)])
    assert r.exit_code == 2
    assert "govlint.yaml:3: unknown per-path key 'sevrity'" in r.output
    assert "Traceback" not in r.output


def test_relative_paths_are_taken_from_the_config_folder(tmp_path):
    p = _write(tmp_path / "cfg" / "govlint.yaml", "baseline: .govlint-baseline.json\npack-dirs: [packs]\n")
    s = cfg.load(str(p))
    assert Path(s.baseline) == tmp_path / "cfg" / ".govlint-baseline.json"
    assert [Path(d) for d in s.pack_dirs] == [tmp_path / "cfg" / "packs"]


# --- severity overrides --------------------------------------------------------------------------------------

def _rules(result):
    return {(f.rule, f.severity.label) for f in result.findings}


def test_severity_override_by_rule_id_and_by_concern():
    base = Linter(nlp=False)
    assert ("GMC-CONF-03", "error") in _rules(base.check(CONTACT))
    by_id = Linter(nlp=False, severity=(("GMC-CONF-03", Severity.INFO),))
    assert ("GMC-CONF-03", "info") in _rules(by_id.check(CONTACT))
    by_concern = Linter(nlp=False, severity=(("patient-identifiability", Severity.WARNING),))
    assert ("GMC-CONF-03", "warning") in _rules(by_concern.check(CONTACT))
    # the most specific selector wins whatever the order
    both = Linter(nlp=False, severity=(("GMC-CONF-03", Severity.INFO), ("patient-identifiability", Severity.WARNING)))
    assert ("GMC-CONF-03", "info") in _rules(both.check(CONTACT))
    # by the core rule it specialises, too
    core = Linter(nlp=False, severity=(("CORE-CONF-CONTACT", Severity.INFO),))
    assert ("GMC-CONF-03", "info") in _rules(core.check(CONTACT))


def test_severity_override_changes_the_exit_code(tmp_path, monkeypatch):
    d = _write(tmp_path / "d.txt", CONTACT)
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["check", str(d), "--no-nlp"]).exit_code == 1
    _write(tmp_path / "govlint.yaml", "severity:\n  GMC-CONF-03: warning\n")
    r = runner.invoke(app, ["check", str(d), "--no-nlp"])
    assert r.exit_code == 0 and "warning GMC-CONF-03" in r.output
    assert runner.invoke(app, ["check", str(d), "--no-nlp", "--fail-on", "warning"]).exit_code == 1


# --- per-path overrides --------------------------------------------------------------------------------------

PER_PATH = """\
nlp-model: none
per-path:
  - paths: ["drafts/named/**"]
    author: {name: Dr Helen Marsh}
  - paths: ["drafts/wards/*.txt"]
    severity: {GMC-CONF-03: info}
  - paths: ["*.md"]
    ignore: [hostility]
    reason: comedy night scripts, reviewed by the comms lead
"""


def test_per_path_author_severity_and_ignore(tmp_path, monkeypatch):
    _write(tmp_path / "govlint.yaml", PER_PATH)
    named = _write(tmp_path / "drafts" / "named" / "deep" / "a.txt", ANON_DOCTOR)
    other = _write(tmp_path / "drafts" / "other" / "a.txt", ANON_DOCTOR)
    ward = _write(tmp_path / "drafts" / "wards" / "w.txt", CONTACT)
    ward_deeper = _write(tmp_path / "drafts" / "wards" / "sub" / "w.txt", CONTACT)  # '*' does not cross folders
    script = _write(tmp_path / "scripts" / "show.md", INSULT)
    monkeypatch.chdir(tmp_path / "drafts")  # globs are relative to the config file, not the working directory
    linter = Linter(cfg.load())
    from govlint.document import read_inputs

    results = {r.post.path: r for r in linter.check_posts(
        p for p in read_inputs([str(named), str(other), str(ward), str(ward_deeper), str(script)]))}
    assert not results[str(named)].findings
    assert {f.rule for f in results[str(other)].findings} == {"GMC-NAME-01"}
    assert ("GMC-CONF-03", "info") in _rules(results[str(ward)])
    assert ("GMC-CONF-03", "error") in _rules(results[str(ward_deeper)])
    shown = results[str(script)]
    assert not [f for f in shown.findings if f.concern == "hostility"]
    sup = [f for f in shown.suppressed if f.concern == "hostility"]
    assert sup and sup[0].suppression["kind"] == "config"
    assert sup[0].suppression["reason"] == "comedy night scripts, reviewed by the comms lead"
    assert sup[0].suppression["source"].endswith("govlint.yaml:7")


def test_per_path_author_does_not_override_front_matter(tmp_path):
    _write(tmp_path / "govlint.yaml", "nlp-model: none\nper-path:\n  - paths: ['**']\n    author: {name: Dr Helen Marsh}\n")
    d = _write(tmp_path / "d.md", "---\nauthor: {handle: '@anon_gp'}\n---\n" + ANON_DOCTOR)
    from govlint.document import read_inputs

    linter = Linter(cfg.load(str(tmp_path / "govlint.yaml")))
    (result,) = linter.check_posts(read_inputs([str(d)]))
    assert {f.rule for f in result.findings} == {"GMC-NAME-01"}


@pytest.mark.parametrize("glob,path,hit", [
    ("drafts/org/**", "drafts/org/a.txt", True),
    ("drafts/org/**", "drafts/org/x/y/a.txt", True),
    ("drafts/org/**", "drafts/orgs/a.txt", False),
    ("drafts/org", "drafts/org/a.txt", True),
    ("drafts/org/", "drafts/org/a/b.md", True),
    ("*.md", "a/b/c.md", True),
    ("drafts/*.md", "drafts/sub/c.md", False),
    ("**/threads/*.txt", "x/threads/t.txt", True),
    ("**/threads/*.txt", "threads/t.txt", True),
    ("draft?.txt", "draft1.txt", True),
])
def test_glob_semantics(glob, path, hit):
    from govlint.policy import _path_matches, glob_regex

    assert _path_matches([glob_regex(glob)], path) is hit


def test_readme_example_uses_every_key_and_loads(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n# govlint.yaml", 1)[1].split("```", 1)[0]
    p = _write(tmp_path / "govlint.yaml", "# govlint.yaml" + block)
    s = cfg.load(str(p))
    assert {k.replace("_", "-") for k, src in s.sources.items() if src != "default"} >= set(cfg._KEYS)
    assert s.allow.phones == ("0121 424 2000",) and len(s.per_path) == 2
