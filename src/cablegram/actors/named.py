"""Pass 1, named mentions: spaCy's entities re-checked against the gazetteer, the dictionary and
the parse, plus the gazetteer's and dictionary's names spaCy missed.

spaCy's small model mislabels names; the repairs, in order: furniture is dropped (time zones,
the publisher's own name); a name the dictionary or the gazetteer knows takes its kind there
(IGO, body, company, country, seat, known person); a company is seen by its suffix or a company
noun beside it ("oil giant Yukos", "Aton brokerage"); a person by a title, an appositive role or
a speech verb; a known place in a locative position is a place ("in Bethlehem"); "al-…" names
are names.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span as SpacySpan

from ..ids import slug
from . import dictionary, furniture, seats, spans
from .ethnic import ethnic_group
from . import gazetteer as gz
from .sectors import role_matches, sector_of_words
from .state import LOCATIVE, NON_ACTOR_ENTS, Mention, State, fragment_root

_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_IN_PLACE = ("in", "near", "into", "outside", "inside", "at", "from", "to", "across", "around", "toward")


def named(st: State) -> None:
    doc = st.doc
    found = spans.name_spans(st)
    things = spans.named_things(st, found)
    for start, end, label in found:
        if label in NON_ACTOR_ENTS or any(st.skip[start:end]):
            continue
        if label == "PERSON" and gz.norm(doc[start:st.strip_possessive(start, end, doc)].text) in things:
            label = "FAC"  # "Hagia Sophia, formerly a church and now a museum": a building, not a person
        end = st.strip_possessive(start, end, doc)
        start, place_iso = _leading_place(st, start, end)
        if start < end:
            named_span(st, start, end, label, place_iso=place_iso)
    gazetteer_phrases(st)


def _leading_place(st: State, start: int, end: int) -> tuple[int, Optional[str]]:
    """A leading place possessive ("Seoul's Korea Institute") is the affiliation's place."""
    doc = st.doc
    for i in range(start, end - 1):
        if doc[i + 1].lower_ in ("'s", "\u2019s") and i + 2 < end:
            place = doc[start:i + 1]
            iso = gz.lookup_place(place.text)
            if iso:
                if gz.lookup_country(place.text):
                    st.add(Mention(start, i + 1, "country", iso, iso3=iso, head=i))
                else:
                    st.place(start, i + 1, iso)
                return i + 2, iso
            return start, None
    return start, None


def named_span(st: State, start: int, end: int, label: str, place_iso: Optional[str] = None) -> None:
    if end - start >= 2 and st.doc[start].lower_.rstrip(".") in st.honorifics and st.doc[start + 1].text[:1].isupper():
        start, label = start + 1, "PERSON"  # "Mr Blair" tagged ORG: a person (the honorific joins in .titles)
    span = st.doc[start:end]
    if furniture.is_furniture(span.text, st.own_names) or _is_thing(st, span, label):
        return
    for rule in (_as_igo, _as_generic_body, _as_own_body, _as_country, _as_seat, _as_body, _as_titled_person,
                 _as_known_person, _as_company,
                 _as_misspelt_country, _as_place_name, _as_person, _as_person_in_context):
        if rule(st, span, label):
            return
    if label == "FAC" and any(t.lower_ in st.org_words or _role_kind(t.lower_) == "O" for t in span):
        label = "ORG"  # "the Russian Embassy": a body, not a building
    if label == "ORG":
        _as_org(st, span, place_iso)
    elif label in ("GPE", "LOC", "FAC"):
        iso = gz.lookup_place(span.text)
        if iso and acting_place(span):
            _place_actor(st, span, iso)
        elif iso:
            st.place(span.start, span.end, iso)
        elif len(span) == 1 and st.name_like(span):
            st.maybe_names.append((span.start, span.end))
        # an unknown GPE that is no place and no person ("ICBMs") is not an actor


def _role_kind(word: str) -> str:
    return spans.role_kind(word)


