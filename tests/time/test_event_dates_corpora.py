"""On the Wikinews and Reuters corpora: no placeholder value (PRESENT_REF, PAST_REF, FUTURE_REF, a
duration, an X-value) and no year outside 1800-2100 in any event's date, any store row's date or any
export's date; the time expressions themselves keep their TimeML values."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from cablegram.dates import MAX_YEAR, MIN_YEAR, calendar_value

pytestmark = [pytest.mark.slow, pytest.mark.data]

REUTERS_SAMPLE = 300


@pytest.fixture(scope="module")
def store(tmp_path_factory, data_dir):
    from cablegram.run import ingest
    from cablegram.store import Store

    corpora = [data_dir / "corpora" / "wikinews-2019-2021" / "articles.jsonl.gz",
               data_dir / "corpora" / "reuters-21578" / "articles.jsonl.gz"]
    if not all(p.exists() for p in corpora):
        pytest.skip("the Wikinews or Reuters corpus is not in ../shared/data")
    path = tmp_path_factory.mktemp("dates") / "store.duckdb"
    jobs = min(2, os.cpu_count() or 1)
    ingest([str(corpora[0])], db=str(path), jobs=jobs)
    ingest([str(corpora[1])], db=str(path), jobs=jobs, limit=REUTERS_SAMPLE)
    s = Store(path)
    yield s
    s.close()


def _year_ok(year: str) -> bool:
    return year == "" or MIN_YEAR <= int(year) <= MAX_YEAR


def test_event_dates_in_analyses_are_calendar_values(store):
    ids = [r[0] for r in store.con.execute("SELECT id FROM documents").fetchall()]
    assert len(ids) > 500
    n = 0
    for doc_id in ids:
        analysis = store.analysis(doc_id)
        for ev in analysis.events:
            if ev.date is not None and ev.date.value is not None:
                n += 1
                assert calendar_value(ev.date.value) == ev.date.value, (doc_id, ev.date)
    assert n > 1000
    refs = store.con.execute("SELECT count(*) FROM times WHERE value LIKE '%_REF'").fetchone()[0]
    assert refs > 0  # the time expressions keep their TimeML values


def test_store_rows_hold_calendar_dates(store):
    rows = store.con.execute("SELECT date_value, event_date FROM events").fetchall()
    assert rows
    for date_value, event_date in rows:
        for v in (date_value, event_date):
            assert v is None or calendar_value(v) == v, v


def test_exports_hold_calendar_dates(store, tmp_path):
    from cablegram.store.export import export

    export(store, "gdelt", tmp_path / "events.csv")
    with open(tmp_path / "events.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        assert re.fullmatch(r"(\d{8})?", r["SQLDATE"]) and _year_ok(r["Year"]), (r["SQLDATE"], r["Year"])
    export(store, "plover", tmp_path / "events.jsonl")
    for line in Path(tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for key in ("date", "story_date"):
            assert rec.get(key) is None or calendar_value(rec[key]) == rec[key], (key, rec.get(key))
