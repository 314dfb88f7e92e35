"""Who the parse says takes part in an event: the actors of a verb's subject, objects and
prepositional phrases, of a noun's possessor, of a relative clause's antecedent.

Actors are read off the Doc only: ``Token._.cg_np_actor`` (the actor of the noun phrase a token
heads or sits in), else ``Token._.cg_actor``; places by ``Token._.cg_place``. These parse rules are the role model's features and its fallback.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from . import lexicon
from .parse import MAX_WALK, antecedent, child, is_passive, is_relative, prep_objects

OBJ_CONTROL = {"ask", "urge", "order", "invite", "allow", "press", "tell", "force", "prompt", "help", "encourage",
               "persuade", "push", "call", "request", "require", "expect", "want", "need"}
ORIGIN_DEPS = {"compound", "amod", "poss", "nmod"}
DEEP_PREPS = ("of", "from", "with", "to", "for", "against", "on", "by")


FIRST_PERSON = "cg_first_person"  # ``doc.user_data`` key: token index -> actor id of a quote's speaker


def token_actor(tok: Token) -> Optional[str]:
    """The actor of the noun phrase the token is in, as the actors stage wrote it on the Doc; a
    first-person pronoun inside a direct quotation is its speaker ("I thank John", said Trump)."""
    ext = tok._
    return ext.cg_np_actor or ext.cg_actor or tok.doc.user_data.get(FIRST_PERSON, {}).get(tok.i)


def first_person(doc, actors: dict) -> dict[int, str]:
    """Token index -> speaker of every first-person pronoun ("I", "we"; not a possessive: "our heritage"
    is no party) inside the content of a direct quotation whose speaker the attribution stage named:
    the actors stage runs before the speakers are known, so it leaves these pronouns without an actor."""
    words = lexicon.triggers()["first_person"]
    out: dict[int, str] = {}
    for att in doc._.cg_attributions or []:
        if att.kind == "indirect" or att.speaker not in actors:
            continue
        span = doc.char_span(att.content.start, att.content.end, alignment_mode="expand")
        for tok in span if span is not None else ():
            if tok.lower_ in words and tok.pos_ == "PRON" and tok.dep_ != "poss" and not (tok._.cg_np_actor or tok._.cg_actor):
                out[tok.i] = att.speaker
    return out


def token_place(tok: Token) -> Optional[str]:
    """ISO3 of the country of the place name the token is in, as the actors stage wrote it."""
    return tok._.cg_place


def aid(tok: Token, actors: dict) -> Optional[str]:
    a = token_actor(tok)
    return a if a and a in actors else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def arg_actors(tok: Token, actors: dict, depth: int = 0, modifiers: bool = True) -> list[str]:
    """Actors an argument headed by ``tok`` stands for, one per coordinated member."""
    if depth > MAX_WALK:
        return []
    out: list[str] = []
    a = aid(tok, actors)
    if a:
        out.append(a)
    elif modifiers and tok.pos_ in ("NOUN", "PROPN", "PRON"):
        out += [ca for c in tok.children if c.dep_ in ORIGIN_DEPS and c.i < tok.i for ca in [aid(c, actors)] if ca]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("like", "including", "as"):
            out += [a for p in c.children if p.dep_ == "pobj" for a in arg_actors(p, actors, depth + 1)]
        elif c.dep_ == "conj" or (c.dep_ == "appos" and not out):
            out += arg_actors(c, actors, depth + 1, modifiers)
    return _unique(out)


def deep_actors(tok: Token, actors: dict, depth: int = 0) -> list[str]:
    """Actors of an object phrase: its head, else its modifiers, else actors inside its PPs
    ("asylum to five Panamanian army officers", "an offer from Afghanistan")."""
    found = arg_actors(tok, actors)
    if found or depth >= 3:
        return found
    preps = DEEP_PREPS + ("in",) if tok.dep_ == "dobj" else DEEP_PREPS  # "resume attacks in Israel"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    found += [a for a in deep_actors(p, actors, depth + 1) if a not in found]
    return found


def place_actor(tok: Token, actors: dict) -> list[str]:
    """The country actor (if the document has it) of a place name ("traveled to Pyongyang")."""
    iso = token_place(tok)
    return [iso] if iso and iso in actors else []


def subjects(verb: Token, actors: dict, depth: int = 0) -> list[str]:
    """The actors doing what ``verb`` says: subject, agent, controller or antecedent."""
    if depth > MAX_WALK:
        return []
    if is_passive(verb):
        return [a for p in prep_objects(verb, ("by",)) for a in arg_actors(p, actors)]
    subj = child(verb, "nsubj", "csubj", "expl")
    if subj is not None and is_relative(subj) and verb.dep_ not in ("relcl", "acl"):
        ante = antecedent(subj)
        return arg_actors(ante, actors) if ante is not None else []
    if subj is not None and not is_relative(subj) and subj.dep_ != "expl":
        found = arg_actors(subj, actors)
        if found or subj.pos_ != "PRON":
            return found
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ in ("relcl", "acl") or (subj is not None and is_relative(subj)):
        return arg_actors(head, actors) if head.pos_ in ("NOUN", "PROPN", "PRON") else subjects(head, actors, depth + 1)
    return _controller(verb, subj, actors, depth)


def _controller(verb: Token, subj: Optional[Token], actors: dict, depth: int) -> list[str]:
    """The subject of a clause without its own: the controller of an infinitive ("asked Kim to
    send"), the subject of the verb a conjunct or participle hangs on."""
    head = verb.head
    aux = child(verb, "aux")
    infinitive = verb.dep_ in ("advcl", "ccomp") and aux is not None and aux.lower_ == "to" and subj is None
    participle = verb.dep_ == "advcl" and verb.tag_ == "VBG" and subj is None  # "…, asking voters to vote"
    if verb.dep_ == "xcomp" or infinitive or participle:
        if verb.dep_ == "xcomp" and head.lemma_ in OBJ_CONTROL:
            obj = child(head, "dobj")
            found = arg_actors(obj, actors) if obj is not None else []
            if found:
                return found
        if head.pos_ in ("NOUN", "PROPN"):
            return arg_actors(head, actors)
        if head.pos_ == "ADJ":
            return subjects(head.head, actors, depth + 1) if head.head != head else []
        return subjects(head, actors, depth + 1)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects(head, actors, depth + 1)
    if verb.dep_ == "acomp" or head.pos_ == "ADJ":
        return subjects(head, actors, depth + 1)
    return []


def plural_antecedents(verb: Token, actors: dict) -> list[str]:
    """"They met": for a reciprocal verb whose subject is a bare plural pronoun the actors stage
    left unresolved, the two last-named distinct actors of one type in the previous sentence."""
    subj = child(verb, "nsubj")
    if subj is None or subj.lower_ not in ("they", "both") or aid(subj, actors):
        return []
    sent = verb.sent
    if sent.start == 0:
        return []
    prev = verb.doc[sent.start - 1].sent
    seen = _unique([a for t in reversed(prev) for a in [aid(t, actors)] if a])
    if len(seen) < 2:
        return []
    for kind in dict.fromkeys(getattr(actors[a], "type", None) for a in seen):
        same = [a for a in seen if getattr(actors[a], "type", None) == kind]
        if len(same) >= 2:
            return same[:2][::-1]
    return []


def purpose_targets(verb: Token, actors: dict) -> list[str]:
    """"tests to protest U.S. moves": the one a purpose clause acts against is the target."""
    against = lexicon.triggers()["against"]
    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in against:
            d = child(c, "dobj")
            if d is not None:
                return arg_actors(d, actors)
    return []
