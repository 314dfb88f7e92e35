"""Criticism said of a party: an ACCUSE (disapprove) event of the speaker against the party a quotation
judges ("President Trump treats the rule of law with utter contempt," said Becerra), as event coders
code a speaker's words of blame.

The attribution stage gives the speaker and the content (``doc._.cg_attributions``); a word of
disapproval (``disapproval`` in ``lang/<lang>/triggers.yaml``) in the content judges the doer of its
clause: the actor of the clause's subject, or where the subject only points back ("this is a deeply
dangerous way to govern") the last actor the content names as a subject before it. The one
judged is never the speaker, nor the sufferer of a passive ("was killed in a brutal attack").
"""

from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Doc, Token

from . import lexicon
from .parse import child, is_relative
from .parties import token_actor
from .triggers import Found

ENTRY = {"type": "ACCUSE", "mode": "disapprove", "cameo": "111", "quoted": True}
POINTERS = ("this", "it", "these", "those")  # subjects that point back ("this is a dangerous way to govern")


def found(doc: Doc, actors: dict, taken: set) -> list[Found]:
    """A candidate ACCUSE event for each (speaker, judged party) of the document's attributions; ``taken``
    holds (source, target) pairs already read as ACCUSE events, which are not read again."""
    words = lexicon.triggers()["disapproval"]
    out: list[Found] = []
    for att in doc._.cg_attributions or []:
        if att.speaker not in actors:
            continue
        span = doc.char_span(att.content.start, att.content.end, alignment_mode="expand")
        if span is None:
            continue
        inside = {t.i for t in span}
        for word in span:
            if word.lemma_.lower() not in words and word.lower_ not in words:
                continue
            got = _judged(word, inside, actors)
            if got is None:
                continue
            clause, target = got
            if target == att.speaker or (att.speaker, target) in taken:
                continue
            taken.add((att.speaker, target))
            out.append(Found(word, dict(ENTRY), "ACCUSE", clause, [att.speaker], [target]))
    return out


def _judged(word: Token, inside: set, actors: dict) -> Optional[tuple[Token, str]]:
    """(clause verb, actor) of the party the word judges, None where the content names none."""
    clause = _clause(word)
    if clause is None or clause.i not in inside or child(clause, "nsubjpass") is not None:
        return None
    subj = child(clause, "nsubj")
    if subj is None or subj.i not in inside:
        return None
    who = _actor(subj, actors)
    if who is not None:
        return clause, who
    if is_relative(subj) or subj.lower_ not in POINTERS:
        return None  # "speech that might be illegal": the speech is judged, not whoever is named before
    # "X is trying to use the Queen — this is a deeply dangerous way to govern": the last doer named
    for tok in reversed([t for t in word.sent if t.i < subj.i and t.i in inside]):
        if tok.dep_ == "nsubj" and (who := _actor(tok, actors)) is not None:
            return clause, who
    return None


def _clause(word: Token) -> Optional[Token]:
    """The verb (or copula) whose clause the word is in: up the heads to the first one with a subject."""
    tok = word
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _actor(tok: Token, actors: dict) -> Optional[str]:
    a = token_actor(tok)
    return a if a in actors else None


def pairs(events: Iterator) -> set:
    """(source, target) pairs of ACCUSE events already read."""
    return {(s, t) for e in events if e.type == "ACCUSE" for s in e.source for t in e.target}
