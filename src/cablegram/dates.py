"""Dates at cablegram's edges: the publication dates it is given, and the TIMEX3 values it hands on.

A bottom module (it imports nothing of cablegram but errors), read by the pipeline, ingest, the
time stage's callers, the store and the web view alike, so that there is one reader of each:

* :func:`parse_date` checks a date a user gives (``--published``, ``analyze(published=...)``,
  ``--since``): ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or an ISO 8601 date-time, a real day of a year
  from 1800 to 2100, else :class:`~cablegram.errors.DateError` (E017, exit 2) naming the forms;
* :func:`read_date` reads a date a corpus gives (JSON Lines, feeds), leniently: a bad one is a
  warning and no date, never a refused document;
* :func:`interval` turns a TIMEX3 value (``2023-09-04``, ``2019-W32``, ``2019-Q3``, ``199``,
  ``1950/1953``, ...) into the days it covers; :func:`calendar_value` keeps a value only when it
  names such days in 1800-2100 (never ``PRESENT_REF``, a duration, an X-value or "1201").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple, Optional

from .errors import DateError

MIN_YEAR, MAX_YEAR = 1800, 2100
ACCEPTED = "YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2023-09-06), or an ISO 8601 date-time (2023-09-06T14:30Z)"
_INPUT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                    r"(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")


def _checked(year: int, month: Optional[int], day: Optional[int]) -> str:
    """``YYYY[-MM[-DD]]`` of a real calendar day in range, else ValueError saying what is wrong."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"the year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day is None:
        return f"{year:04d}-{month:02d}"
    dt.date(year, month, day)  # raises "day is out of range for month"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: Optional[str], *, what: str = "the publication date") -> Optional[str]:
    """A date a user gave, as ``YYYY[-MM[-DD]]`` (a date-time keeps its day); None for None or "".

    Raises :class:`DateError` (E017) for anything else: "yesterday", "2001-13-45", "28/12/2001".
    """
    if text is None or not str(text).strip():
        return None
    value = str(text).strip()
    m = _INPUT.fullmatch(value)
    if not m:
        raise DateError(f"{what} {value!r} is not a date in ISO 8601 form")
    try:
        return _checked(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    except ValueError as exc:
        raise DateError(f"{what} {value!r} is not a real date: {exc}") from None


def read_date(value) -> tuple[Optional[str], Optional[str]]:
    """A date a corpus gave (ISO, RFC 2822 as in feeds, a ``date``/``datetime``), as ``YYYY[-MM[-DD]]``,
    and a warning when there is one that cannot be read (the document is then analysed without it)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, (dt.date, dt.datetime)):
        try:
            return _checked(value.year, value.month, value.day), None
        except ValueError as exc:
            return None, f"published date {value.isoformat()!r} ignored: {exc}"
    text = str(value).strip()
    try:
        return parse_date(text), None
    except DateError:
        pass
    if re.search(r"\d{4}", text) and not _INPUT.match(text):  # "Tue, 10 Jun 2003 04:00:00 GMT"
        try:
            from dateutil import parser

            d = parser.parse(text, fuzzy=True, ignoretz=True, default=dt.datetime(1900, 1, 1))
            return _checked(d.year, d.month, d.day), None
        except (ValueError, OverflowError, TypeError):
            pass
    return None, f"published date {text!r} ignored: not a date ({ACCEPTED})"


# ---------------------------------------------------------------- TIMEX3 values as days

# From finest to coarsest: an event is placed on an axis binned at granularity g when its own
# precision is g or finer.
PRECISIONS = ("day", "week", "month", "quarter", "year", "decade", "century")
RANK = {p: i for i, p in enumerate(PRECISIONS)}

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


def _range(value: str) -> Optional[Interval]:
    a, _, b = value.partition("/")
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None or ib.end < ia.start:
        return None
    span = (ib.end - ia.start).days
    precision = next((p for p, days in (("day", 1), ("week", 7), ("month", 31), ("quarter", 92),
                                        ("year", 366), ("decade", 3653)) if span < days), "century")
    return Interval(ia.start, ib.end, precision)


def _period(v: str) -> Optional[Interval]:
    """A week, month, quarter, season or half year."""
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
    return None


def _years(v: str) -> Optional[Interval]:
    """A year, decade ("199") or century ("19")."""
    for pattern, scale, precision in ((_YEAR, 1, "year"), (_DECADE, 10, "decade"), (_CENTURY, 100, "century")):
        if m := pattern.match(v):
            y = int(m[1]) * scale
            return Interval(dt.date(max(y, 1), 1, 1), dt.date(y + scale - 1, 12, 31), precision)
    return None


def interval(value: Optional[str]) -> Optional[Interval]:
    """The days a TIMEX3 value covers, or None when it names no calendar time (``PRESENT_REF``, a
    duration, ``XXXX-WXX-1``, ``2023-02-30``)."""
    if not value:
        return None
    v = value.strip()
    try:
        if "/" in v:
            return _range(v)
        if m := _DAY.match(v):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Interval(d, d, "day")
        return _period(v) or _years(v)
    except ValueError:  # 2023-02-30, week 54: not a calendar time
        return None


def calendar_value(value: Optional[str]) -> Optional[str]:
    """``value`` when it names calendar days within 1800-2100 (what an event's date, a store row or an
    export may carry), else None."""
    iv = interval(value)
    if iv is None or iv.start.year < MIN_YEAR or iv.end.year > MAX_YEAR:
        return None
    return value.strip()
