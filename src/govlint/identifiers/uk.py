"""UK identifier recognisers that need no NLP model.

Phone numbers (validated with Google's libphonenumber), postcodes, NHS numbers
(mod-11 check digit, the same algorithm Presidio's NHS recogniser uses, so
pattern-only mode needs no Presidio import), ages in the ways clinicians write
them, dates of birth, dates and times, hospitals, wards, bays and beds, hospital
numbers, e-mail addresses, URLs, @handles, titled names and UK places from a
GeoNames-derived gazetteer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterator

from govlint import prefilter, rx
from govlint.identifiers import gazetteer
from govlint.lazyre import LazyPattern as _lazy  # compiled on first use: gates skip most of them for most posts
from govlint.lazyre import fixed
from govlint.model import Identifier

_I = rx.IGNORECASE

_NUM_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_AGE_NUM = rf"(?:\d{{1,3}}|{_NUM_WORDS})"
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# Short forms are also words ('sat up with him', 'the sun', 'c'mon'): a day only after 'on', 'last'..., or
# capitalised before a time of day, a date or the end of a phrase ('Sat night', 'Sun 12th', 'see you Fri.').
_DAY_ABBR = r"(?:mon|tues?|wed|thurs?|fri|sat|sun)"
_DAY_ABBR_CAP = r"(?-i:Mon|Tues?|Wed|Thurs?|Fri|Sat|Sun)"


def _nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# (type, pattern, score, validator) — the validator sees the match and may reject it. A pattern whose every match
# starts with a word character opens with \b rather than 'no word character before' (the same test there, and
# regex finds such a pattern sooner); tests/test_identifiers_uk.py checks each still qualifies.
Recogniser = tuple[str, _lazy, float, Callable[["regex.Match"], bool] | None]

_RECOGNISERS: list[Recogniser] = [
    ("NHS_NUMBER", _lazy(r"\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])"), 0.9,
     lambda m: _nhs_valid("".join(m.groups()))),
    ("UK_POSTCODE", _lazy(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRVWXY]?) ?\d[ABD-HJLNP-UW-Z]{2})(?![\w])", _I), 0.85,
     lambda m: any(c.isdigit() for c in m.group()) and (m.group().isupper() or m.group().islower())),
    ("AGE", _lazy(
        rf"\b(?<![£$.,])(?:{_AGE_NUM}\s?(?:-|\s)?\s?(?:years?|yrs?|yr|y(?:ears?)?)[\s-]?old|"
        rf"{_AGE_NUM}\s?(?:yo|y/o|y\.o\.?|yrs|yr)|{_AGE_NUM}[\s-](?:week|month|day)s?[\s-]old|"
        rf"aged\s{_AGE_NUM}|age\s(?:of\s)?{_AGE_NUM}|"
        r"\d{1,3}\s?(?:M|F)(?=\s+(?:with|w/|pt|patient|presented|presenting|admitted|came|brought|\w+\s(?:with|w/)))|"
        r"(?:in\s(?:his|her|their)\s(?:early\s|mid|mid-|late\s)?(?:\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))|"
        r"(?:(?:[2-9]0|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?something)|"
        r"(?:[1-9]0s(?=\s+(?:lad|lass|man|woman|guy|girl|bloke|gent|lady|chap|fella|male|female)\b))|"
        r"(?:octogenarian|nonagenarian|centenarian|septuagenarian|newborn|neonate))(?![\w])", _I), 0.85, None),
    ("DATE_OF_BIRTH", _lazy(
        rf"(?:\bd\.?o\.?b\.?\s*:?\s*|\bdate of birth\s*:?\s*|\bborn\s(?:on\s)?)"
        rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTHS}\s?\d{{0,4}}|{_MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s?\d{{0,4}}|(?:19|20)\d\d)", _I), 0.95, None),
    ("DATE_TIME", _lazy(
        rf"\b(?<!/)(?:\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTHS}\b(?:\s\d{{4}})?|"
        rf"{_MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?\b|(?:on\s|last\s|this\s)?{_DAYS}(?:\s(?:night|morning|afternoon|evening))?|"
        rf"(?:on|last|this|next|every|from|by|till?|until)\s{_DAY_ABBR}(?:\s(?:night|morning|afternoon|evening))?|"
        rf"{_DAY_ABBR_CAP}(?:\s(?:night|morning|afternoon|evening)|(?=\s\d)|(?=\s*[,.!?)])|(?=\s*$))|"
        r"(?:at\s)?\d{1,2}(?::\d{2})?\s?(?:am|pm)|(?:at\s)?(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s?hrs?)?|"
        r"(?:last|this)\s(?:night|morning|afternoon|evening|week)|yesterday|today|tonight|christmas\s(?:day|eve)|new\syear'?s?\s(?:day|eve)|boxing\sday)(?![\w/])", _I), 0.6,
     None),
    ("HOSPITAL", _lazy(
        r"\b(?:(?:the\s)?Royal\s[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3}|"
        r"(?:St\.?|Saint)\s[A-Z][\w'’]+(?:'s|’s|s')?(?:\s(?:Hospital|Infirmary|Hospice))?|"
        r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3}\s(?:General\s|District\s|University\s|Community\s|Memorial\s|Children's\s|Women's\s)?"
        r"(?:Hospital|Infirmary|Hospice|Medical\sCentre|Health\sCentre|Surgery|Maternity\sUnit))(?![\w])"), 0.7,
     lambda m: m.group().removeprefix("the ").split()[0].lower()
     not in {"a", "my", "our", "your", "this", "that", "every", "any", "each", "local", "general", "the"}),
    ("WARD_BED", _lazy(
        r"\b(?:(?:ward|bay|bed|side\sroom|sideroom|cubicle|cubie|resus|majors|minors|room|theatre|bay\sno\.?|bed\sno\.?)\s?#?\d{1,3}[a-z]?\b|"
        r"ward\s(?-i:[A-Z])\d{0,2}\b|(?-i:(?!(?:On|The|My|Our|This|That|A|Each|Every|Any|Same|Busy|Quiet|Whole|Medical|Surgical|Private)\s)[A-Z][a-z]+)\s(?-i:[Ww]ard)\b|(?:ward|bay|bed)\s\d{1,3}[A-Za-z]?\s?(?:bed|b)\s?\d{1,2})", _I), 0.75,
     None),
    ("HOSPITAL_NUMBER", _lazy(
        r"(?:\b(?:hospital|unit|case|patient|pt|mrn|crn|rxx|hosp)\.?\s?(?:no\.?|number|num|#|id)?\s?[:#]?\s?)([A-Z]{0,3}\d{5,10}[A-Z]?)\b", _I), 0.9,
     lambda m: not (len(m.group(1)) == 4 and m.group(1).isdecimal())),  # not four digits alone (a year)
    ("EMAIL_ADDRESS", _lazy(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w])"), 0.9, None),
    ("URL", _lazy(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|co\.uk|org\.uk|nhs\.uk|ac\.uk|gov\.uk|io|ly|me)(?:/[^\s<>\"']*)?"), 0.6, None),
    ("HANDLE", _lazy(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}\b"), 0.9, None),
    ("PERSON", _lazy(
        r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master|Mister|Auntie|Uncle|Nanna|Nana|Grandma|Grandad)\.?\s(?:[A-Z][a-z'’-]+|[A-Z]\b\.?)(?:\s[A-Z][a-z'’-]+)?"), 0.85, None),
]

# Recognisers that the standard library's engine runs several times quicker on the short texts posts are. On an
# ASCII text it finds the same matches: \w, \d, \b, [A-Z] and case-insensitive letters are the same in both engines
# there, and so is \s but for \x1c-\x1f (whitespace to str.isspace(), not to Unicode), which _PLAIN excludes.
# These patterns cannot backtrack without bound, so they need no time limit.
_STDLIB = frozenset({"UK_POSTCODE", "DATE_TIME", "HOSPITAL", "WARD_BED"})
_NOT_PLAIN = frozenset("\x1c\x1d\x1e\x1f")


@lru_cache(maxsize=None)
def _stdlib(kind: str) -> re.Pattern:
    """The recogniser ``kind``'s pattern compiled by the standard library's engine (for ASCII texts only)."""
    pattern = next(p for k, p, _, _ in _RECOGNISERS if k == kind)
    flags = int(pattern.flags)
    if flags & ~int(rx.IGNORECASE):
        raise ValueError(f"{kind}: only IGNORECASE carries over to the standard library's engine")
    return re.compile(pattern.pattern, re.IGNORECASE if flags else 0)


_SCANS: dict[str, int] = {}
_WARM_AFTER = 16  # scans before compiling the standard library's version: a one-draft run does not repay it


def _warm(kind: str) -> bool:
    """Whether ``kind`` has been searched often enough in this process for its quicker form to pay."""
    n = _SCANS.get(kind, 0)
    if n >= _WARM_AFTER:
        return True
    _SCANS[kind] = n + 1
    return False


_DETECTOR = {kind: f"govlint:uk-{kind.lower().replace('_', '-')}" for kind, _, _, _ in _RECOGNISERS}

_PHONE_HINT = fixed(r"(?<![\d])(?:\+?44\s?\(?0?\)?\s?|0)\d[\d\s().-]{8,14}\d")


def _phones(text: str) -> Iterator[Identifier]:
    if not _PHONE_HINT.search(text):
        return
    import phonenumbers  # deferred: only posts that look like they hold a number pay for it

    for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        yield Identifier("PHONE_NUMBER", m.start, m.end, m.raw_string, 0.85, "govlint:uk-phone")


def recognise(text: str, timeout: float = 1.0, folded: prefilter.Folded | None = None) -> list[Identifier]:
    """Every UK-format identifier in ``text`` (no model needed); ``folded``: its prefilter view, if made already."""
    found: list[Identifier] = []
    folded = folded or prefilter.Folded(text)
    plain = text.isascii() and _NOT_PLAIN.isdisjoint(text)
    for kind, pattern, score, validate in _RECOGNISERS:
        gate = pattern.gate  # the gate of (pattern, flags), as prefilter.admits works it out
        if gate is not None and not gate.admits(folded):
            continue  # the text lacks every word this pattern needs
        if plain and kind in _STDLIB and _warm(kind):
            matches = _stdlib(kind).finditer(text)
        else:
            matches = pattern.finditer(text, timeout=timeout)
        for m in matches:
            if validate is not None and not validate(m):
                continue
            s, e = m.span(1) if kind == "HOSPITAL_NUMBER" else m.span()
            found.append(Identifier(kind, s, e, text[s:e], score, _DETECTOR[kind]))
    emails = [(i.start, i.end) for i in found if i.type == "EMAIL_ADDRESS"]
    if emails:  # the domain of an e-mail address is not a separate URL
        found = [i for i in found if i.type != "URL" or not any(s <= i.start < e for s, e in emails)]
    found.extend(_phones(text))
    words = gazetteer.tokens(text)
    places = list(gazetteer.find_places(text, words)) + list(gazetteer.find_venues(text, folded))
    found.extend(places)
    # a word inside a hospital's name, an address or a handle is not a person's name
    taken = places + [i for i in found if i.type in ("HOSPITAL", "WARD_BED", "EMAIL_ADDRESS", "URL", "HANDLE")]
    found.extend(gazetteer.find_names(text, taken, words))
    return found
