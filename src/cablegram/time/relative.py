"""Values of expressions that count from another date: "yesterday", "Monday", "last week", "two months
after", "3 p.m.", "the weekend", "a year ago".

The anchor is the publication date (``Ctx.dct``), or for anaphoric expressions ("the following week",
"that day") the last date the text mentioned (``Ctx.ref``) or the last calendar date of the sentence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from .lexicon import alt, lexicon
from .absolute import deadline
from .match import Ctx, Found, Result
from .values import GRAN_ORDER, UNIT_GRAN, coarser, duration, fmt, minutes_or, parse_value, shift


def _lx(key):
    return lexicon()[key]


def _pod(word: str) -> str:
    return _lx("parts_of_day")[word.lower()]


def day_word(f: Found, ctx: Ctx) -> Optional[Result]:
    """"today", "yesterday evening", "mid-afternoon yesterday", "tonight"."""
    w = f.groups["dayw"].lower()
    pod = f.groups.get("pod") or f.groups.get("pod2") or ("night" if w == "tonight" else None)
    if ctx.dct is None:
        return "DATE", "PRESENT_REF" if w == "today" else None, "day", "none"
    v = (ctx.dct + timedelta(days=_lx("days")[w])).isoformat()
    if pod:
        return "TIME", v + "T" + _pod(pod), "part-of-day", "publication"
    return "DATE", v, "day", "publication"


def this_part_of_day(f: Found, ctx: Ctx) -> Optional[Result]:
    """"this morning", "last night", "tomorrow afternoon"."""
    rel = f.groups["rel"].lower().split()[-1]
    pod = f.groups["pod"].lower()
    if ctx.dct is None:
        return "TIME", None, "part-of-day", "none"
    off = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[rel]
    return "TIME", (ctx.dct + timedelta(days=off)).isoformat() + "T" + _pod(pod), "part-of-day", "publication"


def anaphoric_part_of_day(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the next morning", "that night", "the previous evening", "in the morning": a part of the last day
    the text named (or of the one after / before it), else of the publication date; "the day": that day."""
    step = _lx("relative_steps").get(f.group("rel").replace("the ", ""), 0)
    p = parse_value(ctx.ref) if ctx.ref else None
    base, anchor = (p[0], "text") if p and p[1] == "day" else (ctx.dct, "publication")
    if f.groups.get("whole"):  # "later in the day"
        return ("DATE", None, "day", "none") if base is None else \
            ("DATE", (base + timedelta(days=step)).isoformat(), "day", anchor)
    if base is None:
        return "TIME", None, "part-of-day", "none"
    return "TIME", (base + timedelta(days=step)).isoformat() + "T" + _pod(f.group("pod")), "part-of-day", anchor


def weekday_date(dct: date, wd: int, rel: str, tense: Optional[str]) -> date:
    """The date of a weekday named near ``dct``: "last"/"next" say which way; else the tense does
    (past: the one before, future: the one after, present: the nearer)."""
    cur = dct.isoweekday()
    back = (cur - wd) % 7
    fwd = (wd - cur) % 7
    if rel in ("last", "past", "this past"):
        return dct - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return dct + timedelta(days=fwd or 7)
    if rel == "this":
        return dct + timedelta(days=fwd) if tense == "future" else dct - timedelta(days=back)
    if tense == "future" or (tense == "present" and fwd and fwd < back):
        return dct + timedelta(days=fwd)
    return dct - timedelta(days=back)


def _weekday_tense(ctx: Ctx) -> Optional[str]:
    """The clause's tense, or the future for a deadline in a clause not in the past ("until 9 a.m.
    Tuesday", "as early as Tuesday"; not "until Thursday, they had not ...") or after a verb that sets
    a time ahead ("postponed until Tuesday"; not "had given them until Thursday", a time ahead of a past one),
    or in the clause of a verb that plans what its object names ("has scheduled a news conference Thursday";
    not "planned to pay Friday", "a service planned for Saturday")."""
    ahead_of_now = ctx.tense != "past" or (ctx.verb in _lx("deferral_verbs") and not ctx.pluperfect)
    if ahead_of_now and deadline(ctx.before, "weekday_deadline_words"):
        return "future"
    if ctx.verb in _lx("scheduling_verbs") and ctx.planned_object and not ctx.pluperfect:
        return "future"
    return ctx.tense


def weekday(f: Found, ctx: Ctx) -> Optional[Result]:
    """"Monday", "last Tuesday", "Friday night", "Mondays" (a set), "that Sunday" (of the date before)."""
    wd = _lx("weekdays")[f.groups["wd"].lower()]
    rel = f.group("rel")
    pod = f.groups.get("pod")
    if f.groups.get("pl"):
        return "SET", f"XXXX-WXX-{wd}", "week", "none"
    if ctx.dct is None:
        return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{_pod(pod)}" if pod else ""), "day", "none"
    step = _lx("anaphoric_weekdays").get(rel.replace("the ", "")) if rel and rel != "next" else None
    anchor = "text"
    if rel == "that" and ctx.ref and (p := parse_value(ctx.ref)):
        d = weekday_date(p[0] + timedelta(days=6), wd, "", "past")
    elif step and ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "day":
        d = weekday_date(p[0], wd, "last" if step < 0 else "next", None)  # "the previous Friday"
    elif step:
        d, anchor = weekday_date(ctx.dct, wd, "last" if step < 0 else "next", None), "publication"
    else:
        d, anchor = weekday_date(ctx.dct, wd, rel, _weekday_tense(ctx)), "publication"
    if pod:
        return "TIME", d.isoformat() + "T" + _pod(pod), "part-of-day", anchor
    return "DATE", d.isoformat(), "day", anchor


