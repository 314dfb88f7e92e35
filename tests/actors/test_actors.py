"""The actors stage on the flagship example and on sentences written for these tests."""

from __future__ import annotations

import pytest

from benchmarks.actors import case_doc, mention_actor, ngec_reading


def _by_id(analysis):
    return {a.id: a for a in analysis.actors}


def _doc(nlp, text):
    return nlp(text)


# -- the flagship example ------------------------------------------------------------------

def test_example_actors_have_expected_ids_types_countries(example, expected):
    got = _by_id(example)
    for exp in expected["actors"]:
        assert exp["id"] in got, f"missing {exp['id']}"
        actor = got[exp["id"]]
        want_type = {"anonymous-source": "anonymous"}.get(exp["type"], exp["type"])
        assert actor.type == want_type, exp["id"]
        code = (exp.get("code") or "").split()
        if exp["type"] == "country":
            assert actor.country == exp["id"]
        elif code and code[0] != "IGO":
            assert actor.country == code[0], exp["id"]


def test_example_sectors(example, expected):
    got = _by_id(example)
    # the intelligence agency is PLOVER SPY (a part of government; expected.yaml says GOV)
    also = {"GOV": {"SPY"}}
    for exp in expected["actors"]:
        code = (exp.get("code") or "").split()
        if len(code) == 2:
            sector = got[exp["id"]].sector
            assert sector == code[1] or sector in also.get(code[1], set()), exp["id"]


def test_mr_kim_is_always_kim_jong_un(example):
    kims = [(a.id, m.text) for a in example.actors for m in a.mentions if m.text in ("Mr. Kim", "Kim")]
    assert kims and all(ident == "kim-jong-un" for ident, _ in kims)
    assert _by_id(example)["kim-jong-un"].ambiguous  # another Kim is in the article


def test_short_names_resolve_to_full_names(example):
    got = _by_id(example)
    for ident, short in (("nam-sung-wook", "Mr. Nam"), ("park-won-gon", "Mr. Park"), ("du-hyeogn-cha", "Mr. Cha"),
                         ("sergei-shoigu", "Mr. Shoigu"), ("vladimir-putin", "Mr. Putin")):
        assert short in [m.text for m in got[ident].mentions], ident


def test_roles_come_from_titles_and_appositives(example):
    got = _by_id(example)
    assert got["sergei-shoigu"].roles == ["Defense Minister"]
    assert got["sergei-shoigu"].code == "RUSMIL"
    assert any("Asan Institute for Policy Studies" in r for r in got["du-hyeogn-cha"].roles)
    assert got["du-hyeogn-cha"].code == "KOREDU"


def test_places_are_not_actors(example):
    texts = {m.text for a in example.actors for m in a.mentions}
    assert "Vladivostok" not in texts and "Seoul" not in texts
    assert "ICBMs" not in texts


def test_metonyms_are_the_governments(example):
    got = _by_id(example)
    assert "Moscow" in [m.text for m in got["RUS"].mentions]
    assert "Pyongyang" in [m.text for m in got["PRK"].mentions]


def test_mentions_are_exact_offsets(example):
    text = example.document.text
    for a in example.actors:
        for m in a.mentions:
            assert text[m.start:m.end] == m.text


# -- sentences written for these tests -----------------------------------------------------

TEXT = (
    "Brazilian Foreign Minister Ana Ribeiro met Chinese officials in Shanghai on Tuesday. "
    "Ms. Ribeiro said Brasilia and Beijing would sign a trade pact. "
    "Tomas Eklund, a professor at Uppsala University, said the deal was a surprise. "
    "He said Sweden's intelligence agency had warned lawmakers. "
    "Experts said the ICBMs were a concern, a Brazilian official said. "
    "Zorvath Quillane also spoke."
)


@pytest.fixture(scope="module")
def sample(nlp):
    return _doc(nlp, TEXT)


def _actor_at(doc, word, nth=0):
    toks = [t for t in doc if t.text == word]
    return toks[nth]._.cg_actor


def test_person_with_title_gets_country_sector_role(sample):
    actors = sample._.cg_actors
    ana = actors["ana-ribeiro"]
    assert (ana.country, ana.sector, ana.code) == ("BRA", "GOV", "BRAGOV")
    assert ana.roles == ["Foreign Minister"]
    assert "Ms. Ribeiro" in [m.text for m in ana.mentions]


