"""Dates at the edges: a publication date given by a user is a real ISO 8601 date or refused (E017,
exit 2, naming the accepted forms); one a corpus gives is read or dropped with a warning; a TIMEX3
value handed on is a calendar value within 1800-2100 or nothing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cablegram.dates import calendar_value, interval, parse_date, read_date
from cablegram.errors import DateError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("given, read", [
    ("2023-09-06", "2023-09-06"), ("2023-09", "2023-09"), ("2023", "2023"), (" 2023-09-06 ", "2023-09-06"),
    ("2023-09-06T14:30Z", "2023-09-06"), ("2023-09-06T14:30:00+02:00", "2023-09-06"), (None, None), ("", None),
])
def test_accepted_dates(given, read):
    assert parse_date(given) == read


@pytest.mark.parametrize("given, why", [
    ("yesterday", "not a date in ISO 8601 form"), ("2001-13-45", "no month 13"),
    ("28/12/2001", "not a date in ISO 8601 form"), ("2001-02-30", "day is out of range"),
    ("1201", "outside 1800-2100"), ("20230906", "not a date in ISO 8601 form"),
])
def test_refused_dates_say_why_and_what_is_accepted(given, why):
    with pytest.raises(DateError) as err:
        parse_date(given)
    message = str(err.value)
    assert err.value.code == "E017" and err.value.exit_code == 2
    assert why in message and "YYYY-MM-DD" in message and "\n" not in message


def test_analyze_refuses_a_bad_publication_date():
    import cablegram

    with pytest.raises(DateError):
        cablegram.analyze("The minister spoke on Monday.", published="2001-13-45")


@pytest.mark.parametrize("given", ["yesterday", "2001-13-45", "28/12/2001"])
def test_cli_refuses_a_bad_publication_date_at_once(given):
    r = subprocess.run([sys.executable, "-m", "cablegram", "analyze", "-", "--published", given],
                       input=b"The minister spoke on Monday.", capture_output=True, cwd=ROOT, timeout=120)
    err = r.stderr.decode().strip()
    assert r.returncode == 2
    assert err.startswith("error E017: --published") and "YYYY-MM-DD" in err and "\n" not in err


def test_corpus_dates_are_read_leniently():
    assert read_date("Tue, 10 Jun 2003 04:00:00 GMT") == ("2003-06-10", None)
    assert read_date("26-FEB-1987 15:01:01.79") == ("1987-02-26", None)
    assert read_date(dt.date(2020, 1, 2)) == ("2020-01-02", None)
    for bad in ("2001-13-45", "yesterday", "1201-01-01"):
        value, warning = read_date(bad)
        assert value is None and bad in warning


def test_an_ingested_bad_date_is_a_warning_and_the_document_is_analysed(tmp_path, nlp):
    from cablegram.ingest.readers import iter_items
    from cablegram.run.work import prepare, run_shard

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "The minister spoke in Paris on Monday about the budget.",
                                "published": "2001-13-45"}) + "\n", encoding="utf-8")
    (item,) = iter_items([str(path)])
    assert item.published is None and "2001-13-45" in item.warnings[0]
    (done,) = run_shard([prepare(item)])
    assert done.analysis.document.published is None
    assert any("2001-13-45" in w for w in done.analysis.warnings)
    assert done.analysis.times  # analysed all the same: "Monday" is found


@pytest.mark.parametrize("value, kept", [
    ("2023-09-06", "2023-09-06"), ("2019-W24", "2019-W24"), ("2019-Q3", "2019-Q3"), ("199", "199"),
    ("1950/1953", "1950/1953"), ("2023-09-06TNI", "2023-09-06TNI"),
    ("PRESENT_REF", None), ("PAST_REF", None), ("FUTURE_REF", None), ("P2Y", None), ("XXXX-WXX-1", None),
    ("1201", None), ("2101", None), ("2023-02-30", None), ("", None), (None, None),
])
def test_calendar_values(value, kept):
    assert calendar_value(value) == kept


def test_interval_of_a_week_and_a_weekend():
    assert interval("2019-W24")[:2] == (dt.date(2019, 6, 10), dt.date(2019, 6, 16))
    assert interval("2019-W06-WE")[:2] == (dt.date(2019, 2, 9), dt.date(2019, 2, 10))
