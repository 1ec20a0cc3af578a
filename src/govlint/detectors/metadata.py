"""``metadata``: conditions on who wrote a post and to whom, not on its words.

Spec keys (all optional, all must hold): ``reply`` (the post answers someone:
``in_reply_to`` is set, the text starts with an @handle, or it opens by greeting someone by a known first
name: 'Aww thank you Sue!!', as a Facebook comment answers with no handle), ``mention`` (it
@mentions someone anywhere), ``organisation`` (written by an organisation
account), ``author_named`` (the profile shows a real name), ``author_known``
(the post says who wrote it: a handle or a name), ``regulator`` (the author's
profession is registered with this regulator, e.g. ``GMC``, per the built-in
packs' profession lists). The hit is the
leading @handle when there is one, else an empty span at the start; with ``span: post`` it is the whole post,
so that a condition on the author (an organisation's account) is near everything in a combination's ``not``.
"""

from __future__ import annotations

from typing import Any, Mapping

from govlint.detectors.base import Builder, Detector
from govlint.detectors.selfid import has_real_name
from govlint.identifiers import gazetteer
from govlint.lazyre import Later, fixed  # module patterns compiled on first use: most runs need few
from govlint.model import Hit

KEYS = {"reply": bool, "mention": bool, "organisation": bool, "author_named": bool, "author_known": bool,
        "regulator": str, "label": str, "span": str}
SPANS = ("lead", "post")
_LEADING = fixed(r"^\s*(?:(?:@[A-Za-z0-9_]{1,30})[\s,:]*)+")
# ('Aw Maureen you didn't have to!!': an exclamation before the name greets them too)
_GREETING = Later(r"^\s*(?i:(?:aww*\s+|oh\s+)?(?:thank\s*you|thanks|thx|hi|hiya|hello|hey|dear)(?:\s+so\s+much)?|aww*|ahh*|ohh*)[\s,]+(\p{Lu}\p{Ll}+)\b")
# someone addressed by title to open the post: 'Mr D, we are sorry you feel…' (an answer to a review, as on
# Google: 'Response from the owner: Mrs Patel, thank you…')
_TITLED = Later(r"^\s*(?i:response\s+from\s+the\s+(?:owner|practice|business)\s*:?\s*)?(?i:(?:dear|hi|hello)\s+)?((?:Mr|Mrs|Ms|Miss|Mx)\.?\s+\p{Lu}[\p{L}'’-]*)\s*[,:!]")
# a comment answering one person by first name and an endearment ('Chloe hun give Alfie…'), or saying so
# ('replying to Shaz in the comments')
_ENDEARED = Later(r"^\W*(\p{Lu}\p{Ll}{1,20}),?\s+(?i:hun|hon|hunny|babe|pet|chick|mate|my\s+love|love)(?=[\s,!.])")
_REPLYING = Later(r"^\W*(?i:replying\s+to)\s+(?!(?i:everyone|all|those|people|you|the)\b)(@?[\p{L}\d_][\p{L}\d_.'’-]*)")
_ANY = Later(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}\b")


class MetadataDetector(Detector):
    def __init__(self, conditions: dict, label: str, span: str = "lead"):
        self.conditions, self.label, self.span = conditions, label, span

    def find(self, ctx) -> list[Hit]:
        post = ctx.post
        lead = _LEADING.match(ctx.text)
        greeting = None if lead or "reply" not in self.conditions else _greeting(ctx.text)
        checks = {
            "reply": lambda: bool(post.in_reply_to) or bool(lead) or greeting is not None,
            "mention": lambda: bool(_ANY.search(ctx.text)) or bool(post.in_reply_to),
            "organisation": lambda: bool(post.author.organisation),
            "author_named": lambda: has_real_name(post.author),
            "author_known": lambda: bool(post.author.handle or post.author.name),
            "regulator": lambda: _regulators(post.profession),
        }
        for key, want in self.conditions.items():
            got = checks[key]()
            if (want not in got) if key == "regulator" else (got != want):
                return []
        if self.span == "post":
            return [Hit(0, len(ctx.text), self.label or "metadata")]
        if lead:
            return [Hit(lead.start(), len(lead.group().rstrip(" ,:")), self.label or "reply")]
        if greeting is not None:  # the name greeted stands where a handle would
            return [Hit(greeting.start(1), greeting.end(1), self.label or "reply")]
        return [Hit(0, 0, self.label or "metadata")]


def _greeting(text: str):
    """The match when ``text`` opens by greeting someone by a first name ('Hi Dave,'), else None. After a greeting
    even a name that is more often a word ('Thank you Sue', 'Hi Will') is a name."""
    m = _GREETING.match(text)
    if m is not None and gazetteer.first_name(m.group(1)) is not None:
        return m
    m = _ENDEARED.match(text)
    if m is not None and gazetteer.first_name(m.group(1)) is not None:
        return m
    return _REPLYING.match(text) or _TITLED.match(text)


def _regulators(profession: str | None) -> frozenset[str]:
    from govlint.packs import regulators_of  # packs imports the detectors: import it when first needed

    return regulators_of(profession)


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    span = spec.get("span", "lead")
    if span not in SPANS:
        raise b.error(f"'span' must be one of {', '.join(SPANS)}", spec)
    conditions = {k: v for k, v in spec.items() if k not in ("type", "label", "span")}
    if not conditions:
        raise b.error("detector 'metadata' needs at least one condition (reply, mention, organisation, author_named, author_known, regulator)", spec)
    return MetadataDetector(conditions, spec.get("label", ""), span)
