"""Cheap necessary conditions for regular expressions: skip a scan that cannot match.

Most rules cannot match most posts: an insult pattern needs one of its insult
words, an age pattern needs a digit, a number word or 'aged'. :func:`gate`
reads a pattern once (with the standard library's parser) and works out words
that any text it matches must contain, case-folded: one of these, and one of
those, or else one of a third set, and so on. :meth:`Gate.admits` tests them
with set operations on the post's pieces of up to three characters, made once
per text (a needle occurs only if each of its pieces does; a plain substring
search confirms the rest), remembered per post since rules share word lists: far
cheaper than running the pattern, so a post that lacks them skips it.

The condition is only ever *necessary*, never sufficient: a post that passes
still runs the real pattern, and a pattern the parser cannot read
(``regex``-only syntax such as ``\\p{L}`` or fuzzy matching) gets no gate, so
results are exactly those of the full scan.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sys
import warnings
from contextvars import ContextVar
from functools import lru_cache
from operator import add as _add
from pathlib import Path
from typing import Iterable, Mapping

from govlint.digest import sha256

try:  # Python 3.11+
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

DIGIT = "\x00digit"  # needle meaning 'some decimal digit occurs'
_MAX_SET = 64  # largest set of alternative strings tracked through a sequence
_MAX_TERMS = 48  # largest 'or' of 'and's kept before it is flattened
_REPEAT_OPS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_ATOMIC = getattr(_C, "ATOMIC_GROUP", None)
# Syntax the ``regex`` module reads differently from ``re`` (fuzzy {e<=1}, POSIX [[:alpha:]], set operations):
# such patterns get no gate rather than a wrong one.
_VALID_BRACE = re.compile(r"\{\d*(?:,\d*)?\}")
_DIGIT_RE = re.compile(r"\d")
_SLOTS: ContextVar[dict[int, frozenset[str]]] = ContextVar("_SLOTS", default={})
# While one pattern is analysed: the exact strings of each group, by the identity of its parsed node (nested
# groups are asked again at every level above them).
_EXACT_MEMO: ContextVar[dict[int, tuple[object, frozenset[str] | None]]] = ContextVar("_EXACT_MEMO", default={})
# Words so common in posts that needing one says little; used only to choose between conditions.
_COMMON = frozenset("a i in on at to of is it as an am be we he me my or so no do go up us the and you yo her his "
                    "him she our are was for not but all can has had its one out get day new now see".split())


class Folded:
    """A text as gates read it: case-folded, the set of its pieces a gate tests (see :func:`pieces`), and which
    clauses have been tested on it and which of those hold (bits of :data:`_BITS`)."""

    __slots__ = ("text", "digit", "grams", "truth", "tested")  # ('made' is the class's own)

    made = 0  # texts made in this process (counted up to _WARM)

    def __init__(self, text: str):
        self.text = text.casefold()
        self.digit = _DIGIT_RE.search(text) is not None
        self.grams = pieces(self.text, self.digit)
        self.truth = 0  # bit i set: the i-th clause of _BITS holds here
        self.tested = 0  # bit i set: the i-th clause has been tested here
        if Folded.made < _WARM:
            Folded.made += 1

    def test_all(self) -> None:
        """Test every clause known (see :class:`_Bits`) at once: for each piece the text holds, the clauses it
        makes true and the needles to look for. The same answers as :meth:`Clause._test`, for all of them."""
        bits = _BITS
        n = len(bits.clauses)
        keys = bits.index(n)
        truth = bits.always
        direct, confirm = bits.direct, bits.confirm
        text = self.text
        for key in keys.intersection(self.grams):
            found = direct.get(key)
            if found:
                truth |= found
            for needle, bit in confirm.get(key, ()):
                if not truth & bit and needle in text:
                    truth |= bit
        everything = (1 << n) - 1
        self.truth = (self.truth | truth) & everything  # (another thread may have indexed later clauses)
        self.tested = everything


def pieces(folded: str, digit: bool) -> frozenset[str]:
    """Every substring of one to three (``KEY``) characters of a case-folded text, and :data:`DIGIT` if it
    holds a digit: a needle occurs only if each of its pieces of ``KEY`` characters does."""
    pairs = list(map(_add, folded, folded[1:]))
    grams = frozenset(folded).union(pairs, map(_add, pairs, folded[2:]))
    return grams | _DIGIT_SET if digit else grams


_DIGIT_SET = frozenset({DIGIT})
KEY = 3  # length of the piece a needle is indexed by (a needle this short is its own key)
# Letters by how often they occur in English text, commonest first: a needle is indexed by its piece of KEY
# letters least likely to be in a post, so that most posts hold none of a clause's keys.
_LETTER_RANK = {c: i for i, c in enumerate("etaoinshrdlcumwfgypbvkjxqz")}


# The commonest three-letter pieces of English words, never a good key.
_COMMON_PIECES = frozenset("""the and ing ion tio ent ati for her ter hat tha ere ate his con res ver all ons nce men ith
ted ers pro thi wit are ess not ive was ect rea com eve per int est sta cti ica ist ear ain one our iti rat you ound
ter ove out ght igh ill ell ome ong ake lly ure ser uld oul tin ple der ght ide ort art ant ine ant ran ers ous age
ded din ded ess tor sto nte ste tat ies ins man ity ite ive nde ned ning ble lle ble ent ern""".split())


def _rare_piece(needle: str) -> str:
    """The piece of ``needle`` (``KEY`` characters long) least likely to be in a post: not one of the
    commonest, then made of the rarest letters; ties: the first."""
    hit = _RARE.get(needle)
    if hit is not None:
        return hit
    best, best_score = "", None
    scores = _PIECE_SCORES
    for i in range(len(needle) - KEY + 1):
        p = needle[i:i + KEY]
        score = scores.get(p)
        if score is None:
            score = scores[p] = _piece_score(p)
        if best_score is None or score < best_score:  # strictly less: the first of equals, as min() picks
            best, best_score = p, score
    if len(_RARE) > 50_000:
        _RARE.clear()
        _PIECE_SCORES.clear()
    _RARE[needle] = best
    return best


def _piece_score(piece: str) -> int:
    """Lower is rarer: one of the commonest pieces after every other piece, then by its letters' ranks."""
    return (1000 if piece in _COMMON_PIECES else 0) - sum(_LETTER_RANK.get(c, 20) for c in piece)


