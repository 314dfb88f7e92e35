"""Temporal expressions found by patterns over the text and normalised to ISO 8601 / TimeML values.

``scan(text)`` finds candidate expressions (longest match wins); ``normalise(found, ctx)``
turns one into ``(type, value, granularity, anchor)`` given the publication date, the
tense of the clause, the last date the text mentioned (for "the next day") and the
last calendar date of the sentence (for "two months after ...").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Optional

from .lexicon import alt, lexicon, number, number_pattern

# ---------------------------------------------------------------- values


def fmt(d: date, gran: str) -> str:
    """A date written at a granularity."""
    if gran == "day":
        return d.isoformat()
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if gran == "weekend":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}-WE"
    if gran == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "decade":
        return f"{d.year // 10:03d}"
    if gran == "century":
        return f"{d.year // 100:02d}"
    return d.isoformat()


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (D, W, M, Q, Y, DE, CE, H)."""
    if unit == "D":
        return d + timedelta(days=round(n))
    if unit in ("W", "WE"):
        return d + timedelta(days=round(7 * n))
    if unit == "M":
        return add_months(d, round(n))
    if unit == "Q":
        return add_months(d, round(3 * n))
    if unit == "Y":
        return add_months(d, round(12 * n))
    if unit == "DE":
        return add_months(d, round(120 * n))
    if unit == "CE":
        return add_months(d, round(1200 * n))
    return d


UNIT_GRAN = {"S": "second", "M": "month", "H": "hour", "D": "day", "W": "week", "WE": "weekend", "Q": "quarter",
             "Y": "year", "DE": "decade", "CE": "century"}


