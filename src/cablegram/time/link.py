"""Tie predicates to the time expressions that date them, and order dated facts into a timeline.

``Token._.cg_date`` (:func:`date_of`, registered by the stage) is what the events stage reads to
date an event: the words and calendar value of ``time_for(token)``, the time
expression attached in the predicate's own clause (prepositional phrase "in
July", bare noun "Monday", "since last year", a modifier "a 2019 meeting"),
else the only date of the sentence. ``timeline(analysis)`` orders dated events
(and dates no event claimed) for the brief.
"""

from __future__ import annotations

import functools
from typing import Iterable, Optional

from spacy.tokens import Doc, Token

from ..contract import children, column, text_of
from ..dates import calendar_value
from ..schema import Analysis, EventDate, Time
from .. import lang as language
from .lexicon import lexicon

# dependents that open a clause of their own: their times date *their* predicate, not ours
_CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "conj", "pcomp"}
_DATING = {"DATE", "TIME"}
_EXPECTED = {"expected", "possible", "proposed", "hypothetical"}


def _times_by_id(doc: Doc) -> dict[str, Time]:
    times = doc._.cg_times or []
    cache = doc.user_data.get("cg_time_index")
    if cache is None or cache[0] != len(times):
        cache = (len(times), {t.id: t for t in times})
        doc.user_data["cg_time_index"] = cache
    return cache[1]


TIME_AT = "cg_time_at"  # ``doc.user_data`` key: token index -> ``Token._.cg_time``, as normalise writes them


def _time_at(doc: Doc):
    """``i -> Token._.cg_time`` of token ``i``: from the index normalise keeps beside the attribute (a
    ``Token._`` read is dear, and dating a predicate reads it for every word of its clause), else
    from the tokens (a Doc whose times were set by hand)."""
    at = doc.user_data.get(TIME_AT)
    return at.get if at is not None else (lambda i: doc[i]._.cg_time)


def _clause_tokens(pred: Token) -> Iterable[tuple[int, int]]:
    """Indices of the tokens of the predicate's own clause, breadth first with their depth (sub-clauses
    left out); read from the Doc's columns (:func:`~cablegram.contract.column`), a Token made only for
    a preposition that may open an event's phrase."""
    doc = pred.doc
    kids, dep, pos, lower = children(doc), column(doc, "dep"), column(doc, "pos"), column(doc, "lower")
    frontier = [(0, pred.i)]
    while frontier:
        depth, i = frontier.pop(0)
        yield depth, i
        for c in kids[i]:
            if dep[c] in _CLAUSAL and (pos[c] in ("VERB", "AUX") or dep[c] in ("relcl", "acl")):
                continue
            if dep[c] == "prep" and lower[c] in _words("sequence_preps") and _event_object(doc[c]):
                continue  # "since the 1991 collapse": that date is the collapse's, not ours
            frontier.append((depth + 1, c))


def _words(key: str) -> frozenset[str]:
    return _words_of(key, language.active())


@functools.cache
def _words_of(key: str, lang: str) -> frozenset[str]:
    return frozenset(lexicon()[key])


def _event_object(prep: Token) -> bool:
    """The preposition's object is an event or thing, not itself a time expression."""
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    time_at = _time_at(prep.doc)
    return bool(objs) and all(time_at(o.i) is None for o in objs)


def _of_other_event(tok: Token, pred: Token) -> bool:
    """The time sits in "since/after/before <event>", in a clause "since X closed ...", or in a relative
    clause the predicate is not part of: it dates that, not the predicate."""
    for a in tok.ancestors:
        if a == pred:
            return False
        if a.dep_ == "prep" and a.lower_ in _words("sequence_preps") and _event_object(a):
            return True
        if a.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in _words("sequence_preps") for c in a.children):
            return True
        if a.dep_ in ("relcl", "acl", "appos") and not a.is_ancestor(pred):
            return True  # "Nam, who is now a professor, said ...": the relative clause's time is its own
    return False


