"""The shapes of the time stage's language files (``lang/<lang>/*.yaml``), one documented model each.

``lexicon.yaml``: the words of temporal expressions and what they mean (TimeML / ISO 8601 values), and
the words the checks and values read around them. ``patterns.yaml``: the regular expressions that find
expressions, built from fragments and the lexicon's lists. Loaded with :func:`cablegram.lang.load`;
unknown keys and wrong types are refused with E034.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field, field_validator

from ...lang import LangData

Words = list[str]


def _f(description: str):
    return Field(description=description)


class Lexicon(LangData):
    """``lexicon.yaml``. Keys of word tables are lower case; a space in a key matches any white space."""

    # ---- calendar words and their values
    months: dict[str, int] = _f("month names and abbreviations -> month number")
    unit_plurals: dict[str, str] = _f("plural unit words that are not singular + s -> the singular")
    ambiguous_months: Words = _f("month names that are also common words ('may', 'march'): a month only with a "
                                 "day, a year or a temporal word next to it")
    weekdays: dict[str, int] = _f("weekday names -> ISO weekday (1 Monday .. 7 Sunday)")
    seasons: dict[str, str] = _f("season names -> TimeML season code (SP, SU, FA, WI)")
    parts_of_day: dict[str, str] = _f("parts of the day -> TimeML code (MO, AF, EV, NI, MI)")
    numbers: dict[str, float] = _f("number words -> value ('a' is 1, 'half a' 0.5)")
    vague_numbers: Words = _f("quantities that are not numbers: the value gets an X ('several years' -> PXY)")
    ordinals: dict[str, int] = _f("ordinals of quarters and halves -> number")
    units: dict[str, list[str]] = _f("time units -> [ISO duration letter, granularity]; decades DE, centuries CE")
    refs: dict[str, str] = _f("words for the present, past or future as a whole -> PRESENT_REF, PAST_REF, "
                              "FUTURE_REF")
    ref_adverbs_only: Words = _f("reference words kept only where they are used as a time, not as an "
                                 "adjective ('a recent report')")
    days: dict[str, int] = _f("deictic day words -> offset in days from the publication date")
    sets: dict[str, str] = _f("words of a recurrence -> TimeML SET value ('weekly' -> P1W)")
    modifiers: dict[str, str] = _f("modifiers kept inside an expression ('the early 1980s') -> TimeML mod")
    holidays: dict[str, list[int]] = _f("holidays on a fixed day -> [month, day]")
    weekday_holidays: dict[str, list[int]] = _f("holidays on a weekday of a month -> [month, weekday 1-7, n, "
                                                "first day counted]: the n-th such weekday on or after that day "
                                                "(n = -1: the last of the month)")
    easter_days: dict[str, int] = _f("days counted from Easter Sunday -> offset in days")
    named_dates: dict[str, str] = _f("dates known by a name ('9/11') -> their ISO value")
    timezones: Words = _f("time zone abbreviations after a clock time")
    # ---- words of the patterns (patterns.yaml)
    relatives: Words = _f("words before a month, weekday or unit that say which one ('last', 'this coming')")
    approximations: Words = _f("words kept in a duration's extent ('more than two years'); TimeML leaves "
                               "'about', 'nearly' out")
    period_ordinals: Words = _f("words before 'quarter' that say which one ('third', 'latest', 'fiscal')")
    decade_words: dict[str, int] = _f("decades in words -> tens digit ('nineties' -> 9)")
    century_ordinals: dict[str, int] = _f("ordinal words before 'century' -> number")
    spoken_tens: dict[str, int] = _f("number words of a year said in words, second part ('nineteen ninety-four')")
    spoken_ones: dict[str, int] = _f("its last digit in words")
    directions: dict[str, int] = _f("words after an amount of time that make it an offset -> -1 back, 1 ahead "
                                    "('two years ago', 'three days later')")
    directions_outside_extent: Words = _f("directions that relate to another event and stay outside the "
                                          "expression ('two months [after X]')")
    # ---- words the checks read (is this match a time at all?)
    trigger_words: Words = _f("words besides the lexicon's with which some pattern can match: patterns run only "
                              "near such words or digits (speed)")
    trigger_stop_words: Words = _f("words of multi-word entries too common to be a trigger")
    month_preps: Words = _f("words before an ambiguous month name that make it a month ('in May')")
    month_preps_strong: Words = _f("those that make it a month even before a capitalised word ('in May Mr. Smith "
                                   "left'; not 'and Jan Kavan')")
    quantity_words: Words = _f("words after a four-digit number that make it a quantity, not a year ('1500 "
                               "troops')")
    designator_words: Words = _f("words before a number that make it the number of a thing, not a year "
                                 "('Section 1201', 'Flight 1549')")
    year_preps: Words = _f("words before a number that let it be a year before 1800 ('in 1492')")
    rate_words: Words = _f("amounts before 'a <unit>' that make it a rate ('$5 a year', 'twice a week')")
    duration_verbs: Words = _f("words before a bare plural unit that make it a duration ('for years')")
    soon_followers: Words = _f("words after 'soon' that make it part of a conjunction or a preposition, no time "
                               "('as soon as', 'soon after')")
    ref_noun_followers: Words = _f("words after 'the past'/'the future' that keep it a noun; another word makes "
                                   "it an adjective ('the past decade')")
    # ---- words the values read
    anaphoric_weekdays: dict[str, int] = _f("words before a weekday that count from the last date of the text "
                                            "(-1 the one before, 1 the one after: 'the previous Friday')")
    deadline_words: Words = _f("words before a date that put it ahead whatever the tense ('payable Dec. 1')")
    weekday_deadline_words: Words = _f("words before a weekday that put it ahead in a clause not in the past "
                                       "('until 9 a.m. Tuesday', 'as early as Tuesday')")
    period_ended_words: Words = _f("words before a date that end a period that is over ('the year ended Jan. 31')")
    deferral_verbs: Words = _f("verbs whose deadline after weekday_deadline_words lies ahead even in a past "
                               "clause ('postponed until Tuesday')")
    scheduling_verbs: Words = _f("verbs whose clause's weekday lies ahead even in a past clause ('has "
                                 "scheduled a news conference Thursday')")
    clock_parts_of_day: dict[str, str] = _f("parts of the day after an hour -> a.m. or p.m. ('4 in the morning')")
    someday_phrases: Words = _f("durations that after a future or modal auxiliary mean some day ahead ('Islam "
                                "will one day be')")
    joining_words: Words = _f("words that join two expressions the detector may tag as one ('for the last half of "
                              "1989 and for 1990'): cut there")
    reporting_periods: Words = _f("nouns a company's report uses for its quarter ('sales in the latest period')")
    period_end_words: Words = _f("words after 'the year' that make it a span ('the year ended June 30')")
    relative_steps: dict[str, int] = _f("relative words -> step in units ('last week' -1, 'next year' 1)")
    anaphoric_relatives: Words = _f("relative words that count from the last date of the text ('the following "
                                    "day')")
    # ---- words the tense of a clause is read from (tense.py) and that link times to predicates (link.py)
    future_auxes: Words = _f("auxiliaries of the future ('will')")
    modal_auxes: Words = _f("modal auxiliaries: the clause looks ahead")
    ability_modals: Words = _f("modals and auxiliaries that say nothing of when ('could not be located')")
    planned_motion_verbs: Words = _f("verbs whose progressive plans the future ('is meeting on Monday')")
    future_heads: Words = _f("heads that make their infinitive future ('is expected to travel')")
    light_heads: Words = _f("verbs whose complement happens when they say ('plans to visit in July'): a predicate "
                            "is dated from their clause")
    sequence_preps: Words = _f("prepositions whose object is another event in time ('since the 1991 "
                               "collapse'): its date is that event's")


class Rule(LangData):
    """One pattern: its regular expression, the handler that reads its value, and how it ranks."""

    name: str = _f("the rule's name (what the detector's features and the tests call it)")
    pattern: str = _f("regular expression; @NAME is a fragment, @key the alternation of a lexicon list")
    handler: str = _f("function that reads the value (absolute.py, relative.py, amounts.py; see scan.HANDLERS)")
    priority: int = Field(0, description="which of two equally long overlapping matches wins (higher)")
    check: Optional[str] = Field(None, description="function that says whether a match is a time (checks.py)")
    hard: bool = Field(False, description="its check also overrules the learned detector")


class Patterns(LangData):
    """``patterns.yaml``: fragments and rules."""

    fragments: dict[str, str] = _f("named pieces of regular expressions, @NAME in a pattern")
    rules: list[Rule] = _f("the patterns, in no particular order (longest match wins, then priority)")

    @field_validator("fragments")
    @classmethod
    def _names(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if not k.isupper()]
        if bad:
            raise ValueError(f"fragment names are upper case: {', '.join(bad)}")
        return value


FILES = {"lexicon": Lexicon, "patterns": Patterns}