def _clock(f: Found) -> Optional[tuple[int, int]]:
    """Hour and minute on a 24-hour clock (24:00 for midnight), None if not a clock time."""
    if "hw" in f.groups:
        return (24, 0) if f.groups["hw"].lower() == "midnight" else (12, 0)
    if "ampm" not in f.groups and "podc" not in f.groups:  # 24-hour clock with a zone: "18:00 UTC"
        return int(f.groups["h"]), int(f.groups["min"])
    h, mi = int(f.groups["h"]), int(f.groups.get("min") or 0)
    if h > 12 or mi > 59:
        return None
    ampm = f.groups["ampm"].lower() if "ampm" in f.groups else _lx("clock_parts_of_day")[f.groups["podc"].lower()]
    if ampm.startswith("p") and h != 12:
        h += 12
    if ampm.startswith("a") and h == 12:
        h = 0
    return h, mi


def _clock_day(f: Found, ctx: Ctx, wd: Optional[str]) -> date:
    """The day of a clock time: a date right after it, its weekday or day word, the last day of the text,
    else the publication date."""
    if not wd and not f.groups.get("dayw") and ctx.next_value and (p := parse_value(ctx.next_value)) \
            and p[1] == "day":
        return p[0]  # "3:30 p.m. on Tuesday": the clock time of the date that follows
    if wd:
        return weekday_date(ctx.dct, _lx("weekdays")[wd.lower()], "", _weekday_tense(ctx))
    if f.groups.get("dayw"):
        return ctx.dct + timedelta(days=_lx("days")[f.groups["dayw"].lower()])
    if ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "day":
        return p[0]
    return ctx.dct


def clock(f: Found, ctx: Ctx) -> Optional[Result]:
    """"3:30 p.m.", "9 a.m. EST Tuesday", "noon Saturday", "18:00 UTC", "4 in the morning"."""
    hm = _clock(f)
    if hm is None:
        return None
    h, mi = hm
    wd = f.groups.get("wd") or f.groups.get("wd2")
    clock_ = f"T{h:02d}:{mi:02d}" + ("Z" if (f.groups.get("tz") or "").upper() in ("UTC", "GMT") else "")
    if ctx.dct is None:
        return "TIME", (f"XXXX-WXX-{_lx('weekdays')[wd.lower()]}" if wd else "XXXX-XX-XX") + clock_, "time", "none"
    d = _clock_day(f, ctx, wd)
    if h == 24:
        d, clock_ = d + timedelta(days=1), "T00:00"
    return "TIME", d.isoformat() + clock_, "time", "publication"


def unit_of(f: Found, key: str = "unit") -> str:
    """The ISO letter of the unit word ("weeks" -> W, "centuries" -> CE)."""
    u = f.groups[key].lower()
    u = _lx("unit_plurals").get(u, u)
    units = _lx("units")
    if u not in units:
        u = u[:-1] if u[:-1] in units else u[:-2]
    return units[u][0]


def gran_of(f: Found, unit: str) -> str:
    """Granularity of a unit ("M" is a month unless the word says minute)."""
    if unit == "M" and f.groups.get("unit", "").lower().startswith("min"):
        return "minute"
    return UNIT_GRAN.get(unit, "day")


def amount(f: Found) -> Optional[float]:
    from .lexicon import number

    return number(f.groups["n"]) if "n" in f.groups else None


def _counted(f: Found, ctx: Ctx, sign: int, n: float, unit: str, gran: str) -> Optional[Result]:
    """"two months after <X>": from the date right after, else back from the sentence's date."""
    if ctx.next_value and (p := parse_value(ctx.next_value)):
        base, bgran = p
        return "DATE", fmt(shift(base, sign * n, unit), coarser(gran, bgran)), gran, "next"
    if ctx.sent_anchor and (p := parse_value(ctx.sent_anchor)):
        # "in April 2019, two months after X collapsed" -> X in 2019-02
        base, bgran = p
        return "DATE", fmt(shift(base, -sign * n, unit), coarser(gran, bgran)), gran, "sentence"
    return "DURATION", duration(n, unit), gran, "none"


