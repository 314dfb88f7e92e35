"""What the passes of the time stage hand each other: a pattern's match and the context of a value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

# type, value, granularity, anchor: "publication", "none", or "text" / "sentence" / "next" for the last date
# of the text, the last date of the sentence, the expression right after (the component writes their ids)
Result = tuple[str, Optional[str], Optional[str], str]


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
    verb: str = ""                       # the lemma of the clause's verb ("" when none)
    pluperfect: bool = False             # the clause's verb is in the past perfect ("had given")
    planned_object: bool = False         # the clause's verb is a finite one with a direct object ("has scheduled a
                                         # news conference Thursday"; not "a service planned for Saturday")


@dataclass
class Rule:
    """One pattern of ``lang/<lang>/patterns.yaml``, compiled, with its handler and check."""

    name: str
    pattern: re.Pattern
    handler: Callable[["Found", Ctx], Optional[Result]]
    priority: int = 0
    check: Optional[Callable[["Found"], bool]] = None
    hard: bool = False  # its check overrules the detector


@dataclass
class Found:
    """A rule's match: offsets into the text and the named groups that matched."""

    start: int
    end: int
    rule: Rule
    m: re.Match
    groups: dict = field(default_factory=dict)
    ok: bool = True  # passed its rule's check

    @property
    def text(self) -> str:
        return self.m.string[self.start:self.end]

    def before(self, n: int = 20) -> str:
        """The ``n`` characters before the match, lower case."""
        return self.m.string[max(0, self.start - n):self.start].lower()

    def after(self, n: int = 20) -> str:
        """The ``n`` characters after the match, lower case."""
        return self.m.string[self.end:self.end + n].lower()

    def group(self, key: str, default: str = "") -> str:
        """A named group's text in lower case with white space runs as one space ("" when it did not match)."""
        return " ".join((self.groups.get(key) or default).lower().split())
