"""The events stage: PLOVER events read off the parse (see ``extract.py``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .extract import build


@Language.factory(
    "cablegram_events",
    requires=["token.dep", "token._.cg_actor", "token._.cg_np_actor", "token._.cg_place", "doc._.cg_actors",
              "doc._.cg_attributions"],
    assigns=["doc._.cg_events"],
)
def make_events(nlp: Language, name: str):
    return EventsComponent()


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cg_events = build(doc)
        return doc