def _is_thing(st: State, span: SpacySpan, label: str) -> bool:
    """"U.S. Dollar", "Arms Export Control Act": a thing, not an actor; a web address."""
    if len(span) > 1 and span[-1].lower_ in st.non_actor_heads and label in ("ORG", "PERSON", "FAC"):
        return True
    return any(t.like_url or t.like_email for t in span) or "/" in span.text


def _as_igo(st: State, span: SpacySpan, label: str) -> bool:
    key = gz.norm(span.text)
    igo = gz.igo_index().get(key) or gz.igo_index().get(key.replace(".", ""))
    if not igo:
        return False
    st.add(Mention(span.start, span.end, "igo", igo.id, sector=igo.sector, name=igo.name, head=span.root.i,
                   slot=igo.slot))
    return True


def _generic_words(st: State, span: SpacySpan) -> Optional[list[str]]:
    """The words of a body named by common nouns only ("the Senate", "Congress", "the National
    Assembly", "Supreme Court"), or None for a proper name."""
    words = [t.lower_ for t in span if t.lower_ != "the"]
    if not words or len(words) > 3:
        return None
    head = gz.singular(words[-1])
    if _role_kind(head) != "O" and " ".join(words) not in st.national_bodies:
        return None
    known = all(w in gz.role_index() or gz.singular(w) in gz.role_index() or w in st.generic_modifiers
                for w in words)
    return words if known else None


def _as_generic_body(st: State, span: SpacySpan, label: str) -> bool:
    """A body named by common nouns is of the country that owns it ("the Philippine Senate"), else
    of the article's country (set once every name is read: see :func:`generic_bodies`)."""
    if label != "ORG" or _generic_words(st, span) is None:
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in _IN_PLACE and root.head.lower_ not in ("from", "to"):
        return False  # "in Congress": where, not who
    if root.dep_ == "pobj" and root.head.lower_ == "of" and _role_kind(gz.singular(root.head.head.lower_)) == "P":
        return True  # "Secretary of State": part of a title (described in pass 3), no body
    st.generic.append((span.start, span.end))
    return True


def generic_bodies(st: State) -> None:
    """The bodies named by common nouns, now that the article's country is known: the owner's
    country, else the article's, else the one the gazetteer gives the name ("Congress": USA)."""
    doc = st.doc
    for start, end in st.generic:
        if not st.free(start, end):
            continue
        if start and doc[start - 1].lower_ == "the" and st.taken[start - 1] is None:
            start -= 1  # "the Senate": named as the text names it
        span = doc[start:end]
        words = _generic_words(st, span) or [t.lower_ for t in span]
        known = gz.org_index().get(" ".join(words)) or None
        seat = gz.seat_index().get(" ".join(words))
        iso = _owner_country(st, span) or st.story_country or (known.country if known else None) or (
            seat[0] if seat else None)
        sector = sector_of_words(words) or (known.sector if known else None)
        ident = "-".join(x for x in (gz.iso2(iso) or "", slug(" ".join(words))) if x).lower()
        named_as_name = span[0].lower_ != "the" and not all(t.is_lower for t in span if t.is_alpha)
        name = span.text if named_as_name else st.proper_name(start, end, iso)  # "the Senate", "government"
        st.add(Mention(start, end, "org", ident, iso3=iso, sector=sector, name=name, head=span.root.i))


def _as_own_body(st: State, span: SpacySpan, label: str) -> bool:
    """A body of the project's own table: its names are synonyms, one actor."""
    org = gz.org_index().get(gz.norm(span.text))
    if not org or org.source != "cablegram" or (len(span) == 1 and span[0].is_lower):
        return False
    start = span.start + (span[0].lower_ == "the" and len(span) > 1)
    words = st.doc[start:span.end].text
    # named as the text names it when that is a name of its own ("Facebook" in 2019, not "Meta");
    # an acronym or a short form is spelt out ("NATO": North Atlantic Treaty Organization)
    acronym = not any(c.islower() for c in words) or len(words.replace(".", "")) <= 4
    st.add(Mention(span.start, span.end, "org", org.id, iso3=org.country, sector=org.sector,
                   name=org.name if acronym else words, head=span.root.i, org_kind=org.kind, slot=org.slot))
    return True


