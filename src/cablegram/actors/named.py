"""Pass 1, named mentions: spaCy's entities re-checked against the gazetteer and the parse (a
PERSON tagged ORG/GPE is recognised by its appositive role, its speech verb or its title; a GPE
that is no place and no name is dropped), plus gazetteer phrases spaCy missed (countries,
demonyms, seats, IGOs, bodies)."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span as SpacySpan

from ..ids import slug
from . import gazetteer as gz
from . import seats
from .sectors import role_matches, sector_of_words
from .state import LOCATIVE, NON_ACTOR_ENTS, Mention, State


def named(st: State) -> None:
    doc = st.doc
    for ent in doc.ents:
        if ent.label_ in NON_ACTOR_ENTS or any(st.skip[ent.start:ent.end]):
            continue
        start, end = ent.start, st.strip_possessive(ent.start, ent.end, doc)
        place_iso = None
        # a leading place possessive ("Seoul's Korea Institute") is an affiliation's place
        for i in range(start, end - 1):
            if doc[i + 1].lower_ in ("'s", "\u2019s") and i + 2 < end:
                place = doc[start:i + 1]
                iso = gz.lookup_place(place.text)
                place_iso = iso
                if iso:
                    if gz.lookup_country(place.text):
                        st.add(Mention(start, i + 1, "country", iso, iso3=iso, head=i))
                    else:
                        st.place(start, i + 1, iso)
                    start = i + 2
                break
        if start >= end:
            continue
        named_span(st, start, end, ent.label_, place_iso=place_iso)
    gazetteer_phrases(st)


def named_span(st: State, start: int, end: int, label: str, place_iso: Optional[str] = None) -> None:
    doc = st.doc
    span = doc[start:end]
    text = span.text
    if len(span) > 1 and span[-1].lower_ in st.non_actor_heads and label in ("ORG", "PERSON", "FAC"):
        return  # "U.S. Dollar", "Arms Export Control Act": a thing, not an actor
    key = gz.norm(text)
    head = span.root.i
    igo = gz.igo_index().get(key) or gz.igo_index().get(key.replace(".", ""))
    if igo:
        st.add(Mention(start, end, "igo", igo.id, sector=igo.sector, name=igo.name, head=head))
        return
    org = gz.org_index().get(key)
    if org:
        st.add(Mention(start, end, "org", org.id, iso3=org.country, sector=org.sector, name=org.name, head=head))
        return
    iso = gz.lookup_country(text) if gz.norm(text)[:1] and text.removeprefix("the ")[:1].isupper() else None
    if iso and (label in ("GPE", "NORP", "LOC", "ORG", "FAC") or (label == "PERSON" and (len(span) > 1 or key in gz.demonym_index()))):
        st.add(Mention(start, end, "country", iso, iso3=iso, head=head))
        return
    seat = gz.seat_index().get(key)
    if seat and label in ("GPE", "LOC", "ORG", "FAC"):
        seats.seat(st, start, end, seat)
        return
    if label == "PERSON" and seat and len(span) == 1:
        seats.seat(st, start, end, seat)  # "Kyiv would respond": a capital spaCy took for a name
        return
    if label == "PERSON":
        if "/" in text or any(t.like_url or t.like_email for t in span):
            return
        if span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE - {"of", "from", "with"} \
                and not person_context(st, span, "GPE") and (
                gz.lookup_place(text) or span.root.head.lower_ in ("in", "near", "into", "outside", "inside")):
            iso = gz.lookup_place(text)
            if iso:
                st.place(start, end, iso)
            return  # "in Baracoa": a place spaCy took for a name
        if st.name_like(span):
            st.add(Mention(start, end, "person", text, head=head, name=text))
        return
    if label in ("ORG", "GPE", "LOC", "FAC") and st.name_like(span) and person_context(st, span, label):
        st.add(Mention(start, end, "person", text, head=head, name=text))
        return
    if label == "FAC" and any(t.lower_ in st.org_words or getattr(gz.role_index().get(t.lower_), "kind", "") == "O"
                              for t in span):
        label = "ORG"  # "the Russian Embassy": a body, not a building
    if label == "ORG":
        words = [t.lower_ for t in span]
        if all(w in gz.role_index() or gz.singular(w) in gz.role_index() for w in words):
            return  # "Defense" in "Defense Minister": part of a title
        if span[0].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].pos_ in ("ADP", "CCONJ", "PUNCT", "DET"):
            end -= 1  # "Control Centre of": a cut-off name
        span = doc[start:end]
        if start >= end:
            return
        if len(span) == 1 and (span[0].is_lower or span[0].is_stop or span[0].lower_ in gz.role_index()
                               or gz.singular(span[0].lower_) in gz.role_index()
                               or (span[0].pos_ == "NOUN")):
            return  # "House", "Command", "al": a common word, not a name
        iso, sector = org_facts(st, span)
        iso = iso or place_iso
        if len(span) == 1 and st.name_like(span):
            st.maybe_names.append((start, end))
        st.add(Mention(start, end, "org", slug(span.text), iso3=iso, sector=sector, name=span.text, head=head))
        return
    if label in ("GPE", "LOC", "FAC"):
        iso = gz.lookup_place(text)
        if iso:
            st.place(start, end, iso)
        elif len(span) == 1 and st.name_like(span):
            st.maybe_names.append((start, end))


def org_facts(st: State, span: SpacySpan) -> tuple[Optional[str], Optional[str]]:
    iso = None
    for t in span:
        iso = iso or gz.lookup_country(t.text)
    words = [t.lower_ for t in span]
    # a name's own words: organisation nouns and strong words only ("General Election" is no army)
    matches = [r for _, _, r in role_matches(words) if r.kind in ("O", "M") or r.strong]
    return iso, (sector_of_words(words) if matches else None)


def person_context(st: State, span: SpacySpan, label: str) -> bool:
    """Is this capitalised phrase (tagged ORG/GPE) used as a person? A title before it, a
    person-role appositive after it ("Du Hyeogn Cha, an analyst at ..."), or, for a
    GPE that is no known place, being the one who speaks ("Hong Min said")."""
    doc = st.doc
    if len(span) < 2:
        return False
    if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in st.honorifics:
        return True
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return False
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i and st.role_head(child):
            return True
    # "X, an analyst at Y, said" when the parse attaches the role elsewhere
    if span.end + 3 < len(doc) and doc[span.end].text == ",":
        j = span.end + 1
        if doc[j].pos_ == "DET":
            j += 1
        while j < len(doc) and doc[j].pos_ in ("ADJ",):
            j += 1
        if j + 1 < len(doc) and st.role_head(doc[j]) and doc[j + 1].lower_ in ("at", "of", "with", "for"):
            return True
    if label in ("GPE", "LOC") and root.dep_ == "nsubj" and root.head.lemma_ in st.speech:
        return True
    return False


def gazetteer_phrases(st: State) -> None:
    doc = st.doc
    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in NON_ACTOR_ENTS or ent.label_ in ("PERSON", "ORG", "LOC", "FAC"):
            for i in range(ent.start, ent.end):
                blocked[i] = True
    matches = st.m.matcher(doc)
    # longest first, then left to right
    matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    for match_id, start, end in matches:
        if any(blocked[start:end]) or not st.free(start, end):
            continue
        label = st.m.labels.get(match_id)
        span = doc[start:end]
        key = gz.norm(span.text)
        if label == "IGO":
            igo = gz.igo_index().get(key) or gz.igo_index().get(key.replace(".", ""))
            if igo:
                st.add(Mention(start, end, "igo", igo.id, sector=igo.sector, name=igo.name, head=span.root.i))
        elif label == "ORG":
            org = gz.org_index().get(key)
            if org:
                st.add(Mention(start, end, "org", org.id, iso3=org.country, sector=org.sector, name=org.name,
                                  head=span.root.i))
        elif label in ("COUNTRY", "DEMONYM"):
            iso = gz.lookup_country(span.text)
            if iso:
                st.add(Mention(start, end, "country", iso, iso3=iso, head=span.root.i))
        elif label == "SEAT":
            seat = gz.seat_index().get(key)
            if seat:
                seats.seat(st, start, end, seat)
