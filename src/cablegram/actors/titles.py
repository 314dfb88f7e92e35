"""Roles of persons: titles before the name ("Russian Defense Minister"), appositives ("X, an
analyst at Y") and "who is" clauses; the appositive phrase as a mention of the person."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Token

from . import gazetteer as gz
from .sectors import former_sector, role_matches, sector_of_words
from .state import Mention, State


_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|X)$")


def _regnal(st: State, title, rest) -> bool:
    """A royal or religious title and one given name, with its number or not ("Elizabeth II")."""
    words = [t.text for t in rest]
    return " ".join(t.lower_ for t in title) in st.special["name_titles"] and (
        len(words) == 1 or (len(words) == 2 and bool(_ROMAN.match(words[1]))))


def extend_person(st: State, m: Mention) -> None:
    """A person's mention with its title: a title spaCy put inside the name ("President Donald
    Trump"), the honorific and the title before it ("Russian Defense Minister", "then-U.S.
    President"), then roles from appositives and clauses."""
    _inner_title(st, m)
    start = m.start
    if start > 0 and st.doc[start - 1].lower_.rstrip(".") in st.honorifics:
        start -= 1  # "Mr."
    title_toks = _title_before(st, start)
    role_words, country, body = _title_parts(st, title_toks)
    igo = next((st.taken[t.i] for t in title_toks if st.taken[t.i] is not None and st.taken[t.i].kind == "igo"), None)
    has_role = any(gz.singular(t.lower_) in gz.role_index() for t in title_toks if st.taken[t.i] is None)
    if has_role:
        m.start = title_toks[0].i
        words = [w.lower() for w in role_words if w.lower() not in _NOT_TITLE]
        m.role = " ".join(w for w in role_words if w.lower() not in _NOT_TITLE) or None
        sector = sector_of_words(words)
        if body is not None and body.sector and not any(r.strong for _, _, r in role_matches(words)):
            sector = body.sector  # "Tory leader": a party role
        if sector and any(w in st.former for w in words):
            sector = former_sector(sector)
        m.role_sector = sector
        m.role_country = country
        if country is None and igo is not None:
            m.slot = igo.slot or "IGO"  # "U.N. mediator Diego Cordovez": an office of an IGO
    elif country is not None and title_toks:
        m.start = title_toks[0].i
        m.role_country = country
    else:
        m.start = start
    if m.role_country is None and has_role:
        m.role_country = _of_country_after(st, m)
    clause_roles(st, m)


def _of_country_after(st: State, m: Mention) -> Optional[str]:
    """The country a titled name is "of" ("King Hassan of Morocco", "President Chirac of France"):
    the country named right after the name, governed by "of" on the name's head."""
    doc = st.doc
    if m.end + 1 >= len(doc) or doc[m.end].lower_ != "of" or doc[m.end].head.i != m.head:
        return None
    k = m.end + 1 + (doc[m.end + 1].lower_ == "the")
    c = st.taken[k] if k < len(doc) else None
    return c.iso3 if c is not None and c.kind == "country" and c.start == k else None


_NOT_TITLE = {"then", "current", "now", "incumbent", "sitting"}
_STOP = (",", ";", ":", "(", ")", "\u201c", "\u201d", '"')
_BREAK_POS = ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ")


def _inner_title(st: State, m: Mention) -> None:
    """A title spaCy put inside the name: its role; the name without it, unless it is a royal or
    religious title before one given name ("Queen Elizabeth II", "Pope Francis")."""
    doc = st.doc
    inner = []
    k = m.start
    while k < m.end - 1 and st.role_head(doc[k]) and doc[k].text[:1].isupper():
        inner.append(doc[k])
        k += 1
    if not inner:
        return
    if _regnal(st, inner, doc[k:m.end]):
        m.name = doc[m.start:m.end].text
    elif m.end - k >= 2:
        m.name = doc[k:m.end].text
        m.start = k
        for t in inner:
            if st.taken[t.i] is m:
                st.taken[t.i] = None
        return
    m.role = " ".join(t.text for t in inner)
    m.role_sector = sector_of_words([t.lower_ for t in inner])


def _title_before(st: State, start: int) -> list[Token]:
    """The title words right before a name: role words, countries and bodies, capitalised
    modifiers, "former", "then-"."""
    doc = st.doc
    title_toks: list[Token] = []
    j = start - 1
    while j >= 0 and start - j <= 8 and _in_title(st, doc[j]):
        title_toks.insert(0, doc[j])
        j -= 1
    while title_toks and title_toks[0].text == "-":
        title_toks.pop(0)
    return title_toks


def _in_title(st: State, t: Token) -> bool:
    if st.skip[t.i] or t.text in _STOP or t.pos_ in _BREAK_POS:
        return False
    covered = st.taken[t.i]
    if covered is not None and (covered.kind not in ("country", "org", "igo") or (covered.kind == "org" and not covered.iso3)):
        return False
    role = gz.role_index().get(gz.singular(t.lower_)) or gz.role_index().get(t.lower_)
    if role is not None and (gz.is_plural(t.lower_) or role.sector == "UNK") and covered is None:
        return False  # "women", "people": not part of a title
    if covered is not None or role is not None or t.text == "-" or t.lower_ in st.former or t.lower_ == "then":
        return True
    return t.pos_ in ("PROPN", "NOUN", "ADJ") and t.head.i >= t.i + 1 and (t.text[:1].isupper() or t.dep_ == "compound")


