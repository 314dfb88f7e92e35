"""Events counted once: the reports of one event, in one or several articles, clustered by an event key.

A *report* is one row of ``events``: what analyze() read off one sentence. An *event* is a row of
``event_clusters``: the reports sharing an event key of type, parties and a date window
(``event_reports`` maps each report to its event). The store keeps both levels; counts in the
graph, the dyad and the events table are counts of events, each with its number of reports.

- Parties: each actor is keyed by its country (ISO3) when it has one, else by its id (the graph's
  country level); an unnamed group or anonymous source without a country ("residents",
  "officials") is not identifiable across articles, so it is keyed within its article.
- A reciprocal report (``Event.reciprocal``: met, agreed, signed) has an unordered pair of
  parties. Two reports on the same trigger with mirrored parties (A→B and B→A, how the events stage
  wrote "A and B met" before it had the flag) are one reciprocal report.
- Within the reports of one type and one set of parties (a *partition*), finest-dated first: a report
  dated to the day or week joins the event whose first report lies within ``WINDOW_DAYS`` of it;
  a coarser one (a month, a year) joins the one event inside its span when there is exactly one (or
  an event of the same coarse date), else it is an event of its own; an undated report joins only
  reports of its own article. Directions must agree (A→B with A→B), a reciprocal event taking
  either.

Clusters are recomputed partition by partition for the partitions a write touched, in the same
transaction, so the result does not depend on the order articles were added.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..ids import digest
from .arrow import insert
from .dates import RANK, Interval

WINDOW_DAYS = 3  # reporting lag: "on Tuesday" in Wednesday's paper; an undated event takes the publication day
UNNAMED = ("group", "anonymous")


def party_key(actor, doc_id: str) -> str:
    """The key an actor is counted under across articles (see the module docstring)."""
    if actor is None:
        return ""
    country = getattr(actor, "country", None)
    if country:
        return country.upper()
    if getattr(actor, "type", None) in UNNAMED and not getattr(actor, "code", None):
        return f"{doc_id}#{actor.id}"
    return actor.id


def partition_key(type_: str, source_key: list[str], target_key: list[str]) -> str:
    return f"{type_}|{'+'.join(sorted(set(source_key) | set(target_key)))}"


def mirrored(events) -> set[str]:
    """Ids of the events that are one half of a mirrored pair on the same trigger (A→B and B→A)."""
    by_trigger = defaultdict(list)
    for e in events:
        anchor = (e.trigger.start, e.trigger.end) if e.trigger else (e.evidence.start, e.evidence.end)
        by_trigger[(e.type, anchor)].append(e)
    out = set()
    for group in by_trigger.values():
        for a in group:
            for b in group:
                if a is not b and a.source and a.target and set(a.source) == set(b.target) \
                        and set(a.target) == set(b.source):
                    out.update((a.id, b.id))
    return out


@dataclass
class Report:
    doc_id: str
    id: str
    type: str
    quad_class: Optional[str]
    reciprocal: bool
    source_key: list[str]
    target_key: list[str]
    date_start: Optional[dt.date]
    date_end: Optional[dt.date]
    precision: Optional[str]
    label: Optional[str]           # the date as written in the store (own value or publication date)
    modality: Optional[str]
    evidence_start: int
    trigger_start: Optional[int]
    partition: str

    @property
    def direction(self) -> tuple:
        if self.reciprocal:
            return ("both",)
        return (tuple(sorted(set(self.source_key))), tuple(sorted(set(self.target_key))))

    @property
    def interval(self) -> Optional[Interval]:
        if self.date_start is None or self.precision is None:
            return None
        return Interval(self.date_start, self.date_end or self.date_start, self.precision)


@dataclass
class Cluster:
    anchor: Report
    direction: tuple
    reports: list[Report] = field(default_factory=list)

    def accepts(self, direction: tuple) -> bool:
        return self.direction == direction or self.direction == ("both",) or direction == ("both",)

    def add(self, r: Report) -> None:
        self.reports.append(r)
        if r.reciprocal:
            self.direction = ("both",)


def _fine(iv: Interval) -> bool:
    return RANK[iv.precision] <= RANK["week"]


def cluster_partition(reports: list[Report]) -> list[Cluster]:
    """The events of one partition (deterministic: the order the reports come in does not matter)."""
    def order(r: Report):
        iv = r.interval
        return (iv is None, RANK[iv.precision] if iv else 99, iv.start if iv else dt.date.min,
                r.doc_id, r.evidence_start, r.id)

    clusters: list[Cluster] = []
    for r in sorted(reports, key=order):
        iv, d = r.interval, r.direction
        home = None
        if iv is None:
            home = next((c for c in clusters if c.anchor.interval is None and c.anchor.doc_id == r.doc_id
                         and c.accepts(d)), None)
        elif _fine(iv):
            lo, hi = iv.start - dt.timedelta(days=WINDOW_DAYS), iv.end + dt.timedelta(days=WINDOW_DAYS)
            home = next((c for c in clusters if c.accepts(d) and c.anchor.interval is not None
                         and _fine(c.anchor.interval) and c.anchor.interval.start <= hi
                         and c.anchor.interval.end >= lo), None)
        else:
            inside = [c for c in clusters if c.accepts(d) and c.anchor.interval is not None
                      and iv.start <= c.anchor.interval.start and c.anchor.interval.end <= iv.end]
            same = [c for c in inside if c.anchor.interval == iv]
            home = same[0] if same else (inside[0] if len(inside) == 1 else None)
        if home is None:
            home = Cluster(anchor=r, direction=d)
            clusters.append(home)
        home.add(r)
    return clusters


def cluster_id(anchor: Report) -> str:
    return "ev-" + digest("event-cluster", anchor.doc_id, anchor.id)


def cluster_rows(clusters: Iterable[Cluster]) -> tuple[list[dict], list[dict]]:
    """Rows of ``event_clusters`` and ``event_reports`` for these clusters."""
    events, links = [], []
    for c in clusters:
        a = c.anchor
        cid = cluster_id(a)
        reports = {(r.doc_id, r.evidence_start, r.trigger_start) for r in c.reports}
        modalities = sorted({r.modality for r in c.reports if r.modality})
        reciprocal = c.direction == ("both",)
        src, tgt = (sorted(set(a.source_key)), sorted(set(a.target_key)))
        if reciprocal and src and tgt and src > tgt:
            src, tgt = tgt, src
        iv = a.interval
        dated = [r.interval for r in c.reports if r.interval is not None]
        events.append({
            "id": cid, "partition": a.partition, "type": a.type, "quad_class": a.quad_class,
            "source": src, "target": tgt, "reciprocal": reciprocal, "date": a.label,
            "date_start": iv.start if iv else None, "date_end": iv.end if iv else None,
            "precision": iv.precision if iv else None,
            "first_seen": min((i.start for i in dated), default=None),
            "last_seen": max((i.end for i in dated), default=None),
            "reports": len(reports), "documents": len({r.doc_id for r in c.reports}),
            "modalities": modalities, "first_doc": a.doc_id, "first_event": a.id,
        })
        links += [{"cluster_id": cid, "doc_id": r.doc_id, "event_id": r.id} for r in c.reports]
    return events, links


REPORT_COLUMNS = ("doc_id, id, type, quad_class, coalesce(reciprocal, false) AS reciprocal, source_key, target_key, "
                  "date_start, date_end, date_precision, event_date AS label, modality, "
                  "evidence_start, trigger_start, partition")


def recluster(con, partitions: Optional[Iterable[str]] = None) -> int:
    """Recompute the events of these partitions (all when None) from their reports; the number of events.

    Runs on the caller's connection and transaction.
    """
    if partitions is None:
        rows = con.execute(f"SELECT {REPORT_COLUMNS} FROM events").fetchall()
        con.execute("DELETE FROM event_reports")
        con.execute("DELETE FROM event_clusters")
    else:
        parts = sorted(set(partitions))
        if not parts:
            return 0
        rows = con.execute(f"SELECT {REPORT_COLUMNS} FROM events WHERE partition IN (SELECT unnest(?::VARCHAR[]))",
                           [parts]).fetchall()
        con.execute("DELETE FROM event_reports WHERE cluster_id IN (SELECT id FROM event_clusters "
                    "WHERE partition IN (SELECT unnest(?::VARCHAR[])))", [parts])
        con.execute("DELETE FROM event_clusters WHERE partition IN (SELECT unnest(?::VARCHAR[]))", [parts])
    by_partition: dict[str, list[Report]] = defaultdict(list)
    for row in rows:
        r = Report(*row)
        r.source_key, r.target_key = list(r.source_key or []), list(r.target_key or [])
        by_partition[r.partition].append(r)
    clusters = [c for reports in by_partition.values() for c in cluster_partition(reports)]
    events, links = cluster_rows(clusters)
    if events:
        insert(con, "event_clusters", events)
        insert(con, "event_reports", links)
    return len(events)
