"""Each pass of the attribution stage on hand-built Docs (spaCy's style): words, tags and the
dependency parse are written here, so a test states what the pass does with a given parse,
whatever the statistical parser would make of the sentence. Actors are set on the Doc as
the actors stage would set them (``Token._.cg_np_actor``)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

import cablegram.contract  # noqa: F401  (registers the Doc extensions)
from cablegram.attribution.component import AttributionComponent, run_passes
from cablegram.attribution.context import Context
from cablegram.attribution.direct import assign_continuations, find_direct
from cablegram.attribution.lines import find_speaker_labels
from cablegram.attribution.reported import find_reported
from cablegram.attribution.speakers import document_owner
from cablegram.attribution.stances import find_stances

_TAGS = {"VERB": "VBD", "AUX": "MD", "PROPN": "NNP", "NOUN": "NN", "PRON": "PRP", "DET": "DT", "ADP": "IN",
         "PUNCT": ".", "ADJ": "JJ", "ADV": "RB", "SCONJ": "IN", "CCONJ": "CC", "PART": "TO", "NUM": "CD"}
VOCAB = spacy.blank("en").vocab   # English lexical attributes (is_alpha, is_punct)


def build(text: str, rows: str, actors: dict[str, str] | None = None) -> Doc:
    """A parsed Doc: ``rows`` has one token per line, ``word POS dep head [lemma]`` (head: index).
    ``actors`` maps a word to the actor id its noun phrase has."""
    table = [line.split() for line in rows.strip().splitlines()]
    words, spaces = get_words_and_spaces([r[0] for r in table], text)
    assert [w for w in words if not w.isspace()] == [r[0] for r in table], words
    doc = Doc(VOCAB, words=words, spaces=spaces,
              pos=[r[1] for r in table], tags=[_TAGS[r[1]] for r in table],
              deps=[r[2] for r in table], heads=[int(r[3]) for r in table],
              lemmas=[r[4] if len(r) > 4 else r[0].lower() for r in table])
    doc._.cg_doc_id = "hand-built"
    doc._.cg_actors = {}
    for tok in doc:
        ident = (actors or {}).get(tok.text)
        tok._.cg_actor = tok._.cg_np_actor = ident
    return doc


def texts(found, doc):
    return [(doc.text[f.start:f.end], f.kind) for f in found]


SAID = """
“ PUNCT punct 6
We PRON nsubj 2
win VERB ccomp 6
, PUNCT punct 6
” PUNCT punct 6
Smith PROPN nsubj 6
said VERB ROOT 6 say
. PUNCT punct 6
“ PUNCT punct 12
Nobody PRON nsubj 12
will AUX aux 12
ever ADV advmod 12
stop VERB ROOT 12 stop
us PRON dobj 12
now ADV advmod 12
. PUNCT punct 12
” PUNCT punct 12
"""


# ------------------------------------------------------------------ pass 1: direct speech
def test_direct_quote_with_trailing_cue_and_its_continuation():
    doc = build("“We win,” Smith said. “Nobody will ever stop us now.”", SAID, {"Smith": "john-smith"})
    ctx = Context(doc)
    found = find_direct(ctx)
    assert texts(found, doc) == [("We win", "direct"), ("Nobody will ever stop us now.", "direct")]
    first, second = found
    assert doc.text[first.cue[0]:first.cue[1]] == "said"
    assert doc[first.speaker_head].text == "Smith"
    assign_continuations(ctx, found)
    assert second.cue is None and second.inherited is first


def test_direct_quote_after_the_cue_and_its_circumstances():
    doc = build('Trump said on Friday "I can do it if I want."', """
        Trump PROPN nsubj 1
        said VERB ROOT 1 say
        on ADP prep 1
        Friday PROPN pobj 2
        " PUNCT punct 7
        I PRON nsubj 7
        can AUX aux 7
        do VERB ccomp 1
        it PRON dobj 7
        if SCONJ mark 11
        I PRON nsubj 11
        want VERB advcl 7
        . PUNCT punct 7
        " PUNCT punct 1
    """)
    found = find_direct(Context(doc))
    assert texts(found, doc) == [("I can do it if I want.", "direct")]
    assert doc[found[0].speaker_head].text == "Trump"


def test_quote_inside_a_sentence_is_left_to_the_reported_pass():
    doc = build('Lee called it "a total disaster for all of us" today.', """
        Lee PROPN nsubj 1
        called VERB ROOT 1 call
        it PRON dobj 1
        " PUNCT punct 6
        a DET det 6
        total ADJ amod 6
        disaster NOUN oprd 1
        for ADP prep 6
        all PRON pobj 7
        of ADP prep 8
        us PRON pobj 9
        " PUNCT punct 6
        today NOUN npadvmod 1
        . PUNCT punct 1
    """)
    assert find_direct(Context(doc)) == []


def test_the_author_of_an_introduced_statement_speaks():
    doc = build("The palace issued the following statement: “The king will not attend the ceremony.”", """
        The DET det 1
        palace NOUN nsubj 2
        issued VERB ROOT 2 issue
        the DET det 5
        following ADJ amod 5
        statement NOUN dobj 2
        : PUNCT punct 2
        “ PUNCT punct 12
        The DET det 9
        king NOUN nsubj 12
        will AUX aux 12
        not PART neg 12
        attend VERB ROOT 12
        the DET det 14
        ceremony NOUN dobj 12
        . PUNCT punct 12
        ” PUNCT punct 12
    """)
    found = find_direct(Context(doc))
    assert texts(found, doc) == [("The king will not attend the ceremony.", "direct")]
    assert doc[found[0].speaker_head].text == "palace"


# ------------------------------------------------------------------ pass 2: line forms
def test_name_colon_line():
    doc = build("Martinez: We never agreed to those terms.", """
        Martinez PROPN ROOT 0
        : PUNCT punct 0
        We PRON nsubj 4
        never ADV neg 4
        agreed VERB appos 0 agree
        to ADP prep 4
        those DET det 7
        terms NOUN pobj 5
        . PUNCT punct 4
    """)
    found = find_speaker_labels(Context(doc))
    assert texts(found, doc) == [("We never agreed to those terms", "indirect")]
    assert doc.text[found[0].cue[0]:found[0].cue[1]] == ":"


# ------------------------------------------------------------------ pass 3: reported speech
def test_reported_clause_and_according_to_a_document_by_someone():
    doc = build("Officials said the bridge will reopen. The talks failed, according to a statement by the ministry.", """
        Officials NOUN nsubj 1 official
        said VERB ROOT 1 say
        the DET det 3
        bridge NOUN nsubj 5
        will AUX aux 5
        reopen VERB ccomp 1
        . PUNCT punct 1
        The DET det 8
        talks NOUN nsubj 9 talk
        failed VERB ROOT 9 fail
        , PUNCT punct 9
        according VERB prep 9
        to ADP prep 11
        a DET det 14
        statement NOUN pobj 12
        by ADP prep 14
        the DET det 17
        ministry NOUN pobj 15
        . PUNCT punct 9
    """, {"ministry": "ministry-x"})
    found = find_reported(Context(doc))
    assert texts(found, doc) == [("the bridge will reopen", "indirect"), ("The talks failed", "indirect")]
    assert doc[found[0].speaker_head].text == "Officials"
    assert doc[found[1].speaker_head].text == "ministry"   # the statement's author, not the statement


def test_a_wish_with_its_infinitive():
    doc = build("The campaign sought to limit the damage.", """
        The DET det 1
        campaign NOUN nsubj 2
        sought VERB ROOT 2 seek
        to PART aux 4
        limit VERB xcomp 2
        the DET det 6
        damage NOUN dobj 4
        . PUNCT punct 2
    """)
    found = find_reported(Context(doc))
    assert texts(found, doc) == [("to limit the damage", "indirect")]
    assert doc[found[0].speaker_head].text == "campaign"


def test_document_owner_by_possessor_and_issuing_verb():
    doc = build("Facebook released a statement.", """
        Facebook PROPN nsubj 1
        released VERB ROOT 1 release
        a DET det 3
        statement NOUN dobj 1
        . PUNCT punct 1
    """)
    assert document_owner(Context(doc), doc[3]).text == "Facebook"
    assert document_owner(Context(doc), doc[0]) is None   # a name is no document


# ------------------------------------------------------------------ pass 4: stances
def test_stance_with_a_noun_phrase_object():
    doc = build("The senator criticized the plan.", """
        The DET det 1
        senator NOUN nsubj 2
        criticized VERB ROOT 2 criticize
        the DET det 4
        plan NOUN dobj 2
        . PUNCT punct 2
    """)
    found = find_stances(Context(doc))
    assert texts(found, doc) == [("the plan", "indirect")]
    assert doc[found[0].speaker_head].text == "senator"


def test_cue_noun_joined_to_its_content():
    doc = build("Protesters' demands include an inquiry.", """
        Protesters NOUN poss 2 protester
        ' PART case 0
        demands NOUN nsubj 3 demand
        include VERB ROOT 3
        an DET det 5
        inquiry NOUN dobj 3
        . PUNCT punct 3
    """)
    found = find_stances(Context(doc))
    assert texts(found, doc) == [("an inquiry", "indirect")]
    assert doc[found[0].speaker_head].text == "Protesters"


# ------------------------------------------------------------------ the stage and its read-off
def test_stage_reads_the_speaker_actor_off_the_doc():
    doc = build("“We win,” Smith said. “Nobody will ever stop us now.”", SAID, {"Smith": "john-smith"})
    AttributionComponent()(doc)
    found = doc._.cg_attributions
    assert [a.content.text for a in found] == ["We win", "Nobody will ever stop us now."]
    assert [a.speaker for a in found] == ["john-smith", "john-smith"]
    assert found[1].speaker_span.text == "Smith" and found[1].cue is None
    assert all(doc[i]._.cg_attribution == found[0].id for i in (1, 2))


@pytest.mark.parametrize("text", ["", "“", "said"])
def test_passes_never_raise_on_tiny_docs(text):
    rows = {"": "", "“": "“ PUNCT ROOT 0", "said": "said VERB ROOT 0 say"}[text]
    doc = build(text, rows) if rows else Doc(VOCAB, words=[])
    if len(doc):
        run_passes(doc)
    assert AttributionComponent()(doc)._.cg_attributions == []
