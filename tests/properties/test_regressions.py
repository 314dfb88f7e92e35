"""Regression tests for what hypothesis and the fuzzer found, each named after what it found.

Inputs are minimal reproductions written by hand (not the fuzzer's files,
which are mutated corpus text). Cases in stages still being rewritten are
``xfail(strict=False)`` with the stage and the symptom as the reason, so they
pass silently once fixed; drop the mark then.
"""

from __future__ import annotations

import pytest

from cablegram.clean import clean_document
from cablegram.clean.urlmeta import url_date, url_metadata
from cablegram.ingest import read_source

BRACKETED_HOSTS = [
    "A://[",                                 # hypothesis: unbalanced bracket -> "Invalid IPv6 URL"
    "http://[",
    "https://example.com]/2021/03/05/x",     # fuzzer: a scraped URL with a stray bracket
    "//[\u00ff]",                            # fuzzer: bracketed host that is no address
    "http://[news]/2021/03/05/story",
]


@pytest.mark.parametrize("url", BRACKETED_HOSTS)
def test_url_date_on_a_bracketed_host_is_not_a_crash(url):
    value, precision = url_date(url)
    assert value in (None, "2021-03-05")
    assert url_metadata(url)["published"] == value


def test_a_bad_url_does_not_crash_cleaning():
    document = clean_document(read_source("Officials said talks would resume."), url="http://[")
    assert "talks" in document.text


@pytest.mark.parametrize("url, allowed", [
    ("https://example.com/world/2021/03/05/talks", [("2021-03-05", "day")]),
    ("https://example.com/2021/02/30/impossible", [(None, None), ("2021-02", "month")]),  # never a bad day
    ("https://example.com/2021/13/", [(None, None)]),
    ("", [(None, None)]),
    ("not a url at all \u00e9\u00e8 %%% ??", [(None, None)]),
])
def test_url_date_on_ordinary_and_impossible_dates(url, allowed):
    assert url_date(url) in allowed


def test_utf16_with_a_bom_is_read_not_refused_as_binary():
    text = "Officials said talks would resume on Monday."
    assert read_source(text.encode("utf-16")).raw == text
