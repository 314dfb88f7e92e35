"""One page being cleaned: its lines, their scores, and what the passes decided so far.

The plain-text cleaner (:mod:`.text`) runs its passes in order over one :class:`Page`:
:mod:`.keep` (which lines are the story), :mod:`.metadata` (title, credit, byline, dek,
date, publisher, the page's own URL), :mod:`.layout` (paragraphs, headings, boilerplate
kinds). Each pass reads and writes the page's ``keep``/``role``/``meta``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .features import Line

THRESHOLD = 0.5
URL_LINE = re.compile(r"^\s*<?((?:https?://|www\.)[^\s<>]+)>?\s*$", re.I)
TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")
BOILERPLATE_PRIORITY = ("qr-code", "paywall", "donation-appeal", "cookie", "newsletter", "subscription-appeal",
                        "comments", "related", "footer", "share-nav", "promo")
APPEALS = ("paywall", "subscription-appeal", "donation-appeal", "newsletter", "comments")


@dataclass
class Page:
    lines: list[Line]
    owns: list[dict]
    probs: list[float]
    url: Optional[str]
    keep: list[bool] = field(default_factory=list)
    role: list[Optional[str]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    body: list[int] = field(default_factory=list)        # kept story lines with no metadata role
    prose_body: list[int] = field(default_factory=list)  # the long ones among them
    title_i: Optional[int] = None
    agency: Optional[str] = None

    def __post_init__(self) -> None:
        self.keep = self.keep or [p >= THRESHOLD for p in self.probs]
        self.role = self.role or [None] * len(self.lines)

    @property
    def n(self) -> int:
        return len(self.lines)

    @property
    def b0(self) -> int:
        """The first line of prose in the story (``n`` if there is none)."""
        return self.prose_body[0] if self.prose_body else self.n

    @property
    def b1(self) -> int:
        """The last line of prose in the story (-1 if there is none)."""
        return self.prose_body[-1] if self.prose_body else -1


def kind_of(line: Line) -> Optional[str]:
    """The boilerplate kind a line's promo cues say, "separator" for a line without a word, else None."""
    if not re.search(r"\w", line.text):
        return "separator"
    for kind in BOILERPLATE_PRIORITY:
        if line.promo.get(kind):
            return kind
    return None


def is_long(line: Line) -> bool:
    """Long enough to be body text (CJK text has few ``\\w+`` words per sentence, so count characters too)."""
    return line.n_words >= 8 or len(line.text) >= 40


def title_like(line: Line, own: dict) -> bool:
    s = line.text
    return 2 <= line.n_words <= 30 and len(s) <= 250 and not (s.endswith(".") and own["sentences"] > 0 and
                                                              line.n_words > 20) and not own["url_only"]
