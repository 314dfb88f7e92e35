"""Checks: is a pattern's match a time at all? ("May" the verb, "1500 troops", "a quarterly dividend")

Each check takes a :class:`~.match.Found` and says yes or no from its groups and the text around it;
``lang/<lang>/patterns.yaml`` names the check a rule runs; the words they read are in ``lexicon.yaml``.
"""

from __future__ import annotations

import functools
import re

from .. import lang as language
from .lexicon import alt, lexicon
from .match import Found


def _lx(key):
    return lexicon()[key]


def _re(key: str, template: str) -> re.Pattern:
    """A pattern with the words of a lexicon list in place of ``WORDS``, compiled once per language."""
    return _compiled(key, template, language.active())


@functools.cache
def _compiled(key: str, template: str, lang: str) -> re.Pattern:
    return re.compile(template.replace("WORDS", alt(_lx(key))))


def month(f: Found) -> bool:
    """A month name alone: capitalised, and when it is also a word ("may", "march") with a relative
    word, a modifier or a temporal preposition before it."""
    mon = f.groups["mon"].rstrip(".")
    if not mon[0].isupper():
        return False
    if mon.lower() in _lx("ambiguous_months") or mon.endswith("."):
        if re.match(r"\s+[A-Z][a-z]", f.m.string[f.end:f.end + 3]) and not f.groups.get("rel") and \
                not _re("month_preps_strong", r"\b(?:WORDS)\s*$").search(f.before()):
            return False  # "and Jan Kavan", "May Day Parade": a name
        return bool(f.groups.get("rel") or f.groups.get("mod")) or bool(
            _re("month_preps", r"(?:\b(?:WORDS)\s*|-)$").search(f.before()))
    return True


def year(f: Found) -> bool:
    """A four-digit year: not a quantity ("1500 troops", "$1990", "1,990"), not a clock time ("1800 UTC"),
    not a numbered thing ("§ 1201", "Section 1201", "Flight 1549", "Resolution 2254"); a year before
    1800 only where the words around say it is one ("in 1492", "1066 AD")."""
    y = int(f.groups["year"])
    if not 1000 <= y <= 2099:
        return False
    if _re("designator_words", r"(?:§|\b(?:WORDS))\s*$").search(f.before(16)):
        return False
    if y < 1800 and not (_re("year_preps", r"\b(?:WORDS)\s+$").search(f.before(12))
                         or re.match(r"\s*(?:AD|BC|BCE|CE|A\.D\.|B\.C\.)\b", f.m.string[f.end:f.end + 6])):
        return False
    if re.match(r"\s*(?:%|[.,]\d|\d|-\w)", f.after(3)) or re.search(r"(?:\$|#|no\.\s*|[\d.,])$", f.before(3)):
        return False
    if _re("timezones", r"\s*(?:WORDS)\b").match(f.after(5).upper()):
        return False
    return not _re("quantity_words", r"\s+(?:WORDS)\b").match(f.after(12))


