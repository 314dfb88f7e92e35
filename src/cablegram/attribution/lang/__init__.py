"""The shapes of the attribution stage's language files (``lang/<lang>/*.yaml``), one documented model each.

``cues.yaml``: the words that report speech, thought and stance (verbs, nouns, prepositions) and the
words around them the passes read. ``sources.yaml``: the head nouns that make a phrase a source and
its kind. Words are spaCy lemmas, lower case. Loaded with :func:`cablegram.lang.load`; unknown keys
and wrong types are refused with E034.
"""

from __future__ import annotations

from pydantic import Field

from ...lang import LangData

Words = list[str]


def _f(description: str, default=None):
    if default is None:
        return Field(description=description)
    return Field(default_factory=default, description=description)


class Cues(LangData):
    """``cues.yaml``: cue words of attribution and the words the passes read around them."""

    speech: Words = _f("verbs that report what someone said or wrote; they introduce quotations and reported "
                       "clauses")
    cognition: Words = _f("verbs that report a belief or attitude; a cue only with a clause ('X suspected "
                          "that ...')")
    clause_only: Words = _f("verbs that report only through a clause or topic of their own, never as a "
                            "parenthetical or trailing cue ('as Obama spoke from the White House'); cognition "
                            "verbs that are no speech verb are read so too", list)
    passive_ok: Words = _f("verbs that report with no stated source in the passive ('it was reported that ...')")
    phrasal: dict[str, Words] = _f("verb -> particles that make a cue of it ('point out', 'lash out')", dict)
    not_sources: Words = _f("words that are never sources although parsed as subjects ('it', 'there')", list)
    object_cues: Words = _f("verbs whose noun-phrase object is the attributed content ('X praised the deal'); "
                            "only with a subject that can be a source", list)
    object_preps: dict[str, Words] = _f("verb -> prepositions whose object is the content ('called for an "
                                        "inquiry', 'warned of dangers')", dict)
    not_speaker_labels: Words = _f("line prefixes before a colon that label a block, not a speaker ('Update:', "
                                   "'Photo:')", list)
    addressee_verbs: Words = _f("cue verbs whose direct object is the addressee, not the content ('told CNN')",
                                list)
    headline_extra: Words = _f("past forms headlines use as cues besides the present forms derived from the "
                               "verb lists", list)
    noun_cues: dict[str, Words] = _f("nouns that report a claim or stance with a possessor ('Trump's claim that "
                                     "...') -> prepositions introducing the content besides a that-clause", dict)
    regard_verbs: Words = _f("verbs of regard, a stance only with an 'as' phrase ('voters see her as ...')", list)
    breaking_particles: Words = _f("particles that make another verb of a cue verb ('show up', 'give off')", list)
    author_preps: Words = _f("prepositions naming a document's author ('a statement by the ministry')", list)
    issue_verbs: Words = _f("verbs whose subject authors the document they take as object ('the palace issued a "
                            "statement saying ...')", list)
    circumstance_deps: Words = _f("dependency labels that may stand between a cue and the quotation it "
                                  "introduces ('said on Friday \"...\"')", list)
    quote_joins: Words = _f("words joining two quotations of one speaker ('\"...\" and \"...\"')", list)
    stance_copulas: Words = _f("verbs joining a cue noun to its content ('her view is that ...')", list)
    intention: Words = _f("verbs of intention or wish: with an infinitive they report their subject's wish ('sought "
                          "to limit the damage')", list)
    describing_deps: Words = _f("relations of a participle to the noun it modifies: a cue verb attached so with an "
                                "agent ('resolutions, supported by Russia') describes the noun and reports nothing",
                                list)


class Sources(LangData):
    """``sources.yaml``: head nouns (lemmas) of a speaker phrase by the kind of source they make. Named people,
    organisations and countries come from the actors stage; these lists serve common nouns."""

    anonymous: Words = _f("unnamed individual sources ('an official', 'a spokesman')")
    group: Words = _f("groups of people as sources ('experts', 'critics')")
    document: Words = _f("documents that carry someone's words ('a statement', 'a tweet'). A noun in "
                         "several lists takes the first of anonymous, group, document, organization")
    organization: Words = _f("organisations as sources ('the ministry', 'the campaign')")
    person_roles: Words = _f("role nouns that make a phrase a possible source although no list above has them "
                             "('the senator'); the kind then comes from the actor", list)


FILES = {"cues": Cues, "sources": Sources}
