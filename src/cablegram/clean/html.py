"""HTML pages: trafilatura finds the article body and metadata (its date comes from htmldate).

When trafilatura finds no article, the page's visible text goes through the
plain-text cleaner instead, so an HTML input never yields less than its text.
"""

from __future__ import annotations

from .blocks import Block, Cleaned


def clean_html(html: str, url: str | None = None) -> Cleaned:
    import trafilatura

    from .text import agency_of, clean_text, publisher_of

    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                             include_tables=False, favor_precision=False)
    except Exception:  # trafilatura/lxml on hostile markup: fall back to the visible text below
        result = None
    blocks: list[Block] = []
    meta: dict = {}
    data = {}
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    paragraphs = [p.strip() for p in (data.get("text") or "").split("\n") if p.strip()]
    if not paragraphs:
        try:
            visible = trafilatura.html2txt(html) or ""
        except Exception:
            visible = ""
        cleaned = clean_text(visible, url=url)
        cleaned.warnings.append("trafilatura found no article in the HTML; cleaned its visible text instead")
        return cleaned
    title = (data.get("title") or "").strip()
    if title:
        blocks.append(Block(text=title, kind="title"))
        meta["title"] = title
    if data.get("description"):
        meta["dek"] = data["description"].strip()
    for i, para in enumerate(paragraphs):
        if title and para == title:  # the headline repeated at the top of the body
            continue
        agency = agency_of(para) if len(para) < 300 else None
        if agency:
            meta.setdefault("agency", agency)
            blocks.append(Block(text=para, kind="boilerplate", line=i, boilerplate_kind="credit"))
        else:
            blocks.append(Block(text=para, kind="paragraph", line=i))
    if data.get("author"):
        meta["byline"] = data["author"]
    publisher = publisher_of(url or data.get("url"), []) or data.get("sitename")
    if publisher:
        meta["publisher"] = publisher
    if data.get("date"):
        meta["published"], meta["published_source"] = data["date"], "html"
    if data.get("url"):
        meta["url"] = data["url"]
    return Cleaned(blocks=blocks, meta=meta)