def time_for(token: Token, *, sentence: bool = True) -> Optional[Time]:
    """The time expression governing a predicate (verb or event noun), or None.

    Looks first in the predicate's clause (nearest by dependency depth, then by
    distance in the text); then, when the predicate is an auxiliary or light
    verb's complement ("plans to visit"), in its head's clause; finally, if
    ``sentence``, the sentence's one date when there is exactly one.
    """
    doc = token.doc
    index = _times_by_id(doc)
    if not index:
        return None
    time_at = _time_at(doc)
    own = time_at(token.i)
    if own and own in index and index[own].type in _DATING:
        return index[own]
    best: Optional[tuple[int, int, Time]] = None
    for depth, i in _clause_tokens(token):
        tid = time_at(i)
        if not tid or tid not in index:
            continue
        t = index[tid]
        if t.type not in _DATING:
            continue
        key = (depth, abs(i - token.i), t)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is not None:
        return best[2]
    # "is expected to visit", "plans to travel": the head's clause may hold the date
    head = token.head
    if token.dep_ in ("xcomp", "ccomp") and head is not token and head.lemma_ in _words("light_heads"):
        found = time_for(head, sentence=False)
        if found is not None:
            return found
    # an event noun that is its verb's subject or object happens when the verb does
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") \
            and token.head is not token:
        found = time_for(token.head, sentence=False)
        if found is not None:
            return found
    if sentence and doc.has_annotation("SENT_START"):
        sent_times = {}
        text = text_of(doc)
        for tok in token.sent:
            tid = time_at(tok.i)
            if tid and tid in index and index[tid].type in _DATING and not _of_other_event(tok, token):
                lo, hi = sorted((tok.idx, token.idx))
                if "\n" in text[lo:hi]:
                    continue  # a heading or another paragraph the parser ran into this sentence
                sent_times[tid] = index[tid]
        if len(sent_times) == 1:
            return next(iter(sent_times.values()))
    return None


def event_value(value: Optional[str], published: Optional[str]) -> Optional[str]:
    """A time expression's value as an event's date: a calendar value within 1800-2100 or None.
    "now" (PRESENT_REF) is the publication date; PAST_REF, FUTURE_REF, durations, sets and X-values
    stay on the time expression only (the event keeps the words, not a placeholder)."""
    if value == "PRESENT_REF":
        return calendar_value(published)
    return calendar_value(value)


def date_of(token: Token) -> Optional[EventDate]:
    """``Token._.cg_date``: the date of the predicate at ``token`` -- its governing time expression's
    words and calendar value (see :func:`event_value`) -- or None when no time expression governs it."""
    t = time_for(token)
    if t is None:
        return None
    return EventDate(text=t.text, value=event_value(t.value, token.doc._.cg_published))


def event_date(token: Token) -> EventDate:
    """The date of an event whose predicate is ``token``: :func:`date_of`, else the publication date
    flagged ``report_date`` (no value at all when the publication date is unknown)."""
    found = date_of(token)
    if found is not None:
        return found
    published = calendar_value(token.doc._.cg_published)
    return EventDate(text=None, value=published, report_date=bool(published))



def _sort_key(value: str) -> str:
    """Lexicographic order of ISO values works once ranges sort by their start."""
    return value.split("/")[0]


def timeline(analysis: Analysis) -> list[tuple[str, str, str]]:
    """Dated facts in order: ``(value, label, kind)`` with kind ``past`` or ``expected``.

    Built from the events' dates (report-date-only events are left out: they
    say when it was reported, not when it happened) and from calendar times no
    event took, labelled with their clause of the text.
    """
    text = analysis.document.text
    published = analysis.document.published
    rows: list[tuple[str, str, str]] = []
    used_spans: set[tuple[int, int]] = set()
    for ev in analysis.events:
        d = ev.date
        if d is None or not d.value or d.report_date:
            continue
        value = _calendar(d.value, published)
        if value is None:
            continue
        kind = "expected" if (ev.modality in _EXPECTED or ev.tense == "future") else "past"
        rows.append((value, _short(_event_label(analysis, ev)), kind))
        if d.text:
            for t in analysis.times:
                if t.text == d.text and t.value == d.value:
                    used_spans.add((t.start, t.end))
    for t in analysis.times:
        if t.type not in _DATING or (t.start, t.end) in used_spans:
            continue
        if t.value == "PRESENT_REF":
            continue  # "now" on its own is no fact of the timeline
        value = _calendar(t.value, published)
        if value is None:
            continue
        kind = "expected" if published and _sort_key(value) > published else "past"
        rows.append((value, _short(_clause_around(text, t.start, t.end)), kind))
    rows.sort(key=lambda r: (_sort_key(r[0]), r[0]))
    return rows


def _event_label(analysis: Analysis, ev) -> str:
    """"Russia ASSAULT Ukraine: shelled" -- who, what kind, whom, and the words of the trigger."""
    def names(ids):
        return ", ".join(a.name for i in ids if (a := analysis.actor(i)) is not None)

    trigger = ev.trigger.text if ev.trigger else None
    head = " ".join(x for x in (names(ev.source), trigger or ev.type.lower(), names(ev.target)) if x)
    if ev.what and ev.what not in head:
        head = f"{head}: {ev.what}"
    return head or ev.evidence.text


def _calendar(value: Optional[str], published: Optional[str]) -> Optional[str]:
    """A value on the calendar: PRESENT_REF becomes the publication date; other *_REF, durations,
    X-values and years outside 1800-2100 are dropped."""
    return event_value(value, published)


def _clause_around(text: str, start: int, end: int, width: int = 90) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(rights) if rights else len(text)
    return text[left:right].strip()[: width * 2]


def _short(label: str, width: int = 120) -> str:
    label = " ".join(label.split())
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"
