"""Walks over spaCy's dependency parse that the events stage's passes share (no actors, no lexicon)."""

from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Span as SpacySpan, Token

MAX_WALK = 12
NOMINAL_UP = {"pobj", "prep", "dobj", "attr", "appos", "conj", "oprd", "npadvmod", "pcomp", "dative", "compound"}


def child(tok: Token, *deps: str) -> Optional[Token]:
    """The first child of ``tok`` attached by one of ``deps``."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions (or passive agent) among ``preps`` governed by ``tok``."""
    preps = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            out += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
    return out


def is_relative(tok: Token) -> bool:
    return tok.tag_ in ("WDT", "WP", "WP$") or tok.lower_ in ("that", "which", "who", "whom")


def is_passive(verb: Token) -> bool:
    """A passive clause, or a participle modifying a noun ("resolutions, supported by Russia,"), or a
    participle coordinated with a passive that has no subject or auxiliary of its own ("who was
    arrested and banned from the election")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if (verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head is not verb
            and not any(c.dep_ in ("nsubj", "aux", "expl") for c in verb.children)):
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def antecedent(rel: Token) -> Optional[Token]:
    """The noun a relative pronoun stands for when the parser left the clause unattached."""
    j = rel.i - 1
    doc = rel.doc
    while j >= rel.sent.start and doc[j].is_punct:
        j -= 1
    if j < rel.sent.start:
        return None
    t = doc[j]
    for _ in range(MAX_WALK):
        if t.head == t or t.head.i > t.i:
            break
        step = t.dep_
        t = t.head
        if step in ("acl", "relcl", "appos") and t.pos_ in ("NOUN", "PROPN"):
            return t
    return doc[j] if doc[j].pos_ in ("NOUN", "PROPN") else None


def governing_verb(tok: Token) -> Optional[tuple[Token, str]]:
    """For an event noun: the verb whose argument it is, and the noun's way in (dep of the last hop)."""
    cur = tok
    for _ in range(MAX_WALK):
        if cur.dep_ not in NOMINAL_UP or cur.head == cur:
            break
        prev, cur = cur, cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur, prev.dep_
    return None


def np_text(tok: Token, limit: int = 14) -> str:
    """A compact text of the noun phrase headed by ``tok`` (relative clauses left out)."""
    toks = list(tok.subtree)
    cut = {t.i for c in tok.children if c.dep_ in ("relcl", "acl", "advcl", "punct") and c.i > tok.i for t in c.subtree}
    toks = [t for t in toks if t.i not in cut]
    while toks and (toks[0].pos_ in ("DET", "PUNCT", "CCONJ") or toks[0].dep_ == "poss"):
        toks = toks[1:]
    while toks and toks[-1].pos_ in ("PUNCT", "CCONJ"):
        toks = toks[:-1]
    if not toks:
        return tok.text
    toks = toks[:limit]
    return tok.doc[toks[0].i:toks[-1].i + 1].text


def ent_of(tok: Token) -> Optional[SpacySpan]:
    """The named-entity span a token is in, or None: found from the token's IOB tags, since
    ``doc.ents`` rebuilds the whole list on every access."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=tok.ent_type_)


def coord_root(tok: Token) -> Token:
    """The first conjunct of a coordination ("Iran" in "to Iran, Libya and Cuba")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def verb_of(tok: Token) -> Optional[Token]:
    """The nearest verb governing a token (itself excluded)."""
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 8:
        cur = cur.head
        steps += 1
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return cur if cur.pos_ in ("VERB", "AUX") else None


def is_question(sent: SpacySpan) -> bool:
    """A question ("What does Russia want from North Korea?") asserts no event."""
    return sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?")
