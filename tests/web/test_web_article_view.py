"""The article page's segmentation: every character shown once, in order, with exactly the annotations covering it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablegram.web.article import view
from webfixtures import crafted, hostile


def _analysis(text: str, parts: list[tuple[int, int]], spans: list[tuple[int, int]]) -> dict:
    events = [{"id": f"ev{i}", "type": "AID", "evidence": {"start": a, "end": b, "text": text[a:b]},
               "trigger": {"start": a, "end": min(b, a + 2), "text": text[a:min(b, a + 2)]}}
              for i, (a, b) in enumerate(spans)]
    return {"document": {"id": "d", "text": text, "parts": [{"kind": "paragraph", "start": a, "end": b} for a, b in parts]},
            "actors": [{"id": "x", "name": "X", "type": "person", "mentions": [
                {"start": a, "end": b, "text": text[a:b]} for a, b in spans[:2]]}],
            "events": events}


@st.composite
def cases(draw):
    text = draw(st.text(alphabet="ab \n<>&\"'", min_size=1, max_size=80))
    n = len(text)
    pairs = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).filter(lambda p: p[0] < p[1])
    return text, draw(st.lists(pairs, max_size=4)), draw(st.lists(pairs, max_size=6))


@settings(max_examples=150, deadline=None)
@given(cases())
def test_segments_cover_the_text_once_with_the_right_annotations(case):
    text, parts, spans = case
    v = view(_analysis(text, [tuple(p) for p in parts], [tuple(s) for s in spans]))
    shown, last_end = "", 0
    for block in v["head"] + v["blocks"]:
        for seg in block["segments"]:
            start, end = seg["start"], seg["start"] + len(seg["text"])
            assert start >= last_end and text[start:end] == seg["text"]
            last_end = end
            refs = set(seg["refs"].split())
            for i, (a, b) in enumerate(spans):  # each event covering the segment is among its refs
                assert (f"e{i}" in refs) == (a <= start and end <= b)
            shown += seg["text"]
    # Everything but line breaks and the whitespace around them is on the page.
    assert "".join(text.split()) == "".join(shown.split())


def test_fixture_views():
    for a in (crafted(), hostile()):
        v = view(a.model_dump())
        assert v["data"]["events"] and v["head"][0]["tag"] == "h1" and v["has_title"]
        assert {e["evidence"]["text"] for e in v["data"]["events"]} <= {a.document.text[e.evidence.start:e.evidence.end]
                                                                       for e in a.events}
