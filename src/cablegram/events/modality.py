"""How sure an event is reported: the cues of ``data/modality.yaml`` on the trigger's clause and the
clauses that govern it, up to the clause that reports it; and the reporting verb itself."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from . import lexicon
from .parse import MAX_WALK, child, governing_verb
from .parties import arg_actors

STRENGTH = ("negated", "suspected", "proposed", "possible", "expected", "hypothetical")
CHAIN_UP = ("xcomp", "conj", "acomp", "pcomp", "advcl", "prep", "pobj", "dobj", "attr", "oprd")
FUTURE_AUX = ("will", "'ll", "wo", "shall")


def chain(trigger: Token, clause: Token) -> list[Token]:
    """The trigger, then the verbs and nouns that govern it, up to the clause that reports it."""
    toks = [trigger]
    if clause != trigger:
        cur = trigger
        for _ in range(MAX_WALK):
            if cur == clause or cur.head == cur:
                break
            cur = cur.head
            toks.append(cur)
    cur = clause
    for _ in range(MAX_WALK):
        if cur.dep_ not in CHAIN_UP or cur.head == cur:
            break
        if cur.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            break
        cur = cur.head
        toks.append(cur)
    return toks


def reporting_head(trigger: Token, toks: list[Token]) -> Optional[Token]:
    """The reporting verb whose complement holds the event ("officials said that ..."), if any."""
    top = toks[-1]
    reporting = lexicon.modality_cues()["reporting"]
    if top.dep_ in ("ccomp", "parataxis") and top.head != top and top.head.lemma_.lower() in reporting:
        return top.head
    # "X may travel to Russia, a U.S. official said": the frame hangs off the event's clause
    for c in top.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl") and c.lemma_.lower() in reporting \
                and child(c, "nsubj") is not None and child(c, "ccomp") is None and c.i > trigger.i \
                and any(t.is_punct for t in c.doc[top.i:c.i]):
            return c
    return None


def according_to(toks: list[Token], actors: dict) -> list[str]:
    """The actors of an "according to X" on the event's clauses."""
    for v in toks:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for p in to.children:
                        if p.dep_ == "pobj":
                            return arg_actors(p, actors)
    return []


def _reported_hits(rep: Optional[Token]) -> set[str]:
    """"officials suspect ...", "experts doubt ...": the reporting verb's own certainty."""
    if rep is None:
        return set()
    cues, lemma = lexicon.modality_cues(), rep.lemma_.lower()
    for kind in ("suspected", "possible", "expected"):
        if lemma in cues[kind].get("govern", ()):
            return {kind}
    return set()


def _governing_hits(toks: list[Token]) -> set[str]:
    """Cues in the words governing the trigger ("pondering the possibility of", "refused to")."""
    cues = lexicon.modality_cues()
    hits: set[str] = set()
    for i, t in enumerate(toks[1:], start=1):
        lemma = t.lemma_.lower()
        for kind in ("suspected", "proposed", "expected", "possible", "negated"):
            if kind == "negated" and toks[i - 1].dep_ not in ("xcomp", "ccomp"):
                continue  # "refused to meet" negates the meeting; "rejected the proposal" does not
            if lemma in cues[kind].get("govern", ()) or (t.pos_ == "NOUN" and lemma in cues[kind].get("noun", ())):
                hits.add(kind)
        if t.pos_ == "ADJ":
            hits.update(k for k in ("expected", "possible", "suspected") if lemma in cues[k].get("adj", ()))
    return hits


def _child_hits(t: Token, trigger: Token) -> set[str]:
    """Cues among a chain word's children: auxiliaries, negation, adverbs, conditionals, adjectives."""
    cues = lexicon.modality_cues()
    hits: set[str] = set()
    for c in t.children:
        cl, cle = c.lower_, c.lemma_.lower()
        if c.dep_ in ("aux", "auxpass"):
            hits.update(k for k in ("possible", "expected", "hypothetical")
                        if cl in cues[k].get("aux", ()) or cle in cues[k].get("aux", ()))
        elif c.dep_ == "neg" or (c.dep_ == "det" and cl == "no" and t == trigger):
            hits.add("negated")
        elif c.dep_ in ("advmod", "acomp") and (cle in cues["possible"].get("adv", ()) or cl in cues["possible"].get("adv", ())):
            hits.add("possible")
        elif c.dep_ in ("advmod", "acomp") and cl in cues["expected"].get("adv", ()):
            hits.add("expected")
        elif c.dep_ == "mark" and cl in cues["hypothetical"].get("mark", ()):
            hits.add("hypothetical")
        elif c.dep_ == "amod" and t == trigger:
            hits.update(k for k in ("possible", "suspected", "proposed")
                        if cle in cues[k].get("adj", ()) or cl in cues[k].get("adj", ()))
            if cl in ("planned", "upcoming", "expected", "prospective"):
                hits.add("expected" if cl != "prospective" else "possible")
    return hits


def _tense(trigger: Token, clause: Token, toks: list[Token], hits: set[str]) -> Optional[str]:
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for t in toks for c in t.children):
        return "future"
    v = clause if clause.pos_ in ("VERB", "AUX") else trigger
    if v.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in v.children) \
            or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children):
        return "past"
    if v.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in v.children):
        return "present"
    return None


def modality(trigger: Token, clause: Token, entry: dict) -> tuple[str, Optional[str], bool, Optional[Token]]:
    """(modality, tense, negation consumed by the type, reporting verb) of a candidate event.

    A negation the lexicon turns into another type ("did not accept" -> REJECT) is consumed:
    the event is then asserted, of the negated type.
    """
    cues = lexicon.modality_cues()
    toks = chain(trigger, clause)
    rep = reporting_head(trigger, toks)
    hits = _reported_hits(rep) | _governing_hits(toks)
    for t in toks:
        hits |= _child_hits(t, trigger)
    if any(t.pos_ == "ADJ" and t.lemma_.lower() in cues["expected"].get("adj", ()) for t in toks[1:]):
        hits.add("expected")
    tense = _tense(trigger, clause, toks, hits)
    if "hypothetical" in hits and rep is not None and not any(
            c.dep_ == "mark" and c.lower_ in cues["hypothetical"].get("mark", ()) for t in toks for c in t.children):
        # "officials said the planes would meet demand": future in the past, not a condition
        hits.discard("hypothetical")
        hits.add("expected")
        tense = tense or "future"
    consumed = "negated" in hits and bool(entry.get("neg"))
    if consumed:
        hits.discard("negated")
    mod = next((m for m in STRENGTH if m in hits), "asserted")
    return mod, tense, consumed, rep


def intends(trigger: Token, clause: Token) -> bool:
    """An announced intention governs the trigger ("is prepared to lift", "plans to withdraw")."""
    intent = lexicon.modality_cues().get("intent", frozenset())
    return any(t.lemma_.lower() in intent for t in chain(trigger, clause)[1:])


def predicate_modality(tok: Token) -> tuple[str, Optional[str]]:
    """Modality and tense of any predicate (verb or event noun) by the same cues as events.

    Ignores attributions (the claim's frame is the caller's business); used to
    score factuality on corpora whose events are not PLOVER's.
    """
    gov = governing_verb(tok) if tok.pos_ != "VERB" else None
    mod, tense, _, _ = modality(tok, gov[0] if gov else tok, {})
    return mod, tense