def parse_value(value: Optional[str]) -> Optional[tuple[date, str]]:
    """A calendar value back to ``(first day, granularity)``; None for refs, durations, X-values."""
    if not value:
        return None
    v = value.split("/")[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(T.*)?", v):
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
            return date(int(m[1]), int(m[2]), 1), "month"
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
        if m := re.fullmatch(r"(\d{4})-Q(\d)", v):
            return date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
        if m := re.fullmatch(r"(\d{4})(-(SP|SU|FA|WI|H\d))?", v):
            return date(int(m[1]), 1, 1), "year"
    except ValueError:
        return None
    return None


# ---------------------------------------------------------------- context


@dataclass
class Ctx:
    """What a value is computed from."""

    dct: Optional[date] = None
    tense: Optional[str] = None          # past | present | future | None
    ref: Optional[str] = None            # value of the last date the text mentioned
    sent_anchor: Optional[str] = None    # value of the last calendar date in this sentence
    next_value: Optional[str] = None     # value of a time expression right after this one
    before: str = ""                     # the text just before the expression (lower case)
    after: str = ""                      # the text just after


@dataclass
class Found:
    start: int
    end: int
    rule: "Rule"
    m: re.Match
    groups: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.m.string[self.start:self.end]


# type, value, granularity, anchor: "publication", "none", or "text" / "sentence" / "next" for the last date
# of the text, the last date of the sentence, the expression right after (the component writes their ids)
Result = tuple[str, Optional[str], Optional[str], str]


@dataclass
class Rule:
    name: str
    pattern: re.Pattern
    handler: Callable[[Found, Ctx], Optional[Result]]
    priority: int = 0
    check: Optional[Callable[[Found], bool]] = None


# ---------------------------------------------------------------- patterns


def _lx(key):
    return lexicon()[key]


def _bounded(pattern: str) -> str:
    """Unbounded runs made bounded: a line of 100,000 digits or spaces must not make a rule quadratic."""
    return (pattern.replace(r"\s+", r"\s{1,4}").replace(r"\s*", r"\s{0,4}").replace(r"\d+", r"\d{1,9}")
            .replace(r"\w+", r"\w{1,20}"))


@functools.cache
def rules() -> list[Rule]:
    L = lexicon()
    full = [m for m in L["months"] if not any(o != m and o.startswith(m) for o in L["months"])]
    abbr = [m for m in L["months"] if m not in full]
    MON = rf"(?P<mon>{alt(full)}|(?:{alt(abbr)})\.?)"
    MON2 = MON.replace("?P<mon>", "?P<mon2>")
    WD = rf"(?P<wd>{alt(L['weekdays'])})"
    NUM = rf"(?P<n>{number_pattern()})"
    VAGUE = rf"(?P<vague>{alt(L['vague_numbers'])})"
    UNIT = rf"(?P<unit>{alt(L['units'])})"
    UNITS = rf"(?P<unitw>(?P<unit>{alt(L['units'])})(?:s|es)?)"
    UNITS = UNITS.replace("century)(?:s|es)?", "century|centuries)")
    YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)"
    DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    SEASON = rf"(?P<season>{alt(L['seasons'])})"
    POD = rf"(?P<pod>{alt(L['parts_of_day'])})"
    MOD = rf"(?:(?P<mod>{alt(L['modifiers'])})[\s-]+)?"
    REL = r"(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|previous|following|current|that|the\s+same)"
    TZ = rf"(?:\s+(?:{alt(L['timezones'])}))?"
    AMPM = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
    # TimeML keeps "more than", "at least" in the extent of a duration but not "about", "nearly", "only"
    APPROX = (r"(?P<approx>(?:more\s+than|less\s+than|no\s+more\s+than|"
              r"at\s+least|at\s+most|up\s+to|the)\s+)?")
    ORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|current|previous|fiscal)"
    DEC_WORDS = r"(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"

    def R(name, pat, handler, priority=0, check=None, flags=re.I):
        return Rule(name, re.compile(rf"(?<![\w'-]){_bounded(pat)}(?![\w-])", flags), handler, priority, check)

    return [
        R("iso", r"(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)", h_iso, 9),
        R("slash", r"(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2,4})", h_iso, 9),
        R("time", rf"(?:{WD}\s*,?\s+)?(?P<h>\d{{1,2}})(?:[:.](?P<min>\d\d))?\s*{AMPM}{TZ}"
                  rf"(?:\s*,?\s*(?:(?P<wd2>{alt(L['weekdays'])})|(?P<dayw>today|yesterday|tomorrow)))?", h_time, 8),
        R("clock24", rf"(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\s*(?P<tz>{alt(L['timezones'])})", h_time, 8),
        R("noon", rf"(?P<hw>noon|midnight)(?:\s+(?:(?P<wd2>{alt(L['weekdays'])})|(?P<dayw>today|yesterday|tomorrow)))?",
          h_time, 7),
        R("mdy", rf"{MOD}(?:{WD},?\s+)?{MON}\s+{DAY}(?:\s*,?\s+{YEAR})?", h_date, 8),
        R("dmy", rf"{MOD}(?:{WD},?\s+)?{DAY}(?:\s+of)?\s+{MON}(?:\s*,?\s+{YEAR})?", h_date, 8),
        R("mon_range", rf"{MON}\s*(?:-|–|to|through)\s*{MON2}\s*,?\s+{YEAR}", h_mon_range, 7),
        R("my", rf"{MOD}{MON}(?:\s+of)?\s*,?\s+{YEAR}", h_date, 7),
        R("holiday", rf"{MOD}(?P<hol>{alt(L['holidays'])})(?:\s+{YEAR})?", h_holiday, 6),
        R("mon", rf"{MOD}(?:{REL}\s+)?{MON}(?:\s*,?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year)?", h_date, 5,
          check=c_month),
        R("year_range", r"(?P<year>(?:1[0-9]|20)\d\d)\s*(?:-|–|/)\s*(?P<year2>\d\d(?:\d\d)?)", h_year_range, 7,
          check=c_year_range),
        R("decade", rf"(?:the\s+)?{MOD}(?:(?P<dec>(?:1[0-9]|20)?\d0)'?s|'(?P<dec2>\d0)s|{DEC_WORDS})",
          h_decade, 6),
        R("century", rf"(?:the\s+)?{MOD}(?P<cent>\d\d?(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
                     rf"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                     rf"eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century", h_century, 6),
        R("quarter", rf"(?:the\s+)?(?:{YEAR}\s+|(?P<yrel>this|last|next)\s+year[’']s\s+)?(?:fiscal\s+)?{ORD}?[\s-]*(?:fiscal\s+)?(?:-?\s*)quarter"
                     rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year2>(?:1[0-9]|20)\d\d))?", h_quarter, 5, check=c_quarter),
        R("half", rf"(?:the\s+)?(?P<half>first|second|1st|2nd)[\s-]+half(?:\s+(?:of\s+)?(?:fiscal\s+)?"
                  rf"(?P<year2>(?:1[0-9]|20)\d\d))?", h_half, 6),
        R("season", rf"{MOD}(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|the|early|late)\s+)?"
                    rf"{SEASON}(?:\s+(?:of\s+)?{YEAR})?", h_season, 5, check=c_season),
        R("day_word", rf"{MOD}(?P<dayw>today|yesterday|tomorrow|tonight)(?:\s+{POD})?", h_dayword, 6),
        R("this_pod", rf"{MOD}(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+this)\s+{POD}", h_this_pod, 6),
        R("weekday", rf"{MOD}(?:(?P<rel>last|next|this|this\s+past|this\s+coming|coming|past|that)\s+)?{WD}"
                     rf"(?:(?P<pl>s)\b)?(?:\s+{POD})?", h_weekday, 5),
        R("ago", rf"{APPROX}(?:{NUM}|{VAGUE})[\s-]+{UNITS}\s+(?P<dir>ago|earlier|later|before|after|from\s+now|"
                 rf"hence|back|prior|previously)", h_ago, 6),
        R("past_n", rf"(?:the\s+)?{APPROX}(?P<rel>last|past|next|coming|previous|first|final|recent|following|"
                    rf"preceding|remaining)\s+(?:(?:{NUM}|{VAGUE})[\s-]+)?{UNITS}", h_past_n, 5, check=c_past_n),
        R("rel_unit", rf"{MOD}(?P<rel>last|next|this|this\s+past|coming|previous|following|current|that|"
                      rf"the\s+same|the\s+next|the\s+following|the\s+previous|the\s+past|the\s+coming|the\s+current|"
                      rf"the\s+latest|the\s+prior)\s+{UNIT}", h_rel_unit, 4),
        R("part_of_unit", r"(?P<part>(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|balance|close)\s+of)\s+"
                          r"(?P<rel>the|this|next|last)\s+(?P<unit>year|month|week|quarter|decade|century)",
          h_part_of_unit, 5),
        R("the_year", r"the\s+(?:(?:current|full|whole|entire)\s+)?(?:fiscal\s+|calendar\s+)?year", h_the_year, 3),
        R("weekend", r"(?P<rel>the|this|last|next|this\s+past|that|the\s+past|the\s+coming|the\s+following)\s+weekend",
          h_weekend, 5),
        R("year_ago", r"(?:the\s+)?year[\s-](?:ago|earlier)(?:\s+(?P<what>quarter|period|level|results|figures|"
                      r"month|week))?", h_year_ago, 5),
        R("spoken_year", r"(?P<sy>nineteen|two\s+thousand)(?:\s+hundred)?(?:\s+and)?\s+(?P<tens>ten|eleven|twelve|"
                         r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                         r"sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven|eight|nine)"
                         r"(?:[\s-](?P<ones>one|two|three|four|five|six|seven|eight|nine))?", h_spoken_year, 4,
          check=c_spoken_year),
        R("year", rf"{MOD}(?:(?:the\s+)?(?:fiscal|calendar|year)\s+(?:year\s+)?)?{YEAR}", h_year, 3, check=c_year),
        R("set", rf"(?P<set>{alt(L['sets'])}|(?:every|each|per|a)\s+(?:other\s+)?(?:{UNIT}|{WD})"
                 rf"|(?:once|twice|\w+\s+times)\s+(?:a|per|every)\s+(?P<unit2>{alt(L['units'])}))", h_set, 4,
          check=c_set),
        R("duration", rf"{APPROX}(?:{NUM}|{VAGUE})(?:[\s-]+(?:more|additional|full))?[\s-]+{UNITS}"
                      rf"(?:[\s-]+long)?", h_duration, 3, check=c_duration),
        R("bare_plural", rf"(?:(?P<pre>recent|coming|the\s+past|the\s+coming|the\s+next|the\s+last)\s+)?"
                         rf"(?P<unit>years|months|weeks|decades|centuries)", h_bare_plural, 1, check=c_bare_plural),
        R("ref", rf"(?P<ref>{alt(L['refs'])})", h_ref, 2, check=c_ref),
    ]