_RARE: dict[str, str] = {}  # needle -> its piece: lexicons share many terms
_PIECE_SCORES: dict[str, int] = {}


class Clause:
    """'One of these needles occurs'. Interned, so rules sharing a word list share the test's result.

    Tested with set operations: a piece of each needle (its rarest three letters) against the text's
    :attr:`Folded.grams` (one C-level test rejects most texts), then a substring search only for needles
    whose piece the text holds.
    """

    __slots__ = ("needles", "digit", "keys", "_short", "_index", "weight", "always")
    _interned: dict[frozenset[str], "Clause"] = {}

    @property
    def bit(self) -> int:
        """This clause's bit in :data:`_BITS` (the clause joins :data:`_BITS` when first asked). Kept
        there, not on the clause: a bit belongs to one process, and clauses are pickled in the shipped data."""
        bit = _BITS.bit_of.get(self)
        return bit if bit is not None else _BITS.add(self)

    def __init__(self, needles: frozenset[str]):
        self.digit = DIGIT in needles
        self.needles = tuple(sorted(n for n in needles if n != DIGIT))
        self.always = "" in self.needles  # the empty string occurs in every text
        # DIGIT is a piece of every text holding a digit (see :func:`pieces`), so it is a short needle here.
        self._short = frozenset(n for n in self.needles if len(n) <= KEY) | (_DIGIT_SET if self.digit else frozenset())
        self._index: dict[str, tuple[str, ...]] = {}
        for n in self.needles:
            if len(n) > KEY:
                key = _rare_piece(n)
                self._index[key] = self._index.get(key, ()) + (n,)
        self.keys = self._short | frozenset(self._index)
        self.weight = _clause_weight(needles)

    def state(self) -> tuple:
        """What the clause keeps, as plain values (for ``data/gates.idx``)."""
        return (self.needles, self.digit, tuple(sorted(self._short)), tuple(sorted(self._index.items())), self.weight,
                self.always)

    @classmethod
    def from_state(cls, state: tuple) -> "Clause":
        """The clause :meth:`state` describes (the interned one, when this process has it already)."""
        needles, digit, short, index, weight, always = state
        key = frozenset(needles) | _DIGIT_SET if digit else frozenset(needles)
        c = cls._interned.get(key)
        if c is None:
            c = cls.__new__(cls)
            c.needles, c.digit, c.always, c.weight = tuple(needles), bool(digit), bool(always), float(weight)
            c._short = frozenset(short)
            c._index = dict(index)
            c.keys = c._short | frozenset(c._index)
            cls._interned[key] = c
        return c

    @classmethod
    def of(cls, needles: frozenset[str]) -> "Clause":
        c = cls._interned.get(needles)
        if c is None:
            c = cls._interned[needles] = cls(needles)
        return c

    def _test(self, text: Folded) -> bool:
        grams = text.grams
        if self.keys.isdisjoint(grams):
            return self.always
        if not self._short.isdisjoint(grams) or self.always:
            return True
        folded = text.text
        index = self._index
        for key in self.keys.intersection(grams):
            for n in index.get(key, ()):
                if n in folded:
                    return True
        return False


