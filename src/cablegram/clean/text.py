"""Plain-text cleaning (first version: blocks split on blank lines, the first is the title)."""

from __future__ import annotations

import re

from . import Block, Cleaned


def clean_text(raw: str, url: str | None = None) -> Cleaned:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if not re.search(r"\w", text):
            blocks.append(Block(text=text, kind="boilerplate", line=i, boilerplate_kind="separator"))
            continue
        blocks.append(Block(text=text, kind="title" if not blocks else "paragraph", line=i))
    meta = {"title": blocks[0].text} if blocks and blocks[0].kind == "title" else {}
    return Cleaned(blocks=blocks, meta=meta)