_OUTSIDE_EXTENT = {"after", "before", "since", "prior", "previously"}
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]{1,100}\.(?:com|org|net|gov|edu)/\S*", re.I)


@functools.cache
def _trigger() -> re.Pattern:
    """Words without which no rule can match: rules run only in windows around them (scan speed)."""
    L = lexicon()
    words: set[str] = set()
    for key in ("months", "weekdays", "seasons", "parts_of_day", "units", "sets", "days", "holidays", "refs"):
        for w in L[key]:
            content = [x for x in str(w).split() if x not in _STOP] or str(w).split()
            words.add(max(content, key=len))
    words.update(["noon", "midnight", "half", "nineteen", "thousand", "centuries", "twenties", "thirties",
                  "forties", "fifties", "sixties", "seventies", "eighties", "nineties", "every", "each"])
    return re.compile(rf"\d|\b(?:{alt(words)})(?:s|es)?\b", re.I)


_STOP = {"this", "that", "the", "at", "in", "as", "of", "right", "these", "a", "an"}
_WINDOW = 40


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, cut at white space and merged."""
    out: list[list[int]] = []
    n = len(text)
    for m in _trigger().finditer(text):
        lo = max(0, m.start() - _WINDOW)
        hi = min(n, m.end() + _WINDOW)
        floor, ceil = max(0, lo - _WINDOW), min(n, hi + _WINDOW)  # bounded: text without spaces stays linear
        while lo > floor and not text[lo - 1].isspace():
            lo -= 1
        while hi < ceil and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _found(text: str, rule: Rule, m: re.Match) -> Optional[Found]:
    start, end = m.span()
    # trailing white space or dots swallowed by optional groups
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    if end <= start:
        return None
    f = Found(start, end, rule, m, {k: v for k, v in m.groupdict().items() if v is not None})
    if f.groups.get("dir", "").lower() in _OUTSIDE_EXTENT:
        f.end = m.end("unitw")  # "two months [after X]": the preposition is not part of the expression
    if rule.check is not None and not rule.check(f):
        return None
    return f


def scan(text: str) -> list[Found]:
    """All candidate expressions, non-overlapping: longest first, then higher priority, then earlier."""
    cands: list[Found] = []
    windows = _windows(text)
    for rule in rules():
        for lo, hi in windows:
            for m in rule.pattern.finditer(text, lo, hi):
                f = _found(text, rule, m)
                if f is not None:
                    cands.append(f)
    urls = [m.span() for m in _URL.finditer(text)]
    if urls:
        cands = [f for f in cands if not any(s <= f.start < e for s, e in urls)]
    cands.sort(key=lambda f: (-(f.end - f.start), -f.rule.priority, f.start))
    taken: list[Found] = []
    occupied: list[tuple[int, int]] = []
    for f in cands:
        if any(f.start < e and s < f.end for s, e in occupied):
            continue
        taken.append(f)
        occupied.append((f.start, f.end))
    taken.sort(key=lambda f: f.start)
    return taken


# ---------------------------------------------------------------- checks (is this really a time?)


def _before(f: Found, n: int = 20) -> str:
    return f.m.string[max(0, f.start - n):f.start].lower()


def _after(f: Found, n: int = 20) -> str:
    return f.m.string[f.end:f.end + n].lower()


_TEMPORAL_PREP = re.compile(r"(?:\b(?:in|since|by|until|till|from|through|to|during|of|last|next|this|early|late|"
                            r"mid|before|after|and|or|between|around|for|throughout|every|each|on)\s*|-)$")


def c_month(f: Found) -> bool:
    mon = f.groups["mon"].rstrip(".")
    if not mon[0].isupper():
        return False
    if mon.lower() in _lx("ambiguous_months") or mon.endswith("."):
        return bool(f.groups.get("rel") or f.groups.get("mod")) or bool(_TEMPORAL_PREP.search(_before(f)))
    return True


def c_year(f: Found) -> bool:
    y = int(f.groups["year"])
    if not 1000 <= y <= 2099:
        return False
    after = _after(f, 3)
    before = _before(f, 3)
    if re.match(r"\s*(?:%|[.,]\d|\d|-\w)", after) or re.search(r"(?:\$|#|no\.\s*|[\d.,])$", before):
        return False
    if re.match(rf"\s*(?:{alt(_lx('timezones'))})\b", _after(f, 5), re.I):
        return False  # "1800 UTC" is a clock time
    if re.match(r"\s+(?:percent|per|yen|dollars|barrels|shares|troops|people|men|women|points|pounds|"
                r"tons|miles|meters|feet|acres|units|cars|jobs)\b", _after(f, 12)):
        return False
    return True


def c_year_range(f: Found) -> bool:
    y1 = int(f.groups["year"])
    y2s = f.groups["year2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    return y1 < y2 <= y1 + 100 and c_year(f)


def c_quarter(f: Found) -> bool:
    return bool(f.groups.get("ord") or f.groups.get("year") or f.groups.get("year2")
                or re.search(r"\b(?:the|that|this)\s+$", _before(f, 6)) or f.text.lower().startswith("the"))


def _proper_noun(f: Found, word: str) -> bool:
    """A capitalised word inside a sentence is a name ("The Daily Telegraph", "Google Summer of Code")."""
    return word[:1].isupper() and not re.search(r"(?:^|[.!?:\n\"“‘(]\s*)$", _before(f, 4)) \
        and not f.text[:1].islower()


def c_season(f: Found) -> bool:
    s = f.groups["season"].lower()
    if not f.groups.get("year") and not f.groups.get("rel") and _proper_noun(f, f.groups["season"]):
        return False
    if s in ("fall", "spring"):
        return bool(f.groups.get("rel") or f.groups.get("year") or f.groups.get("mod"))
    return True


def c_set(f: Found) -> bool:
    t = f.text.lower()
    if t in _lx("sets") and _proper_noun(f, f.text):
        return False
    if t.startswith("a ") and (f.groups.get("wd") or not re.search(
            r"(?:\d|\bdollars?|\bcents?|\btimes|\bonce|\btwice|\bpounds?|\beuros?|\byen)\W{0,3}(?:million|billion)?\s*$",
            _before(f, 25))):
        return False  # "$5 a year" is a rate; "a Wednesday media event" is not
    if t in _lx("sets") and re.match(r"\s+[a-z]", _after(f, 3)) and t not in ("daily",):
        return False  # "quarterly dividend", "weekly magazine": adjectives
    return t != "annual"


def c_duration(f: Found) -> bool:
    unit = f.groups["unit"].lower()
    n = f.groups.get("n", "").lower()
    if unit in ("second",) and not n:
        return False
    if n in ("a", "an") and unit in ("second", "minute", "night", "weekend"):
        return bool(f.groups.get("approx"))
    if n in ("a", "an", "one") and unit == "second":
        return False
    if re.match(r"[\s-]+old\b", _after(f, 6)):
        return False
    if n in ("a", "an") and re.match(r"\s+(?:ago|earlier|later)", _after(f, 10)):
        return False
    return True


def c_past_n(f: Found) -> bool:
    """"the past three years", "recent weeks", "the first week" -- but "last year" is a date (rel_unit)."""
    rel = f.groups["rel"].lower()
    unit = f.groups["unitw"].lower()
    return bool(f.groups.get("n") or f.groups.get("vague") or unit.endswith("s") and unit != "days"
                or rel in ("first", "final", "recent", "remaining", "preceding"))


def c_bare_plural(f: Found) -> bool:
    if f.groups.get("pre"):
        return True
    before = _before(f, 12)
    return bool(re.search(r"\b(?:for|in|over|within|took|take|takes|lasted|last|spent|spend)\s+$", before))


def c_ref(f: Found) -> bool:
    r = " ".join(f.groups["ref"].lower().split())
    if r in _lx("ref_adverbs_only"):
        after = _after(f, 15)
        before = _before(f, 12)
        if r == "recent":
            return bool(re.match(r"\s+(?:days|weeks|months|years)", after))
        if r == "current":
            return False
        if r == "future":
            return bool(re.search(r"\b(?:the|in|near)\s+(?:near\s+)?$", before)) and not re.match(r"\s+\w+s\b", after)
        if r == "earlier":
            return bool(re.match(r"\s*[,.;]", after))
        if r in ("once", "soon", "eventually"):
            return False
    if r in ("the present", "the past", "the future", "future") and re.match(r"\s+(?!(?:of|and|or|is|was|will|has|"
                                                                         r"had|as|in|for|to)\b)[a-z]", _after(f, 12)):
        return False  # "the present study", "the past decade": adjectives
    return True


# ---------------------------------------------------------------- handlers


def _year2(y1: int, s: str) -> int:
    return int(s) if len(s) == 4 else (y1 // 100) * 100 + int(s)


def _month_of(f: Found, key: str = "mon") -> int:
    return _lx("months")[f.groups[key].rstrip(".").lower()]


def _pick_year(dct: Optional[date], month: int, day: Optional[int], ctx: Ctx) -> Optional[int]:
    """The year of a month (and day) named without one: the occurrence nearest the publication date,
    the clause's tense deciding when the one before and the one after are about as near."""
    if dct is None:
        return None
    best = None
    # "extended to Nov. 16", "payable Dec. 1", "by Oct. 31": deadlines lie ahead whatever the tense
    deadline = bool(re.search(r"\b(?:until|till|through|by|to|effective|payable|due|expires?|starting|from)\s+"
                              r"(?:early\s+|late\s+|mid-?)?$", ctx.before))
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(y, month, day or 15)
        except ValueError:
            d = date(y, month, 28)
        dist = (d - dct).days
        if day is None and y == dct.year and month == dct.month:
            dist = 0
        cost = abs(dist)
        if deadline:
            cost += 60 if dist < 0 else 0
        elif ctx.tense == "past" and dist > 0:
            cost += 150
        elif ctx.tense == "future" and dist < 0:
            cost += 365
        elif ctx.tense is None and dist > 0:
            cost += 60  # news reports mostly what has happened
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1]


