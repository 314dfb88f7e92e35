"""Properties of the whole pipeline: every analysis of a generated or hostile article keeps the invariants.

1,000 examples per property (the ``cablegram-ci`` profile), so these are slow;
``HYPOTHESIS_PROFILE=dev`` runs 50 each.
"""

from __future__ import annotations

from datetime import date

import pytest
from article_gen import BOILERPLATE, articles, hostile_text
from hypothesis import given, strategies as st
from profiles import PROFILE

import cablegram
from cablegram.check import check_analysis, compare_runs
from cablegram.errors import InputError

pytestmark = pytest.mark.slow

PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
                      .map(date.isoformat), st.sampled_from(["2021", "2021-03"]))
URLS = st.one_of(st.none(), st.sampled_from([
    "https://example.com/world/2021/03/05/talks-resume", "https://news.example.org/2019/0412/story",
    "https://example.com/a/b/c", "https://example.com/2023/13/45/impossible",
]))


@PROFILE
@given(articles(), PUBLISHED, URLS)
def test_generated_articles_keep_every_invariant(nlp, raw, published, url):
    analysis = cablegram.analyze(raw, nlp=nlp, published=published, url=url)
    assert check_analysis(analysis, raw) == []


@PROFILE
@given(hostile_text())
def test_hostile_input_gives_a_clean_error_or_a_valid_analysis(nlp, raw):
    try:
        analysis = cablegram.analyze(raw, nlp=nlp)
    except InputError:
        return
    assert check_analysis(analysis, raw) == []


@PROFILE
@given(articles(max_paragraphs=3), st.sampled_from(BOILERPLATE))
def test_ids_are_stable_across_runs_and_distinct_where_content_differs(nlp, raw, extra):
    first = cablegram.analyze(raw, nlp=nlp)
    second = cablegram.analyze(raw, nlp=nlp)
    assert compare_runs(first, second) == []
    other = cablegram.analyze(raw + "\n\nThe minister said the talks would resume on Monday.", nlp=nlp)
    assert other.document.id != first.document.id
    spans = lambda a: {x.id for x in (*a.attributions, *a.events, *a.times)}  # noqa: E731
    assert not spans(first) & spans(other), "ids of things found in different documents collide"
