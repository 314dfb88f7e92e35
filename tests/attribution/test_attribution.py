"""The attribution stage on sentences written for these tests, and on the flagship example."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from cablegram.attribution.quotes import find_quotes
from cablegram.ids import span_id


@pytest.fixture(scope="module")
def attrs(nlp):
    """Attributions of a text, processed once per distinct text."""
    cache: dict[str, tuple] = {}

    def run(text: str):
        if text not in cache:
            doc = nlp.make_doc(text)
            doc._.cg_doc_id = "test-doc"
            doc = nlp(doc)
            cache[text] = (doc, doc._.cg_attributions)
        return cache[text][1]

    run.doc = lambda text: (run(text), cache[text][0])[1]
    return run


def by_start(attributions, prefix):
    return next((a for a in attributions if a.content.text.startswith(prefix)), None)


# ----------------------------------------------------------------- direct
def test_split_quote_around_the_cue(attrs):
    text = '"We will not back down on this," Jane Roe said. "The fight goes on for years."'
    found = attrs(text)
    first, second = by_start(found, "We will not"), by_start(found, "The fight goes on")
    assert first is not None and second is not None
    assert first.kind == second.kind == "direct"
    assert first.cue.text == "said" and first.speaker_span.text == "Jane Roe"
    assert second.speaker_span.text == "Jane Roe"


def test_nested_single_quotes_do_not_end_a_quote(attrs):
    text = "“It is a ‘win-win’ outcome for everyone involved here,” said Sam Lee, a trade lawyer."
    quote = by_start(attrs(text), "It is a ‘win-win’")
    assert quote is not None and quote.kind == "direct"
    assert "everyone involved here" in quote.content.text
    assert quote.speaker_span.text.startswith("Sam Lee")


def test_scare_quotes_and_terms_are_not_quotes(attrs):
    text = "The party's so-called “reform” agenda stalled, and its “self-reliance” doctrine faded."
    assert [a for a in attrs(text) if a.kind == "direct"] == []


def test_continuation_quote_in_the_same_paragraph_keeps_the_speaker(attrs):
    text = ("The senator spoke briefly.\n\n“We need this law before the winter comes,” said Maria Lopez, "
            "a senator from Ohio. “Nobody else will act on it.”")
    found = attrs(text)
    cont = by_start(found, "Nobody else will act")
    assert cont is not None and cont.kind == "direct"
    assert cont.speaker_span.text == "Maria Lopez"


def test_multi_paragraph_quote(attrs):
    text = ("“The first part of the statement runs on for a while here,\n\n"
            "“and the second part carries it to the end,” the minister said.")
    found = attrs(text)
    assert by_start(found, "The first part") is not None
    assert by_start(found, "and the second part") is not None


# --------------------------------------------------------------- indirect
def test_said_that(attrs):
    a = by_start(attrs("Officials said that the bridge would reopen next week."), "that the bridge")
    assert a is not None and a.kind == "indirect"
    assert a.cue.text == "said" and a.speaker_span.text == "Officials"
    assert a.source_kind == "anonymous"


def test_parenthetical_cue(attrs):
    text = "In the end, analysts said, the plan will fail."
    a = next((a for a in attrs(text) if "the plan will fail" in a.content.text), None)
    assert a is not None and a.speaker_span.text == "analysts" and a.source_kind == "group"
    doc = attrs.doc(text)
    # the content runs across the parenthetical, whose own words are not part of it
    assert [t.text for t in doc if t._.cg_attribution == a.id and t.text in ("analysts", "said")] == []
    assert all(t._.cg_attribution == a.id for t in doc if t.text in ("plan", "fail"))


def test_trailing_cue(attrs):
    a = by_start(attrs("The economy will shrink this year, economists warned."), "The economy will shrink")
    assert a is not None and a.cue.text == "warned"


def test_according_to(attrs):
    a = by_start(attrs("The talks collapsed on Friday, according to two diplomats."), "The talks collapsed")
    assert a is not None and a.cue.text == "according to"
    assert a.speaker_span.text == "two diplomats"


def test_doubted_whether(attrs):
    a = by_start(attrs("The mayor doubted whether the city could afford the new stadium."), "whether the city")
    assert a is not None and a.cue.text == "doubted" and a.speaker_span.text == "The mayor"


def test_told_reporters(attrs):
    a = by_start(attrs("The general told reporters on Monday that the troops would stay."), "that the troops")
    assert a is not None and a.cue.text == "told"


def test_passive_report_has_no_speaker(attrs):
    a = by_start(attrs("It was reported that the minister had resigned."), "that the minister")
    assert a is not None and a.speaker is None and a.speaker_span is None


def test_report_as_source_is_a_document(attrs):
    a = by_start(attrs("The report found that emissions rose sharply in the north."), "that emissions")
    assert a is not None and a.source_kind == "document"


def test_tokens_point_at_their_attribution(nlp, attrs):
    text = "Officials said that the bridge would reopen next week."
    a = by_start(attrs(text), "that the bridge")
    assert a.id == span_id("test-doc", "attr", a.content.start, a.content.end)
    doc = attrs.doc(text)
    inside = [t for t in doc if a.content.start <= t.idx < a.content.end]
    assert inside and all(t._.cg_attribution == a.id for t in inside)
    assert doc[0]._.cg_attribution is None


def test_typewriter_quotation_marks(attrs):
    text = "''We kept the doors open through the worst of it,'' Ms. Hale said. ''It was tough.''"
    found = attrs(text)
    first = by_start(found, "We kept the doors open")
    assert first is not None and first.kind == "direct" and first.speaker_span.text == "Ms. Hale"
    assert not first.content.text.endswith(",")


def test_title_case_headline(attrs):
    found = attrs("Governor Slams Budget Cuts In Farm Country\n\nThe governor spoke on Tuesday.")
    a = by_start(found, "Budget Cuts")
    assert a is not None and a.cue.text == "Slams" and a.speaker_span.text == "Governor"


def test_speaker_label_line(attrs):
    found = attrs("Interview transcript follows.\n\nMartinez: We never agreed to those terms at all.")
    a = by_start(found, "We never agreed")
    assert a is not None and a.speaker_span.text == "Martinez" and a.cue.text == ":"


def test_stance_with_object_and_passive_agent(attrs):
    a = by_start(attrs("The senator criticized the plan for its cost."), "the plan for its cost")
    assert a is not None and a.cue.text == "criticized" and a.speaker_span.text == "The senator"
    b = by_start(attrs("The measure was opposed by most farmers."), "The measure")
    assert b is not None and b.speaker_span.text == "most farmers" and b.cue.text == "opposed"


def test_participle_modifying_a_noun_reports_nothing(attrs):
    """'resolutions, supported by Russia': the participle describes the noun (PolNeAR train precision 0.50)."""
    found = attrs("The deal violates U.N. resolutions, supported by Russia, that ban all arms trade.")
    assert not [a for a in found if a.cue is not None and a.cue.text == "supported"]
    assert not attrs("The measure, opposed by most farmers, passed.")


def test_effort_is_no_intention(attrs):
    """'tried to X' reports no one's words; 'sought to X' is the subject's wish (PolNeAR counts it)."""
    assert not [a for a in attrs("The minister tried to calm the markets on Monday.") if a.cue is not None and a.cue.text == "tried"]
    a = by_start(attrs("The minister sought to calm the markets on Monday."), "to calm the markets")
    assert a is not None and a.cue.text == "sought"


def test_cue_noun_with_possessor(attrs):
    a = by_start(attrs("The mayor's claim that crime fell was disputed."), "that crime fell")
    assert a is not None and a.cue.text == "claim" and a.speaker_span.text == "The mayor"


def test_quote_after_a_colon_intro(attrs):
    text = "The ministry issued a statement. It read:\n\n“We will respond to every provocation with force.”"
    a = by_start(attrs(text), "We will respond")
    assert a is not None and a.kind == "direct" and a.cue is not None and a.cue.text == "read"


def test_relative_pronoun_speaker_takes_its_antecedents_actor(attrs):
    text = "Maria Lopez, who said the plant would close, left early."
    a = by_start(attrs(text), "the plant would close")
    assert a is not None and a.speaker_span.text == "Maria Lopez"   # the antecedent, not "who"
    doc = attrs.doc(text)
    antecedent = next(t for t in doc if t.text == "Lopez")._.cg_actor
    assert antecedent and a.speaker == antecedent


def test_regard_as_and_perspective_frames(attrs):
    a = by_start(attrs("Many voters see the governor as a weak candidate."), "the governor as a weak candidate")
    assert a is not None and a.cue.text == "see" and a.speaker_span.text == "Many voters"
    assert attrs("They saw a man on the road.") == []
    # a sentence framed "For X, …" is no one's words (PolNeAR train precision of that frame 0.38 of 42)
    assert attrs("For most farmers, the new rules are a disaster.") == []
    assert attrs("For the first time, the team won the cup.") == []


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("text", [
    'He said "this never ends.\n\nOfficials said the vote was delayed.',
    '"""\n\n“\n\n” stray “ marks ” everywhere "',
    "“Unclosed at the end, said nobody",
])
def test_unbalanced_quotes_never_raise(attrs, text):
    found = attrs(text)
    for a in found:
        assert 0 <= a.content.start < a.content.end <= len(text)
    if text.startswith("He said"):
        assert by_start(found, "the vote was delayed") is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab ,."“”‘’\'\n:', max_size=60))
