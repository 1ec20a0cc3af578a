"""govlint never opens a network connection: any socket connect or DNS lookup fails these tests."""

from __future__ import annotations

from govlint.api import Linter
from govlint.config import Settings

TEXT = ("Email the results to john.smith@nhs.net or see https://www.bmj.com/content/388/bmj.r315 and "
        "www.example.co.uk; Mrs Patel in bay 3 (943 476 5919) asked for Dr Ahmed.")


def test_check_with_nlp_makes_no_connection(no_network):
    # A fresh Linter inside the guard: model loading and tldextract both happen here.
    from govlint.identifiers import nlp

    nlp._layers.clear()
    linter = Linter(Settings())
    result = linter.check(TEXT)
    types = {i.type for i in result.identifiers}
    assert "EMAIL_ADDRESS" in types and "URL" in types and "NHS_NUMBER" in types
    assert any(i.detector.startswith("presidio:") for i in result.identifiers)


def test_tldextract_uses_bundled_snapshot(no_network):
    import tldextract

    from govlint.identifiers.nlp import _offline_tldextract

    _offline_tldextract()
    assert tldextract.extract("someone@mail.example.co.uk").suffix == "co.uk"