def _as_body(st: State, span: SpacySpan, label: str) -> bool:
    """A body of the dictionary: its country and sector; the actor is named as the text names it
    (the dictionary files sub-bodies under one code: "Pentagon", "CENTCOM" are USAMIL)."""
    org = gz.org_index().get(gz.norm(span.text))
    if not org or (len(span) == 1 and span[0].is_lower):
        return False
    if org.source == "cablegram":
        return _as_own_body(st, span, label)
    start = span.start + (span[0].lower_ == "the" and len(span) > 1)
    name = st.doc[start:span.end].text
    ident = "-".join(x for x in (gz.iso2(org.country) or "", slug(name)) if x).lower()
    st.add(Mention(start, span.end, "org", ident, iso3=org.country, sector=org.sector, name=name,
                   head=span.root.i, org_kind=org.kind, slot=org.slot))
    return True


def _as_country(st: State, span: SpacySpan, label: str) -> bool:
    text, key = span.text, gz.norm(span.text)
    iso = gz.lookup_country(text) if key[:1] and text.removeprefix("the ")[:1].isupper() else None
    if not iso or not (label in ("GPE", "NORP", "LOC", "ORG", "FAC") or (
            label == "PERSON" and (len(span) > 1 or key in gz.demonym_index()))):
        return False
    if not ethnic_group(st, span):
        st.add(Mention(span.start, span.end, "country", iso, iso3=iso, head=span.root.i))
    return True


def _as_seat(st: State, span: SpacySpan, label: str) -> bool:
    seat = gz.seat_index().get(gz.norm(span.text))
    if not seat or not (label in ("GPE", "LOC", "ORG", "FAC") or (label == "PERSON" and len(span) == 1)):
        return False
    seats.seat(st, span.start, span.end, seat)  # "Kyiv would respond": a capital spaCy took for a name
    return True


def _as_known_person(st: State, span: SpacySpan, label: str) -> bool:
    """A name the dictionary knows as a person, whatever spaCy's label ("Kassym-Jomart Tokayev"
    tagged ORG); a lone surname only when one known person bears it."""
    if label not in _NAME_LABELS or not st.name_like(span):
        return False
    if len(span) >= 2 and dictionary.person(span.text):
        st.add(Mention(span.start, span.end, "person", span.text, head=span.root.i, name=span.text))
        return True
    if len(span) == 1 and label in ("ORG", "GPE") and gz.lookup_place(span.text) is None \
            and dictionary.by_surname(span.text, st.published) is not None and _role_kind(span[0].lower_) == "":
        st.add(Mention(span.start, span.end, "person", span.text, head=span.root.i, name=span.text))
        return True
    return False


def _as_titled_person(st: State, span: SpacySpan, label: str) -> bool:
    """"Presidential Spokesperson Harry Roque" tagged ORG: a title of role words, then a name of
    two words or more; the person's mention keeps the title (its role, see :mod:`.titles`)."""
    if label not in ("ORG", "GPE", "FAC") or len(span) < 3:
        return False
    given = gz.gender()["names"]["m"] | gz.gender()["names"]["f"]
    k = next((t.i for t in span[1:-1] if t.lower_ in given), None)  # where the name starts: a given name
    if k is None or not st.name_like(span.doc[k:span.end]) \
            or not any(_role_kind(gz.singular(t.lower_)) == "P" for t in span.doc[span.start:k]):
        return False
    st.add(Mention(k, span.end, "person", span.doc[k:span.end].text, head=span.root.i,
                   name=span.doc[k:span.end].text))
    return True


