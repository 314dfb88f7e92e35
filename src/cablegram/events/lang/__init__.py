"""The shapes of the events stage's language files (``lang/<lang>/*.yaml``), one documented model each.

Loaded with :func:`cablegram.lang.load`; unknown keys and wrong types are refused with E034.
Event types (``type``, ``neg``) must be PLOVER types of :mod:`cablegram.ontology`.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field, field_validator

from ...lang import LangData
from ...ontology import event_types


class Trigger(LangData):
    """A word that signals an event. Keys are spaCy lemmas, lower case; a two-word key joins the words
    with ``_`` (``crack_down``: verb + particle/preposition; ``missile_test``: modifier + noun).
    Only the keys given are set: an absent list means the stage's default."""

    type: str = Field(description="PLOVER event type")
    cameo: str = Field(pattern=r"^\d{3,4}$", description="CAMEO code")
    mode: Optional[str] = Field(None, description="PLOVER mode of the type (visit, phone, ...) or a finer label")
    to: Optional[list[str]] = Field(None, description="prepositions whose object is the target, besides direct "
                                                      "and dative objects (default: to, with, against)")
    what: Optional[list[str]] = Field(None, description="prepositions whose object is the thing exchanged, "
                                                        "besides a direct object that is no actor (default: for)")
    place: Optional[list[str]] = Field(None, description="prepositions whose object is where the event happens; "
                                                         "a place there with no actor makes its country the "
                                                         "target ('traveled to Pyongyang')")
    by: Optional[list[str]] = Field(None, description="nouns: prepositions whose object is the source, besides "
                                                      "the possessor ('the request of Prime Minister Johnson', 'a "
                                                      "plea from the UN'; default: by)")
    recip: bool = Field(False, description="reciprocal: coordinated or plural participants act on each other "
                                           "('they met')")
    obj: bool = Field(True, description="false: the direct object is not a target ('hold talks', "
                                        "'launch strikes')")
    neg: Optional[str] = Field(None, description="event type when negated ('did not accept' -> REJECT)")
    acquire: bool = Field(False, description="an acquisition ('buy', 'get'): under a wish ('seek to buy ... "
                                             "from X') it is a REQUEST of X")
    wish: bool = Field(False, description="a wish or need ('seek', 'want'): what is wished for is the what "
                                          "and its target the target; a wish for an act that is no "
                                          "acquisition ('wants to meet') is an aim, not an event")
    weak: bool = Field(False, description="too common to stand alone ('get', 'hit', 'support'): kept only with "
                                          "both a source and a target")
    needs_target: bool = Field(False, description="kept only with a target ('fly', 'arrive', 'call')")
    needs_prt: Optional[str] = Field(None, description="verbs: kept only with this particle ('pull' + 'out')")
    needs_obj: bool = Field(False, description="verbs: kept only with a direct object ('returned the land to "
                                               "Syria', not 'returned to Thailand')")
    obj_party: bool = Field(False, description="verbs: kept only where the direct object is a party ('a coup "
                                               "removed the prime minister', not 'remove a post')")
    needs_cue: Optional[list[str]] = Field(None, description="nouns: kept only with one of these lemmas as a "
                                                             "modifier ('military exercise', 'joint drill')")
    plural: bool = Field(False, description="nouns: kept only in the plural ('talks', not 'talk')")

    @field_validator("type", "neg")
    @classmethod
    def _plover(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in event_types():
            raise ValueError(f"{value!r} is not a PLOVER event type ({', '.join(event_types())})")
        return value


class Triggers(LangData):
    """``triggers.yaml``: the verb and noun triggers of PLOVER events and the word lists around them."""

    verbs: dict[str, Trigger] = Field(description="verb lemma (or 'verb_particle') -> trigger")
    nouns: dict[str, Trigger] = Field(description="noun lemma (or 'modifier_noun', or 'noun_preposition_object' "
                                                  "as in 'cessation_of_hostilities') -> trigger")
    light_verbs: list[str] = Field(description="verbs that carry their object noun's event ('hold talks', "
                                               "'impose sanctions'): the event is the noun's, the verb gives "
                                               "source and tense")
    against: list[str] = Field(description="verbs of a purpose clause that names whom an event is aimed at "
                                           "('missile tests to protest U.S. moves')")
    desire_nouns: list[str] = Field(description="nouns of wanting: 'X's priorities would be aid shipments' is a "
                                                "REQUEST by X of the shipments")
    enablers: list[str] = Field(description="verbs of letting whose clause is the event ('would allow people to be "
                                            "extradited', 'allowing a court to require'): no event of their own "
                                            "where they govern a clause")
    place_preps: list[str] = Field(description="prepositions whose object is where something happens ('sued in "
                                               "Austria', 'killed in Afghanistan'): a party there is no target "
                                               "unless the trigger's own 'to' names the preposition")
    preventers: list[str] = Field(description="verbs of preventing ('foil', 'thwart'): whoever prevents an event "
                                              "named by their object ('working to foil terror attacks') is not its "
                                              "doer; only a party inside the noun's phrase is")
    silence: list[str] = Field(description="verbs of speaking whose refusal is only silence, no REJECT ('declined "
                                           "to comment', 'refused to confirm')")
    state_acts: list[str] = Field(description="verbs of acts only a state does ('arrest', 'detain', 'deport'): "
                                              "in a passive without agent ('Siarhei, who was arrested in May') "
                                              "the doer is the government of the target's country (else of the "
                                              "article's country), as event coders code it")
    first_person: list[str] = Field(default_factory=list, description="first-person pronouns: inside a direct "
                                    "quotation they stand for its speaker ('I thank John', wrote Trump)")
    speech_objects: list[str] = Field(default_factory=list, description="nouns of speech: a verb of giving whose "
                                      "object is one gives no aid ('gave a different account', 'delivered the "
                                      "speech via video')")
    reason_preps: list[str] = Field(default_factory=list, description="prepositions that name the reason or "
                                    "occasion of an event ('faces sanctions over its war in Ukraine', 'amid "
                                    "protests by X'): a party inside their phrase is neither its source nor target "
                                    "unless the trigger's own 'to' names the preposition")
    disapproval: list[str] = Field(default_factory=list, description="words of blame (lemmas or forms): in a "
                                   "quotation they make an ACCUSE event of its speaker against the doer of their "
                                   "clause ('President Trump treats the rule of law with utter contempt,' said "
                                   "Becerra)")
    home_target_types: list[str] = Field(default_factory=list, description="event types that, with a doer from "
                                         "elsewhere and no one named as their target, are aimed at the article's "
                                         "country ('ISIL claimed responsibility for all three attacks' in an article "
                                         "about Tunisia)")
    demanding: Optional[Trigger] = Field(None, description="the event a statement that another party must or "
                                         "should act is ('the US said China must drop barriers': a REQUEST by "
                                         "the speaker of that party)")
    demand_reporters: list[str] = Field(default_factory=list, description="verbs of stating whose clause with a "
                                        "demand modal ('said that X must') is a demand of the clause's subject")
    undoing: list[str] = Field(default_factory=list, description="verbs of undoing ('lifted the ban', 'eased "
                               "restrictions'): their object's event is what is undone, no event of its own")
    undone_conflict: Optional[Trigger] = Field(None, description="the event a verb of undoing is whose object "
                                               "names a conflict ('ended the strike', 'called off the boycott': "
                                               "a concession, CAMEO 08)")
    undone_cooperation: Optional[Trigger] = Field(None, description="the event a verb of undoing is whose object "
                                                  "names cooperation ('cancelled a planned visit', 'scrapped the "
                                                  "deal': a rejection, CAMEO 12)")
    demand_modals: list[str] = Field(default_factory=list, description="modals of obligation ('must', 'should'): "
                                     "under a verb of stating, the clause is demanded of its subject")
    place_target_types: list[str] = Field(description="event types aimed at the government of the place where "
                                                      "they happen ('held a rally in Minsk': PROTEST of Belarus; troops on alert "
                                                      "in the West Bank: MOBILIZE)")


# every language file of the stage and its model: what the component checks at construction
FILES = {"triggers": Triggers}
