"""Which parties the role model's choice may not take for an event, by the parse: the doer of a
relative clause is its antecedent's phrase, a party of a prevented event is inside its noun, a place
or a reason is no party ("sued in Austria", "faces sanctions over its war in Ukraine"), who faces an
event does not do it, a trigger whose object is no party takes no party named obliquely elsewhere.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from . import lexicon
from .parse import antecedent, child, is_passive, is_relative
from .parties import token_actor
from .triggers import FACED


def may_do(doc: Doc, cand, a) -> bool:
    """In a relative clause whose subject is the relative pronoun ("any website which hosts user
    content", "the US, which is opposed"), only a party of the antecedent's phrase does the act; of
    an event someone prevents ("foil terror attacks"), only a party inside its own phrase."""
    if not in_prevented(doc, cand, a):
        return False
    own = _unattached_antecedent(a.trigger)
    if own is not None:
        return cand.head(doc).i in own
    rel = a.trigger
    for _ in range(3):  # "which is opposed": the adjective's or complement's copula is the clause;
        if rel.dep_ not in ("acomp", "xcomp", "attr", "conj"):  # "acts that advocate X and threaten Y"
            break
        rel = rel.head
    rel = rel if rel.dep_ == "relcl" else None
    subj = child(rel, "nsubj", "nsubjpass") if rel is not None else None
    if rel is None or subj is None or not is_relative(subj) or is_passive(rel):
        return True
    clause = {t.i for t in rel.subtree}
    return cand.head(doc).i in {t.i for t in rel.head.subtree} - clause


def _unattached_antecedent(verb: Token) -> Optional[set]:
    """Token indices of the antecedent's own phrase where the parser left a relative clause
    unattached ("U.N. resolutions, supported by Russia, that ban all arms trade with the country",
    "ban" parsed as the root): the noun and its modifiers, not its other clauses. None otherwise."""
    subj = child(verb, "nsubj")
    if verb.dep_ == "relcl" or subj is None or not is_relative(subj) or subj.lower_ == "what":
        return None
    ante = antecedent(subj)
    if ante is None:
        return None
    clauses = {t.i for c in ante.children if c.dep_ in ("acl", "relcl", "appos", "prep") for t in c.subtree}
    return {t.i for t in ante.subtree} - clauses


def in_own_clause(doc: Doc, cand, a) -> bool:
    """Where the parser left a relative clause unattached ("U.N. resolutions, supported by Russia, that
    ban all arms trade with the country"), its target is in the clause itself (from the relative
    pronoun on), not in the antecedent's phrase or its other clauses ("supported by Russia")."""
    subj = child(a.trigger, "nsubj")
    if subj is None or _unattached_antecedent(a.trigger) is None:
        return True
    return cand.head(doc).i > subj.i


def in_prevented(doc: Doc, cand, a) -> bool:
    """Of an event someone prevents or condemns ("working to foil terror attacks against Israel"),
    the parties are inside the event noun's own phrase, never the one preventing it."""
    trig = a.trigger
    if (trig.pos_ == "NOUN" and trig.dep_ in ("dobj", "pobj") and trig.head.pos_ == "VERB"
            and trig.head.lemma_.lower() in lexicon.triggers()["preventers"]):
        return cand.head(doc).i in {t.i for t in trig.subtree}
    return True


def where(doc: Doc, cand, a) -> bool:
    """A party named as the place of the event ("sued in Austria"), not its recipient: the object of
    a preposition of place on the trigger (or its clause's verb) that the trigger's entry does not
    make a target preposition ("a force in Lebanon" is the force's place, not the event's)."""
    lex = lexicon.triggers()
    head = cand.head(doc)
    for _ in range(3):  # "in the Afghanistan/Pakistan region", "at the Massachusetts Institute"
        if head.dep_ not in ("compound", "amod", "nmod", "poss") or head.head is head:
            break
        head = head.head
    prep = head.head if head.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in lex["place_preps"] or a.type in lex["place_target_types"]:
        return False
    on = prep.head
    # "killed in a US operation in the Afghanistan/Pakistan region": a place of the event's own setting
    if on.dep_ == "pobj" and on.head.lower_ in lex["place_preps"] and on.head.head in (a.trigger, a.clause):
        return True
    return on in (a.trigger, a.clause) and prep.lower_ not in a.to


def why(doc: Doc, cand, a) -> bool:
    """A party named in the reason or occasion of the event ("faces sanctions over its war in Ukraine",
    "amid protests by students"): the object of a reason preposition on the trigger, its clause or the
    word it is coordinated with, that the trigger's entry does not make a target preposition."""
    reasons = lexicon.triggers()["reason_preps"] - set(a.to)
    on = {a.trigger.i, a.clause.i} | ({a.trigger.head.i} if a.trigger.dep_ == "conj" else set())
    tok = cand.head(doc)
    for _ in range(MAX_UP):
        if tok.head is tok:
            return False
        if tok.lower_ in reasons and tok.dep_ in ("prep", "mark") and tok.head.i in on:
            return True
        if tok.i in on:
            return False
        tok = tok.head
    return False


def undergoes(r) -> set:
    """Who the parse says undergoes an event named as what they face ("Russia faces sanctions"): never
    its source."""
    t = r.found.trigger
    return set(r.found.target) if t.dep_ == "dobj" and t.head.lemma_.lower() in FACED else set()


def object_named(r) -> Optional[set]:
    """Token indices a target named in a prepositional phrase must be in where the trigger's own object
    (or infinitive complement) names who or what it acts on and that is no party ("posted on Instagram
    to thank supporters", "whom she met while studying at MIT"): the trigger's phrase only. None where
    any party may be the target. An argument of another verb may still be ("opened fire to disperse demonstrators, killing one
    person": the person is one of them)."""
    f = r.found
    if (f.trigger.pos_ != "VERB" or f.entry.get("obj", True) is False or f.entry.get("unlisted") or f.target
            or r.type in lexicon.triggers()["place_target_types"]):  # "blocking roads": not whom they protest
        return None
    # "promised to conduct new elections", "committed to getting Britain out of the EU"
    obj = child(f.trigger, "dobj") or child(f.trigger, "xcomp") or next(
        (p for c in f.trigger.children if c.dep_ == "prep" for p in c.children
         if p.dep_ == "pcomp" and p.pos_ == "VERB"), None)
    if obj is None or token_actor(obj) is not None:
        return None
    return {t.i for t in f.trigger.subtree}


def oblique(tok: Token, trigger: Token) -> bool:
    """A party named in a prepositional phrase ("at MIT") or as the object of a verb the trigger's
    clause serves ("used Instagram to thank supporters"), not as another clause's argument."""
    for _ in range(3):
        if tok.dep_ not in ("compound", "amod", "nmod", "poss", "det", "appos") or tok.head is tok:
            break
        tok = tok.head
    return tok.dep_ == "pobj" or (tok.dep_ in ("dobj", "dative") and tok.head in trigger.ancestors)


MAX_UP = 8  # how far up the parse a party's phrase is walked


def attributive(trigger: Token) -> bool:
    """A participle modifying a noun ("other sanctioned countries"): the noun is what undergoes it, its
    doer is unnamed; the parse rules' reading stands, the role model would pick any party near."""
    return trigger.dep_ == "amod" and trigger.tag_ == "VBN"
