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
# identifier types a jigsaw finding may have rewritten (others, e.g. handles, are left for a human)
JIGSAW_TYPES = {"AGE", "DATE_TIME", "PERSON", "DATE_OF_BIRTH"} | PLACE_TYPES | NUMBER_TYPES | CONTACT_TYPES
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

_WORD_BEFORE = regex.compile(r"(\S+)\s+$")
_SENT_START = regex.compile(r"(?:\A|[.!?]\s+|\n\s*)\Z")
_PREP_PLACE = regex.compile(r"(?i)(?:\s+|^)(?:(?:in|at|on|from|near|outside|inside|to|into|round|around|by|off|of)\s+)?(?:the\s+)?\Z")
_PREP_DATE = regex.compile(r"(?i)(?:\s+|^)(?:on|at|in|during|over|last|this|since|from|until|till|by)\s+(?:the\s+)?\Z")
_ARTICLE_BEFORE = regex.compile(r"(?i)(?:^|(?<=\s))(an?)\s+\Z")
_TITLE_BEFORE = regex.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Mister)\.?\s+\Z")
_ENDEARMENT = regex.compile(r"(?i)(?:^|(?<=\s))((?:(?:poor|lovely|sweet|dear|little|old|young|brave|bless|lovely\s+old|poor\s+old|dear\s+old)\s+)+)\Z")
_DETERMINER = regex.compile(r"(?i)(?:^|(?<=\s))(?:our|my|the|this|that|your)\s+\Z")

_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_NUM_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                   "ninety": 90, "hundred": 100, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                   "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90})
_AGE_WORDS = {"newborn": 0, "neonate": 0, "septuagenarian": 70, "octogenarian": 80, "nonagenarian": 90, "centenarian": 100}
_PERSON_NOUN = r"(?:man|woman|lady|gent|gentleman|chap|guy|fella|fellow|bloke|boy|girl|lad|lass|patient|person|pt|male|female)"


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
    total = 0
    for w in regex.findall(r"[a-z]+", low):
        if w in _NUM_WORDS:
            total += _NUM_WORDS[w]
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
        if e < len(text) and text[e].isalpha() and text[s:s + 1].isupper():
            return Edit(s, e + 1, text[e].upper(), rule, reason)
        return Edit(s, e, "", rule, reason)
    return Edit(s, end, "", rule, reason)


def _place(text: str, start: int, end: int, kind: str, rule: str) -> Edit:
    m = _PREP_PLACE.search(text[:start])
    words = m.group().split() if m else []
    if words and words[0].lower() != "the":  # 'from Leek', 'at the Royal Stoke': drop it with its preposition
        return _drop(text, start, end, _PREP_PLACE, rule, "place dropped")
    # no preposition: the place is a noun in the sentence; keep the grammar with a general word
    generic = {"HOSPITAL": "the hospital", "WARD_BED": "the ward"}.get(kind, "the area")
    if words:  # 'the' before it
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
    if _at_sentence_start(text, start):
        generic = _cap(generic)
    return Edit(start, end, generic, rule, "place replaced by a general word")


def _date(text: str, start: int, end: int, rule: str) -> Edit:
    span = text[start:end].lower()
    is_time = regex.search(r"\d\s?(?:am|pm)\b|\d[:.h]\d\d", span) is not None
    if is_time:
        return _drop(text, start, end, regex.compile(r"(?i)(?:\s+|^)(?:at\s+|around\s+|about\s+)?\Z"), rule, "time dropped")
    m = _PREP_DATE.search(text[:start])
    s = start
    if m:
        prep = m.group().strip().lower()
        if prep.split()[0] in {"since", "from", "until", "till", "by"}:
            return _drop(text, start, end, _PREP_DATE, rule, "date dropped")
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
    rep = "Recently" if _at_sentence_start(text, s) else "recently"
    return Edit(s, end, rep, rule, "date replaced by 'recently'")