def _as_company(st: State, span: SpacySpan, label: str) -> bool:
    """A company: a corporate suffix ("Aton Ltd"), or a company noun beside the name ("oil giant
    Yukos", "Yukos, the oil company", "the Aton brokerage"), whatever spaCy's label."""
    if label not in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    sector = _company_context(st, span)
    if sector is None:
        return False
    st.add(Mention(span.start, span.end, "org", slug(span.text), sector=sector, name=span.text, head=span.root.i,
                   org_kind="company" if sector == "BUS" else "org"))
    return True


def _company_context(st: State, span: SpacySpan) -> Optional[str]:
    doc = st.doc
    if span[-1].lower_.rstrip(".") in st.company_suffixes:
        return "BUS"
    root = span.root
    near = [root.head] if root.dep_ in ("compound", "appos", "nmod") and root.head.i >= span.end else []
    near += [c for c in root.children if c.dep_ in ("compound", "appos", "amod", "nmod")
             and not (span.start <= c.i < span.end)]
    if root.dep_ == "appos" and root.head.i < span.start:
        near.append(root.head)
    for t in near:
        role = gz.role_index().get(gz.singular(t.lower_))
        if role is not None and role.kind == "O" and role.sector == "BUS" and t.pos_ in ("NOUN", "PROPN"):
            return "BUS"
    if span.end < len(doc) and doc[span.end].lower_ in st.company_followers:
        return "BUS"  # "Yukos shares"
    return None


def _as_misspelt_country(st: State, span: SpacySpan, label: str) -> bool:
    """"Kazahks": a demonym or country one letter away, tagged as a group, a place or (in the
    plural) a person."""
    if len(span) != 1 or not (label in ("NORP", "GPE") or (label == "PERSON" and span.text.endswith("s"))):
        return False
    if dictionary.by_surname(span.text, st.published) is not None:
        return False
    iso = gz.fuzzy_country(span.text)
    if iso is None:
        return False
    st.add(Mention(span.start, span.end, "country", iso, iso3=iso, head=span.root.i))
    return True


def _as_place_name(st: State, span: SpacySpan, label: str) -> bool:
    """A place of the gazetteer spaCy took for a name or a body ("in Bethlehem", "Puerto Penasco"
    alone on a line): a place where it locates, its people where it acts."""
    if label not in ("ORG", "PERSON") or len(span) > 3 or any(t.lower_ in st.org_words for t in span):
        return False
    key = gz.norm(span.text)
    iso = gz.city_index().get(key) or gz.region_index().get(key)
    if iso is None or dictionary.person(span.text) or gz.org_index().get(key):
        return False
    root = span.root
    locative = root.dep_ == "pobj" and root.head.lower_ in _IN_PLACE
    possessive_place = (root.dep_ == "poss" and label == "ORG") or (
        root.dep_ == "compound" and root.head.lower_ in st.place_nouns)
    if fragment_root(root):
        _place_actor(st, span, iso)
        return True
    if not (locative or possessive_place):
        return False
    st.place(span.start, span.end, iso)
    return True


