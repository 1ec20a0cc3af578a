"""``quotation``: the stretches of a post inside quotation marks.

Words inside quotes are usually *mentioned*, not used: abuse the author
received ('called me a "lazy fat nurse"'), a label they reject ('stop calling
patients "bed blockers"'), a phrase under discussion. Rules combine this with
``combination``'s ``not_within`` so a quoted word does not count as the
author's own. Handles straight and curly double and single quotes and
guillemets; an apostrophe inside a word ("you're") neither opens nor closes a
quote. Spec keys: ``max_chars`` (longest quotation, default 300), ``label``.
"""

from __future__ import annotations

from typing import Any, Mapping


from govlint.detectors.base import Builder, Detector
from govlint.model import Hit
from govlint.lazyre import Later  # module patterns compiled on first use: most runs need few

KEYS = {"max_chars": int, "label": str}

_QUOTES = Later(
    r"“[^”\n]+”"
    r"|(?<![\w])\"[^\"\n]+\""
    r"|«[^»\n]+»"
    # single quotes: open after a non-word character, close before one; apostrophes inside words are skipped
    r"|(?<![\w'’])['‘](?=[^\s'’])(?:[^'’\n]|['’](?=\w))+?(?<=\S)['’](?![\w])"
)


class QuotationDetector(Detector):
    def __init__(self, max_chars: int, label: str):
        self.max_chars, self.label = max_chars, label

    def find(self, ctx) -> list[Hit]:
        return [Hit(m.start(), m.end(), self.label or "quotation")
                for m in _QUOTES.finditer(ctx.text, timeout=ctx.timeout) if m.end() - m.start() <= self.max_chars + 2]


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    max_chars = spec.get("max_chars", 300)
    if max_chars < 1:
        raise b.error("'max_chars' must be at least 1", spec)
    return QuotationDetector(max_chars, spec.get("label", ""))
