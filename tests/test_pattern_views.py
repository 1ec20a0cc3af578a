"""Built-in patterns read emoji only where emoji survive: the folded, lexical and leet views fold every
pictograph away (to '*'), so an emoji in a pattern of those views could never match."""

from __future__ import annotations

import regex

from govlint.packs import PackSet

_PICTO = regex.compile(r"\p{Extended_Pictographic}")


def _patterns(node, view=None):
    if isinstance(node, dict):
        kind = node.get("type")
        here = node.get("view", "folded") if kind in ("pattern", "lexicon") else view
        for key, value in node.items():
            if key in ("patterns", "pattern", "unless") and kind == "pattern":
                for p in (value if isinstance(value, list) else [value]):
                    if isinstance(p, str):
                        yield here, p
            else:
                yield from _patterns(value, here)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item, view)


def test_no_emoji_in_patterns_of_views_that_fold_them_away():
    from govlint.normalise import fold

    assert fold("📸 🤡").text == "* *"  # the premise: if the views start keeping emoji, this test can go
    bad = []
    packs = PackSet()
    for pack in packs.packs_for(["core"]):
        for rule in pack.rules:
            for view, pattern in _patterns(rule.detector):
                if view != "original" and _PICTO.search(pattern):
                    bad.append(f"{rule.id} ({view}): {pattern[:80]}")
    assert not bad, "emoji in patterns that never see them:\n" + "\n".join(bad)
