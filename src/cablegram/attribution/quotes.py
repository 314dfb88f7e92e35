"""Finding quotation-mark spans in plain text, paragraph by paragraph.

Pure string logic (no spaCy) so it can be tested exhaustively: it never
raises, whatever the balance of the marks. Straight double quotes are
resolved as opening or closing from the characters around them; curly single
quotes inside a double-quoted stretch are nested quotes (‘win-win’) and never
end it; an apostrophe is never a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
# typewriter conventions (New York Times archives, LaTeX): '' for either mark, `` to open
TWIN_STRAIGHT = "''"
TWIN_OPEN = "``"
# paragraphs: runs of text between line breaks
_PARA = re.compile(r"[^\n]+")
# the characters at which a mark (or a twin's first half) can stand: the scan jumps from one to the next
_MARKS = re.compile("[" + re.escape(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT + TWIN_STRAIGHT[0] + TWIN_OPEN[0]) + "]")


@dataclass(frozen=True)
class Quote:
    """A top-level quoted stretch: ``start:end`` is the inner text (marks excluded)."""

    start: int
    end: int
    open_mark: int            # offset of the opening mark
    close_mark: int | None    # offset of the closing mark; None if the paragraph ended first
    paragraph: int            # index of the paragraph it sits in
    continues: bool = False   # unclosed at paragraph end and the next paragraph reopens (multi-paragraph quote)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-empty lines of ``text`` (a paragraph per line)."""
    return [(m.start(), m.end()) for m in _PARA.finditer(text) if m.group().strip()]


def _is_opening_straight(text: str, i: int, start: int, end: int, width: int = 1) -> bool:
    """A straight ``"`` opens when what precedes is space/punctuation and what follows is not space."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-:;,/" or before in OPEN_DOUBLE or i == start


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int | None]], int | None]:
    """(opening offset, closing offset) of the top-level quotes in ``text[start:end]``.

    The second value is the opening offset of a quote left open at the end of
    the paragraph (also listed, with closing offset None).
    """
    found: list[tuple[int, int | None]] = []
    stack: list[str] = []
    top_open: int | None = None
    i = start - 1
    next_mark = _MARKS.search
    while i + 1 < end:
        m = next_mark(text, i + 1, end)  # the characters between marks change nothing
        if m is None:
            break
        i = m.start()
        c = text[i]
        width = 1
        if text.startswith(TWIN_STRAIGHT, i) or text.startswith(TWIN_OPEN, i):
            width = 2
            c = STRAIGHT if text[i] == "'" else OPEN_DOUBLE[0]
        if c in OPEN_DOUBLE:
            kind = "open"
        elif c in CLOSE_DOUBLE:
            kind = "close"
        elif c == STRAIGHT:
            if stack and stack[-1] == STRAIGHT:
                kind = "close"
            elif stack and not _is_opening_straight(text, i, start, end, width):
                kind = "close"
            elif _is_opening_straight(text, i, start, end, width):
                kind = "open"
            else:
                i += width - 1
                continue  # a stray closing mark (inch sign, typo): ignore
        else:
            continue
        mark = i
        i += width - 1
        if kind == "open":
            if not stack:
                top_open = mark
            stack.append(c)
        elif stack:
            stack.pop()
            if not stack and top_open is not None:
                found.append((top_open, mark))
                top_open = None
        # a closing mark with nothing open is ignored
    if stack and top_open is not None:
        found.append((top_open, None))
        return found, top_open
    return found, None


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotations of ``text`` in order; never raises.

    A quote still open at the end of its paragraph ends there; if the next
    paragraph opens with a quotation mark, the quote is marked ``continues``
    (the news convention for a quotation running over several paragraphs).
    """
    paras = paragraphs(text or "")
    out: list[Quote] = []
    for n, (ps, pe) in enumerate(paras):
        found, _ = _scan_paragraph(text, ps, pe)
        for open_at, close_at in found:
            inner_end = close_at if close_at is not None else pe
            continues = False
            if close_at is None and n + 1 < len(paras):
                nxt = text[paras[n + 1][0]:paras[n + 1][1]].lstrip()
                continues = bool(nxt) and (nxt[0] in OPEN_DOUBLE or nxt[0] == STRAIGHT)
            s, e = open_at + (2 if text.startswith((TWIN_STRAIGHT, TWIN_OPEN), open_at) else 1), inner_end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Quote(s, e, open_at, close_at, n, continues))
    return out
