"""What a cleaner returns: the input's blocks as judged, and the metadata found (shared by the text and HTML cleaners)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Block:
    """One block of the input as the cleaner judged it."""

    text: str
    kind: str  # a schema PartKind if kept, else "boilerplate"
    line: int = 0
    boilerplate_kind: Optional[str] = None  # why it was removed


@dataclass
class Cleaned:
    """What a cleaner returns: blocks in input order and the metadata it found."""

    blocks: list[Block]
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # e.g. "no article body found"
