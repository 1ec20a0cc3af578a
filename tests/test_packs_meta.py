"""Meta-tests over the shipped packs: structure, citations, coverage of detectors."""

from __future__ import annotations

import collections

from govlint import packs
from govlint.api import resolve_rules
from govlint.config import Settings
from govlint.detectors import REGISTRY
from govlint.model import CONCERNS


def _loaded():
    ps = packs.PackSet()
    return [ps.load(pid) for pid in packs.builtin_ids()]


def test_builtin_packs_load_and_core_is_abstract():
    loaded = {p.id: p for p in _loaded()}
    assert {"core", "gmc", "hcpc"} <= set(loaded)
    assert loaded["core"].abstract
    assert "core" not in packs.default_pack_ids()


def test_rule_ids_unique_across_packs():
    ids = collections.Counter(r.id for p in _loaded() for r in p.rules)
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_runnable_rule_is_cited_with_url_and_has_examples():
    for p in _loaded():
        if p.abstract:
            continue
        for r in p.rules:
            assert r.citation and r.citation.url.startswith("https://"), r.id
            assert r.citation.document, r.id
            assert len(r.examples_bad) >= 2 and len(r.examples_good) >= 2, r.id
            assert r.concern in CONCERNS
            assert r.message and r.title


def test_regulator_packs_cover_the_four_core_concerns():
    for pid in ("gmc", "hcpc"):
        concerns = {r.concern for r in resolve_rules(Settings(packs=(pid,)))}
        assert {"patient-identifiability", "individual-advice", "name-disclosure", "hostility"} <= concerns, pid


def test_every_detector_type_is_used_by_some_rule():
    used = set()

    def walk(spec):
        if isinstance(spec, dict):
            if "type" in spec and spec["type"] in REGISTRY:
                used.add(spec["type"])
            for v in spec.values():
                walk(v)
        elif isinstance(spec, list):
            for v in spec:
                walk(v)

    for p in _loaded():
        for r in p.rules:
            walk(dict(r.detector))
    assert used == set(REGISTRY)


def test_severity_follows_modal_verb_for_name_disclosure():
    gmc = {r.id: r for r in resolve_rules(Settings(packs=("gmc",)))}
    hcpc = {r.id: r for r in resolve_rules(Settings(packs=("hcpc",)))}
    assert gmc["GMC-NAME-01"].severity.label == "warning"  # GMC: 'should usually say who you are'
    assert hcpc["HCPC-NAME-01"].severity.label == "info"  # HCPC: no duty to post under your name


# --- Packs for every regulator and for organisation accounts ---------------------------------

REGULATOR_PACKS = ("gmc", "hcpc", "nmc", "gphc")

# Paragraph numbers the guidance digest (../shared/guidance/README.md) confirms, by document,
# copied by hand so that the tests need nothing outside the project. A rule may cite a
# paragraph only if it is listed here for that document; anything else is cited by section
# with no number. Keys are document-name prefixes; the longest matching prefix applies.
CONFIRMED_PARAGRAPHS = {
    "GMC, Using social media as a medical professional (2024)": {"4", "7", "8", "9", "14", "15", "18", "19"},
    "GMC, Good medical practice (2024)": {"48", "49", "75(c)", "81", "82", "83", "86", "87", "88", "89", "90", "93"},
    "GMC, Doctors' use of social media (2013)": {"1", "2", "3", "4", "5", "6", "7", "13", "17", "18"},
    "HCPC, Standards of conduct, performance and ethics (2024)": {
        "1.1", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12",
        "2.1", "2.5", "2.8", "2.9", "2.10", "2.11", "2.12", "9.1"},
    "HCPC, Standards of conduct, performance and ethics (2016)": {"1.5", "1.6", "1.7", "3", "5.1", "9.2", "9.3", "9.4"},
    "NMC, The Code": {"1.1", "2", "6", "8.2", "9.3", "20.10", "21.1"},
    "GPhC, Standards for pharmacy professionals (2017)": {"3", "5", "6", "7", "8"},
    "GPhC, standards for pharmacy professionals in force 2012 to 2017": {"3", "6"},
}


def _citations(rule):
    """Every citation a rule can show: main, also-cited, and each one's earlier editions."""
    for c in (rule.citation, *rule.also_cited):
        if c is None:
            continue
        yield c
        yield from c.editions


def test_every_pack_records_edition_and_effective_date():
    import re

    for pid in packs.default_pack_ids():
        meta = packs.PackSet().load(pid)
        assert meta.edition, pid
        assert meta.effective_from and re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.effective_from), pid
        for ed in meta.editions:
            assert ed.until and ed.until < meta.effective_from, (pid, ed)


