"""The invariant checker itself: it passes a sound analysis and names every kind of breakage."""

from __future__ import annotations

import copy
import json

import pytest

from cablegram.check import assert_valid, check_analysis, compare_runs, id_signature, lost_lines
from cablegram.errors import InvariantError
from cablegram.schema import (
    Actor, Analysis, Attribution, Boilerplate, Document, Event, EventDate, Part, Span, Time,
)

RAW = (
    "Leaders meet in the east\n"
    "\n"
    "ADVERTISEMENT\n"
    "  The Ruritanian president met the prime minister of Freedonia on Monday.  \n"
    "\n"
    "\u201cWe want peace,\u201d the president said.\n"
)
TEXT = ("Leaders meet in the east\n\n"
        "The Ruritanian president met the prime minister of Freedonia on Monday.\n\n"
        "\u201cWe want peace,\u201d the president said.")


def _span(sub: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(sub, start + 1)
    return Span(start=start, end=start + len(sub), text=sub)


def sound() -> Analysis:
    """A small hand-made analysis that keeps every invariant."""
    p1, p2 = TEXT.index("The Ruritanian"), TEXT.index("\u201cWe")
    doc = Document(
        id="doc-test", title="Leaders meet in the east", text=TEXT, published="2021-03-08",
        parts=[Part(kind="title", start=0, end=24), Part(kind="paragraph", start=p1, end=TEXT.index("\n\n", p1)),
               Part(kind="paragraph", start=p2, end=len(TEXT))],
        boilerplate=[Boilerplate(text="ADVERTISEMENT", kind="promo", line=2)],
    )
    pres = Actor(id="RUR-president", name="president of Ruritania", type="person", country="RUR",
                 mentions=[_span("The Ruritanian president"), _span("the president")])
    pm = Actor(id="FRE-pm", name="prime minister of Freedonia", type="person",
               mentions=[_span("the prime minister of Freedonia")])
    monday = Time(id="time-1", type="DATE", value="2021-03-08", anchor="publication", **_span("Monday").model_dump())
    quote = Attribution(id="attr-1", kind="direct", content=_span("We want peace,"), speaker=pres.id,
                        speaker_span=_span("the president"), cue=_span("said"), source_kind="named")
    meet = Event(id="event-1", type="CONSULT", source=[pres.id], target=[pm.id], claimant=None,
                 date=EventDate(text="Monday", value="2021-03-08"), trigger=_span("met"),
                 evidence=_span("The Ruritanian president met the prime minister of Freedonia on Monday."))
    want = Event(id="event-2", type="AGREE", source=[pres.id], claimant=pres.id, attribution=quote.id,
                 trigger=_span("want"), evidence=_span("We want peace"))
    return Analysis(cablegram_version="test", pipeline="test", document=doc, actors=[pres, pm],
                    attributions=[quote], events=[meet, want], times=[monday])


def broken(edit) -> list[str]:
    a = json.loads(sound().model_dump_json())
    edit(a)
    return check_analysis(a, RAW)


def test_a_sound_analysis_keeps_every_invariant():
    assert check_analysis(sound(), RAW) == []
    assert check_analysis(json.loads(sound().model_dump_json()), RAW) == []
    assert_valid(sound(), RAW)


@pytest.mark.parametrize("edit, expect", [
    (lambda a: a["actors"][0]["mentions"][0].update(text="The Ruritanian President"), "actors[0]"),
    (lambda a: a["attributions"][0]["content"].update(start=1), "attributions[0](attr-1).content: text"),
    (lambda a: a["attributions"][0]["cue"].update(end=10_000), "outside document.text"),
    (lambda a: a["events"][0]["evidence"].update(start=50, end=40, text=""), "end before start"),
    (lambda a: a["events"][1]["trigger"].update(end=a["events"][1]["trigger"]["start"], text=""), "empty span"),
    (lambda a: a["times"][0].update(start=0), "times[0](time-1)"),
    (lambda a: a["document"]["parts"][1].update(end=10_000), "document.parts[1]"),
], ids=["mention-text", "content-shifted", "cue-outside", "evidence-reversed", "trigger-empty", "time", "part"])
def test_spans_that_do_not_point_at_their_words_are_caught(edit, expect):
    assert any(expect in v for v in broken(edit)), broken(edit)


@pytest.mark.parametrize("edit, expect", [
    (lambda a: a["attributions"][0].update(speaker="nobody"), "speaker 'nobody' is not in actors"),
    (lambda a: a["events"][0]["source"].append("ghost"), "source 'ghost' is not in actors"),
    (lambda a: a["events"][0]["target"].__setitem__(0, "ghost"), "target 'ghost' is not in actors"),
    (lambda a: a["events"][1].update(claimant="ghost"), "claimant 'ghost' is not in actors"),
    (lambda a: a["events"][1].update(attribution="attr-9"), "attribution 'attr-9' is not in attributions"),
    (lambda a: a["times"][0].update(anchor="time-9"), "anchor 'time-9'"),
    (lambda a: a["actors"].pop(1), "target 'FRE-pm' is not in actors"),
])
def test_dangling_references_are_caught(edit, expect):
    assert any(expect in v for v in broken(edit)), broken(edit)


def test_duplicate_ids_are_caught():
    def dup(a):
        a["events"][1]["id"] = a["events"][0]["id"]
    assert any("events: id 'event-1' is not unique" in v for v in broken(dup))


def test_published_must_be_an_iso_date():
    assert any("document.published" in v for v in broken(lambda a: a["document"].update(published="March 2021")))
    assert any("document.published" in v for v in broken(lambda a: a["document"].update(published="2021-02-30x")))


def test_schema_violations_are_caught():
    found = broken(lambda a: a["events"][0].update(type="DANCE"))
    assert any(v.startswith("schema: events/0/type") for v in found), found
    found = broken(lambda a: a["document"].update(colour="red"))
    assert any(v.startswith("schema: document") and "colour" in v for v in found), found
    found = broken(lambda a: a.pop("document"))
    assert any("document" in v for v in found)


def test_a_lost_input_line_is_caught_but_whitespace_and_invisible_characters_are_not():
    assert any("input line 2 lost" in v and "ADVERTISEMENT" in v for v in broken(lambda a: a["document"].update(boilerplate=[])))
    d = sound().document.model_dump()
    assert lost_lines(d, RAW.replace("  The", "\tThe").replace("\n", "\r\n")) == []
    assert lost_lines(d, RAW.replace("peace", "pea\u00adce").replace("Monday", "Mon\u200bday")) == []
    assert lost_lines(d, RAW + "Copyright Example News\n") == [(6, "Copyright Example News")]
    assert lost_lines(d, RAW.encode("utf-16")) == []  # bytes are decoded as ingest decodes them


def test_html_documents_are_not_held_to_their_raw_lines():
    a = json.loads(sound().model_dump_json())
    a["document"]["format"] = "html"
    assert check_analysis(a, "<html><body><p>Something else entirely</p></body></html>") == []


def test_assert_valid_raises_an_invariant_error_with_its_code():
    a = json.loads(sound().model_dump_json())
    a["attributions"][0]["speaker"] = "nobody"
    with pytest.raises(InvariantError) as exc:
        assert_valid(a)
    assert exc.value.code == "E050" and "speaker 'nobody'" in str(exc.value)


def test_compare_runs_sees_ids_or_content_that_change():
    a, b = sound(), sound()
    assert compare_runs(a, b) == []
    b.events[0].id = "event-other"
    assert any("events ids differ" in p for p in compare_runs(a, b))
    c = copy.deepcopy(a)
    c.events[0].what = "something else"
    assert any("different content" in p for p in compare_runs(a, c))
    assert id_signature(a)["document"] == ["doc-test"]


def test_the_example_keeps_every_invariant(example, example_text):
    assert check_analysis(example, example_text) == []


def test_a_line_split_between_text_and_boilerplate_is_not_lost():
    """Found on Wikinews: "Headline — Site" handling put a lead sentence's tail in boilerplate; all words kept."""
    raw = "On Monday, the council declared the flood \u2014 the worst in a century \u2014 to be a disaster.\n\nMore."
    d = {"text": "On Monday, the council declared the flood \u2014 the worst in a century\n\nMore.",
         "boilerplate": [{"text": "\u2014 to be a disaster.", "kind": "other"}]}
    assert lost_lines(d, raw) == []
    d["boilerplate"] = [{"text": "\u2014 to be a catastrophe.", "kind": "other"}]
    assert lost_lines(d, raw) == [(0, raw.splitlines()[0])]
