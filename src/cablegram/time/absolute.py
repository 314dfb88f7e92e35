"""Values of expressions that name their place on the calendar: dates, months, years, decades, quarters.

A month or day named without a year takes the year that puts it nearest the publication date, the
clause's tense deciding between the one before and the one after (``pick_year``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable, Optional

from .lexicon import alt, lexicon
from .match import Ctx, Found, Result
from .values import add_months, fmt, parse_value, shift


def _lx(key):
    return lexicon()[key]


def _year2(y1: int, s: str) -> int:
    return int(s) if len(s) == 4 else (y1 // 100) * 100 + int(s)


def month_of(f: Found, key: str = "mon") -> int:
    return _lx("months")[f.groups[key].rstrip(".").lower()]


def deadline(before: str, words: str = "deadline_words") -> bool:
    """"extended to Nov. 16", "payable Dec. 1", "by Oct. 31": deadlines lie ahead whatever the tense."""
    return bool(re.search(rf"\b(?:{alt(_lx(words))})\s+(?:early\s+|late\s+|mid-?)?$", before))


def _cost(dist: int, deadline: bool, tense: Optional[str]) -> int:
    """How unlikely an occurrence ``dist`` days from publication is, given the tense."""
    cost = abs(dist)
    if deadline:
        return cost + (60 if dist < 0 else 0)
    if tense == "past" and dist > 0:
        return 2 * cost + 150
    if tense == "future" and dist < 0:
        return cost + 365
    if tense is None and dist > 0:
        return cost + 100  # news reports mostly what has happened
    return cost


def nearest_year(dct: date, day_in: Callable[[int], date], ctx: Ctx, whole_month: bool = False) -> int:
    """The year whose occurrence of a recurring day (``day_in(year)``) the text most likely means: the
    one nearest the publication date, the clause's tense deciding when the one before and the one
    after are about as near (``whole_month``: a month named alone is "now" all through it); the end of a
    period that is over ("the year ended Jan. 31") is never after publication."""
    ahead = deadline(ctx.before)
    over = deadline(ctx.before, "period_ended_words")  # "the year ended Jan. 31": a period that is over
    best = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = day_in(y)
        dist = 0 if whole_month and (d.year, d.month) == (dct.year, dct.month) else (d - dct).days
        if over and dist > 0:
            continue
        cost = _cost(dist, ahead, ctx.tense)
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1]


def _day_of(month: int, day: Optional[int]) -> Callable[[int], date]:
    def day_in(y: int) -> date:
        try:
            return date(y, month, day or 15)
        except ValueError:
            return date(y, month, 28)

    return day_in


def pick_year(dct: Optional[date], month: int, day: Optional[int], ctx: Ctx) -> Optional[int]:
    """The year of a month (and day) named without one (see ``nearest_year``)."""
    if dct is None:
        return None
    return nearest_year(dct, _day_of(month, day), ctx, whole_month=day is None)


def numeric_date(f: Found, ctx: Ctx) -> Optional[Result]:
    """"2023-09-06", "9/6/2023", "9/6/23"."""
    y = int(f.groups["year"])
    if y < 100:
        y += 1900 if y > 30 else 2000
    try:
        d = date(y, int(f.groups["mon"]), int(f.groups["day"]))
    except ValueError:
        return None
    return "DATE", d.isoformat(), "day", "none"


def _relative_year(f: Found, month: int, ctx: Ctx) -> int:
    """"last May", "this coming June": the year from the relative word and the publication date."""
    rel = f.group("rel")
    back = rel in ("last", "past", "this past") and month >= ctx.dct.month
    ahead = rel in ("next", "coming", "this coming") and month <= ctx.dct.month
    return ctx.dct.year + (-1 if back else 1 if ahead else 0)


def spoken(f: Found) -> int:
    """The year a spoken year's groups say ("nineteen ninety-four" -> 1994)."""
    century_ = 1900 if f.group("sy") == "nineteen" else 2000
    return century_ + _lx("spoken_tens")[f.group("tens")] + _lx("spoken_ones").get(f.group("ones"), 0)


def year_of(f: Found) -> Optional[int]:
    """The year a match names, in digits or spoken ("January nineteen ninety-seven"); None if none."""
    if f.groups.get("year"):
        return int(f.groups["year"])
    return spoken(f) if f.groups.get("sy") else None