def test_group_and_anonymous_actors(sample):
    actors = sample._.cg_actors
    assert actors["cn-officials"].type == "anonymous" and actors["cn-officials"].country == "CHN"
    assert actors["br-officials"].country == "BRA"  # "a Brazilian official" joins the group id
    assert "experts" in actors and actors["experts"].country is None
    assert actors["se-intelligence-agency"].sector == "SPY"
    assert "lawmakers" in actors


def test_metonyms_and_places(sample):
    assert _actor_at(sample, "Brasilia") == "BRA"
    assert _actor_at(sample, "Beijing") == "CHN"
    assert _actor_at(sample, "Shanghai") is None


def test_every_token_of_a_mention_is_marked(sample):
    for span in sample.spans["cg_mentions"]:
        assert all(t._.cg_actor for t in span)


def test_pronoun_and_affiliation(sample):
    assert _actor_at(sample, "He") == "tomas-eklund"
    tomas = sample._.cg_actors["tomas-eklund"]
    assert (tomas.country, tomas.sector) == ("SWE", "EDU") or tomas.sector == "EDU"


def test_unknown_name_is_unresolved_not_guessed(sample):
    unknown = sample._.cg_actors["zorvath-quillane"]
    assert unknown.type == "person" and unknown.country is None and unknown.code is None


def test_no_actor_for_weapons(sample):
    assert _actor_at(sample, "ICBMs") is None


def test_np_actor_walks_the_noun_phrase(nlp):
    doc = nlp("Lena Kovac, the former central bank governor, said Moldova's foreign minister lied. "
              "Ms. Kovac's plan failed.")
    gov = [t for t in doc if t.text == "governor"][0]
    assert gov._.cg_np_actor == "lena-kovac"
    minister = [t for t in doc if t.text == "minister"][0]
    assert minister._.cg_np_actor == "md-foreign-minister"  # no holder known: the office
    plan = [t for t in doc if t.text == "plan"][0]
    assert plan._.cg_np_actor is None  # "Kovac's plan" is not Kovac


def test_empty_and_odd_input(nlp):
    for text in ("", "   ", "!!! ???", "the the the", "Mr."):
        doc = nlp(text)
        assert isinstance(doc._.cg_actors, dict)


# -- single mentions, as a short document through the stage ----------------------------------

def _resolve(nlp, text, context=None, date=None):
    doc, end = case_doc(nlp, {"text": text, "context": context, "date": date})
    return ngec_reading(mention_actor(doc, end))


@pytest.mark.parametrize("text,country,sector", [
    ("Kenyan police", "KEN", "COP"),
    ("the Pentagon", "USA", "MIL"),
    ("a former Brazilian president", "BRA", "ELI"),
    ("U.N. Security Council", "UNO", None),
    ("Norwegian fishermen", "NOR", "AGR"),
    ("army accountant", None, "MIL"),
    ("two Spanish soldiers", "ESP", "MIL"),
    ("Zorvath Quillane", None, None),
])
def test_single_mentions(nlp, text, country, sector):
    assert _resolve(nlp, text) == (country, sector)


def test_single_mentions_use_context_and_dates(nlp):
    assert _resolve(nlp, "the national guard", context="Peruvian")[0] == "PER"
    assert _resolve(nlp, "Angela Merkel", date="2015-01-01") == ("DEU", "GOV")
    assert _resolve(nlp, "Angela Merkel", date="2023-01-01") == ("DEU", "ELI")


def test_places_and_their_countries(nlp):
    doc = nlp("The ship sailed from Vladivostok to Kiev, and Moscow protested.")
    assert {s.text: s.label_ for s in doc.spans["cg_places"]} == {"Vladivostok": "RUS", "Kiev": "UKR", "Moscow": "RUS"}
    assert [t for t in doc if t.text == "Kiev"][0]._.cg_place == "UKR"
    assert [t for t in doc if t.text == "ship"][0]._.cg_place is None
    assert [t for t in doc if t.text == "Moscow"][0]._.cg_actor == "RUS"  # a capital acting is its government


def test_np_actor_of_relative_pronoun(nlp):
    doc = nlp("But Lena Kovac, who is now a professor at Oslo University, said the plan failed.")
    who = [t for t in doc if t.text == "who"][0]
    assert who._.cg_np_actor == "lena-kovac"