class _Bits:
    """Every clause a gate of this process has used, each with its bit, and what finds them all in a text at
    once (:meth:`Folded.test_all`): for each piece, the clauses it makes true (a short needle, or :data:`DIGIT`)
    and the longer needles it is the key of, with their clauses' bits (brought up to date only when a text
    needs it: a one-draft run tests its few clauses one by one)."""

    __slots__ = ("clauses", "bit_of", "masks", "always", "direct", "confirm", "_keys", "_indexed", "_lock")

    def __init__(self):
        import threading

        self.clauses: list[Clause] = []
        self.bit_of: dict[Clause, int] = {}
        self.masks: dict[Gate, tuple[int, ...]] = {}  # each gate's alternatives as the bits of their clauses
        self.always = 0
        self.direct: dict[str, int] = {}
        self.confirm: dict[str, list[tuple[str, int]]] = {}
        self._keys: frozenset[str] = frozenset()
        self._indexed = 0  # clauses in direct, confirm and always so far
        self._lock = threading.Lock()  # (the local web page checks posts on several threads)

    def add(self, clause: Clause) -> int:
        with self._lock:
            bit = self.bit_of.get(clause)
            if bit is None:
                bit = self.bit_of[clause] = 1 << len(self.clauses)
                self.clauses.append(clause)
            return bit

    def index(self, n: int) -> frozenset[str]:
        """Bring the look-ups up to the first ``n`` clauses; the pieces they know."""
        with self._lock:
            if self._indexed < n:
                for clause in self.clauses[self._indexed:n]:
                    bit = self.bit_of[clause]
                    if clause.always:
                        self.always |= bit
                    for key in clause._short:
                        self.direct[key] = self.direct.get(key, 0) | bit
                    for key, needles in clause._index.items():
                        self.confirm.setdefault(key, []).extend((needle, bit) for needle in needles)
                self._indexed = n
                self._keys = frozenset(self.direct).union(self.confirm)
            return self._keys


_BITS = _Bits()
_BULK = 64  # clauses known before a new text has them all tested at once rather than one by one
_WARM = 16  # texts a process makes before its gates test clauses by their bits at all


