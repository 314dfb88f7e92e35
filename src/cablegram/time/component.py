"""The time stage: temporal expressions found and normalised against the publication date.

Passes, one module each: ``scan`` (patterns of ``data/patterns.yaml`` over the text, ``checks`` on
each match), spaCy's DATE/TIME entities no pattern found, then ``normalise`` (each expression's value
in context: ``absolute``, ``relative``, ``amounts``; ``tense`` of its clause). ``link`` ties
predicates to the expressions that date them. The stage reads only spaCy's annotation and
``Doc._.cg_published``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..contract import text_of
from ..schema import Time
from .normalise import Item, Normaliser
from .scan import scan

_NER_NOISE = re.compile(r"^(?:the\s+)?(?:\d+\s*(?:-|\s)\s*year\s*-?\s*old|age\s+\d+|annual|\d+|[a-z]+ly)$", re.I)


@Language.factory("cablegram_time", requires=["doc.ents"], assigns=["doc._.cg_times", "token._.cg_time"])
def make_time(nlp: Language, name: str):
    return TimeComponent()


def expressions(doc: Doc, text: str) -> list[Item]:
    """The expressions of a doc in text order: the rules' matches, and spaCy's DATE/TIME entities that
    no rule found."""
    items = [Item(f.start, f.end, f) for f in scan(text)]
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or _NER_NOISE.match(ent.text.strip()):
            continue
        if any(i.start < ent.end_char and ent.start_char < i.end for i in items):
            continue
        items.append(Item(ent.start_char, ent.end_char, None, ent.label_))
    return sorted(items, key=lambda i: i.start)


def find_times(doc: Doc) -> list[Time]:
    """The time expressions of a parsed doc, normalised; sets ``Token._.cg_time``."""
    text = text_of(doc)
    items = expressions(doc, text)
    norm = Normaliser.of(doc, text)
    times = []
    for k, item in enumerate(items):
        t = norm.time(item, items[k + 1] if k + 1 < len(items) else None)
        if t is not None:
            times.append(t)
    return times


class TimeComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_times = find_times(doc)
        return doc
