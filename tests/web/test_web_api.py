"""The JSON API and the server-rendered pages, through Starlette's TestClient (no browser, no network)."""

from __future__ import annotations

import re

import pytest

from webfixtures import EVIL_ACTOR, GRAIN_TITLE, HOSTILE, IMG, SCRIPT


def ok(client, url, **kw) -> dict:
    r = client.get(url, **kw)
    assert r.status_code == 200, (url, r.text[:300])
    body = r.json()
    assert body["ok"] is True
    return body


def test_health_counts(client):
    store = ok(client, "/api/health")["store"]
    assert store["documents"] == 2 and store["events"] == 5 and store["reports"] == 5


def test_documents_search(client):
    assert ok(client, "/api/documents")["total"] == 2
    docs = ok(client, "/api/documents", params={"q": "wheat"})["documents"]
    assert [d["id"] for d in docs] == ["fixture-grain-talks"]
    assert docs[0]["events"] == 3 and docs[0]["attributions"] == 2 and docs[0]["actors"] == 5
    assert [d["id"] for d in ok(client, "/api/documents", params={"actor": "ARG"})["documents"]] == ["fixture-grain-talks"]
    assert [d["id"] for d in ok(client, "/api/documents", params={"type": "reject"})["documents"]] == ["fixture-hostile"]
    assert ok(client, "/api/documents", params={"since": "2026-11-21"})["total"] == 1
    assert ok(client, "/api/documents", params={"until": "2026-11"})["total"] == 2
    # LIKE wildcards in the query are literal.
    assert ok(client, "/api/documents", params={"q": "%"})["total"] == 0


def test_document_analysis_round_trips(client):
    a = ok(client, "/api/documents/fixture-grain-talks")["analysis"]
    text = a["document"]["text"]
    for e in a["events"]:
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]


def test_graph_edges_by_country_and_actor(client):
    g = ok(client, "/api/graph")
    edges = {(e["source"], e["target"], e["quad_class"]): e for e in g["edges"]}
    assert ("BRA", "ARG", "material-cooperation") in edges
    assert ("ARG", "BRA", "verbal-conflict") in edges
    assert edges[("BRA", "ARG", "material-cooperation")]["types"] == {"AID": 1}
    assert {"CHL", "BRA", "ARG"} <= {n["id"] for n in g["nodes"]}
    names = {n["id"]: n["name"] for n in g["nodes"]}
    assert names["BRA"] == "Brazil"  # the country actor names the node, not the ministry
    # Filters: modality, type, quad class, date range, level.
    possible = ok(client, "/api/graph", params={"modality": "possible"})["edges"]
    assert {(e["source"], e["target"]) for e in possible} == {("CHL", "BRA"), ("CHL", "ARG")}
    assert ok(client, "/api/graph", params={"type": "ACCUSE"})["edges"][0]["source"] == "ARG"
    assert {e["quad_class"] for e in ok(client, "/api/graph", params={"quad": "3"})["edges"]} == {"verbal-conflict"}
    october = ok(client, "/api/graph", params={"since": "2026-10", "until": "2026-10"})["edges"]
    assert [(e["source"], e["target"]) for e in october] == [("ARG", "BRA")]
    top = ok(client, "/api/graph", params={"max_edges": 1})
    assert top["truncated"] is True and len(top["edges"]) == 1 and len(top["nodes"]) == 2
    assert ok(client, "/api/graph")["truncated"] is False
    actor_level = ok(client, "/api/graph", params={"level": "actor", "doc": "fixture-hostile"})
    assert EVIL_ACTOR in {n["label"] for n in actor_level["nodes"]}


def test_edge_evidence(client):
    events = ok(client, "/api/edge", params={"source": "ARG", "target": "BRA"})["events"]
    assert len(events) == 1 and events[0]["type"] == "ACCUSE" and events[0]["reports"] == 1
    report = events[0]["evidence"][0]
    assert report["evidence"]["text"].startswith("Argentina accused Brazil last month")
    # Each report says where it was read and who claims it.
    assert report["title"] == GRAIN_TITLE and report["published"] == "2026-11-20"
    assert report["claimant_name"] == "officials in Buenos Aires" and report["modality"] == "reported"
    assert ok(client, "/api/edge", params={"source": "ARG", "target": "BRA", "quad_class": "material-cooperation"})[
        "events"] == []


def test_dyad_both_directions_on_a_time_axis(client):
    d = ok(client, "/api/dyad", params={"a": "BRA", "b": "ARG", "by": "month"})
    assert d["total"] == 2  # Chile's observers go to both, but neither acts on the other there
    bins = {p["start"]: p for p in d["series"]}
    assert bins["2026-10-01"]["ba"] == {"verbal-conflict": 1} and bins["2026-10-01"]["end"] == "2026-11-01"
    assert bins["2026-11-01"]["ab"] == {"material-cooperation": 1} and bins["2026-11-01"]["ba"] == {}
    assert d["names"] == {"BRA": "Brazil", "ARG": "Argentina"}
    assert ok(client, "/api/dyad", params={"a": "brazil", "b": "argentina", "by": "year"})["series"][0]["start"] == "2026-01-01"
    # Week bins start on Monday; a month-dated event is too coarse for them and is counted apart.
    weeks = ok(client, "/api/dyad", params={"a": "BRA", "b": "ARG", "by": "week"})
    assert [p["start"] for p in weeks["series"]] == ["2026-11-16"] and weeks["unplaced"] == {"month": 1}
    # Filters on the page's parameters: type, modality, dates.
    assert ok(client, "/api/dyad", params={"a": "BRA", "b": "ARG", "type": "AID"})["total"] == 1
    assert ok(client, "/api/dyad", params={"a": "BRA", "b": "ARG", "since": "2026-11"})["total"] == 1


