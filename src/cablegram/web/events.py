"""Events counted once (``event_clusters``), each with its reports: lists, the events behind a graph edge,
a dyad and the corpus over time, binned on a true time scale."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Optional

from ..store.dates import PRECISIONS, RANK, bin_end
from .params import _JOINED, QUAD_CLASSES, _choices, _iso, _known_actor, _marks, granularity, quad, site


class EventQueries:
    """Questions about events (a part of :class:`cablegram.web.queries.Corpus`)."""

    # -- events counted once ----------------------------------------------
    def _clusters(self, ids: list[str]) -> list[dict]:
        """Events (clusters) by id, each with its reports: article title, date, claimant, modality, evidence."""
        if not ids:
            return []
        events = {r["id"]: r for r in self.rows(
            """SELECT id, type, quad_class, source, target, reciprocal, date, date_start, date_end, precision,
                      first_seen, last_seen, reports, documents, modalities, first_doc, first_event
               FROM event_clusters WHERE id IN (SELECT unnest(?::VARCHAR[]))""", [ids])}
        reports = self.rows(
            f"""SELECT r.cluster_id, e.doc_id, e.id, e.type, e.mode, e.quad_class, e.modality, e.what, e.source, e.target,
                       e.claimant, ca.name AS claimant_name, e.event_date AS date, e.report_date, e.evidence_text,
                       e.evidence_start, e.evidence_end, d.title, d.published, d.url, d.publisher
                FROM event_reports r JOIN events e ON e.doc_id = r.doc_id AND e.id = r.event_id
                     JOIN documents d ON d.id = e.doc_id
                     LEFT JOIN actors ca ON ca.doc_id = e.doc_id AND ca.id = e.claimant
                WHERE r.cluster_id IN (SELECT unnest(?::VARCHAR[]))
                ORDER BY d.published NULLS LAST, e.doc_id, e.evidence_start, e.id""", [ids])
        by: dict[str, list] = defaultdict(list)
        seen: set = set()
        for r in reports:
            k = (r["cluster_id"], r["doc_id"], r["evidence_start"])
            if k in seen:  # a mirrored pair (A→B, B→A on one trigger) is one report
                continue
            seen.add(k)
            by[r["cluster_id"]].append(_report_out(r))
        out = []
        for cid in ids:
            c = events.get(cid)
            if c is None:
                continue
            out.append({
                "id": cid, "type": c["type"], "quad_class": quad(c["quad_class"]) or "unknown",
                "reciprocal": bool(c["reciprocal"]), "source": c["source"], "target": c["target"],
                "source_names": [self.name(k) for k in c["source"]], "target_names": [self.name(k) for k in c["target"]],
                "date": c["date"], "date_start": _iso(c["date_start"]), "date_end": _iso(c["date_end"]),
                "precision": c["precision"], "first_seen": _iso(c["first_seen"]), "last_seen": _iso(c["last_seen"]),
                "reports": c["reports"], "documents": c["documents"], "modalities": c["modalities"],
                "evidence": by.get(cid, []),
            })
        return out

    def edge_events(self, f: dict, source: str, target: str, level: str = "country",
                    quad_class: str | None = None, reciprocal: Optional[bool] = None, limit: int = 200) -> list[dict]:
        """The events behind one edge of the graph, each with its reports (title, date, claimant, evidence)."""
        ties, params = self._pairs(f, level)
        where = ["((NOT mutual AND s_key = ? AND t_key = ?) OR (mutual AND a_key = least(?, ?) AND b_key = greatest(?, ?)))"]
        extra = [source, target, source, target, source, target]
        if reciprocal is not None:
            where.append("mutual = ?")
            extra.append(reciprocal)
        if quad_class:
            where.append("coalesce(lower(replace(quad_class, ' ', '-')), 'unknown') = ?")
            extra.append(_choices("quad_class", quad_class, QUAD_CLASSES + ("unknown",), quad)[0])
        rows = self.rows(ties + f"""
            SELECT DISTINCT cluster_id FROM ties WHERE {' AND '.join(where)}""", params + extra)
        return self._ordered(self._clusters([r["cluster_id"] for r in rows]))[:limit]

    @staticmethod
    def _ordered(events: list[dict]) -> list[dict]:
        return sorted(events, key=lambda e: (e["date_start"] is None, e["date_start"] or "", -e["reports"], e["id"]))

    def dyad(self, a: str, b: str, f: dict, by: str = "month") -> dict:
        """Events between two actors (ids or ISO3 countries) over time: A→B, B→A and mutual, binned at one
        granularity on the events' dates; events dated more coarsely than a bin are counted apart."""
        by = granularity(by)
        for who in (a, b):
            _known_actor(self.rows, who)
        cond, params = self._event_filter(f)
        rows = self.rows(
            f"""SELECT r.cluster_id, any_value(c.reciprocal) AS mutual,
                       bool_or((list_contains(e.source, ?) OR list_contains(e.source_key, ?))
                           AND (list_contains(e.target, ?) OR list_contains(e.target_key, ?))) AS ab,
                       bool_or((list_contains(e.source, ?) OR list_contains(e.source_key, ?))
                           AND (list_contains(e.target, ?) OR list_contains(e.target_key, ?))) AS ba
                FROM {_JOINED} WHERE {cond} GROUP BY r.cluster_id""", [a, a, b, b, b, b, a, a] + params)
        direction = {}
        for r in rows:
            if r["mutual"] and (r["ab"] or r["ba"]):
                direction[r["cluster_id"]] = "both"
            elif r["ab"]:
                direction[r["cluster_id"]] = "ab"
            elif r["ba"]:
                direction[r["cluster_id"]] = "ba"
        events = self._ordered(self._clusters(list(direction)))
        for e in events:
            e["direction"] = direction[e["id"]]
        lo, hi = self.window(f)
        series, unplaced = _bins(events, by, lambda e: e["direction"], lo, hi)
        return {"a": a, "b": b, "by": by, "series": series, "unplaced": unplaced, "events": events,
                "window": {"start": _iso(lo), "end": _iso(hi)}, "domain": self.domain(f),
                "total": len(events), "reports": sum(e["reports"] for e in events), "names": self._names([a, b])}

    def events(self, f: dict, limit: int = 100, offset: int = 0, order: str = "date") -> dict:
        """Events counted once, filtered, newest first (or by number of reports), each with its reports."""
        cond, params = self._event_filter(f)
        sort = {"date": "c.date_start DESC NULLS LAST, c.reports DESC, c.id",
                "reports": "c.reports DESC, c.date_start DESC NULLS LAST, c.id"}[order]
        total = self.rows(f"SELECT count(DISTINCT c.id) AS n, count(DISTINCT e.doc_id || '/' || e.id) AS reports "
                          f"FROM {_JOINED} WHERE {cond}", params)[0]
        ids = [r["id"] for r in self.rows(
            f"""SELECT c.id FROM event_clusters c WHERE c.id IN (SELECT r.cluster_id FROM {_JOINED} WHERE {cond})
                ORDER BY {sort} LIMIT ? OFFSET ?""", params + [limit, offset])]
        by_id = {e["id"]: e for e in self._clusters(ids)}
        return {"total": total["n"], "reports": total["reports"], "limit": limit, "offset": offset,
                "events": [by_id[i] for i in ids if i in by_id]}

    def timeline(self, f: dict, by: str = "month") -> dict:
        """Events over time across the corpus (or the filtered part): per bin, events by quad class."""
        by = granularity(by)
        cond, params = self._event_filter(f)
        placed = [p for p in PRECISIONS if RANK[p] <= RANK[by]]
        lo, hi = self.window(f)
        rows = self.rows(
            f"""WITH ev AS (SELECT DISTINCT c.id, c.quad_class, c.date_start, c.date_end, c.precision, c.reports,
                                   c.date_start + ((c.date_end - c.date_start) // 2)::INTEGER AS mid
                            FROM {_JOINED} WHERE {cond})
                SELECT CASE WHEN precision NOT IN ({_marks(placed)}) OR precision IS NULL THEN NULL
                            WHEN ? IS NOT NULL AND mid < ? THEN 'earlier' WHEN ? IS NOT NULL AND mid > ? THEN 'later'
                            END AS outside,
                       CASE WHEN precision IN ({_marks(placed)}) THEN date_trunc('{by}', mid)::DATE END AS bin,
                       precision, quad_class, count(*) AS n, sum(reports)::INTEGER AS reports
                FROM ev GROUP BY ALL""", params + placed + [lo, lo, hi, hi] + placed)
        bins: dict[dt.date, dict] = {}
        unplaced: Counter = Counter()
        for r in rows:
            if r["bin"] is None or r["outside"]:
                unplaced[r["outside"] or r["precision"] or "undated"] += r["n"]
                continue
            b = bins.setdefault(r["bin"], {"start": r["bin"].isoformat(), "end": bin_end(r["bin"], by).isoformat(),
                                           "counts": Counter(), "total": 0, "reports": 0})
            b["counts"][quad(r["quad_class"]) or "unknown"] += r["n"]
            b["total"] += r["n"]
            b["reports"] += r["reports"]
        series = [{**b, "counts": dict(b["counts"])} for _, b in sorted(bins.items())]
        return {"by": by, "series": series, "unplaced": dict(unplaced), "window": {"start": _iso(lo), "end": _iso(hi)},
                "domain": self.domain(f),
                "total": sum(b["total"] for b in series) + sum(unplaced.values())}


