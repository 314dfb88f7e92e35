"""The events stage: PLOVER events read off the parse (see ``extract.py``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import lang as language
from .extract import build
from .lang import FILES


@Language.factory(
    "cablegram_events",
    default_config={"lang": "en"},
    requires=["token.dep", "token._.cg_actor", "token._.cg_np_actor", "token._.cg_place", "doc._.cg_actors",
              "doc._.cg_attributions"],
    assigns=["doc._.cg_events"],
)
def make_events(nlp: Language, name: str, lang: str):
    """``lang``: the folder of ``lang/`` whose words the stage reads (checked here, E034 if absent or malformed)."""
    language.check(__package__, FILES, lang)
    return EventsComponent(lang)


class EventsComponent:
    def __init__(self, lang: str = language.DEFAULT):
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        with language.using(self.lang):
            doc._.cg_events = build(doc)
        return doc