@pytest.mark.parametrize("url,status,needle", [
    ("/api/nope", 404, "no API endpoint"),
    ("/api/documents/does-not-exist", 404, "no document"),
    ("/api/documents?limit=abc", 400, "limit"),
    ("/api/documents?limit=100000", 400, "limit"),
    ("/api/documents?since=yesterday", 400, "since"),
    ("/api/graph?level=galaxy", 400, "level"),
    ("/api/dyad?a=RUS", 400, "required"),
    ("/api/dyad?a=RUS&b=PRK&by=decade", 400, "by"),
    ("/api/edge?source=RUS", 400, "required"),
    ("/api/events?since=2023-13-99x", 400, "since"),
    ("/api/events?since=2023-13", 400, "since"),
    ("/api/events?type=TELEPORT", 400, "type must be one of"),
    ("/api/graph?modality=certainly", 400, "modality must be one of"),
    ("/api/graph?quad=7", 400, "quad must be one of"),
    ("/api/graph?kinds=aliens", 400, "kinds"),
    ("/api/graph?min_weight=0", 400, "min_weight"),
    ("/api/timeline?by=decade", 400, "by"),
    ("/api/actors/nobody-at-all", 404, "no actor"),
    ("/api/node", 400, "key"),
])
def test_one_error_shape(client, url, status, needle):
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    assert needle in body["error"]


def test_post_to_api_is_an_error_in_the_same_shape(client):
    r = client.post("/api/graph", json={})
    assert r.status_code == 405 and r.json()["ok"] is False


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/graph", "/api/edge", "/api/dyad", "/api/events",
                 "/api/actors"):
        assert path in spec["paths"]
    assert spec["components"]["schemas"]["Error"]["required"] == ["ok", "error", "status"]


