"""The actors of an article from its resolved mentions: one :class:`schema.Actor` per actor
id, its mentions as character spans, its country, sector and CAMEO-style code."""

from __future__ import annotations

from spacy.tokens import Doc

from ..schema import Actor, Span
from . import gazetteer as gz
from .people import person_facts
from .state import ActorInfo

_TYPES = {"person": "person", "roleholder": "person", "country": "country", "igo": "organization",
          "org": "organization", "group": "group", "anonymous": "anonymous"}


def build_actors(doc: Doc, people: dict[str, ActorInfo], mentions, named: set | None = None) -> dict[str, Actor]:
    """Actors from the resolved mentions. A known public figure's country and sector fill in
    what the text leaves open when the text gives the figure's full name, or names the figure's
    country (or the figure holds an international office): a one-word namesake elsewhere is
    left unresolved, not guessed."""
    infos: dict[str, ActorInfo] = dict(people)
    for m in mentions:
        ident = m.actor or m.key
        if not ident or m.kind in ("pronoun", "appos", "person"):
            continue
        info = infos.get(ident)
        if info is None:
            if m.kind == "country":
                info = ActorInfo(ident, gz.country_name(ident), "country", country=ident)
            elif m.kind == "igo":
                info = ActorInfo(ident, m.name, "organization", sector=m.sector or "IGO", code_country="IGO")
            else:
                info = ActorInfo(ident, m.name or doc[m.start:m.end].text, _TYPES.get(m.kind, "organization"),
                                 country=m.iso3, sector=m.sector)
                if m.role:
                    info.roles.append(m.role)
            infos[ident] = info
        m.actor = ident
    published = getattr(doc._, "cg_published", None)
    for info in people.values():
        countries = [c for c in info.role_countries if c]
        sectors = [s for s in info.role_sectors if s]
        info.country = countries[0] if countries else None
        info.sector = sectors[0] if sectors else None
        if info.country is None or info.sector is None:
            known = person_facts(info.name, published)
            full = len(info.name.split()) >= 3 or (len(info.name.split()) == 2 and "." not in info.name)
            if known and known[0] != "IGO" and named is not None and known[0] not in named \
                    and info.country != known[0] and not full:
                known = None  # a one-word name of a figure whose country the text never names: a namesake?
            if known and known[0] == "IGO":  # an office in an international organisation
                info.sector = info.sector or known[1]
            elif known:
                info.country = info.country or known[0]
                info.sector = info.sector or known[1]
    actors: dict[str, Actor] = {}
    by_actor: dict[str, list[Span]] = {}
    seen: set[tuple[str, int, int]] = set()
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        ident = m.actor or m.key
        if ident not in infos:
            continue
        span = doc[m.start:m.end]
        k = (ident, span.start_char, span.end_char)
        if k in seen:
            continue
        seen.add(k)
        by_actor.setdefault(ident, []).append(Span(start=span.start_char, end=span.end_char, text=span.text))
    for ident, info in infos.items():
        if ident not in by_actor:
            continue
        code = None
        if info.type == "organization" and info.country is None and (info.sector == "IGO" or info.code_country):
            code = "IGO" + (info.sector if info.sector not in (None, "IGO") else "")  # CAMEO: NATO is IGO…MIL
        elif info.country:
            code = info.country + (info.sector or "")
        actors[ident] = Actor(id=ident, name=info.name, type=info.type, country=info.country,
                              sector=info.sector, code=code, roles=list(info.roles),
                              mentions=by_actor[ident], ambiguous=info.ambiguous)
    return actors
