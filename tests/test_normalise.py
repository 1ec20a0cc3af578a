"""The text views (:mod:`govlint.normalise`): ASCII texts take quicker patterns, with the very same views."""

from __future__ import annotations

import random

import pytest

from govlint import normalise


def _texts() -> list[str]:
    rnd = random.Random(2024)
    # letters, the spacing separators, leet characters, other digits, word characters that are not letters,
    # and the characters the look-arounds test
    alphabet = "aaabcdeilostuvxyzAISOT  ..--__**·0134578926@@$$!!||'’#,\n\t\x1c\x1fé"
    out = ["", "a", "a b c", "is a c l o w n", "what a c.l.o.w.n!", "idiooooot!!!", "sh1t st00pid a$$hole 4pm 84yo 2nd",
           "@h4ndle !bang| |pipe 1d10t_x x_1d10t 5h1t² Ｆ00l", "a-b-c-d i_d_i_o_t s.t.u.p.i.d z z z"]
    for _ in range(3000):
        out.append("".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 40))))
    return out


def _unicode_only(monkeypatch):
    """Make every text take the Unicode patterns, as all did before the ASCII ones."""
    monkeypatch.setattr(normalise, "_SPACED_ASCII", normalise._SPACED)
    monkeypatch.setattr(normalise, "_STRETCH_ASCII", normalise._STRETCH)
    monkeypatch.setattr(normalise, "_LEET_HIT_ASCII", normalise._LEET_HIT)


def test_ascii_patterns_make_the_same_views(monkeypatch):
    texts = _texts()
    views = [(normalise.lexical(t), normalise.deleet(normalise.lexical(t))) for t in texts]
    _unicode_only(monkeypatch)
    assert [(normalise.lexical(t), normalise.deleet(normalise.lexical(t))) for t in texts] == views


def _deleet_every_word(view: normalise.View) -> normalise.View:
    """deleet as it was: every word visited, those without a leet character passed over."""
    text = view.text
    if normalise._LEET_CHARS.isdisjoint(text):
        return view
    chars = list(text)
    for m in normalise._LEET_WORD.finditer(text):
        word = m.group()
        if not any(c in normalise._LEET for c in word) or any(c in "2689" for c in word):
            continue
        if sum(c.isalpha() for c in word) < 2:
            continue
        if word[0].isdigit() and word.lstrip("0123456789").isalpha() and len(word.lstrip("0123456789")) <= 3:
            continue
        last = len(word) - 1
        for i, c in enumerate(word):
            if c in normalise._LEET and not ((i == 0 or i == last) and c in "!|@$"):
                chars[m.start() + i] = normalise._LEET[c]
    return normalise.View("".join(chars), view.origin)


@pytest.mark.parametrize("ascii_patterns", [True, False])
def test_deleet_visits_only_words_with_leet_characters(monkeypatch, ascii_patterns):
    if not ascii_patterns:
        _unicode_only(monkeypatch)
    for text in _texts():
        view = normalise.lexical(text)
        assert normalise.deleet(view) == _deleet_every_word(view), text


def test_leet_examples():
    assert normalise.deleet(normalise.lexical("you 1d10t, st00pid a$$hole at 4pm, 84yo!")).text == \
        "you idiot, stoopid asshole at 4pm, 84yo!"


def test_fold_maps_every_character_as_building_piece_by_piece_does():
    texts = ["café", "naïve ﬁle", "ß straße", "a\u200bb\u200d", "ｆｕｌｌ width ①②", "Сlоwn іdiot", "🤡 idi🤡ot",
             "e\u0301\u0301x", "\ufeff", "\u00adsoft", "İstanbul ǅ", "plain", ""] + [t for t in _texts() if not t.isascii()]
    for text in texts:
        built = normalise._build([(normalise._fold_char(c), i) for i, c in enumerate(text)], len(text))
        assert normalise.fold(text) == (normalise.identity(text) if text.isascii() else built), text