def _title_parts(st: State, title_toks: list[Token]):
    """(role words, country, body) of a title: "Tory leader" has the Tories' country and sector."""
    role_words: list[str] = []
    country = body = None
    for t in title_toks:
        c = st.taken[t.i]
        if c is not None and c.kind == "country":
            country = country or c.iso3
            continue
        if c is not None and c.kind == "org":
            country = country or c.iso3
            body = body or c
        if t.text != "-":
            role_words.append(t.text)
    return role_words, country, body


def clause_roles(st: State, m: Mention) -> None:
    """Roles from an appositive after the name ("X, an analyst at Y"), a "who is" clause, or an
    appositive before it ("Taiwan's deputy foreign minister, Harry Tseng,"; "the governor's
    spokesman, Y": the owner of the role is Y's affiliation)."""
    for head in role_heads(st, m):
        found = role_phrase(st, head, m)
        if found is None:
            continue
        text, sector, country = found
        if m.role is None:
            m.role, m.role_sector, m.role_country = text, sector, country
        else:
            m.role = m.role + "; " + text
            m.role_sector = m.role_sector or sector
            m.role_country = m.role_country or country
        owner = role_owner(st, head)
        if owner is not None:
            st.owners.append((m, owner))


def role_heads(st: State, m: Mention) -> list[Token]:
    doc = st.doc
    root = doc[m.head]
    out = []
    for c in root.children:
        if c.dep_ == "appos" and c.i > root.i:
            out.append(c)
        elif c.dep_ == "relcl" and c.lemma_ == "be":
            out.extend(a for a in c.children if a.dep_ == "attr")
    if root.dep_ == "appos" and root.head.i < m.start:
        out.append(root.head)  # "the provincial governor's spokesman, Mohammad Arif Nuri"
    return [h for h in out if st.role_head(h)]


def role_phrase(st: State, head: Token, m: Mention) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(text, sector, country) of the role phrase headed by ``head``, the person's own tokens and
    a nested apposition (", a think tank run by ...") left out."""
    doc = st.doc
    toks = [t for t in head.subtree if not (m.start <= t.i < m.end)]
    cut = next((i for i, t in enumerate(toks) if t.text in (",", ";", "(", "\u2014") and t.i > head.i), len(toks))
    role_toks = [t for t in toks[:cut] if t.dep_ != "det" or t.i > head.i]
    while role_toks and role_toks[0].pos_ == "DET":
        role_toks.pop(0)
    role_toks = [t for t in role_toks if t.lower_ != "now" and not (t.pos_ == "ADV" and t.i < head.i)
                 and not (t.is_punct and t.i < head.i)]
    st.role_tokens.update(t.i for t in role_toks)
    if not role_toks:
        return None
    words = [t.lower_ for t in role_toks]
    sector = sector_of_words(words, head=gz.singular(head.lower_)) or sector_of_words([t.lower_ for t in toks])
    if sector and any(w in st.former for w in words):
        sector = former_sector(sector)
    country = None
    for t in toks:
        mm = st.taken[t.i]
        if mm is not None and mm.kind in ("country", "org") and mm.iso3:
            country = mm.iso3
            break
        if st.place_at[t.i]:
            country = st.place_at[t.i]
            break
    return doc[role_toks[0].i:role_toks[-1].i + 1].text, sector, country


def role_owner(st: State, head: Token) -> Optional[Mention]:
    """Whose role it is: a possessive ("Kim's spokesman") or "for"/"of" ("a spokesman for Mr
    Blair") naming a person or a body (a country's is its country's: "Russia's foreign minister")."""
    for c in head.children:
        target = c if c.dep_ == "poss" else None
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "to"):
            target = next((p for p in c.children if p.dep_ == "pobj"), None)
        if target is not None and st.taken[target.i] is not None \
                and st.taken[target.i].kind in ("person", "org", "igo"):
            return st.taken[target.i]
    return None


def appositive_mentions(st: State, m: Mention) -> list[Mention]:
    """The appositive noun phrase ("the former institute director") as a mention of the person."""
    doc = st.doc
    root = doc[m.head]
    out = []
    heads = [c for c in root.children if c.dep_ == "appos" and c.i > root.i and st.role_head(c)]
    if root.dep_ == "appos" and root.head.i < m.start and st.role_head(root.head):
        heads.append(root.head)  # the role named first: "Taiwan's deputy foreign minister, Harry Tseng"
    for c in heads:
        start = min([c.i] + [t.i for t in c.children if t.i < c.i for t in t.subtree])
        if st.taken[c.i] is None and not st.skip[c.i]:  # the owner inside ("Mr Putin's spokesperson") may nest
            out.append(Mention(start, c.i + 1, "appos", m.actor or "", head=c.i))
    return out