def acting_place(span: SpacySpan) -> bool:
    """A town or region that acts or is acted on ("Mariupol was shelled", a line naming it alone),
    not one that locates ("in Mariupol")."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass", "dobj") or fragment_root(root)


def _place_actor(st: State, span: SpacySpan, iso: str) -> None:
    """A town or region as an actor: its people (PLOVER CVL), of its country; a country or a
    capital acting is the country itself (see :mod:`.seats`)."""
    if gz.lookup_country(span.text):
        st.add(Mention(span.start, span.end, "country", iso, iso3=iso, head=span.root.i))
        return
    ident = "-".join(x for x in (gz.iso2(iso) or "", slug(span.text)) if x).lower()
    st.place(span.start, span.end, iso)
    st.add(Mention(span.start, span.end, "group", ident, iso3=iso, sector="CVL", name=span.text, head=span.root.i))


def _as_person(st: State, span: SpacySpan, label: str) -> bool:
    if label != "PERSON":
        return False
    text = span.text
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE - {"of", "from", "with"} \
            and not person_context(st, span, "GPE") and (
            gz.lookup_place(text) or root.head.lower_ in ("in", "near", "into", "outside", "inside")):
        iso = gz.lookup_place(text)
        if iso:
            st.place(span.start, span.end, iso)
        return True  # "in Baracoa": a place spaCy took for a name
    if st.name_like(span):
        st.add(Mention(span.start, span.end, "person", text, head=root.i, name=text))
    return True


def _as_person_in_context(st: State, span: SpacySpan, label: str) -> bool:
    if label not in ("ORG", "GPE", "LOC", "FAC") or not st.name_like(span) or not person_context(st, span, label):
        return False
    st.add(Mention(span.start, span.end, "person", span.text, head=span.root.i, name=span.text))
    return True


def _as_org(st: State, span: SpacySpan, place_iso: Optional[str]) -> None:
    doc = st.doc
    start, end = span.start, span.end
    words = [t.lower_ for t in span]
    if all(w in gz.role_index() or gz.singular(w) in gz.role_index() for w in words):
        return  # "Defense" in "Defense Minister": part of a title
    if span[0].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].pos_ in ("ADP", "CCONJ", "PUNCT", "DET"):
        end -= 1  # "Control Centre of": a cut-off name
    if start >= end:
        return
    span = doc[start:end]
    if len(span) == 1 and (span[0].is_lower or span[0].is_stop or span[0].lower_ in gz.role_index()
                           or gz.singular(span[0].lower_) in gz.role_index() or span[0].pos_ == "NOUN"):
        return  # "House", "Command", "al": a common word, not a name
    iso, sector = org_facts(st, span)
    iso = iso or _owner_country(st, span)
    if len(span) == 1 and st.name_like(span):
        st.maybe_names.append((start, end))
    name = span.text
    if all(t.is_lower or not t.is_alpha for t in span):  # a description tagged as a name
        iso = iso or _of_country(st, end)  # "the ministry of internal affairs of Belarus"
        name = st.proper_name(start, end, iso)
    st.add(Mention(start, end, "org", slug(span.text), iso3=iso or place_iso, sector=sector, name=name,
                   head=span.root.i, slot=None if iso or place_iso else gz.igo_prefix_slot(span)))


def _of_country(st: State, end: int) -> Optional[str]:
    """The country named right after a body's words ("... of Belarus")."""
    doc = st.doc
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1 + (doc[end + 1].lower_ == "the")
        if k < len(doc) and doc[k].ent_type_ == "GPE":
            return gz.lookup_country(doc[k].text)
    return None


def _owner_country(st: State, span: SpacySpan) -> Optional[str]:
    """"Pakistan's Foreign Ministry", "Ecuador's Ombudsman's Office": the country that owns the
    body, through its possessive or compound modifiers."""
    cur, steps = span.root, 0
    while steps < 3:
        owner = next((c for c in cur.children if c.dep_ in ("poss", "compound") and c.i < cur.i), None)
        if owner is None:
            return None
        m = st.taken[owner.i]
        if m is not None and m.kind == "country" and m.iso3:
            return m.iso3
        if st.place_at[owner.i]:
            return st.place_at[owner.i]
        cur, steps = owner, steps + 1
    return None


def org_facts(st: State, span: SpacySpan) -> tuple[Optional[str], Optional[str]]:
    """A body's country from a country, city or region inside its name ("Madras High Court",
    "Kano State government"); its sector from its own organisation words ("General Election" is
    no army)."""
    iso = None
    for t in span:
        iso = iso or gz.lookup_country(t.text)
    if iso is None:
        iso = _place_inside(span)
    words = [t.lower_ for t in span]
    matches = [r for _, _, r in role_matches(words) if r.kind in ("O", "M") or r.strong]
    return iso, (sector_of_words(words) if matches else None)


