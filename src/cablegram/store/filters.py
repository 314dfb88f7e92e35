"""What the corpus queries' filters accept (the CLI's options and the web API's parameters), checked
before any query: an unknown event type, modality, quad class, actor kind or actor is an
:class:`~cablegram.errors.UnknownValueError` naming what is accepted, never an empty answer that
reads as "none found". The vocabularies come from the schema and the PLOVER ontology.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterable, Optional, get_args

from ..errors import UnknownValueError
from ..ids import slug
from ..schema import ActorType, AttributionKind, EventType, Modality, SourceKind

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
MODALITIES: tuple[str, ...] = get_args(Modality)
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)
ATTRIBUTION_KINDS: tuple[str, ...] = get_args(AttributionKind)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

Rows = Callable[[str, list], list[dict]]


@functools.lru_cache(maxsize=1)
def quad_classes() -> tuple[str, ...]:
    """The four quad classes in their conventional order (1 verbal cooperation ... 4 material conflict)."""
    from ..events import lexicon

    return tuple(dict.fromkeys(q for t in EVENT_TYPES if (q := lexicon.quad_class(t))))


def _unknown(what: str, value: str, accepted: Iterable[str], extra: str = "") -> UnknownValueError:
    return UnknownValueError(f"unknown {what} {value[:60]!r}", remedy=f"use {extra}one of {', '.join(accepted)}")


def one_of(value: Optional[str], options: tuple[str, ...], what: str, *, upper: bool = False) -> Optional[str]:
    """``value`` as spelled in ``options`` (case does not matter), None for none; else the error."""
    if value is None or not value.strip():
        return None
    v = value.strip().upper() if upper else value.strip().lower()
    if v not in options:
        raise _unknown(what, value, options)
    return v


def many_of(value: Optional[str], options: tuple[str, ...], what: str, *, upper: bool = False) -> list[str]:
    """A comma-separated list, each item checked by :func:`one_of`."""
    return [one_of(v, options, what, upper=upper) for v in (value or "").split(",") if v.strip()]


def event_type(value: Optional[str]) -> Optional[str]:
    return one_of(value, EVENT_TYPES, "event type", upper=True)


def modality(value: Optional[str]) -> Optional[str]:
    return one_of(value, MODALITIES, "modality")


def quad_class(value: Optional[str]) -> Optional[str]:
    """A quad class by name (any case, spaces or underscores for hyphens) or number 1-4."""
    if value is None or not str(value).strip():
        return None
    classes = quad_classes()
    v = str(value).strip().lower().replace(" ", "-").replace("_", "-")
    if v in ("1", "2", "3", "4"):
        return classes[int(v) - 1]
    if v not in classes:
        raise _unknown("quad class", str(value), classes, extra="1-4 or ")
    return v


_ISO3 = re.compile(r"[A-Za-z]{3}")


@functools.lru_cache(maxsize=512)
def is_country_code(code: str) -> bool:
    """An ISO 3166 alpha-3 code, current or historic (SUN)."""
    import pycountry

    code = code.upper()
    return bool(pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code))


def actor(rows: Rows, who: Optional[str]) -> Optional[str]:
    """Check that ``who`` names an actor: an ISO3 country code, or the code, id or name of an actor in
    the store. ``rows(sql, params)`` queries the store. Else the error, with close names as examples."""
    if who is None or not who.strip():
        return None
    who = who.strip()
    if _ISO3.fullmatch(who) and is_country_code(who):
        return who
    found = rows("SELECT 1 AS hit FROM actors WHERE upper(code) = upper(?) OR upper(country) = upper(?) "
                 "OR lower(name) = lower(?) OR id = ? OR id = ? LIMIT 1", [who, who, who, who, slug(who)])
    if found:
        return who
    near = rows("SELECT id, arg_max(name, mention_count) AS name FROM actors WHERE name ILIKE ? ESCAPE '\\' "
                "GROUP BY id ORDER BY sum(mention_count) DESC, id LIMIT 3",
                ["%" + who.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"])
    hint = ", ".join(f"{r['id']} ({r['name']})" for r in near)
    raise UnknownValueError(
        f"unknown actor {who[:60]!r}: not an ISO3 country code, nor the code, id or name of an actor in the store",
        remedy=(f"did you mean {hint}? " if hint else "")
        + "use an ISO3 code such as RUS, an actor code such as RUSGOV, an id such as vladimir-putin or a "
        "full name; `cablegram actors` lists them")


__all__ = ["EVENT_TYPES", "MODALITIES", "ACTOR_TYPES", "ATTRIBUTION_KINDS", "SOURCE_KINDS", "quad_classes",
           "one_of", "many_of", "event_type", "modality", "quad_class", "actor", "is_country_code"]
