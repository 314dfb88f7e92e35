"""Pass 2, capitals and seats: a government when they act ("Moscow and Pyongyang were
considering"), a mere place in an affiliation or after "in"/"to"."""

from __future__ import annotations

from ..ids import slug
from . import gazetteer as gz
from .state import LOCATIVE, Mention, State, fragment_root


def seat(st: State, start: int, end: int, seat: tuple[str, str]) -> None:
    """A capital or seat: the government when it acts, a place when it locates."""
    doc = st.doc
    span = doc[start:end]
    root = span.root
    iso, sector = seat
    acting = False
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ in ("'s", "\u2019s"):
        owner = nxt.head if nxt.head.i >= end else None
        owned = owner.ent_type_ if owner is not None else ""
        # "Seoul's Korea Institute": a place in an affiliation; "Moscow's plans": the government
        acting = owned not in ("ORG", "FAC") and not (owner is not None and gz.role_index().get(
            gz.singular(owner.lower_), None) is not None and gz.role_index()[gz.singular(owner.lower_)].kind == "O")
    elif root.dep_ in ("nsubj", "nsubjpass", "agent"):
        acting = True
    elif root.dep_ == "conj":
        first = root.head
        while first.dep_ == "conj":
            first = first.head
        acting = first.dep_ in ("nsubj", "nsubjpass", "agent") or (
            first.dep_ == "pobj" and first.head.lower_ not in LOCATIVE)
    elif root.dep_ in ("pobj",):
        acting = root.head.lower_ not in LOCATIVE
    elif root.dep_ in ("dobj", "iobj", "dative") or fragment_root(root):
        acting = True
    elif root.dep_ in ("compound", "amod") and root.head.i >= end:
        owner = gz.role_index().get(gz.singular(root.head.lower_))
        acting = owner is not None and owner.kind in ("P", "G")  # "Kremlin officials"
    if acting and sector != "GOV":
        # a seat of one branch ("the Pentagon", "Congress"): that body, not the country
        ident = "-".join(x for x in (gz.iso2(iso) or "", slug(span.text.removeprefix("the "))) if x).lower()
        st.add(Mention(start, end, "org", ident, iso3=iso, sector=sector, name=span.text, head=root.i))
    elif acting:
        st.add(Mention(start, end, "country", iso, iso3=iso, head=root.i))
    else:
        st.place(start, end, iso)
