"""Content-derived ids: the same input gives the same ids, in any process."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def digest(*parts: object, length: int = 16) -> str:
    """A short, stable hex digest of the parts (joined with a separator)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


def document_id(raw: str) -> str:
    """The id of a document: a hash of its input with line endings and outer space normalised."""
    norm = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    return digest("doc", norm)


def span_id(doc_id: str, kind: str, start: int, end: int, *extra: object) -> str:
    """The id of a thing found at ``start:end`` of a document's text."""
    return f"{kind}-{digest(doc_id, kind, start, end, *extra, length=12)}"


def slug(name: str) -> str:
    """``"Kim Jong Un"`` -> ``"kim-jong-un"``; stable, ASCII, lower case."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or digest("slug", name, length=8)
