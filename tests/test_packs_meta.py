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