def test_find_quotes_total(text):
    for q in find_quotes(text):
        assert 0 <= q.open_mark < q.start < q.end <= len(text)
        assert text[q.start:q.end].strip()


# ------------------------------------------------------------------ example
def _norm(s):
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("‘", "'")).strip().lower()


def _find(example, start, kinds):
    key = _norm(start)[:30]
    return next((a for a in example.attributions if a.kind in kinds and key in _norm(a.content.text)), None)


def test_example_direct_quotes(example, expected):
    for item in expected["direct_quotes"]:
        attr = _find(example, item["text_starts"], ("direct",))
        assert attr is not None, item["text_starts"]
        assert attr.speaker == item["speaker"], (item["text_starts"], attr.speaker)


def test_example_indirect_attributions(example, expected):
    right = 0
    for item in expected["indirect_quotes"]:
        attr = _find(example, item["content_starts"], ("indirect", "mixed", "direct"))
        right += attr is not None and attr.speaker == item["speaker"]
    assert right >= 16


def test_example_has_no_scare_quotes(example):
    texts = [_norm(a.content.text) for a in example.attributions]
    assert not any(t.strip(" ,.") in ("juche", "self-reliance", "win-win") for t in texts)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([
    "He said", '"', "“", "”", "‘", "’", "''", ",", ".", ":", "\n\n", "officials said", "according to",
    "the plan", "will fail", "Smith", "told reporters that", "it", "was reported", "(", ")", "Says",
]), max_size=25))
def test_stage_never_raises_on_odd_text(nlp, parts):
    text = " ".join(parts)
    doc = nlp.make_doc(text)
    doc._.cg_doc_id = "fuzz"
    for a in nlp(doc)._.cg_attributions:
        assert 0 <= a.content.start < a.content.end <= len(text)
        assert a.content.text == text[a.content.start:a.content.end]


