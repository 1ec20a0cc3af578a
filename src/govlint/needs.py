"""Which rules a post cannot set off, worked out once for the post instead of once per rule.

Each detector says what a post must hold for it to report anything (:meth:`Detector.need`: one of a set of
prefilter clauses in one of the post's views, identifiers of some type, a character, an anonymous author). A
:class:`Plan` turns every rule's need into one integer mask over a post's bits: each view's true clauses (the
bits :mod:`govlint.prefilter` already tests for its gates) side by side, then one bit per other condition. A
post whose bits miss a rule's mask cannot set the rule off, and the engine skips it. A rule whose need is
unknown always runs. Needs are necessary conditions only, so the findings are exactly those of running every
rule (``tests/test_needs.py`` checks both).

Building a plan reads every pattern's gate, so the engine makes one only once a run has checked enough posts
for it to pay (a one-draft check never does).
"""

from __future__ import annotations

from govlint import prefilter
from govlint.detectors.selfid import has_real_name
from govlint.identifiers import MODEL_TYPES

VIEWS = ("original", "folded", "lexical", "leet")


class Plan:
    """Each of ``detectors``' masks (None: always runs), and what a post's bits are made of."""

    def __init__(self, detectors):
        by_detector: dict[int, object] = {}  # (packs share detectors: each need worked out once)
        needs = [by_detector[id(d)] if id(d) in by_detector else by_detector.setdefault(id(d), d.need())
                 for d in detectors]
        bits = prefilter._BITS
        atoms = {a for n in needs if n is not None for a in n}
        for atom in atoms:
            if atom[0] == "clause":
                atom[2].bit  # every clause a need names has its bit before the width is fixed
        self.width = len(bits.clauses)  # clause bits per view: later clauses are not in any mask
        self.views = tuple(v for v in VIEWS if any(a[0] in ("clause", "char") and a[1] == v for a in atoms))
        others = sorted({a for a in atoms if a[0] != "clause"}, key=repr)
        base = len(VIEWS) * self.width
        self.others = {a: 1 << (base + i) for i, a in enumerate(others)}
        self.types = {a[1]: bit for a, bit in self.others.items() if a[0] == "identifier"}
        self.chars = tuple((a[1], a[2], bit) for a, bit in self.others.items() if a[0] == "char")
        self.anonymous = self.others.get(("anonymous",), 0)
        # Before the NLP model has read a post, any of its identifier types may still turn up.
        self.model_bits = sum(bit for t, bit in self.types.items() if t in MODEL_TYPES)
        offset = {v: i * self.width for i, v in enumerate(VIEWS)}
        self.masks = [None if n is None else
                      sum(bits.bit_of[a[2]] << offset[a[1]] if a[0] == "clause" else self.others[a] for a in n)
                      for n in needs]

    def bits(self, ctx) -> int:
        """The post's bits: each view's true clauses (all of the first ``width`` tested), then the others."""
        low = (1 << self.width) - 1
        out = 0
        folded = {}
        for i, view in enumerate(VIEWS):
            if view not in self.views:
                continue
            text = ctx.view_text(view)
            f = folded.get(text)
            if f is None:
                f = folded[text] = ctx.prefolded(text)
                if f.tested & low != low:
                    f.test_all()
            out |= (f.truth & low) << (i * self.width)
        types = self.types
        if types:
            for ident in ctx.identifiers:
                out |= types.get(ident.type, 0)
        for view, char, bit in self.chars:
            if char in ctx.view_text(view):
                out |= bit
        if self.anonymous and not has_real_name(ctx.post.author):
            out |= self.anonymous
        if ctx.model_pending:
            out |= self.model_bits
        return out
