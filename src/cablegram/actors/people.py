"""Well-known public figures (heads of state and government, ministers, party leaders):
facts of the world, used only when the article itself gives no country or sector.

``data/people.tsv`` lists each office with its years; after the last office ends the
person is an elite (PLOVER ELI): "former president".
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from . import gazetteer as gz

_YEAR = re.compile(r"(\d{4})(?:-(\d{2}))?")


@functools.cache
def _table() -> dict[str, list[tuple[str, str, float, float]]]:
    """Normalised name -> [(iso3, sector, from, to)] (years as floats; open end = 9999)."""
    out: dict[str, list[tuple[str, str, float, float]]] = {}
    for row in gz._rows("people.tsv"):
        names, iso3, sector, start, end = (row + ["", "", "", "", ""])[:5]
        s = _year(start) or 0.0
        e = _year(end) or 9999.0
        for n in names.split(";"):
            out.setdefault(gz.norm(n), []).append((iso3, sector, s, e))
    return out


def _year(text: str) -> Optional[float]:
    m = _YEAR.search(text or "")
    if not m:
        return None
    return int(m.group(1)) + (int(m.group(2)) - 1) / 12 if m.group(2) else float(m.group(1))


def person_facts(name: str, date: Optional[str] = None) -> Optional[tuple[str, str]]:
    """(ISO3, sector) of a known figure at ``date`` (ISO date or year; default: now)."""
    offices = _table().get(gz.norm(name))
    if not offices:
        return None
    when = _year(date or "") if date and date.lower() != "today" else None
    if when is None:
        import datetime

        d = datetime.date.today()
        when = d.year + (d.month - 1) / 12
    else:
        m = _YEAR.search(date)
        when = when if m and m.group(2) else when + 0.5
    current = [o for o in offices if o[2] <= when < o[3] + (1 if o[3] == int(o[3]) else 0)]
    if current:
        return current[-1][0], current[-1][1]
    past = [o for o in offices if o[3] <= when]
    if past:
        last = max(past, key=lambda o: o[3])
        return last[0], "ELI"
    first = min(offices, key=lambda o: o[2])
    return first[0], None


@functools.cache
def _surnames() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in _table():
        parts = key.split()
        if len(parts) >= 2:
            out.setdefault(parts[-1], []).append(key)
    return out


def surname_facts(surname: str, date: Optional[str] = None) -> Optional[tuple[str, str]]:
    """Facts of the one known figure with this surname (None if none or several)."""
    keys = set(_surnames().get(gz.norm(surname), []))
    people = {tuple(sorted((o[0]) for o in _table()[k])) for k in keys}
    if len(keys) != 1 and len(people) != 1:
        return None
    return person_facts(sorted(keys)[0], date) if keys else None
