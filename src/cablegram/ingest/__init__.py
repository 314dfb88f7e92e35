"""Reading input: bytes or text in, a :class:`Source` out (decoded, kind detected, raw kept).

The corpus readers (files, JSON Lines, WARC, feeds, URLs) all end here, so
every document meets the same checks: not empty, not binary, not too large.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..errors import BinaryInputError, EmptyInputError, InputTooLargeError
from ..ids import document_id

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(r"<(p|div|article|span|a|br|h[1-6]|section|main|script|table)\b[^>]*>", re.I)


@dataclass
class Source:
    """One input document before cleaning."""

    raw: str
    format: str  # "text" | "html"
    id: str
    url: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), else a clear warning and replacement characters."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), warnings
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        warnings.append(f"input is not valid UTF-8 (first bad byte at {exc.start}); bad bytes replaced")
        return data.decode("utf-8", errors="replace"), warnings


def looks_binary(text: str) -> bool:
    """NUL bytes, or many control characters in the first 8 KB: not text."""
    head = text[:8192]
    if "\x00" in head:
        return True
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bool(head) and controls / len(head) > 0.05


def looks_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_SNIFF.match(head):
        return True
    return len(_HTML_TAGS.findall(text[:20000])) >= 5


def read_source(data: str | bytes, *, max_bytes: int = 10_000_000, url: Optional[str] = None,
                format: Optional[str] = None) -> Source:
    """Check and decode one input; raise an :class:`~cablegram.errors.InputError` if it is no article."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise InputTooLargeError(f"input is {size:,} bytes, over the limit of {max_bytes:,}")
    warnings: list[str] = []
    if isinstance(data, bytes):
        # UTF-16 (with its byte-order mark) is text full of NUL bytes: decode it before the binary test
        if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise BinaryInputError("input looks binary (NUL bytes), not text or HTML")
        text, warnings = decode(data)
    else:
        text = data.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(data) else data
    if looks_binary(text):
        raise BinaryInputError("input looks binary (control characters), not text or HTML")
    if not text.strip():
        raise EmptyInputError("input is empty")
    kind = format or ("html" if looks_html(text) else "text")
    return Source(raw=text, format=kind, id=document_id(text), url=url, warnings=warnings)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True