def _age(text: str, start: int, end: int, rule: str) -> Edit:
    span = text[start:end]
    word = _age_word(_age_years(span))
    after = text[end:]
    before = text[:start]
    # 'Jack, 19, came in' → 'Jack came in'
    if regex.fullmatch(r"\d{1,3}", span) or regex.match(r"(?i)aged?\s", span):
        m = regex.search(r",\s*\Z", before)
        if m and (after[:1] in (",", ")") or not after.strip()):
            return Edit(m.start(), end + (1 if after[:1] == "," else 0), "", rule, "age dropped")
        return _drop(text, start, end, regex.compile(r"(?:\s+|^)\Z"), rule, "age dropped")
    # 'a woman in her 80s' → 'an older patient'
    if regex.match(r"(?i)in\s+(?:his|her|their)\s", span):
        m = regex.search(rf"(?i)(?:^|(?<=\s))(?:an?\s+)?(?:(?:young|old|older|elderly|frail)\s+)?{_PERSON_NOUN}\s+\Z", before)
        if m:
            noun = f"{word} patient".strip()
            rep = f"{_article(noun)} {noun}"
            return Edit(m.start(), end, _cap(rep) if _at_sentence_start(text, m.start()) else rep, rule, "age replaced")
        return _drop(text, start, end, regex.compile(r"(?:\s+|^)\Z"), rule, "age dropped")
    art = _ARTICLE_BEFORE.search(before)
    s = art.start(1) if art else start
    next_word = regex.match(r"[ \t-]+([A-Za-z][\w'-]*)", after)
    followed_by_noun = next_word is not None and next_word.group(1).lower() not in {
        "with", "who", "and", "in", "on", "at", "from", "was", "is", "has", "had", "came", "presented", "brought", "admitted"}
    if followed_by_noun:  # '84-year-old retired headmistress' → 'an older retired headmistress'
        e = end + len(next_word.group()) - len(next_word.group(1)) if not word else end
        if word:
            rep = word
            if art or _at_sentence_start(text, s):
                rep = f"{_article(word)} {word}"
        else:  # working age: drop the age; the article follows the next word
            rep = ""
            if art or _at_sentence_start(text, s):
                rep = f"{_article(next_word.group(1))} "
        if _at_sentence_start(text, s):
            rep = _cap(rep)
        return Edit(s, e, rep, rule, "age replaced by a general word" if word else "age dropped")
    noun = f"{word} patient".strip()
    rep = f"{_article(noun)} {noun}"
    if _at_sentence_start(text, s):
        rep = _cap(rep)
    return Edit(s, end, rep, rule, "age replaced by a general description")


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
    age = regex.match(r",\s*\d{1,3}\s*,", text[end:])  # 'Jack, 19, came in' → 'a patient came in'
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
    if kind in CONTACT_TYPES:
        return [Edit(start, end, "[contact details removed]", rule, "contact details removed")]
    if kind in PLACE_TYPES or kind == "place":
        return [_place(text, start, end, kind, rule)]
    if kind in ("AGE", "age"):
        return [_age(text, start, end, rule)]
    if kind in ("DATE_TIME", "date-time"):
        return [_date(text, start, end, rule)]
    if kind == "PERSON":
        return _name(text, start, end, rule)
    return []


# ---------------------------------------------------------------- individual advice

_SENTENCE = regex.compile(r"[^.!?\n]*(?:[.!?]+|\n|\Z)")
_LEAD_HANDLES = regex.compile(r"\s*(?:@[\w.-]+[,:]?\s+)+")


def _sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and text[m.start():m.end()].strip():
            s = m.start() + (len(m.group()) - len(m.group().lstrip()))
            out.append((s, m.end()))
    return out


def _advice_edits(text: str, findings: Sequence[Finding]) -> list[Edit]:
    spans = _sentences(text)
    hit: list[tuple[int, int, str]] = []
    for f in findings:
        for s, e in spans:
            if s <= f.start < e or (f.start <= s < f.end):
                if not any(h[0] == s for h in hit):
                    hit.append((s, e, f.rule))
    hit.sort()
    edits = []
    for i, (s, e, rule) in enumerate(hit):
        lead = _LEAD_HANDLES.match(text, s)
        body_start = lead.end() if lead else s
        end = e
        if text[end - 1:end] == "\n":
            end -= 1
        if i == 0:
            edits.append(Edit(body_start, end, SIGNPOST, rule, "personal clinical advice replaced by a signpost"))
        else:
            ws = s
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
    idents = [(s, e, t) for s, e, t in _idents_in(f, identifiers) if t in JIGSAW_TYPES and f.start <= s and e <= f.end]
    evidence = [(e["start"], e["end"], e["label"]) for e in f.details.get("evidence", [])
                if e["label"] in ("age", "date-time", "place")]
    for s, e, t in sorted(idents, key=lambda x: (x[0], -(x[1] - x[0]))) + evidence:
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
