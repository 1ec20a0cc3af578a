"""The ``classifier`` detector: featuriser, model file format, explanations, and the shipped hostility model."""

from __future__ import annotations

import math
import time

import pytest

from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder
from govlint.detectors import classifier as clf
from govlint.errors import PackError
from govlint.model import Post


def _ctx(text: str) -> PostContext:
    return PostContext(Post(text=text))


def test_tokens_keep_original_offsets_and_undo_disguises():
    text = "@DrX you utter ID1OT 🤡 see https://t.co/abc"
    toks = clf.tokenise(text)
    norms = [t.norm for t in toks]
    assert norms[0] == "@user" and "idiot" in norms and "<url>" in norms
    idiot = next(t for t in toks if t.norm == "idiot")
    assert text[idiot.start:idiot.end] == "ID1OT"
    assert any(text[t.start:t.end] == "🤡" for t in toks)  # the emoji itself, not the view's placeholder


def test_stop_words_are_left_out_of_every_feature():
    words, chars = clf.feature_strings(clf.tokenise("liberals are idiots", frozenset({"liberals"})))
    assert not any("liberal" in f for f in [*words, *chars])
    assert "w:idiots" in words


def test_vector_is_deterministic_and_normalised_per_block():
    a = clf.vector("you absolute clown", 1 << 16)
    b = clf.vector("you absolute clown", 1 << 16)
    assert a == b and a
    words, chars = clf.feature_strings(clf.tokenise("you absolute clown"))
    assert sum(a.values()) == pytest.approx(len(words) ** 0.5 + len(chars) ** 0.5)


def _toy_model() -> clf.Model:
    size = 1 << 12
    weights = {clf.bucket("w:muppet", size): 6.0, clf.bucket("w:lovely", size): -4.0}
    return clf.Model({"buckets": size, "bias": -1.0, "stop_words": []}, weights)


def test_model_file_round_trip_keeps_scores():
    model = _toy_model()
    again = clf.Model.from_bytes(model.to_bytes())
    for text in ("what a muppet", "lovely team today", "nothing here"):
        assert again.score(text) == pytest.approx(model.score(text), abs=1e-3)
    assert again.score("what a muppet") > 0.5 > again.score("lovely team today")


def test_model_file_rejects_other_data():
    with pytest.raises(ValueError):
        clf.Model.from_bytes(b"not a model")


def test_explanation_ranks_the_word_that_pushed_the_score():
    p, ranked = _toy_model().explain("honestly what a muppet")
    assert p > 0.5
    assert ranked[0][0].norm == "muppet"


def _detector(spec):
    return Builder(REGISTRY).detector(spec)


def test_detector_hits_the_strongest_word_and_names_the_words():
    det = _detector({"type": "classifier", "model": "hostility", "threshold": 0.6})
    text = "@DrAdams get your head out of your ass and read the guidelines."
    hits = det.find(_ctx(text))
    assert len(hits) == 1
    details = dict(hits[0].details)
    assert text[hits[0].start:hits[0].end] in details["words"]
    assert details["model_score"] >= 0.6
    assert not {"your", "the", "of"} & set(details["words"])


def test_policy_criticism_scores_below_a_personal_attack():
    model = clf.load("hostility")
    attack = model.score("@DrX you are a pathetic lying idiot")
    policy = model.score("The new contract is a bad deal for trainees and the consultation ignored our evidence.")
    assert attack > 0.6 > policy


def test_no_hit_below_threshold_or_on_empty_text():
    det = _detector({"type": "classifier", "model": "hostility", "threshold": 0.99})
    assert det.find(_ctx("The trial was underpowered and the conclusions overreach.")) == []
    assert det.find(_ctx("   ")) == []


@pytest.mark.parametrize("spec,msg", [
    ({"type": "classifier"}, "needs 'model'"),
    ({"type": "classifier", "model": "nosuchmodel"}, "unknown classifier model"),
    ({"type": "classifier", "model": "../etc/passwd"}, "unknown classifier model"),
    ({"type": "classifier", "model": "hostility", "threshold": 1.5}, "between 0 and 1"),
    ({"type": "classifier", "model": "hostility", "explain": 0}, "at least 1"),
])
def test_bad_specs_are_pack_errors(spec, msg):
    with pytest.raises(PackError, match=msg):
        Builder(REGISTRY, rule="X-1").detector(spec)


