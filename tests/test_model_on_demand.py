"""The NLP model reads only the posts whose findings it could change, and the findings are exactly those of
reading every post (govlint.engine.Linter._check_batch, PostContext.model_pending)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from govlint import engine
from govlint.analysis import PostContext
from govlint.api import Linter
from govlint.config import Settings
from govlint.errors import ModelError
from govlint.identifiers import MODEL_TYPES
from govlint.identifiers import nlp as nlp_layer
from govlint.model import Author, Identifier, Post

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def _posts() -> list[Post]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "corpus" / "posts.jsonl").open(encoding="utf-8")]
    rows += corpus.posts(400, seed=29)
    out = []
    for i, r in enumerate(rows):
        a = r.get("author") or {}
        out.append(Post(text=r["text"], id=i, in_reply_to=r.get("in_reply_to"),
                        author=Author(name=a.get("name"), handle=a.get("handle"), organisation=bool(a.get("organisation")))))
    return out


class _Counting:
    """The model layer, counting the posts it reads."""

    def __init__(self, layer):
        self.layer, self.read = layer, 0

    def analyse(self, texts):
        texts = list(texts)
        self.read += len(texts)
        return self.layer.analyse(texts)


def _shown(results) -> list:
    return [[repr(f) for f in r.findings] for r in results]


@pytest.fixture(scope="module")
def both():
    posts = _posts()
    on_demand, every = Linter(Settings()), Linter(Settings(), model_on_every_post=True)
    counter = _Counting(on_demand.engine._layer())
    on_demand.engine._nlp = counter
    return posts, list(on_demand.check_posts(posts)), list(every.check_posts(posts)), counter


def test_findings_are_those_of_reading_every_post(both, linter_patterns):
    posts, lazy, eager, counter = both
    assert _shown(lazy) == _shown(eager)
    # (and the corpus holds findings that only the model's identifiers give)
    assert _shown(linter_patterns.check_posts(posts)) != _shown(eager)
    assert sum(len(r.findings) for r in eager) > 800
    # ... while the model read only some of the posts (every one with a finding among them)
    assert sum(bool(r.findings) for r in eager) <= counter.read < len(posts) * 0.8


def test_a_post_with_findings_has_every_identifier_the_model_finds(both):
    _, lazy, eager, _ = both
    for a, b in zip(lazy, eager):
        if b.findings:
            assert a.identifiers == b.identifiers
        else:  # a clean post may lack only the model's own (or hold one of them with the model-free score)
            mine, theirs = ({(i.type, i.start, i.end) for i in r.identifiers} for r in (a, b))
            assert mine <= theirs and all(t in MODEL_TYPES for t, _, _ in theirs - mine)
            assert all(i in b.identifiers or i.type in MODEL_TYPES for i in a.identifiers)


def test_a_clean_draft_never_loads_the_model(monkeypatch):
    def refuse(model):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(nlp_layer, "get_layer", refuse)
    lint = Linter(Settings())
    result = lint.check("Our new falls leaflet is out: share it with anyone who cares for an older relative.")
    assert result.findings == [] and lint.engine._nlp is None


def test_a_missing_model_is_reported_even_when_no_post_needs_it():
    lint = Linter(Settings(nlp_model="no_such_model_pkg"))
    with pytest.raises(ModelError, match="no_such_model_pkg"):
        lint.check("Flu jabs at the pharmacy this week.")


def test_a_pending_answer_that_read_the_models_types_is_remembered():
    from govlint.detectors.pii import PiiDetector

    det = PiiDetector({"PERSON"}, 0.5, None, None, "")
    det.key = "person"
    post = Post(text="Jo came in today")
    ctx = PostContext(post, [], model_pending=True)
    assert ctx.run(det) == [] and ctx.model_wanted and "person" in ctx.model_tainted
    ctx.model_wanted = False
    ctx.run(det)  # from the memo: still wants the model
    age = PiiDetector({"AGE"}, 0.5, None, None, "")
    age.key = "age"
    ctx.run(age)
    assert ctx.model_wanted and ctx.model_tainted == {"person"}
    ctx.model_read([Identifier("PERSON", 0, 2, "Jo", 0.85, "model")])
    assert ctx.memo == {"age": []} and not ctx.model_pending  # the answer the model could change is forgotten
    assert [(h.start, h.end) for h in ctx.run(det)] == [(0, 2)]


def test_the_layer_reports_only_the_model_types():
    assert set(nlp_layer._TYPE_MAP.values()) <= MODEL_TYPES
    assert engine.SENSITIVE_TYPES >= MODEL_TYPES - {"ORGANIZATION"}


def test_a_person_the_model_finds_counts_only_with_a_known_name():
    text = "Zed Quorbly and Mrs O’Hara-Smythe met Dr. Aisha's team"
    assert nlp_layer.could_name(text) and not nlp_layer.could_name("nothing capitalised here at all, zed")
    # every entity the model could report, with its score after the name check, stays below the rules' minimum
    # unless could_name says so
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            for kind in ("PERSON", "ORGANIZATION", "LOCATION", "NRP"):
                kept = nlp_layer._name_check(text, Identifier(kind, start, end, text[start:end], 0.85, "model"))
                if kept.type == "PERSON" and kept.score > nlp_layer.UNNAMED_PERSON_SCORE:
                    assert nlp_layer.could_name(text[start:end]), (kind, text[start:end])
    assert not nlp_layer.could_name("Qxvz Wrrkt, Bzzq")
