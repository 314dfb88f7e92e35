"""HTML pages: trafilatura finds the article body and metadata, htmldate the publication date."""

from __future__ import annotations

from . import Block, Cleaned


def clean_html(html: str, url: str | None = None) -> Cleaned:
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=False)
    blocks: list[Block] = []
    meta: dict = {}
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        title = (data.get("title") or "").strip()
        if title:
            blocks.append(Block(text=title, kind="title"))
            meta["title"] = title
        if data.get("description"):
            meta["dek"] = data["description"].strip()
        for i, para in enumerate((data.get("text") or "").split("\n")):
            if para.strip():
                blocks.append(Block(text=para.strip(), kind="paragraph", line=i))
        if data.get("author"):
            meta["byline"] = data["author"]
        if data.get("sitename"):
            meta["publisher"] = data["sitename"]
        if data.get("date"):
            meta["published"], meta["published_source"] = data["date"], "html"
        if data.get("url"):
            meta["url"] = data["url"]
    return Cleaned(blocks=blocks, meta=meta)