# ------------------------------------------------- speakers (issue 16)
def test_a_quotation_signed_at_the_end_of_its_line(attrs):
    text = ("“He is ignorant of our culture and of the lives we lead here.”― Pamela Padilla\n"
            "“Trump must stop portraying us as dangerous gangsters in every speech.” — Carla Sanchez.\n")
    found = attrs(text)
    first, second = by_start(found, "He is ignorant"), by_start(found, "Trump must stop")
    assert first.speaker_span.text == "Pamela Padilla" and second.speaker_span.text == "Carla Sanchez"


def test_said_comma_quote_then_a_participle_with_the_next_quote(attrs):
    text = ('Steve Peers of the University of Essex, speaking to the BBC, said, "If there is a court order, '
            'then Facebook has to also search for variations of it", also observing, "there is no harmonised '
            'defamation law anywhere".')
    found = attrs(text)
    first, second = by_start(found, "If there is a court"), by_start(found, "there is no harmonised")
    assert first.cue.text == "said" and "Steve Peers" in first.speaker_span.text
    assert second.cue.text == "observing" and "Steve Peers" in second.speaker_span.text


def test_a_cue_inside_a_dash_aside_is_not_the_quotations(attrs):
    text = ('House of Commons Speaker John Bercow commented on the matter — which the BBC noted as an unusual '
            'move by a Speaker — "However it is dressed up, it is blindingly obvious what the purpose is."')
    quote = by_start(attrs(text), "However it is dressed up")
    assert quote is not None and quote.cue.text == "commented"
    assert quote.speaker_span.text.endswith("John Bercow")


