"""Places and person names found by looking words up in shipped lists (no model).

Three lists under ``govlint/data``: the UK gazetteer (``uk_places.tsv``), world
places (``world_places.tsv``: countries, US states, cities of 15,000+ people)
and person names (``person_names.tsv``). Each entry carries a flag saying how
far a bare match can be trusted:

- ``place`` / ``name``: not an English word, so even a lower-case match counts
  ('inglewood', 'kev from 3 west' is not matched but 'justin' is), at a score
  below the rules' minimum unless it is capitalised;
- ``word``: a rare English word as well ('Concord', 'Badger'): capitalised only;
Countries and US states score 0.5 (shown, and counted by rules that ask for
any place, but below the 0.55 a detail needs to count towards a jigsaw).

- ``ambiguous``: a common word or a common name too ('Reading', 'Bath', 'Will',
  'May'): a place only after 'in', 'from', 'near'...; a first name only when a
  capitalised surname follows it.

Matching walks the words of the post and looks up runs of one to four words in
a dictionary, so tens of thousands of names cost a few dictionary look-ups per
word rather than one huge regular expression.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import Callable, Iterator, Mapping

from govlint import datafiles, prefilter, rx
from govlint.lazyre import Later, LazyPattern, fixed  # Later: compiled on first use (most runs never need it)
from govlint.model import Identifier
from govlint.records import frozen

_WORD = fixed(r"#?[\p{L}][\p{L}\p{M}'’.\-]*(?<![.\-'’])|#[\p{L}\p{N}_]+")
# _WORD for an ASCII text, in the standard library's engine (quicker): there \p{L} is [A-Za-z], \p{N} is [0-9]
# and \p{M} is nothing.
_WORD_ASCII = re.compile(r"#?[A-Za-z][A-Za-z'’.\-]*(?<![.\-'’])|#[A-Za-z0-9_]+")
_PLACE_PREP = fixed(r"(?:^|\b)(?:from|in|near|at|of|outside|to|round|around|into|visiting|via|across|towards|toward|through)\s+(?:the\s+)?$",
                            rx.IGNORECASE)
_LOWER_JOINERS = {"of", "upon", "on", "the", "le", "la", "de", "des", "du", "in", "under", "by", "en", "sur", "am", "del",
                  "di", "da", "and", "y", "el", "al", "les", "los", "las", "san", "st", "st.", "an", "der", "den", "von", "van"}
_TITLES = fixed(r"(?:mrs|mr|ms|mx|dr|miss|prof|nurse|sister|auntie|aunty|uncle|nan|nana|nanna|grandma|grandad|granny|"
                        r"grandpa|father|fr|rev|sir|lady|lord|dame)\.?", rx.IGNORECASE)
# Titles that are also ordinary words or abbreviations ('miss the bus', 'MS symptoms', 'MR scan'): only with a known name.
_WEAK_TITLES = {"miss", "ms", "mr", "dr", "sister", "father", "lady", "lord", "nurse", "nan", "sir"}
# Calendar words that name lists hold as given names ('April', 'June', 'Jan'): dates here, never people.
_NOT_NAMES = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues
wed thu thur thurs fri sat sun easter christmas xmas""".split())
_COUNT = Later(r"-?\d")  # after a name: 'Imo-2'
# Words for a faith or a people that name lists also hold as given names ('as a Christian', 'German measles', 'an
# English teacher', 'a proud Scot'): far more often the word than the name, so read like an ambiguous name.
_PEOPLE_WORDS = frozenset({"christian", "english", "german", "scot"})
# An age in apposition straight after a name ('Grace, 88, came in', 'Hope (4) was'): the way a post introduces a
# person, which makes even a name that is also a word ('Grace', 'Will') a name.
_AGE_AFTER = Later(r"\s*(?:,\s*(?:aged\s+)?(?:1[01]\d|\d{1,2})\s*(?:,|\.|\)|yrs?\b|yo\b|y/o\b|years?\b)"
                   r"|\(\s*(?:aged\s+)?(?:1[01]\d|\d{1,2})\s*\))")
