"""The store: idempotent writes, consistent rows, queries across documents, exports that other tools read."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from cablegram.schema import Actor, Event, EventDate, Span
from cablegram.store import Store
from cablegram.store import query
from cablegram.store.export import export


def _with_events(analysis):
    """The example with two events between its own actors (the store is under test, not the events stage)."""
    text = analysis.document.text
    actors = {a.id: a for a in analysis.actors}
    ru = next(a for a in analysis.actors if a.name.lower().startswith("russia"))
    nk = next(a for a in analysis.actors if a.name.lower().startswith("north korea"))
    actors[ru.id] = ru.model_copy(update={"country": "RUS", "sector": "GOV", "code": "RUSGOV"})
    actors[nk.id] = nk.model_copy(update={"country": "PRK"})
    i = text.index("Russia is seeking to buy ammunition")
    j = text.index("asked Mr. Kim to send more ammunition")
    ev = [
        Event(id="ev-buy", type="REQUEST", cameo="020", quad_class="verbal cooperation", source=[ru.id],
              target=[nk.id], what="ammunition", modality="reported", date=EventDate(value="2023-09"),
              evidence=Span(start=i, end=i + 35, text=text[i:i + 35])),
        Event(id="ev-ask", type="REQUEST", cameo="020", quad_class="verbal cooperation", source=[ru.id],
              target=[nk.id], date=EventDate(text="in July", value="2023-07"),
              evidence=Span(start=j, end=j + 37, text=text[j:j + 37])),
    ]
    return analysis.model_copy(update={"events": ev, "actors": list(actors.values())})


@pytest.fixture()
def store(tmp_path, example):
    s = Store(tmp_path / "c.duckdb")
    assert s.add(_with_events(example), raw="raw input", source="examples/kim-putin.txt")
    yield s
    s.close()


def test_add_is_idempotent_and_rows_match_the_analysis(store, example):
    assert not store.add(_with_events(example), raw="raw input", source="again")
    assert store.count() == 1
    assert store.count("actors") == len(example.actors)
    assert store.count("mentions") == sum(len(a.mentions) for a in example.actors)
    assert store.count("attributions") == len(example.attributions)
    assert store.count("times") == len(example.times)
    assert store.count("events") == 2
    text, = store.con.execute("SELECT text FROM documents").fetchone()
    for s, e, t in store.con.execute('SELECT "start", "end", text FROM mentions').fetchall():
        assert text[s:e] == t
    back = store.analysis(example.document.id)
    assert back.document == example.document


def test_errors_are_recorded_and_cleared_on_success(store, example):
    store.add_error("broken.html", "input is empty", "E011")
    assert store.count("errors") == 1
    other = example.model_copy(update={"document": example.document.model_copy(update={"id": "other-doc"})})
    store.add(other, raw="x", source="broken.html")
    assert store.count("errors") == 0


def test_queries(store):
    rows = query.events(store, source="RUS", target="PRK")
    assert [r["date"] for r in rows] == ["2023-09", "2023-07"]
    assert rows[0]["evidence"].startswith("Russia is seeking")
    assert query.events(store, source="PRK", target="RUS") == []
    assert len(query.events(store, since="2023-08")) == 1
    assert len(query.events(store, until="2023-07")) == 1
    assert query.events(store, type="ASSAULT") == []
    dy = query.dyad(store, "RUS", "PRK", by="month")
    assert [(r["month"], r["type"], r["events"]) for r in dy] == [("2023-07", "REQUEST", 1), ("2023-09", "REQUEST", 1)]
    assert query.dyad(store, "RUS", "PRK", by="year")[0]["events"] == 2
    top = query.actors(store, limit=3)
    assert top and top[0]["documents"] == 1
    assert any(r["country"] == "RUS" and r["events"] == 2 for r in query.actors(store, country="RUS"))
    assert query.quotes(store)  # the example has reported speech
    assert query.sql(store, "SELECT count(*) AS n FROM events") == [{"n": 2}]


def test_bad_sql_is_a_clear_error(store):
    from cablegram.errors import QueryError

    with pytest.raises(QueryError):
        query.sql(store, "SELEKT nothing")


def test_read_only_store_refuses_writes_and_missing_store(tmp_path, store):
    from cablegram.errors import StoreError

    with pytest.raises(StoreError):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_exports(store, tmp_path):
    n = export(store, "plover", tmp_path / "e.jsonl")
    recs = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert n == 2 and recs[0]["event"] == "REQUEST" and recs[0]["src_actor"] == "RUS"
    assert recs[0]["tgt_actor"] == "PRK" and recs[0]["cg_evidence"]["text"] == recs[0]["eventText"]

    export(store, "gdelt", tmp_path / "e.csv")
    with open(tmp_path / "e.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["EventCode"] == "020" and rows[0]["EventRootCode"] == "02"  # strings, leading zero kept
    assert rows[0]["Actor1Code"] == "RUSGOV" and rows[0]["QuadClass"] == "1"

    export(store, "parquet", tmp_path / "pq")
    n_ev = store.con.execute(f"SELECT count(*) FROM '{tmp_path / 'pq' / 'events.parquet'}'").fetchone()[0]
    assert n_ev == 2

    import networkx as nx

    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        export(store, fmt, tmp_path / f"g.{fmt}")
        g = reader(str(tmp_path / f"g.{fmt}"))
        edges = list(g.edges(data=True))
        assert len(edges) == 1 and edges[0][2]["weight"] == 2

    export(store, "sqlite", tmp_path / "c.db")
    con = sqlite3.connect(tmp_path / "c.db")
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'ammunition'").fetchone()[0] == 1
    roles = con.execute("SELECT roles FROM actors LIMIT 1").fetchone()[0]
    assert isinstance(json.loads(roles), list)
