"""Plain text as scraped: the article, its metadata, and the site's furniture set aside.

Each non-empty line is scored by a two-stage classifier (gradient-boosted
trees learned on real pages, stored as JSON in ``data/``): first from its own
shape, language and position relative to the densest run of prose, then again
with its neighbours' first-stage scores, so a caption inside the story stays
and a long appeal after it goes. A structural pass then names the kept blocks
(title, dek, caption, headings, paragraphs), reads the metadata lines (photo
credit, byline, agency line, the article's own URL) and gives every removed line
its boilerplate kind. Everything stays linear in the input size.

The passes, in order, each over one :class:`.page.Page`: :mod:`.keep` (which lines are the
story), :mod:`.metadata` (own URL, title, credit and caption, byline, dek; date and publisher after
the body is laid out), :mod:`.layout` (paragraphs and headings, then the blocks).
"""

from __future__ import annotations

from typing import Optional

from . import keep, layout, metadata
from .blocks import Cleaned
from .features import PROMO_KINDS, Line, context_features, featurise, normalise, split_lines
from .metadata import agency_of, publisher_of, publishers, text_date  # noqa: F401  (the cleaner's public helpers)
from .model import load as load_model
from .page import THRESHOLD, Page  # noqa: F401

PASSES = (keep.rescue, keep.drop_furniture, keep.trim_tail, keep.mark_agency, keep.find_body,
          metadata.own_url, metadata.title, metadata.credit_and_caption, metadata.byline, metadata.dek,
          layout.paragraphs, metadata.published, metadata.publisher)


def line_probabilities(lines: list[Line], rows: Optional[list] = None, models=None) -> list[float]:
    """P(line belongs to the article), from the two learned stages (``models``: others to use, as in training)."""
    if not lines:
        return []
    if rows is None:
        rows, _ = featurise(lines)
    stage1, stage2 = models if models is not None else (load_model("lines_stage1"), load_model("lines_stage2"))
    p1 = [float(v) for v in stage1.predict(rows)]
    ctx = context_features(p1)
    return [float(v) for v in stage2.predict([r + c for r, c in zip(rows, ctx)])]


def clean_text(raw: str, url: str | None = None, *, models=None) -> Cleaned:
    """Split scraped plain text into article blocks and boilerplate, with the metadata found in it."""
    text = normalise(raw or "")
    lines = split_lines(text)
    if not lines:
        return Cleaned(blocks=[], meta={}, warnings=["no text in the input"])
    rows, owns = featurise(lines)
    probs = line_probabilities(lines, rows, models)
    return structure(lines, owns, probs, url)


def structure(lines: list[Line], owns: list[dict], probs: list[float], url: Optional[str]) -> Cleaned:
    """Name the blocks: title, dek, caption, credit, headings, paragraphs, boilerplate; read the metadata."""
    page = Page(lines, owns, probs, url)
    for step in PASSES:
        step(page)
    return Cleaned(blocks=layout.blocks(page), meta=page.meta, warnings=page.warnings)


def body_text(cleaned: Cleaned, *, with_title: bool = False) -> str:
    """The kept article text as the extraction benchmark scores it (title left out unless asked)."""
    kinds = {"dek", "caption", "heading", "paragraph"} | ({"title"} if with_title else set())
    return "\n\n".join(b.text for b in cleaned.blocks if b.kind in kinds)


__all__ = ["clean_text", "text_date", "line_probabilities", "structure", "body_text", "agency_of", "publisher_of",
           "PROMO_KINDS"]