def calendar_date(f: Found, ctx: Ctx) -> Optional[Result]:
    """"Sept. 6, 2023", "6 September", "January 2020", "last May", "July of next year", "the week of March 6"."""
    month = month_of(f)
    day = int(f.groups["day"]) if "day" in f.groups else None
    year = year_of(f)
    anchor = "none"
    if year is None:
        if f.groups.get("yrel") and ctx.dct:
            year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[f.group("yrel")]
        elif f.groups.get("rel") and ctx.dct:
            year = _relative_year(f, month, ctx)
        else:
            year = pick_year(ctx.dct, month, day, ctx)
        anchor = "publication" if ctx.dct else "none"
    if day is None:
        return "DATE", f"XXXX-{month:02d}" if year is None else f"{year:04d}-{month:02d}", "month", anchor
    if year is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none"
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if f.groups.get("weekof"):
        return "DATE", fmt(d, "week"), "week", anchor  # "the week of March 6"
    return "DATE", d.isoformat(), "day", anchor


def month_range(f: Found, ctx: Ctx) -> Optional[Result]:
    """"March-April 2020"."""
    y = int(f.groups["year"])
    return "DATE", f"{y:04d}-{month_of(f):02d}/{y:04d}-{month_of(f, 'mon2'):02d}", "month", "none"


def easter(year: int) -> date:
    """Easter Sunday of a year (Gregorian calendar; the anonymous algorithm of 1876)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int, first: int = 1) -> date:
    """The ``n``-th ``weekday`` (1 Monday .. 7 Sunday) of a month on or after day ``first``; n = -1 the last."""
    if n < 0:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    start = date(year, month, first)
    return start + timedelta(days=(weekday - start.isoweekday()) % 7 + 7 * (n - 1))


def holiday_in(name: str) -> Callable[[int], date]:
    """The date of a named holiday in a given year (fixed, on a weekday of a month, or from Easter)."""
    if name in _lx("holidays"):
        m, d = _lx("holidays")[name]
        return lambda y: date(y, m, d)
    if name in _lx("weekday_holidays"):
        m, wd, n, first = _lx("weekday_holidays")[name]
        return lambda y: nth_weekday(y, m, wd, n, first)
    offset = _lx("easter_days")[name]
    return lambda y: easter(y) + timedelta(days=offset)


def holiday(f: Found, ctx: Ctx) -> Optional[Result]:
    """"Christmas", "last Thanksgiving", "Easter 2019", "Election Day"; "Easter week": the week of the day."""
    day_in = holiday_in(f.group("hol"))
    gran = "week" if f.groups.get("hweek") else "day"
    if "year" in f.groups:
        return "DATE", fmt(day_in(int(f.groups["year"])), gran), gran, "none"
    if ctx.dct is None:
        return "DATE", None, gran, "none"
    rel = f.group("rel")
    if rel in ("last", "past", "this past"):
        y = ctx.dct.year if day_in(ctx.dct.year) < ctx.dct else ctx.dct.year - 1
    elif rel in ("next", "coming", "this coming"):
        y = ctx.dct.year if day_in(ctx.dct.year) > ctx.dct else ctx.dct.year + 1
    else:
        y = nearest_year(ctx.dct, day_in, ctx)
    return "DATE", fmt(day_in(y), gran), gran, "publication"


def named_date(f: Found, ctx: Ctx) -> Optional[Result]:
    """A date known by a name: "9/11" -> 2001-09-11."""
    value = str(_lx("named_dates")[f.group("named")])
    return "DATE", value, "day" if len(value) == 10 else "year", "none"


def year_range(f: Found, ctx: Ctx) -> Optional[Result]:
    """"1950-53" -> 1950/1953."""
    y1 = int(f.groups["year"])
    return "DATE", f"{y1:04d}/{_year2(y1, f.groups['year2']):04d}", "year", "none"


def year(f: Found, ctx: Ctx) -> Optional[Result]:
    return "DATE", f.groups["year"], "year", "none"


def decade(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the 1980s" -> 198, "the '90s", "the nineties" -> 199."""
    if "dec" in f.groups:
        d = f.groups["dec"]
        return "DATE", ("19" + d if len(d) == 2 else d)[:3], "decade", "none"
    if "dec2" in f.groups:
        return "DATE", "19" + f.groups["dec2"][0], "decade", "none"
    return "DATE", f"19{_lx('decade_words')[f.group('decw')]}", "decade", "none"


