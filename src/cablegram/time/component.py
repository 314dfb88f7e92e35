"""The time stage: temporal expressions found by rules, normalised against the publication date.

Rules (``rules.py``, lexicon in ``data/``) find and normalise expressions; the
clause's tense decides "Monday" or "in July" before or after publication; the
last date the text mentioned anchors "the next day"; spaCy's DATE/TIME entities
the rules missed are normalised by dateparser (slow, so only there, and cached).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ids import span_id
from ..contract import text_of
from ..schema import Time
from .lexicon import lexicon
from .rules import Ctx, Found, parse_value, scan


@Language.factory("cablegram_time", requires=["doc.ents"], assigns=["doc._.cg_times", "token._.cg_time"])
def make_time(nlp: Language, name: str):
    return TimeComponent()


def publication_date(value: Optional[str]) -> Optional[date]:
    """``Doc._.cg_published`` as a date (a year or month alone anchors on its first day); None if absent/bad."""
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


@functools.cache
def _future_heads() -> frozenset[str]:
    return frozenset(lexicon()["future_heads"])


def clause_tense(tok: Token) -> Optional[str]:
    """past | present | future of the clause a token sits in (from its verb and auxiliaries)."""
    verb = tok
    for step in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ == "ROOT":
            break
        if verb.head is verb:
            break
        if step and verb.pos_ in ("NOUN", "PROPN") and verb.dep_ not in ("npadvmod", "tmod", "pobj") \
                and not verb.ent_type_ in ("DATE", "TIME"):
            return None  # "a ceremony on March 12": the date modifies a noun, the verb's tense says little
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        # a nominal root ("Kim's visit to Russia next week"): look at its copula or give up
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & {"will", "'ll", "shall", "wo"}:
        return "future"
    if "to" in words:
        head = verb.head
        if head.lemma_ in _future_heads() or (head.head is not head and head.head.lemma_ in _future_heads()):
            return "future"
        if head is not verb and head.pos_ in ("VERB", "AUX", "ADJ"):
            t = clause_tense(head) if head.i != verb.i else None
            return "future" if t in ("present", "future") else t
    if words & {"would", "could", "might", "may", "should", "can", "must"}:
        return "future"
    if any(a.tag_ in ("VBD",) for a in auxes) or verb.tag_ == "VBD":
        if verb.tag_ == "VBG" and words & {"was", "were"}:
            return "past"
        return "past"
    if verb.tag_ == "VBN" and words & {"has", "have", "had", "'ve", "'s"}:
        return "past"
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future" if verb.lemma_ in ("go", "come", "leave", "meet", "visit", "travel", "hold") else "present"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


_DATEPARSER_WORTHY = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s"
                                r"|[a-z]+day\b|\d:\d\d", re.I)


@functools.lru_cache(maxsize=4096)
def _dateparser_value(text: str, base: Optional[date]) -> Optional[tuple[str, str]]:
    """dateparser's reading of a string as ``(value, granularity)``, cached; None if it has none."""
    import dateparser
    from datetime import datetime

    if not _DATEPARSER_WORTHY.search(text):
        return None  # "18+ years": dateparser would make a day of it
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        data = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:  # dateparser raises on odd strings; treat as no reading
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return f"{d.year:04d}", "year"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}", "week"
    if period == "time":
        return data.date_obj.strftime("%Y-%m-%dT%H:%M"), "time"
    return d.isoformat(), "day"


_NER_NOISE = re.compile(r"^(?:the\s+)?(?:\d+\s*(?:-|\s)\s*year\s*-?\s*old|age\s+\d+|annual|\d+|[a-z]+ly)$", re.I)


def _precision(value: Optional[str]) -> Optional[str]:
    m = re.match(r"\d{4}(-\d\d)?(-\d\d)?", (value or "").strip())
    return None if not m else "day" if m.group(2) else "month" if m.group(1) else "year"


def _finer(value: str, gran: Optional[str]) -> bool:
    """Is the value more precise than the publication date it was computed from?"""
    parsed = parse_value(value)
    if parsed is None:
        return "T" in value or bool(re.match(r"\d{4}-(W|\d)", value)) and gran == "year"
    order = ["day", "week", "month", "quarter", "year"]
    have = parsed[1] if parsed[1] in order else "year"
    return gran in order and order.index(have) < order.index(gran)