class Gate:
    """Any text the pattern matches satisfies every clause of at least one of ``terms``."""

    __slots__ = ("terms", "_first", "_quick")

    def __init__(self, terms: Iterable[Iterable[Clause]]):
        terms = [tuple(t) for t in terms]
        # Alternatives of a single clause merge into one clause: one test instead of many.
        single = frozenset().union(*(t[0].needles + (DIGIT,) * t[0].digit for t in terms if len(t) == 1))
        multi = [t for t in terms if len(t) > 1]
        if single:
            multi.append((Clause.of(frozenset(single)),))
        # Most selective clause first, so an alternative fails fast.
        # (Ties: the clause whose needles sort first, so that the same pattern has the same gate in every process.)
        self.terms = tuple(tuple(sorted(t, key=lambda c: (-c.weight, c.digit, c.needles))) for t in multi)
        # Every alternative needs its first clause: when none of their keys (pieces, digits) is in a text,
        # one set test rejects it.
        self._first = frozenset().union(*(t[0].keys for t in self.terms))
        self._quick = not any(t[0].always for t in self.terms)

    @classmethod
    def from_terms(cls, terms: tuple) -> "Gate":
        """A gate whose alternatives are already merged and ordered as :meth:`__init__` leaves them."""
        g = cls.__new__(cls)
        g.terms = terms
        g._first = frozenset().union(*(t[0].keys for t in terms))
        g._quick = not any(t[0].always for t in terms)
        return g

    def admits(self, text: Folded) -> bool:
        """Could the pattern match this text?

        Each alternative is the bits of its clauses (see :class:`_Bits`); it holds when they all hold. A text
        new to a process that knows many clauses has them all tested at once (:meth:`Folded.test_all`);
        otherwise (a one-draft run, or clauses first used after that) clauses are tested one by one, as an
        alternative needs them."""
        masks = _BITS.masks.get(self)
        if masks is None and Folded.made >= _WARM:  # (a one-draft run makes no masks: it tests clauses one by one)
            alts = tuple(sum(c.bit for c in frozenset(term)) for term in self.terms)
            masks = _BITS.masks[self] = (sum(frozenset(c.bit for t in self.terms for c in t)), alts)
        if masks is not None:
            used, alts = masks
            tested = text.tested
            if used & tested != used and not tested and len(_BITS.clauses) >= _BULK:
                text.test_all()
                tested = text.tested
            if used & tested == used:
                truth = text.truth
                for mask in alts:
                    if truth & mask == mask:
                        return True
                return False
        return self._admits_one_by_one(text)

    def _admits_one_by_one(self, text: Folded) -> bool:
        if self._quick and self._first.isdisjoint(text.grams):
            return False  # none of the first clauses' pieces: no need to test any clause
        for term in self.terms:
            for clause in term:
                bit = clause.bit
                if not text.tested & bit:
                    text.tested |= bit
                    if clause._test(text):
                        text.truth |= bit
                if not text.truth & bit:
                    break
            else:
                return True
        return False

    @property
    def needles(self) -> frozenset[str]:
        """Every needle mentioned (for tests and debugging)."""
        return frozenset(n for t in self.terms for c in t for n in (*c.needles, *([DIGIT] if c.digit else [])))

    def __repr__(self) -> str:
        return " | ".join(" & ".join("{" + ",".join(c.needles[:4]) + ("…" if len(c.needles) > 4 else "") + "}"
                                     for c in t) for t in self.terms)


def first_keys(gate: "Gate | None") -> frozenset[str] | None:
    """Pieces of which a text must hold one for ``gate`` to admit it (see :meth:`Gate.admits`), or None
    when there is no such set (no gate, or one that admits some texts without any)."""
    if gate is None or not gate._quick:
        return None
    return gate._first


# A requirement while analysing: an 'or' of 'and's of needle sets (frozenset of frozensets of frozensets).
Req = frozenset


def gate(pattern: str, flags: int = 0, slots: Mapping[str, Iterable[str]] | None = None) -> Gate | None:
    """The gate for ``pattern`` (``regex`` syntax), or None when no useful one can be proved.

    ``slots`` maps single placeholder characters in ``pattern`` to needles that
    any text matched in their place contains (a named lexicon expanded there
    later): analysing the short placeholder form is much cheaper than parsing
    a thousand-term alternation. Results are kept in a small cache file (see
    :class:`_Store`), so a one-draft run does not parse every pattern again.
    """
    slot_sets = {k: _folded_slot(v) for k, v in (slots or {}).items()}
    key = _STORE.key(pattern, flags, slot_sets)
    shipped = _shipped_gate(key)
    if shipped is not _MISSING:
        return shipped  # type: ignore[return-value]
    hit = _STORE.get(key)
    if hit is not _MISSING:
        return _as_gate(hit)
    req = _analyse(pattern, flags, slot_sets)
    _STORE.put(key, req)
    return _as_gate(req)


# Each slot's needles case-folded, and a digest of them for the store's key: many patterns share a lexicon.
_SLOT_MEMO: dict[frozenset[str], tuple[frozenset[str], str]] = {}


def _slot_info(needles: Iterable[str]) -> tuple[frozenset[str], str]:
    given = needles if isinstance(needles, frozenset) else frozenset(needles)
    hit = _SLOT_MEMO.get(given)
    if hit is None:
        folded = frozenset(n.casefold() for n in given)
        digest = sha256(json.dumps(sorted(folded)).encode("utf-8", "surrogatepass")).hexdigest()
        if len(_SLOT_MEMO) > 4096:
            _SLOT_MEMO.clear()
        hit = _SLOT_MEMO[given] = _SLOT_MEMO[folded] = (folded, digest)
    return hit


def _folded_slot(needles: Iterable[str]) -> frozenset[str]:
    return _slot_info(needles)[0]


