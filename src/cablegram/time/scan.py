"""The first pass: every place a pattern of ``lang/<lang>/patterns.yaml`` matches, as :class:`~.match.Found`.

``scan(text)`` keeps the longest non-overlapping matches that pass their checks; ``candidates(text,
lo, hi)`` lists every match inside a stretch (what the learned detector reads, and what a detected
expression is normalised from). Patterns run only in windows around trigger words, for speed.
"""

from __future__ import annotations

import functools
import re
from re import _constants as sre, _parser as sre_parse  # type: ignore[attr-defined]  # a pattern's first characters
from typing import Callable, Optional

from .. import lang as language
from ..errors import LanguageDataError
from . import absolute, amounts, relative
from .checks import CHECKS
from .lang import Patterns
from .lexicon import alt, lexicon, number_pattern
from .match import Found, Rule

HANDLERS: dict[str, Callable] = {
    "numeric_date": absolute.numeric_date, "calendar_date": absolute.calendar_date,
    "month_range": absolute.month_range, "holiday": absolute.holiday, "named_date": absolute.named_date,
    "year_range": absolute.year_range, "year_end": relative.year_end,
    "year": absolute.year, "decade": absolute.decade, "century": absolute.century, "quarter": absolute.quarter,
    "half": absolute.half, "season": absolute.season, "spoken_year": absolute.spoken_year,
    "clock": relative.clock, "day_word": relative.day_word, "this_part_of_day": relative.this_part_of_day,
    "weekday": relative.weekday, "anaphoric_part_of_day": relative.anaphoric_part_of_day,
    "offset": relative.offset, "relative_unit": relative.relative_unit,
    "part_of_unit": relative.part_of_unit, "the_year": relative.the_year, "weekend": relative.weekend,
    "year_ago": relative.year_ago,
    "duration": amounts.duration, "bare_plural": amounts.bare_plural, "past_n": amounts.past_n,
    "frequency": amounts.frequency, "ref": amounts.ref,
}


def _bounded(pattern: str) -> str:
    """Unbounded runs made bounded: a line of 100,000 digits or spaces must not make a rule quadratic."""
    return (pattern.replace(r"\s+", r"\s{1,4}").replace(r"\s*", r"\s{0,4}").replace(r"\d+", r"\d{1,9}")
            .replace(r"\w+", r"\w{1,20}"))


def _computed() -> dict[str, str]:
    """Alternations that are not a lexicon list as such: full and abbreviated month names, numbers."""
    months = lexicon()["months"]
    full = [m for m in months if not any(o != m and o.startswith(m) for o in months)]
    abbr = [m for m in months if m not in full]
    return {"months_full": alt(full), "months_abbr": alt(abbr), "NUMBER": number_pattern()}


def expand(pattern: str, fragments: dict[str, str], computed: dict[str, str]) -> str:
    """``@NAME`` -> its fragment (itself expanded), ``@key`` -> the alternation of a lexicon list."""
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in fragments:
            return expand(fragments[name], fragments, computed)
        if name in computed:
            return computed[name]
        return alt(lexicon()[name])

    return re.sub(r"@(\w+)", sub, pattern)


def rules() -> list[Rule]:
    """The rules of the active language's ``patterns.yaml``, compiled (whole words, case-insensitive, bounded)."""
    return _rules(language.active())


@functools.cache
def _rules(lang: str) -> list[Rule]:
    spec = language.load(__package__, "patterns", Patterns, lang)
    computed = _computed()
    out = []
    for r in spec.rules:
        unknown = [n for n, table in ((r.handler, HANDLERS), (r.check, CHECKS)) if n is not None and n not in table]
        if unknown:
            raise LanguageDataError(f"time/lang/{lang}/patterns.yaml: rule {r.name!r} names {', '.join(unknown)}, "
                                    f"which the stage does not have", remedy="use a handler of scan.HANDLERS and "
                                    "a check of checks.CHECKS")
        body = _bounded(expand(r.pattern, spec.fragments, computed))
        compiled = re.compile(rf"(?<![\w'-]){_first_chars(body, re.I)}{body}(?![\w-])", re.I)
        out.append(Rule(r.name, compiled, HANDLERS[r.handler], r.priority, CHECKS[r.check] if r.check else None,
                        r.hard))
    return out


_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}


def _first_items(items) -> Optional[tuple[list, bool]]:
    """What the first character of a parsed pattern can be (the items of a character class) and whether
    the pattern can match nothing; None where that is not plainly known (a negated class, any char, ...)."""
    out: list = []
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width
        if op is sre.LITERAL or op is sre.IN and not any(o is sre.NEGATE for o, _ in av):
            return out + ([(op, av)] if op is sre.LITERAL else list(av)), False
        if op is sre.SUBPATTERN and not av[1] & re.I:  # a group that switches case folding on: unknown
            got = _first_items(av[3])
        elif op is sre.BRANCH:
            got = [], False
            for branch in av[1]:
                one = _first_items(branch)
                if one is None:
                    return None
                got = got[0] + one[0], got[1] or one[1]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            one = _first_items(av[2])
            got = None if one is None else (one[0], one[1] or av[0] == 0)
        else:
            return None
        if got is None:
            return None
        out += got[0]
        if not got[1]:
            return out, False
    return out, True


