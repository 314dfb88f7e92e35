"""``resolve_text(text)``: one mention string (with optional context and date) -> country, sector."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

from ..ids import slug
from . import gazetteer as gz
from .people import person_facts, surname_facts
from .sectors import former_sector, role_matches, sector_of_words

# -- single strings ----------------------------------------------------------------------

@dataclass
class Resolution:
    """What one mention string resolves to. ``country`` is ISO3, or the CAMEO slot of an
    IGO ("UNO" for the UN family, "IGO" otherwise); None where the text does not say."""

    text: str
    id: Optional[str] = None
    name: Optional[str] = None
    type: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    code: Optional[str] = None
    roles: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w\u00C0-\u024F]+(?:[-'\u2019][\w\u00C0-\u024F]+)*|[,;()]|['\u2019]s\b")


def _tokens(text: str) -> list[str]:
    out = []
    for t in _TOKEN.findall(text):
        if t.lower().endswith(("'s", "\u2019s")) and len(t) > 2:
            out.extend([t[:-2], "'s"])
        else:
            out.append(t)
    return out


def _place_run(tokens: list[str], start: int, end: int) -> bool:
    """A city name stands alone in its run of capitalised words, or with role words only
    ("Minsk police", "Madras High Court"): inside a personal name ("Boyko Borisov") it is no city."""
    org_words = set(gz.special()["org_words"])
    lo = start
    while lo > 0 and tokens[lo - 1][:1].isupper():
        lo -= 1
    hi = end
    while hi < len(tokens) and tokens[hi][:1].isupper():
        hi += 1
    others = [(j, tokens[j].lower()) for j in list(range(lo, start)) + list(range(end, hi))]
    if not others:
        return True
    covered = set()
    for seg in ((lo, start), (end, hi)):
        for s, e, _ in role_matches([t.lower() for t in tokens[seg[0]:seg[1]]]):
            covered.update(range(seg[0] + s, seg[0] + e))
    return all(j in covered or w in org_words for j, w in others)


def _find(tokens: list[str]) -> list[tuple[int, int, str, object]]:
    """Longest gazetteer matches over the tokens, left to right: (start, end, kind, value)."""
    igo, org, ctry, dem, seat = gz.igo_index(), gz.org_index(), gz.country_index(), gz.demonym_index(), gz.seat_index()
    out = []
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(8, len(tokens) - i), 0, -1):
            chunk = tokens[i:i + n]
            if chunk[-1] in ("'s", ",", ";") or chunk[0] in ("'s", ",", ";"):
                continue
            raw = " ".join(chunk).replace(" 's", "'s")
            key = gz.norm(raw)
            if key in igo or key.replace(".", "") in igo and len(key) > 2:
                hit = (i, i + n, "igo", igo.get(key) or igo[key.replace(".", "")])
            elif key in org and (n > 1 or chunk[0][:1].isupper()):
                hit = (i, i + n, "org", org[key])
            elif key in ctry and (n > 1 or chunk[0][:1].isupper() or len(key) > 3):
                hit = (i, i + n, "country", ctry[key])
            elif key in dem and chunk[0][:1].isupper():
                hit = (i, i + n, "demonym", dem[key])
            elif key in seat and chunk[0][:1].isupper():
                hit = (i, i + n, "seat", seat[key])
            elif person_facts(raw, None) and n > 1:
                hit = (i, i + n, "person", raw)
            elif n <= 3 and chunk[0][:1].isupper() and all(
                    gz.singular(c.lower()) not in gz.role_index() for c in chunk) and key in gz.city_index() \
                    and _place_run(tokens, i, i + n):
                hit = (i, i + n, "city", gz.city_index()[key])
            elif n <= 3 and chunk[0][:1].isupper() and key in gz.region_index() and _place_run(tokens, i, i + n):
                hit = (i, i + n, "city", gz.region_index()[key])
            if hit:
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def resolve_text(text: str, context: Optional[str] = None, date: Optional[str] = None) -> Resolution:
    """Resolve one actor mention ("Russian Defense Minister Sergei Shoigu", "U.S. officials",
    "Kyiv police") to its country and PLOVER sector with the same gazetteer and role lexicon
    as the document stage. ``context`` (a few words around it) supplies a country the text
    lacks; ``date`` (ISO or "today") dates the offices of known figures.
    Unknown names resolve to nothing: no country is guessed."""
    if not isinstance(text, str):
        return Resolution(text="")
    if not isinstance(context, str):
        context = None
    if not isinstance(date, str):
        date = None
    res = Resolution(text=text)
    if not text.strip():
        return res
    sp = gz.special()
    tokens = _tokens(text)
    lower = [t.lower() for t in tokens]
    if len(lower) == 1 and lower[0] in set(sum(sp["pronouns"].values(), [])):
        res.type, res.sector = "person", "UNK"
        return res
    if lower and all(w in set(sp.get("junk", [])) for w in lower):
        res.sector = "JNK"
        return res
    matches = _find(tokens)
    covered = set()
    for s, e, _, _ in matches:
        covered.update(range(s, e))
    rest = [lower[i] for i in range(len(tokens)) if i not in covered]
    role_sector = sector_of_words(rest) if rest else None
    former = any(w in set(sp["former"]) - {"then"} for w in rest)
    country = sector = None
    kind = None
    for s, e, k, v in matches:
        if k == "igo":
            country, sector, kind = v.slot, (v.sector if v.sector != "IGO" else None), "igo"
            res.id, res.name = v.id, v.name
            break
        if k == "org":
            country, sector, kind = v.country, v.sector, "org"
            res.id, res.name = v.id, v.name
            break
    if kind is None:
        for s, e, k, v in matches:
            if k == "person":
                facts = person_facts(v, date)
                if facts:
                    country, sector, kind = facts[0], facts[1], "person"
                    res.id, res.name = slug(v), v
                    break
    places = [(k, v) for s, e, k, v in matches if k in ("country", "demonym", "seat", "city")]
    if country is None and places:
        k, v = places[0]
        country = v[0] if k == "seat" else v
        if kind is None:
            kind = "country" if k in ("country", "demonym") else k
    if country is None and kind is None:
        # a title and a bare surname ("Deputy Secretary Hicks", "Trump"): a known figure by surname
        caps = [t for i, t in enumerate(tokens) if i not in covered and t[:1].isupper()
                and gz.singular(t.lower()) not in gz.role_index() and t.lower() not in sp["former"]]
        honor = {h.rstrip(".").lower() for h in sp["honorifics"]}
        titled = any(t.rstrip(".").lower() in honor for t in tokens)
        caps = [t for t in caps if t.rstrip(".").lower() not in honor]
        if len(caps) == 1 and (role_matches(rest) or len(tokens) == 1 or titled):
            facts = surname_facts(caps[-1], date)
            if facts:
                country, kind = facts[0], "person"
                sector = sector or facts[1]
    seat_sector = next((v[1] for _, v in places if isinstance(v, tuple) and v[1] != "GOV"), None)
    if role_sector and seat_sector and not any(r.strong for _, _, r in role_matches(rest)):
        role_sector = seat_sector  # "president of the Riigikogu": the body decides
    if role_sector:
        if kind not in ("org", "igo") or sector is None:
            sector = role_sector
        if former:
            sector = former_sector(sector)
    elif former and sector:
        sector = former_sector(sector)
    if not role_sector and kind in ("seat", "city") and sector is None:
        if kind == "seat":
            seat = next(v for _, v in places if isinstance(v, tuple))
            sector = seat[1]
        else:
            sector = "CVL"
    if country is None and kind is None:
        for i, t in enumerate(tokens):
            if i not in covered and t[:1].isupper():
                iso = gz.fuzzy_country(t)
                if iso:
                    country, kind = iso, "country"
                    break
    if country is None and context:
        for s, e, k, v in _find(_tokens(context)):
            if k in ("country", "demonym", "seat", "city"):
                country = v[0] if k == "seat" else v
                break
            if k in ("org", "igo") and getattr(v, "country", None):
                country = v.country
                break
    if kind is None and role_sector is None and rest:
        words = [t for i, t in enumerate(tokens) if i not in covered and t not in ("'s", ",", ";")]
        if words and all(w[:1].isupper() for w in words):
            kind = "person" if len(words) >= 2 else None
    res.country, res.sector = country, sector
    res.type = {"igo": "organization", "org": "organization", "seat": "country", "city": "country",
                "demonym": "country"}.get(kind or "", kind)
    rm = role_matches(rest) if role_sector else []
    if rm and kind not in ("org", "igo", "person"):
        head = [m for m in rm if m[2].kind in ("P", "G", "O")]
        if head:
            last_word = rest[head[-1][1] - 1]
            k = head[-1][2].kind
            res.type = ("organization" if k == "O" else "group" if k == "G" or gz.is_plural(last_word)
                        else "person")
    if res.type in ("country", None) and kind != "org" and len([t for i, t in enumerate(tokens)
            if i not in covered and t[:1].isupper() and gz.singular(t.lower()) not in gz.role_index()]) >= 2:
        res.type = "person"
    if country and country not in ("UNO", "IGO"):
        res.code = country + (sector or "")
    elif country:
        res.code = country + (sector or "")
    if res.id is None:
        if res.type == "country" and country and not role_sector:
            res.id, res.name = country, gz.country_name(country)
        elif res.type == "person" and any(
                i not in covered and t[:1].isupper() and gz.singular(t.lower()) not in gz.role_index()
                and t.rstrip(".").lower() not in {h.rstrip(".").lower() for h in sp["honorifics"]}
                for i, t in enumerate(tokens)):
            # the name without its title: "Russian Defense Minister Sergei Shoigu" -> sergei-shoigu
            name = [t for i, t in enumerate(tokens) if i not in covered and t[:1].isupper()
                    and gz.singular(t.lower()) not in gz.role_index() and t.lower() not in sp["former"]
                    and t.rstrip(".").lower() not in {h.rstrip(".").lower() for h in sp["honorifics"]}]
            res.name = " ".join(name) or text
            res.id = slug(res.name)
        elif res.type in ("group", "person", "organization") and role_sector and kind not in ("org", "igo"):
            # a described actor, with the document stage's id: "U.S. officials" -> us-officials
            from spacy.lang.en.stop_words import STOP_WORDS

            words = [w for w in rest if w not in STOP_WORDS and w not in ("'s", ",", ";") and not w.isdigit()]
            res.id = "-".join(x for x in (gz.iso2(country) or "", slug(" ".join(words))) if x).lower()
            res.name = text
        else:
            res.id = slug(text)
    return res
