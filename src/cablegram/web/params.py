"""The web view's request parameters, checked (a bad one is a :class:`BadQuery`, answered 400 in the one
error shape), and the small helpers its queries share."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional, get_args
from urllib.parse import urlsplit

from ..schema import EventType, Modality
from ..store.dates import GRANULARITIES, interval

QUAD_CLASSES = ("verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict")
_QUAD_ALIASES = {"1": QUAD_CLASSES[0], "2": QUAD_CLASSES[1], "3": QUAD_CLASSES[2], "4": QUAD_CLASSES[3]}
EVENT_TYPES = tuple(get_args(EventType))
MODALITIES = tuple(get_args(Modality))
BUCKETS = GRANULARITIES  # day, week, month, year
LEVELS = ("country", "actor")
KINDS = ("country", "person", "organization", "group", "anonymous")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
# Reports joined to their events: e is the report, c the event it belongs to.
_JOINED = ("events e JOIN event_reports r ON r.doc_id = e.doc_id AND r.event_id = e.id "
           "JOIN event_clusters c ON c.id = r.cluster_id")


class BadQuery(ValueError):
    """A request parameter that cannot be used (answered with status 400)."""


def quad(value: Optional[str]) -> Optional[str]:
    """The quad class as one of :data:`QUAD_CLASSES` (accepts 1-4 and spacing variants)."""
    if value is None:
        return None
    v = str(value).strip().lower().replace(" ", "-").replace("_", "-")
    return _QUAD_ALIASES.get(v[:1], v) if v[:1].isdigit() else v


def site(url: Optional[str], publisher: Optional[str] = None) -> Optional[str]:
    """Where an article was published: its publisher, else its URL's host (``www.`` dropped)."""
    if publisher:
        return publisher
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else (host or None)



def _date_param(name: str, value: Optional[str], end: bool = False) -> Optional[dt.date]:
    if value in (None, ""):
        return None
    iv = interval(value) if _DATE.fullmatch(value) else None
    if iv is None:
        raise BadQuery(f"{name} must be a date like 2023, 2023-09 or 2023-09-04, not {value[:40]!r}")
    return iv.end if end else iv.start


def _choices(name: str, value: Optional[str], options: tuple, norm=lambda s: s) -> list[str]:
    """A comma-separated list of known values, or the one error."""
    if not value:
        return []
    out = []
    for raw in value.split(","):
        v = norm(raw.strip())
        if not v:
            continue
        if v not in options:
            raise BadQuery(f"{name} must be one of {', '.join(options)} (comma-separated), not {raw.strip()[:40]!r}")
        out.append(v)
    return out


def _known_actor(rows, who: str) -> None:
    """An actor parameter names an ISO3 country or an actor of the store (:func:`cablegram.store.filters.actor`),
    else the one error, naming what is accepted."""
    from ..errors import InputError
    from ..store import filters

    try:
        filters.actor(rows, who)
    except InputError as exc:
        raise BadQuery(f"{exc.message} ({exc.remedy})") from None


def granularity(value: Optional[str], default: str = "month") -> str:
    v = value or default
    if v not in GRANULARITIES:
        raise BadQuery(f"by must be one of {', '.join(GRANULARITIES)}")
    return v



def _iso(d) -> Optional[str]:
    return d.isoformat() if d is not None else None


def _marks(values) -> str:
    return ",".join("?" * len(values))


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

