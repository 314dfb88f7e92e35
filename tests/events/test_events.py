"""The events stage on sentences written for these tests, on the example, and on bad input."""

from __future__ import annotations

import pytest

import cablegram
from cablegram.events import lexicon, wants


def _events(nlp, text, **kw):
    a = cablegram.analyze(text, nlp=nlp, **kw)
    return a, a.events


def _country(a, actor_id):
    act = a.actor(actor_id)
    return (act.country if act is not None and act.country else actor_id) if actor_id else None


def _dyads(a, events, etype=None):
    return {(e.type, _country(a, s), _country(a, t)) for e in events if etype in (None, e.type)
            for s in e.source or [None] for t in e.target or [None]}


def test_ontology_tables():
    types = lexicon.ontology()["types"]
    assert len(types) == 16
    assert types["ASSAULT"]["quad_class"] == "material-conflict"
    assert types["CONSULT"]["quad_class"] == "verbal-cooperation"
    assert "visit" in types["CONSULT"]["modes"]
    cameo = lexicon.cameo_table()
    assert cameo["042"]["event"] == "CONSULT" and cameo["042"]["mode"] == "visit"
    assert lexicon.future_type("AID") == "AGREE" and lexicon.future_type("ASSAULT") == "THREATEN"


def test_control_chain_request(nlp):
    a, evs = _events(nlp, "Russia is seeking to buy ammunition from North Korea.")
    req = [e for e in evs if e.type == "REQUEST"]
    assert req, evs
    assert ("REQUEST", "RUS", "PRK") in _dyads(a, req)
    assert "ammunition" in (req[0].what or "")
    assert req[0].quad_class == "verbal-conflict" and req[0].cameo


def test_passive_and_agent(nlp):
    a, evs = _events(nlp, "Japan was sharply criticized by China on Tuesday.")
    assert ("ACCUSE", "CHN", "JPN") in _dyads(a, evs)


def test_coordinated_targets_one_event(nlp):
    # a side listing several actors is one event with each of them on that side
    a, evs = _events(nlp, "Germany condemned Iran and Syria.")
    acc = [e for e in evs if e.type == "ACCUSE"]
    assert len(acc) == 1 and set(acc[0].target) == {"IRN", "SYR"} and acc[0].source == ["DEU"]


def test_reciprocal_meeting(nlp):
    # each acts on the other: one event marked reciprocal, the first named as source
    a, evs = _events(nlp, "France and Germany held talks in Berlin on Monday.")
    talks = [e for e in evs if e.type == "CONSULT"]
    assert len(talks) == 1 and talks[0].reciprocal
    assert ("CONSULT", "FRA", "DEU") in _dyads(a, talks)


def test_nominal_event_with_possessor_and_target(nlp):
    a, evs = _events(nlp, "Egypt's military exercises with Greece ended on Friday.")
    assert ("COOPERATE", "EGY", "GRC") in _dyads(a, evs)


def test_modality_possible_negated_expected(nlp):
    a, evs = _events(nlp, "Iran may attack Israel.")
    assert any(e.type == "ASSAULT" and e.modality == "possible" for e in evs)
    a, evs = _events(nlp, "Brazil did not condemn Argentina.")
    assert any(e.type == "ACCUSE" and e.modality == "negated" for e in evs)
    a, evs = _events(nlp, "Iran did not attack Israel.")  # negation is modality, not a type of its own
    assert [e.type for e in evs] == ["ASSAULT"] and evs[0].modality == "negated"
    a, evs = _events(nlp, "Chile will likely want wheat from Peru.")
    assert any(e.type == "REQUEST" and e.modality == "expected" for e in evs)
    a, evs = _events(nlp, "Poland won't accept the offer from Hungary.")
    assert any(e.type == "REJECT" for e in evs)


def test_reported_event_has_claimant(nlp):
    text = "Turkish officials said that Greece had sent troops to Cyprus."
    a, evs = _events(nlp, text)
    ev = next(e for e in evs if e.type in ("AID", "MOBILIZE"))
    assert ev.modality == "reported"
    assert ev.claimant is not None and ev.claimant in {x.id for x in a.actors}


