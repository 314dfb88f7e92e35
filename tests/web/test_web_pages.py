"""What an analyst sees first: the article's headline and source, the corpus table's site and title."""

from __future__ import annotations

import pytest

from webfixtures import crafted


@pytest.fixture(scope="module")
def jsonl_client(tmp_path_factory):
    """A store with one article read as from JSON Lines: its title a field (not in the text), a web URL."""
    from starlette.testclient import TestClient

    from cablegram.store import Store
    from cablegram.web import create_app

    a = crafted()
    title = a.document.title
    body = a.document.text[len(title):].lstrip()
    shift = len(a.document.text) - len(body)
    data = a.model_dump()
    data["document"].update(id="fixture-jsonl", text=body, title="Grain talks reopen", dek="Wheat, payments, observers",
                            byline="A. Reporter", url="https://www.example.org/news/grain", parts=[],
                            publisher=None)
    for key in ("actors",):
        for x in data[key]:
            x["mentions"] = [{**m, "start": m["start"] - shift, "end": m["end"] - shift} for m in x["mentions"]
                             if m["start"] >= shift]
    for q in data["attributions"]:
        for k in ("content", "speaker_span", "cue"):
            if q.get(k):
                q[k] = {**q[k], "start": q[k]["start"] - shift, "end": q[k]["end"] - shift}
    for e in data["events"]:
        for k in ("trigger", "evidence"):
            e[k] = {**e[k], "start": e[k]["start"] - shift, "end": e[k]["end"] - shift}
    for t in data["times"]:
        t["start"] -= shift
        t["end"] -= shift
    from cablegram.schema import Analysis

    path = tmp_path_factory.mktemp("jsonl") / "j.duckdb"
    with Store(str(path)) as store:
        store.add(Analysis.model_validate(data), source="/home/someone/corpora/articles.jsonl.gz:7")
    app = create_app(str(path), allowed_hosts={"testserver"})
    with TestClient(app) as c:
        yield c
    app.state.corpus.close()


def test_article_page_has_headline_dek_byline_date_and_a_source_link(jsonl_client):
    page = jsonl_client.get("/doc/fixture-jsonl").text
    assert '<h1 class="headline" id="headline">Grain talks reopen</h1>' in page
    assert '<p class="dek" id="dek">Wheat, payments, observers</p>' in page
    assert "By A. Reporter" in page and '<time class="date" datetime="2026-11-20">' in page
    assert 'href="https://www.example.org/news/grain"' in page and "Read at example.org" in page
    assert 'rel="noopener noreferrer nofollow"' in page


def test_corpus_table_shows_site_and_title_not_a_path(jsonl_client):
    page = jsonl_client.get("/").text
    row = page.split('<tbody>', 1)[1].split('</tr>', 1)[0]
    assert "Grain talks reopen" in row and "example.org" in row
    assert "/home/someone" not in row


def test_a_title_in_the_text_is_the_headline_once(client):
    page = client.get("/doc/fixture-grain-talks").text
    assert page.count('class="block title"') == 1 and "<title>Brazil and Argentina reopen grain talks" in page
    assert 'id="headline"' not in page and 'id="head-text"' in page
    hostile = client.get("/doc/fixture-hostile").text
    assert "Read at" not in hostile  # a javascript: URL is shown as text, never a link


def test_a_guessed_title_line_is_not_the_headline(tmp_path):
    """The cleaner may take the first line for a title; a title given by the corpus is the headline."""
    from cablegram.web.article import view
    from webfixtures import crafted

    data = crafted().model_dump()
    data["document"]["title"] = "Grain talks: the corpus' own title"
    v = view(data)
    assert v["head"] == [] and not v["has_title"]
    assert v["blocks"][0]["kind"] == "paragraph" and "reopen grain talks" in v["blocks"][0]["html"]