def h_iso(f: Found, ctx: Ctx) -> Optional[Result]:
    y = int(f.groups["year"])
    if y < 100:
        y += 1900 if y > 30 else 2000
    try:
        d = date(y, int(f.groups["mon"]), int(f.groups["day"]))
    except ValueError:
        return None
    return "DATE", d.isoformat(), "day", "none"


def h_date(f: Found, ctx: Ctx) -> Optional[Result]:
    month = _month_of(f)
    day = int(f.groups["day"]) if "day" in f.groups else None
    year = int(f.groups["year"]) if "year" in f.groups else None
    anchor = "none"
    if year is None:
        rel = (f.groups.get("rel") or "").lower()
        if f.groups.get("yrel") and ctx.dct:
            year = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[f.groups["yrel"].lower()]
        elif rel and ctx.dct:
            year = ctx.dct.year + (-1 if rel in ("last", "past", "this past") and month >= ctx.dct.month else
                                   1 if rel in ("next", "coming", "this coming") and month <= ctx.dct.month else 0)
        else:
            year = _pick_year(ctx.dct, month, day, ctx)
        anchor = "publication" if ctx.dct else "none"
    if day is not None:
        if year is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none"
        try:
            return "DATE", date(year, month, day).isoformat(), "day", anchor
        except ValueError:
            return None
    if year is None:
        return "DATE", f"XXXX-{month:02d}", "month", "none"
    return "DATE", f"{year:04d}-{month:02d}", "month", anchor


