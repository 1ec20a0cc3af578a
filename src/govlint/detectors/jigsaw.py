"""``jigsaw``: several harmless details that together identify a patient.

The GMC's point (2024 guidance, paragraph 19) that individual details may not
breach confidentiality but their sum can. The detector counts distinct
categories of quasi-identifier (age, date/time, place, condition, occupation,
unusual event, relative, ...) in a post that has clinical ``context`` and fires
when ``threshold`` categories are present. The hit spans the details and lists
each one in ``details`` so the finding can say which details add up.

Spec keys: ``categories`` (name -> detector), ``threshold`` (default 3),
``context`` (a detector that must hit, e.g. a clinical-context lexicon),
``unless`` (a detector that cancels the finding, e.g. stated consent).
"""

from __future__ import annotations

from typing import Any, Mapping

from govlint.detectors.base import Builder, Detector, Need, need_all, need_any
from govlint.model import Hit

KEYS = {"categories": dict, "threshold": int, "context": dict, "unless": dict, "label": str}


class JigsawDetector(Detector):
    def __init__(self, categories, threshold, context, unless, label):
        self.categories, self.threshold, self.context, self.unless, self.label = categories, threshold, context, unless, label
        dets = [*categories.values(), *(d for d in (context, unless) if d)]
        self.needs_nlp = any(d.needs_nlp for d in dets)
        self.reads_model = any(getattr(d, "reads_model", False) for d in dets)

    def need(self) -> Need:
        # the clinical context, and at least one category (the threshold is at least one)
        return need_all(self.context.need() if self.context is not None else None,
                        need_any(*(d.need() for d in self.categories.values())))

    def find(self, ctx) -> list[Hit]:
        if self.context is not None and not ctx.run(self.context):
            return []
        if ctx.model_pending and self._short_even_with_model(ctx):
            return []
        # The categories before the exceptions ('unless'): most posts with clinical context hold too few details,
        # and then neither the remaining categories nor the exceptions need looking at.
        found: list[tuple[str, Hit]] = []
        used: list[tuple[int, int]] = []
        left = len(self.categories)
        for name, det in self.categories.items():
            if len(found) + left < self.threshold:
                return []  # the categories not yet looked at could not reach the threshold
            left -= 1
            for h in sorted(ctx.run(det), key=lambda h: h.start):
                # one span counts once: '84-year-old' is an age, not also a date
                if any(s < h.end and h.start < e for s, e in used):
                    continue
                found.append((name, h))
                used.append((h.start, h.end))
                break
        if len(found) < self.threshold:
            return []
        if self.unless is not None and ctx.run(self.unless):
            return []
        start = min(h.start for _, h in found)
        end = max(h.end for _, h in found)
        details = tuple((name, ctx.text[h.start:h.end]) for name, h in sorted(found, key=lambda x: x[1].start))
        return [Hit(start, end, self.label or "jigsaw", (("contributors", details),),
                    tuple(Hit(h.start, h.end, name) for name, h in found))]


    def _short_even_with_model(self, ctx) -> bool:
        """Before the NLP model has read the post: True when too few categories could hold a detail even if
        the model found one for every category that reads its identifiers, so the answer is 'no finding'
        whatever the model finds (and the post need not wait for it on this detector's account)."""
        wanted = ctx.model_wanted
        could, left = 0, len(self.categories)
        for det in self.categories.values():
            left -= 1
            if ctx.run(det) or getattr(det, "reads_model", False):
                could += 1
            if could >= self.threshold:
                return False
            if could + left < self.threshold:
                break
        ctx.model_wanted = wanted  # what the categories asked of the model cannot change this answer
        return True


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS, required=("categories",))
    cats = spec["categories"]
    if not cats:
        raise b.error("'categories' must name at least one category", spec)
    categories = {str(name): b.detector(s) for name, s in cats.items()}
    threshold = spec.get("threshold", 3)
    if threshold < 1 or threshold > len(categories):
        raise b.error(f"'threshold' must be between 1 and the number of categories ({len(categories)})", spec)
    context = b.detector(spec["context"]) if "context" in spec else None
    unless = b.detector(spec["unless"]) if "unless" in spec else None
    return JigsawDetector(categories, threshold, context, unless, spec.get("label", ""))