def test_ids_spans_and_actor_references(nlp, example_text):
    a = cablegram.analyze(example_text, nlp=nlp, published="2023-09-06")
    ids = {x.id for x in a.actors}
    assert len({e.id for e in a.events}) == len(a.events)
    for e in a.events:
        assert set(e.source) <= ids and set(e.target) <= ids
        assert e.claimant is None or e.claimant in ids
        for sp in (e.trigger, e.evidence):
            assert a.document.text[sp.start:sp.end] == sp.text
        assert e.evidence.start <= e.trigger.start < e.evidence.end
        assert e.date is not None and e.date.value


def test_example_events(nlp):
    from benchmarks.events import example_scores

    m, _ = example_scores(nlp)
    assert m["example_dyad"] >= 14
    assert m["example_dyad_mod_claim"] >= 10


def test_wants_lines(nlp, example_text):
    a = cablegram.analyze(example_text, nlp=nlp, published="2023-09-06")
    lines = wants(a)
    assert any(w["who"] == "RUS" and w["whom"] == ("PRK",) and w["kind"] == "wants"
               and any("ammunition" in x for x in w["what"]) for w in lines)
    assert all(w["line"] for w in lines)


@pytest.mark.parametrize("text", [
    "Russia. China. Iran. North Korea.",
    "| Country | Exports |\n|---|---|\n| Russia | oil |\n| Iran | gas |",
    "- Russia\n- China\n- sanctions\n- talks\n",
    " ".join(["and the meeting of the committee of the ministers"] * 60) + ".",
    "",
])
def test_bad_input_no_crash_no_invention(nlp, text):
    try:
        a = cablegram.analyze(text, nlp=nlp)
    except cablegram.errors.CablegramError:
        return
    assert all(e.source or e.target for e in a.events)
    assert len(a.events) <= 2


def test_sentence_classifier():
    from cablegram.events import classify

    assert classify.available()  # a required dependency (make demo installs it), never skipped
    got = classify.predict(["Rebels shelled the city and killed dozens of civilians."])
    assert got == ["ASSAULT"]


def code_text(text, nlp):
    """The first sentence record ``cablegram code`` gives a text (a view of analyze()'s events)."""
    from cablegram.pipeline import code_article

    recs = code_article(text, nlp=nlp)
    return recs[0] if recs else None


def test_code_sentence_source_and_target(nlp):
    from cablegram.events.coding import dyads

    coded = code_text("Japan said it had halted economic aid to Serbia.", nlp)
    assert dyads(coded) == {("SANCTION", "JPN", "SRB")}
    # the speaker of a trailing attribution is not a party
    coded = code_text("Russia accused Ukraine of shelling the plant, a Turkish newspaper reported.", nlp)
    assert dyads(coded) == {("ACCUSE", "RUS", "UKR")}


def test_code_sentence_passive_agent_is_the_source(nlp):
    coded = code_text("A refugee camp was attacked by Burundian militiamen on Sunday.", nlp)
    assert coded["type"] == "ASSAULT" and coded["source_countries"] == ["BDI"]


def test_code_sentence_compound_actor_has_no_recipient(nlp):
    coded = code_text("France and Germany agreed to hold joint military exercises.", nlp)
    assert coded["compound"] and set(coded["source_countries"]) == {"FRA", "DEU"}
    assert coded["target_countries"] == []


def test_code_sentence_domestic_parties_take_the_story_country(nlp):
    from cablegram.events.coding import dyads

    assert dyads(code_text("Iraqi police arrested dozens of protesters in Basra, officials said.", nlp)) == {
        ("COERCE", "IRQ", "IRQ")}
    # an unnamed subject phrase acts, of the one country the sentence names
    coded = code_text("Leaders of the opposition coalition in Georgia agreed to postpone the rally.", nlp)
    assert coded["type"] == "AGREE" and coded["source_countries"] == ["GEO"]