def h_mon_range(f: Found, ctx: Ctx) -> Optional[Result]:
    y = int(f.groups["year"])
    return "DATE", f"{y:04d}-{_month_of(f):02d}/{y:04d}-{_month_of(f, 'mon2'):02d}", "month", "none"


def h_holiday(f: Found, ctx: Ctx) -> Optional[Result]:
    m, d = _lx("holidays")[" ".join(f.groups["hol"].lower().split())]
    year = int(f.groups["year"]) if "year" in f.groups else _pick_year(ctx.dct, m, d, ctx)
    if year is None:
        return "DATE", f"XXXX-{m:02d}-{d:02d}", "day", "none"
    return "DATE", date(year, m, d).isoformat(), "day", "publication" if "year" not in f.groups else "none"


def h_year_range(f: Found, ctx: Ctx) -> Optional[Result]:
    y1 = int(f.groups["year"])
    y2 = _year2(y1, f.groups["year2"])
    return "DATE", f"{y1:04d}/{y2:04d}", "year", "none"


def h_year(f: Found, ctx: Ctx) -> Optional[Result]:
    return "DATE", f.groups["year"], "year", "none"


def h_decade(f: Found, ctx: Ctx) -> Optional[Result]:
    if "dec" in f.groups:
        d = f.groups["dec"]
        if len(d) == 2:
            d = "19" + d
        return "DATE", d[:3], "decade", "none"
    if "dec2" in f.groups:
        return "DATE", "19" + f.groups["dec2"][0], "decade", "none"
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}
    return "DATE", f"19{words[f.groups['decw'].lower()]}", "decade", "none"


def h_century(f: Found, ctx: Ctx) -> Optional[Result]:
    c = f.groups["cent"].lower()
    ords = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth"]
    n = 21 if c == "twenty-first" else (ords.index(c) + 1 if c in ords else int(re.match(r"\d+", c).group()))
    return "DATE", f"{n - 1:02d}", "century", "none"


