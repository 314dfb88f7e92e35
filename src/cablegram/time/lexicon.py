"""The time lexicon (``lang/<lang>/lexicon.yaml``), loaded once per language, and regex alternations
built from it. ``data/`` holds what is learned, not words (the detector's weights)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .. import lang as language
from .lang import Lexicon

DATA = Path(__file__).with_name("data")


def lexicon() -> dict:
    """The active language's lexicon as plain Python values (see :class:`~.lang.Lexicon`)."""
    return _lexicon(language.active())


@functools.cache
def _lexicon(lang: str) -> dict:
    return language.load(__package__, "lexicon", Lexicon, lang).model_dump()


def alt(words) -> str:
    """A regex alternation of words, longest first, spaces matching any run of white space.

    The words are grouped by first character ("a(?:pril|ugust)|m(?:arch|ay)"): ``re`` tries the
    branches of an alternation one by one, so a position is passed over after one test per first
    character rather than one per word (the scan's rules run at every position of a window). The
    same words in the same order per character match the same, as no two groups can start at one
    character: each starts with a distinct ASCII letter or digit, case aside (else: no groups)."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    firsts = {w[:1] for w in items}
    if not all(f.isascii() and f.isalnum() for f in firsts) or len({f.lower() for f in firsts}) != len(firsts):
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
    groups: dict[str, list[str]] = {}
    for w in items:
        groups.setdefault(w[0], []).append(re.escape(w[1:]).replace(r"\ ", r"\s+"))
    return "|".join(first + (rest[0] if len(rest) == 1 else f"(?:{'|'.join(rest)})") for first, rest in groups.items())


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}


def number(text: str) -> float | None:
    """``"two"`` -> 2, ``"twenty-five"`` -> 25, ``"2 1/2"`` -> 2.5, ``"1,000"`` -> 1000; None if not a number."""
    t = " ".join(text.lower().replace(",", "").split())
    nums = lexicon()["numbers"]
    if t in nums:
        return float(nums[t])
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", t)
    if m:
        v = float(m.group(1))
        if m.group(2):
            if not int(m.group(3)):
                return None  # "3 0/0 weeks": not a fraction
            v += int(m.group(2)) / int(m.group(3))
        return v
    m = re.fullmatch(r"(\w+)[\s-](\w+)", t)
    if m and m.group(1) in _TENS and m.group(2) in nums and nums[m.group(2)] < 10:
        return float(_TENS[m.group(1)] + nums[m.group(2)])
    m = re.fullmatch(r"(\w+)\s+and\s+a\s+half", t)
    if m and m.group(1) in nums:
        return nums[m.group(1)] + 0.5
    return None


def number_pattern() -> str:
    """Numbers as written in news: digits, words, ``twenty-five``, ``2 1/2``."""
    words = alt(lexicon()["numbers"])
    tens = "|".join(_TENS)
    return (rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|(?:{tens})[\s-](?:one|two|three|four|five|six|seven|eight|nine)"
            rf"|(?:{words})(?:\s+and\s+a\s+half)?)")