def _first_chars(pattern: str, flags: int) -> str:
    """A lookahead for the characters a match of ``pattern`` can start with ("" when unknown), compiled
    with the same flags: the rules run at every position of a window, and most positions fail at once
    on it instead of trying every word of a long alternation (same matches, ~30% less CPU)."""
    got = _first_items(sre_parse.parse(pattern, flags).data)
    if got is None or got[1]:
        return ""
    parts = set()
    for op, av in got[0]:
        if op is sre.LITERAL:
            parts.add(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.add(_CATEGORIES[av])
        else:
            return ""
    return f"(?=[{''.join(sorted(parts))}])"


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]{1,100}\.(?:com|org|net|gov|edu)/\S*", re.I)
_WINDOW = 40


def _trigger() -> re.Pattern:
    """Words without which no rule can match: rules run only in windows around them (scan speed)."""
    return _trigger_of(language.active())


@functools.cache
def _trigger_of(lang: str) -> re.Pattern:
    lx = lexicon()
    stop = set(lx["trigger_stop_words"])
    words: set[str] = set(lx["trigger_words"])
    for key in ("months", "weekdays", "seasons", "parts_of_day", "units", "sets", "days", "holidays",
                "weekday_holidays", "easter_days", "named_dates", "refs", "reporting_periods"):
        for w in lx[key]:
            content = [x for x in str(w).split() if x not in stop] or str(w).split()
            words.add(max(content, key=len))
    # a position no word starts with is passed over before the long alternation is tried (same matches)
    firsts = {str(w)[:1] for w in words}
    look = "" if "" in firsts or any(c.isspace() for c in firsts) else \
        "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"
    return re.compile(rf"\d|\b{look}(?:{alt(words)})(?:s|es)?\b", re.I)


def windows(text: str, lo: int = 0, hi: Optional[int] = None) -> list[tuple[int, int]]:
    """Stretches of ``text[lo:hi]`` around trigger words, cut at white space and merged."""
    out: list[list[int]] = []
    n = len(text) if hi is None else hi
    for m in _trigger().finditer(text, lo, n):
        a = max(lo, m.start() - _WINDOW)
        b = min(n, m.end() + _WINDOW)
        floor, ceil = max(lo, a - _WINDOW), min(n, b + _WINDOW)  # bounded: text without spaces stays linear
        while a > floor and not text[a - 1].isspace():
            a -= 1
        while b < ceil and not text[b].isspace():
            b += 1
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _found(text: str, rule: Rule, m: re.Match, checked: bool) -> Optional[Found]:
    start, end = m.span()
    # trailing white space or dots swallowed by optional groups
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    if end <= start:
        return None
    f = Found(start, end, rule, m, {k: v for k, v in m.groupdict().items() if v is not None})
    if f.group("dir") in lexicon()["directions_outside_extent"]:
        f.end = m.end("unitw")  # "two months [after X]": the preposition is not part of the expression
    if rule.check is not None and not rule.check(f):
        if checked:
            return None
        f.ok = False
    return f


def candidates(text: str, lo: int = 0, hi: Optional[int] = None, checked: bool = True) -> list[Found]:
    """Every match of every rule inside ``text[lo:hi]`` (overlapping ones too), outside URLs;
    ``checked=False`` keeps the matches their check refuses too (with ``ok`` False)."""
    hi = len(text) if hi is None else hi
    out: list[Found] = []
    wins = windows(text, lo, hi)
    for rule in rules():
        for a, b in wins:
            for m in rule.pattern.finditer(text, a, b):
                f = _found(text, rule, m, checked)
                if f is not None:
                    out.append(f)
    urls = [m.span() for m in _URL.finditer(text, max(0, lo - 200), hi)]
    if urls:
        out = [f for f in out if not any(s <= f.start < e for s, e in urls)]
    return out


def longest(cands: list[Found]) -> list[Found]:
    """Non-overlapping matches: longest first, then higher priority, then earlier; in text order."""
    taken: list[Found] = []
    for f in sorted(cands, key=lambda f: (-(f.end - f.start), -f.rule.priority, f.start)):
        if not any(f.start < t.end and t.start < f.end for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def scan(text: str) -> list[Found]:
    """All expressions the rules find, non-overlapping: longest first, then higher priority, then earlier."""
    return longest(candidates(text))


def reading(text: str, start: int, end: int, cands: list[Found] = ()) -> Optional[Found]:
    """The match a detected expression ``text[start:end]`` is read from: the longest match of any rule
    inside it (one that passes its check before one that does not, then the rule of higher priority),
    None if no rule matches there. ``cands``: the matches over the whole text, whose ends may lie
    outside the words they cover ("two months [after]")."""
    inside = [f for f in cands if start <= f.start and f.end <= end]
    if not any((f.start, f.end) == (start, end) for f in inside):
        inside += candidates(text, start, end, checked=False)  # "Thursday" where the text has "Thursday night"
    if not inside:
        return None
    return max(inside, key=lambda f: (f.end - f.start, f.ok, f.rule.priority, -f.start))
