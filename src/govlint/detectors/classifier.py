"""``classifier``: a small linear model over hashed word and character n-grams, shipped with govlint.

The model is a logistic regression trained by ``scripts/train_hostility.py``
(scikit-learn at training time only). Inference here is plain Python: the post
is normalised like the lexicons see it (case, look-alike letters, spacing and
leetspeak undone), split into words, turned into word unigrams and bigrams and
character 3- to 5-grams of each word, hashed (CRC-32) into a fixed number of
buckets and scored against the weights stored in ``govlint/data/<model>.clf``.
The weights load on first use, once per process.

Every hit explains itself: the words whose n-grams pushed the score up most are
listed in the hit's details (``words``) and the hit spans them, so a finding
can say which words read as hostile rather than only 'the model said so'.

Spec keys: ``model`` (file stem under ``govlint/data``, e.g. ``hostility``),
``threshold`` (probability, default 0.5), ``explain`` (how many words to name,
default 3), ``not_enough`` (words that cannot carry a hit on their own: when
every word that pushed the score is one of them, e.g. plain swearing, there is
no hit), ``label``.

The featuriser below is the single definition used by training and inference;
changing it means retraining the model.
"""

from __future__ import annotations

import json
import math
import threading
import zlib
from bisect import bisect_left
from functools import lru_cache
from itertools import chain, islice, repeat
from operator import add, itemgetter, mul
from typing import Any, Mapping


from govlint import datafiles, normalise
from govlint.detectors.base import Builder, Detector
from govlint.errors import ModelError
from govlint.lazyre import Later, fixed  # module patterns compiled on first use: most runs need few
from govlint.model import Hit
from govlint.records import frozen

KEYS = {"model": str, "threshold": (float, int), "explain": int, "label": str, "not_enough": (list, str)}
MAGIC = b"GLCLF1\n"

_MODEL_NAME = Later(r"[a-z0-9_-]+")  # a shipped model's file stem
_TOKEN = Later(r"@[\w]+|(?:https?://|www\.)\S+|[\w*]+(?:['’][\w]+)*|[^\s\w]")
_DIGITS = Later(r"\d")
_GROUP = fixed("").match("").__class__.group  # Match.group, for map()
_FEATURES, _BUCKETS, _WEIGHTS = itemgetter(0), itemgetter(1), itemgetter(2)
_SKIP = object()  # a token that makes no feature (a stop word, or nothing left once normalised)
_SYMBOL = object()  # a symbol: its norm is the original text under it (see _tokens)
# Words too common to explain anything to a reader (they still count in the score).
_FUNCTION_WORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being am
do does did have has had i me my we us our you your yours he him his she her they them their it its this that these those
who whom which what so not no yes just very too all any some more most up out off over into about than then there here
when where why how can could will would shall should may might must im youre hes shes theyre dont doesnt didnt cant wont
isnt arent wasnt get got go going gonna""".split())


@frozen
class Token:
    """A token of the lexical view, with its original offsets."""

    norm: str  # the normalised form features are built from
    start: int  # offsets in the original text
    end: int
    word: bool  # a word (char n-grams are taken) rather than a handle, link or symbol


def tokenise(text: str, stop: frozenset[str] = frozenset(), view: normalise.View | None = None) -> list[Token]:
    """Tokens of ``text`` in the lexical view, with original offsets. Words in ``stop`` are left out.

    ``view`` is that view when the caller has it already (the post context computes it once).
    """
    return [Token(*t) for t in _tokens(text, stop, view)]


def _tokens(text: str, stop: frozenset[str], view: normalise.View | None):
    """(norm, start, end, word) of each token: :func:`tokenise` without building Token objects."""
    view = view if view is not None else normalise.deleet(normalise.lexical(text))
    span = view.span
    for m in _TOKEN.finditer(view.text):
        t = m.group()
        if t.startswith("@") and len(t) > 1:
            yield ("@user", *span(m.start(), m.end()), False)
        elif t.startswith(("http", "www.")) and ("/" in t or "." in t[4:]):
            yield ("<url>", *span(m.start(), m.end()), False)
        elif t[0].isalnum() or t[0] in "_*":
            norm = _DIGITS.sub("0", t.replace("’", "").replace("'", "").strip("_"))
            if not norm or norm in stop:
                continue
            yield (norm, *span(m.start(), m.end()), True)
        else:
            s, e = span(m.start(), m.end())
            sym = text[s:e] if e > s else t  # emoji are folded to '*' in the view; keep the real symbol
            if sym.strip():
                yield (sym, s, e, False)


def feature_strings(tokens: list[Token]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Word features and character features, each mapped to the token indexes that produced them."""
    words: dict[str, list[int]] = {}
    chars: dict[str, list[int]] = {}
    for i, tok in enumerate(tokens):
        words.setdefault("w:" + tok.norm, []).append(i)
        if i + 1 < len(tokens):
            words.setdefault(f"b:{tok.norm} {tokens[i + 1].norm}", []).extend((i, i + 1))
        if tok.word:
            padded = f" {tok.norm} "
            for n in (3, 4, 5):
                for j in range(len(padded) - n + 1):
                    chars.setdefault("c:" + padded[j:j + n], []).append(i)
    return words, chars