def test_shipped_model_loads_fast_and_scores_fast():
    clf.load.cache_clear()
    t = time.perf_counter()
    model = clf.load("hostility")
    load_s = time.perf_counter() - t
    texts = ["@someone honestly this is the worst take I have read all week, do better"] * 200
    t = time.perf_counter()
    for text in texts:
        model.score(text)
    per_post = (time.perf_counter() - t) / len(texts)
    # Budgets from the issue (load < 100 ms, < 1 ms a post), with headroom for a busy machine.
    assert load_s < 0.3, load_s
    assert per_post < 0.003, per_post
    assert model.meta.get("credits", "").startswith("OLID")


# Posts that exercise every path of the featuriser: handles, links, emoji, look-alike letters, leetspeak, spacing,
# stretching, stop words, repeated words and bigrams, symbols only, apostrophes, digits and nothing at all.
_AWKWARD = [
    "", "   ", "!!!", "🤡🤡", "@DrX", "https://t.co/abc www.example.com",
    "@DrX you utter ID1OT 🤡 see https://t.co/abc",
    "you you you are are a a c l o w n clown clown",
    "what a c l o w n, is a m u p p e t", "idiooooot!!! shut uppp", "sh1t st00pid a$$hole 4pm 84yo 2nd",
    "Сlоwn іdiot (Cyrillic) and ｆｕｌｌ width", "don't won’t it's _under_ score__ **stars**",
    "liberals are idiots", "a\u200bb z\u0301 e\u0301 café naïve", "– — … « » “quotes” ‘single’ #tag #KansasCity",
    "12 34 5678 ... ,,, ;;; ?!?!", "the of and to a in is it you that he was for on are with as",
    "honestly this is the worst take I have read all week, do better",
]


def _reference_score(model: clf.Model, text: str) -> float:
    """The probability straight from the training featuriser: ``vector`` and its sum in its own order."""
    vec = clf.vector(text, model.size, model.stop)
    z = model.bias + sum(model.weight(b) * v for b, v in vec.items())
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


@pytest.mark.parametrize("text", _AWKWARD)
def test_score_is_exactly_the_training_featurisers_sum(text):
    model = clf.load("hostility")
    for _ in range(2):  # cold, then with every token and feature remembered
        assert model.score(text) == _reference_score(model, text)
    from govlint.normalise import deleet, lexical

    assert model.score(text, deleet(lexical(text))) == _reference_score(model, text)


def test_score_is_exact_when_features_share_buckets():
    """With 16 buckets nearly every post has features colliding within and across the word and character
    blocks: the score still equals the featuriser's sum exactly."""
    size = 16
    weights = {b: (b - 7.5) / 3.0 for b in range(size)}
    model = clf.Model({"buckets": size, "bias": -0.25, "stop_words": ["the"]}, weights)
    again = clf.Model.from_bytes(model.to_bytes())
    for text in _AWKWARD:
        for m in (model, again, model):
            assert m.score(text) == _reference_score(m, text), text


def test_remembered_tokens_and_buckets_stay_bounded():
    model = clf.Model({"buckets": 1 << 12, "bias": 0.0, "stop_words": []}, {1: 1.0})
    model.remember = 2000
    model.remember_words = 500
    for i in range(100):
        text = " ".join(f"w{i}x{j}" for j in range(50))
        assert model.score(text) == _reference_score(model, text)
    # each bounded by the limit plus what one post adds
    assert len(model._kinds) <= 2000 + 50 and len(model._buckets) <= 2000 + 50 * 2 and len(model._chars) <= 500 + 50


def test_the_first_posts_look_weights_up_by_bisection_with_the_same_scores():
    # A one-draft run (a pre-commit hook) should not pay for building the weight map; a long run should. The two
    # look-ups must agree exactly, on every path of the featuriser.
    blob = clf.load("hostility").to_bytes()
    fresh, mapped = clf.Model.from_bytes(blob), clf.Model.from_bytes(blob)
    mapped._weight_map()
    texts = _AWKWARD * 3  # more posts than the bisection covers, so the map gets built on the way
    assert [fresh.score(t) for t in texts] == [mapped.score(t) for t in texts]
    assert fresh._wmap is not None