def test_code_doc_one_record_per_sentence_with_offsets(nlp, example_text):
    from cablegram.events.coding import code_doc

    doc = nlp(example_text)
    recs = code_doc(doc)
    assert recs
    for r in recs:
        assert r["source_countries"]
        assert doc.text[r["start"]:r["end"]].strip()
    assert any(r["type"] == "CONSULT" and r["source_countries"] == ["PRK"] and r["target_countries"] == ["RUS"]
               for r in recs)


def test_they_met_reciprocal_from_previous_sentence(nlp):
    text = ("A summit with Chinese President Xi Jinping would be President Joe Biden's first trip to China "
            "this year. They met for the first time in 2011.")
    a, evs = _events(nlp, text)
    met = [e for e in evs if e.trigger.text == "met"]
    # one reciprocal event, not two mirrored ones
    assert len(met) == 1 and met[0].reciprocal and len(met[0].source + met[0].target) == 2
    assert met[0].what is None


def test_cli_code_one_record_per_sentence(example_text, tmp_path):
    import json

    from typer.testing import CliRunner

    from cablegram.commands import app

    path = tmp_path / "article.txt"
    path.write_text(example_text, encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(path), "--nl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows and all(r["source_countries"] and r["type"] and r["sentence"] for r in rows)
    assert {r["published"] for r in rows} == {"2023-09-06"}  # from the URL in the scraped text
    kim = [r for r in rows if r["sentence"].startswith("Mr. Kim may travel to Russia")]
    assert kim and kim[0]["type"] == "CONSULT" and kim[0]["cameo"] == "04"
    assert kim[0]["source_countries"] == ["PRK"] and kim[0]["target_countries"] == ["RUS"]


@pytest.mark.parametrize("text", [
    "Ukraine. Russia. NATO. 2023.",
    "Country | Troops | Tanks\nRussia | 100 | 20\nUkraine | 50 | 10\n",
    "- Russia\n- China\n- Iran\n",
    "Russia said hello to everyone in Ukraine on Tuesday.",
])
def test_code_article_invents_no_event(nlp, text):
    from cablegram.pipeline import code_article

    assert code_article(text, nlp=nlp) == []


def test_code_article_long_run_on_and_empty_input(nlp, monkeypatch, capsys):
    import io
    import sys

    from cablegram import commands
    from cablegram.pipeline import code_article

    run_on = " ".join(["and the meeting of the committee of the ministers"] * 60) + "."
    assert code_article(run_on, nlp=nlp) == []
    monkeypatch.setattr(sys, "argv", ["cablegram", "code", "-"])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(SystemExit) as stop:
        commands.main()
    assert stop.value.code == 2
    assert "E011" in capsys.readouterr().err


def test_letting_is_no_event_of_its_own(nlp):
    # "allow X to be removed": the clause is the event, the letting is none (was RETREAT Hong Kong)
    a, evs = _events(nlp, "The Chinese bill would allow Hong Kong residents to be removed to mainland China.")
    assert not [e for e in evs if e.trigger is not None and e.trigger.text.startswith("allow")], evs


def test_a_place_is_no_target(nlp):
    # "sued in Austria": Austria is where, not whom
    a, evs = _events(nlp, "Eva Glawischnig-Piesczek, a Greek politician, sued the Greek government in Austria.")
    assert all("AUT" not in {_country(a, t) for t in e.target} for e in evs), _dyads(a, evs)


def test_a_protest_in_a_country_is_aimed_at_it(nlp):
    a, evs = _events(nlp, "Thousands of Belarusian students held a protest rally in Belarus on Sunday.")
    assert any(e.type == "PROTEST" and "BLR" in {_country(a, t) for t in e.target} for e in evs), _dyads(a, evs)


def test_an_agentless_arrest_is_the_state_s(nlp):
    # "who was arrested": the article's state arrested him
    text = "In Belarus, the opposition politician Viktar Babaryka, who was arrested in May, spoke to reporters."
    a, evs = _events(nlp, text)
    got = [e for e in evs if e.type == "COERCE"]
    assert got and _country(a, got[0].source[0]) == "BLR", _dyads(a, evs)


def test_a_relative_clause_s_doer_is_its_antecedent(nlp):
    # "every country which supports the rebels": not France; "the United States, which opposes": the US
    a, evs = _events(nlp, "France warned every country which supports the rebels in Syria.")
    assert not [e for e in evs if e.type == "SUPPORT" and "FRA" in {_country(a, s) for s in e.source}], _dyads(a, evs)
    a, evs = _events(nlp, "Germany criticized the United States, which opposes the agreement with Iran.")
    assert ("REJECT", "USA", "IRN") in _dyads(a, evs) and ("ACCUSE", "DEU", "USA") in _dyads(a, evs)


def test_declining_to_comment_is_no_rejection(nlp):
    a, evs = _events(nlp, "The Russian embassy declined to comment on the report by the United States.")
    assert not [e for e in evs if e.type == "REJECT"], _dyads(a, evs)
    a, evs = _events(nlp, "China declined the invitation from Japan.")
    assert ("REJECT", "CHN", "JPN") in _dyads(a, evs)


def test_which_is_opposed_is_the_antecedent_s_stance(nlp):
    a, evs = _events(nlp, "Britain and France want new sanctions, but the US, which is opposed, has blocked the plan.")
    rej = [e for e in evs if e.type == "REJECT"]
    assert rej and all({_country(a, s) for s in e.source} == {"USA"} for e in rej), _dyads(a, evs)


def test_whoever_foils_attacks_is_not_their_doer(nlp):
    a, evs = _events(nlp, "Israel said Arafat is not working to foil terror attacks against Israel.")
    ass = [e for e in evs if e.type == "ASSAULT"]
    assert all("Arafat" not in {a.actor(x).name for x in e.source + e.target if a.actor(x)} for e in ass), evs
    a, evs = _events(nlp, "Egypt condemned the Hamas attack on Israel.")
    assert ("ASSAULT", _country(a, "hamas") or "hamas", "ISR") in _dyads(a, evs) or any(
        e.type == "ASSAULT" and _country(a, e.target[0]) == "ISR" and e.source for e in evs), _dyads(a, evs)


def test_a_party_in_the_reason_is_no_party(nlp):
    # "faces sanctions over its war in Ukraine": Ukraine is why, neither source nor target of the sanctions
    a, evs = _events(nlp, "Russia faces international sanctions over its war in Ukraine, and it is seeking weapons "
                          "from other sanctioned countries like North Korea and Iran.")
    san = [e for e in evs if e.type == "SANCTION"]
    assert all("UKR" not in {_country(a, x) for x in e.source + e.target} for e in san), _dyads(a, evs)
    assert all("RUS" not in {_country(a, s) for s in e.source} for e in san), _dyads(a, evs)


def test_criticism_in_a_quotation_is_its_speaker_s_accusation(nlp):
    text = ('"President Trump treats the rule of law with utter contempt," said California Attorney General '
            'Xavier Becerra.')
    a, evs = _events(nlp, text, published="2019-02-19")
    acc = [e for e in evs if e.type == "ACCUSE"]
    assert any("Becerra" in a.actor(s).name and "Trump" in a.actor(t).name
               for e in acc for s in e.source for t in e.target), _dyads(a, evs)
    # praise is no accusation; a thing judged ("speech that might be illegal") accuses no one
    a, evs = _events(nlp, '"President Trump treats the rule of law with great care," said Xavier Becerra.')
    assert not [e for e in evs if e.type == "ACCUSE"], _dyads(a, evs)


def test_an_act_kept_from_happening_is_no_event(nlp):
    text = "The court said the law does not preclude a court of Austria from ordering Facebook to remove the post."
    a, evs = _events(nlp, text)
    assert not [e for e in evs if e.type == "REQUEST"], _dyads(a, evs)


def test_an_object_that_is_no_party_keeps_the_target_in_the_phrase(nlp):
    # "posted on Instagram to thank supporters": Instagram is not thanked
    a, evs = _events(nlp, "The Thai princess posted on Facebook to thank supporters after the election in Thailand.")
    assert not [e for e in evs if e.type == "SUPPORT" and e.target], _dyads(a, evs)


def test_removing_a_leader_is_coercion_removing_a_post_none(nlp):
    a, evs = _events(nlp, "In 2006 the Thai military removed Prime Minister Thaksin Shinawatra from office.")
    assert any(e.type == "COERCE" and _country(a, e.source[0]) == "THA" for e in evs if e.source), _dyads(a, evs)
    a, evs = _events(nlp, "The European court said Facebook must remove a post made by a user in Ireland.")
    assert not [e for e in evs if e.type == "COERCE"], _dyads(a, evs)


def test_a_participle_coordinated_with_a_passive_is_passive(nlp):
    # "who was arrested and banned from the election": the one speaking did not ban them
    text = "Maria Kalesnikava spoke about Viktar Babaryka, who was arrested and banned from the election in Belarus."
    a, evs = _events(nlp, text)
    assert not [e for e in evs if e.source and "Kalesnikava" in (a.actor(e.source[0]).name or "")], _dyads(a, evs)


def test_an_attack_on_no_one_named_is_on_the_article_s_country(nlp):
    text = ("Tunisia's prime minister banned face veils in government offices in Tunisia. "
            "Tunisia was hit by two suicide bombings last week. "
            "The Islamic State of Iraq and the Levant claimed responsibility for all three attacks.")
    a, evs = _events(nlp, text)
    assert any(e.type == "ASSAULT" and e.source and "TUN" in {_country(a, t) for t in e.target} for e in evs), \
        _dyads(a, evs)


def test_an_unattached_relative_clause_s_target_is_in_the_clause(nlp):
    # "U.N. resolutions, supported by Russia, that ban all arms trade with the isolated country"
    text = ("Buying munitions from North Korea would be a violation of U.N. resolutions, supported by Russia, "
            "that ban all arms trade with North Korea.")
    a, evs = _events(nlp, text)
    san = [e for e in evs if e.type == "SANCTION"]
    assert san and all("RUS" not in {_country(a, t) for t in e.target} for e in san), _dyads(a, evs)


def test_a_statement_that_another_must_act_is_a_demand_of_it(nlp):
    a, evs = _events(nlp, "The Bush administration declared on Tuesday that China must drop barriers to "
                          "American exports.")
    req = [e for e in evs if e.type == "REQUEST"]
    assert req and {_country(a, t) for e in req for t in e.target} == {"CHN"}, _dyads(a, evs)
    # demanded of no party, or of the speaker's own country: no demand
    a, evs = _events(nlp, "Prime Minister Ardern said the gun laws should be changed.")
    assert not [e for e in evs if e.type == "REQUEST"], _dyads(a, evs)
    a, evs = _events(nlp, "British Prime Minister Boris Johnson said that Britain must leave the European Union.")
    assert not [e for e in evs if e.type == "REQUEST"], _dyads(a, evs)


def test_curfews_and_martial_law_are_coercion_and_what_is_lifted_no_event(nlp):
    a, evs = _events(nlp, "The Thai government imposed a curfew on protesters in Bangkok.")
    assert "COERCE" in {e.type for e in evs}, _dyads(a, evs)
    a, evs = _events(nlp, "The Thai government said it will impose martial law in Bangkok.")
    assert "THREATEN" in {e.type for e in evs}, _dyads(a, evs)
    a, evs = _events(nlp, "The United States lifted the ban on imports from Vietnam.")
    types = {e.type for e in evs}
    assert "CONCEDE" in types and "SANCTION" not in types, _dyads(a, evs)


def test_a_batch_asks_the_classifier_once_and_reads_each_doc_as_alone(nlp, example_text, monkeypatch):
    """``nlp.pipe``: the events component asks the classifier about the sentences of a whole batch in one
    call (events/component.py ``pipe``), and each Doc's events are those ``nlp(text)`` reads."""
    from cablegram.events import classify

    texts = [example_text, "Rebels shelled the city, the army said.", "",
             "Vladimir Putin met Kim Jong Un in Vladivostok. Russia imposed sanctions on Ukraine."]
    alone = [[e.model_dump_json() for e in nlp(t)._.cg_events] for t in texts]
    calls = []
    scores = classify.scores
    monkeypatch.setattr(classify, "scores", lambda xs, w=None, keep=None: calls.append(len(xs)) or scores(xs, w, keep))
    together = [[e.model_dump_json() for e in d._.cg_events] for d in nlp.pipe(texts, batch_size=8)]
    assert together == alone and any(alone)
    assert len(calls) == 1 and calls[0] > 1


def test_a_hyphenated_spelling_is_the_lexicon_s_noun(nlp):
    # "cease-fire" is split at its hyphen by the tokenizer: still the lexicon's "ceasefire", its span the whole word
    a, evs = _events(nlp, "Afghan President Ashraf Ghani on Thursday announced a weeklong cease-fire with the Taliban "
                          "to coincide with the holiday marking the end of Ramadan next week.")
    got = [e for e in evs if e.type == "RETREAT"]
    assert got and got[0].trigger.text == "cease-fire" and {t for e in got for t in e.target} == {"taliban"}, _dyads(a, evs)


def test_undoing_a_conflict_is_a_concession_and_cooperation_a_rejection(nlp):
    # CAMEO 08 / 12: what is undone decides ("ended the strike" was PROTEST, "called off" CONSULT by "call")
    a, evs = _events(nlp, "Brazil's truck drivers called off the strike after talks with the Brazilian government.")
    assert ("CONCEDE", "BRA", "BRA") in _dyads(a, evs) and not [e for e in evs if e.type in ("ASSAULT", "PROTEST")]
    a, evs = _events(nlp, "The Grand Mufti of Egypt has cancelled a planned visit to Britain.")
    assert ("REJECT", "EGY", "GBR") in _dyads(a, evs), _dyads(a, evs)


def test_a_noun_with_its_of_phrase_is_a_trigger(nlp):
    a, evs = _events(nlp, "Sudan's president declared a cessation of hostilities with the rebels on Monday.")
    got = [e for e in evs if e.type == "RETREAT"]
    assert got and got[0].trigger.text == "cessation", _dyads(a, evs)


def test_a_word_the_classifier_corrects_on_plv_needs_less_to_be_retyped():
    from cablegram.events import classify

    # PLV, out of fold: where the classifier reads "welcome" as SUPPORT, it is right more often than the lexicon
    assert classify.retypes({"SUPPORT": 0.6, "CONSULT": 0.1}, "SUPPORT", "CONSULT", "welcome")
    assert not classify.retypes({"SUPPORT": 0.6, "CONSULT": 0.1}, "SUPPORT", "CONSULT", "meet")
    assert not classify.retypes({"SUPPORT": 0.6, "CONSULT": 0.35}, "SUPPORT", "CONSULT", "welcome")
    assert classify.retypes({"SUPPORT": 0.95}, "SUPPORT", "CONSULT", "meet")  # RETYPE_MIN, any word


def test_welcoming_a_decision_is_support(nlp):
    a, evs = _events(nlp, "The European Union has welcomed Azerbaijani President Ilham Aliyev's decision to pardon "
                          "hundreds of prisoners.")
    assert [e for e in evs if e.type == "SUPPORT" and e.trigger.text == "welcomed"], _dyads(a, evs)


def test_petrarch_s_pattern_of_the_object_keeps_the_word_s_own_type(nlp):
    # "grant" is AID in the lexicon; PLV's counts say the classifier often corrects it (to YIELD: "granted
    # permission"), but CAMEO codes "grant asylum" as AID (075): there the word's counts do not speak
    from cablegram.events.triggers import find, object_pattern, retype_word

    def main_found(text):
        doc = nlp(text)
        return next(f for f in find(doc, {}) if f.trigger.lemma_ == "grant")

    asylum = main_found("Ecuador granted asylum to a Swedish journalist on Monday.")
    assert object_pattern(asylum.trigger)["event"] == "AID" and retype_word(asylum) is None
    permission = main_found("The European Commission granted Portugal permission to inject money into the bank.")
    assert retype_word(permission) == "grant"
