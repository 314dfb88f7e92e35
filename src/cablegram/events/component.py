"""The events stage: PLOVER events read off the Doc (see ``reading.py``).

It reads only what the parser and the earlier stages wrote on the Doc, all declared in
``requires``: the parse; actors (``Doc._.cg_actors``, the mentions, ``Token._.cg_actor``,
``Token._.cg_np_actor`` and ``Token._.cg_place``, the place names); times (``Doc._.cg_times``,
``Token._.cg_time``, ``Token._.cg_date``); attributions (``Doc._.cg_attributions``, ``Token._.cg_attribution``).
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import lang as language
from . import classify, lexicon, roles
from .lang import FILES
from .reading import read

REQUIRES = [
    "token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_iob", "token.ent_type",
    "doc._.cg_actors", "doc.spans", "token._.cg_actor", "token._.cg_np_actor", "token._.cg_place",
    "doc._.cg_times", "token._.cg_time", "token._.cg_date", "doc._.cg_attributions", "token._.cg_attribution",
]


@Language.factory("cablegram_events", default_config={"lang": "en", "type_model": ""}, requires=REQUIRES,
                  assigns=["doc._.cg_events"])
def make_events(nlp: Language, name: str, lang: str, type_model: str):
    """``lang``: the folder of ``lang/`` whose words the stage reads (checked here, E034 if absent or
    malformed); ``type_model``: a sentence type model's weights other than the shipped one."""
    language.check(__package__, FILES, lang)
    return EventsComponent(lang, type_model or None)


class EventsComponent:
    """``type_weights``: the sentence type model (the shipped one unless a path is configured; a
    cross-validating benchmark sets the weights of the fold in hand)."""

    def __init__(self, lang: str = language.DEFAULT, type_model: Optional[str] = None):
        self.lang = lang
        self.type_weights = classify.load_weights(type_model) if type_model else None
        load_tables(lang)

    def __call__(self, doc: Doc) -> Doc:
        with language.using(self.lang):
            doc._.cg_events = read(doc, self.type_weights)
        return doc


def load_tables(lang: str) -> None:
    """Load the stage's word lists and models (each cached once per process) with the pipeline, as a
    model is loaded, rather than inside the first article (~0.3 s CPU, mostly the MiniLM session)."""
    with language.using(lang):
        lexicon.triggers(), lexicon.modality_cues(), lexicon.cameo_table(), roles._trigger_lemmas(), roles.thresholds()
        if classify.available():
            classify._retreat_words()
