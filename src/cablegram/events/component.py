"""The events stage (first version: finds no events yet)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("cablegram_events", requires=["token.dep", "token._.cg_actor"], assigns=["doc._.cg_events"])
def make_events(nlp: Language, name: str):
    return EventsComponent()


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_events = []
        return doc
