"""Each pass of the actors stage on Docs built by hand (words, tags, parse and entities given), so a
pass is tested on exactly the analysis it is meant to read, without spaCy's model in the loop."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
import spacy

from cablegram import contract  # noqa: F401  (registers the Doc attributes)
from cablegram.actors import coref, described, dictionary, furniture, named, persons, seats, spans
from cablegram.actors.assemble import build_actors, code_of
from cablegram.actors.component import resolve
from cablegram.actors.phrases import np_actor, write_np_actors
from cablegram.actors.state import ActorInfo, State

VOCAB = spacy.blank("en").vocab  # with English lexical attributes (lower_, is_punct, like_url)


def build(rows: str, ents=(), published=None, site=None) -> Doc:
    """A Doc from one row per token: ``word POS TAG dep head [lemma]`` (head: index of the head
    token, or the token's own index for the root); ``ents``: (start, end, label)."""
    parts = [r.split() for r in rows.strip().splitlines()]
    words = [p[0] for p in parts]
    spaces = [not (w == "-" or (i + 1 < len(words) and words[i + 1] in ("-", "'s", ",", ".")))
              for i, w in enumerate(words)]
    doc = Doc(VOCAB, words=words, spaces=spaces, pos=[p[1] for p in parts],
              tags=[p[2] for p in parts], deps=[p[3] for p in parts], heads=[int(p[4]) for p in parts],
              lemmas=[p[5] if len(p) > 5 else p[0].lower() for p in parts])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    doc._.cg_published = published
    doc._.cg_site = site
    return doc


def actors_of(doc: Doc) -> dict:
    st = resolve(doc)
    return build_actors(doc, st.people, st.mentions, None, st.owners)


# -- pass 1: named mentions and their repairs ----------------------------------------------------

def test_furniture_is_never_an_actor():
    doc = build("""
        Wikinews PROPN NNP nsubj 1
        reported VERB VBD ROOT 1 report
        at ADP IN prep 1
        10:00 NUM CD nummod 4
        UTC PROPN NNP pobj 2
    """, ents=[(0, 1, "ORG"), (4, 5, "ORG")], site="en.wikinews.org")
    assert actors_of(doc) == {}
    assert furniture.is_furniture("WN", furniture.own_names("en.wikinews.org"))
    assert not furniture.is_furniture("Wikinews", furniture.own_names("www.bbc.co.uk"))


def test_a_known_person_tagged_org_is_a_person():
    doc = build("""
        Kassym PROPN NNP compound 3
        - PUNCT HYPH punct 3
        Jomart PROPN NNP compound 3
        Tokayev PROPN NNP nsubj 4
        spoke VERB VBD ROOT 4
    """, ents=[(0, 4, "ORG")], published="2021-01-01")
    doc2 = Doc(VOCAB, words=["Kassym-Jomart", "Tokayev", "spoke"], spaces=[True, True, False],
               pos=["PROPN", "PROPN", "VERB"], tags=["NNP", "NNP", "VBD"], deps=["compound", "nsubj", "ROOT"],
               heads=[1, 2, 2])
    doc2.ents = [Span(doc2, 0, 2, label="ORG")]
    doc2._.cg_published = "2021-01-01"
    for d in (doc, doc2):
        found = {a.type for a in actors_of(d).values()}
        assert found <= {"person"}
    tokayev = next(iter(actors_of(doc2).values()))
    assert (tokayev.type, tokayev.country, tokayev.sector) == ("person", "KAZ", "GOV")


def test_a_company_by_the_noun_beside_it():
    doc = build("""
        oil NOUN NN compound 1
        giant NOUN NN compound 2
        Yukos PROPN NNP nsubj 3
        fell VERB VBD ROOT 3
    """, ents=[(2, 3, "PERSON")])
    yukos = actors_of(doc)["yukos"]
    assert (yukos.type, yukos.sector) == ("organization", "BUS")


def test_a_town_where_it_locates_is_a_place_not_a_body():
    doc = build("""
        Pilgrims NOUN NNS nsubj 1
        gathered VERB VBD ROOT 1 gather
        in ADP IN prep 1
        Bethlehem PROPN NNP pobj 2
    """, ents=[(3, 4, "ORG")])
    st = resolve(doc)
    assert st.place_at[3] is not None  # a place (which Bethlehem: the most populous of the name)
    assert not any(m.kind == "org" for m in st.mentions)


def test_spans_merge_a_split_person_and_run_a_body_on():
    doc = build("""
        Zine PROPN NNP compound 3
        El PROPN NNP compound 3
        Abidine PROPN NNP compound 3
        Ben PROPN NNP compound 4
        Ali PROPN NNP nsubj 5
        ruled VERB VBD ROOT 5
    """, ents=[(0, 3, "PERSON"), (3, 5, "PERSON")])
    assert spans.name_spans(State(doc)) == [(0, 5, "PERSON")]
    doc = build("""
        the DET DT det 2
        Ministry PROPN NNP compound 2
        Office PROPN NNP nsubj 6
        of ADP IN prep 2
        Internal PROPN NNP compound 5
        Affairs PROPN NNPS pobj 3
        said VERB VBD ROOT 6 say
    """, ents=[(1, 3, "ORG")])
    assert spans.name_spans(State(doc)) == [(1, 6, "ORG")]


def test_a_body_named_by_common_nouns_is_the_articles_country():
    doc = build("""
        Manila PROPN NNP nsubj 1
        said VERB VBD ROOT 1 say
        and CCONJ CC cc 1
        the DET DT det 4
        Senate PROPN NNP nsubj 5
        agreed VERB VBD conj 1 agree
        with ADP IN prep 5
        the DET DT det 8
        Philippines PROPN NNPS pobj 6
    """, ents=[(0, 1, "GPE"), (4, 5, "ORG"), (8, 9, "GPE")])
    acts = actors_of(doc)
    assert "ph-senate" in acts and acts["ph-senate"].code == "PHLLEG"


# -- pass 2: seats -----------------------------------------------------------------------------------

def test_a_capital_acts_as_its_government_and_locates_as_a_place():
    doc = build("""
        Moscow PROPN NNP nsubj 1
        protested VERB VBD ROOT 1 protest
        in ADP IN prep 1
        Kyiv PROPN NNP pobj 2
    """, ents=[(0, 1, "GPE"), (3, 4, "GPE")])
    st = State(doc)
    seats.seat(st, 0, 1, ("RUS", "GOV"))
    seats.seat(st, 3, 4, ("UKR", "GOV"))
    assert [m.iso3 for m in st.mentions] == ["RUS"] and st.place_at[3] == "UKR"


# -- pass 3: described actors -------------------------------------------------------------------------

def test_described_groups_sources_and_members():
    doc = build("""
        U.S. PROPN NNP compound 1
        officials NOUN NNS nsubj 2
        said VERB VBD ROOT 2 say
        a DET DT det 5
        Belarusian ADJ JJ amod 5
        protester NOUN NN dobj 2
    """, ents=[(0, 1, "GPE"), (4, 5, "NORP")])
    acts = actors_of(doc)
    assert acts["us-officials"].type == "anonymous" and acts["us-officials"].country == "USA"
    assert acts["by-protesters"].type == "group" and acts["by-protesters"].code == "BLROPP"


def test_a_verbless_line_names_its_actor():
    doc = build("""
        army NOUN NN compound 1
        accountant NOUN NN ROOT 1
    """)
    acts = actors_of(doc)
    assert [a.sector for a in acts.values()] == ["MIL"]


def test_equipment_stands_for_its_countrys_forces():
    doc = build("""
        two NUM CD nummod 2
        Chinese ADJ JJ amod 2
        warplanes NOUN NNS nsubj 3
        crossed VERB VBD ROOT 3 cross
    """, ents=[(1, 2, "NORP")])
    assert actors_of(doc)["cn-warplanes"].code == "CHNMIL"


def test_a_role_phrase_alone_is_the_office_holder_at_the_date():
    doc = build("""
        The DET DT det 2
        US PROPN NNP compound 2
        Secretary PROPN NNP nsubj 5
        of ADP IN prep 2
        State PROPN NNP pobj 3
        arrived VERB VBD ROOT 5 arrive
    """, ents=[(1, 2, "GPE")], published="2005-02-07")
    acts = actors_of(doc)
    assert acts["condoleezza-rice"].code == "USAGOV"


def test_an_office_of_a_country_is_its_holder_at_the_date():
    # "The president of Turkey" in October 2020 is Erdogan, whom the article need not name.
    doc = build("""
        The DET DT det 1
        president NOUN NN nsubj 4
        of ADP IN prep 1
        Turkey PROPN NNP pobj 2
        vowed VERB VBD ROOT 4 vow
    """, ents=[(3, 4, "GPE")], published="2020-10-01")
    acts = actors_of(doc)
    assert "tr-president" not in acts
    assert acts["recep-tayyip-erdogan"].code == "TURGOV"
    # ... and in 2010, when he was prime minister, the president was someone else.
    assert dictionary.holder("president", "TUR", "2010-01-01") is None or \
        dictionary.holder("president", "TUR", "2010-01-01").name != "Recep Tayyip Erdogan"
    assert dictionary.holder("prime minister", "TUR", "2010-01-01").name == "Recep Tayyip Erdogan"
    assert dictionary.holder("prime minister", "TUR", "2020-10-01") is None


def test_a_body_of_the_articles_country_is_named_as_a_name():
    # "the government" in an article about Syria is the Government of Syria, named as a name.
    doc = build("""
        Syria PROPN NNP nsubj 1
        said VERB VBD ROOT 1 say
        the DET DT det 3
        government NOUN NN nsubj 4
        agreed VERB VBD ccomp 1 agree
    """, ents=[(0, 1, "GPE")], published="2019-10-14")
    acts = actors_of(doc)
    gov = next(a for a in acts.values() if a.code == "SYRGOV")
    assert gov.name == "Government of Syria"


# -- pass 4: persons and their roles --------------------------------------------------------------------

def test_role_named_before_the_name_and_its_owner():
    doc = build("""
        Putin PROPN NNP poss 2
        's PART POS case 0
        spokesman NOUN NN nsubj 6
        , PUNCT , punct 2
        Dmitry PROPN NNP compound 5
        Peskov PROPN NNP appos 2
        said VERB VBD ROOT 6 say
    """, ents=[(0, 1, "PERSON"), (4, 6, "PERSON")], published="2020-01-01")
    st = resolve(doc)
    acts = build_actors(doc, st.people, st.mentions, None, st.owners)
    peskov = acts["dmitry-peskov"]
    assert peskov.roles and "spokesman" in peskov.roles[0]
    assert [m.text for m in peskov.mentions][0].endswith("spokesman")
    from cablegram.actors.assemble import affiliations

    assert affiliations(st.owners, acts) == {"dmitry-peskov": "vladimir-putin"} or \
        affiliations(st.owners, acts).get("dmitry-peskov") in acts


def test_a_short_name_binds_to_the_full_name_and_a_title_stays_with_a_regnal_name():
    doc = build("""
        Queen PROPN NNP compound 2
        Elizabeth PROPN NNP compound 2
        II PROPN NNP nsubj 3
        met VERB VBD ROOT 3 meet
        Boris PROPN NNP compound 5
        Johnson PROPN NNP dobj 3
        and CCONJ CC cc 3
        Johnson PROPN NNP nsubj 8
        left VERB VBD conj 3 leave
    """, ents=[(0, 3, "PERSON"), (4, 6, "PERSON"), (7, 8, "PERSON")])
    st = State(doc)
    named.named(st)
    people = persons.persons(st)
    assert "queen-elizabeth-ii" in people and "boris-johnson" in people
    assert [m.actor for m in st.mentions if m.start == 7] == ["boris-johnson"]


# -- pass 5: references back ------------------------------------------------------------------------

def test_pronouns_take_the_subject_and_agree_in_gender():
    doc = build("""
        Ana PROPN NNP compound 1
        Ribeiro PROPN NNP nsubj 2
        met VERB VBD ROOT 2 meet
        Tomas PROPN NNP compound 4
        Eklund PROPN NNP dobj 2
        . PUNCT . punct 2
        She PRON PRP nsubj 7
        said VERB VBD ROOT 7 say
    """, ents=[(0, 2, "PERSON"), (3, 5, "PERSON")])
    st = resolve(doc)
    assert st.pronoun_at[6] == "ana-ribeiro"


def test_the_party_is_the_party_last_named():
    doc = build("""
        Thai PROPN NNP compound 3
        Raksa PROPN NNP compound 3
        Chart PROPN NNP compound 3
        Party PROPN NNP nsubj 4
        withdrew VERB VBD ROOT 4 withdraw
        . PUNCT . punct 4
        the DET DT det 7
        party NOUN NN nsubj 8
        said VERB VBD ROOT 8 say
    """, ents=[(0, 4, "ORG")])
    st = resolve(doc)
    coref.body_descriptions(st)
    assert {m.actor or m.key for m in st.mentions if m.start >= 6} == {"thai-raksa-chart-party"}


# -- what the stage writes for the others; facts and codes ------------------------------------------------

def test_np_actor_of_a_countrys_office_but_not_of_a_persons_relative():
    doc = build("""
        Russia PROPN NNP poss 2
        's PART POS case 0
        minister NOUN NN nsubj 7
        and CCONJ CC cc 2
        Kim PROPN NNP poss 6
        's PART POS case 4
        mother NOUN NN conj 2
        spoke VERB VBD ROOT 7 speak
    """, ents=[(0, 1, "GPE"), (4, 5, "PERSON")])
    for tok in doc:
        tok._.cg_actor = {0: "RUS", 4: "kim"}.get(tok.i)
    doc._.cg_actors = {"RUS": type("A", (), {"type": "country"})(), "kim": type("A", (), {"type": "person"})()}
    write_np_actors(doc)
    assert doc[2]._.cg_np_actor == "RUS" and doc[6]._.cg_np_actor is None
    assert np_actor(doc[4]) == "kim"


def test_facts_by_the_articles_date():
    merkel = dictionary.person("Angela Merkel")
    assert dictionary.facts(merkel, "2015-01-01").sector == "GOV"
    assert dictionary.facts(merkel, "2023-01-01").sector == "ELI"
    assert dictionary.holder("secretary of state", "USA", "2005-02-07").name == "Condoleezza Rice"
    assert dictionary.by_title_and_surname("Secretary", "Rice", "2005-02-07").name == "Condoleezza Rice"


@pytest.mark.parametrize("info,code", [
    (ActorInfo("UN", "United Nations", "organization", sector="IGO", code_country="UNO"), "IGOUNO"),
    (ActorInfo("WHO", "World Health Organization", "organization", sector="HLH", code_country="UNO"), "IGOUNOHLH"),
    (ActorInfo("NATO", "NATO", "organization", sector="MIL", code_country="IGO"), "IGOMIL"),
    (ActorInfo("x", "x", "person", country="RUS", sector="GOV"), "RUSGOV"),
])
def test_codes(info, code):
    assert code_of(info) == code


def test_every_pass_runs_on_an_empty_and_a_verbless_doc():
    for doc in (Doc(VOCAB, words=[]), build("Hello INTJ UH ROOT 0")):
        st = resolve(doc) if len(doc) else State(doc)
        described.described(st)
        assert st.mentions == [] or all(m.start < m.end for m in st.mentions)


def test_a_role_named_after_a_body_takes_the_bodys_sector():
    doc = build("""
        Panamanian PROPN NNP compound 1
        Immigration PROPN NNP compound 2
        inspectors NOUN NNS nsubj 3
        said VERB VBD ROOT 3 say
    """, ents=[(0, 2, "ORG")])
    acts = actors_of(doc)
    group = next(a for a in acts.values() if a.type == "group")
    assert group.code == "PANCOP"  # the immigration service polices; "inspector" alone is GOV


def test_particles_do_not_lengthen_a_name_and_romanisations_meet():
    doc = build("""
        Nawaf PROPN NNP compound 9
        Al PROPN NNP compound 3
        - PUNCT HYPH punct 3
        Ahmad PROPN NNP compound 9
        Al PROPN NNP compound 6
        - PUNCT HYPH punct 6
        Jaber PROPN NNP compound 9
        Al PROPN NNP compound 9
        - PUNCT HYPH punct 9
        Sabah PROPN NNP nsubj 10
        spoke VERB VBD ROOT 10 speak
    """, ents=[(0, 10, "PERSON")], published="2021-05-01")
    acts = actors_of(doc)
    assert [a.code for a in acts.values()] == ["KWTGOV"]
    assert dictionary.spelling("Nawwaf al-Ahmad al-Jabir al-Sabah") == dictionary.spelling(
        "Nawaf Al-Ahmad Al-Jaber Al-Sabah")
    assert dictionary.person("Nawwaf al-Ahmad al-Jabir al-Sabah").name == "Nawaf Al-Ahmad Al-Jaber Al-Sabah"


def test_a_name_word_borne_by_one_countrys_people_gives_the_country():
    assert dictionary.name_country("Tseng Hou-jen") == "TWN"  # Tseng Jing Ling, Tseng Yung Fu, Ovid Tseng
    assert dictionary.name_country("Jam Kamal Khan") is None  # Khans of several countries
    assert dictionary.name_country("Tseng") is None  # one word: too little to go on