def year_range(f: Found) -> bool:
    """"1950-53", "2009/10": the second year after the first, within a century."""
    y1 = int(f.groups["year"])
    y2s = f.groups["year2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    return y1 < y2 <= y1 + 100 and year(f)


def quarter(f: Found) -> bool:
    """"the third quarter", "1990 quarter" -- but not "a quarter of the shares"."""
    return bool(f.groups.get("ord") or f.groups.get("year") or f.groups.get("year2")
                or re.search(r"\b(?:the|that|this)\s+$", f.before(6)) or f.text.lower().startswith("the"))


def proper_noun(f: Found, word: str) -> bool:
    """A capitalised word inside a sentence is a name ("The Daily Telegraph", "Google Summer of Code")."""
    return word[:1].isupper() and not re.search(r"(?:^|[.!?:\n\"“‘(]\s*)$", f.before(4)) \
        and not f.text[:1].islower()


def season(f: Found) -> bool:
    """A season; "fall" and "spring" only with a relative word, a year or a modifier."""
    s = f.groups["season"].lower()
    if not f.groups.get("year") and not f.groups.get("sy") and not f.groups.get("rel") and \
            proper_noun(f, f.groups["season"]):
        return False
    if s in ("fall", "spring"):
        return bool(f.groups.get("rel") or f.groups.get("year") or f.groups.get("sy") or f.groups.get("mod"))
    return True


def set_(f: Found) -> bool:
    """"every week", "$5 a year", "daily" -- but not "a Wednesday media event", "quarterly dividend"."""
    t = f.text.lower()
    sets = _lx("sets")
    if t in sets and proper_noun(f, f.text):
        return False
    if t.startswith("a ") and (f.groups.get("wd") or not _re(
            "rate_words", r"(?:\d|\b(?:WORDS))\W{0,3}(?:million|billion)?\s*$").search(f.before(25))):
        return False
    if t in sets and re.match(r"\s+[a-z]", f.after(3)) and t not in ("daily",):
        return False  # "quarterly dividend", "weekly magazine": adjectives
    if t in sets and re.match(r"\s+[A-Z]", f.m.string[f.end:f.end + 3]) and not f.text[:1].isupper():
        return False  # "the Communist Party daily Granma": a newspaper
    return t != "annual"


def duration(f: Found) -> bool:
    """"two years", "a few weeks" -- but not "a second", "a 30-year-old", "a day ago" (the offset's)."""
    unit = f.groups["unit"].lower()
    n = f.groups.get("n", "").lower()
    if unit in ("second",) and not n:
        return False
    if n in ("a", "an") and unit in ("second", "minute", "night", "weekend"):
        return bool(f.groups.get("approx"))
    if n in ("a", "an", "one") and unit == "second":
        return False
    if re.match(r"[\s-]+old\b", f.after(6)):
        return False
    if unit == "quarter" and re.match(r"\s+of\b(?!\s+(?:fiscal\s+)?(?:1[0-9]|20)\d\d)", f.after(12)):
        return False  # "three-quarters of its food", "a quarter of the shares": fractions
    return not (n in ("a", "an") and re.match(r"\s+(?:ago|earlier|later)", f.after(10)))


def past_n(f: Found) -> bool:
    """"the past three years", "recent weeks", "the first week" -- but "last year" is a date (rel_unit)."""
    rel = f.groups["rel"].lower()
    unit = f.groups["unitw"].lower()
    return bool(f.groups.get("n") or f.groups.get("vague") or unit.endswith("s") and unit != "days"
                or rel in ("first", "final", "recent", "remaining", "preceding"))


def bare_plural(f: Found) -> bool:
    """"for years", "in recent months" -- a plural unit is a duration only after such words."""
    if f.groups.get("pre"):
        return True
    return bool(_re("duration_verbs", r"\b(?:WORDS)\s+$").search(f.before(12)))


def _ref_adverb(r: str, f: Found) -> bool:
    """Words that are references only as adverbs: "recent weeks", "in the future", "earlier,"."""
    after, before = f.after(15), f.before(12)
    if r == "recent":
        return bool(re.match(r"\s+(?:days|weeks|months|years)", after))
    if r == "future":
        return bool(re.search(r"\b(?:the|in|near)\s+(?:near\s+)?$", before)) and not re.match(r"\s+\w+s\b", after)
    if r == "earlier":
        return bool(re.match(r"\s*[,.;]", after))
    if r == "soon":  # "will soon move", "may soon seek"; not "as soon as", "soon after"
        return not re.search(r"\bas\s+$", before) and not _re("soon_followers", r"\s+(?:WORDS)\b").match(after)
    return False  # "current", "once", "eventually": too often not a time


def ref(f: Found) -> bool:
    """"now", "recently", "the future" -- but not "the present study", "a recent report"."""
    r = f.group("ref")
    if r in _lx("ref_adverbs_only"):
        return _ref_adverb(r, f)
    if r in ("the present", "the past", "the future", "future") and _re(
            "ref_noun_followers", r"\s+(?!(?:WORDS)\b)[a-z]").match(f.after(12)):
        return False  # "the present study", "the past decade": adjectives
    return True


def spoken_year(f: Found) -> bool:
    """"nineteen ninety-four", "two thousand and one" -- not "nineteen five"."""
    sy = f.groups["sy"].lower()
    return sy == "nineteen" and _lx("spoken_tens")[f.groups["tens"].lower()] >= 10 or sy.startswith("two")


def detected(f: Found) -> bool:
    """Never a time by the pattern alone: the rule only reads what the learned detector tags."""
    return False


CHECKS = {"detected": detected, "month": month, "year": year, "year_range": year_range, "quarter": quarter,
          "season": season, "set": set_, "duration": duration, "past_n": past_n, "bare_plural": bare_plural, "ref": ref,
          "spoken_year": spoken_year}