def _analyse(pattern: str, flags: int, slots: dict[str, frozenset[str]]) -> Req | None:
    if not _plain_syntax(pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _P.parse(pattern, int(flags & re.VERBOSE))  # an int: the parser is slow on flag enums
    except Exception:  # noqa: BLE001 - any syntax re cannot read: no gate, the pattern still runs
        return None
    token = _SLOTS.set({ord(k): v for k, v in slots.items()})
    memo = _EXACT_MEMO.set({})
    try:
        return _sequence(parsed)
    finally:
        _EXACT_MEMO.reset(memo)
        _SLOTS.reset(token)


_MISSING = object()
_ALGORITHM = 3  # bump when the analysis changes: cached gates from older versions are then ignored


class _Store:
    """Gates worked out by earlier runs, in ``<cache dir>/prefilter-gates.json``.

    The file holds only needle words taken from patterns (never any post
    text), keyed by a hash of the pattern, flags, Python version and analysis
    version; a file that is unreadable or malformed is ignored, and it is
    replaced atomically at exit. It is off unless ``GOVLINT_CACHE_DIR`` names a folder for it: govlint
    writes nothing but the outputs asked for (and on this kind of machine the saving was not measurable).
    """

    MAX_ENTRIES = 4000

    def __init__(self):
        self.entries: dict[str, list | None] | None = None
        self.dirty = False
        self.pid = os.getpid()

    @staticmethod
    def key(pattern: str, flags: int, slots: dict[str, frozenset[str]]) -> str:
        """A hash of what a gate is worked out from: the pattern, its flags and each slot's (case-folded) needles.

        Not the Python version: a gate is a property of the pattern (what any match contains), whichever
        version's parser read it, so gates shipped with govlint serve every version."""
        blob = json.dumps([_ALGORITHM, int(flags), pattern, sorted((k, _slot_info(v)[1]) for k, v in slots.items())])
        return sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    @staticmethod
    def path() -> Path | None:
        base = os.environ.get("GOVLINT_CACHE_DIR")
        if not base or os.environ.get("GOVLINT_NO_CACHE"):
            return None
        return Path(base) / "prefilter-gates.json"

    def _load(self) -> dict:
        if self.entries is None:
            self.entries = {}
            path = self.path()
            try:
                data = json.loads(path.read_text(encoding="utf-8")) if path else None
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("version") == _ALGORITHM and isinstance(data.get("gates"), dict):
                gates = data["gates"]
                if all(isinstance(k, str) and _valid(v) for k, v in gates.items()):
                    self.entries = gates
        return self.entries

    def get(self, key: str):
        value = self._load().get(key, _MISSING)
        if value is _MISSING or value is None:
            return value
        return frozenset(frozenset(frozenset(c) for c in term) for term in value)

    def put(self, key: str, req: Req | None) -> None:
        entries = self._load()
        entries[key] = None if req is None else [[sorted(c) for c in term] for term in req]
        if not self.dirty:
            self.dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        path = self.path()
        if not self.dirty or path is None or os.getpid() != self.pid or self.entries is None:
            return
        import tempfile

        entries = self.entries if len(self.entries) <= self.MAX_ENTRIES else {}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gates-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": _ALGORITHM, "gates": entries}, fh, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:  # a read-only home, a full disk: the next run works the gates out again
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        self.dirty = False


def _valid(value) -> bool:
    return value is None or (isinstance(value, list) and all(
        isinstance(term, list) and term and all(
            isinstance(c, list) and c and all(isinstance(n, str) and n for n in c) for c in term) for term in value))


_STORE = _Store()

SHIPPED = "data/gates.idx"
_LAYOUT = 3  # how gates.idx stores a built gate (bump when Clause or Gate keep something else)
_SHIPPED: list[tuple[dict, memoryview]] = []


def decode_shipped(blob: bytes) -> tuple[dict, memoryview] | None:
    """(header, body) of a ``gates.idx``, or None when it is not one this code reads. The header maps each
    gate's key to None (no gate) or where in the body its alternatives are (each a tuple of clauses, each
    clause as :meth:`Clause.state` gives it)."""
    from govlint.datafiles import split_header

    header, body = split_header(blob)
    if isinstance(header, dict) and header.get("version") == _ALGORITHM and header.get("layout") == _LAYOUT \
            and isinstance(header.get("gates"), dict):
        return header, body
    return None


def _shipped() -> tuple[dict, memoryview]:
    """The gates of the built-in packs and identifiers as built when govlint was built (``data/gates.idx``,
    written by ``scripts/build_indexes.py``), by the key :class:`_Store` uses; each is decoded when first
    asked for. A pattern that is not there (a user's pack, an edited rule) is analysed here, to the same gate."""
    if not _SHIPPED:
        state: tuple[dict, memoryview] = ({}, memoryview(b""))
        try:
            from govlint import datafiles

            decoded = decode_shipped(datafiles.read_bytes(SHIPPED))
            if decoded is not None:
                state = (decoded[0]["gates"], decoded[1])
        except (OSError, ValueError, EOFError, TypeError):
            pass
        _SHIPPED.append(state)
    return _SHIPPED[0]


def _shipped_gate(key: str):
    """The built gate shipped for ``key`` (None: no gate), or _MISSING."""
    gates, body = _shipped()
    where = gates.get(key, _MISSING)
    if where is _MISSING or where is None:
        return where
    try:
        import marshal

        terms = marshal.loads(body[where[0]:where[1]])
        return Gate.from_terms(tuple(tuple(Clause.from_state(c) for c in term) for term in terms))
    except (IndexError, TypeError, ValueError, EOFError):  # a damaged file: work this one out
        return _MISSING


def build_shipped(patterns: Iterable[tuple[str, int, Mapping[str, Iterable[str]] | None]]) -> bytes:
    """``data/gates.idx`` for these (pattern, flags, slots): every gate worked out afresh and stored built."""
    import marshal

    gates: dict[str, bytes | None] = {}
    for pattern, flags, slots in patterns:
        slot_sets = {k: _folded_slot(v) for k, v in (slots or {}).items()}
        g = _as_gate(_analyse(pattern, flags, slot_sets))
        key = _Store.key(pattern, flags, slot_sets)
        # (Alternatives in a canonical order: the order a gate tries them in changes only how soon it stops.)
        gates[key] = None if g is None else marshal.dumps(tuple(sorted(tuple(c.state() for c in t) for t in g.terms)))
    index: dict[str, tuple[int, int] | None] = {}
    body, pos = [], 0
    for key in sorted(gates):
        blob = gates[key]
        if blob is None:
            index[key] = None
            continue
        index[key] = (pos, pos + len(blob))
        body.append(blob)
        pos += len(blob)
    from govlint.datafiles import with_header

    return with_header({"version": _ALGORITHM, "layout": _LAYOUT, "python": "%d.%d" % sys.version_info[:2],
                        "gates": index}, b"".join(body))


def needles_gate(needles: Iterable[str]) -> Gate | None:
    """A gate from literal strings one of which every match contains (e.g. a lexicon's words)."""
    need = frozenset(n.casefold() for n in needles)
    return _as_gate(_one(need) if need and "" not in need else None)


def term_needle(term: str) -> str:
    """A space-separated piece of a term (any text matching the term contains each): the longest that is
    not one of the commonest words ('and', 'you'), which nearly every post holds, else the longest."""
    return max(term.split(), key=lambda w: (w.casefold() not in _COMMON, len(w)), default="")


_BY_PATTERN: dict[tuple[str, int], Gate | None] = {}


def admits(pattern, text: Folded) -> bool:
    """Could compiled ``pattern`` (``regex`` or ``re``) match the text? Its gate is worked out once."""
    key = (pattern.pattern, pattern.flags)
    try:
        g = _BY_PATTERN[key]
    except KeyError:
        g = _BY_PATTERN[key] = gate(pattern.pattern, pattern.flags)
    return g is None or g.admits(text)


def _as_gate(req: Req | None) -> Gate | None:
    if not req:
        return None
    return Gate([Clause.of(c) for c in term] for term in req)


_SYNTAX_MARK = re.compile(r"\\.|[\[\]{]", re.DOTALL)  # the only characters _plain_syntax looks at


def _plain_syntax(pattern: str) -> bool:
    pos, in_class = 0, False
    while True:
        m = _SYNTAX_MARK.search(pattern, pos)
        if m is None:
            return True
        i = m.start()
        c = pattern[i]
        pos = i + 1
        if c == "\\":
            pos = i + 2
        elif in_class:
            if c == "[":
                return False  # nested set or POSIX class: regex-only
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern.startswith("^", pos):
                pos += 1
            if pattern.startswith("]", pos):  # ']' first in a class is a literal
                pos += 1
        elif c == "{" and not _VALID_BRACE.match(pattern, i):
            return False  # fuzzy constraint or named list


# --- choosing between conditions (any choice is correct; better ones skip more posts) ---------------

def _needle_weight(n: str) -> float:
    if n == DIGIT:
        return 1.0
    if n in _COMMON:
        return 0.5
    return float(min(len(n), 8))


@lru_cache(maxsize=4096)
def _clause_weight(c: frozenset[str]) -> float:
    if not c:
        return 0.0
    return min(_needle_weight(n) for n in c) - 0.05 * len(c) ** 0.5


def _weight(req: Req) -> float:
    """How selective a requirement is: its weakest alternative, each scored by the sum of its clauses."""
    return min(sum(_clause_weight(c) for c in term) for term in req)


def _one(needles: frozenset[str]) -> Req:
    return frozenset({frozenset({needles})})


def _and(a: Req, b: Req) -> Req:
    return frozenset(x | y for x in a for y in b)


def _or(reqs: list[Req]) -> Req | None:
    out = frozenset().union(*reqs)
    if len(out) <= _MAX_TERMS:
        return out
    # Too many alternatives: keep one clause per alternative (its best) and merge them into one set.
    # (Ties go to the clause whose needles sort first, so the gate is the same in every process.)
    merged = frozenset(n for term in out for n in min(term, key=lambda c: (-_clause_weight(c), sorted(c))))
    return _one(merged) if "" not in merged else None


# --- does every match start with a word character? -------------------------------------------------

_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def starts_with_word(pattern: str, flags: int = 0, word_slots: Iterable[str] = ()) -> bool:
    """True when every match of ``pattern`` is non-empty and starts with a word character (an ASCII letter,
    digit or underscore, or a class of only those or of ``\\d`` / ``\\w``); ``word_slots``: placeholder
    characters that stand for a lexicon whose every term starts with one. Then 'no word character just
    before the match' and 'a word boundary at its start' are the same test, and ``regex`` finds a pattern
    that opens with ``\\b`` much faster. False whenever unsure."""
    if not _plain_syntax(pattern):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _P.parse(pattern, int(flags & re.VERBOSE))
    except Exception:  # noqa: BLE001 - anything re cannot read: unsure
        return False
    return _word_first(list(getattr(parsed, "data", parsed)), frozenset(map(ord, word_slots))) is True


def _word_first(items: list, slots: frozenset[int]) -> bool | None:
    """True: every match of ``items`` is non-empty and starts with a word character; None: every non-empty
    match does, but it may match nothing; False: some match may start otherwise (or unsure)."""
    for op, av in items:
        if op is _C.AT or op is _C.ASSERT or op is _C.ASSERT_NOT:
            continue  # zero-width: the first character comes from what follows
        if op is _C.LITERAL:
            r: bool | None = av in slots or chr(av) in _ASCII_WORD
        elif op is _C.IN:
            r = bool(av) and all(_word_member(o, a) for o, a in av)
        elif op is _C.SUBPATTERN or (_ATOMIC is not None and op is _ATOMIC):
            r = _word_first(list(av if op is _ATOMIC else av[-1]), slots)
        elif op is _C.BRANCH:
            results = [_word_first(list(br), slots) for br in av[1]]
            r = False if False in results else (None if None in results else True)
        elif op in _REPEAT_OPS:
            lo, _, sub = av
            r = _word_first(list(sub), slots)
            if r is True and lo == 0:
                r = None  # may be left out
        else:
            return False
        if r is not None:
            return r
        # an item that may match nothing (but starts with a word character when it does): look further
    return None


def _word_member(op, av) -> bool:
    if op is _C.LITERAL:
        return chr(av) in _ASCII_WORD
    if op is _C.RANGE:
        lo, hi = av
        return any(a <= lo and hi <= b for a, b in ((48, 57), (65, 90), (97, 122)))
    if op is _C.CATEGORY:
        return av is _C.CATEGORY_DIGIT or av is _C.CATEGORY_WORD
    return False


# --- walking the parsed pattern --------------------------------------------------------------------

def _exact(op, av) -> frozenset[str] | None:
    """The finite set of strings an item matches, if small and known exactly."""
    if op is _TEXT:
        return frozenset({av})
    if op is _C.LITERAL or op is _C.IN:
        return _exact_item(op, av)
    memo = _EXACT_MEMO.get()
    hit = memo.get(id(av))
    if hit is not None and hit[0] is av:
        return hit[1]  # type: ignore[return-value]
    out = _exact_item(op, av)
    memo[id(av)] = (av, out)
    return out


def _exact_item(op, av) -> frozenset[str] | None:
    if op is _C.LITERAL:
        if av in _SLOTS.get():
            return None
        return frozenset({chr(av).casefold()})
    if op is _C.IN:
        if all(o is _C.LITERAL and a not in _SLOTS.get() for o, a in av) and len(av) <= _MAX_SET:
            return frozenset(chr(a).casefold() for _, a in av)
        return None
    if op is _C.SUBPATTERN:
        return _exact_seq(av[-1])
    if op is _C.BRANCH:
        out: set[str] = set()
        for br in av[1]:
            s = _exact_seq(br)
            if s is None:
                return None
            out |= s
            if len(out) > _MAX_SET:
                return None
        return frozenset(out)
    if op in _REPEAT_OPS:
        lo, hi, sub = av
        if lo == 0 and hi == 1:
            s = _exact_seq(sub)
            return None if s is None else s | {""}
        return None
    return None


_TEXT = object()  # not an opcode: a run of plain literal characters, as one case-folded string


def _merged(items) -> list:
    """``items`` with each run of literal characters (not lexicon placeholders) as one ``_TEXT`` item:
    appending a run at once gives the same strings as appending its characters one by one."""
    slots = _SLOTS.get()
    out: list = []
    buf: list[str] = []
    for op, av in getattr(items, "data", items):  # a parsed SubPattern's own list: indexing it item by item is slow
        if op is _C.LITERAL and av not in slots:
            buf.append(chr(av).casefold())
            continue
        if buf:
            out.append((_TEXT, "".join(buf)))
            buf = []
        out.append((op, av))
    if buf:
        out.append((_TEXT, "".join(buf)))
    return out


def _exact_seq(items) -> frozenset[str] | None:
    out = frozenset({""})
    for op, av in _merged(items):
        s = _exact(op, av)
        if s is None:
            return None
        out = frozenset(a + b for a in out for b in s)
        if len(out) > _MAX_SET:
            return None
    return out


def _required(op, av) -> Req | None:
    """What any match of this single item contains."""
    if op is _C.LITERAL:
        slot = _SLOTS.get().get(av)
        return _one(slot) if slot and "" not in slot else None
    if op is _C.IN:
        digits = all((o is _C.CATEGORY and a is _C.CATEGORY_DIGIT) or (o is _C.RANGE and 48 <= a[0] <= a[1] <= 57)
                     or (o is _C.LITERAL and 48 <= a <= 57) for o, a in av)
        return _one(frozenset({DIGIT})) if digits and av else None
    if op is _C.SUBPATTERN:
        return _sequence(av[-1])
    if _ATOMIC is not None and op is _ATOMIC:
        return _sequence(av)
    if op is _C.BRANCH:
        reqs = []
        for br in av[1]:
            r = _sequence(br)
            if r is None:
                return None
            reqs.append(r)
        return _or(reqs)
    if op in _REPEAT_OPS:
        lo, _, sub = av
        return _sequence(sub) if lo >= 1 else None
    if op is _C.ASSERT:  # a positive look-ahead or look-behind must match too, just outside the match
        return _sequence(av[1])
    return None  # negative look-arounds, anchors, back-references, ANY, conditionals: no requirement


def _sequence(items) -> Req | None:
    """Every item of a sequence is required: runs of exactly-known items, and the others' requirements.

    The two most selective are joined with 'and' (when that stays small); any of them alone would do.
    """
    cands: list[Req] = []

    def add_run(run: frozenset[str]) -> None:
        if "" not in run:
            cands.append(_one(run))

    run = frozenset({""})
    for op, av in _merged(items):
        s = _exact(op, av)
        if s is not None:
            joined = frozenset(a + b for a in run for b in s)
            if len(joined) <= _MAX_SET:
                run = joined
                continue
        add_run(run)
        run = frozenset({""})
        if s is not None:  # exact but too many alternatives to join: start a new run with it
            run = s
            continue
        r = _required(op, av)
        if r:
            cands.append(r)
    add_run(run)
    if not cands:
        return None
    cands.sort(key=_weight, reverse=True)
    best = cands[0]
    if len(cands) > 1 and len(best) * len(cands[1]) <= 8:
        best = _and(best, cands[1])
    return best
