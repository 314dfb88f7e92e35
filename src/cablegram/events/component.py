"""The events stage: PLOVER events read off the Doc (see ``reading.py``).

It reads only what the parser and the earlier stages wrote on the Doc, all declared in
``requires``: the parse; actors (``Doc._.cg_actors``, the mentions, ``Token._.cg_actor``,
``Token._.cg_np_actor`` and ``Token._.cg_place``, the place names); times (``Doc._.cg_times``,
``Token._.cg_time``, ``Token._.cg_date``); attributions (``Doc._.cg_attributions``, ``Token._.cg_attribution``).
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import lang as language
from ..errors import CablegramError, StageError
from . import classify, lexicon, roles
from .lang import FILES
from .reading import asked, finish, questions, read, untyped

REQUIRES = [
    "token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_iob", "token.ent_type",
    "doc._.cg_actors", "doc.spans", "token._.cg_actor", "token._.cg_np_actor", "token._.cg_place",
    "doc._.cg_times", "token._.cg_time", "token._.cg_date", "doc._.cg_attributions", "token._.cg_attribution",
]


@Language.factory("cablegram_events", default_config={"lang": "en", "type_model": ""}, requires=REQUIRES,
                  assigns=["doc._.cg_events"])
def make_events(nlp: Language, name: str, lang: str, type_model: str):
    """``lang``: the folder of ``lang/`` whose words the stage reads (checked here, E034 if absent or
    malformed); ``type_model``: a sentence type model (ONNX file, its ``.json`` beside it) other than
    the shipped one."""
    language.check(__package__, FILES, lang)
    return EventsComponent(lang, type_model or None, name)


class EventsComponent:
    """``type_weights``: the sentence type model (the shipped one unless a path is configured)."""

    def __init__(self, lang: str = language.DEFAULT, type_model: Optional[str] = None,
                 name: str = "cablegram_events"):
        self.lang = lang
        self.name = name
        self.type_weights = classify.load_weights(type_model) if type_model else None
        load_tables(lang)

    def __call__(self, doc: Doc) -> Doc:
        with language.using(self.lang):
            doc._.cg_events = read(doc, self.type_weights)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """``nlp.pipe``: as ``__call__`` on each Doc, with the sentences the classifier types in all the
        Docs of a batch asked in one call (:func:`classify.scores`). A sentence's probabilities do not
        depend on what it is asked with, so each Doc's events are the same as by ``__call__``.
        An unexpected exception is named with the stage, as spaCy's error handler does for ``__call__``."""
        it = iter(docs)
        while batch := list(islice(it, max(1, batch_size))):
            try:
                yield from self._batch(batch)
            except (CablegramError, MemoryError):
                raise
            except Exception as exc:  # noqa: BLE001 - re-raised, named
                raise StageError(self.name, exc) from exc

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        with language.using(self.lang):
            pending, texts, keep = [], [], []
            for doc in docs:
                if not doc._.cg_actors:
                    doc._.cg_events = []
                    pending.append(None)
                    continue
                readings, sents = untyped(doc)
                ask, kept = questions(asked(sents))
                pending.append((readings, sents, len(texts), len(ask)))
                texts += ask
                keep += kept
            scored = classify.scores(texts, self.type_weights, keep) if texts else None
            for doc, got in zip(docs, pending):
                if got is not None:
                    readings, sents, start, n = got
                    doc._.cg_events = finish(doc, readings, sents, self.type_weights,
                                             (scored[0], scored[1][start:start + n].copy()) if n else None)
        return docs


def load_tables(lang: str) -> None:
    """Load the stage's word lists and models (each cached once per process) with the pipeline, as a
    model is loaded, rather than inside the first article (mostly the classifier's session)."""
    with language.using(lang):
        lexicon.triggers(), lexicon.modality_cues(), lexicon.cameo_table(), roles._trigger_lemmas(), roles.thresholds()
        if classify.available():
            classify._retreat_words(), classify.load_weights(classify.GATE)
