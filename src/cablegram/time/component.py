"""The time stage: temporal expressions found and normalised against the publication date.

Passes, one module each: ``scan`` (the patterns of ``lang/en/patterns.yaml`` over the text, ``checks``
on each match), ``detect`` (the learned tagger that decides which words are an expression, reading
spaCy's annotation and the patterns' matches), then ``normalise`` (each expression's value in
context, read from the pattern matching inside it: ``absolute``, ``relative``, ``amounts``; the
``tense`` of its clause). Without trained weights the patterns' matches and spaCy's DATE/TIME
entities are the expressions. ``link`` ties predicates to the expressions that date them: the stage
registers ``Token._.cg_date`` (a getter), an event's date whose value is always a calendar value
within 1800-2100 or None, never a placeholder. The stage reads only spaCy's annotation and
``Doc._.cg_published``.
"""

from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Token

from .. import lang as language
from ..contract import text_of
from ..schema import Time
from . import detect as detection, scan
from .detect import detect, shipped
from .lexicon import alt, lexicon
from .lang import FILES
from .link import date_of
from .normalise import Item, Normaliser
from .scan import candidates, longest, reading

_NER_NOISE = re.compile(r"^(?:the\s+)?(?:\d+\s*(?:-|\s)\s*year\s*-?\s*old|age\s+\d+|annual|\d+|[a-z]+ly)$", re.I)
_SHIPPED = object()


if not Token.has_extension("cg_date"):
    Token.set_extension("cg_date", getter=date_of)


@Language.factory("cablegram_time", default_config={"lang": "en"}, requires=["doc.ents"],
                  assigns=["doc._.cg_times", "token._.cg_time", "token._.cg_date"])
def make_time(nlp: Language, name: str, lang: str):
    """``lang``: the folder of ``lang/`` whose words and patterns the stage reads (checked here, E034)."""
    language.check(__package__, FILES, lang)
    return TimeComponent(lang)


def _rule_items(doc: Doc, chosen) -> list[Item]:
    """Without a detector: the rules' matches, and spaCy's DATE/TIME entities that no rule found."""
    items = [Item(f.start, f.end, f) for f in chosen]
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or _NER_NOISE.match(ent.text.strip()):
            continue
        if any(i.start < ent.end_char and ent.start_char < i.end for i in items):
            continue
        items.append(Item(ent.start_char, ent.end_char, None, ent.label_))
    return items


# a match of these rules after a comma starts an expression of its own ("on November 11, three days later")
_STARTS_OWN = {"ago", "duration", "past_n", "bare_plural", "ref", "set"}


def _joined(text: str, start: int, end: int, chosen) -> list[tuple[int, int]]:
    """Gaps between two pattern matches inside a detected span joined by a joining word ("the last half of
    1989 and for 1990"): ``(end of the first, start of the second)``."""
    inside = [f for f in chosen if start <= f.start and f.end <= end]
    join = re.compile(rf"\s*,?\s*(?:{alt(lexicon()['joining_words'])})(?:\s+\w+)?\s+", re.I)
    return [(f.end, g.start) for f, g in zip(inside, inside[1:]) if join.fullmatch(text, f.end, g.start)]


def _cuts(doc: Doc, text: str, start: int, end: int, chosen) -> list[tuple[int, int]]:
    """Where a detected span holds two expressions, as (end of one, start of the next): at a semicolon, a
    sentence start, a comma before an offset or a duration, or a joining word between two matches."""
    cuts = [start + i for i, ch in enumerate(text[start:end]) if ch == ";"]
    if doc.has_annotation("SENT_START"):
        cuts += [t.idx for t in doc.char_span(start, end, alignment_mode="expand") or [] if t.is_sent_start
                 and start < t.idx]
    cuts += [f.start for f in chosen if start < f.start < end and f.rule.name in _STARTS_OWN
             and text[start:f.start].rstrip().endswith(",")]
    return sorted(set((c, c) for c in cuts) | set(_joined(text, start, end, chosen)))


def split(doc: Doc, text: str, spans: list[tuple[int, int]], chosen) -> list[tuple[int, int]]:
    """Detected spans cut where they hold two expressions, each piece without edge punctuation."""
    out = []
    for start, end in spans:
        cuts = _cuts(doc, text, start, end, chosen)
        bounds = [start] + [c for cut in cuts for c in cut] + [end]
        for a, b in zip(bounds[::2], bounds[1::2]):
            while a < b and (text[a].isspace() or text[a] in ";,"):
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in ";,"):
                b -= 1
            if b > a:
                out.append((a, b))
    return out


def widen(spans: list[tuple[int, int]], chosen) -> list[tuple[int, int]]:
    """A detected span inside a longer pattern match takes the match's extent ("[six] days",
    "a year [earlier]"): the tagger cut a word the patterns know belongs to it."""
    out = []
    for start, end in spans:
        for f in chosen:
            if f.start <= start and end <= f.end and (f.start, f.end) != (start, end) and \
                    not any(a != start and f.start <= a < f.end for a, _ in spans):
                start, end = f.start, f.end
        out.append((start, end))
    return out


def expressions(doc: Doc, text: str, detector: Optional[dict]) -> list[Item]:
    """The expressions of a doc in text order, each with the pattern match its value is read from."""
    cands = candidates(text, checked=False)
    chosen = longest([f for f in cands if f.ok])
    if detector is None:
        items = _rule_items(doc, chosen)
    else:
        labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        spans = split(doc, text, detect(doc, chosen, cands, detector), chosen)
        items = [Item(s, e, found, labels.get((s, e), "DATE"), detected=True) for s, e in widen(spans, chosen)
                 if not ((found := reading(text, s, e, cands)) and found.rule.hard and not found.ok)]
        # a pattern's match the detector left out entirely is kept: the detector learned TimeBank's
        # habits, the patterns say what any reader would call a time
        items += [Item(f.start, f.end, f) for f in chosen
                  if not any(i.start < f.end and f.start < i.end for i in items)]
    return sorted(items, key=lambda i: i.start)


def find_times(doc: Doc, detector=_SHIPPED) -> list[Time]:
    """The time expressions of a parsed doc, normalised; sets ``Token._.cg_time``. ``detector``: trained
    weights (default: the shipped ones; None: patterns and spaCy's entities only)."""
    text = text_of(doc)
    items = expressions(doc, text, shipped() if detector is _SHIPPED else detector)
    norm = Normaliser.of(doc, text)
    times = []
    for k, item in enumerate(items):
        t = norm.time(item, items[k + 1] if k + 1 < len(items) else None)
        if t is not None:
            times.append(t)
    return times


class TimeComponent:
    def __init__(self, lang: str = language.DEFAULT):
        self.lang = lang
        load_tables(lang)

    def __call__(self, doc: Doc) -> Doc:
        with language.using(self.lang):
            doc._.cg_times = find_times(doc)
        return doc


def load_tables(lang: str) -> None:
    """Compile the patterns and load the detector and dateparser's English tables (each once per
    process) with the pipeline, as a model is loaded, rather than inside the first article (~0.3 s CPU)."""
    import dateparser

    with language.using(lang):
        scan.rules(), scan._trigger(), detection._classes(), shipped()
    dateparser.date.DateDataParser(languages=["en"]).get_date_data("1 January 2000")
