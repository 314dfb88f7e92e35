"""Ethnic groups named by a demonym ("ethnic Albanians"): people of no state of their own."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from ..ids import slug
from .state import Mention, State


def ethnic_group(st: State, span: SpacySpan) -> bool:
    """"ethnic Albanians", "ethnic Albanian guerrillas": a demonym marked as an ethnic group
    (special.yaml ``ethnic_markers``) names no state. The people named by it are a group of
    civilians (CVL) of no country of their own (the event coder gives them the story's); a
    demonym modifying another noun is left to that noun's description. True when the span is
    such a demonym (then it is no country)."""
    doc = st.doc
    markers = set(st.special.get("ethnic_markers", []))
    first = span.start - 1 if span.start and doc[span.start - 1].lower_ in markers else None
    if first is None and not (len(span) > 1 and span[0].lower_ in markers):
        return False
    first = span.start if first is None else first
    if span.root.dep_ not in ("amod", "compound") and st.free(first, span.end):
        name = doc[first:span.end].text
        st.add(Mention(first, span.end, "group", slug(name.lower()), sector="CVL", name=name, head=span.root.i))
    return True