def test_gender_agreement(nlp):
    doc = nlp("Maria Lopez met Carlos Ortega in Lima. She said the talks went well.")
    assert _actor_at(doc, "She") == "maria-lopez"


def test_descriptions_surnames_and_bodies(nlp):
    doc = nlp("President Ana Torres met Pedro Salas in Lima. The president said Salas agreed. "
              "The Pentagon said it would send advisers, and Pentagon officials met reporters.")
    assert _actor_at(doc, "president", 0) == "ana-torres"   # "The president" -> the last president named
    assert _actor_at(doc, "Salas", 1) == "pedro-salas"       # a bare surname spaCy may leave untagged
    pentagon = doc._.cg_actors["us-pentagon"]
    assert (pentagon.type, pentagon.country, pentagon.sector) == ("organization", "USA", "MIL")
    assert _actor_at(doc, "it") == "us-pentagon"
    assert _actor_at(doc, "officials") == "us-officials"


def test_boilerplate_credit_is_skipped(nlp, example):
    # the photo credit line ("Alexander Zemlianichenko/AP/File") is never an actor
    assert not any("Zemlianichenko" in m.text for a in example.actors for m in a.mentions)


def test_namesake_named_just_before_takes_the_short_name(nlp):
    doc = nlp("Mr. Park met President Park Jin-ho in Seoul. Park Min-su, an analyst at Yonsei University, "
              "disagreed. Park added that the talks would fail.")
    parks = [t for t in doc if t.text == "Park"]
    assert parks[-1]._.cg_actor == "park-min-su"
    assert doc._.cg_actors["park-min-su"].ambiguous


def test_possessive_prefers_the_subject_over_an_oblique(nlp):
    doc = nlp("Iran is trying to buy drones from Turkey to replace aircraft lost in its war with Iraq.")
    its = [t for t in doc if t.text == "its"][0]
    assert its._.cg_actor == "IRN"
    # the nearest country is not in a prepositional phrase: it stays the antecedent
    doc = nlp("Chile is holding naval drills to answer Peruvian plans to enlarge its fleet in the Pacific.")
    its = [t for t in doc if t.text == "its"][0]
    assert its._.cg_actor == "PER"


def test_a_company_without_its_suffix_and_as_the_company(nlp):
    doc = nlp("The regulator revoked Norvane's licence on Monday. Later that day the company "
              "stopped trading. Norvane Holdings is the largest shipping firm in Norway, and the "
              "licence of Norvane had expired in May.")
    ident = next(k for k, a in doc._.cg_actors.items() if a.name == "Norvane Holdings")
    said = [m.text for m in doc._.cg_actors[ident].mentions]
    assert said.count("Norvane") == 2 and "the company" in said


def test_a_party_without_its_last_word_or_with_it_in_lower_case(nlp):
    doc = nlp("The Green Dawn Party nominated a candidate on Friday. On Monday, the Green Dawn party "
              "withdrew the nomination, and Green Dawn said it would name another candidate.")
    parties = [a for a in doc._.cg_actors.values() if a.type == "organization"]
    assert len(parties) == 1 and parties[0].name == "Green Dawn Party"
    assert len(parties[0].mentions) >= 3


def test_a_name_that_begins_the_one_longer_name_is_that_person(nlp):
    doc = nlp("Princess Sirilaka Wongsaro filed her candidacy on Friday. On Monday, Princess Sirilaka "
              "withdrew it, and the party thanked her.")
    people = [a for a in doc._.cg_actors.values() if a.type == "person"]
    assert len(people) == 1 and "Sirilaka" in [m.text for m in people[0].mentions]


def test_a_plural_postpositive_role_and_where_the_group_comes_from(nlp):
    doc = nlp("On Monday, attorneys general from twelve states filed a lawsuit against the order.")
    group = next(a for a in doc._.cg_actors.values() if a.type == "group")
    assert group.name == "attorneys general from twelve states"
    assert [m.text for m in group.mentions] == ["attorneys general"]


