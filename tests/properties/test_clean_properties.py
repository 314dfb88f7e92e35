"""Properties of reading and cleaning (no spaCy): nothing is lost, nothing crashes, ids are stable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from article_gen import articles, hostile_text
from hypothesis import given, strategies as st
from profiles import PROFILE

from cablegram.check import _check_span, lost_lines
from cablegram.clean import clean_document
from cablegram.clean.urlmeta import url_date, url_metadata
from cablegram.errors import InputError
from cablegram.ids import document_id
from cablegram.ingest import read_source

pytestmark = pytest.mark.slow  # 1,000 examples per property

ISO = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def _clean(raw):
    source = read_source(raw)
    return source, clean_document(source)


def _assert_clean_document(raw, document):
    d = document.model_dump()
    problems = [p for i, part in enumerate(d["parts"])
                if (p := _check_span(f"parts[{i}]", part, d["text"], has_text=False))]
    assert not problems, problems
    if document.format == "text":
        assert lost_lines(d, raw) == []


@PROFILE
@given(articles())
def test_cleaner_loses_no_line(raw):
    _, document = _clean(raw)
    _assert_clean_document(raw, document)


@PROFILE
@given(hostile_text())
def test_reading_hostile_input_is_a_clean_error_or_a_lossless_document(raw):
    try:
        source, document = _clean(raw)
    except InputError:
        return
    _assert_clean_document(source.raw, document)


@PROFILE
@given(st.text(st.sampled_from("ab \u00e9\u4e2d\n\r\t"), max_size=100), st.sampled_from(["\n", "\r\n", "\r"]),
       st.text(" \t\n", max_size=3))
def test_document_id_ignores_line_endings_and_outer_space(raw, eol, pad):
    variant = pad + raw.replace("\r\n", "\n").replace("\r", "\n").replace("\n", eol) + pad
    assert document_id(variant) == document_id(raw)


@PROFILE
@given(st.text(max_size=200), st.text(max_size=200))
def test_document_id_differs_when_content_differs(a, b):
    norm = lambda s: s.replace("\r\n", "\n").replace("\r", "\n").strip()  # noqa: E731
    if norm(a) != norm(b):
        assert document_id(a) != document_id(b)


DATE_PATHS = [
    "/{y}/{m:02d}/{d:02d}/", "/{y}/{m}/{d}/", "/{y}/{m:02d}{d:02d}/", "/news-{y}{m:02d}{d:02d}.html",
    "/story_{y}-{m:02d}-{d:02d}_x", "/{y}/{m:02d}/{d:02d}",
]


@PROFILE
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(DATE_PATHS),
       st.sampled_from(["https://example.com", "http://news.example.org/world/asia", "https://x.test/a-b"]),
       st.sampled_from(["", "slug-of-the-story", "index.html?id=1", "a/b/c"]))
def test_url_date_reads_the_date_a_news_url_carries(day, pattern, host, tail):
    url = host + pattern.format(y=day.year, m=day.month, d=day.day) + ("/" if not pattern.endswith("/") else "") + tail
    assert url_date(url) == (day.isoformat(), "day"), url


# Brackets are left out here: an unbalanced one in the host still crashes url_date (see the xfail
# regression tests in test_regressions.py); with them in, this property would only ever find that one bug again.
_URL_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="[]"), max_size=120)


@PROFILE
@given(st.one_of(_URL_TEXT, st.builds(lambda s, p: s + p, st.sampled_from(["http://", "https://", "//", "", "ftp://"]),
                                      _URL_TEXT)))
def test_url_metadata_never_raises_and_gives_iso_or_nothing(url):
    value, precision = url_date(url)
    assert (value is None) == (precision is None)
    if value is not None:
        assert ISO.fullmatch(value) and precision in ("day", "month")
        date.fromisoformat(value if precision == "day" else value + "-01")
    meta = url_metadata(url)
    assert meta["published"] == value

