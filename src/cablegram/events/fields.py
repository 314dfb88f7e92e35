"""What every event keeps besides its type and parties: the evidence of its clause, its date (the
time stage's), its claimant (the attribution stage's speaker, else a reporting verb's subject or an
"according to") and its CAMEO code."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Token

from ..contract import text_of
from ..schema import EventDate, Span
from . import lexicon
from .modality import according_to, chain
from .parties import subjects
from .triggers import Found


def span(doc: Doc, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text_of(doc)[start:end])


def evidence(f: Found) -> Span:
    """The trigger's clause within its sentence, without leading or trailing punctuation."""
    doc = f.trigger.doc
    sent = f.trigger.sent
    head = f.clause
    lo = max(head.left_edge.i, sent.start)
    hi = min(head.right_edge.i, sent.end - 1)
    if not (lo <= f.trigger.i <= hi):
        lo, hi = sent.start, sent.end - 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return span(doc, doc[lo].idx, doc[hi].idx + len(doc[hi].text))


def event_date(f: Found, doc: Doc) -> Optional[EventDate]:
    """The time stage's date of the trigger (or its clause), else the report's date."""
    got = _token_date(f.trigger) or (_token_date(f.clause) if f.clause != f.trigger else None)
    if got is not None:
        return got
    if doc._.cg_published:
        return EventDate(text=None, value=doc._.cg_published, report_date=True)
    return None


def _token_date(tok: Token) -> Optional[EventDate]:
    return tok._.cg_date


def _attribution_of(tok: Token, doc: Doc):
    aid = tok._.cg_attribution
    if not aid:
        return None
    return next((a for a in (doc._.cg_attributions or []) if a.id == aid), None)


def attribution_covering(tok: Token, doc: Doc):
    """The attribution whose content covers the token (by id on the token, else by offsets)."""
    a = _attribution_of(tok, doc)
    if a is not None and not _desire(a, doc):
        return a
    best = None
    for att in doc._.cg_attributions or []:
        if att.content.start <= tok.idx < att.content.end and not _desire(att, doc):
            if best is None or att.content.end - att.content.start < best.content.end - best.content.start:
                best = att
    return best


def _desire(att, doc: Doc) -> bool:
    """An "attribution" whose cue is a wish ("Russia seeks to ..."): content wanted, not claimed."""
    if att.cue is None:
        return False
    cue = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    lemmas = {t.lemma_.lower() for t in cue} if cue is not None else {att.cue.text.lower()}
    return bool(lemmas & lexicon.modality_cues().get("desire", frozenset()))


def claimant_of(f: Found, doc: Doc, actors: dict, rep: Optional[Token]):
    """(claimant actor id, attribution) of an event: whoever the attribution stage says claims the
    clause, else the subject of a reporting verb, else an "according to"."""
    att = attribution_covering(f.trigger, doc)
    if att is not None:
        claimant = att.speaker
    elif rep is not None:
        subj = subjects(rep, actors)
        claimant = subj[0] if subj else None
    else:
        acc = according_to(chain(f.trigger, f.clause), actors)
        claimant = acc[0] if acc else None
    return (claimant if claimant in actors else None), att


def cameo(entry: dict, etype: str) -> Optional[str]:
    code = entry.get("cameo")
    if etype != entry.get("type"):  # negation or the reading changed the type: the type's CAMEO root
        code = lexicon.cameo_root(etype)
    return code