def _char_features(norm: str) -> tuple[str, ...]:
    """The character features of one word, in the order :func:`feature_strings` makes them (remembered per
    model with their buckets and weights: :meth:`Model._word_chars`)."""
    padded = f" {norm} "
    return tuple("c:" + padded[j:j + n] for n in (3, 4, 5) for j in range(len(padded) - n + 1))


def bucket(feature: str, size: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % size


def vector(text: str, size: int, stop: frozenset[str] = frozenset(), view=None) -> dict[int, float]:
    """The hashed feature vector of ``text`` (what the model is trained on): each block L2-normalised."""
    words, chars = feature_strings(tokenise(text, stop, view))
    vec: dict[int, float] = {}
    for block in (words, chars):
        if not block:
            continue
        value = 1.0 / math.sqrt(len(block))
        for f in block:
            b = bucket(f, size)
            vec[b] = vec.get(b, 0.0) + value
    return vec


_BISECT_POSTS = 32  # posts a model scores by bisection before it builds its weight map


class Model:
    """Weights of a hashed linear model: ``score(text)`` is a probability."""

    remember = 200_000  # tokens and feature strings remembered across posts, each (then forgotten at once)
    remember_words = 50_000  # words whose character features are remembered

    def __init__(self, meta: Mapping[str, Any], weights: Mapping[int, float] | None = None, *, index=None, values=None,
                 scale: float = 1.0):
        from array import array

        self.meta = dict(meta)
        self.size = int(meta["buckets"])
        self.bias = float(meta["bias"])
        self.stop = frozenset(meta.get("stop_words", ()))
        self._wmap: dict[int, float] | None = None
        self._scored = 0  # posts scored before the weight map is built (see _getter)
        self._buckets: dict[str, int] = {}  # feature string -> bucket, remembered across posts
        self._kinds: dict[str, Any] = {}  # token -> what it stands for (see _kind), remembered across posts
        self._chars: dict[str, tuple] = {}  # word -> its character features, their buckets and weights
        if weights is not None:  # built in memory (training): keep floats
            items = sorted(weights.items())
            self._index = array("I", [b for b, _ in items])
            self._values = [v for _, v in items]
            self._scale = 1.0
        else:  # loaded from a file: sorted bucket ids and quantised weights, looked up by bisection
            self._index, self._values, self._scale = index, values, scale

    @property
    def weights(self) -> dict[int, float]:
        return {b: v * self._scale for b, v in zip(self._index, self._values)}

    def weight(self, b: int) -> float:
        return self._getter(counted=False)(b, 0.0)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "Model":
        from array import array

        if not blob.startswith(MAGIC):
            raise ValueError("not a govlint classifier file")
        rest = zlib.decompress(blob[len(MAGIC):])
        head_len = int.from_bytes(rest[:4], "little")
        meta = json.loads(rest[4:4 + head_len].decode("utf-8"))
        n = int(meta["count"])
        body = rest[4 + head_len:]
        idx = array("I")
        idx.frombytes(body[:4 * n])
        q = array("h")
        q.frombytes(body[4 * n:6 * n])
        if len(idx) != n or len(q) != n:
            raise ValueError("truncated classifier file")
        return cls(meta, index=idx, values=q, scale=float(meta["scale"]))

    def to_bytes(self) -> bytes:
        from array import array

        items = sorted(self.weights.items())
        scale = max((abs(v) for _, v in items), default=1.0) / 32767 or 1.0
        meta = {**self.meta, "buckets": self.size, "bias": self.bias, "count": len(items), "scale": scale,
                "stop_words": sorted(self.stop)}
        head = json.dumps(meta, sort_keys=True).encode("utf-8")
        idx = array("I", [b for b, _ in items])
        q = array("h", [max(-32767, min(32767, round(v / scale))) for _, v in items])
        return MAGIC + zlib.compress(len(head).to_bytes(4, "little") + head + idx.tobytes() + q.tobytes(), 9)

    def score(self, text: str, view=None) -> float:
        """The probability: the same sums, in the same order, as over :func:`vector`, with cheaper look-ups."""
        norms, word_norms = self._norms(text, view)
        if not norms:
            return self._probability(self.bias)
        # The word block in feature_strings' order: w:a, b:a b, w:b, b:b c, ... w:z (dict.fromkeys keeps firsts).
        ws = list(map("w:".__add__, norms))
        bigrams = map(add, map("b:".__add__, norms), map(" ".__add__, islice(norms, 1, None)))  # 'b:a b'
        words = dict.fromkeys(chain.from_iterable(zip(ws, bigrams)))
        words[ws[-1]] = None
        buckets = self._buckets
        try:
            bw = list(map(buckets.__getitem__, words))
        except KeyError:
            if len(buckets) > self.remember:  # bounded: a long run's vocabulary keeps memory flat
                buckets.clear()
            size = self.size
            bw = [buckets[f] if f in buckets else buckets.setdefault(f, bucket(f, size)) for f in words]
        # The character block: each distinct word's features with their buckets and weights (see _word_chars).
        chars = self._chars
        if len(chars) > self.remember_words:  # bounded, and forgotten between posts
            chars.clear()
        uniq = list(dict.fromkeys(word_norms))
        try:
            infos = list(map(chars.__getitem__, uniq))
        except KeyError:
            infos = [chars[n] if n in chars else self._word_chars(n) for n in uniq]
        # feature -> weight, in the order the features first appear (feature_strings' order)
        weights = dict(zip(chain.from_iterable(map(_FEATURES, infos)), chain.from_iterable(map(_WEIGHTS, infos))))
        seen = set(bw)
        seen.update(chain.from_iterable(map(_BUCKETS, infos)))
        get = self._getter()
        if len(seen) == len(bw) + len(weights):
            # No bucket twice (the usual case: as many buckets as distinct features): each bucket's value is its
            # block's, and the products are summed in the order the buckets first appear, exactly as over the vector
            # below.
            vw = 1.0 / math.sqrt(len(bw))
            products = map(mul, map(get, bw, repeat(0.0)), repeat(vw))
            if weights:
                vc = 1.0 / math.sqrt(len(weights))
                products = chain(products, map(mul, weights.values(), repeat(vc)))
            return self._probability(self.bias + sum(products))
        bc = list(dict(zip(chain.from_iterable(map(_FEATURES, infos)), chain.from_iterable(map(_BUCKETS, infos)))).values())
        vec: dict[int, float] = {}
        for bs in (bw, bc):
            if not bs:
                continue
            value = 1.0 / math.sqrt(len(bs))
            for b in bs:
                vec[b] = vec.get(b, 0.0) + value
        # sum(w.get(b, 0.0) * v for b, v in vec.items()), iterated in C
        return self._probability(self.bias + sum(map(mul, map(get, vec, repeat(0.0)), vec.values())))

    def _word_chars(self, norm: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[float, ...]]:
        """A word's character features (in feature_strings' order), their buckets and their weights, remembered."""
        feats = _char_features(norm)
        size = self.size
        bs = tuple(bucket(f, size) for f in feats)
        info = self._chars[norm] = (feats, bs, tuple(map(self._getter(counted=False), bs, repeat(0.0))))
        return info

    @staticmethod
    def _probability(z: float) -> float:
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def _norms(self, text: str, view) -> tuple[list[str], list[str]]:
        """The norms of :func:`_tokens` (all, and those of words), without their offsets: each distinct token
        is classified once (remembered per model); only a symbol's norm depends on the original text."""
        view = view if view is not None else normalise.deleet(normalise.lexical(text))
        ms = list(_TOKEN.finditer(view.text))
        if not ms:
            return [], []
        kinds = self._kinds
        got = list(map(kinds.get, map(_GROUP, ms)))
        if None in got:
            if len(kinds) > self.remember:  # bounded, like the buckets
                kinds.clear()
            got = [self._kind(m.group()) if k is None else k for m, k in zip(ms, got)]
        if _SYMBOL not in got and _SKIP not in got:
            norms = [k[0] for k in got]
            return norms, [k[0] for k in got if k[1]]
        norms, word_norms = [], []
        span = view.span
        for m, k in zip(ms, got):
            if k is _SKIP:
                continue
            if k is _SYMBOL:
                s, e = span(m.start(), m.end())
                sym = text[s:e] if e > s else m.group()  # emoji are folded to '*' in the view; keep the real symbol
                if sym.strip():
                    norms.append(sym)
                continue
            norms.append(k[0])
            if k[1]:
                word_norms.append(k[0])
        return norms, word_norms

    def _kind(self, t: str):
        """What :func:`_tokens` makes of the token ``t``: (norm, word), _SKIP, or _SYMBOL (norm from the text)."""
        if t.startswith("@") and len(t) > 1:
            k = ("@user", False)
        elif t.startswith(("http", "www.")) and ("/" in t or "." in t[4:]):
            k = ("<url>", False)
        elif t[0].isalnum() or t[0] in "_*":
            norm = _DIGITS.sub("0", t.replace("’", "").replace("'", "").strip("_"))
            k = _SKIP if not norm or norm in self.stop else (norm, True)
        else:
            k = _SYMBOL
        self._kinds[t] = k
        return k

    def _getter(self, counted: bool = True):
        """Bucket -> weight look-up. The first few posts of a process look weights up by bisection in the sorted
        arrays; after that the dict of :meth:`_weight_map` pays for itself. (Building it costs a few milliseconds,
        which a one-draft run, such as a pre-commit hook on one file, need not pay.) Both give the same values."""
        if self._wmap is not None:
            return self._wmap.get
        if counted:
            self._scored += 1
        if self._scored > _BISECT_POSTS:
            return self._weight_map().get
        return self._bisect_get

    def _bisect_get(self, b: int, default: float = 0.0) -> float:
        index = self._index
        i = bisect_left(index, b)
        if i < len(index) and index[i] == b:
            return self._values[i] * self._scale
        return default

    def _weight_map(self) -> dict[int, float]:
        """Bucket -> weight, built on first use (a dict look-up instead of a bisection per feature)."""
        if self._wmap is None:
            scale = self._scale
            self._wmap = {b: v * scale for b, v in zip(self._index, self._values)}
        return self._wmap

    def explain(self, text: str, view=None) -> tuple[float, list[tuple[Token, float]]]:
        """The probability and every token's share of the score, largest push towards the label first."""
        tokens = tokenise(text, self.stop, view)
        words, chars = feature_strings(tokens)
        share = [0.0] * len(tokens)
        z = self.bias
        for block in (words, chars):
            if not block:
                continue
            value = 1.0 / math.sqrt(len(block))
            for f, owners in block.items():
                c = self.weight(bucket(f, self.size)) * value
                z += c
                for i in owners:
                    share[i] += c / len(owners)
        p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
        ranked = sorted(((tokens[i], s) for i, s in enumerate(share)), key=lambda x: -x[1])
        return p, ranked


_lock = threading.Lock()


@lru_cache(maxsize=None)
def load(name: str) -> Model:
    """The shipped model ``govlint/data/<name>.clf``, read once per process."""
    if not _MODEL_NAME.fullmatch(name):
        raise ModelError(f"bad classifier name {name!r}")
    with _lock:
        try:
            blob = datafiles.read_bytes(f"data/{name}.clf")
            return Model.from_bytes(blob)
        except (FileNotFoundError, OSError, ValueError, KeyError, zlib.error) as exc:
            raise ModelError(f"cannot load the classifier {name!r}: {exc}") from None


def available(name: str) -> bool:
    try:
        return datafiles.is_file(f"data/{name}.clf")
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return False


class ClassifierDetector(Detector):
    cost = 10  # tokenising and scoring every n-gram: far dearer than a gated pattern

    def __init__(self, model: str, threshold: float, explain: int, label: str, not_enough: frozenset[str] = frozenset()):
        self.model, self.threshold, self.explain, self.label = model, threshold, explain, label
        self.not_enough = not_enough

    def find(self, ctx) -> list[Hit]:
        text = ctx.text
        if not text.strip():
            return []
        model = load(self.model)
        if model.score(text, ctx.leet) < self.threshold:
            return []
        p, ranked = model.explain(text, ctx.leet)
        # Name content words that carry real weight: 'your' and 'the' move the score a little in every post.
        top = [(t, s) for t, s in ranked if s > 0 and t.word and t.end > t.start and t.norm not in _FUNCTION_WORDS]
        top = [(t, s) for t, s in top if s >= top[0][1] / 4][: self.explain] if top else []
        if not top or all(t.norm in self.not_enough for t, _ in top):
            return []
        # The finding points at the word that weighs most; the others are named in the details.
        strongest = top[0][0]
        words = [text[t.start:t.end] for t, _ in top]
        details = (("model", self.model), ("model_score", round(p, 3)), ("words", words))
        parts = tuple(Hit(t.start, t.end, "word") for t, _ in sorted(top, key=lambda x: x[0].start))
        return [Hit(strongest.start, strongest.end, self.label or "classifier", details, parts)]


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS, required=("model",))
    name = spec["model"]
    if not _MODEL_NAME.fullmatch(name) or not available(name):
        raise b.error(f"unknown classifier model '{name}' (no govlint/data/{name}.clf)", spec)
    threshold = float(spec.get("threshold", 0.5))
    if not 0.0 < threshold < 1.0:
        raise b.error("'threshold' must be between 0 and 1", spec)
    explain = spec.get("explain", 3)
    if explain < 1:
        raise b.error("'explain' must be at least 1", spec)
    not_enough = frozenset(_DIGITS.sub("0", t.lower().replace("’", "").replace("'", "")) for t in b.strings(spec, "not_enough"))
    return ClassifierDetector(name, threshold, explain, spec.get("label", ""), not_enough)
