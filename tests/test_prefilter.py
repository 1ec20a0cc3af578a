"""Prefilter gates: never reject a text their pattern matches, and actually skip texts that cannot match."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
import regex

from govlint import normalise, prefilter
from govlint.detectors.base import LazyPattern
from govlint.identifiers import uk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def _patterns(engine):
    """Every gated pattern of the built-in packs' compiled detectors, walking nested detectors."""
    seen, out = set(), []

    def walk(obj):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, LazyPattern):
            out.append(obj)
            return
        if isinstance(obj, (list, tuple)):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)
        elif hasattr(obj, "__dict__") and type(obj).__module__.startswith("govlint.detectors"):
            for x in vars(obj).values():
                walk(x)

    for _, det in engine.compiled:
        walk(det)
    return out


def _texts():
    texts = [json.loads(line)["text"] for line in (ROOT / "tests" / "corpus" / "posts.jsonl").open(encoding="utf-8")]
    texts += [r["text"] for r in corpus.posts(1500, seed=11)]
    rng = random.Random(5)
    # Disguises and odd spacing, so the views differ from the text.
    texts += ["".join(c.upper() if rng.random() < 0.3 else c for c in t).replace("o", "0").replace("i", "і")
              for t in rng.sample(texts, 300)]
    out = []
    for t in texts:
        lex = normalise.lexical(t)
        out += [t, normalise.fold(t).text, lex.text, normalise.deleet(lex).text]
    return out


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_gates_never_reject_a_text_their_pattern_matches(linter_patterns, texts):
    pats = [p for p in _patterns(linter_patterns.engine) if p.gate is not None]
    recognisers = [(p, prefilter.gate(p.pattern, p.flags)) for _, p, _, _ in uk._RECOGNISERS]
    assert len(pats) > 20
    checked = skipped = 0
    for text in texts:
        folded = prefilter.Folded(text)
        for p in pats:
            if not p.gate.admits(folded):
                skipped += 1
                assert p.search(text) is None, (p.pattern[:80], text)
            checked += 1
        for p, g in recognisers:
            if g is not None and not g.admits(folded):
                assert p.search(text) is None, (p.pattern[:80], text)
    assert skipped > checked * 0.5  # and they do skip most scans


def test_gate_semantics():
    g = prefilter.gate(r"(?<![\w])you\s+(?:absolute|utter)\s+(?:idiot|clown)s?(?![\w])", regex.IGNORECASE)
    assert g.admits(prefilter.Folded("You UTTER clowns"))
    assert not g.admits(prefilter.Folded("hello there, utter nonsense"))
    d = prefilter.gate(r"\d{1,4}\s?mg\b")
    assert d.admits(prefilter.Folded("take 500mg")) and not d.admits(prefilter.Folded("take some mg"))
    assert prefilter.gate("NHS").admits(prefilter.Folded("the nhs"))
    slot = prefilter.gate("you \ue000", slots={"\ue000": {"idiot", "clown"}})
    assert slot.admits(prefilter.Folded("you clown")) and not slot.admits(prefilter.Folded("you there"))


@pytest.mark.parametrize("pattern", [r"\p{L}+", r"(?:colour){e<=1}", r"[[:alpha:]]+x", r".*", r"(?:x)?", r"\w+"])
def test_no_gate_when_nothing_is_required_or_the_syntax_is_regex_only(pattern):
    assert prefilter.gate(pattern) is None


def test_masked_words_match_as_before(linter_patterns):
    # 'id**t', 'f*cking' and hashtags go through the memoised look-up; same words as a regex per token would give.
    from govlint.detectors.lexicon import _unmask

    words = sorted({"idiot", "idiots", "fucking", "nhs", "moron", "clown"})
    for token in ["id**t", "f*cking", "#nhs", "m*r*n", "cl*wns", "*****", "x*y"]:
        probe = regex.compile("".join("[a-z]" if c in "*#" else regex.escape(c) for c in token) + "(?:s|es)?")
        assert _unmask(token, words) == next((w for w in words if probe.fullmatch(w)), None)


def _canonical(g):
    # The same gate whatever order set iteration gave its clauses (it can differ between equal sets).
    return frozenset(frozenset((c.needles, c.digit) for c in term) for term in g.terms)


