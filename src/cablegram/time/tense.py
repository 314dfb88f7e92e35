"""The tense of the clause a time expression sits in: it decides whether "Monday" or "in July" is the
one before or the one after publication."""

from __future__ import annotations

import functools
from typing import Optional

from spacy.tokens import Token

from .. import lang as language
from .lexicon import lexicon


def _words(key: str) -> frozenset[str]:
    return _words_of(key, language.active())


@functools.cache
def _words_of(key: str, lang: str) -> frozenset[str]:
    return frozenset(lexicon()[key])


def clause_verb(tok: Token) -> Optional[Token]:
    """The verb whose clause holds the token, walking up at most eight heads; None when the token
    modifies a noun first ("a ceremony on March 12", "a June agreement": the verb's tense says little about it)."""
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and \
            tok.head.ent_type_ not in ("DATE", "TIME"):
        return None  # "under a June agreement": a date naming a thing, not when the clause happens
    verb = tok
    for step in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT" or verb.head.i == verb.i:
            break
        if step and verb.pos_ in ("NOUN", "PROPN") and verb.dep_ not in ("npadvmod", "tmod", "pobj") \
                and verb.ent_type_ not in ("DATE", "TIME"):
            return None
        verb = verb.head
    return verb if verb.pos_ in ("VERB", "AUX") else None  # a nominal root ("Kim's visit next week")


def _infinitive_tense(verb: Token) -> tuple[bool, Optional[str]]:
    """"is expected to travel", "plans to visit": future after such heads; else the head's tense
    (``(False, None)`` when the infinitive has no verb or adjective to take it from)."""
    head = verb.head
    if head.lemma_ in _words("future_heads") or head.head.lemma_ in _words("future_heads"):
        if any(a.lower_ == "had" for h in (head, head.head) for a in h.children if a.dep_ in ("aux", "auxpass")):
            return True, "past"  # "had been due to expire Friday": the plan lay ahead of a past time
        return True, "future"
    if head.pos_ in ("VERB", "AUX", "ADJ"):
        t = clause_tense(head) if head.i != verb.i else None
        return True, "future" if t in ("present", "future") else t
    return False, None


def clause_tense(tok: Token) -> Optional[str]:
    """past | present | future of the clause a token sits in (from its verb and auxiliaries)."""
    verb = clause_verb(tok)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _words("future_auxes"):
        return "future"
    if "to" in words:
        decided, t = _infinitive_tense(verb)
        if decided:
            return t
    if words & _words("modal_auxes"):
        if verb.tag_ == "VBN" and words & {"have", "'ve"}:
            return "past"  # "may have been", "could have left"
        return None if words <= _words("ability_modals") else "future"
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and (words & {"has", "have", "had", "'ve", "'s"} or
                               not auxes and verb.dep_ in ("acl", "relcl", "advcl", "amod")):
        return "past"  # "has met", "the year ended March 31", "the deal signed Monday"
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future" if verb.lemma_ in _words("planned_motion_verbs") else "present"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None