_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def h_quarter(f: Found, ctx: Ctx) -> Optional[Result]:
    o = (f.groups.get("ord") or "").lower()
    year = f.groups.get("year") or f.groups.get("year2")
    if o in _ORD:
        q = _ORD[o]
        if f.groups.get("yrel") and ctx.dct:
            year = str(ctx.dct.year + {"last": -1, "this": 0, "next": 1}[f.groups["yrel"].lower()])
        if year:
            return "DATE", f"{year}-Q{q}", "quarter", "none"
        if ctx.dct is None:
            return "DATE", f"XXXX-Q{q}", "quarter", "none"
        cur = (ctx.dct.month - 1) // 3 + 1
        y = ctx.dct.year if q <= cur or ctx.tense == "future" else ctx.dct.year - 1
        return "DATE", f"{y}-Q{q}", "quarter", "publication"
    if ctx.dct is None:
        return "DATE", None, "quarter", "none"
    cur_start = date(ctx.dct.year, 3 * ((ctx.dct.month - 1) // 3) + 1, 1)
    if o in ("last", "previous", "latest") or (not o and ctx.tense != "future"):
        # "the latest quarter", "the quarter" in a results story: the one before the publication's
        return "DATE", fmt(add_months(cur_start, -3), "quarter"), "quarter", "publication"
    return "DATE", fmt(cur_start, "quarter"), "quarter", "publication"


def h_half(f: Found, ctx: Ctx) -> Optional[Result]:
    h = 1 if f.groups["half"].lower() in ("first", "1st") else 2
    year = f.groups.get("year2")
    if year:
        return "DATE", f"{year}-H{h}", "half", "none"
    if ctx.dct is None:
        return "DATE", f"XXXX-H{h}", "half", "none"
    return "DATE", f"{ctx.dct.year}-H{h}", "half", "publication"


def h_season(f: Found, ctx: Ctx) -> Optional[Result]:
    code = _lx("seasons")[f.groups["season"].lower()]
    year = f.groups.get("year")
    if year:
        return "DATE", f"{year}-{code}", "season", "none"
    if ctx.dct is None:
        return "DATE", f"XXXX-{code}", "season", "none"
    rel = " ".join((f.groups.get("rel") or "").lower().split())
    y = ctx.dct.year
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    if rel in ("last", "past", "this past"):
        y = y if start_month < ctx.dct.month - 2 else y - 1
    elif rel in ("next", "coming", "this coming"):
        y = y if start_month > ctx.dct.month else y + 1
    elif ctx.tense == "past" and start_month > ctx.dct.month:
        y -= 1
    return "DATE", f"{y}-{code}", "season", "publication"


def h_dayword(f: Found, ctx: Ctx) -> Optional[Result]:
    w = f.groups["dayw"].lower()
    pod = f.groups.get("pod")
    off = _lx("days")[w]
    if w == "tonight":
        pod = pod or "night"
    if ctx.dct is None:
        return "DATE", "PRESENT_REF" if w == "today" else None, "day", "none"
    d = ctx.dct + timedelta(days=off)
    v = d.isoformat()
    if pod:
        v += "T" + _lx("parts_of_day")[pod.lower()]
        return "TIME", v, "part-of-day", "publication"
    return "DATE", v, "day", "publication"


def h_this_pod(f: Found, ctx: Ctx) -> Optional[Result]:
    rel = f.groups["rel"].lower().split()[-1]
    pod = f.groups["pod"].lower()
    if ctx.dct is None:
        return "TIME", None, "part-of-day", "none"
    off = {"this": 0, "last": -1 if pod in ("night", "evening") else 0, "tomorrow": 1, "yesterday": -1}[rel]
    if rel == "last" and pod not in ("night", "evening"):
        off = -1
    d = ctx.dct + timedelta(days=off)
    return "TIME", d.isoformat() + "T" + _lx("parts_of_day")[pod], "part-of-day", "publication"


def _weekday_date(dct: date, wd: int, rel: str, tense: Optional[str]) -> date:
    cur = dct.isoweekday()
    back = (cur - wd) % 7
    fwd = (wd - cur) % 7
    if rel in ("last", "past", "this past"):
        return dct - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return dct + timedelta(days=fwd or 7)
    if rel == "this":
        return dct + timedelta(days=fwd) if tense == "future" else dct - timedelta(days=back)
    if tense == "future":
        return dct + timedelta(days=fwd)
    if tense == "present" and fwd and fwd < back:
        return dct + timedelta(days=fwd)
    return dct - timedelta(days=back)


def h_weekday(f: Found, ctx: Ctx) -> Optional[Result]:
    wd = _lx("weekdays")[f.groups["wd"].lower()]
    rel = " ".join((f.groups.get("rel") or "").lower().split())
    pod = f.groups.get("pod")
    if f.groups.get("pl"):
        return "SET", f"XXXX-WXX-{wd}", "week", "none"
    if ctx.dct is None:
        return ("TIME" if pod else "DATE"), f"XXXX-WXX-{wd}" + (f"T{_lx('parts_of_day')[pod.lower()]}" if pod else ""), \
            "day", "none"
    if rel == "that" and ctx.ref and (p := parse_value(ctx.ref)):
        d = _weekday_date(p[0] + timedelta(days=6), wd, "", "past")
    else:
        d = _weekday_date(ctx.dct, wd, rel, ctx.tense)
    if pod:
        return "TIME", d.isoformat() + "T" + _lx("parts_of_day")[pod.lower()], "part-of-day", "publication"
    return "DATE", d.isoformat(), "day", "publication"


def h_time(f: Found, ctx: Ctx) -> Optional[Result]:
    if "hw" in f.groups:
        h, mi = (12, 0) if f.groups["hw"].lower() == "noon" else (24, 0)
    elif "ampm" not in f.groups:  # 24-hour clock with a zone: "18:00 UTC"
        h, mi = int(f.groups["h"]), int(f.groups["min"])
    else:
        h = int(f.groups["h"])
        mi = int(f.groups.get("min") or 0)
        if h > 12 or mi > 59:
            return None
        ampm = f.groups["ampm"].lower()
        if ampm.startswith("p") and h != 12:
            h += 12
        if ampm.startswith("a") and h == 12:
            h = 0
    wd = f.groups.get("wd") or f.groups.get("wd2")
    clock = f"T{h:02d}:{mi:02d}" + ("Z" if (f.groups.get("tz") or "").upper() in ("UTC", "GMT") else "")
    if ctx.dct is None:
        return "TIME", (f"XXXX-WXX-{_lx('weekdays')[wd.lower()]}" if wd else "XXXX-XX-XX") + clock, "time", "none"
    if not wd and not f.groups.get("dayw") and ctx.next_value and (p := parse_value(ctx.next_value)) \
            and p[1] == "day":
        d = p[0]  # "3:30 p.m. on Tuesday": the clock time of the date that follows
    elif wd:
        d = _weekday_date(ctx.dct, _lx("weekdays")[wd.lower()], "", ctx.tense)
    elif f.groups.get("dayw"):
        d = ctx.dct + timedelta(days=_lx("days")[f.groups["dayw"].lower()])
    elif ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "day":
        d = p[0]
    else:
        d = ctx.dct
    if h == 24:
        d, h = d + timedelta(days=1), 0
        clock = "T00:00"
    return "TIME", d.isoformat() + clock, "time", "publication"


def _unit(f: Found, key: str = "unit") -> str:
    u = f.groups[key].lower()
    u = {"centuries": "century"}.get(u, u)
    units = _lx("units")
    if u not in units:
        u = u[:-1] if u[:-1] in units else u[:-2]
    return units[u][0]


def _gran(f: Found, unit: str) -> str:
    """Granularity of a unit ("M" is a month unless the word says minute)."""
    if unit == "M" and f.groups.get("unit", "").lower().startswith("min"):
        return "minute"
    return UNIT_GRAN.get(unit, "day")


def _dur(n: Optional[float], unit: str) -> str:
    if unit == "DE":
        unit, n = "Y", (n * 10 if n is not None else None)
    elif unit == "CE":
        unit, n = "Y", (n * 100 if n is not None else None)
    elif unit == "WE":
        unit, n = "D", (n * 2 if n is not None else None)
    if n is not None and n != int(n) and unit in ("Y", "D", "H"):
        whole, frac = int(n), n - int(n)
        sub, per = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60)}[unit]
        rest = round(frac * per)
        if unit == "H":
            return f"PT{whole}H{rest}M" if whole else f"PT{rest}M"
        if unit == "D":
            return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
        return f"P{whole}Y{rest}M" if whole else f"P{rest}M"
    if n is None:
        amount = "X"
    elif n == int(n):
        amount = str(int(n))
    else:
        amount = f"{n:g}"
    if unit in ("H", "S"):
        return f"PT{amount}{unit}"
    return f"P{amount}{unit}"


