"""What a news URL says: publication date (with its precision) and section path."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

_PATTERNS = [  # most specific first
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]\d)(?P<d>[0-3]\d)(?:/|$)"),        # /2023/0906/
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)"),     # /2023/09/06/
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[/_.-]|$)"),  # /20230906/
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[/_.-]|$)"),  # -2023-09-06
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)(?:/|$)"),                      # /2023/09/
]


_PATH = re.compile(r"^(?:[A-Za-z][\w+.-]*:)?(?://[^/?#]*)?([^?#]*)")


def url_path(url: str) -> str:
    """The path of a URL; scraped URLs can be malformed (a stray bracket in the host), so never raise."""
    try:
        return urlparse(url).path
    except ValueError:
        m = _PATH.match(url)
        return m.group(1) if m else ""


def url_host(url: str) -> str:
    """The lower-cased host name of a URL (with or without a scheme), or ``""``; never raises."""
    try:
        return (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return ""


def url_date(url: str) -> tuple[str | None, str | None]:
    """``(ISO date, precision)`` from the URL's path, or ``(None, None)``."""
    path = url_path(url)
    for pattern in _PATTERNS:
        m = pattern.search(path)
        if not m:
            continue
        y, mo = int(m["y"]), int(m["m"])
        d = int(m["d"]) if "d" in m.groupdict() and m["d"] else None
        try:
            if d is not None:
                return date(y, mo, d).isoformat(), "day"
            date(y, mo, 1)
            return f"{y:04d}-{mo:02d}", "month"
        except ValueError:
            continue
    return None, None


def url_section(url: str) -> str | None:
    """The path segments before the date or the slug, e.g. ``World/Asia-Pacific``."""
    segments = [s for s in url_path(url).split("/") if s]
    section = []
    for seg in segments[:-1]:
        if re.fullmatch(r"\d+", seg) or re.search(r"(?:19|20)\d\d", seg):
            break
        section.append(seg)
    return "/".join(section) or None


def url_metadata(url: str) -> dict:
    published, precision = url_date(url)
    return {"published": published, "published_source": "url" if published else None,
            "section": url_section(url)}
