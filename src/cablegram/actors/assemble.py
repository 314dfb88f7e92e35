"""The actors of an article from its resolved mentions: one :class:`schema.Actor` per actor
id, its mentions as character spans, its country, sector and CAMEO-style code."""

from __future__ import annotations

from spacy.tokens import Doc

from ..schema import Actor, Span
from . import gazetteer as gz
from . import dictionary
from .state import ActorInfo

_TYPES = {"person": "person", "roleholder": "person", "country": "country", "igo": "organization",
          "org": "organization", "group": "group", "anonymous": "anonymous"}


def build_actors(doc: Doc, people: dict[str, ActorInfo], mentions, named: set | None = None,
                 owners=()) -> dict[str, Actor]:
    """Actors from the resolved mentions. A known public figure's country and sector fill in
    what the text leaves open (see :func:`known_facts`); who speaks for an actor shares its country."""
    infos = _infos(doc, people, mentions)
    story_country(infos, mentions)
    published = getattr(doc._, "cg_published", None)
    for info in people.values():
        countries = [c for c in info.role_countries if c]
        sectors = [s for s in info.role_sectors if s]
        info.country = countries[0] if countries else None
        info.sector = sectors[0] if sectors else None
        if info.country is None or info.sector is None:
            known_facts(info, published)
    for holder, owner in owners:
        hi, oi = infos.get(holder.actor or holder.key), infos.get(owner.actor or owner.key)
        if hi is not None and oi is not None and hi is not oi:
            # who speaks or works for an actor shares its country; its sector where the role gives none
            hi.country = hi.country or oi.country
            hi.sector = hi.sector or oi.sector
            if hi.country is None:  # who works for an IGO or a transnational NGO is in its slot
                hi.code_country = hi.code_country or oi.code_country
    by_actor = _mention_spans(doc, mentions, infos)
    return {ident: Actor(id=ident, name=info.name, type=info.type, country=info.country, sector=info.sector,
                         code=code_of(info), roles=list(info.roles), mentions=by_actor[ident],
                         ambiguous=info.ambiguous)
            for ident, info in infos.items() if ident in by_actor}


def _infos(doc: Doc, people: dict[str, ActorInfo], mentions) -> dict[str, ActorInfo]:
    """One record per actor id; an actor is named by its first mention that is not a modifier
    ("a Senate hearing ... the Senate")."""
    infos: dict[str, ActorInfo] = dict(people)
    for m in sorted(mentions, key=lambda m: (doc[m.head].dep_ == "compound" if 0 <= m.head < len(doc) else False,
                                             m.start)):
        ident = m.actor or m.key
        if not ident or m.kind in ("pronoun", "appos", "person"):
            continue
        if ident not in infos:
            infos[ident] = _info(doc, m, ident)
        m.actor = ident
    return infos


def _info(doc: Doc, m, ident: str) -> ActorInfo:
    if m.kind == "country":
        return ActorInfo(ident, gz.country_name(ident), "country", country=ident)
    if m.kind == "igo":
        return ActorInfo(ident, m.name, "organization", sector=m.sector or "IGO", code_country=m.slot or "IGO")
    info = ActorInfo(ident, m.name or doc[m.start:m.end].text, _TYPES.get(m.kind, "organization"),
                     country=m.iso3, sector=m.sector, code_country=None if m.iso3 else m.slot or (
                         "NGO" if m.kind == "org" and m.org_kind == "ngo" else None))  # a transnational NGO, its staff
    if m.role:
        info.roles.append(m.role)
    return info


def _mention_spans(doc: Doc, mentions, infos) -> dict[str, list[Span]]:
    by_actor: dict[str, list[Span]] = {}
    seen: set[tuple[str, int, int]] = set()
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        ident = m.actor or m.key
        if ident not in infos:
            continue
        span = doc[m.start:m.end]
        k = (ident, span.start_char, span.end_char)
        if k not in seen:
            seen.add(k)
            by_actor.setdefault(ident, []).append(Span(start=span.start_char, end=span.end_char, text=span.text))
    return by_actor


def code_of(info: ActorInfo) -> str | None:
    """CAMEO-style code: country + sector; an IGO "IGO" (+ "UNO" for the UN family) + its sector
    (NATO IGOMIL, the WHO IGOUNOHLH); a transnational NGO "NGO" + its sector (the Red Cross NGOMED),
    a transnational armed group "IMG" + its sector (al-Qaeda IMGREB)."""
    if info.country is None and info.code_country in ("IGO", "UNO"):
        return "IGO" + ("UNO" if info.code_country == "UNO" else "") + (
            info.sector if info.sector not in (None, "IGO") else "")
    if info.country is None and info.code_country in ("NGO", "IMG"):
        return info.code_country + (info.sector if info.sector not in (None, info.code_country) else "")
    if info.country:
        return info.country + (info.sector or "")
    return None


def known_facts(info: ActorInfo, date) -> None:
    """A known figure's country and sector at the article's date fill in what the text leaves
    open: by full name, or by a surname the dictionary gives to one person only (or to one
    holding office at that date, of the country the text gave the person)."""
    words = info.name.split()
    entry = dictionary.person(info.name)
    if entry is None and len(words) == 1:
        entry = dictionary.by_surname(words[0], date, country=info.country)
    if entry is None:
        if info.country is None and info.type == "person" and len(words) >= 2:
            info.country = dictionary.name_country(info.name)
        return
    facts = dictionary.facts(entry, date)
    if facts.slot:  # an office in an international organisation
        info.code_country = info.code_country or facts.slot
        info.sector = info.sector or facts.sector
        return
    if info.country and facts.country and info.country != facts.country:
        return  # the text gives another country: a namesake
    if info.country is None and info.code_country:
        info.sector = info.sector or facts.sector
        return  # the text gives an office of an IGO ("U.N. mediator Diego Cordovez"): not his country's
    info.country = info.country or facts.country
    info.sector = info.sector or facts.sector


_NATIONAL = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"}


def story_country(infos: dict[str, ActorInfo], mentions) -> None:
    """A national body or office described without its country ("the national guard", "police",
    "the defence minister") is of the article's country when the article names one country only."""
    countries = {m.iso3 for m in mentions if m.kind == "country" and m.iso3}
    if len(countries) != 1:
        return
    iso = next(iter(countries))
    described = {m.actor or m.key for m in mentions if m.kind in ("org", "group", "roleholder", "anonymous")
                 and m.iso3 is None and m.org_kind == "org"}
    for ident in described:
        info = infos.get(ident)
        if info is not None and info.country is None and info.sector in _NATIONAL and info.code_country is None:
            info.country = iso


def affiliations(owners, actors: dict[str, Actor]) -> dict[str, str]:
    """Actor id -> id of the actor it speaks or works for ("X's spokesperson, Y": {Y: X})."""
    out: dict[str, str] = {}
    for holder, owner in owners:
        h, o = holder.actor or holder.key, owner.actor or owner.key
        if h in actors and o in actors and h != o:
            out.setdefault(h, o)
    return out
