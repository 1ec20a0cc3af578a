"""The identifier layer: every piece of personal data or quasi-identifier in a post.

Two sources feed it: :mod:`govlint.identifiers.uk` (regular expressions and
validators for UK formats Presidio lacks; needs no model) and
:mod:`govlint.identifiers.nlp` (Presidio with a spaCy NER model, loaded lazily).
Rules never see the sources, only :class:`govlint.model.Identifier` objects.
"""

from __future__ import annotations

from govlint.model import Identifier

# Every identifier type the NLP layer (govlint.identifiers.nlp) can report. Merging its identifiers with the
# model-free ones only adds identifiers of these types, so a rule that reads none of them gives the same answer
# with or without the model (the engine relies on this to run the model only on posts where it can matter).
MODEL_TYPES = frozenset({"PERSON", "LOCATION", "NRP", "ORGANIZATION", "DATE_TIME"})
# The highest score the NLP layer leaves on a 'person' with no known first name or surname in it (see
# nlp._name_check and nlp.could_name): a rule whose minimum is above it counts the model's people only then.
UNNAMED_PERSON_SCORE = 0.4


def merge(found: list[Identifier]) -> list[Identifier]:
    """Drop exact duplicates (same type and span), keeping the best score; sort by position."""
    best: dict[tuple[str, int, int], Identifier] = {}
    for ident in found:
        key = (ident.type, ident.start, ident.end)
        cur = best.get(key)
        if cur is None or ident.score > cur.score:
            best[key] = ident
    return sorted(best.values(), key=lambda i: (i.start, -i.end, i.type))


def recognise_patterns(text: str, timeout: float = 1.0, folded=None) -> list[Identifier]:
    """The model-free recognisers, run on the text with disguises undone (look-alike letters, zero-width
    characters, full-width digits), each identifier reported at its span and with its text in the original.
    ``folded``: the prefilter view of ``text``, if made already."""
    from govlint.identifiers import uk

    if text.isascii():
        return uk.recognise(text, timeout=timeout, folded=folded)
    from govlint.normalise import fold

    view = fold(text)
    out = []
    for ident in uk.recognise(view.text, timeout=timeout):
        start, end = view.span(ident.start, ident.end)
        out.append(Identifier(ident.type, start, end, text[start:end], ident.score, ident.detector))
    return out
