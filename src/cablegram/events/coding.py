"""PLOVER-style sentence coding, as the PLOVER gold standard, GDELT, ICEWS and POLECAT code news
sentences: one record per sentence — a view of the analysis' own events, so the two never disagree.

The events stage reads every event of a sentence; an event coder wants one record per sentence.
The record is the sentence's main event (the one on the main clause, which the stage typed with
the sentence classifier), with its parties' countries: the actor's own, else that of a party
inside its phrase ("King Hassan of Morocco"), else the sentence's one country. A reciprocal event
whose parties are coordinated ("X and Y agreed") is a compound actor without a recipient.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span as SpacySpan

from ..schema import Event
from . import lexicon, roles
from .parse import coord_root
from .parties import token_place
from .reading import MAIN_EVENTS, main_clause


def _events_in(sent: SpacySpan) -> list[Event]:
    s0, s1 = sent.start_char, sent.end_char
    return sorted((e for e in sent.doc._.cg_events or [] if e.trigger is not None and s0 <= e.trigger.start < s1),
                  key=lambda e: e.trigger.start)


def main_event(sent: SpacySpan, events: list[Event]) -> Optional[Event]:
    """The event an event coder codes the sentence as: the one the events stage read as the
    sentence's main event (typed with the sentence classifier), else the one on the main clause,
    else the first with the most parties."""
    if not events:
        return None
    doc = sent.doc
    mains = doc.user_data.get(MAIN_EVENTS, set())
    main = next((e for e in events if e.id in mains), None)
    if main is not None:
        return main
    at: dict[int, Event] = {}
    for e in events:
        tok = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        if tok is not None:
            at.setdefault(tok.root.i, e)
    for tok in main_clause(sent):
        if tok.i in at:
            return at[tok.i]
    return max(events, key=lambda e: (bool(e.source) + bool(e.target), -e.trigger.start))


def _compound(doc: Doc, event: Event, cands: list[roles.Candidate]) -> bool:
    """A reciprocal event whose parties are coordinated in one phrase ("Russia and China agreed")."""
    if not event.reciprocal:
        return False
    src = {coord_root(c.head(doc)).i for c in cands if c.key in event.source}
    tgt = {coord_root(c.head(doc)).i for c in cands if c.key in event.target}
    return bool(src & tgt)


def _place_country(sent: SpacySpan, event: Event) -> list[str]:
    """Where an event has no target but a place ("blew themselves up in Tel Aviv"), event coders
    code the place's country as its recipient: the event's own place, else the first place named
    under a place preposition (``place_preps``) in the trigger's clause ("threatened to ban voting in East Jerusalem", "demonstrated
    in the northern city of Kirkuk"), not in a condition ("will not accept refugees if war starts
    in Iraq") or a relative clause."""
    if event.place:
        for tok in sent:
            if tok.idx >= event.trigger.start and event.place.startswith(tok.text):
                iso = token_place(tok)
                if iso:
                    return [iso]
    trig = sent.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trig is None:
        return []
    for tok in trig.root.subtree:
        iso = token_place(tok)
        if iso and _located_in(tok, trig.root):
            return [iso]
    return []


def _located_in(tok, trigger) -> bool:
    """The place token is named under a place preposition of the trigger's clause, outside a
    condition (``modality.yaml`` hypothetical marks) or a relative clause."""
    lex = lexicon.triggers()
    conditions = lexicon.modality_cues()["hypothetical"]["mark"]
    located = False
    while tok.i != trigger.i and tok.head.i != tok.i:
        if tok.dep_ == "relcl" or (tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in conditions
                                                                for c in tok.children)):
            return False
        if tok.dep_ == "prep" and tok.lower_ in lex["place_preps"]:
            located = True
        tok = tok.head
    return located and tok.i == trigger.i


def code_span(sent: SpacySpan) -> Optional[dict]:
    """The coded record of one sentence of an analysed ``Doc``, None where it reports no event.

    ``{"type", "source": [ids], "target": [ids], "source_countries", "target_countries",
    "compound", "event": id of the event it is, "start", "end"}``.
    """
    doc = sent.doc
    ev = main_event(sent, _events_in(sent))
    if ev is None:
        return None
    cands = roles.candidates(sent)
    story = roles.story_country(cands, roles.speakers(doc, cands))
    by_key = {c.key: c for c in cands}
    actors = doc._.cg_actors or {}

    def countries(ids: list[str]) -> list[str]:
        out = []
        for i in ids:
            c = by_key.get(i)
            iso = roles.country_for(doc, c, cands, story) if c is not None else roles.country_of(actors.get(i))
            if iso and iso not in out:
                out.append(iso)
        return out

    compound = _compound(doc, ev, cands)
    source = ev.source + ev.target if compound else ev.source
    target = [] if compound else ev.target
    tc = countries(target) or _place_country(sent, ev)
    return {"type": ev.type, "source": list(source), "target": list(target),
            "source_countries": countries(source), "target_countries": tc, "compound": compound,
            "event": ev.id, "start": sent.start_char, "end": sent.end_char}


def code_doc(doc: Doc) -> list[dict]:
    """One coded record per sentence of an analysed ``Doc`` that has an event with a source country."""
    out = []
    for sent in doc.sents:
        rec = code_span(sent)
        if rec is not None and rec["source_countries"]:
            out.append(rec)
    return out


def dyads(rec: Optional[dict]) -> set[tuple]:
    """(type, source country, target country or None) triples of a coded record."""
    if not rec or not rec["source_countries"]:
        return set()
    return {(rec["type"], s, t) for s in rec["source_countries"] for t in (rec["target_countries"] or [None])}