def _place_inside(span: SpacySpan) -> Optional[str]:
    """The country of the longest capitalised place run inside a name ("Madras High Court", "Kano
    State government", "... Alliance Northern Territory"); a one-word town only before the name's
    last word (a body is no town: "Alliance")."""
    toks = list(span)
    for n in range(min(3, len(toks) - 1), 0, -1):
        for i in range(0, len(toks) - n + (n > 1)):
            run = toks[i:i + n]
            if not all(t.text[:1].isupper() for t in run):
                continue
            key = gz.norm(span.doc[run[0].i:run[-1].i + 1].text)
            iso = gz.region_index().get(key) or (gz.seat_index().get(key) or (None,))[0] or (
                gz.city_index().get(key) if n > 1 or i + n < len(toks) - 1 else None)
            if iso:
                return iso
    return None


def person_context(st: State, span: SpacySpan, label: str) -> bool:
    """Is this capitalised phrase (tagged ORG/GPE) used as a person? A title before it, a
    person-role appositive after it ("Du Hyeogn Cha, an analyst at ..."), or, for a
    GPE that is no known place, being the one who speaks ("Hong Min said")."""
    doc = st.doc
    if len(span) < 2 and not _particle_name(span):
        return False
    if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in st.honorifics:
        return True
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return False
    if any(child.dep_ == "appos" and child.i > root.i and st.role_head(child) for child in root.children):
        return True
    if _role_appositive_after(st, span):
        return True
    return (label in ("GPE", "LOC") or _particle_name(span)) and root.dep_ == "nsubj" and root.head.lemma_ in st.speech


def _particle_name(span: SpacySpan) -> bool:
    """"al-Sadr", "bin Salman": a name with an Arabic (or other) particle."""
    return any(t.lower_ in gz.special()["name_particles"] for t in span)


def _role_appositive_after(st: State, span: SpacySpan) -> bool:
    """"X, an analyst at Y, said" when the parse attaches the role elsewhere."""
    doc = st.doc
    if span.end + 3 >= len(doc) or doc[span.end].text != ",":
        return False
    j = span.end + 1
    if doc[j].pos_ == "DET":
        j += 1
    while j < len(doc) and doc[j].pos_ == "ADJ":
        j += 1
    return j + 1 < len(doc) and st.role_head(doc[j]) and doc[j + 1].lower_ in ("at", "of", "with", "for")


def gazetteer_phrases(st: State) -> None:
    """Names spaCy did not tag (or tagged as a date or a number): countries, demonyms, seats,
    IGOs, bodies and known people."""
    doc = st.doc
    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in NON_ACTOR_ENTS or ent.label_ in ("PERSON", "ORG", "LOC", "FAC"):
            for i in range(ent.start, ent.end):
                blocked[i] = True
    for start, end, label in st.names.find(blocked):
        if any(blocked[start:end]) or not st.free(start, end):
            continue
        span = doc[start:end]
        if furniture.is_furniture(span.text, st.own_names):
            continue
        if label in ("IGO", "ORG"):
            _as_igo(st, span, label) or _as_own_body(st, span, label) or (
                gz.seat_index().get(gz.norm(span.text)) and _as_seat(st, span, "ORG")) or _as_body(st, span, label)
        elif label in ("COUNTRY", "DEMONYM"):
            iso = gz.lookup_country(span.text)
            if iso and not ethnic_group(st, span):
                st.add(Mention(start, end, "country", iso, iso3=iso, head=span.root.i))
        elif label == "SEAT" and gz.seat_index().get(gz.norm(span.text)):
            seats.seat(st, start, end, gz.seat_index()[gz.norm(span.text)])
        elif label == "PERSON" and dictionary.person(span.text):
            st.add(Mention(start, end, "person", span.text, head=span.root.i, name=span.text))
        elif label == "REGION" and span.text[:1].isupper():
            st.place(start, end, gz.region_index()[gz.norm(span.text)])  # "Rakhine Buddhists": a place
