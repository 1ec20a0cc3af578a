"""``combination``: ``all`` / ``any`` / ``not`` over other detectors, optionally ``near``.

- ``all``: every listed detector must hit; the first (or the one named by
  ``anchor``, an index) gives the reported span, the others become its
  ``parts``.
- ``any``: at least one must hit (alone, the union of their hits).
- ``not``: none of these may hit (near the anchor when ``near`` is set).
- ``near``: ``sentence`` (same sentence as the anchor) or ``{words: N}``.
- ``collapse``: ``sentence`` or ``post``: report one hit per sentence (or per
  post) instead of one per anchor, for checks where several trigger words in
  one sentence are still one breach.
- ``not_within``: detectors whose spans cancel any anchor lying inside one
  (e.g. a ``quotation``: words the author quotes are mentioned, not used).
- ``distinct: true``: the other parts must lie outside the anchor's span ('GP
  trainee here' is a claim to be a GP, not also a comment on general practice).

Example: a person's name near clinical context, unless it follows 'thanks to'.
"""

from __future__ import annotations

from typing import Any, Mapping

from govlint.detectors.base import Builder, Detector, Need, need_all, need_any
from govlint.detectors.pattern import _dedupe
from govlint.model import Hit

KEYS = {"all": list, "any": list, "not": (list, dict), "near": (str, dict), "anchor": int, "label": str, "collapse": str,
        "not_within": (list, dict), "distinct": bool}


class CombinationDetector(Detector):
    def __init__(self, all_, any_, not_, near, anchor, label, collapse=None, within=(), distinct=False):
        self.all, self.any, self.not_, self.near, self.anchor, self.label = all_, any_, not_, near, anchor, label
        self.collapse = collapse
        self.within = list(within)
        self.distinct = distinct
        self.needs_nlp = any(d.needs_nlp for d in (*all_, *any_, *not_, *self.within))
        # Every 'all' part must hit, so the order they run in changes nothing but the time: cheap parts first,
        # so a post without the cheap part never pays for the costly one (the hostility model).
        self.cost = max((getattr(d, "cost", 1) for d in (*all_, *any_, *not_, *self.within)), default=1)
        # Parts that read the model's identifiers go last among equals: a post that lacks another part then
        # never asks for the model (see PostContext.model_pending).
        self.reads_model = any(getattr(d, "reads_model", False) for d in (*all_, *any_, *not_, *self.within))
        self._order = sorted(range(len(all_)), key=lambda i: (getattr(all_[i], "cost", 1), getattr(all_[i], "reads_model", False)))

    def need(self) -> Need:
        # every 'all' part hits, and (when there are 'any' parts) one of them does
        parts = [d.need() for d in self.all]
        if self.any:
            parts.append(need_any(*(d.need() for d in self.any)))
        return need_all(*parts)

    def _close(self, ctx, a: Hit, b: Hit) -> bool:
        if self.near is None:
            return True
        if self.near == "sentence":
            return ctx.sentence_of(a.start) == ctx.sentence_of(b.start)
        return ctx.words_between(a, b) <= self.near

    def find(self, ctx) -> list[Hit]:
        # Stop at the first required part that is missing: most posts fail the first one.
        lists: list = [None] * len(self.all)
        for i in self._order:
            hits = ctx.run(self.all[i])
            if not hits:
                return []
            lists[i] = hits
        any_hits: list[Hit] = []
        for d in self.any:
            any_hits.extend(ctx.run(d))
        if self.any and not any_hits:
            return []
        if not self.all:
            anchors = _dedupe(any_hits)  # one hit per stretch of text, not one per alternative
            others: list[list[Hit]] = []
        else:
            anchors = lists[self.anchor]
            others = [hits for i, hits in enumerate(lists) if i != self.anchor]
            if self.any:
                others.append(any_hits)
        shelters = [h for d in self.within for h in ctx.run(d)]
        blockers: list[Hit] | None = None  # run the 'not' detectors only once a candidate needs them
        out = []
        for a in anchors:
            if any(s.start <= a.start and a.end <= s.end for s in shelters):
                continue
            parts = []
            for hits in others:
                # A metadata hit with an empty span (e.g. 'this post is a reply') is close to everything.
                near = [h for h in hits if (h.start == h.end == 0 or self._close(ctx, a, h))
                        and not (self.distinct and h.start < a.end and a.start < h.end)]
                if not near:
                    break
                parts.append(min(near, key=lambda h: abs(h.start - a.start)))
            else:
                if blockers is None:
                    blockers = [h for d in self.not_ for h in ctx.run(d)]
                if any(self._close(ctx, a, blk) if self.near is not None else True for blk in blockers):
                    continue
                out.append(Hit(a.start, a.end, self.label or a.label, a.details, a.parts + tuple(parts) if others else a.parts))
        if self.collapse and out:
            seen, kept = set(), []
            for h in out:
                unit = 0 if self.collapse == "post" else ctx.sentence_of(h.start)
                if unit not in seen:
                    seen.add(unit)
                    kept.append(h)
            out = kept
        return out


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    if "all" not in spec and "any" not in spec:
        raise b.error("detector 'combination' needs 'all' or 'any'", spec)
    all_ = [b.detector(s) for s in spec.get("all", [])]
    any_ = [b.detector(s) for s in spec.get("any", [])]
    raw_not = spec.get("not", [])
    not_ = [b.detector(s) for s in ([raw_not] if isinstance(raw_not, dict) else raw_not)]
    raw_within = spec.get("not_within", [])
    within = [b.detector(s) for s in ([raw_within] if isinstance(raw_within, dict) else raw_within)]
    near = spec.get("near")
    if isinstance(near, str) and near != "sentence":
        raise b.error("'near' must be 'sentence' or {words: N}", spec)
    if isinstance(near, dict):
        if set(near) != {"words"} or not isinstance(near["words"], int) or near["words"] < 0:
            raise b.error("'near' must be 'sentence' or {words: N} with N a whole number", spec)
        near = near["words"]
    anchor = spec.get("anchor", 0)
    if all_ and not 0 <= anchor < len(all_):
        raise b.error(f"'anchor' must index into 'all' (0 to {len(all_) - 1})", spec)
    collapse = spec.get("collapse")
    if collapse not in (None, "sentence", "post"):
        raise b.error("'collapse' must be 'sentence' or 'post'", spec)
    return CombinationDetector(all_, any_, not_, near, anchor, spec.get("label", ""), collapse, within,
                               bool(spec.get("distinct", False)))
