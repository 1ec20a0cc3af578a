"""``self-identification``: the author presents as a registered professional without a real name.

Finds 'as a GP', 'physio here', "I'm an FY2", 'speaking as a nurse', 'my fellow
midwives' and similar for the ``roles`` given (inline or a named ``lexicon``),
and fires only when the author profile shows no real name (no name at all, or
a handle-like one such as 'NightShiftMedic').
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from govlint import prefilter, rx
from govlint.detectors.base import Builder, Detector, Need, gate_need, need_all
from govlint.lazyre import Later  # module patterns compiled on first use: most runs need few
from govlint.model import Author, Hit

KEYS = {"roles": (list, str), "lexicon": (list, str), "label": str}
_REAL_NAME = Later(r"^\s*((?:dr|prof|professor|mr|mrs|ms|miss|mx|sister|nurse)\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{L}[\p{L}'’.-]*)+", rx.IGNORECASE)


def has_real_name(author: Author) -> bool:
    """A name of at least two words ('Priya Shah', 'Dr Shah'), not a handle-like label."""
    return _real_name(author.name or "")


# Words that make a capitalised display name a pseudonym ('The Secret Registrar', 'Doc in the Dark', 'Sister
# Anonymous', 'The Tired Physio', 'Dr Gas', 'Acute Med PA'): a role, a specialty, a mood or a ward nickname where
# a surname would be. (A leading title is read by _REAL_NAME first: 'Nurse Hannah Price' is a name.)
_PSEUDONYM_WORDS = frozenset("""the a an anon anonymous secret secretly incognito unknown undercover masked hidden
confessions diary diaries tales life chronicles unfiltered unplugged ranting rants rambling ramblings tired weary
grumpy angry frazzled burnt burntout caffeinated night nights nightshift nightshifts shift shifts dark medic medics
doc docs doctor doctors registrar reg regs junior juniors consultant surgeon nurse nurses nursey physio physios
midwife midwives pharmacist pharmacists paramedic paramedics gp gps fy1 fy2 sho houseman trainee student
ambo ambos physician physicians associate associates sonographer radiographer dietitian podiatrist paeds
medical surgical
gas gasman gasgirl gaswoman gasser bones scrubs scalpel stethoscope steth sleepy sleep knife cuts chill zen
mum mummy mam mama dad daddy sunshine sparkle coffee caffeine rota bleep
acute med meds medicine medic ortho orthopaedic orthopaedics anaesthetic anaesthetics anaesthesia icu itu ae
emergency critical renal cardio cardiology neuro gastro resp respiratory derm psych psychiatry onc oncology haem
rheum ent obs gynae theatre theatres primary""".split())
# Post-nominal letters after a name ('Ravi Chandra PA', 'Meg Hollis RM'): set aside before the name is read, so
# what is left must still be a name of two words ('Northern PA' leaves 'Northern': a pseudonym).
_SUFFIXES = frozenset("pa acp anp hca rn rgn rmn rnld rm rd odp ot slt hcpc mrpharms mpharm bsc msc mbbs mbchb md frcs frcp mrcp mrcgp phd".split())
# Of those, the roles that make a pseudonym when they open a display name ('PA Wanderer'). Not degrees or 'Md',
# which opens real names ('Md Abdul Karim').
_LEADING_ROLES = frozenset("pa acp anp hca rn rgn rmn odp slt".split())
# Lower-case words a real name may hold ('Leonardo da Vinci', 'Ahmed bin Salem'); any other is a pseudonym's.
_PARTICLES = frozenset("van von de der den da di du le la bin binti bint ibn al el ap ter ten y dos das del della st".split())


# What a display name adds after the name itself: 'Dr Josh Patel (Medical Registrar)', 'Amy Lee | GP', 'Sam Jones,
# RN', 'Jo Bloggs - physio'. Only the part before it has to read as a real name.
_AFTER_NAME = Later(r"\s*(?:[(\[|,·•/]|\s[-–—]\s).*$", rx.DOTALL)


@lru_cache(maxsize=1024)  # a run's posts come from a few authors: each name is read once
def _real_name(raw: str) -> bool:
    name = _AFTER_NAME.sub("", raw).strip()
    words = name.split()
    while len(words) > 1 and (words[-1].strip(".,'’()").lower() in _SUFFIXES or not any(c.isalnum() for c in words[-1])):
        words.pop()  # post-nominals, and emoji after the name ('Northern PA 🩺')
    if words and words[0].strip(".,'’()").lower() in _LEADING_ROLES:
        return False  # a role where a first name would be: 'PA Wanderer', 'RN Nightowl'
    name = " ".join(words)
    m = _REAL_NAME.match(name) if name and not name.startswith("@") else None
    if m is None:
        return False
    for w in name[len(m.group(1) or ""):].split():  # the words after any title
        bare = w.strip(".,'’()").lower()
        if bare in _PSEUDONYM_WORDS or (w[:1].islower() and bare not in _PARTICLES):
            return False
    return True


class SelfIdDetector(Detector):
    def __init__(self, pattern, label):
        self.pattern, self.label = pattern, label

    def need(self) -> Need:
        return need_all(gate_need(self.pattern.gate, "lexical"), frozenset({("anonymous",)}))

    def find(self, ctx) -> list[Hit]:
        if has_real_name(ctx.post.author):
            return []
        if not ctx.admits(self.pattern.gate, ctx.lexical.text):
            return []
        m = self.pattern.search(ctx.lexical.text, timeout=ctx.timeout)  # one claim is enough: the first
        if m is None:
            return []
        s, e = ctx.lexical.span(*m.span("claim"))
        return [Hit(s, e, self.label or m.group("role"), (("role", ctx.text[slice(*ctx.lexical.span(*m.span("role")))]),))]


def build(spec: Mapping[str, Any], b: Builder) -> Detector:
    b.check_keys(spec, KEYS)
    roles = b.strings(spec, "roles") + b.terms({k: v for k, v in spec.items() if k == "lexicon"})
    if not roles:
        raise b.error("detector 'self-identification' needs 'roles' or a 'lexicon'", spec)
    alts = "|".join(rx.escape(r.lower()).replace(r"\ ", r"\s+") for r in sorted(set(roles), key=lambda r: (-len(r), r)))  # longest first; ties in a fixed order
    # ... unless the word only qualifies another job: 'consultant nurse', 'GP receptionist', 'physio assistant'
    role = rf"(?P<role>(?:{alts})(?:s|es)?)(?!\s+{_OTHER_JOB}\b)"
    slot = chr(0xE000)  # the role alternation as one placeholder, for the prefilter gate
    pattern = b.compile(_claim(role), rx.IGNORECASE | rx.MULTILINE, spec,
                        gate_source=(_claim(slot), {slot: {prefilter.term_needle(r.lower()) for r in roles}}))
    return SelfIdDetector(pattern, spec.get("label", ""))


_OTHER_JOB = (r"(?:nurses?|midwi(?:fe|ves)|pharmacists?|physio(?:therapist)?s?|paramedics?|radiographers?|sonographers?|"
              r"dietitians?|podiatrists?|psychologists?|scientists?|therapists?|practitioners?|receptionists?|"
              r"secretar(?:y|ies)|managers?|administrators?|admins?|assistants?|technicians?|techs?|hcas?|porters?|"
              r"associates?|educators?|coordinators?|navigators?|liaison)")


def _claim(role: str) -> str:
    mod = r"(?:(?:an?|the|one\sof\sthe|senior|junior|newly\squalified|qualified|registered|locum|salaried|retired|practising|specialist|consultant|trainee|student|paediatric|community|emergency|ed|a&e|nhs|uk|[\w-]+\s)\s*){0,3}"
    return (
        rf"(?P<claim>(?:\b(?:as|speaking\sas|i\s*'?m|i\s*’m|i\sam|i\swork\sas|i've\sbeen|i\shave\sbeen|been|being|work(?:ing)?\sas|qualified\sas|trained\sas)\s+{mod}{role}\b)"
        rf"|(?:\b{role}\s+here\b)|(?:^\s*{mod}{role}(?<!s)\s*[:,-]\s)|(?:^\s*{mod}{role}\s+(?:by\s+(?:day|trade)|in\s+real\s+life|irl)\b)|(?:\bmy\sfellow\s+{role}\b)|(?:\bus\s+{role}\b)|(?:\b(?:fellow|other)\s+{role}\s+(?:will|know|agree|get|understand)\b))"
    )