def find_times(doc: Doc) -> list[Time]:
    """The time expressions of a parsed doc, normalised; sets ``Token._.cg_time``."""
    text = text_of(doc)
    dct = publication_date(doc._.cg_published)
    dct_gran = _precision(doc._.cg_published)
    found = scan(text)
    # spaCy's DATE/TIME entities that no rule found: candidates for dateparser
    extra: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if any(f.start < ent.end_char and ent.start_char < f.end for f in found):
            continue
        if _NER_NOISE.match(ent.text.strip()):
            continue
        extra.append(ent)
    items: list[tuple[int, int, Optional[Found], Optional[Span]]] = [(f.start, f.end, f, None) for f in found]
    items += [(e.start_char, e.end_char, None, e) for e in extra]
    items.sort(key=lambda x: x[0])

    times: list[Time] = []
    ref: Optional[str] = None            # last explicit date of the text
    ref_id: Optional[str] = None
    sent_last: dict[int, tuple[str, str, int]] = {}  # sentence start -> (value, id, end) of its last calendar date
    doc_id = doc._.cg_doc_id
    for idx, (start, end, f, ent) in enumerate(items):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
        tid = span_id(doc_id, "time", start, end)
        if f is not None:
            nxt = items[idx + 1] if idx + 1 < len(items) else None
            next_value = None
            if nxt is not None and nxt[2] is not None and 0 <= nxt[0] - end <= 20 and \
                    re.fullmatch(r"[\s,]*(?:(?:after|before|since|prior\s+to)\s+)?(?:the\s+|on\s+)?",
                                text[end:nxt[0]]):
                if f.groups.get("dir", "").lower() in ("after", "before") or f.rule.name in ("time", "noon"):
                    try:
                        nres = nxt[2].rule.handler(nxt[2], Ctx(dct=dct, tense=clause_tense(span.root), ref=ref))
                    except (ValueError, KeyError, OverflowError, IndexError):
                        nres = None
                    next_value = nres[1] if nres else None
            anchor_val, anchor_id, anchor_end = sent_last.get(sent.start, (None, None, 0))
            if anchor_val and "\n" in text[anchor_end:start]:
                anchor_val = anchor_id = None  # a dateline or heading the parser ran into the sentence
            ctx = Ctx(dct=dct, tense=clause_tense(span.root), ref=ref, sent_anchor=anchor_val,
                      next_value=next_value, before=text[max(0, start - 20):start].lower(),
                      after=text[end:end + 20].lower())
            try:
                res = f.rule.handler(f, ctx)
            except (ValueError, KeyError, OverflowError, IndexError):
                res = None  # a rule's reading that does not make a date ("February 30"): not a time
            if res is None:
                continue
            typ, value, gran, anchor = res
            if anchor == "sentence":
                anchor = anchor_id or "none"
            elif anchor == "text":
                anchor = ref_id or "none"
            elif anchor == "next":
                anchor = span_id(doc_id, "time", nxt[0], nxt[1]) if nxt is not None else "none"
        else:
            dp = _dateparser_value(ent.text, dct)
            if dp is None:
                continue
            typ = "TIME" if ent.label_ == "TIME" else "DATE"
            value, gran = dp
            anchor = "publication" if dct else "none"
            if dct is None and not re.search(r"\d{4}", ent.text):
                value = None
        if anchor == "publication" and dct_gran != "day" and value and _finer(value, dct_gran):
            value = None  # published "2023" says nothing about which Monday
        t = Time(id=tid, start=start, end=end, text=text[start:end], type=typ, value=value,
                 granularity=gran, anchor=anchor)
        times.append(t)
        for tok in span:
            tok._.cg_time = tid
        if typ in ("DATE", "TIME") and value and parse_value(value):
            sent_last[sent.start] = (value, tid, end)
            if f is not None and f.rule.name in ("mdy", "dmy", "iso", "slash", "my", "year", "day_word", "weekday",
                                                   "mon", "quarter", "time"):
                ref, ref_id = value, tid
    return times


class TimeComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_times = find_times(doc)
        return doc
