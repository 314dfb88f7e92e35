"""References back by a common noun: "the country", "the isolated country" to the country the
passage is about, and a bare group noun ("protesters") to the group named before with it; and a
body's country from the noun that describes it ("X is the largest company in the Philippines")."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ..ids import slug
from . import gazetteer as gz
from .state import Mention, State


def country_nouns(st: State) -> None:
    """"the country", "the isolated country" -> the country the passage is about.

    A writer says "the country" for a country not named in the same sentence: the one
    country of the previous sentence if there is exactly one, else the most mentioned
    country so far (ties: the most recent).
    """
    doc = st.doc
    nouns = set(st.special["country_nouns"])
    countries = sorted((m.start, m.iso3) for m in st.mentions if m.kind == "country" and m.iso3)
    if not countries:
        return
    sent_of = st.sentence_index()
    counts: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    by_sent: dict[int, set] = {}
    for start, iso in countries:
        by_sent.setdefault(sent_of[start], set()).add(iso)
    # a country's side: its mentions plus those of its people ("Mr. Kim" keeps North
    # Korea in focus)
    # (centering: subjects count double, they are what the passage is about)
    people = sorted((m.start, st.person_country.get(m.actor)) for m in st.mentions
                    if m.kind == "person" and st.person_country.get(m.actor))
    weight = {m.start: (2 if doc[m.head].dep_ in ("nsubj", "nsubjpass") else 1) for m in st.mentions}
    side: dict[str, int] = {}
    ci = pi = 0
    for tok in doc:
        while ci < len(countries) and countries[ci][0] < tok.i:
            iso = countries[ci][1]
            counts[iso] = counts.get(iso, 0) + weight.get(countries[ci][0], 1)
            last_seen[iso] = countries[ci][0]
            ci += 1
        while pi < len(people) and people[pi][0] < tok.i:
            side[people[pi][1]] = side.get(people[pi][1], 0) + weight.get(people[pi][0], 1)
            pi += 1
        if tok.lower_ not in nouns or tok.tag_ not in ("NN",) or st.taken[tok.i] is not None:
            continue
        det = st.determiner(tok)
        if det is None or det.lower_ != "the":
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue
        if any(c.dep_ in ("compound", "nummod", "poss") for c in tok.children):
            continue
        if any(c.dep_ == "amod" and c.lower_ in ("foreign", "other", "small", "large", "same", "whole", "host",
                                                    "first", "next", "last", "neighbouring", "neighboring")
               for c in tok.children):
            continue
        si = sent_of[tok.i]
        here = by_sent.get(si, set())
        prev = by_sent.get(si - 1, set())
        iso = sentence_topic(st, tok, det)
        if iso is None and len(prev) == 1 and not here:
            iso = next(iter(prev))
        elif iso is None and counts:
            score = {k: v + side.get(k, 0) for k, v in counts.items()}
            top = max(score.values())
            iso = max((k for k, v in score.items() if v == top), key=lambda k: last_seen[k])
        if iso and st.free(det.i, tok.i + 1):
            st.add(Mention(det.i, tok.i + 1, "country", iso, iso3=iso, head=tok.i))


def group_nouns(st: State) -> None:
    """"protesters", "some protesters" after "Hong Kong protesters": the group named before with
    that noun and a country, when the article names one such group only (a writer shortens a
    group's name as it shortens a person's)."""
    doc = st.doc
    qualified: dict[str, list[Mention]] = {}  # head noun -> groups with a country, in text order
    bare: dict[str, list[Mention]] = {}  # group id without a country -> its mentions
    for m in sorted(st.mentions, key=lambda m: m.start):
        if m.kind != "group" or not 0 <= m.head < len(doc):
            continue
        noun = gz.singular(doc[m.head].lower_)
        if m.iso3:
            qualified.setdefault(noun, []).append(m)
        elif (m.actor or m.key) == slug(doc[m.head].lower_):
            bare.setdefault(m.actor or m.key, []).append(m)
    if not qualified or not bare:
        return
    renamed: dict[str, str] = {}
    for ident, ms in bare.items():
        before = {(q.actor or q.key) for q in qualified.get(gz.singular(doc[ms[0].head].lower_), [])
                  if q.end <= ms[0].start}
        if len(before) == 1:
            renamed[ident] = next(iter(before))
    if not renamed:
        return
    for m in st.mentions:  # its pronouns too ("They had asked ...")
        ident = m.actor or m.key
        if ident in renamed:
            m.actor = m.key = renamed[ident]
    st.pronoun_at = [renamed.get(a, a) if a else a for a in st.pronoun_at]


_ATTRIBUTE = ("amod", "compound", "nmod", "poss")


def sentence_topic(st: State, tok: Token, det: Token) -> Optional[str]:
    """The country of the most prominent actor named before "the country" in its sentence: the
    country or the person (for their country) nearest the root of the parse ("Buying munitions
    from North Korea would be a violation of U.N. resolutions, supported by Russia, that ban all
    arms trade with the isolated country": North Korea, not Russia, named inside a modifier).
    None when two countries are equally prominent or none is named before it."""
    doc = st.doc
    start = tok.sent.start
    best: dict[str, int] = {}
    for m in st.mentions:
        if not start <= m.start < det.i or not 0 <= m.head < len(doc) or doc[m.head].dep_ in _ATTRIBUTE \
                or (doc[m.head].dep_ == "appos" and doc[m.head].head.ent_type_ in ("GPE", "LOC")):
            continue  # "5000 U.S. troops now in the country", "from Bishkek, Kyrgyzstan": no candidates
        iso = m.iso3 if m.kind == "country" else st.person_country.get(m.actor) if m.kind == "person" else None
        if not iso:
            continue
        depth, cur = 0, doc[m.head]
        while cur.head.i != cur.i and depth < 40:
            cur, depth = cur.head, depth + 1
        best[iso] = min(depth, best.get(iso, depth))
    if not best:
        return None
    top = min(best.values())
    tops = [k for k, v in best.items() if v == top]
    return tops[0] if len(tops) == 1 else None


_WHERE = ("in", "of", "from")


def described_countries(st: State) -> None:
    """A body named without a country takes the one its describing noun gives — a copula's or an
    apposition's noun with a country modifier or "in/of <country>" ("ABS-CBN Corporation is the
    largest television and radio broadcasting company in the Philippines", "Norvane, a Norwegian
    shipping firm"): every mention of that body."""
    doc = st.doc
    found: dict[str, str] = {}
    for m in st.mentions:
        if m.kind != "org" or m.iso3 or not 0 <= m.head < len(doc):
            continue
        head = doc[m.head]
        nouns = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            nouns += [c for c in head.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        for noun in nouns:
            iso = _country_of_noun(st, noun)
            if iso:
                found.setdefault(m.actor or m.key, iso)
                break
    if not found:
        return
    for m in st.mentions:
        ident = m.actor or m.key
        if m.kind == "org" and ident in found and not m.iso3:
            m.iso3 = found[ident]


def _country_of_noun(st: State, noun: Token) -> Optional[str]:
    """The one country a describing noun names: as its modifier or after in/of/from."""
    doc, isos = st.doc, set()
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss"):
            m = st.taken[c.i]
            if m is not None and m.kind == "country" and m.iso3:
                isos.add(m.iso3)
        if c.dep_ == "prep" and c.lower_ in _WHERE:
            for o in c.children:
                m = st.taken[o.i] if o.dep_ == "pobj" else None
                if m is not None and m.kind == "country" and m.iso3:
                    isos.add(m.iso3)
    return next(iter(isos)) if len(isos) == 1 else None
