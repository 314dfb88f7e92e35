"""TIMEX3 date values as calendar intervals, so events can be clustered and placed on a time axis.

The time stage writes ISO 8601 / TimeML values: ``2023-09-04`` (a day, possibly with a time or a
part of day: ``2019-09-11TAF``), ``2019-W32`` (a week; ``-WE`` its weekend), ``2023-09`` (a month),
``2019-Q3`` / ``2019-H1`` / ``2019-SP`` (a quarter, half year, season), ``2023`` (a year), ``199``
(a decade), ``19`` (a century), ``1950/1953`` (a range). :func:`interval` turns any of them into
the first and last day it covers and how precise it is; anything else (``PRESENT_REF``, a
duration) gives None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple, Optional

# From finest to coarsest: an event is placed on an axis binned at granularity g when its own
# precision is g or finer.
PRECISIONS = ("day", "week", "month", "quarter", "year", "decade", "century")
RANK = {p: i for i, p in enumerate(PRECISIONS)}
GRANULARITIES = ("day", "week", "month", "year")

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
# Northern-hemisphere meteorological seasons (TimeML's convention): first month, number of months.
_SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "AU": (9, 3), "WI": (12, 3)}


class Interval(NamedTuple):
    start: dt.date
    end: dt.date          # inclusive
    precision: str        # one of PRECISIONS

    @property
    def mid(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


def _months(year: int, month: int, n: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    y, m = divmod(month - 1 + n, 12)
    return start, dt.date(year + y, m + 1, 1) - dt.timedelta(days=1)


def interval(value: Optional[str]) -> Optional[Interval]:
    """The days a TIMEX3 value covers, or None when it names no calendar time."""
    if not value:
        return None
    v = value.strip()
    try:
        if "/" in v:
            a, _, b = v.partition("/")
            ia, ib = interval(a), interval(b)
            if ia is None or ib is None or ib.end < ia.start:
                return None
            span = (ib.end - ia.start).days
            precision = next((p for p, days in (("day", 1), ("week", 7), ("month", 31), ("quarter", 92),
                                                ("year", 366), ("decade", 3653)) if span < days), "century")
            return Interval(ia.start, ib.end, precision)
        if m := _DAY.match(v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Interval(d, d, "day")
        if m := _WEEK.match(v):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return Interval(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week")
            return Interval(monday, monday + dt.timedelta(days=6), "week")
        if m := _MONTH.match(v):
            return Interval(*_months(int(m[1]), int(m[2]), 1), "month")
        if m := _QUARTER.match(v):
            return Interval(*_months(int(m[1]), 3 * int(m[2]) - 2, 3), "quarter")
        if m := _SEASON.match(v):
            first, n = _SEASONS[m[2]]
            return Interval(*_months(int(m[1]), first, n), "quarter")
        if m := _HALF.match(v):
            return Interval(*_months(int(m[1]), 6 * int(m[2]) - 5, 6), "year")
        if m := _YEAR.match(v):
            y = int(m[1])
            return Interval(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
        if m := _DECADE.match(v):
            y = int(m[1]) * 10
            return Interval(dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31), "decade")
        if m := _CENTURY.match(v):
            y = int(m[1]) * 100
            return Interval(dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31), "century")
    except ValueError:  # 2023-02-30, week 54: not a calendar time
        return None
    return None


def event_interval(date_value: Optional[str], published: Optional[str]) -> Optional[Interval]:
    """An event's time: its own date when that names a calendar time, else its document's publication date."""
    return interval(date_value) or interval(published)


def placed(precision: Optional[str], granularity: str) -> bool:
    """Whether an event dated to ``precision`` can be put in one bin of ``granularity``."""
    return precision is not None and RANK[precision] <= RANK[granularity]


def bin_start(day: dt.date, granularity: str) -> dt.date:
    """The first day of the bin of ``granularity`` holding ``day`` (weeks start on Monday, as ISO's)."""
    if granularity == "day":
        return day
    if granularity == "week":
        return day - dt.timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "year":
        return dt.date(day.year, 1, 1)
    raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")


def bin_end(start: dt.date, granularity: str) -> dt.date:
    """The first day after the bin starting at ``start``."""
    if granularity == "day":
        return start + dt.timedelta(days=1)
    if granularity == "week":
        return start + dt.timedelta(days=7)
    if granularity == "month":
        return _months(start.year, start.month, 1)[1] + dt.timedelta(days=1)
    return dt.date(start.year + 1, 1, 1)
