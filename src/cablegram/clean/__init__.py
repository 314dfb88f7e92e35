"""The article and its metadata, from plain text as scraped or from an HTML page.

:func:`clean_document` turns a :class:`~cablegram.ingest.Source` into a
:class:`~cablegram.schema.Document`: the clean text (title, dek, caption,
headings, body paragraphs joined by blank lines), its parts with offsets, and
every removed block kept in ``boilerplate`` with its kind.

Plain text goes through :mod:`.text` (a line classifier learned on real pages,
weights as JSON in ``data/``, plus a structural pass for title, dek, caption,
credit, headings, agency line and the article's own URL); HTML through
:mod:`.html` (trafilatura). ``Cleaned.warnings`` says when no article was found;
:func:`clean_document` passes them on to ``source.warnings``.
"""

from __future__ import annotations

from typing import Optional

from ..schema import Boilerplate, Document, Part
from .blocks import Block, Cleaned

__all__ = ["Block", "Cleaned", "assemble", "clean_document"]


def assemble(source_id: str, cleaned: Cleaned, *, fmt: str = "text") -> Document:
    """Join the kept blocks into ``Document.text`` with offsets; keep the rest as boilerplate."""
    pieces: list[str] = []
    parts: list[Part] = []
    boilerplate: list[Boilerplate] = []
    pos = 0
    for block in cleaned.blocks:
        if block.kind == "boilerplate":
            boilerplate.append(Boilerplate(text=block.text, kind=block.boilerplate_kind or "other", line=block.line))
            continue
        text = block.text.strip()
        if not text:
            continue
        if pieces:
            pieces.append("\n\n")
            pos += 2
        parts.append(Part(kind=block.kind, start=pos, end=pos + len(text)))
        pieces.append(text)
        pos += len(text)
    meta = dict(cleaned.meta)
    return Document(id=source_id, text="".join(pieces), parts=parts, boilerplate=boilerplate, format=fmt,
                    **{k: v for k, v in meta.items() if k in Document.model_fields and k not in
                       ("id", "text", "parts", "boilerplate", "format")})


def clean_document(source, *, url: Optional[str] = None, published: Optional[str] = None,
                   title: Optional[str] = None) -> Document:
    """Clean one input (see :mod:`cablegram.ingest`) into a :class:`Document`."""
    from .urlmeta import url_metadata

    url = url or source.url
    if source.format == "html":
        from .html import clean_html
        cleaned = clean_html(source.raw, url=url)
    else:
        from .text import clean_text
        cleaned = clean_text(source.raw, url=url)
    meta = cleaned.meta
    url = url or meta.get("url")  # the article's own URL may be in the text
    if url:
        meta.setdefault("url", url)
        for key, value in url_metadata(url).items():
            if value and not meta.get(key):
                meta[key] = value
    if title and not meta.get("title"):
        meta["title"] = title
    if published:
        meta["published"], meta["published_source"] = published, "given"
    if cleaned.warnings and hasattr(source, "warnings"):
        source.warnings.extend(w for w in cleaned.warnings if w not in source.warnings)
    return assemble(source.id, cleaned, fmt=source.format)