def _bins(events: list[dict], by: str, key, lo: Optional[dt.date] = None,
          hi: Optional[dt.date] = None) -> tuple[list[dict], dict]:
    """Events into bins of ``by`` on their dates within [lo, hi]; (series, counts of events too coarsely
    dated or undated to place, or dated before / after the window: "earlier", "later")."""
    from ..store.dates import bin_start

    bins: dict[dt.date, dict] = {}
    unplaced: Counter = Counter()
    for e in events:
        if not e["precision"] or RANK[e["precision"]] > RANK[by]:
            unplaced[e["precision"] or "undated"] += 1
            continue
        s, t = dt.date.fromisoformat(e["date_start"]), dt.date.fromisoformat(e["date_end"])
        mid = s + (t - s) / 2
        if (lo and mid < lo) or (hi and mid > hi):
            unplaced["earlier" if lo and mid < lo else "later"] += 1
            continue
        start = bin_start(mid, by)
        b = bins.setdefault(start, {"start": start.isoformat(), "end": bin_end(start, by).isoformat(),
                                    "ab": Counter(), "ba": Counter(), "both": Counter(), "types": Counter(),
                                    "total": 0, "reports": 0})
        b[key(e)][e["quad_class"]] += 1
        b["types"][e["type"]] += 1
        b["total"] += 1
        b["reports"] += e["reports"]
        e["bin"] = b["start"]
    series = []
    for _, b in sorted(bins.items()):
        series.append({**b, **{k: dict(b[k]) for k in ("ab", "ba", "both", "types")}})
    return series, dict(unplaced)


def _report_out(r: dict) -> dict:
    return {"doc_id": r["doc_id"], "id": r["id"], "type": r["type"], "mode": r["mode"],
            "quad_class": quad(r["quad_class"]) or "unknown", "modality": r["modality"], "what": r["what"],
            "claimant": r["claimant"], "claimant_name": r["claimant_name"], "date": r["date"],
            "report_date": bool(r["report_date"]), "title": r["title"], "published": r["published"],
            "site": site(r["url"], r["publisher"]),
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"], "text": r["evidence_text"]}}