def test_all_five_packs_ship():
    assert set(REGULATOR_PACKS) | {"nhs-org"} <= set(packs.default_pack_ids())


def test_every_citation_everywhere_has_a_url_and_a_document():
    for p in _loaded():
        for r in p.rules:
            for c in _citations(r):
                assert c.document and c.url.startswith("https://"), (r.id, c)


def test_cited_paragraphs_are_confirmed_by_the_guidance_digest():
    problems = []
    for p in _loaded():
        for r in p.rules:
            for c in _citations(r):
                if c.paragraph is None:
                    continue
                prefix = max((k for k in CONFIRMED_PARAGRAPHS if c.document.startswith(k)), key=len, default=None)
                number = c.paragraph.split()[0]
                if prefix is None or number not in CONFIRMED_PARAGRAPHS[prefix]:
                    problems.append(f"{r.id}: {c.document!r} paragraph {c.paragraph!r}")
    assert problems == []


def test_earlier_editions_name_their_edition_and_last_day():
    for p in _loaded():
        for r in p.rules:
            for c in _citations(r):
                for e in c.editions:
                    assert e.edition and e.until, (r.id, e)


def test_regulator_packs_cover_every_individual_concern():
    individual = set(CONCERNS) - {"political-impartiality"}
    for pid in REGULATOR_PACKS:
        concerns = {r.concern for r in resolve_rules(Settings(packs=(pid,)))}
        assert individual <= concerns, (pid, individual - concerns)


def test_nhs_org_pack_is_for_organisation_accounts_only():
    rules = resolve_rules(Settings(packs=("nhs-org",)))
    assert rules and all(r.organisation_only for r in rules)
    assert "political-impartiality" in {r.concern for r in rules}
    assert not any(r.organisation_only for pid in REGULATOR_PACKS for r in resolve_rules(Settings(packs=(pid,))))


def test_packs_for_profession():
    assert packs.packs_for_profession("nurse") == ["nhs-org", "nmc"]
    assert packs.packs_for_profession("Midwife") == ["nhs-org", "nmc"]
    assert packs.packs_for_profession("nursing associate") == ["nhs-org", "nmc"]
    assert packs.packs_for_profession("pharmacy technician") == ["gphc", "nhs-org"]
    assert packs.packs_for_profession("speech and language therapist") == ["hcpc", "nhs-org"]
    for prof in ("doctor", "physician associate"):
        assert packs.packs_for_profession(prof) == ["gmc", "nhs-org"]
    for prof in ("physiotherapist", "paramedic", "occupational therapist", "radiographer", "dietitian", "podiatrist"):
        assert packs.packs_for_profession(prof) == ["hcpc", "nhs-org"], prof
    assert packs.packs_for_profession("organisation") == packs.default_pack_ids()


def test_unknown_profession_is_a_config_error():
    import pytest

    from govlint.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown profession 'astronaut'"):
        packs.packs_for_profession("astronaut")


def test_severities_follow_each_regulators_modal_verb():
    by_id = {r.id: r for pid in packs.default_pack_ids() for r in resolve_rules(Settings(packs=(pid,)))}
    assert by_id["GMC-BOUND-02"].severity.label == "error"  # GMP 86 'must not'
    assert by_id["HCPC-BOUND-01"].severity.label == "error"  # SCPE 2.12 'must'
    assert by_id["NMC-BOUND-01"].severity.label == "warning"  # NMC guidance 'should not'
    assert by_id["NMC-NAME-01"].severity.label == by_id["GPHC-NAME-01"].severity.label == "info"  # no name duty
    assert by_id["NHS-ORG-POL-01"].severity.label == "error"  # 2019 principles 'must'
    assert by_id["NHS-ORG-POL-02"].severity.label == "warning"  # GE2024 restrictions 'should'


def test_builtin_pack_files_pass_the_checks_their_trusted_load_skips():
    """Built-in packs load as trusted (no alias or nesting checks on the event stream): they must pass them."""
    from govlint import yamlio

    files = sorted(packs.builtin_dir().rglob("*.y*ml"))
    assert len(files) >= 6
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert yamlio.load(text) == yamlio.load(text, trusted=True), f


def test_a_builtin_pack_file_is_parsed_once_per_process():
    path = packs.builtin_dir() / "gmc.yaml"
    assert packs._read(path) is packs._read(path)
    assert packs._read(path) is not packs.yamlio.load(path.read_text(encoding="utf-8"))
