"""Mechanical rewrites for findings that can be fixed safely (``govlint fix``).

Only two kinds of finding are rewritten, and only where the change cannot alter
the clinical point of a post:

* patient identifiability: the identifiers a finding rests on are replaced by
  neutral wording: a name becomes 'a patient', an age 'an older patient' /
  'a young patient' (or is dropped), a date 'recently', a time or a place is
  dropped, an NHS or hospital number '[number removed]', contact details
  '[contact details removed]';
* individual advice: the sentence giving one person clinical advice becomes a
  signpost to their GP, pharmacist or NHS 111.

Everything else (hostility, anonymity...) needs a human and is left alone; it
comes back in :attr:`FixResult.remaining`. :func:`plan` is pure (post and
findings in, edits out), :func:`apply` splices edits into text, :func:`fix`
iterates plan → apply → re-check until nothing more changes.
"""

from __future__ import annotations

import regex
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from govlint.model import Finding, Identifier, Post

SIGNPOST = "I can't advise on your own treatment here: please speak to your GP or pharmacist, or call NHS 111."
MAX_ROUNDS = 3

NUMBER_TYPES = {"NHS_NUMBER", "HOSPITAL_NUMBER"}
CONTACT_TYPES = {"PHONE_NUMBER", "EMAIL_ADDRESS"}
PLACE_TYPES = {"LOCATION", "HOSPITAL", "WARD_BED", "UK_POSTCODE"}
# identifier types a jigsaw finding rewrites anywhere in the post; names and contact details are left to
# their own rules, which tell a colleague or a service from a patient
JIGSAW_TYPES = {"AGE", "DATE_TIME", "DATE_OF_BIRTH"} | PLACE_TYPES | NUMBER_TYPES
MIN_SCORE = 0.5  # identifiers below this (e.g. unlikely NER names) are never rewritten


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (offsets into the post text)."""

    start: int
    end: int
    replacement: str
    rule: str
    reason: str

    def as_dict(self, text: str | None = None) -> dict[str, Any]:
        out = {"start": self.start, "end": self.end, "replacement": self.replacement, "rule": self.rule, "reason": self.reason}
        if text is not None:
            out["original"] = text[self.start:self.end]
        return out


@dataclass(frozen=True)
class FixResult:
    """The fixed text, the edits made (offsets into the original text) and the findings left."""

    text: str
    edits: tuple[Edit, ...]
    remaining: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return bool(self.edits)


# ---------------------------------------------------------------- helpers on text

_SENT_START = regex.compile(r"(?:\A|[.!?]\s+|\n\s*)\Z")
_PLACE_PREP = r"(?:in|at|on|from|near|outside|inside|to|into|round|around|by|off|of)"
_PREP_PLACE = regex.compile(rf"(?i)(?:\s+|^){_PLACE_PREP}\s+(?:the\s+)?\Z")
_PREP_RECENTLY = regex.compile(r"(?i)(?:\s+|^)(?:on|at|in|during|over|last|this)\s+(?:the\s+)?\Z")
_PREP_DROP = regex.compile(r"(?i)(?:\s+|^)(?:since|from|until|till|by|before|after)\s+(?:the\s+)?\Z")
# 'today', 'last night' take no 'on', 'at' or 'in' of their own: in 'came in today' the 'in' belongs to the verb
_PREP_RELATIVE_DAY = regex.compile(r"(?i)(?:\s+|^)(?:(?:since|from|until|till|by|before|after)\s+)?\Z")
_PREP_TIME = regex.compile(r"(?i)(?:\s+|^)(?:(?:at|around|about|by|from|until|till|since|before|after)\s+)?\Z")
_SPACE_BEFORE = regex.compile(r"(?:\s+|^)\Z")
_ARTICLE_BEFORE = regex.compile(r"(?i)(?:^|(?<=\s))(an?)\s+\Z")
_TITLE_BEFORE = regex.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Master|Mister|Rev|Revd|Canon|Father|Fr|Sir|Dame|Lord|Lady|Capt|Captain|"
                           r"Major|Colonel|Col)\.?\s+)+\Z")
_ENDEARMENT = regex.compile(r"(?i)(?:^|(?<=\s))((?:(?:poor|lovely|sweet|dear|little|old|young|brave|bless|lovely\s+old|poor\s+old|dear\s+old)\s+)+)\Z")
_DETERMINER = regex.compile(r"(?i)(?:^|(?<=\s))(?:our|my|the|this|that|your|his|her|their)\s+\Z")
_POSSESSIVE_AFTER = regex.compile(r"['’]s?\b")

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun)"
_DATE_SHAPE = regex.compile(
    rf"(?i)\b(?:{_MONTHS}|{_DAYS}|christmas(?:\s+(?:day|eve))?|boxing\s+day|new\s+year'?s?(?:\s+(?:day|eve))?|easter|"
    rf"bonfire\s+night|hallowe'?en)\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b")
_RELATIVE_DAY = regex.compile(r"(?i)(?:yesterday|today|tonight|(?:this|last)\s+(?:morning|afternoon|evening|night))")
_TIME_SHAPE = regex.compile(r"(?i)^(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s?(?:am|pm)|(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s?hrs?)?)$")
_LEADING_PREP = regex.compile(r"(?i)^(?:on|last|this|at)\s+")

_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_NUM_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                   "ninety": 90, "hundred": 100, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                   "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90})
_AGE_WORDS = {"newborn": 0, "neonate": 0, "septuagenarian": 70, "octogenarian": 80, "nonagenarian": 90, "centenarian": 100}
_PERSON_NOUN = r"(?:man|woman|lady|gent|gentleman|chap|guy|fella|fellow|bloke|boy|girl|lad|lass|patient|person|pt|male|female)"
_AGE_OLD = regex.compile(r"(?i)(?:years?|yrs?|yr|y)[\s-]?old$|\d\s?(?:yo|y/o|y\.o\.?)$|(?:week|month|day)s?[\s-]old$")
_AGE_SEX = regex.compile(r"(?i)^\d{1,3}\s?[MF]$")
_NOT_A_NOUN = {"with", "who", "and", "in", "on", "at", "from", "was", "is", "has", "had", "came", "presented", "presenting",
               "brought", "admitted", "but", "or", "that", "which", "after", "for", "to", "into", "by", "of", "has", "died",
               "went", "got", "fell", "arrived", "needs", "needed"}


def _at_sentence_start(text: str, pos: int) -> bool:
    return _SENT_START.search(text[:pos]) is not None


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _age_years(span: str) -> int | None:
    low = span.lower()
    for w, v in _AGE_WORDS.items():
        if w in low:
            return v
    if regex.search(r"(?:week|month|day)s?[\s-]old", low):
        return 0
    m = regex.search(r"\d{1,3}", low)
    if m:
        return int(m.group())
    total = sum(_NUM_WORDS.get(w, 0) for w in regex.findall(r"[a-z]+", low))
    return total or None


def _age_word(years: int | None) -> str:
    """The neutral adjective for an age: 'older', 'young', or '' for a working-age adult."""
    if years is None:
        return ""
    if years >= 65:
        return "older"
    if years < 18:
        return "young"
    return ""


# ---------------------------------------------------------------- rewrites, one per kind of detail
# Each returns None when the words around the detail make a mechanical rewrite unsafe (it would
# garble the sentence); the finding is then left for a human.

def _drop(text: str, start: int, end: int, prep: regex.Pattern, rule: str, reason: str) -> Edit:
    """Remove a detail with the preposition in front of it ('… from Leek' → '…')."""
    m = prep.search(text[:start])
    s = m.start() if m else start
    if s == 0 or text[s - 1:s] == "\n":
        # nothing before it on the line: take the space after instead, and keep the sentence capitalised
        e = end
        while e < len(text) and text[e] in " \t":
            e += 1
        if e < len(text) and text[e] in ",;:":
            e += 1
            while e < len(text) and text[e] in " \t":
                e += 1
        if e < len(text) and text[e].isalpha() and (text[s:s + 1].isupper() or not text[s:s + 1].isalpha()):
            return Edit(s, e + 1, text[e].upper(), rule, reason)
        return Edit(s, e, "", rule, reason)
    return Edit(s, end, "", rule, reason)


_MORE_NAME = regex.compile(r"(?:[ \t]+(?:[A-Z][\w'’-]*|of|upon|on|under|le|in)(?=[\s,.;:!?)]|$))*?[ \t]+[A-Z][\w'’-]*(?=[\s,.;:!?)]|$)|")
_PLACE_NOUNS = (r"(?:school|primary|academy|college|university|station|hospital|hospice|surgery|practice|park|road|street|"
                r"estate|centre|center|ward|unit|club|church|market|beach|bridge|pub|shop|store|deli|site|campus|stadium|"
                r"prison|home|care\s+home|caravan\s+park|services|retail\s+park)")


def _place(text: str, start: int, end: int, kind: str, rule: str) -> Edit | None:
    # a place's name often runs on past what was recognised ('Moss' of 'Moss Side', 'Salford' of 'Salford Royal')
    more = _MORE_NAME.match(text, end) if kind != "WARD_BED" else None  # ('Bed 12 on Ward 4': two details)
    if more and more.group():
        end = more.end()
    if _POSSESSIVE_AFTER.match(text, end):
        return None  # "Alderney's only harbour master": no neutral wording keeps the sentence
    nxt = regex.match(r"[ \t]+([a-z][\w-]*)", text[end:])
    if nxt and regex.search(r"(?i)(?:^|(?<=\s))(?:the|our|a|an|this|that|new|local|old)\s+\Z", text[:start]):
        # used as a modifier: 'the Skegness caravan park' → 'the caravan park'
        return Edit(start, end + len(nxt.group()) - len(nxt.group(1)), "", rule, "place dropped")
    if _PREP_PLACE.search(text[:start]):  # 'from Leek', 'at the Royal Stoke': drop it with its preposition
        noun = regex.match(rf"(?i)[ \t]+{_PLACE_NOUNS}\b", text[end:])
        return _drop(text, start, end + (len(noun.group()) if noun else 0), _PREP_PLACE, rule, "place dropped")
    generic = {"HOSPITAL": "the hospital", "WARD_BED": "the ward"}.get(kind)
    if generic is None:
        return None
    bed = _BED_KIND.match(text, start, end) if kind == "WARD_BED" else None
    if bed:  # 'Bed 12' → 'a bed', 'bay 3' → 'a bay': which one is the detail
        generic = "a " + bed.group(1).lower()
    m = regex.search(r"(?i)(?:^|(?<=\s))the\s+\Z", text[:start])
    if m:
        start = m.start()
    return Edit(start, end, _cap(generic) if _at_sentence_start(text, start) else generic, rule,
                "place replaced by a general word")


_BED_KIND = regex.compile(r"(?i)(bed|bay|cubicle|side\s?room)\b")


_DURATION = regex.compile(r"(?i)(?:a\s+few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|\d+)\s*"
                          r"(?:-|\s)?(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|yrs?)")
# 'came in 3 hours ago': a time counted back from now, which takes no preposition of its own
_AGO = regex.compile(rf"{_DURATION.pattern}\s+ago")


def _date(text: str, start: int, end: int, rule: str) -> Edit | None:
    span = text[start:end].strip()
    if _POSSESSIVE_AFTER.match(text, end) or _DURATION.fullmatch(span):
        return None  # "today's ward round", "after 9 days": not a date anyone could place
    if _TIME_SHAPE.match(span):
        return _drop(text, start, end, _PREP_TIME, rule, "time dropped")
    if _RELATIVE_DAY.fullmatch(span):
        return _drop(text, start, end, _PREP_RELATIVE_DAY, rule, "day dropped")
    if _AGO.fullmatch(span):
        return _drop(text, start, end, _SPACE_BEFORE, rule, "time dropped")
    if not _DATE_SHAPE.search(span):
        return None  # the NER model's 'dates' include ages and numbers: leave those for a human
    lead = _LEADING_PREP.match(span)
    if lead:  # the identifier already holds its preposition ('on Monday', 'last Tuesday')
        if lead.group().strip().lower() == "at":
            return None
        return Edit(start, end, "Recently" if _at_sentence_start(text, start) else "recently", rule,
                    "date replaced by 'recently'")
    m = _PREP_RECENTLY.search(text[:start])
    if m:
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
        return Edit(s, end, "Recently" if _at_sentence_start(text, s) else "recently", rule, "date replaced by 'recently'")
    if _PREP_DROP.search(text[:start]):
        return _drop(text, start, end, _PREP_DROP, rule, "date dropped")
    if _at_sentence_start(text, start):
        return Edit(start, end, "Recently", rule, "date replaced by 'recently'")
    return None


def _age(text: str, start: int, end: int, rule: str) -> Edit | None:
    span = text[start:end]
    word = _age_word(_age_years(span))
    before = text[:start]
    if regex.match(r"(?i)aged?\s", span):  # 'a man aged 84' → 'a man'
        m = regex.search(r",\s*\Z", before)
        if m and text[end:end + 1] == ",":
            return Edit(m.start(), end + 1, "", rule, "age dropped")  # 'a man, aged 84, came' → 'a man came'
        return _drop(text, start, end, _SPACE_BEFORE, rule, "age dropped")
    if regex.match(r"(?i)in\s+(?:his|her|their)\s", span):  # 'a woman in her 80s' → 'an older patient'
        m = regex.search(rf"(?i)(?:^|(?<=\s))(?:an?\s+)?(?:(?:young|old|older|elderly|frail)\s+)?{_PERSON_NOUN}\s+\Z", before)
        if m:
            noun = f"{word} patient".strip()
            rep = f"{_article(noun)} {noun}"
            return Edit(m.start(), end, _cap(rep) if _at_sentence_start(text, m.start()) else rep, rule, "age replaced")
        return _drop(text, start, end, _SPACE_BEFORE, rule, "age dropped")
    noun_only = bool(_AGE_SEX.match(span)) or any(w in span.lower() for w in _AGE_WORDS)
    if not noun_only and not _AGE_OLD.search(span):
        return None  # '2 yrs post-stroke', '34yrs': not clearly a person's age
    art = _ARTICLE_BEFORE.search(before)
    det = None if art else _DETERMINER.search(before)
    s = art.start(1) if art else start
    starts = _at_sentence_start(text, s)
    next_word = regex.match(r"[ \t-]+([A-Za-z][\w'-]*)", text[end:])
    followed_by_noun = (not noun_only and next_word is not None and next_word.group(1).lower() not in _NOT_A_NOUN)
    if followed_by_noun:  # '84-year-old retired headmistress' → 'an older retired headmistress'
        if word:
            rep = f"{_article(word)} {word}" if (art or (starts and not det)) else word
            e = end
        else:  # working age: drop the age; the article follows the next word
            rep = f"{_article(next_word.group(1))} " if (art or (starts and not det)) else ""
            e = end + len(next_word.group()) - len(next_word.group(1))
        return Edit(s, e, _cap(rep) if starts else rep, rule, "age replaced by a general word" if word else "age dropped")
    noun = f"{word} patient".strip()
    rep = noun if det else f"{_article(noun)} {noun}"
    return Edit(s, end, _cap(rep) if starts else rep, rule, "age replaced by a general description")


def _name(text: str, start: int, end: int, rule: str) -> list[Edit]:
    poss = regex.search(r"['’]s?\Z", text[start:end])
    if poss:  # keep the possessive: "Doris's" → "a patient's"
        end -= len(poss.group())
    name = text[start:end]
    t = _TITLE_BEFORE.search(text[:start])
    s = t.start() if t else start
    m = _ENDEARMENT.search(text[:s])
    if m:
        s = m.start(1)
    age = regex.match(r",\s*\d{1,3}\s*,(?=\s*[a-z])", text[end:])  # 'Jack, 19, came in' → 'a patient came in'
    e = end + len(age.group()) if age else end
    earlier = regex.search(rf"(?<![\w]){regex.escape(name)}(?![\w])", text[:s]) is not None
    if _DETERMINER.search(text[:s]):
        rep = "patient"
    else:
        rep = ("the" if earlier else "a") + " patient"
        rep = _cap(rep) if _at_sentence_start(text, s) else rep
    edits = [Edit(s, e, rep, rule, f"name replaced by '{rep.lower()}'")]
    # later mentions of the same name become 'the patient'
    words = [w for w in regex.findall(r"[\w'’-]+", name) if w[:1].isupper() and w not in {"Mr", "Mrs", "Ms", "Miss", "Mx"}]
    seen = {name} | ({words[-1]} if words else set()) | ({words[0]} if words else set())
    for cand in sorted(seen, key=len, reverse=True):
        if len(cand) < 2:
            continue
        for m2 in regex.finditer(rf"(?<![\w])(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+)?{regex.escape(cand)}(?![\w])", text):
            if m2.start() < e and s < m2.end():
                continue
            if any(x.start < m2.end() and m2.start() < x.end for x in edits):
                continue
            first = m2.start() < s and not regex.search(rf"(?<![\w]){regex.escape(cand)}(?![\w])", text[:m2.start()])
            later = ("a" if first else "the") + " patient"
            later = _cap(later) if _at_sentence_start(text, m2.start()) else later
            edits.append(Edit(m2.start(), m2.end(), later, rule, f"name replaced by '{later.lower()}'"))
    return edits


def _identifier(text: str, start: int, end: int, kind: str, rule: str) -> list[Edit]:
    if kind in NUMBER_TYPES:
        return [Edit(start, end, "[number removed]", rule, "identifying number removed")]
    if kind == "DATE_OF_BIRTH":
        return [Edit(start, end, "[date of birth removed]", rule, "date of birth removed")]
    if kind == "EMAIL_ADDRESS" and text[max(0, start - 1):start] == "@":
        return []  # a fediverse handle (@name@server), not an e-mail address
    if kind in CONTACT_TYPES:
        return [Edit(start, end, "[contact details removed]", rule, "contact details removed")]
    if kind == "UK_POSTCODE":
        edit = _place(text, start, end, kind, rule)
        return [edit or Edit(start, end, "[postcode removed]", rule, "postcode removed")]
    if kind in PLACE_TYPES:
        edit = _place(text, start, end, kind, rule)
    elif kind == "AGE":
        edit = _age(text, start, end, rule)
    elif kind == "DATE_TIME":
        edit = _date(text, start, end, rule)
    elif kind == "PERSON":
        return _name(text, start, end, rule)
    else:
        edit = None
    return [edit] if edit else []


# ---------------------------------------------------------------- individual advice

# A sentence ends at . ! ? followed by a space or the end (not '5.8', '.bsky.social') or at a line break.
_SENTENCE = regex.compile(r"(?:[^.!?\n]|[.!?]+(?=[^\s.!?]))*(?:[.!?]+|\n|\Z)")
_HANDLE = regex.compile(r"@[A-Za-z0-9_][\w.-]*(?:@[\w-]+(?:\.[\w-]+)+)?[,:]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and text[m.start():m.end()].strip():
            s = m.start() + (len(m.group()) - len(m.group().lstrip()))
            out.append((s, m.end()))
    return out


def _advice_edits(text: str, findings: Sequence[Finding]) -> list[Edit]:
    spans = _sentences(text)
    hit: dict[int, tuple[int, int, str, int]] = {}
    for f in findings:
        for s, e in spans:
            if s <= f.start < e or (f.start <= s < f.end):
                prev = hit.get(s)
                hit[s] = (s, e, f.rule, min(f.start, prev[3]) if prev else f.start)
    edits = []
    for i, (s, e, rule, first) in enumerate(sorted(hit.values())):
        # keep what comes before the advice up to the last @mention ('PA here 👋 @chris_ that's shingles')
        body_start = s
        for h in _HANDLE.finditer(text, s, max(s, first)):
            body_start = h.end()
        while body_start < e and text[body_start] in " \t":
            body_start += 1
        end = e
        while end > body_start and text[end - 1] in "\n\r":
            end -= 1
        if i == 0:
            edits.append(Edit(body_start, end, SIGNPOST, rule, "personal clinical advice replaced by a signpost"))
        else:
            ws = body_start
            while ws > 0 and text[ws - 1] in " \t":
                ws -= 1
            edits.append(Edit(ws, end, "", rule, "further personal clinical advice removed"))
    return edits


# ---------------------------------------------------------------- planning

def _idents_in(f: Finding, identifiers: Iterable[Identifier] | None) -> list[tuple[int, int, str]]:
    if identifiers is not None:
        return [(i.start, i.end, i.type) for i in identifiers if i.score >= MIN_SCORE]
    return list(f.sensitive)


def _identifiability_edits(post: Post, f: Finding, identifiers) -> list[Edit]:
    text = post.text
    kind = f.details.get("type")
    if kind:  # one identifier is the finding (number, name, contact details)
        return _identifier(text, f.start, f.end, str(kind), f.rule)
    edits: list[Edit] = []
    done: list[tuple[int, int]] = []
    # Details that add up: every identifying detail of the post goes, not only those in this cluster
    # (a post can hold several clusters, and the engine reports them one at a time).
    idents = [(s, e, t) for s, e, t in _idents_in(f, identifiers) if t in JIGSAW_TYPES]
    for s, e, t in sorted(idents, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(a < e and s < b for a, b in done):
            continue
        new = _identifier(text, s, e, t, f.rule)
        if new:
            done.append((s, e))
            edits.extend(new)
    return edits


def plan(post: Post, findings: Sequence[Finding], identifiers: Sequence[Identifier] | None = None) -> list[Edit]:
    """Safe mechanical edits for ``findings`` on ``post``: sorted, non-overlapping, offsets into ``post.text``.

    ``identifiers`` (the engine's identifier layer for the post, with scores) lets
    a jigsaw finding rewrite every identifying detail inside it; without them
    the finding's own personal-data spans are used.
    """
    text = post.text
    cands: list[Edit] = []
    advice = [f for f in findings if f.concern == "individual-advice"]
    if advice:
        cands.extend(_advice_edits(text, advice))
    for f in findings:
        if f.concern == "patient-identifiability":
            cands.extend(_identifiability_edits(post, f, identifiers))
    return _non_overlapping(text, cands)


def _non_overlapping(text: str, cands: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    # larger edits first (a replaced sentence wins over a word inside it), then by position
    for ed in sorted(cands, key=lambda x: (-(x.end - x.start), x.start)):
        if ed.start < 0 or ed.end > len(text) or ed.start > ed.end:
            continue
        if text[ed.start:ed.end] == ed.replacement:
            continue
        if any(k.start < ed.end and ed.start < k.end or (k.start == ed.start == k.end == ed.end) for k in kept):
            continue
        if any(ed.start == ed.end == k.start or ed.start == ed.end == k.end for k in kept):
            continue
        kept.append(ed)
    return sorted(kept, key=lambda x: (x.start, x.end))


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (non-overlapping, offsets into ``text``) spliced in; nothing else changes."""
    out = []
    pos = 0
    for ed in sorted(edits, key=lambda x: (x.start, x.end)):
        if ed.start < pos:
            raise ValueError(f"overlapping edits at offset {ed.start}")
        out.append(text[pos:ed.start])
        out.append(ed.replacement)
        pos = ed.end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------- fixing a post

_TOKEN = regex.compile(r"\w+|\s+|[^\w\s]")


def _compose(original: str, final: str, rounds: Sequence[Sequence[Edit]]) -> list[Edit]:
    """Edits turning ``original`` into ``final`` (word-level), labelled with the rule and reason that made them.

    Used when fixing took more than one round: later rounds' offsets refer to
    intermediate texts, so the net change is measured against the original.
    """
    import difflib

    a_tok = [m for m in _TOKEN.finditer(original)]
    b_tok = [m for m in _TOKEN.finditer(final)]
    sm = difflib.SequenceMatcher(None, [m.group() for m in a_tok], [m.group() for m in b_tok], autojunk=False)
    first = list(rounds[0]) if rounds else []
    later = [e for r in rounds[1:] for e in r]
    out: list[Edit] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        s = a_tok[i1].start() if i1 < len(a_tok) else len(original)
        e = a_tok[i2 - 1].end() if i2 > i1 else s
        rs = b_tok[j1].start() if j1 < len(b_tok) else len(final)
        re_ = b_tok[j2 - 1].end() if j2 > j1 else rs
        rep = final[rs:re_]
        label = next((x for x in first if x.start <= e and s <= x.end), None)
        label = label or next((x for x in later if x.replacement and x.replacement in rep), None)
        label = label or (first[0] if first else None)
        out.append(Edit(s, e, rep, label.rule if label else "", label.reason if label else "rewritten"))
    return out


def _engine(linter):
    return getattr(linter, "engine", linter)


def fix_post(linter, post: Post) -> FixResult:
    """Fix one post: plan, apply and re-check, at most :data:`MAX_ROUNDS` times."""
    from dataclasses import replace

    eng = _engine(linter)
    current = post
    result = eng.check_one(current)
    rounds: list[list[Edit]] = []
    for _ in range(MAX_ROUNDS):
        step = plan(current, result.findings, result.identifiers)
        if not step:
            break
        rounds.append(step)
        current = replace(current, text=apply(current.text, step))
        result = eng.check_one(current)
    if len(rounds) <= 1:
        edits = rounds[0] if rounds else []
    else:
        edits = _compose(post.text, current.text, rounds)
    return FixResult(text=current.text, edits=tuple(edits), remaining=tuple(result.findings))


def fix(linter, text: str, **meta) -> FixResult:
    """Fix one draft given as text (``meta``: author, in_reply_to, platform, profession)."""
    return fix_post(linter, linter.post(text, **meta))


# ---------------------------------------------------------------- fixing a whole draft file

@dataclass(frozen=True)
class PostFix:
    """One post of a file: where its text starts in the file, and what fixing it did."""

    post: Post
    offset: int  # character offset of the post's text in the file's text
    result: FixResult


@dataclass(frozen=True)
class DocumentFix:
    """A fixed draft file: the new text and, per post, the edits and what remains."""

    path: str
    original: str
    text: str
    posts: tuple[PostFix, ...]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def edits(self) -> list[tuple[PostFix, Edit]]:
        return [(p, e) for p in self.posts for e in p.result.edits]

    @property
    def remaining(self) -> list[Finding]:
        return [f for p in self.posts for f in p.result.remaining]


def post_offset(text: str, post: Post) -> int:
    """Where ``post.text`` starts inside ``text`` (the file it was read from), from its line and column."""
    pos = 0
    for _ in range(post.line - 1):
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return pos + post.column - 1


def fix_document(linter, text: str, name: str, defaults=None) -> DocumentFix:
    """Fix every post of a .txt/.md draft; front matter, separators and other text stay byte-for-byte.

    Positions come from each post's line and column (as :mod:`govlint.document`
    sets them), so an edit lands exactly where its post sits in the file.
    Findings in ``remaining`` carry file lines and columns for the fixed text.
    """
    from dataclasses import replace

    from govlint.document import Defaults, parse_text

    posts = parse_text(text, name, defaults or Defaults())
    fixed: list[PostFix] = []
    for post in posts:
        off = post_offset(text, post)
        if text[off:off + len(post.text)] != post.text:  # pragma: no cover - would be a bug in the position mapping
            raise ValueError(f"{name}: cannot locate post {post.id} in the file")
        fixed.append(PostFix(post, off, fix_post(linter, post)))
    out = text
    for pf in reversed(fixed):  # last post first, so earlier offsets stay valid
        out = out[:pf.offset] + pf.result.text + out[pf.offset + len(pf.post.text):]
    # re-read the fixed file so remaining findings point at lines and columns of the new text
    shift = 0
    final: list[PostFix] = []
    for pf in fixed:
        new_post = replace(pf.post, text=pf.result.text)
        new_off = pf.offset + shift
        line = out.count("\n", 0, new_off) + 1
        col = new_off - (out.rfind("\n", 0, new_off) + 1) + 1
        new_post = replace(new_post, line=line, column=col)
        remaining = tuple(_relocate(f, new_post) for f in pf.result.remaining)
        final.append(PostFix(pf.post, pf.offset, replace(pf.result, remaining=remaining)))
        shift += len(pf.result.text) - len(pf.post.text)
    return DocumentFix(path=name, original=text, text=out, posts=tuple(final))


def _relocate(f: Finding, post: Post) -> Finding:
    from dataclasses import replace

    line, col = post.position(f.start)
    end_line, end_col = post.position(f.end)
    return replace(f, line=line, column=col, end_line=end_line, end_column=end_col, path=post.path)
