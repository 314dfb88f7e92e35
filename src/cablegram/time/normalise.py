"""The last pass: each expression's value in its context, in text order.

The publication date anchors deictic words; the clause's tense decides "Monday" or "in July" before
or after it; the last date the text mentioned anchors "the next day"; the last calendar date of the
sentence anchors "two months after ..."; a date right after a clock time is its day. Expressions no
rule reads (a span of spaCy's DATE entities, or of the detector) are read by dateparser (cached).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from spacy.tokens import Doc, Span

from ..ids import span_id
from ..schema import Time
from .link import TIME_AT
from .match import Ctx, Found, Result
from .scan import candidates
from .tense import clause_tense, clause_verb
from .values import UNIT_GRAN, duration, parse_value, precision

# rules whose value is an explicit date the text names: later anaphora ("the next day") count from it
EXPLICIT = {"mdy", "dmy", "iso", "slash", "my", "year", "day_word", "weekday", "mon", "quarter", "time"}
_BETWEEN = re.compile(r"[\s,]*(?:(?:after|before|since|prior\s+to)\s+)?(?:the\s+|on\s+)?")
_DATEPARSER_WORTHY = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s"
                                r"|[a-z]+day\b|\d:\d\d", re.I)


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


@functools.lru_cache(maxsize=4096)
def dateparser_value(text: str, base: Optional[date]) -> Optional[tuple[str, str]]:
    """dateparser's reading of a string as ``(value, granularity)``, cached; None if it has none."""
    import dateparser

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
    written = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}",
               "week": "{:04d}-W{:02d}".format(*d.isocalendar()[:2]),
               "time": data.date_obj.strftime("%Y-%m-%dT%H:%M")}
    return written.get(period, d.isoformat()), period if period in written else "day"


def _unit_span(text: str) -> Optional[Result]:
    """"the days", "months" -> PXD, PXM: a duration of an unknown number of the unit it names."""
    from .lexicon import lexicon

    units = lexicon()["units"]
    for word in reversed(re.findall(r"[a-z]+", text.lower())):
        unit = lexicon()["unit_plurals"].get(word) or (word[:-1] if word.endswith("s") else None)
        if unit in units:
            letter = units[unit][0]
            return "DURATION", duration(None, letter), UNIT_GRAN.get(letter), "none"
    return None


def _finer(value: str, gran: Optional[str]) -> bool:
    """Is the value more precise than the publication date it was computed from?"""
    parsed = parse_value(value)
    if parsed is None:
        return "T" in value or bool(re.match(r"\d{4}-(W|\d)", value)) and gran == "year"
    order = ["day", "week", "month", "quarter", "year"]
    have = parsed[1] if parsed[1] in order else "year"
    return gran in order and order.index(have) < order.index(gran)


@dataclass
class Item:
    """One expression to normalise: its offsets, the rule match it is read from (None: dateparser's)."""

    start: int
    end: int
    found: Optional[Found] = None
    label: str = "DATE"
    detected: bool = False  # the detector found it: kept (without a value) when nothing reads it