def _dur_minutes(f: Found, n: Optional[float]) -> str:
    unit = f.groups["unit"].lower().rstrip("s")
    if unit == "minute":
        return f"PT{'X' if n is None else (int(n) if n == int(n) else n)}M"
    return _dur(n, _unit(f))


def _amount(f: Found) -> Optional[float]:
    if "n" in f.groups:
        return number(f.groups["n"])
    return None


def h_duration(f: Found, ctx: Ctx) -> Optional[Result]:
    n = _amount(f)
    if n is None and "vague" not in f.groups:
        return None
    unit = _unit(f)
    return "DURATION", _dur_minutes(f, n), _gran(f, unit), "none"


def h_bare_plural(f: Found, ctx: Ctx) -> Optional[Result]:
    unit = _unit(f)
    return "DURATION", _dur(None, unit), UNIT_GRAN[unit], "none"


def h_ago(f: Found, ctx: Ctx) -> Optional[Result]:
    n = _amount(f)
    unit = _unit(f)
    gran = _gran(f, unit)
    direction = " ".join(f.groups["dir"].lower().split())
    sign = -1 if direction in ("ago", "earlier", "before", "back", "prior", "previously", "since") else 1
    if unit in ("H", "S") or (unit == "M" and f.groups["unit"].lower().startswith("min")):
        return "DURATION", _dur_minutes(f, n), gran, "none"
    if n is None and direction in ("after", "before", "since", "prior", "previously"):
        return "DURATION", _dur(None, unit), gran, "none"  # "a few weeks after X": a span, no date
    if n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "ref", "none"
    if direction in ("after", "before"):
        # "two months after <an event>": the event is dated from the sentence's date ("in April 2019, two
        # months after X collapsed" -> X in 2019-02); "two months after <a date>" counts from that date
        if ctx.next_value and (p := parse_value(ctx.next_value)):
            base, bgran = p
            return "DATE", fmt(shift(base, sign * n, unit), _coarser(gran, bgran)), gran, "next"
        if ctx.sent_anchor and (p := parse_value(ctx.sent_anchor)):
            base, bgran = p
            return "DATE", fmt(shift(base, -sign * n, unit), _coarser(gran, bgran)), gran, "sentence"
        return "DURATION", _dur(n, unit), gran, "none"
    if unit == "Y" and n == int(n) and ctx.ref and (p := parse_value(ctx.ref)) and p[1] == "quarter":
        # financial news: "a year ago" next to a quarter is that quarter a year before
        return "DATE", fmt(shift(p[0], sign * n, unit), "quarter"), "quarter", "text"
    if direction in ("ago", "from now", "hence", "back"):
        base = ctx.dct
        anchor = "publication"
    else:
        p = parse_value(ctx.ref) if ctx.ref else None
        base, anchor = (p[0], "text") if p else (ctx.dct, "publication")
    if base is None:
        return "DATE", None, gran, "none"
    return "DATE", fmt(shift(base, sign * n, unit), gran if gran != "weekend" else "week"), gran, anchor


_GRAN_ORDER = ["time", "day", "week", "weekend", "month", "quarter", "season", "half", "year", "decade", "century"]


def _coarser(a: str, b: str) -> str:
    ia = _GRAN_ORDER.index(a) if a in _GRAN_ORDER else 1
    ib = _GRAN_ORDER.index(b) if b in _GRAN_ORDER else 1
    return _GRAN_ORDER[max(ia, ib)]


def h_past_n(f: Found, ctx: Ctx) -> Optional[Result]:
    unit = _unit(f)
    n = _amount(f)
    rel = f.groups["rel"].lower()
    if n is None and "vague" not in f.groups:
        if rel in ("last", "next", "previous", "following", "coming", "past") and not f.groups["unitw"].lower().endswith("s"):
            return None  # "last year" is rel_unit's
        if rel in ("recent",):
            return "DURATION", _dur(None, unit), UNIT_GRAN[unit], "none"
        n = 1 if not f.groups["unitw"].lower().endswith("s") else None
    return "DURATION", _dur_minutes(f, n), _gran(f, unit), "none"


