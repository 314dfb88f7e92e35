"""Every pattern of time/lang/en/patterns.yaml on a phrase of its own: it matches, its check passes, its
handler gives the value; and no pattern's check or handler fails on real news text."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from cablegram.time.checks import detected
from cablegram.time.match import Ctx
from cablegram.time.scan import candidates, rules

PUB = date(2024, 3, 13)  # a Wednesday

# rule name -> (text, the match's words, its value against PUB in a past-tense clause)
EXAMPLES = {
    "iso": ("on 2023-09-06 officials", "2023-09-06", "2023-09-06"),
    "slash": ("signed 9/6/2023 in Oslo", "9/6/2023", "2023-09-06"),
    "time": ("at 3:30 p.m. EST Tuesday", "3:30 p.m. EST Tuesday", "2024-03-12T15:30"),
    "clock_pod": ("leaves at 4 in the morning", "4 in the morning", "2024-03-13T04:00"),
    "clock24": ("at 18:00 UTC", "18:00 UTC", "2024-03-13T18:00Z"),
    "noon": ("by midday", "midday", "2024-03-13T12:00"),
    "mdy": ("on Sept. 6, 2023, officials", "Sept. 6, 2023", "2023-09-06"),
    "dmy": ("on 6 September 2023", "6 September 2023", "2023-09-06"),
    "mon_range": ("in March-April 2020", "March-April 2020", "2020-03/2020-04"),
    "my": ("in January 2020", "January 2020", "2020-01"),
    "named_date": ("since the 9/11 attacks", "9/11", "2001-09-11"),
    "holiday": ("found on Thanksgiving Day 1999", "Thanksgiving Day 1999", "1999-11-25"),
    "mon": ("traveled in July", "July", "2023-07"),
    "year_range": ("the 1950-53 war", "1950-53", "1950/1953"),
    "decade": ("in the late 1980s", "the late 1980s", "198"),
    "century": ("in the 20th century", "the 20th century", "19"),
    "quarter": ("the third quarter of 1990", "the third quarter of 1990", "1990-Q3"),
    "half": ("the first half of 2021", "the first half of 2021", "2021-H1"),
    "season": ("in summer 2019", "summer 2019", "2019-SU"),
    "day_word": ("prices rose yesterday", "yesterday", "2024-03-12"),
    "this_pod": ("it rained this morning", "this morning", "2024-03-13TMO"),
    "weekday": ("the minister said Monday", "Monday", "2024-03-11"),
    "rel_pod": ("released the next morning", "the next morning", "2024-03-14TMO"),
    "mid_pod": ("shares fell by mid-afternoon", "mid-afternoon", "2024-03-13TAF"),
    "the_pod": ("buy orders in the morning", "the morning", "2024-03-13TMO"),
    "latest_period": ("sales in the latest period", "the latest period", "2023-Q4"),
    "ago": ("two weeks ago", "two weeks ago", "2024-W09"),
    "past_n": ("over the past three years", "the past three years", "P3Y"),
    "rel_unit": ("since last year", "last year", "2023"),
    "part_of_unit": ("by the end of the year", "the end of the year", "2024"),
    "year_end": ("complete the deal by year-end", "year-end", "2024"),
    "the_year": ("a high for the year", "the year", "2024"),
    "weekend": ("they met last weekend", "last weekend", "2024-W10-WE"),
    "year_ago": ("up from the year-ago level", "the year-ago level", "2023"),
    "spoken_year": ("nineteen ninety-four was hard", "nineteen ninety-four", "1994"),
    "year": ("founded in 1991", "1991", "1991"),
    "set": ("meets every week", "every week", "P1W"),
    "duration": ("lived there for 2 1/2 years", "2 1/2 years", "P2Y6M"),
    "bare_plural": ("fought for centuries", "centuries", "PXY"),
    "ref": ("is now in charge", "now", "PRESENT_REF"),
}


def test_a_rule_checked_detected_reads_only_what_the_detector_tags():
    text = "the day after his death, the morning papers"
    assert not [f for f in candidates(text) if f.rule.name == "the_pod"]
    assert [f.text for f in candidates(text, checked=False) if f.rule.name == "the_pod"] == ["the day", "the morning"]


def test_every_rule_has_an_example():
    assert {r.name for r in rules()} == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rule_on_its_example(name):
    text, words, value = EXAMPLES[name]
    found = [f for f in candidates(text, checked=False) if f.rule.name == name and (f.ok or f.rule.check is detected)]
    assert found, f"{name} does not match {text!r}"
    f = max(found, key=lambda f: f.end - f.start)
    assert f.text == words
    ctx = Ctx(dct=PUB, tense="past", before=text[:f.start][-20:].lower(), after=text[f.end:][:20].lower())
    assert f.rule.handler(f, ctx)[1] == value
    f.rule.handler(f, Ctx())  # without a publication date: a value or None, never an error


@pytest.mark.data
def test_no_pattern_fails_on_news(data_dir):
    """Each match on the Wikinews corpus (its checks included, refused or not) reads without an error
    other than the ValueError of a day that does not exist ("February 30"), which the stage skips."""
    path = data_dir / "corpora" / "wikinews-2019-2021" / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not present")
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for f in candidates(json.loads(line)["text"], checked=False):
                n += 1
                for ctx in (Ctx(dct=PUB), Ctx()):
                    try:
                        f.rule.handler(f, ctx)
                    except ValueError:
                        pass
    assert n > 1000
