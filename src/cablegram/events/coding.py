"""PLOVER-style sentence coding: one event type, source and target per sentence, as the PLOVER
gold standard, GDELT, ICEWS and POLECAT code news sentences.

cablegram's events (``extract.py``) are many per sentence, each with the participants the parse
reaches. An event coder wants one record per sentence: the type comes from
:func:`classify.sentence_type` (classifier + parsed events, the main clause's event counting
more); who is source and who target from :mod:`roles` (a model trained on CAMEO source/target
spans); countries from the actors stage, a party's unresolved country taken from a party inside
its phrase or from the sentence's one country. Parties coordinated as subject of a reciprocal
act ("X and Y agreed") are a compound actor without a recipient.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span as SpacySpan

from ..schema import Analysis, Event
from . import classify, lexicon, roles


def country(analysis: Analysis, actor_id: Optional[str]) -> Optional[str]:
    """ISO3 (or the CAMEO IGO slot) of an actor, None where unknown."""
    return roles.country_of(analysis.actor(actor_id) if actor_id else None)


def _events_in(sent: SpacySpan) -> list[Event]:
    s0, s1 = sent.start_char, sent.end_char
    return sorted((e for e in sent.doc._.cg_events or [] if e.trigger is not None and s0 <= e.trigger.start < s1),
                  key=lambda e: e.trigger.start)


def _type_at(tok, events_at: dict) -> Optional[str]:
    """The event type a verb stands for: the parsed event on it, else the trigger lexicon's entry
    (its negated type under "not"), a light verb ("staged rallies") taking its object's."""
    if tok.i in events_at:
        return events_at[tok.i].type
    from .extract import _child, _entry_for

    hit = _entry_for(tok)
    if hit is None:
        return None
    entry = hit[1]
    if tok.lemma_.lower() in lexicon.triggers()["light"]:
        d = _child(tok, "dobj")
        inner = _entry_for(d) if d is not None else None
        if inner is not None and not entry.get("wish"):
            entry = inner[1]
    if entry.get("neg") and any(c.dep_ == "neg" for c in tok.children):
        return entry["neg"]
    return entry["type"]


def main_types(sent: SpacySpan, events: list[Event]) -> list[str]:
    """Event types of the sentence's main clause, outermost first: the root verb ("demanded that…",
    "agreed to…"), else the clause a speech verb reports ("X said Y attacked Z"), else their
    complements and conjuncts ("began to withdraw")."""
    doc = sent.doc
    events_at = {}
    for e in events:
        span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        if span is not None:
            events_at.setdefault(span.root.i, e)
    root = sent.root
    order = [root, roles.main_verb(sent)]
    for tok in list(order):
        order += [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "conj") and c.pos_ in ("VERB", "AUX")]
    out = []
    for tok in dict.fromkeys(order):
        t = _type_at(tok, events_at)
        if t is not None:
            out.append(t)
    return out


def code_span(sent: SpacySpan, need_trigger: bool = True) -> Optional[dict]:
    """The coded record of one sentence of an analysed ``Doc``, None when no type is found, or
    (``need_trigger``) when neither the parse nor the trigger lexicon finds an event in it: in an
    article most sentences report none, and a verbless line ("Ukraine. Russia.") never does. A
    sentence known to report one (a gold record, a headline) is typed by the classifier alone if
    need be.

    ``{"type", "source": [ids], "target": [ids], "source_countries", "target_countries",
    "compound", "event": id of the parsed event it rests on or None, "start", "end"}``; ids are
    actor ids, or ``place:ISO3`` for a place coded as a party ("shelled Juba").
    """
    doc = sent.doc
    events = _events_in(sent)
    mains = main_types(sent, events)
    if need_trigger and not events and not mains:
        return None
    etype = classify.sentence_type(sent.text, events, mains)
    if etype is None:
        return None
    cands = roles.candidates(sent)
    got = roles.assign(sent, cands)
    src, tgt = got["source"], got["target"]
    spoken = roles.speakers(doc, cands)
    story = roles.story_country(cands, spoken)
    sc = [x for x in dict.fromkeys(roles.country_for(doc, c, cands, story) for c in src) if x]
    tc = [x for x in dict.fromkeys(roles.country_for(doc, c, cands, story) for c in tgt) if x]
    if not src:
        # no named party acts: the main verb's subject phrase does ("Leaders of the opposition
        # coalition agreed…"), of the country named inside it or else the story's one country
        subj = _subject(sent)
        if subj is not None:
            inner = [c for c in cands if c.country and subj.left_edge.i <= c.start <= subj.right_edge.i]
            iso = inner[0].country if inner else story
            if iso:
                sc = [iso]
    if sc and not tgt and story:
        # no named party is acted on, but an unresolved one is ("opened fire to disperse
        # demonstrators"): a domestic actor of the story's one country
        inside = {t.i for c in src for t in c.head(doc).subtree}
        rest = [(c, p) for c, p in got["scores"] if c.country is None and c.kind in ("group", "anonymous", "organization")
                and c.key not in spoken and c.head(doc).i not in inside and p["T"] >= p["S"]]
        if rest:
            tgt = [max(rest, key=lambda cp: cp[1]["T"])[0]]
            tc = [story]
    skeys, tkeys = {c.key for c in src}, {c.key for c in tgt}
    same = [e for e in events if e.type == etype]
    ev = max(same, key=lambda e: (len(skeys & set(e.source)) + len(tkeys & set(e.target)),
                                  -e.trigger.start), default=None)
    return {"type": etype, "source": [c.key for c in src], "target": [c.key for c in tgt],
            "source_countries": sc, "target_countries": tc, "compound": got["compound"],
            "event": ev.id if ev is not None else None, "start": sent.start_char, "end": sent.end_char}


def _subject(sent: SpacySpan):
    """The nominal subject (not a pronoun) of the sentence's main verb, if any."""
    main = roles.main_verb(sent)
    for verb in (main, sent.root):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj if subj.pos_ in ("NOUN", "PROPN") else None
    return None


def code_doc(doc: Doc) -> list[dict]:
    """One coded record per sentence of an analysed ``Doc`` that has a type and a source country."""
    out = []
    for sent in doc.sents:
        rec = code_span(sent)
        if rec is not None and rec["source_countries"]:
            out.append(rec)
    return out


def code_text(text: str, nlp) -> Optional[dict]:
    """Code a text known to report an event as one sentence (a gold record, a headline)."""
    doc = nlp(text)
    return code_span(doc[:], need_trigger=False)


def dyads(rec: Optional[dict]) -> set[tuple]:
    """(type, source country, target country or None) triples of a coded record."""
    if not rec or not rec["source_countries"]:
        return set()
    return {(rec["type"], s, t) for s in rec["source_countries"] for t in (rec["target_countries"] or [None])}
