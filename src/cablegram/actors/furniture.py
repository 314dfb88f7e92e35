"""A page's furniture is never an actor: time zones ("UTC"), the publisher's own name on its
own pages ("Wikinews", "WN" on en.wikinews.org). Words in ``data/furniture.yaml``."""

from __future__ import annotations

import functools
import re
from typing import Optional

import yaml

from . import gazetteer as gz


@functools.cache
def _data() -> dict:
    raw = yaml.safe_load((gz.DATA / "furniture.yaml").read_text(encoding="utf-8"))
    return {
        "zones": {z for z in raw["time_zones"]},
        "publishers": {k: {gz.norm(n) for n in v} for k, v in raw["publishers"].items()},
    }


def site_key(site: Optional[str]) -> Optional[str]:
    """'en.wikinews.org' -> 'wikinews'; 'www.bbc.co.uk' -> 'bbc'; 'The Guardian' -> 'the guardian'."""
    if not site:
        return None
    site = site.lower().strip()
    if " " in site or "." not in site:
        return gz.norm(site)
    labels = [x for x in site.split(".") if x not in ("www", "en", "m", "mobile", "amp", "edition", "news")]
    labels = [x for x in labels if x not in ("com", "org", "net", "co", "uk", "gov", "int", "info", "au", "in")]
    return labels[0] if labels else None


def own_names(site: Optional[str]) -> frozenset:
    """The normalised names of the publisher of ``site`` (its host name among them)."""
    key = site_key(site)
    if not key:
        return frozenset()
    d = _data()
    return frozenset(set(d["publishers"].get(key, ())) | {key})


def is_furniture(text: str, own: frozenset) -> bool:
    """A time zone, or one of the publisher's own names."""
    bare = text.strip()
    if bare in _data()["zones"] or re.fullmatch(r"UTC[+\-\u2212]\d{1,2}(?::?\d{2})?", bare):
        return True
    return gz.norm(bare) in own
