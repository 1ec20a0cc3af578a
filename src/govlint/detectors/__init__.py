"""Detector types: the small fixed set of behaviours rules are built from.

A rule's ``detector`` mapping names a ``type``; :data:`REGISTRY` maps each type
to the ``build`` function of its module (one module per type). Adding a rule
never touches this package; adding a detector type adds one module and one line
in :data:`REGISTRY`.
"""

from __future__ import annotations

from govlint.detectors import classifier, combination, jigsaw, lexicon, metadata, pattern, pii, quotation, selfid
from govlint.detectors.base import Builder, Detector

REGISTRY = {
    "pattern": pattern.build,
    "lexicon": lexicon.build,
    "pii": pii.build,
    "combination": combination.build,
    "jigsaw": jigsaw.build,
    "self-identification": selfid.build,
    "metadata": metadata.build,
    "quotation": quotation.build,
    "classifier": classifier.build,
}

__all__ = ["REGISTRY", "Builder", "Detector"]
