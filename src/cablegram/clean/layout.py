"""The kept lines named (paragraphs and headings inside the body span) and every line turned into a
:class:`Block`: the article's parts in order, the rest as boilerplate with the kind it was removed as."""

from __future__ import annotations

from typing import Optional

from .blocks import Block
from .features import Line
from .page import URL_LINE, Page, is_long, kind_of

PART_ROLES = ("title", "dek", "caption", "heading", "paragraph")
CREDIT_ROLES = ("credit", "agency", "byline")
_INHERITING = {"donation-appeal", "subscription-appeal", "promo", "related", "comments", "paywall", "qr-code"}


def _is_heading(page: Page, i: int) -> bool:
    """A short line without a sentence end (or a short question) inside the body, before a paragraph."""
    line, own = page.lines[i], page.owns[i]
    nxt_para = i + 1 < page.n and page.keep[i + 1] and is_long(page.lines[i + 1])
    short = line.n_words <= 15 and not own["ends_sent"] or (own["ends_question"] and line.n_words <= 15 and nxt_para)
    return bool(short and page.b0 < i < page.b1 and nxt_para and not own["bullet"] and not own["ends_colon"])


def paragraphs(page: Page) -> None:
    """Kept lines within three lines of the body's prose are paragraphs or headings; the rest are dropped."""
    headings = []
    for i in range(page.n):
        if page.role[i] is not None or not page.keep[i]:
            continue
        if not page.body or not (page.b0 - 3 <= i <= page.b1 + 3):
            page.keep[i] = False
            continue
        if _is_heading(page, i):
            page.role[i] = "heading"
            headings.append(page.lines[i].text)
        else:
            page.role[i] = "paragraph"
    if headings:
        page.meta["headings"] = headings


def _boilerplate_kind(line: Line, prev_kind: Optional[str]) -> str:
    """Why a line was removed: its own cues, else what the appeal or QR block above it was, else by length."""
    kind = kind_of(line)
    if kind is None and URL_LINE.match(line.text) and prev_kind == "qr-code":
        kind = "qr-code"
    if kind is None and prev_kind in _INHERITING and not line.blank_before or \
            kind is None and prev_kind in ("donation-appeal",):
        kind = prev_kind if prev_kind in ("donation-appeal", "related", "comments") else "promo"
    if kind is None:
        kind = "share-nav" if line.n_words <= 6 else "other"
    return kind


def blocks(page: Page) -> list[Block]:
    out: list[Block] = []
    prev_kind = None
    title = page.meta.get("title")
    for line, r in zip(page.lines, page.role):
        if r == "title" and title and title != line.text and line.text.startswith(title):
            out.append(Block(text=title, kind="title", line=line.index))  # the site's name goes aside
            out.append(Block(text=line.text, kind="boilerplate", line=line.index, boilerplate_kind="other"))
            prev_kind = None
        elif r in PART_ROLES:
            out.append(Block(text=line.text, kind=r, line=line.index))
            prev_kind = None
        elif r in CREDIT_ROLES:
            out.append(Block(text=line.text, kind="boilerplate", line=line.index, boilerplate_kind="credit"))
        else:
            prev_kind = _boilerplate_kind(line, prev_kind)
            out.append(Block(text=line.text, kind="boilerplate", line=line.index, boilerplate_kind=prev_kind))
    return out
