"""TIMEX3 date values as calendar intervals, so events can be clustered and placed on a time axis.

The time stage writes ISO 8601 / TimeML values: ``2023-09-04`` (a day, possibly with a time or a
part of day: ``2019-09-11TAF``), ``2019-W32`` (a week; ``-WE`` its weekend), ``2023-09`` (a month),
``2019-Q3`` / ``2019-H1`` / ``2019-SP`` (a quarter, half year, season), ``2023`` (a year), ``199``
(a decade), ``19`` (a century), ``1950/1953`` (a range). :func:`interval` (in :mod:`cablegram.dates`,
the one reader of these values) turns any of them into the first and last day it covers and how
precise it is; anything else (``PRESENT_REF``, a duration) gives None.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ..dates import PRECISIONS, RANK, Interval, interval, _months  # noqa: F401  (one reader of TIMEX values)

GRANULARITIES = ("day", "week", "month", "year")


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
