"""The actors stage: every mention of an article resolved to a canonical actor.

The passes, in order, each a module reading spaCy's parse and the gazetteer (never one
article's strings): :mod:`.named` (named mentions, entity types repaired), :mod:`.seats`
(capitals as governments or places), :mod:`.described` (role nouns: "U.S. officials"),
:mod:`.persons` with :mod:`.titles` (names clustered, roles), :mod:`.coref` (references back);
:mod:`.assemble` makes the actors. Work per token is bounded, so time is linear in the article.

Assigns ``Doc._.cg_actors`` (id -> :class:`schema.Actor`), ``Doc.spans["cg_mentions"]``
(one span per mention, ``label_`` = actor id; spans may nest, e.g. "North Korean"
inside "North Korean leader Kim Jong Un"), ``Token._.cg_actor`` on every token of
a mention (the innermost mention wins), ``Token._.cg_np_actor`` (the actor of the noun
phrase a token is in), ``Token._.cg_place`` and ``Doc.spans["cg_places"]`` (place names
and their country) and ``Doc._.cg_affiliations`` (who speaks or works for whom); see
:mod:`cablegram.contract` for their meaning. Later stages read these and never call in here.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from . import coref, described, dictionary, furniture, gazetteer as gz, lookup, named, nouns, persons
from .assemble import affiliations, build_actors
from .phrases import write_np_actors, write_places
from .state import State


@Language.factory(
    "cablegram_actors",
    requires=["doc.ents", "doc.sents", "token.dep", "token.pos", "token.tag", "token.lemma", "token.ent_type",
              "doc._.cg_published", "doc._.cg_parts"],
    assigns=["doc._.cg_actors", "doc._.cg_affiliations", "doc.spans", "token._.cg_actor", "token._.cg_np_actor",
             "token._.cg_place"],
)
def make_actors(nlp: Language, name: str):
    return ActorsComponent(nlp)


class ActorsComponent:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        load_tables()

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.cg_actors = {}
            doc._.cg_affiliations = {}
            doc.spans["cg_mentions"] = []
            doc.spans["cg_places"] = []
            return doc
        st = resolve(doc)
        people, mentions = st.people, st.mentions
        in_text = {m.iso3 for m in mentions if m.iso3} | {iso for _, _, iso in st.places}
        actors = build_actors(doc, people, mentions, in_text, st.owners)
        spans = []
        for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
            ident = m.actor or m.key
            if ident not in actors:
                continue
            spans.append(SpacySpan(doc, m.start, m.end, label=ident))
        # outer mentions first, so the innermost one is what a token keeps
        actor_at: list = [None] * len(doc)
        for span in sorted(spans, key=lambda s: -(s.end - s.start)):
            actor_at[span.start:span.end] = [span.label_] * (span.end - span.start)
        for i, ident in enumerate(actor_at):
            if ident is not None:
                doc[i]._.cg_actor = ident
        doc._.cg_actors = actors
        doc._.cg_affiliations = affiliations(st.owners, actors)
        doc.spans["cg_mentions"] = spans
        doc.spans["cg_places"] = write_places(doc, st.places, mentions)
        write_np_actors(doc, actor_at)
        return doc


def load_tables() -> None:
    """Build the gazetteer's and the dictionary's indexes (each cached once per process) with the
    pipeline, as a model is loaded, rather than inside the first article (over a second of it)."""
    for table in (gz.special, gz.gender, gz.countries, gz.country_index, gz.demonym_index, gz.seat_index,
                  gz.city_index, gz.region_index, gz.role_index, gz.max_role_len, gz.role_last_words, gz._bodies, furniture._data,
                  dictionary.people, dictionary.surnames, dictionary.name_word_countries, dictionary.titles,
                  dictionary.spellings, dictionary.offices, lookup._index):
        table()
    for which in ("country", "demonym"):
        gz._by_prefix(which)


def resolve(doc: Doc) -> State:
    """The passes in order; each reads the parse, the gazetteer and what earlier passes found."""
    st = State(doc)
    named.named(st)
    st.story_country = st.find_story_country()
    named.generic_bodies(st)
    coref.body_short_forms(st)
    described.described(st)
    described.body_actions(st)
    st.people = persons.persons(st)
    coref.role_descriptions(st, st.people)
    coref.office_holders(st)
    coref.body_descriptions(st)
    coref.short_forms(st)
    nouns.country_nouns(st)
    coref.pronouns(st)
    described.described(st)  # again: "its military", "the country's election commission" now have their country
    nouns.group_nouns(st)
    nouns.described_countries(st)
    return st