def test_pages_render(client):
    for url in ("/", "/?q=wheat", "/graph", "/dyad", "/doc/fixture-grain-talks"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert GRAIN_TITLE in client.get("/").text
    page = client.get("/doc/fixture-grain-talks").text
    # The trigger of the AID event is its own highlighted segment inside the evidence.
    assert re.search(r'<span class="seg ev[^"]*q-material-cooperation[^"]*trig[^"]*" data-refs="[^"]*e0', page)
    assert "Subscribe to our newsletter" in page  # the removed boilerplate, on demand
    assert client.get("/?since=nonsense").status_code == 200  # the form explains instead of failing
    r = client.get("/doc/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_hostile_text_is_escaped_in_html(client):
    page = client.get("/doc/fixture-hostile").text
    assert "<script>window" not in page and "<img src" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;window.__pwned" in page
    assert "{{7*7}}" in page  # not a template either
    # The JSON island cannot close its script element.
    island = page.split('id="cg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in island
    corpus = client.get("/").text
    assert "<script>window" not in corpus and "&lt;script&gt;" in corpus
    for url in ("/actor/evil", "/events?doc=fixture-hostile"):
        other = client.get(url).text
        assert "<img src" not in other and "<svg onload" not in other and "onerror=" in other, url
    # The CSV holds the text as it is: a download (never rendered by the browser), not a page.
    csv = client.get("/events.csv?doc=fixture-hostile")
    assert csv.headers["content-type"].startswith("text/csv") and csv.headers["x-content-type-options"] == "nosniff"
    assert csv.headers["content-disposition"].startswith("attachment")
    assert IMG not in corpus
    assert HOSTILE and SCRIPT  # (fixtures imported for the browser test too)


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/store/schema.sql", "/static//etc/passwd",
    "/static/vendor/../../app.py", "/doc/..%2f..%2fetc%2fpasswd", "/api/documents/..%2f..%2fetc%2fpasswd",
])
def test_no_path_leaves_the_static_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "import" not in r.text and "root:" not in r.text and "CREATE TABLE" not in r.text


def test_static_vendor_is_served(client):
    r = client.get("/static/vendor/cytoscape.min.js")
    assert r.status_code == 200 and len(r.content) > 100_000


def test_foreign_host_header_is_refused(client):
    r = client.get("/api/health", headers={"host": "evil.example:8000"})
    assert r.status_code == 421 and r.json()["ok"] is False


def test_store_is_read_only(client):
    import duckdb

    corpus = client.app.state.corpus
    with pytest.raises(duckdb.Error):
        corpus.store.con.execute("DELETE FROM documents")


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from cablegram.commands import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "no store" in str(result.exception) or "no store" in result.output


def test_corpus_page_shows_strongest_ties(client):
    page = client.get("/").text
    assert "Argentina ⇄ Brazil" in page and "/dyad?a=ARG&amp;b=BRA" in page


@pytest.mark.slow
def test_webload_runs_bounded_without_errors(fixture_db):
    import subprocess
    import sys

    from pathlib import Path

    proc = subprocess.run([sys.executable, "-m", "benchmarks.webload", "--db", fixture_db, "--clients", "5",
                           "--seconds", "2", "--no-baseline"], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "errors 0" in proc.stdout and "ALL API" in proc.stdout


def test_a_duckdb_file_that_is_not_a_store_is_refused(tmp_path):
    import duckdb

    from cablegram.errors import StoreError
    from cablegram.web import create_app

    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a cablegram store"):
        create_app(str(path))


def test_an_unexpected_failure_is_a_500_in_the_one_shape(fixture_db):
    from starlette.testclient import TestClient

    from cablegram.web import create_app

    app = create_app(fixture_db, cache_size=0)
    corpus = app.state.corpus

    def broken(*args, **kwargs):
        raise RuntimeError("boom with a secret path /etc/shadow")

    corpus.stats = broken
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/health")
        assert r.status_code == 500
        assert r.json() == {"ok": False, "error": "internal error (the server log has the details)", "status": 500}
        page = c.get("/graph")
        assert page.status_code == 500 and "shadow" not in page.text and "Traceback" not in page.text
    corpus.close()


def test_events_are_counted_once_with_their_reports(client):
    body = ok(client, "/api/events")
    assert body["total"] == 5 and body["reports"] == 5
    aid = next(e for e in body["events"] if e["type"] == "AID")
    assert aid["source_names"] == ["Brazil"] and aid["target_names"] == ["Argentina"] and aid["reports"] == 1
    r = aid["evidence"][0]
    assert (r["title"], r["published"], r["claimant_name"], r["modality"]) == (
        GRAIN_TITLE, "2026-11-20", "the agriculture ministry", "reported")
    assert [e["type"] for e in ok(client, "/api/events", params={"actor": "ARG", "type": "ACCUSE"})["events"]] == ["ACCUSE"]
    assert ok(client, "/api/events", params={"actor": "arg"})["total"] == 3  # an ISO3 code in any case


def test_timeline_bins_the_corpus_events(client):
    t = ok(client, "/api/timeline", params={"by": "month"})
    assert {p["start"]: p["total"] for p in t["series"]} == {"2026-10-01": 1, "2026-11-01": 4}
    assert t["total"] == 5 and t["domain"] == {"start": "2026-11-20", "end": "2026-11-21"}


def test_actor_profile_and_node_dyads(client):
    a = ok(client, "/api/actors/BRA")["actor"]
    assert a["name"] == "Brazil" and a["type"] == "country" and a["code"] == "BRAGOV"
    assert a["events"] == 3 and a["as_source"] == 1 and a["as_target"] == 2
    assert {t["partner"]: t["n"] for t in a["ties"]} == {"ARG": 2, "CHL": 1}
    assert ok(client, "/api/actors/bra")["actor"]["id"] == "BRA"
    ministry = ok(client, "/api/actors/brazil-agriculture-ministry")["actor"]
    assert ministry["quote_count"] == 1 and ministry["quotes"][0]["content"].startswith("Brazil agreed")
    node = ok(client, "/api/node", params={"key": "BRA"})
    assert [(d["partner"], d["n"], d["out_n"], d["in_n"]) for d in node["dyads"]] == [("ARG", 2, 1, 1), ("CHL", 1, 0, 1)]


def test_events_actor_pages_and_csv(client):
    page = client.get("/events").text
    assert "5 events" in page and 'id="chart-data"' in page and "/events.csv" in page
    assert client.get("/events?type=NOPE").status_code == 200  # the form explains instead of failing
    assert "type must be one of" in client.get("/events?type=NOPE").text
    page = client.get("/actor/BRA").text
    assert "<h1 id=\"actor-name\">Brazil</h1>" in page and "/dyad?a=BRA&amp;b=ARG" in page
    assert client.get("/actor/nobody").status_code == 404
    r = client.get("/events.csv", params={"type": "AID"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    lines = r.text.splitlines()
    assert lines[0].startswith("event_id,date,precision,type") and len(lines) == 2 and ",AID," in lines[1]
    # A formula in the text never reaches a spreadsheet as one.
    assert "\n=" not in client.get("/events.csv").text


def test_graph_nodes_are_actors_only(client):
    g = ok(client, "/api/graph", params={"level": "actor", "doc": "fixture-hostile"})
    # "Critics" is a group of no country: a common noun phrase, never a node; Norway and the named
    # organisation remain, with positions and a community.
    assert {n["id"] for n in g["nodes"]} == {"norway", "evil"}
    assert all(isinstance(n["x"], float) and isinstance(n["community"], int) for n in g["nodes"])
    assert ok(client, "/api/graph", params={"kinds": "person"})["nodes"] == []
    assert {e["count"] for e in ok(client, "/api/graph", params={"min_weight": 2})["edges"]} <= set(range(2, 100))