@dataclass
class Normaliser:
    """Walks a doc's expressions in text order, keeping what later ones are anchored on."""

    doc: Doc
    text: str
    dct: Optional[date] = None
    dct_gran: Optional[str] = None
    ref: Optional[str] = None                 # the last explicit date of the text
    ref_id: Optional[str] = None
    sent_last: dict = field(default_factory=dict)  # sentence start -> (value, id, end) of its last calendar date

    @classmethod
    def of(cls, doc: Doc, text: str) -> "Normaliser":
        return cls(doc, text, publication_date(doc._.cg_published), precision(doc._.cg_published))

    def _inner_next(self, item: Item) -> Optional[Found]:
        """A rule's match in the rest of the expression after the one it is read from ("5 p.m. EST
        Nov. 9" as one expression: the date the clock time is on)."""
        f = item.found
        if item.end - f.end < 3:
            return None
        inner = [g for g in candidates(self.text, f.end, item.end, checked=False)
                 if g.ok and g.start >= f.end and _BETWEEN.fullmatch(self.text[f.end:g.start])]
        return max(inner, key=lambda g: (g.end - g.start, g.rule.priority)) if inner else None

    def _next_value(self, item: Item, nxt: Optional[Item], span: Span) -> Optional[str]:
        """The value of a rule's expression right after this one ("two months after June 1", "3 p.m. on
        Tuesday"), or of the rest of this one, when this one counts from it."""
        f = item.found
        if f.group("dir") not in ("after", "before") and f.rule.name not in ("time", "noon", "clock_pod"):
            return None
        following = self._inner_next(item)
        if following is None:
            if nxt is None or nxt.found is None or not 0 <= nxt.start - item.end <= 20 or \
                    not _BETWEEN.fullmatch(self.text[item.end:nxt.start]):
                return None
            following = nxt.found
        try:
            res = following.rule.handler(following, Ctx(dct=self.dct, tense=clause_tense(span.root), ref=self.ref))
        except (ValueError, KeyError, OverflowError, IndexError):
            return None
        return res[1] if res else None

    def _rule_value(self, item: Item, nxt: Optional[Item], span: Span, sent: Span) -> Optional[Result]:
        start, end = item.start, item.end
        anchor_val, anchor_id, anchor_end = self.sent_last.get(sent.start, (None, None, 0))
        if anchor_val and "\n" in self.text[anchor_end:start]:
            anchor_val = anchor_id = None  # a dateline or heading the parser ran into the sentence
        verb = clause_verb(span.root)
        ctx = Ctx(dct=self.dct, tense=clause_tense(span.root), ref=self.ref, sent_anchor=anchor_val,
                  verb=verb.lemma_.lower() if verb is not None else "",
                  pluperfect=verb is not None and any(c.lower_ in ("had", "'d") for c in verb.children
                                                      if c.dep_ in ("aux", "auxpass")),
                  planned_object=verb is not None and verb.dep_ not in ("acl", "relcl", "amod") and
                  any(c.dep_ == "dobj" for c in verb.children),
                  next_value=self._next_value(item, nxt, span), before=self.text[max(0, start - 20):start].lower(),
                  after=self.text[end:end + 20].lower())
        try:
            res = item.found.rule.handler(item.found, ctx)
        except (ValueError, KeyError, OverflowError, IndexError):
            return None  # a rule's reading that does not make a date ("February 30"): not a time
        if res is None:
            return None
        typ, value, gran, anchor = res
        doc_id = self.doc._.cg_doc_id
        anchors = {"sentence": anchor_id or "none", "text": self.ref_id or "none",
                   "next": span_id(doc_id, "time", nxt.start, nxt.end) if nxt is not None else "none"}
        return typ, value, gran, anchors.get(anchor, anchor)

    def _parsed_value(self, item: Item) -> Optional[Result]:
        """dateparser's reading of an expression no pattern reads; a detected one naming only a plural
        unit ("in the days before") is an unknown number of them."""
        dp = dateparser_value(self.text[item.start:item.end], self.dct)
        if dp is None and item.detected:
            return _unit_span(self.text[item.start:item.end])
        if dp is None:
            return None
        value, gran = dp
        if self.dct is None and not re.search(r"\d{4}", self.text[item.start:item.end]):
            value = None
        return ("TIME" if item.label == "TIME" else "DATE"), value, gran, "publication" if self.dct else "none"

    def time(self, item: Item, nxt: Optional[Item]) -> Optional[Time]:
        """The :class:`Time` of one expression (None when it has no reading), remembering its value."""
        span = self.doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        sent = span.sent if self.doc.has_annotation("SENT_START") else self.doc[:]
        res = self._rule_value(item, nxt, span, sent) if item.found is not None else self._parsed_value(item)
        if res is None and item.detected:
            res = ("TIME" if item.label == "TIME" else "DATE"), None, None, "none"
        if res is None:
            return None
        typ, value, gran, anchor = res
        if anchor == "publication" and self.dct_gran != "day" and value and _finer(value, self.dct_gran):
            value = None  # published "2023" says nothing about which Monday
        tid = span_id(self.doc._.cg_doc_id, "time", item.start, item.end)
        t = Time(id=tid, start=item.start, end=item.end, text=self.text[item.start:item.end], type=typ, value=value,
                 granularity=gran, anchor=anchor)
        time_at = self.doc.user_data.setdefault(TIME_AT, {})
        for tok in span:
            tok._.cg_time = time_at[tok.i] = tid
        if typ in ("DATE", "TIME") and value and parse_value(value):
            self.sent_last[sent.start] = (value, tid, item.end)
            if item.found is not None and item.found.rule.name in EXPLICIT and \
                    not any(item.found.groups.get(k) for k in ("ago", "ago2")):  # "the year-ago quarter" counts from one
                self.ref, self.ref_id = value, tid
        return t