def test_gate_cache_round_trips_and_ignores_a_bad_file(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GOVLINT_NO_CACHE", raising=False)
    pattern = r"(?:absolute|utter)\s+(?:idiot|clown)"
    store = prefilter._Store()
    monkeypatch.setattr(prefilter, "_STORE", store)
    first = prefilter.gate(pattern)
    store.save()
    saved = (tmp_path / "prefilter-gates.json").read_text(encoding="utf-8")
    assert "clown" in saved and "utter" in saved
    fresh = prefilter._Store()
    monkeypatch.setattr(prefilter, "_STORE", fresh)
    monkeypatch.setattr(prefilter, "_analyse", lambda *a: pytest.fail("should come from the cache"))
    again = prefilter.gate(pattern)
    assert _canonical(again) == _canonical(first)
    # A damaged or foreign file is ignored: the gate is worked out again.
    (tmp_path / "prefilter-gates.json").write_text('{"version": 1, "gates": {"x": [[[3]]]}}', encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(prefilter, "_STORE", prefilter._Store())
    assert _canonical(prefilter.gate(pattern)) == _canonical(first)


def test_clause_and_gate_tests_agree_with_plain_substring_search():
    # The set-based tests (openings against the text's short pieces, one rejection test per gate) must give
    # exactly the answer of searching every needle: needles shorter than, equal to and longer than the
    # opening, sharing openings, casefolded, digits.
    import random

    rng = random.Random(5)
    alphabet = "abcdeß İ1"
    needle_sets = [frozenset("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))).casefold()
                             for _ in range(rng.randint(1, 8))) for _ in range(300)]
    needle_sets += [frozenset({prefilter.DIGIT}), frozenset({prefilter.DIGIT, "abcd"}), frozenset({"abc", "abcde"})]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(200)] + ["", "ab", "ABCDE"]
    for text in texts:
        folded = prefilter.Folded(text)
        low = text.casefold()
        for needles in needle_sets:
            want = any(n in low for n in needles if n != prefilter.DIGIT) or (
                prefilter.DIGIT in needles and any(ch.isdigit() for ch in text))
            assert prefilter.Clause(needles)._test(folded) == want, (needles, text)
        for i in range(0, len(needle_sets) - 3, 3):
            terms = [needle_sets[i:i + 2], needle_sets[i + 2:i + 3]]
            want = any(all(any(n in low for n in c) for c in term) for term in terms)
            gate = prefilter.Gate([[prefilter.Clause.of(c) for c in term] for term in terms])
            assert gate.admits(prefilter.Folded(text)) == want, (terms, text)


def test_clause_bits_give_the_same_answers_as_testing_each_clause(linter_patterns, texts):
    """Gates read clauses as bits (prefilter._Bits): a new text has every known clause tested at once
    (Folded.test_all), or clauses tested one by one as alternatives need them. Both give each clause's own
    answer, and each gate the answer of testing its alternatives clause by clause."""
    gates = [p.gate for p in _patterns(linter_patterns.engine) if p.gate is not None]
    gates += [g for g in (prefilter.gate(p.pattern, p.flags) for _, p, _, _ in uk._RECOGNISERS) if g is not None]
    for g in gates:  # every clause of every gate known, with its bit
        for term in g.terms:
            for clause in term:
                assert clause.bit == prefilter._BITS.bit_of[clause]
    clauses = list(prefilter._BITS.clauses)
    assert len(clauses) > prefilter._BULK
    sample = texts[::29]
    for text in sample:
        at_once = prefilter.Folded(text)
        at_once.test_all()
        assert at_once.tested == (1 << len(prefilter._BITS.clauses)) - 1
        for clause in clauses:
            assert bool(at_once.truth & clause.bit) == clause._test(at_once), (clause.needles[:5], text)
        one_by_one = prefilter.Folded(text)
        for g in gates:
            want = any(all(c._test(one_by_one) for c in term) for term in g.terms)
            assert g._admits_one_by_one(one_by_one) == want
            assert g.admits(at_once) == want
            assert g.admits(prefilter.Folded(text)) == want