def h_rel_unit(f: Found, ctx: Ctx) -> Optional[Result]:
    unit = _unit(f)
    gran = UNIT_GRAN.get(unit, "day")
    rel = " ".join(f.groups["rel"].lower().split())
    rel = rel.replace("the ", "")
    if unit in ("H", "S") or f.groups["unit"].lower() == "minute":
        return None
    if rel == "a":
        return None
    if rel in ("past", "coming") and f.text.lower().startswith("the"):
        return "DURATION", _dur(1, unit), gran, "none"
    anaphoric = rel in ("following", "previous", "prior", "same", "that") or (rel == "next" and f.text.lower().startswith("the"))
    step = {"last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit == "D" and rel in ("this", "current"):
        return None
    if anaphoric:
        p = parse_value(ctx.ref) if ctx.ref else None
        if p and _GRAN_ORDER.index(_coarser(p[1], gran)) > _GRAN_ORDER.index(gran if gran in _GRAN_ORDER else "day"):
            p = None  # "in 2020 ... the previous month": a year cannot say which month
        base, anchor = (p[0], "text") if p else (ctx.dct, "publication")
    else:
        base, anchor = ctx.dct, "publication"
    if base is None:
        return "DATE", None, gran, "none"
    if rel == "latest" and unit == "Q":
        step = -1
    d = shift(base, step, unit)
    return "DATE", fmt(d, gran), gran, anchor


def h_set(f: Found, ctx: Ctx) -> Optional[Result]:
    s = f.groups["set"].lower()
    sets = _lx("sets")
    if s in sets:
        return "SET", sets[s], "set", "none"
    if "wd" in f.groups:
        return "SET", f"XXXX-WXX-{_lx('weekdays')[f.groups['wd'].lower()]}", "set", "none"
    key = "unit2" if "unit2" in f.groups else "unit"
    unit = _lx("units")[f.groups[key].lower()][0]
    return "SET", _dur(2 if "other" in s else 1, unit), "set", "none"


def h_part_of_unit(f: Found, ctx: Ctx) -> Optional[Result]:
    """"the end of the year", "the rest of this month": the current (or named) unit."""
    unit = _lx("units")[f.groups["unit"].lower()][0]
    gran = UNIT_GRAN[unit]
    if ctx.dct is None:
        return "DATE", None, gran, "none"
    step = {"next": 1, "last": -1}.get(f.groups["rel"].lower(), 0)
    return "DATE", fmt(shift(ctx.dct, step, unit), gran), gran, "publication"


def h_the_year(f: Found, ctx: Ctx) -> Optional[Result]:
    """"for the year ended June 30": a year's span; "a high for the year": the current year."""
    if re.match(r"\s+(?:ended|ending|that\s+ended|through|to\s+date)\b", _after(f, 20)):
        return "DURATION", "P1Y", "year", "none"
    if ctx.dct is None:
        return "DATE", None, "year", "none"
    return "DATE", f"{ctx.dct.year:04d}", "year", "publication"


def h_weekend(f: Found, ctx: Ctx) -> Optional[Result]:
    rel = " ".join(f.groups["rel"].lower().split())
    if rel in ("the past", "the coming"):
        return "DURATION", "P2D", "day", "none"
    if ctx.dct is None:
        return "DATE", None, "week", "none"
    if rel == "that" and ctx.ref and (p := parse_value(ctx.ref)):
        return "DATE", fmt(p[0], "weekend"), "week", "text"
    sat = ctx.dct + timedelta(days=(6 - ctx.dct.isoweekday()) % 7)
    if rel in ("last", "this past") or (rel in ("the", "this") and ctx.tense == "past"):
        sat = ctx.dct - timedelta(days=(ctx.dct.isoweekday() - 6) % 7 or 7) if ctx.dct.isoweekday() < 6 else ctx.dct
    elif rel in ("next", "the following"):
        sat = sat + timedelta(days=7) if rel == "the following" else sat
    return "DATE", fmt(sat, "weekend"), "week", "publication"


def h_year_ago(f: Found, ctx: Ctx) -> Optional[Result]:
    if ctx.ref and (p := parse_value(ctx.ref)) and p[1] in ("quarter", "month", "day"):
        gran = p[1] if p[1] != "day" else "month"
        return "DATE", fmt(shift(p[0], -1, "Y"), gran), gran, "text"
    if ctx.dct is None:
        return "DATE", None, "year", "none"
    return "DATE", fmt(shift(ctx.dct, -1, "Y"), "year"), "year", "publication"


_SPOKEN = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "one": 1, "two": 2, "three": 3, "four": 4,
           "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def c_spoken_year(f: Found) -> bool:
    sy = f.groups["sy"].lower()
    return sy == "nineteen" and _SPOKEN[f.groups["tens"].lower()] >= 10 or sy.startswith("two")


def h_spoken_year(f: Found, ctx: Ctx) -> Optional[Result]:
    century = 1900 if f.groups["sy"].lower() == "nineteen" else 2000
    y = century + _SPOKEN[f.groups["tens"].lower()] + _SPOKEN.get((f.groups.get("ones") or "").lower(), 0)
    return "DATE", f"{y:04d}", "year", "none"


def h_ref(f: Found, ctx: Ctx) -> Optional[Result]:
    r = " ".join(f.groups["ref"].lower().split())
    return "DATE", _lx("refs")[r], "ref", "none"
