"""Events counted once: the store clusters the reports of one event (several sentences, several articles).

Hand-built analyses of our own sentences (the store is under test, not the events stage): Turkey and
Libya sign an accord, reported as a mirrored pair (the events stage's old form), with the reciprocal
flag, a week later again, and once dated only to the month.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cablegram.schema import Analysis
from cablegram.store import SCHEMA_VERSION, Store
from cablegram.store.dates import interval


def _span(text: str, needle: str) -> dict:
    i = text.index(needle)
    return {"start": i, "end": i + len(needle), "text": needle}


def _article(doc_id: str, published: str, sentence: str, events: list[dict]) -> Analysis:
    """One article of one sentence naming Turkey and Libya; ``events`` without ids or spans are completed."""
    actors = [{"id": "TUR", "name": "Turkey", "type": "country", "country": "TUR", "code": "TUR",
               "mentions": [_span(sentence, "Turkey")]},
              {"id": "LBY", "name": "Libya", "type": "country", "country": "LBY", "code": "LBY",
               "mentions": [_span(sentence, "Libya")]},
              {"id": "residents", "name": "residents", "type": "group", "mentions": []}]
    trigger = _span(sentence, "signed")
    out = []
    for i, e in enumerate(events):
        out.append({"id": f"{doc_id}-e{i}", "type": "AGREE", "quad_class": "verbal-cooperation", "modality": "asserted",
                    "trigger": trigger, "evidence": _span(sentence, sentence), **e})
    return Analysis.model_validate({
        "cablegram_version": "test", "pipeline": "hand-built",
        "document": {"id": doc_id, "title": f"Accord ({doc_id})", "published": published, "text": sentence},
        "actors": actors, "events": out})


SENT = "Turkey and Libya signed a maritime accord on Wednesday."


def _corpus() -> list[Analysis]:
    return [
        # the old form: "A and B signed" as A->B and B->A on one trigger
        _article("d1", "2019-11-28", SENT, [{"source": ["TUR"], "target": ["LBY"], "date": {"value": "2019-11-27"}},
                                            {"source": ["LBY"], "target": ["TUR"], "date": {"value": "2019-11-27"}}]),
        # the new form: one event with both parties, reported the next day without a date (publication date)
        _article("d2", "2019-11-29", SENT, [{"source": ["LBY"], "target": ["TUR"], "reciprocal": True}]),
        # dated only to the month: the one event of that month
        _article("d3", "2020-01-10", SENT, [{"source": ["TUR"], "target": ["LBY"], "reciprocal": True,
                                             "date": {"value": "2019-11"}}]),
        # a month later: another signing
        _article("d4", "2019-12-30", SENT, [{"source": ["TUR"], "target": ["LBY"], "reciprocal": True}]),
        # one way only (Turkey's signature), same week: not the mutual event's direction... but a reciprocal
        # event takes either direction
        _article("d5", "2019-11-27", SENT, [{"source": ["TUR"], "target": ["LBY"]}]),
        # an unnamed group in two articles is not one actor
        _article("d6", "2019-11-27", SENT, [{"source": ["residents"], "target": []}]),
        _article("d7", "2019-11-27", SENT, [{"source": ["residents"], "target": []}]),
    ]


def _clusters(store: Store) -> list[tuple]:
    return store.con.execute("""SELECT type, source, target, reciprocal, date, reports, documents
                                FROM event_clusters ORDER BY date, source""").fetchall()


def test_reports_of_one_event_are_counted_once(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.add_many((a, None, None) for a in _corpus())
        assert store.count("events") == 8  # the rows analyze() gave (a mirrored pair is two)
        rows = _clusters(store)
        mutual = [r for r in rows if r[1] == ["LBY"] and r[2] == ["TUR"]]
        # 2019-11-27: d1's mirrored pair (one report), d2 (a day later), d3 (the month), d5 (one-way) -> one event
        assert mutual[0][3:] == (True, "2019-11-27", 4, 4)
        # 2019-12-30: a month later, another event
        assert mutual[1][3:] == (True, "2019-12-30", 1, 1)
        assert len(mutual) == 2
        # The mirrored pair is flagged reciprocal at the report level too.
        assert store.con.execute("SELECT count(*) FROM events WHERE doc_id = 'd1' AND reciprocal").fetchone()[0] == 2
        # Two articles' "residents" are two groups, hence two events.
        assert len([r for r in rows if r[1] and r[1][0].endswith("#residents")]) == 2
        # Every report belongs to exactly one event.
        assert store.con.execute("SELECT count(*) FROM event_reports").fetchone()[0] == 8


def test_clusters_do_not_depend_on_the_order_articles_arrive(tmp_path):
    corpus = _corpus()
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        a.add_many((x, None, None) for x in corpus)
        for x in reversed(corpus):  # one at a time, newest first: partitions recomputed each time
            b.add(x)
        assert _clusters(a) == _clusters(b)
        ids = "SELECT id FROM event_clusters ORDER BY id"
        assert a.con.execute(ids).fetchall() == b.con.execute(ids).fetchall()


def test_an_older_store_is_upgraded_on_opening_for_writing(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add_many((a, None, None) for a in _corpus())
        expected = _clusters(store)
        # Make it look like a version-1 store: no clusters, no new columns.
        store.con.execute("DROP TABLE event_reports")
        store.con.execute("DROP TABLE event_clusters")
        for col in ("reciprocal", "event_date", "date_start", "date_end", "date_precision", "source_key",
                    "target_key", "partition"):
            store.con.execute(f"ALTER TABLE events DROP COLUMN {col}")
        store.con.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
    with Store(path, read_only=True) as old:
        assert old.schema_version() == "1"
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert _clusters(store) == expected


@pytest.mark.parametrize("value,expected", [
    ("2023-09-04", ("2023-09-04", "2023-09-04", "day")),
    ("2019-09-11TAF", ("2019-09-11", "2019-09-11", "day")),
    ("2019-W32", ("2019-08-05", "2019-08-11", "week")),
    ("2019-W32-WE", ("2019-08-10", "2019-08-11", "week")),
    ("2023-02", ("2023-02-01", "2023-02-28", "month")),
    ("2019-Q4", ("2019-10-01", "2019-12-31", "quarter")),
    ("2019-WI", ("2019-12-01", "2020-02-29", "quarter")),
    ("2018", ("2018-01-01", "2018-12-31", "year")),
    ("199", ("1990-01-01", "1999-12-31", "decade")),
    ("1950/1953", ("1950-01-01", "1953-12-31", "decade")),
    ("PRESENT_REF", None), ("P3W", None), ("2023-02-30", None), ("", None),
])
def test_timex_values_as_intervals(value, expected):
    iv = interval(value)
    if expected is None:
        assert iv is None
    else:
        assert (iv.start.isoformat(), iv.end.isoformat(), iv.precision) == expected
        assert iv.start <= iv.mid <= iv.end and isinstance(iv.mid, dt.date)


def test_the_cli_dyad_counts_events_once(tmp_path):
    from cablegram.store import query

    with Store(tmp_path / "q.duckdb") as store:
        store.add_many((a, None, None) for a in _corpus())
        rows = query.dyad(store, "TUR", "LBY", by="month", both=True)
        assert [(r["month"], r["events"], r["reports"]) for r in rows] == [("2019-11", 1, 4), ("2019-12", 1, 1)]


def test_serving_an_older_store_upgrades_it_once(tmp_path):
    from cablegram.web.queries import Corpus

    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add_many((a, None, None) for a in _corpus())
        store.con.execute("DROP TABLE event_reports")
        store.con.execute("DROP TABLE event_clusters")
        store.con.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
    corpus = Corpus.open(str(path))
    try:
        assert corpus.store.read_only and corpus.store.schema_version() == SCHEMA_VERSION
        assert corpus.stats()["events"] == 4 and corpus.stats()["reports"] == 8
    finally:
        corpus.close()
