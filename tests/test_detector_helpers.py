"""Detector building blocks used by the hostility rules: quotations, ``not_within``, the leet view,
lexicon unions in patterns, trie-compiled alternations, and spaced-out words after an article."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint import normalise
from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder
from govlint.detectors.base import alternation
from govlint.errors import PackError
from govlint.model import Identifier, Post


def _ctx(text: str) -> PostContext:
    return PostContext(Post(text=text))


def _find(spec, text, lexicons=None):
    det = Builder(REGISTRY, lexicons=lexicons or {}).detector(spec)
    return [text[h.start:h.end] for h in det.find(_ctx(text))]


def test_quotation_spans_single_double_and_curly_quotes_but_not_apostrophes():
    text = "Got a DM: 'you're a useless idiot'. The “frequent flyer” label and the \"bed blocker\" one; the doctors' mess."
    found = _find({"type": "quotation"}, text)
    assert found == ["'you're a useless idiot'", "“frequent flyer”", "\"bed blocker\""]


def test_quotation_respects_max_chars():
    assert _find({"type": "quotation", "max_chars": 5}, "she said 'a very long quotation here'") == []


def test_not_within_drops_hits_inside_quotes_only():
    spec = {"type": "combination", "any": [{"type": "lexicon", "terms": ["idiot"]}], "not_within": {"type": "quotation"}}
    assert _find(spec, "He called me an 'idiot' today") == []
    assert _find(spec, "What an idiot, and he said 'sorry'") == ["idiot"]


def test_combination_any_reports_one_hit_per_phrase():
    spec = {"type": "combination", "any": [{"type": "lexicon", "terms": ["idiot"]},
                                            {"type": "pattern", "patterns": ["utter idiot"]}]}
    assert _find(spec, "you utter idiot") == ["utter idiot"]


def test_leet_view_in_patterns():
    spec = {"type": "pattern", "view": "leet", "patterns": ["you\\s+idiot"]}
    assert _find(spec, "you 1d10t") == ["you 1d10t"]
    assert _find({**spec, "view": "lexical"}, "you 1d10t") == []


def test_lexicon_union_placeholder():
    lex = {"a": ["clown"], "b": ["muppet"]}
    spec = {"type": "pattern", "patterns": ["you\\s+{{a|b}}"]}
    assert _find(spec, "you clown, you muppet", lex) == ["you clown", "you muppet"]


def test_builder_rejects_unknown_lexicon_in_union():
    with pytest.raises(PackError, match="unknown lexicon"):
        Builder(REGISTRY, lexicons={"a": ["x"]}).detector({"type": "pattern", "patterns": ["{{a|nope}}"]})


words = st.lists(st.text(alphabet="ab -", min_size=1, max_size=5).map(str.strip).filter(bool), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(words, st.text(alphabet="ab -", max_size=8))
def test_trie_alternation_matches_what_a_flat_alternation_matches(terms, probe):
    flat = "|".join(regex.escape(t).replace(r"\ ", r"[\s\-]+") for t in sorted(set(terms), key=len, reverse=True))
    trie = alternation(terms)
    assert bool(regex.fullmatch(f"(?:{flat})", probe)) == bool(regex.fullmatch(trie, probe))


def test_spaced_letters_after_an_article_keep_the_article():
    assert normalise.lexical("she is a c l o w n").text == "she is a clown"
    assert normalise.lexical("you i d i o t").text == "you idiot"
    v = normalise.lexical("what a c.l.o.w.n!")
    assert v.text == "what a clown!" and len(v.origin) == len(v.text) + 1


def test_pii_unless_in_the_identifiers_own_text_drops_only_those_identifiers():
    text = "Came in 3 hours ago, waited 20 minutes for a bed in resus."
    idents = [Identifier("DATE_TIME", text.index("3 hours"), text.index(","), "3 hours ago", 0.85, "test"),
              Identifier("DATE_TIME", text.index("20"), text.index(" for"), "20 minutes", 0.85, "test")]
    spec = {"type": "pii", "entities": ["DATE_TIME"], "unless": [r"^\d+\s+(?:minutes?|hours?)$"], "unless_scope": "match"}
    det = Builder(REGISTRY, lexicons={}).detector(spec)
    assert [text[h.start:h.end] for h in det.find(PostContext(Post(text=text), idents))] == ["3 hours ago"]
    spec["unless_scope"] = "sentence"  # the same exception looked for in the whole sentence drops both
    det = Builder(REGISTRY, lexicons={}).detector(spec | {"unless": [r"\d+\s+minutes"]})
    assert det.find(PostContext(Post(text=text), idents)) == []
    with pytest.raises(PackError, match="unless_scope"):
        Builder(REGISTRY, lexicons={}).detector(spec | {"unless_scope": "paragraph"})
