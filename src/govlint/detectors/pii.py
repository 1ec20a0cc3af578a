"""``pii``: identifiers from the identifier layer (Presidio NER and UK recognisers).

Spec keys: ``entities`` (identifier types, e.g. PERSON, AGE, NHS_NUMBER),
``min_score`` (default 0.5), ``not_preceded_by`` / ``not_followed_by``
(patterns checked against the 40 characters either side, e.g. to skip 'Dr'
before a colleague's name), ``unless`` / ``unless_scope`` as for ``pattern``
(``match``: the identifier's own text, e.g. a date-time that is only a
duration), ``label``. A PERSON that is the author's own display name (a signature, a self-introduction)
is not a hit.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from govlint.detectors.base import Builder, Detector, Need, scope_span, side_ok
from govlint.identifiers import MODEL_TYPES, UNNAMED_PERSON_SCORE
from govlint.detectors.pattern import SCOPES, compile_patterns
from govlint.model import Hit

KEYS = {"entities": (list, str), "min_score": (float, int), "not_preceded_by": str, "not_followed_by": str,
        "unless": (list, str), "unless_scope": str, "label": str}
# Types that only the NER model finds well; rules using them ask the engine to load it.
NLP_TYPES = {"PERSON", "LOCATION", "NRP", "ORGANIZATION"}
KNOWN_TYPES = NLP_TYPES | {"AGE", "DATE_TIME", "DATE_OF_BIRTH", "NHS_NUMBER", "UK_POSTCODE", "PHONE_NUMBER",
                           "EMAIL_ADDRESS", "HOSPITAL", "WARD_BED", "HOSPITAL_NUMBER", "URL", "HANDLE"}


_PERSON = frozenset({"PERSON"})


class PiiDetector(Detector):
    def __init__(self, entities, min_score, before, after, label, unless=(), scope="sentence"):
        self.entities, self.min_score, self.before, self.after, self.label = entities, min_score, before, after, label
        self.unless, self.scope = unless, scope
        self.needs_nlp = bool(entities & NLP_TYPES)
        self.model_types = frozenset(entities) & MODEL_TYPES  # what the model may add to this detector's answer
        self.reads_model = bool(self.model_types)

    def need(self) -> Need:
        return frozenset(("identifier", t) for t in self.entities)

    def find(self, ctx) -> list[Hit]:
        if self.model_types and ctx.model_pending and self._model_could_add(ctx):
            ctx.model_wanted = True  # the model has not read this post yet, and its identifiers count here
        hits = []
        for ident in ctx.identifiers:
            if ident.type not in self.entities or ident.score < self.min_score:
                continue
            if ident.type == "PERSON" and _the_author(ctx, ident):
                continue  # a signature or a self-introduction ('James Whitfield, GMC-registered'), not someone else
            hit = Hit(ident.start, ident.end, self.label or ident.type, (("type", ident.type),))
            if side_ok(ctx, hit, self.before, self.after) and not (self.unless and self._excepted(ctx, hit)):
                hits.append(hit)
        return hits

    def _model_could_add(self, ctx) -> bool:
        if self.model_types == _PERSON and self.min_score > UNNAMED_PERSON_SCORE:
            # the model's 'person' counts only when it holds a known name (see nlp.could_name)
            from govlint.identifiers.nlp import could_name

            return ctx.once(("could-name",), lambda: could_name(ctx.text))
        return True

    def _excepted(self, ctx, hit: Hit) -> bool:
        s, e = scope_span(ctx, hit, self.scope)
        return any(p.search(ctx.text[s:e], timeout=ctx.timeout) for p in self.unless)


def _the_author(ctx, ident) -> bool:
    """Whether a name found in the post lies inside the author's own full name written out in it (a signature, a
    self-introduction: 'James Whitfield, GMC-registered'). A first name alone is not enough: a patient may share it."""
    spans = ctx.once(("author-name-spans",), lambda: _name_spans(ctx.post.author.name or "", ctx.text))
    return any(s <= ident.start and ident.end <= e for s, e in spans)


def _name_spans(name: str, text: str) -> list[tuple[int, int]]:
    words = [w for w in _NAME_WORD.findall(name) if w.casefold() not in _TITLES]
    if len(words) < 2:
        return []
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in words) + r"\b", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TITLES = frozenset("dr doctor prof professor mr mrs ms miss mx sister nurse".split())


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS, required=("entities",))
    entities = set(b.strings(spec, "entities"))
    unknown = entities - KNOWN_TYPES
    if unknown:
        raise b.error(f"unknown identifier type(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(KNOWN_TYPES))})", spec)
    scope = spec.get("unless_scope", "sentence")
    if scope not in SCOPES:
        raise b.error(f"'unless_scope' must be one of {', '.join(SCOPES)}", spec)
    return PiiDetector(
        entities, float(spec.get("min_score", 0.5)),
        b.side_pattern(spec, "not_preceded_by", True),
        b.side_pattern(spec, "not_followed_by", False),
        spec.get("label", ""),
        tuple(compile_patterns(b, spec, b.strings(spec, "unless"), False, True)),
        scope,
    )
