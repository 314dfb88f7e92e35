"""The actors stage (first version: spaCy's named entities, one actor per distinct name)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from ..ids import slug
from ..schema import Actor, Span

_TYPES = {"PERSON": "person", "GPE": "country", "NORP": "country", "ORG": "organization"}


@Language.factory(
    "cablegram_actors",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.cg_actors", "doc.spans", "token._.cg_actor"],
)
def make_actors(nlp: Language, name: str):
    return ActorsComponent()


class ActorsComponent:
    def __call__(self, doc: Doc) -> Doc:
        actors: dict[str, Actor] = {}
        mentions: list[SpacySpan] = []
        for ent in doc.ents:
            kind = _TYPES.get(ent.label_)
            if not kind:
                continue
            actor_id = slug(ent.text)
            actor = actors.setdefault(actor_id, Actor(id=actor_id, name=ent.text, type=kind))
            actor.mentions.append(Span(start=ent.start_char, end=ent.end_char, text=ent.text))
            mentions.append(SpacySpan(doc, ent.start, ent.end, label=actor_id))
            for tok in ent:
                tok._.cg_actor = actor_id
        doc._.cg_actors = actors
        doc.spans["cg_mentions"] = mentions
        return doc