def test_a_name_described_as_a_building_is_no_person_and_diacritics_fold(nlp):
    doc = nlp("On Wednesday, President Recep Tayyip Erdoğan pledged converting Hagia Sophia, formerly a "
              "Greek Orthodox church and now a museum, to a mosque. Erdogan said Hagia Sophia's name "
              "would change.")
    people = {a.name: [m.text for m in a.mentions] for a in doc._.cg_actors.values() if a.type == "person"}
    assert list(people) == ["Recep Tayyip Erdoğan"] and "Erdogan" in people["Recep Tayyip Erdoğan"]


def test_a_bare_group_noun_is_the_group_named_before_with_its_country(nlp):
    doc = nlp("On Friday, thousands of Chilean protesters gathered outside the palace. Some protesters "
              "threw eggs. Protesters' demands include the release of protesters who were arrested.")
    groups = [a for a in doc._.cg_actors.values() if a.type == "group"]
    assert len(groups) == 1 and groups[0].country == "CHL"
    assert [m.text for m in groups[0].mentions].count("protesters") >= 1
    assert any(m.text == "Protesters" for m in groups[0].mentions)  # the possessor acts
    # two groups with that noun before it: which one is meant is not known
    doc = nlp("Chilean protesters and Peruvian protesters gathered. Protesters threw eggs.")
    assert sum(a.country is None for a in doc._.cg_actors.values() if a.type == "group") == 1


def test_the_president_is_never_the_vice_president(nlp):
    doc = nlp("Brazilian President Jair Bolsonaro said on Friday he may veto the budget. The Vice President, "
              "Hamilton Mourao, said on Friday the country is in crisis. Senators made a plea to the "
              "president on Monday.")
    president = next(t for t in doc if t.lower_ == "president" and t.i > 20)
    assert president._.cg_actor == "jair-bolsonaro"


def test_a_national_body_modifying_an_act_did_it(nlp):
    doc = nlp("Peru held elections in March. A military coup removed the prime minister in 2006.")
    military = next(t for t in doc if t.text == "military")
    actor = doc._.cg_actors[military._.cg_actor]  # the act stays an event noun ("the Hamas attack")
    assert (actor.country, actor.sector) == ("PER", "MIL")


def test_the_country_is_the_most_prominent_country_of_its_sentence(nlp):
    doc = nlp("Canada imposed new tariffs on Monday. Buying oil from Venezuela would be a breach of "
              "sanctions, backed by Canada, that ban all trade with the isolated country.")
    country = next(t for t in doc if t.text == "country")
    assert country._.cg_actor == "VEN"  # not Canada, named inside a modifier nearer to it
    doc = nlp("Italy, the country with the most deaths, closed its schools. Spain said on Monday it would follow.")
    assert next(t for t in doc if t.text == "country")._.cg_actor == "ITA"
    # a country that only modifies a noun is no candidate: the troops are in Iraq
    doc = nlp("Iraq's parliament voted to expel foreign forces on Sunday. There are about 5000 U.S. troops "
              "now in the country.")
    assert next(t for t in doc if t.text == "country")._.cg_actor == "IRQ"


def test_a_body_takes_the_country_its_describing_noun_gives(nlp):
    doc = nlp("The regulator shut down Norvane Broadcasting Corporation on Monday. Norvane Broadcasting "
              "Corporation is the largest television company in Norway. The president accused the network "
              "of \"swindling\".")
    body = next(a for a in doc._.cg_actors.values() if a.name.startswith("Norvane"))
    assert body.country == "NOR"
    assert "the network" in [m.text for m in body.mentions]  # "of" + a verb says what, not which network
    doc = nlp("Vyasna, an independent Belarusian human rights center, counted the visitors on Thursday.")
    assert doc._.cg_actors["vyasna"].country == "BLR"


def test_they_for_a_body_that_is_the_subject_before_it(nlp):
    doc = nlp("The president threatened Norvane Broadcasting Corporation before, after Norvane Broadcasting "
              "Corporation didn't carry his commercials, which they've said was due to a lack of airtime.")
    they = next(t for t in doc if t.lower_ == "they")
    assert they._.cg_actor and doc._.cg_actors[they._.cg_actor].type == "organization"
    doc = nlp("Thames Valley Police said they had arrested a second man. The police caught him.")
    assert next(t for t in doc if t.lower_ == "they")._.cg_actor == next(
        k for k, a in doc._.cg_actors.items() if a.name == "Thames Valley Police")
