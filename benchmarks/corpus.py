"""A seeded generator of realistic health-professional posts for the benchmarks.

Every post is synthetic (no real person, no real post): research shares with
links and hashtags, @replies, ward anecdotes with names, ages and places, NHS
and phone numbers, rude replies, one-to-one advice, public-health messages and
everyday chatter, in roughly the proportions a clinician's archive holds. The
same seed always gives the same posts, so runs on different days compare.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ["Priya", "Tom", "Aisha", "James", "Mary", "Graham", "Olu", "Sian", "Declan", "Fatima", "Ewan", "Grace",
         "Mohammed", "Ruth", "Callum", "Zainab", "Harriet", "Dev", "Bronwen", "Kwame", "Niamh", "Arthur", "Lily", "Yusuf"]
SURNAMES = ["Patel", "Jones", "Smith", "Okafor", "Williams", "Khan", "Brown", "Murphy", "Evans", "Taylor", "Hughes",
            "Begum", "Campbell", "Davies", "Clarke", "Wilson", "Ahmed", "Roberts", "Walsh", "Thomas"]
TITLES = ["Mrs", "Mr", "Ms", "Miss"]
PLACES = ["Leeds", "Bradford", "Swansea", "Wrexham", "Truro", "Hull", "Dundee", "Ipswich", "Carlisle", "Bangor",
          "Grimsby", "Hereford", "Blackpool", "Stornoway", "Penzance", "Kendal", "Ely", "Whitby", "Sunderland", "Luton"]
HOSPITALS = ["St Mary's Hospital", "Royal Infirmary", "Leeds General Infirmary", "Morriston Hospital",
             "Queen Elizabeth Hospital", "Northern General Hospital"]
CONDITIONS = ["sepsis", "a stroke", "DKA", "pneumonia", "a hip fracture", "meningitis", "an MI", "anaphylaxis",
              "a PE", "pancreatitis", "an overdose", "a seizure"]
OCCUPATIONS = ["teacher", "vicar", "farmer", "footballer", "lorry driver", "headmistress", "postman", "barrister",
               "councillor", "police officer"]
EVENTS = ["on her wedding day", "after the derby match", "at the village fete", "on Christmas Day",
          "during the school nativity", "after falling off a roof"]
MEDICINES = ["amoxicillin", "sertraline", "ibuprofen", "metformin", "omeprazole", "amitriptyline", "co-codamol",
             "prednisolone", "ramipril", "citalopram"]
JOURNALS = ["BMJ", "Lancet", "NEJM", "BJGP", "JAMA", "Emergency Medicine Journal"]
TOPICS = ["sepsis", "antibiotic stewardship", "long covid", "frailty", "asthma", "hypertension", "burnout",
          "health inequalities", "vaccination", "type 2 diabetes"]
TAGS = ["#MedTwitter", "#NHS", "#FOAMed", "#nursing", "#GPlife", "#physio", "#PharmacyLife", "#WeAreNHS", "#NurseLife",
        "#ResearchMatters", "#OpenAccess", "#EMS"]
INSULTS = ["idiot", "clown", "moron", "muppet", "disgrace", "halfwit"]
ROLES = ["GP", "nurse", "physio", "paramedic", "pharmacist", "FY2", "midwife", "consultant"]
HANDLES = ["@drpshah", "@nursejo", "@healthwatcher", "@NHSEngland", "@pharmaciststeve", "@medstudent_uk",
           "@runnerdad", "@angrypatient", "@ward7nurse", "@physiokate", "@gp_tom", "@concerned_mum"]


def _nhs(rng: random.Random) -> str:
    """A 10-digit number that passes the NHS mod-11 check (synthetic, not a real patient's)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, digits + [check]))
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def _phone(rng: random.Random) -> str:
    return rng.choice([f"07700 900{rng.randint(100, 999)}", f"0113 496 0{rng.randint(100, 999)}",
                       f"020 7946 0{rng.randint(100, 999)}", f"+44 7700 900{rng.randint(100, 999)}"])


def _name(rng: random.Random) -> str:
    return rng.choice([f"{rng.choice(TITLES)} {rng.choice(SURNAMES)}", rng.choice(FIRST),
                       f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"])


def _tags(rng: random.Random, k: int = 2) -> str:
    return " ".join(rng.sample(TAGS, k))


def _research(rng):
    j, t = rng.choice(JOURNALS), rng.choice(TOPICS)
    return rng.choice([
        f"New paper out in the {j} on {t}: a {rng.randint(2, 40)}% drop in admissions with early review. "
        f"https://doi.org/10.{rng.randint(1000, 9999)}/{rng.randint(10000, 99999)} {_tags(rng)}",
        f"Really proud of our team's {t} audit, now published in the {j}. Thread below on what we changed 🧵 {_tags(rng, 1)}",
        f"Great systematic review on {t} (n={rng.randint(200, 90000)}). Worth a read before journal club: "
        f"www.example.org/{t.replace(' ', '-')} {_tags(rng)}",
    ])


def _chatter(rng):
    return rng.choice([
        f"Night shift done. Coffee number {rng.randint(3, 9)} was a mistake. {_tags(rng)}",
        f"Reminder to staff: the canteen at {rng.choice(HOSPITALS)} is open till 9pm this week {_tags(rng, 1)}",
        f"Lovely to see so many students at our open day in {rng.choice(PLACES)} today!",
        f"Flu jabs are available now for everyone over 65 and for people with long-term conditions. Book via your surgery. {_tags(rng, 1)}",
        f"If you're struggling this winter, talk to someone. You don't have to cope alone. {_tags(rng, 1)}",
        f"Ran {rng.randint(5, 21)}k before clinic this morning. Knees disagree.",
    ])


def _anecdote(rng):
    name, age, place = _name(rng), rng.randint(19, 97), rng.choice(PLACES)
    return rng.choice([
        f"Lovely chat with {rng.choice(TITLES)} {rng.choice(SURNAMES)} in bay {rng.randint(1, 12)} today, {age} and sharp as a tack",
        f"{age}-year-old {rng.choice(OCCUPATIONS)} from {place} came in with {rng.choice(CONDITIONS)} {rng.choice(EVENTS)}. What a night.",
        f"Our patient {name} finally went home after {rng.randint(3, 60)} days on ward {rng.randint(1, 30)}. Brilliant team effort.",
        f"Just had a {age} yo in resus with {rng.choice(CONDITIONS)}, you would not believe the story. Grim shift at {rng.choice(HOSPITALS)}.",
        f"Bed {rng.randint(1, 20)} at {rng.choice(HOSPITALS)} has the best family, {name} brought us all cake 🍰",
    ])


def _numbers(rng):
    return rng.choice([
        f"Can someone chase the bloods for NHS number {_nhs(rng)} please, lab is not answering",
        f"Anyone on call tonight, ring me on {_phone(rng)} about the transfer from {rng.choice(PLACES)}",
        f"Patient's daughter wants a call back on {_phone(rng)} re: discharge, {rng.choice(TITLES)} {rng.choice(SURNAMES)}, DOB 0{rng.randint(1, 9)}/0{rng.randint(1, 9)}/19{rng.randint(30, 99)}",
        f"Clinic letters for {_nhs(rng)} and {_nhs(rng)} are ready to sign",
    ])


def _rude(rng):
    h = rng.choice(HANDLES)
    return rng.choice([
        f"{h} you absolute {rng.choice(INSULTS)}, read the evidence before tweeting",
        f"{h} honestly our registrar is a {rng.choice(INSULTS)} and should be struck off",
        f"{h} what a {rng.choice(INSULTS)}. Imagine being this wrong about {rng.choice(TOPICS)}.",
        f"{h} Respectfully, I disagree: the data on {rng.choice(TOPICS)} don't support that.",
    ])


def _advice(rng):
    h, med = rng.choice(HANDLES), rng.choice(MEDICINES)
    return rng.choice([
        f"{h} you should take {rng.choice([200, 400, 500])}mg of {med} twice a day and you'll be fine",
        f"{h} sounds like {rng.choice(CONDITIONS)} to me, stop the {med} and see how you go",
        f"{h} definitely double your {med}, that's what I'd do",
        f"{h} sorry you're going through this. Please speak to your own GP or call 111 — I can't advise on individual cases here.",
    ])


def _self_id(rng):
    return rng.choice([
        f"As a {rng.choice(ROLES)} I can tell you {rng.choice(TOPICS)} is wildly underfunded in {rng.choice(PLACES)}",
        f"{rng.choice(ROLES)} here: we are all exhausted and nobody is listening {_tags(rng, 1)}",
        f"Speaking as a {rng.choice(ROLES)}, the new rota is a joke",
    ])


# (weight, maker, is_reply): a realistic mix, mostly harmless.
KINDS = [(22, _research, False), (28, _chatter, False), (12, _anecdote, False), (5, _numbers, False),
         (10, _rude, True), (10, _advice, True), (8, _self_id, False), (5, _chatter, True)]


def posts(n: int, seed: int = 2024) -> list[dict]:
    """``n`` JSONL-ready post records; the same (n, seed) always gives the same list."""
    rng = random.Random(seed)
    weights = [w for w, _, _ in KINDS]
    out = []
    for i in range(n):
        _, make, reply = rng.choices(KINDS, weights)[0]
        rec: dict = {"id": f"p{i:06d}", "text": make(rng)}
        if reply or rec["text"].startswith("@"):
            rec["in_reply_to"] = rng.choice(HANDLES)
        anon = rng.random() < 0.5
        rec["author"] = ({"handle": f"@clinician{rng.randint(1, 500)}"} if anon else
                         {"handle": f"@dr_{rng.choice(SURNAMES).lower()}", "name": f"Dr {rng.choice(FIRST)} {rng.choice(SURNAMES)}"})
        out.append(rec)
    return out


def write_jsonl(records: list[dict], folder: Path, per_file: int = 10_000) -> list[Path]:
    """Write records as JSONL files of at most ``per_file`` posts each (an archive split by year, say)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, max(len(records), 1), per_file):
        p = folder / f"posts-{k // per_file:03d}.jsonl"
        with open(p, "w", encoding="utf-8") as fh:
            for rec in records[k:k + per_file]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        paths.append(p)
    return paths


DRAFT = "Lovely chat with Mrs Patel in bay 3 today, 84 and sharp as a tack. #NHS\n"


def drafts(n: int, folder: Path, seed: int = 7) -> list[Path]:
    """``n`` short one-post .txt drafts, as a pre-commit hook would see them."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, rec in enumerate(posts(n, seed)):
        p = folder / f"draft-{i:02d}.txt"
        p.write_text(rec["text"] + "\n", encoding="utf-8")
        out.append(p)
    return out