def century(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the 20th century", "the twenty-first century" -> 19, 20."""
    c = f.group("cent")
    n = _lx("century_ordinals").get(c) or int(re.match(r"\d+", c).group())
    return "DATE", f"{n - 1:02d}", "century", "none"


def _quarter_number(f: Found, ctx: Ctx) -> Optional[int]:
    """The quarter an expression names: its ordinal, or the one a results story reports on (the
    quarter before publication's, or publication's own in a future clause); None when unknown."""
    o = f.group("ord")
    if o in _lx("ordinals"):
        return _lx("ordinals")[o]
    if ctx.dct is None:
        return None
    cur = (ctx.dct.month - 1) // 3 + 1
    if o in ("last", "previous", "latest") or (not o and ctx.tense != "future"):
        return cur - 1 or 4  # "the latest quarter", "the quarter" in a results story
    return cur


def quarter(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the third quarter of 1990", "the fourth quarter" (this year's, or last year's if still ahead),
    "the latest quarter" (the one before publication's), "the year-ago quarter", "the 1988 quarter"."""
    ago = f.groups.get("ago") or f.groups.get("ago2")
    if ago and not f.group("ord") and ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "quarter":
        # "profit rose in the third quarter from ... in the year-ago quarter": that quarter a year before
        return "DATE", fmt(shift(p[0], -1, "Y"), "quarter"), "quarter", "text"
    q = _quarter_number(f, ctx)
    year_ = f.groups.get("year") or f.groups.get("year2")
    if f.groups.get("yrel") and ctx.dct:
        year_ = str(ctx.dct.year + {"last": -1, "this": 0, "next": 1}[f.group("yrel")])
    if q is None:
        return "DATE", f"{year_}-QX" if year_ else None, "quarter", "none"
    if year_:
        return "DATE", f"{year_}-Q{q}", "quarter", "none"
    if ctx.dct is None:
        return "DATE", f"XXXX-Q{q}", "quarter", "none"
    cur = (ctx.dct.month - 1) // 3 + 1
    if f.group("ord") in _lx("ordinals"):
        y = ctx.dct.year if q <= cur or ctx.tense == "future" else ctx.dct.year - 1
    else:
        y = ctx.dct.year if q <= cur else ctx.dct.year - 1  # the latest quarter may be last year's fourth
    if f.groups.get("ago") or f.groups.get("ago2"):
        y -= 1  # "the year-ago third quarter", "the quarter a year ago"
    return "DATE", f"{y}-Q{q}", "quarter", "publication"


def half(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the first half of 1990", "the last half of 1989" -> 1990-H1, 1989-H2; without a year, the publication's."""
    h = 1 if f.group("half") in ("first", "1st") else 2
    year_ = f.groups.get("year2")
    if year_:
        return "DATE", f"{year_}-H{h}", "half", "none"
    if ctx.dct is None:
        return "DATE", f"XXXX-H{h}", "half", "none"
    return "DATE", f"{ctx.dct.year}-H{h}", "half", "publication"


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season(f: Found, ctx: Ctx) -> Optional[Result]:
    """"summer 2019", "last winter", "this spring"."""
    code = _lx("seasons")[f.groups["season"].lower()]
    if year_of(f):
        return "DATE", f"{year_of(f):04d}-{code}", "season", "none"
    if ctx.dct is None:
        return "DATE", f"XXXX-{code}", "season", "none"
    rel = f.group("rel")
    y = ctx.dct.year
    start_month = _SEASON_START[code]
    if rel in ("last", "past", "this past"):
        y = y if start_month < ctx.dct.month - 2 else y - 1
    elif rel in ("next", "coming", "this coming"):
        y = y if start_month > ctx.dct.month else y + 1
    elif ctx.tense == "past" and start_month > ctx.dct.month:
        y -= 1
    return "DATE", f"{y}-{code}", "season", "publication"


def spoken_year(f: Found, ctx: Ctx) -> Optional[Result]:
    """"nineteen ninety-four" -> 1994."""
    return "DATE", f"{spoken(f):04d}", "year", "none"