def test_a_document_speaks_for_whoever_filed_it(attrs, nlp):
    text = ("On Monday, attorneys general from sixteen states filed a lawsuit against the declaration.\n\n"
            "The motion claims the declaration is unconstitutional and violates the separation of powers.")
    doc = attrs.doc(text)
    claim = by_start(doc._.cg_attributions, "the declaration is unconstitutional")
    assert claim.speaker_span.text == "The motion"
    filer = next(t for t in doc if t.text == "attorneys")._.cg_np_actor
    assert filer is not None and claim.speaker == filer


def test_a_signature_claims_the_quotations_of_its_line(attrs):
    text = ("“You are not a leader, you are a dictator and a liar every day.” ― Ana Ruiz\n"
            "“No woman I know wants a man who insults us like that.” And that is all he has, “the root of "
            "all evil.” ― Carmen Diaz\n")
    quote = by_start(attrs(text), "No woman I know")
    assert quote is not None and quote.speaker_span.text == "Carmen Diaz"


def test_quoted_words_keep_their_marks_in_the_content(attrs):
    a = by_start(attrs('Schiff called it "a non-starter".'), "it")
    assert a is not None and a.content.text == 'it "a non-starter"' and a.cue.text == "called"


def test_a_clause_without_that_parsed_as_an_object(attrs):
    text = ("On Friday, an environmental group and property owners from Texas filed a motion claiming the "
            "state of emergency is unconstitutional.")
    a = next((a for a in attrs(text) if a.cue is not None and a.cue.text == "claiming"), None)
    assert a is not None and a.content.text.startswith("the state of emergency is unconstitutional")


def test_a_block_quotation_signed_on_the_line_below(attrs):
    text = ("In its finding, the court set rules for websites that host what users write:\n\n"
            "By today's judgment, the Court of Justice answers that the directive does not preclude a court "
            "from ordering a host provider to remove such content.\n\n"
            "– European Court of Justice\n\nThe ruling cannot be appealed.")
    quote = by_start(attrs(text), "By today's judgment")
    assert quote is not None and quote.kind == "direct"
    assert quote.speaker_span.text == "European Court of Justice" and quote.cue.text == "–"


def test_a_wish_is_flagged_as_intent(attrs):
    """'seeks to' is its subject's wish (PolNeAR counts it), flagged so no one reads it as said."""
    a = by_start(attrs("Russia seeks to quash the counteroffensive."), "to quash the counteroffensive")
    assert a is not None and a.intent and a.cue.text == "seeks"
    b = by_start(attrs("The minister said the army would quash the counteroffensive."), "the army would quash")
    assert b is not None and not b.intent


def test_circumstance_and_clauseless_cues_report_nothing(attrs):
    """'spoke on the condition of anonymity' names no topic; 'as X spoke' reports no clause."""
    assert not attrs("The official spoke on the condition of anonymity.")
    assert not [a for a in attrs("Protesters marched outside as the president spoke from the White House.")
                if a.cue is not None and a.cue.text == "spoke"]
    a = by_start(attrs("The senator spoke about the need for reform."), "the need for reform")
    assert a is not None and a.cue.text == "spoke"
