"""Long inputs are analysed in windows: how a text is cut, how the windows' findings merge, and that
a long text, a single enormous line and a 5 MB input are analysed whole (spans into the full text,
every invariant kept). Memory and time are measured in ``benchmarks/scaling.py``, never asserted here."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings, strategies as st

import cablegram
import cablegram.pipeline as pipeline
from cablegram.check import check_analysis
from cablegram.config import Settings
from cablegram.contract import WHOLE_CHARS, WINDOW_CHARS, windows
from cablegram.readoff import WindowMerge, shift
from cablegram.schema import Actor, Attribution, Event, Span, Time


def _assert_tiles(text: str, spans: list[tuple[int, int]], size: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # contiguous: nothing lost, nothing twice
    assert all(0 < end - start <= size for start, end in spans)


def test_an_ordinary_article_is_one_window():
    text = "A paragraph.\n\n" * (WHOLE_CHARS // 14)
    assert len(text) <= WHOLE_CHARS and windows(text) == [(0, len(text))]


def test_a_long_text_is_cut_after_paragraph_breaks():
    para = "The minister said the talks would resume. " * 20 + "\n\n"
    text = para * (3 * WHOLE_CHARS // len(para))
    spans = windows(text)
    _assert_tiles(text, spans, WINDOW_CHARS)
    assert len(spans) > 3
    assert all(text[end - 2:end] == "\n\n" for _, end in spans[:-1])
    assert all(end - start >= WINDOW_CHARS // 2 for start, end in spans[:-1])


def test_a_single_line_is_cut_at_sentence_ends_then_spaces_then_a_hard_cap():
    line = "The minister said the talks would resume on Monday. " * 3000
    spans = windows(line, whole=10_000, size=5_000)
    _assert_tiles(line, spans, 5_000)
    assert all(line[end - 2:end] == ". " for _, end in spans[:-1])
    words = "word " * 5000
    spans = windows(words, whole=1_000, size=777)
    _assert_tiles(words, spans, 777)
    assert all(words[end - 1] == " " for _, end in spans[:-1])
    blob = "x" * 10_001
    spans = windows(blob, whole=1_000, size=1_000)
    _assert_tiles(blob, spans, 1_000)
    assert [e - s for s, e in spans] == [1_000] * 10 + [1]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n!\u201d"), max_size=3_000), st.integers(2, 400))
def test_windows_always_tile_the_text(text, size):
    spans = windows(text, whole=size, size=size)
    if not text:
        assert spans == [(0, 0)]
        return
    _assert_tiles(text, spans, max(size, len(text)) if len(spans) == 1 else size)


def test_spans_are_shifted_once_even_when_shared():
    shared = Span(start=2, end=5, text="abc")
    event = Event(id="e", type="AID", evidence=shared, trigger=shared)
    time = Time(id="t", start=1, end=3, text="xy")
    shift([event, time, Actor(id="a", name="A", type="person", mentions=[Span(start=0, end=1, text="A")])], 100)
    assert (shared.start, shared.end) == (102, 105) and (time.start, time.end) == (101, 103)


def _person(ident: str, name: str, at: int) -> Actor:
    return Actor(id=ident, name=name, type="person", mentions=[Span(start=at, end=at + len(name), text=name)])


def test_a_later_windows_surname_is_the_person_named_in_full_before():
    merge = WindowMerge()
    merge.add({"vladimir-putin": _person("vladimir-putin", "Vladimir Putin", 0),
               "kim-jong-un": _person("kim-jong-un", "Kim Jong Un", 20),
               "kim-taewoo": _person("kim-taewoo", "Kim Taewoo", 40)}, [], [], [], offset=0)
    said = Attribution(id="q", kind="indirect", content=Span(start=10, end=15, text="talks"), speaker="putin")
    met = Event(id="e", type="CONSULT", source=["putin"], target=["kim"], claimant="putin",
                evidence=Span(start=0, end=5, text="Putin"))
    merge.add({"putin": _person("putin", "Putin", 0), "kim": _person("kim", "Kim", 10)}, [said], [met], [],
              offset=1000)
    analysis = merge.analysis(cablegram.schema.Document(id="d", text="x" * 2000), "test")
    ids = {a.id for a in analysis.actors}
    assert "putin" not in ids and "kim" in ids  # "Kim": two people of that name before, not guessed
    putin = analysis.actor("vladimir-putin")
    assert [(m.start, m.end) for m in putin.mentions] == [(0, 14), (1000, 1005)]
    assert said.speaker == "vladimir-putin" and said.content.start == 1010
    assert met.source == ["vladimir-putin"] and met.target == ["kim"] and met.claimant == "vladimir-putin"


def test_the_example_read_in_small_windows_keeps_every_invariant_and_its_findings(nlp, example_text, example,
                                                                                 monkeypatch):
    monkeypatch.setattr(pipeline, "windows", functools.partial(windows, whole=0, size=2_500))
    assert len(pipeline.windows(example.document.text)) >= 3
    windowed = cablegram.analyze(example_text, nlp=nlp)
    assert check_analysis(windowed, example_text) == []
    assert windowed.document == example.document
    assert {a.id for a in windowed.actors} == {a.id for a in example.actors}
    assert len({a.id for a in windowed.attributions}) == len(windowed.attributions)
    assert len(windowed.events) >= 0.9 * len(example.events)
    assert {t.value for t in windowed.times} == {t.value for t in example.times}


def test_progress_is_reported_per_window(nlp, example_text, monkeypatch):
    monkeypatch.setattr(pipeline, "windows", functools.partial(windows, whole=0, size=2_500))
    seen = []
    analysis = cablegram.analyze(example_text, nlp=nlp, on_progress=lambda done, total: seen.append((done, total)))
    total = len(analysis.document.text)
    assert seen[0] == (0, total) and seen[-1] == (total, total) and len(seen) >= 4
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.slow
def test_a_text_several_times_the_window_is_analysed_whole(nlp, example_text):
    text = "\n\n".join(f"{example_text.strip()}\n\nCopy {i}." for i in range(12))
    analysis = cablegram.analyze(text, nlp=nlp, settings=Settings(max_bytes=len(text.encode()) + 1))
    assert len(analysis.document.text) > WHOLE_CHARS
    assert check_analysis(analysis, text) == []
    assert max(m.end for a in analysis.actors for m in a.mentions) > WHOLE_CHARS
    assert len([a for a in analysis.actors if a.id == "RUS"]) == 1


@pytest.mark.slow
def test_a_single_line_of_200_kilobytes_is_analysed(nlp, example_text):
    line = " ".join(part.strip() for part in example_text.splitlines() if part.strip())
    text = " ".join(f"{line} ({i})" for i in range(200_000 // len(line) + 1))
    analysis = cablegram.analyze(text, nlp=nlp, settings=Settings(max_bytes=len(text.encode()) + 1))
    assert "\n" not in analysis.document.text
    assert check_analysis(analysis, text) == []


@pytest.mark.slow
def test_a_five_megabyte_input_gives_an_analysis_not_a_memory_error(nlp):
    from benchmarks.scaling import text_for

    text = text_for("5 MB")
    assert len(text.encode()) > 4_900_000
    analysis = cablegram.analyze(text, nlp=nlp, settings=Settings(max_bytes=len(text.encode()) + 1))
    assert analysis.events and analysis.actors
    assert max(e.evidence.end for e in analysis.events) > 4_000_000


def test_the_cli_reports_progress_of_a_long_text_only():
    import io

    from cablegram.commands.base import text_progress

    out = io.StringIO()
    report = text_progress(out, every=0)
    for done in (0, 30_000, 60_000, 90_000):
        report(done, 90_000)
    lines = out.getvalue().splitlines()
    assert lines[0] == "analysing 90,000 characters ..." and lines[-1].startswith("analysed 90,000 characters in ")
    assert lines[1].startswith("  30,000 of 90,000 characters (33%)") and "left" in lines[1]
    quiet = io.StringIO()
    report = text_progress(quiet)
    report(0, 5_000)
    report(5_000, 5_000)
    assert quiet.getvalue() == ""
