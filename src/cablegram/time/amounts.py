"""Values of expressions that measure or repeat time, or point at the past or future as a whole:
"five years" (P5Y), "the past three months", "every week" (P1W), "weekly", "now" (PRESENT_REF)."""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import alt, lexicon
from .match import Ctx, Found, Result
from .relative import amount, gran_of, relative_unit, unit_of
from .values import UNIT_GRAN, duration as iso_duration, minutes_or


def _lx(key):
    return lexicon()[key]


def duration(f: Found, ctx: Ctx) -> Optional[Result]:
    """"five years", "2 1/2 hours", "several weeks", "a five-hour meeting"; "will one day": some day ahead."""
    if f.text.lower() in _lx("someday_phrases") and re.search(
            rf"\b(?:{alt(_lx('future_auxes') + _lx('modal_auxes'))})\s+$", ctx.before):
        return "DATE", "FUTURE_REF", "ref", "none"
    n = amount(f)
    if n is None and "vague" not in f.groups:
        return None
    unit = unit_of(f)
    return "DURATION", minutes_or(f.groups["unit"], n, unit), gran_of(f, unit), "none"


def bare_plural(f: Found, ctx: Ctx) -> Optional[Result]:
    """"for years", "in recent months": an unknown number of units."""
    unit = unit_of(f)
    return "DURATION", iso_duration(None, unit), UNIT_GRAN[unit], "none"


def past_n(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the past three years", "the next few weeks", "the first week": a span of units."""
    unit = unit_of(f)
    n = amount(f)
    rel = f.group("rel")
    plural = f.groups["unitw"].lower().endswith("s")
    if n is None and "vague" not in f.groups:
        if rel in ("last", "next", "previous", "following", "coming", "past") and not plural:
            return relative_unit(f, ctx)  # "(the) last year", "the past decade": the unit before
        if rel == "recent":
            return "DURATION", iso_duration(None, unit), UNIT_GRAN[unit], "none"
        n = None if plural else 1
    return "DURATION", minutes_or(f.groups["unit"], n, unit), gran_of(f, unit), "none"


def frequency(f: Found, ctx: Ctx) -> Optional[Result]:
    """"daily", "every week", "twice a year", "each Monday"."""
    s = f.groups["set"].lower()
    sets = _lx("sets")
    if s in sets:
        return "SET", sets[s], "set", "none"
    if "wd" in f.groups:
        return "SET", f"XXXX-WXX-{_lx('weekdays')[f.groups['wd'].lower()]}", "set", "none"
    key = "unit2" if "unit2" in f.groups else "unit"
    unit = _lx("units")[f.groups[key].lower()][0]
    return "SET", iso_duration(2 if "other" in s else 1, unit), "set", "none"


def ref(f: Found, ctx: Ctx) -> Optional[Result]:
    """"now" -> PRESENT_REF, "recently" -> PAST_REF, "in the future" -> FUTURE_REF."""
    return "DATE", _lx("refs")[f.group("ref")], "ref", "none"
