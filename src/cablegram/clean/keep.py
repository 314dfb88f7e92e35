"""Which lines are the story: the classifier's verdicts corrected by what it cannot see line by line.

A prose line it doubted beside kept prose is rescued; paywall meters, QR lines and lines thick with
appeal cues go; after the story ends (agency line, paywall, an appeal) kept prose must still be about
the story; the agency line is named; and the body is found, or a warning says there is none.
"""

from __future__ import annotations

from collections import Counter

from .features import content_words, is_prose
from .metadata import agency_of
from .page import APPEALS, Page, is_long

RESCUE = 0.4
DOUBTED = 0.3  # a lone story paragraph the classifier scored this high is still the story
MIN_BODY_WORDS = 25
BARRIERS = ("paywall", "donation-appeal")  # cues that end a story (newsletter boxes also sit mid-story)
TAIL_OVERLAP = 0.25


def _beside_prose(page: Page, i: int) -> bool:
    lines, keep = page.lines, page.keep
    return bool((i and keep[i - 1] and lines[i - 1].n_words >= 8) or
                (i + 1 < page.n and keep[i + 1] and lines[i + 1].n_words >= 8))


def rescue(page: Page) -> None:
    """A prose line the classifier doubted, next to kept prose and free of promo cues, is kept."""
    for i, line in enumerate(page.lines):
        if not page.keep[i] and page.probs[i] >= RESCUE and is_prose(line, page.owns[i]) and \
                not any(line.promo.values()) and _beside_prose(page, i):
            page.keep[i] = True


def drop_furniture(page: Page) -> None:
    """Hard furniture: bare URLs, paywall meters and QR lines, short lines thick with appeal cues."""
    for i, line in enumerate(page.lines):
        if page.keep[i] and page.owns[i]["url_only"]:
            page.keep[i] = False
        appeals = sum(line.promo.get(k, 0) for k in APPEALS[:-1])  # not "comments": "declined to comment"
        if page.keep[i] and line.n_words <= 30 and (line.promo.get("paywall") or line.promo.get("qr-code") or
                                                    appeals >= 2):
            page.keep[i] = False


def _barrier(page: Page) -> int | None:
    """The first appeal cue or agency line once most of the kept prose has been seen."""
    kept_words = [line.n_words if k else 0 for line, k in zip(page.lines, page.keep)]
    total = sum(kept_words) or 1
    seen = 0
    for i, line in enumerate(page.lines):
        seen += kept_words[i]
        cue = any(line.promo.get(k) for k in BARRIERS) or (line.n_words <= 40 and agency_of(line.text))
        if cue and seen >= 0.5 * total:
            return i
    return None


def trim_tail(page: Page) -> None:
    """After the barrier, a kept line whose content words mostly do not occur above it is dropped."""
    barrier = _barrier(page)
    if barrier is None:
        return
    lines, keep = page.lines, page.keep
    vocab: Counter = Counter()
    for i in range(barrier):
        if keep[i]:
            vocab.update({w for w in content_words(lines[i].words) if len(w) >= 5})
    for i in range(barrier + 1, page.n):
        if not keep[i]:
            continue
        cw = [w for w in content_words(lines[i].words) if len(w) >= 5]
        if not cw:
            keep[i] = False
            continue
        share = sum(1 for w in cw if vocab.get(w, 0) >= 2) / len(cw)
        if share < TAIL_OVERLAP or any(lines[i].promo.get(k) for k in APPEALS):
            keep[i] = False


def mark_agency(page: Page) -> None:
    """The agency line ("This story was reported by The Associated Press."), kept or not: the last one wins."""
    for i, line in enumerate(page.lines):
        if line.n_words <= 40:
            name = agency_of(line.text)
            if name and (i > page.n // 3 or line.n_words <= 12):
                page.agency, page.role[i] = name, "agency"


def _statement(page: Page, i: int) -> bool:
    """A line that reads as a sentence (prose, ending as a sentence ends, no promo cue): given alone, it is read
    however short (a lone title-like line, "2025 in Review: My favorite games", still is no body)."""
    line, own = page.lines[i], page.owns[i]
    return own["ends_sent"] > 0 and is_prose(line, own) and not any(line.promo.values())


def find_body(page: Page) -> None:
    """The story's lines (kept, no metadata role) and its prose; none if it is navigation or a login page. A text
    of one sentence and nothing else is its own body, however short (:func:`_statement`)."""
    lines = page.lines
    body = [i for i in range(page.n) if page.keep[i] and page.role[i] is None]
    prose_body = [i for i in body if is_long(lines[i])]
    if not prose_body:  # a lone story paragraph the classifier doubted is still the story
        doubted = [i for i in range(page.n) if page.role[i] is None and page.probs[i] >= DOUBTED and
                   is_prose(lines[i], page.owns[i]) and not any(lines[i].promo.values())]
        if sum(lines[i].n_words for i in doubted) >= MIN_BODY_WORDS:
            for i in doubted:
                page.keep[i] = True
            body = prose_body = doubted
    alone = [i for i in range(page.n) if lines[i].text.strip()]
    if len(alone) == 1 and _statement(page, alone[0]):
        body = prose_body = alone  # a statement given on its own ("cablegram analyze -", a gold record): the story
        page.keep[alone[0]] = True
    elif not prose_body or sum(lines[i].n_words for i in body) < MIN_BODY_WORDS:
        page.warnings.append("no article body found: the text looks like navigation, a link list or a login page")
        body, prose_body = [], []
    page.body, page.prose_body = body, prose_body