_CAMEL = fixed(r"\p{Lu}[\p{Ll}]+|\p{Lu}+(?=\p{Lu}\p{Ll}|$)")

# The compass regions of the UK, which read as a first name and a surname ('the North West', 'West Midlands').
_REGION = Later(r"(?:the\s+)?(?:north|south|east|west)(?:[\s-]?(?:east|west))?(?:\s+(?:midlands|england|wales|"
                r"scotland|coast|london|of\s+england|country))?", rx.IGNORECASE)


def is_region(text: str) -> bool:
    """'North West', 'the West Midlands', 'South East England': a region, never a person."""
    return _REGION.fullmatch(text.strip()) is not None


@frozen
class Entry:
    """A place or name from the shipped lists, with how far a bare match can be trusted."""

    name: str
    flag: str
    source: str  # uk, world; or first, last, both for names
    kind: str = ""  # world places: country, state, state_code, city


def _text(name: str) -> str:
    try:
        return datafiles.read_text(f"data/{name}")
    except (FileNotFoundError, OSError):
        return ""


def _read(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _text(name).splitlines() if line and not line.startswith("#")]


def _key(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


# Line breaks other than '\n' that str.splitlines() honours: a list holding one is read line by line instead.
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Whitespace that _key would squeeze (runs, ends, tabs...): a name holding any is keyed one at a time.
_ODD_SPACE = re.compile(r"^[^\S\n]|[^\S\n]$|[^\S\n]{2}|[^\S \n]", re.MULTILINE)


def _lines(name: str, min_name: int) -> dict[str, str]:
    """Look-up key -> line for every line of a list with at least three columns and a name of ``min_name``
    characters or more (comments skipped; a later line wins over an earlier one with the same key).

    The same as keying each line of ``_read(name)`` with :func:`_key`, but done with a few whole-text
    operations, so the 30,000-line lists load in milliseconds; lines become :class:`Entry` only when looked up.
    """
    data = _text(name)
    if _ODD_BREAKS.search(data):
        rows = [p for p in _read(name) if len(p) >= 3 and len(p[0]) >= min_name]
        return {_key(p[0]): "\t".join(p) for p in rows}
    # Lines with three columns or more and a long enough name.
    lines = re.findall(f"^(?!#)[^\\t\\n]{{{min_name},}}\\t[^\\t\\n]*\\t[^\\n]*$", data, re.MULTILINE)
    names = [line.partition("\t")[0] for line in lines]
    blob = "\n".join(names).replace("’", "'").lower()
    keys = [_key(n) for n in names] if _ODD_SPACE.search(blob) else blob.split("\n")
    return dict(zip(keys, lines))


class _Table(Mapping):
    """Look-up key -> :class:`Entry` over one or more lists, later lists winning; each entry is made on
    first look-up."""

    def __init__(self, layers: list[tuple[dict[str, str], Callable[[list[str]], Entry]]]):
        self._layers = layers[::-1]
        self._made: dict[str, Entry | None] = {}
        self._any = any(lines for lines, _ in self._layers)  # the lists are read-only: asked once

    def get(self, key, default=None):
        try:
            entry = self._made[key]
        except KeyError:
            entry = None
            for lines, make in self._layers:
                line = lines.get(key)
                if line is not None:
                    entry = make(line.split("\t"))
                    break
            if len(self._made) > 100_000:
                self._made.clear()
            self._made[key] = entry
        return default if entry is None else entry

    def __getitem__(self, key):
        entry = self.get(key)
        if entry is None:
            raise KeyError(key)
        return entry

    def __contains__(self, key) -> bool:
        return any(key in lines for lines, _ in self._layers)

    def __iter__(self):
        return iter({k: None for lines, _ in self._layers[::-1] for k in lines})

    def __len__(self) -> int:
        return len(set().union(*(lines for lines, _ in self._layers)))

    def __bool__(self) -> bool:
        return self._any


# The lists and the shortest name each keeps (see :func:`_lines`).
LISTS = (("world_places.tsv", 2), ("uk_places.tsv", 3), ("person_names.tsv", 0))


@lru_cache(maxsize=1)
def places() -> Mapping[str, Entry]:
    return _Table([
        (_keyed("world_places.tsv", 2), lambda p: Entry(p[0], p[2].strip(), "world", p[3].strip() if len(p) > 3 else "city")),
        (_keyed("uk_places.tsv", 3), lambda p: Entry(p[0], p[2].strip(), "uk")),  # the UK gazetteer wins where names clash
    ])


@lru_cache(maxsize=1)
def names() -> Mapping[str, Entry]:
    return _Table([(_keyed("person_names.tsv", 0), lambda p: Entry(p[0], p[2].strip(), p[1].strip()))])


def _keyed(name: str, min_name: int):
    """:func:`_lines` of a list: from the shipped index (see :mod:`govlint.identifiers.gazindex`) when it was
    built from this very file, so a one-post run reads a few dozen lines instead of keying 40,000."""
    from govlint.identifiers import gazindex

    return gazindex.lines(name, min_name) or _lines(name, min_name)


def is_place(text: str) -> bool:
    e = places().get(_key(text))
    return e is not None and e.flag != "ambiguous"


def any_place(text: str) -> bool:
    """In a place list at all, even as an ambiguous name ('India', 'Georgia')."""
    return _key(text) in places()


def first_name(word: str) -> Entry | None:
    e = known_name(word)
    return e if e is not None and e.source in ("first", "both") else None


@lru_cache(maxsize=16384)  # a post's words are looked up several times, and posts share most of their words
def known_name(word: str) -> Entry | None:
    word = word.strip(".'’,")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    key = _key(word)
    return None if key in _NOT_NAMES else names().get(key)


def word_first(entry: Entry, word: str) -> bool:
    """Whether a known name is more often an ordinary word ('Will', 'Grace', 'Christian'): on its own, not a name."""
    return entry.flag == "ambiguous" or _key(word) in _PEOPLE_WORDS


def _capitalised(words: list[str]) -> bool:
    sig = [w for w in words if w.lower() not in _LOWER_JOINERS]
    return bool(sig) and all(w[:1].isupper() for w in sig)


def _all_caps(words: list[str]) -> bool:
    letters = "".join(words)
    return len(letters) >= 4 and letters.isupper()


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word the look-ups read; made once per post and shared by
    :func:`find_places` and :func:`find_names`."""
    words = _WORD_ASCII if text.isascii() else _WORD
    return [(m.start(), m.end(), m.group()) for m in words.finditer(text)]


def _joined(text: str, toks, i: int, n: int) -> str | None:
    """The words i..i+n-1 if only single spaces (or a hyphen) separate them."""
    for a, b in zip(toks[i:i + n - 1], toks[i + 1:i + n]):
        gap = text[a[1]:b[0]]
        if gap not in (" ", "-"):
            return None
    return text[toks[i][0]:toks[i + n - 1][1]]


@lru_cache(maxsize=1)
def _multi_word_openings() -> frozenset[str]:
    """The opening word of every place name of several words ('st' of 'st albans', 'stoke' of 'stoke-on-trent'):
    a run of words starting with any other word cannot be a place, so it is not looked up."""
    from govlint.identifiers import gazindex

    shipped = gazindex.openings()
    if shipped is not None:
        return shipped
    return openings_of(places())


def openings_of(table) -> frozenset[str]:
    return frozenset(_SEPARATOR.split(k, 1)[0] for k in table if " " in k or "-" in k)


_SEPARATOR = Later(r"[ -]")


def find_places(text: str, toks: list[tuple[int, int, str]] | None = None) -> Iterator[Identifier]:
    """Places named in ``text`` (``toks``: its :func:`tokens`, if made already)."""
    table = places()
    if not table:
        return
    openings = _multi_word_openings()
    toks = tokens(text) if toks is None else toks
    i = 0
    # Only a word that a place can start at (see _word_flags) is looked at; any other is passed over.
    last = len(toks)
    get = table.get
    for at in _starts(toks, _PLACE_WORD):
        if at < i:
            continue  # inside the place just found
        i = at
        found = None
        start, _, word = toks[i]
        # One word's key: a word holds no whitespace, so _key() comes down to these two steps.
        key1 = word.lstrip("#").replace("’", "'").lower()
        # A run of two or more words is looked up only when its first word opens some place name; the run's
        # key then starts with that word, lower-cased, up to its first hyphen.
        longest = 1
        if key1.split("-", 1)[0] in openings:
            # The longest run (up to 4 words) with only a single space or a hyphen between its words: every
            # shorter run from here has only those gaps too, and no longer one has (see _joined).
            while longest < 4 and i + longest < last and text[toks[i + longest - 1][1]:toks[i + longest][0]] in _GAPS:
                longest += 1
        for n in range(longest, 0, -1):
            if n > 1:
                span = text[start:toks[i + n - 1][1]]
                raw = span.lstrip("#")
                # _key() of words joined by single spaces or hyphens (words hold no whitespace, even lower-cased)
                entry = get(raw.replace("’", "'").lower())
            else:
                span = word
                raw = span.lstrip("#")
                entry = get(key1)
                if entry is None and span.startswith("#"):
                    entry = get(_key(" ".join(_CAMEL.findall(raw))))  # '#KansasCity'
            if entry is None:
                continue
            score = _place_score(text, start, raw, entry, hashtag=span.startswith("#"))
            if score:
                if span.startswith("#"):
                    start += 1
                end = toks[i + n - 1][1]
                found = (n, Identifier("LOCATION", start, end, text[start:end], score, f"govlint:{entry.source}-gazetteer"))
                break
        if found:
            yield found[1]
            i += found[0]
        else:
            i += 1


_GAPS = (" ", "-")


# What a word can be the start of, worked out once per distinct word (see _word_flags).
_PLACE_WORD = 1  # a place: a hashtag, a listed place's key, or the opening word of a place of several words
_NAME_WORD = 2  # a person: a title or a known name, not a hashtag
_FLAGS: dict[str, int] = {}
_WORD_OF = itemgetter(2)
_FLAGS_OF: list = [None, None]  # the place and name tables _FLAGS was worked out from


def _starts(toks: list[tuple[int, int, str]], flag: int) -> list[int]:
    """Indexes of the tokens with ``flag``: the only words :func:`find_places` (or :func:`find_names`) can
    start a find at; at any other the walk does nothing but step on."""
    flags = _word_flags(list(map(_WORD_OF, toks)))
    return [i for i, f in enumerate(flags) if f & flag]


def _word_flags(words: list[str]) -> list[int]:
    table, people = places(), names()
    if _FLAGS_OF[0] is not table or _FLAGS_OF[1] is not people:  # the lists were reloaded
        _FLAGS.clear()
        _FLAGS_OF[:] = [table, people]
    flags = list(map(_FLAGS.get, words))
    if None in flags:
        if len(_FLAGS) > 100_000:  # bounded: a long run's vocabulary keeps memory flat
            _FLAGS.clear()
        flags = [_word_flag(w, table) if f is None else f for w, f in zip(words, flags)]
    return flags


def _word_flag(word: str, table) -> int:
    flag = 0
    key1 = word.lstrip("#").replace("’", "'").lower()
    if word.startswith("#") or key1.split("-", 1)[0] in _multi_word_openings() or table.get(key1) is not None:
        flag |= _PLACE_WORD
    if not word.startswith("#") and (_TITLES.fullmatch(word) is not None or known_name(word) is not None):
        flag |= _NAME_WORD
    _FLAGS[word] = flag
    return flag


def _place_score(text: str, start: int, raw: str, entry: Entry, hashtag: bool) -> float:
    words = raw.split()
    capital = _capitalised(words) or _all_caps(words) or hashtag
    uk = entry.source == "uk"
    if entry.kind == "state_code":  # 'Portland, OR', 'back home to GA'
        return 0.5 if raw.isupper() and (_after_prep(text, start) or text[max(0, start - 2):start] == ", ") else 0.0
    if entry.kind in ("country", "state"):
        # A country or state says little about who someone is: listed, but below the jigsaw's place minimum.
        return 0.5 if (capital or entry.flag == "place") and (entry.flag != "ambiguous" or _after_prep(text, start)) else 0.0
    if entry.flag == "ambiguous":
        if not (capital and (hashtag or _after_prep(text, start))) or len(raw) < 3:
            return 0.0
        return 0.6 if uk else 0.55
    if entry.flag == "word" and not capital:
        return 0.0
    if not capital:
        return 0.45  # lower case: shown by `govlint inspect`, below the rules' minimum
    return 0.7 if uk else 0.6


def _after_prep(text: str, start: int) -> bool:
    """'in', 'from', 'near'... (and perhaps 'the') just before ``start``."""
    return bool(_PLACE_PREP.search(text, max(0, start - 30), start))


# The words a venue's name ends in ('Grille?' is Grill or Grille), and what any match therefore contains.
_VENUE_ENDS = ("Lounge|LOUNGE|Inn|INN|Grille?|Billiards|Tavern|Bistro|Cafe|Café|CAFE|Bar|BAR|Club|CLUB|Avenue|Ave|Boulevard|Blvd|"
               "Park|Gardens|Gdns|Airport|Academy|Arena|ARENA|Stadium|Studios|Theatre|Theater|Hotel|Pub|Mall|Plaza|Square|Street|Road|"
               "Lane|Beach|Bridge|Station|Church|Cathedral|Mosque|Temple|Library|Market|Museum|Gallery|Zoo|Castle|Palace")
_VENUE_NEEDLES = frozenset(w.casefold() for w in _VENUE_ENDS.replace("e?", "").split("|"))  # 'Club' ends both branches
_VENUE = LazyPattern(
    r"(?<![\w@#])(?:(?:The|THE|the)\s)?(?!(?:Our|My|Your|This|That|Their|His|Her|A|An|Every|Any|Each|New|Local)\s)"
    r"(?:(?!(?:The|THE|Our|My|Your|This|That|A|An|AT|IN|TO|OF|ON|FOR|AND|FROM|WITH|BY)\s)\p{Lu}[\p{L}'’&-]*\s){1,3}"
    rf"(?:{_VENUE_ENDS})(?![\w'’])"
    r"|(?<![\w@#])(?:Club|CLUB)\s\p{Lu}[\p{L}]+",
    gate=prefilter.needles_gate(_VENUE_NEEDLES))  # compiled only for a post holding one of the words


def find_venues(text: str, folded: prefilter.Folded | None = None) -> Iterator[Identifier]:
    """Named venues and streets: 'The Scoot Inn', 'Pavonia Avenue', 'Glover Park', 'VISIONS LOUNGE'.
    ``folded``: the text's prefilter view, if made already."""
    if not _VENUE.gate.admits(folded if folded is not None and folded.text == text.casefold() else prefilter.Folded(text)):
        return
    for m in _VENUE.finditer(text):
        yield Identifier("LOCATION", m.start(), m.end(), m.group(), 0.55, "govlint:venue")


def find_names(text: str, places_found: list[Identifier],
               toks: list[tuple[int, int, str]] | None = None) -> Iterator[Identifier]:
    """People named by a title, a known first name (with any surname after it), or a lower-case name
    (``toks``: the text's :func:`tokens`, if made already)."""
    table = names()
    if not table:
        return
    taken = [(p.start, p.end) for p in places_found]
    toks = tokens(text) if toks is None else toks
    i = 0
    # Only a title or a known name (see _word_flags) can start a name; the walk steps over any other word.
    for at in _starts(toks, _NAME_WORD):
        if at < i:
            continue  # inside the name just found
        i = at
        s, e, w = toks[i]
        if any(a <= s < b for a, b in taken) or w.startswith("#"):
            i += 1
            continue
        # 'Mrs Patel', 'mrs patel's daughter', 'Dr Jones', 'nan Betty'
        if _TITLES.fullmatch(w) and i + 1 < len(toks) and text[e:toks[i + 1][0]] in (" ", ". "):
            nxt = toks[i + 1]
            entry = known_name(nxt[2])
            weak = w.lower().rstrip(".") in _WEAK_TITLES
            if (entry is not None and entry.flag != "ambiguous") or (not weak and nxt[2][:1].isupper()) or \
                    (weak and nxt[2][:1].isupper() and w[:1].isupper() and entry is not None):
                end = _strip_possessive(text, nxt[1])
                yield Identifier("PERSON", s, end, text[s:end], 0.85, "govlint:titled-name")
                i += 2
                continue
        entry = known_name(w)
        if entry is None or _COUNT.match(text, e, e + 2):  # 'Imo-2': a count in a list, not a person
            i += 1
            continue
        run = 1  # following capitalised known names: a surname ('Amber Heard', not 'Gabriel Resources')
        while i + run < len(toks) and run < 3 and text[toks[i + run - 1][1]:toks[i + run][0]] == " " \
                and toks[i + run][2][:1].isupper() and known_name(toks[i + run][2]) is not None \
                and not any(a <= toks[i + run][0] < b for a, b in taken):
            run += 1
        if run == 1 and any_place(w[:-2] if w.endswith(("'s", "’s")) else w) and not _AGE_AFTER.match(text, e):
            i += 1  # 'India', 'Imo', 'Georgia' on their own: a place as often as a person (but 'Hope (4)' is not)
            continue
        end = _strip_possessive(text, toks[i + run - 1][1])
        if run > 1 and is_region(text[s:end]):
            i += run  # 'the North West' is a region
            continue
        score = _name_score(text, toks, i, run, entry)
        if score:
            yield Identifier("PERSON", s, end, text[s:end], score, "govlint:name-list")
            i += run
        else:
            i += 1


def _strip_possessive(text: str, end: int) -> int:
    return end - 2 if text[end - 2:end] in ("'s", "’s") else end


def _name_score(text: str, toks, i: int, run: int, entry: Entry) -> float:
    w = toks[i][2]
    word = w[:-2] if w.endswith(("'s", "’s")) else w
    capital = word[:1].isupper() and not word.isupper() or (word.isupper() and len(word) >= 4)
    possessive = w.endswith(("'s", "’s"))
    is_first = entry.source in ("first", "both")
    surname_follows = run > 1 and known_name(toks[i + 1][2]) is not None
    if word_first(entry, word):
        # 'Grace Hopper' and 'Grace, 88,' yes; 'Will', 'Mark', 'a good Christian' on their own no
        if capital and is_first and (surname_follows or _AGE_AFTER.match(text, toks[i + run - 1][1])):
            return 0.6
        return 0.0
    if not capital:
        if entry.flag == "word" and not possessive:
            return 0.0
        return 0.5 if possessive and is_first else (0.45 if is_first else 0.0)
    if is_first:
        return 0.7 if run > 1 else 0.6
    return 0.55 if run > 1 else 0.45  # a surname alone ('Hendrix died'): shown, below the rules' minimum