def offset(f: Found, ctx: Ctx) -> Optional[Result]:
    """"two years ago", "three days later", "a few weeks earlier", "two months after"."""
    n = amount(f)
    unit = unit_of(f)
    gran = gran_of(f, unit)
    direction = f.group("dir")
    sign = _lx("directions").get(direction, 1)
    if unit in ("H", "S") or gran == "minute":
        return "DURATION", minutes_or(f.groups["unit"], n, unit), gran, "none"
    outside = direction in _lx("directions_outside_extent")
    if n is None:
        if outside:
            return "DURATION", duration(None, unit), gran, "none"  # "a few weeks after X": a span, no date
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "ref", "none"
    if direction in ("after", "before"):
        return _counted(f, ctx, sign, n, unit, gran)
    if unit == "Y" and n == int(n) and ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "quarter":
        # financial news: "a year ago" next to a quarter is that quarter a year before
        return "DATE", fmt(shift(p[0], sign * n, unit), "quarter"), "quarter", "text"
    if direction in ("ago", "from now", "hence", "back"):
        base, anchor = ctx.dct, "publication"
    else:
        p = parse_value(ctx.ref) if ctx.ref else None
        base, anchor = (p[0], "text") if p else (ctx.dct, "publication")
    if base is None:
        return "DATE", None, gran, "none"
    return "DATE", fmt(shift(base, sign * n, unit), gran if gran != "weekend" else "week"), gran, anchor


def relative_unit(f: Found, ctx: Ctx) -> Optional[Result]:
    """"last week", "next year", "this month", "the following day" (from the last date of the text),
    "the latest period" (a company's last quarter)."""
    unit = "Q" if f.groups.get("period") else unit_of(f)  # "the latest period": a company's quarter
    gran = UNIT_GRAN.get(unit, "day")
    rel = f.group("rel").replace("the ", "")
    if unit in ("H", "S") or f.groups.get("unit", "").lower() == "minute" or (unit == "D" and rel in ("this", "current")):
        return None
    if rel == "coming" and f.text.lower().startswith("the"):
        return "DURATION", duration(1, unit), gran, "none"
    anaphoric = rel in _lx("anaphoric_relatives") or (rel == "next" and f.text.lower().startswith("the"))
    step = _lx("relative_steps").get(rel, 0)
    base, anchor = ctx.dct, "publication"
    if anaphoric:
        p = parse_value(ctx.ref) if ctx.ref else None
        if p and GRAN_ORDER.index(coarser(p[1], gran)) > GRAN_ORDER.index(gran if gran in GRAN_ORDER else "day"):
            p = None  # "in 2020 ... the previous month": a year cannot say which month
        if p:
            base, anchor = p[0], "text"
    if base is None:
        return "DATE", None, gran, "none"
    if rel == "latest" and unit in ("Q", "Y"):
        step = -1  # "the latest quarter", "the latest fiscal year": the last one complete
    return "DATE", fmt(shift(base, step, unit), gran), gran, anchor


def part_of_unit(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the end of the year", "the rest of this month": the current (or named) unit."""
    unit = _lx("units")[f.groups["unit"].lower()][0]
    gran = UNIT_GRAN[unit]
    if ctx.dct is None:
        return "DATE", None, gran, "none"
    step = {"next": 1, "last": -1}.get(f.group("rel"), 0)
    return "DATE", fmt(shift(ctx.dct, step, unit), gran), gran, "publication"


def year_end(f: Found, ctx: Ctx) -> Optional[Result]:
    """"by year-end", "at year's end": the year of publication (TimeML's year with a mod END)."""
    if ctx.dct is None:
        return "DATE", None, "year", "none"
    return "DATE", f"{ctx.dct.year:04d}", "year", "publication"


def the_year(f: Found, ctx: Ctx) -> Optional[Result]:
    """"for the year ended June 30": a year's span; "a high for the year": the current year."""
    if re.match(rf"\s+(?:{alt(_lx('period_end_words'))})\b", f.after(20)):
        return "DURATION", "P1Y", "year", "none"
    if ctx.dct is None:
        return "DATE", None, "year", "none"
    return "DATE", f"{ctx.dct.year:04d}", "year", "publication"


def weekend(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the weekend", "last weekend", "that weekend"."""
    rel = f.group("rel")
    if rel in ("the past", "the coming"):
        return "DURATION", "P2D", "day", "none"
    if ctx.dct is None:
        return "DATE", None, "week", "none"
    if rel == "that" and ctx.ref and (p := parse_value(ctx.ref)):
        return "DATE", fmt(p[0], "weekend"), "week", "text"
    wd = ctx.dct.isoweekday()
    sat = ctx.dct + timedelta(days=(6 - wd) % 7)
    if rel in ("last", "this past") or (rel in ("the", "this") and ctx.tense == "past"):
        sat = ctx.dct - timedelta(days=(wd - 6) % 7 or 7) if wd < 6 else ctx.dct
    elif rel == "the following":
        sat = sat + timedelta(days=7)
    return "DATE", fmt(sat, "weekend"), "week", "publication"


def year_ago(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the year-ago quarter", "year-earlier results": the period of the last date a year before."""
    if ctx.ref and (p := parse_value(ctx.ref)) and p[1] in ("quarter", "month", "day"):
        gran = "quarter" if f.group("what") == "quarter" else p[1] if p[1] != "day" else "month"
        return "DATE", fmt(shift(p[0], -1, "Y"), gran), gran, "text"
    if ctx.dct is None:
        return "DATE", None, "year", "none"
    return "DATE", fmt(shift(ctx.dct, -1, "Y"), "year"), "year", "publication"
