"""Pass 3, described actors: role nouns with a country ("U.S. officials", "a U.S. official",
"South Korea's spy agency") and source nouns ("experts")."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ..ids import slug
from . import gazetteer as gz
from .state import ARGUMENT_DEPS, Mention, State


def described(st: State) -> None:
    doc = st.doc
    roles = gz.role_index()
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or st.skip[tok.i]:
            continue
        if st.taken[tok.i] is not None:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].dep_ == "compound" and doc[tok.i + 1].head.i > tok.i \
                and doc[tok.i + 1].pos_ in ("NOUN", "PROPN"):
            continue  # not the head of its compound
        sing = gz.singular(tok.lower_)
        # the longest role phrase ending at this token
        phrase, first = None, tok.i
        for n in range(min(gz.max_role_len(), tok.i + 1), 0, -1):
            words = [doc[j].lower_ for j in range(tok.i - n + 1, tok.i)] + [sing]
            cand = " ".join(words)
            if cand in roles:
                phrase, first = cand, tok.i - n + 1
                break
        if phrase is None:
            continue
        role = roles[phrase]
        if role.kind not in ("P", "G", "O"):
            continue
        if tok.dep_ in ("compound",) and tok.head.i != tok.i:
            continue  # a modifier of a bigger noun ("police station" handled at its head)
        if any(st.taken[j] is not None and st.taken[j].kind == "person" for j in range(first, tok.i + 1)):
            continue
        # a title before a name ("President Vladimir Putin") is part of the person
        if tok.dep_ == "compound" or (tok.head.ent_type_ == "PERSON" and tok.dep_ in ("compound", "amod")):
            continue
        if tok.dep_ in ("attr", "appos", "acomp", "npadvmod", "oprd"):
            continue  # a predicate or apposition describes another actor
        country, cstart = country_modifier(st, tok, first)
        det = st.determiner(tok)
        plural = gz.is_plural(tok.lower_) or role.kind == "G"
        start = min(cstart, first)
        if det is not None and det.i < start:
            start = det.i
        start = extend_modifiers(st, tok, start)
        span = doc[start:tok.i + 1]
        noun = " ".join([doc[j].lower_ for j in range(first, tok.i)] + [tok.lower_])
        if role.source and role.sector == "UNK" and not (
                tok.dep_ in ("nsubj",) and tok.head.lemma_ in st.speech) and any(
                c.dep_ in ("compound", "amod") and c.i < tok.i and st.taken[c.i] is None
                and gz.singular(c.lower_) not in roles for c in tok.children):
            continue  # "water sources" are no informants; "industry sources said" are
        if role.kind in ("P", "G"):
            if plural:
                if not (country or role.source or (role.strong and tok.dep_ in ARGUMENT_DEPS)):
                    continue
                ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
                kind = "anonymous" if role.source else "group"
            elif role.source and det is not None and det.lower_ in ("a", "an", "one", "another"):
                plural_noun = " ".join([doc[j].lower_ for j in range(first, tok.i)] + [pluralise(tok.lower_)])
                ident = "-".join(x for x in (gz.iso2(country) or "", slug(plural_noun)) if x).lower()
                kind = "anonymous"
            elif country and det is not None and det.lower_ in ("the",) or country and det is None:
                ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
                kind = "roleholder"
            else:
                continue
        else:  # an organisation named by description: only with its country
            if not country:
                continue
            ident = "-".join(x for x in (gz.iso2(country) or "", slug(noun)) if x).lower()
            kind = "org"
        sector = role.sector
        st.add(Mention(span.start, span.end, kind, ident, iso3=country, sector=sector,
                          name=span.text if det is None else doc[det.i + 1:tok.i + 1].text, head=tok.i,
                          role=phrase if kind == "roleholder" else None))


def extend_modifiers(st: State, tok: Token, start: int) -> int:
    for c in tok.children:
        if c.i < start and c.dep_ in ("amod", "compound", "nummod", "det", "poss", "nmod") and \
                all(st.doc[j].text not in (",", ";") for j in range(c.i, tok.i)):
            sub = min(t.i for t in c.subtree)
            start = min(start, sub)
    return start


def country_modifier(st: State, tok: Token, first: int) -> tuple[Optional[str], int]:
    """The country a role noun is qualified by: "U.S. officials", "Russia's", "officials in Kyiv"."""
    for c in tok.children:
        if c.i < tok.i and c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
            for t in c.subtree:
                m = st.taken[t.i]
                if m is not None and m.kind in ("country", "org") and m.iso3:
                    return m.iso3, min(x.i for x in c.subtree)
            for t in c.subtree:
                if st.place_at[t.i]:
                    return st.place_at[t.i], min(x.i for x in c.subtree)
    for j in range(first, tok.i):
        m = st.taken[j]
        if m is not None and m.kind == "country" and m.iso3:
            return m.iso3, m.start
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "from") and c.i == tok.i + 1:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = st.taken[p.i]
                    if m is not None and m.kind == "country" and m.iso3:
                        return m.iso3, first
    return None, first


def pluralise(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"
