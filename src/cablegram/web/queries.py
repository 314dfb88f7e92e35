"""Read-only queries of the corpus store that the web view and its JSON API serve.

All SQL here is parameterised (values never reach SQL text) and reads the
tables of ``cablegram/store/schema.sql``. One DuckDB cursor per thread: the
server answers requests on a thread pool and a DuckDB connection must not be
shared between threads, while its cursors may.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, defaultdict
from typing import Any, Optional

from ..errors import StoreError

QUAD_CLASSES = ("verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict")
_QUAD_ALIASES = {"1": QUAD_CLASSES[0], "2": QUAD_CLASSES[1], "3": QUAD_CLASSES[2], "4": QUAD_CLASSES[3]}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
BUCKETS = ("year", "month", "day")
# An event's date: its own when it is a calendar date (not e.g. PRESENT_REF), else its document's.
EVENT_DATE = ("CASE WHEN regexp_matches(coalesce({e}.date_value, ''), '^[0-9]{{4}}') THEN {e}.date_value "
              "ELSE {e}.published END")
_ED_E, _ED_EV = EVENT_DATE.format(e="e"), EVENT_DATE.format(e="ev")
LEVELS = ("country", "actor")


class BadQuery(ValueError):
    """A request parameter that cannot be used (answered with status 400)."""


def quad(value: Optional[str]) -> Optional[str]:
    """The quad class as one of :data:`QUAD_CLASSES` (accepts 1-4 and spacing variants)."""
    if value is None:
        return None
    v = str(value).strip().lower().replace(" ", "-").replace("_", "-")
    return _QUAD_ALIASES.get(v[:1], v) if v[:1].isdigit() else v


def bucket(date: Optional[str], by: str) -> Optional[str]:
    """``2023-09-04`` → ``2023`` / ``2023-09`` / ``2023-09-04``; a coarser date keeps its own precision
    (``2023`` by month stays ``2023``), so a year-only event is still placed in time. None when no year."""
    m = _DATE.match(date or "")
    if not m:
        return None
    y, mo, d = m.groups()
    if by == "year" or not mo:
        return y
    if by == "month" or not d:
        return f"{y}-{mo}"
    return f"{y}-{mo}-{d}"


def _date_param(name: str, value: Optional[str]) -> Optional[str]:
    if value in (None, ""):
        return None
    if not _DATE.fullmatch(value):
        raise BadQuery(f"{name} must be a date like 2023, 2023-09 or 2023-09-04, not {value[:40]!r}")
    return value


class Corpus:
    """The store, opened read-only, with the questions the web view asks of it."""

    def __init__(self, store, threads: int = 1):
        self.store = store
        # Parallelism comes from serving many requests at once; a query fanning out over every core
        # on top of that only adds contention (the web view's queries are small).
        store.con.execute(f"SET threads TO {int(threads)}")
        have = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        missing = sorted({"documents", "actors", "attributions", "events"} - have)
        if missing:
            raise StoreError(f"{store.path} is not a cablegram store (no table {', '.join(missing)})",
                             remedy="make one with `cablegram ingest PATH --db FILE`")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._once: dict[str, Any] = {}

    @classmethod
    def open(cls, path: str) -> "Corpus":
        from ..store import Store

        store = Store(path, read_only=True)
        try:
            return cls(store)
        except BaseException:
            store.close()
            raise

    def close(self) -> None:
        self.store.close()

    def once(self, key: str, fn):
        """``fn()``, computed once: the store cannot change while it is open read-only."""
        if key not in self._once:
            value = fn()
            with self._lock:
                self._once.setdefault(key, value)
        return self._once[key]

    # -- plumbing --------------------------------------------------------
    def _cur(self):
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._lock:  # creating a cursor touches the shared connection
                cur = self.store.con.cursor()
            self._local.cur = cur
        return cur

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        import duckdb

        cur = self._cur()
        try:
            res = cur.execute(sql, params or [])
            cols = [d[0] for d in res.description]
            return [dict(zip(cols, r)) for r in res.fetchall()]
        except duckdb.Error as exc:
            raise StoreError(f"the store could not answer: {str(exc).splitlines()[0]}") from None

    # -- corpus ----------------------------------------------------------
    def stats(self) -> dict[str, int]:
        r = self.rows("SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM events) AS events,"
                      " (SELECT count(DISTINCT id) FROM actors) AS actors,"
                      " (SELECT count(*) FROM attributions) AS attributions, (SELECT count(*) FROM errors) AS errors")
        return r[0]

    def documents(self, *, q: str | None = None, actor: str | None = None, type: str | None = None,
                  since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> dict:
        """Documents with counts, filtered by text, actor (id, name or country), event type and date range."""
        since, until = _date_param("since", since), _date_param("until", until)
        where, params = [], []
        if q:
            where.append("(d.text ILIKE ? ESCAPE '\\' OR d.title ILIKE ? ESCAPE '\\')")
            params += [_like(q)] * 2
        if actor:
            where.append("EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = d.id AND "
                         "(a.id = ? OR upper(a.country) = upper(?) OR a.name ILIKE ? ESCAPE '\\'))")
            params += [actor, actor, _like(actor)]
        if type:
            where.append("EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id AND upper(e.type) = upper(?))")
            params.append(type)
        if since:
            where.append("d.published >= ?")
            params.append(since)
        if until:
            where.append("d.published <= ? || '-99'")  # an ISO prefix: 2023-09 includes 2023-09-30
            params.append(until)
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        total = self.rows(f"SELECT count(*) AS n FROM documents d {cond}", params)[0]["n"]
        docs = self.rows(
            f"""SELECT d.id, d.title, d.published, d.publisher, d.source, d.url, d.words FROM documents d {cond}
                ORDER BY d.published DESC NULLS LAST, d.title NULLS LAST, d.id LIMIT ? OFFSET ?""",
            params + [limit, offset])
        counts: dict[tuple[str, str], int] = {}
        if docs:  # counted for this page only, so a large store costs no more than a small one
            ids = [d["id"] for d in docs]
            marks = ",".join("?" * len(ids))
            for r in self.rows(" UNION ALL ".join(
                    f"SELECT '{t}' AS t, doc_id, count(*) AS n FROM {t} WHERE doc_id IN ({marks}) GROUP BY doc_id"
                    for t in ("actors", "events", "attributions")), ids * 3):
                counts[(r["t"], r["doc_id"])] = r["n"]
        for d in docs:
            for t in ("actors", "events", "attributions"):
                d[t] = counts.get((t, d["id"]), 0)
        return {"total": total, "limit": limit, "offset": offset, "documents": docs}

    def facets(self) -> dict[str, list]:
        """What the search form offers: event types, modalities and quad classes present in the store."""
        out = {}
        for col in ("type", "modality", "quad_class"):
            out[col] = [r["v"] for r in self.rows(f"SELECT DISTINCT {col} AS v FROM events WHERE {col} IS NOT NULL ORDER BY 1")]
        return out

    def analysis(self, doc_id: str) -> Optional[dict]:
        """The full stored analysis of one document, plus the store's own columns (source)."""
        r = self.rows("SELECT analysis, source FROM documents WHERE id = ?", [doc_id])
        if not r:
            return None
        a = r[0]["analysis"]
        data = json.loads(a) if isinstance(a, str) else a
        data["source"] = r[0]["source"]
        return data

    def actors(self, *, q: str | None = None, limit: int = 100) -> list[dict]:
        """Actors across the corpus with the number of documents and mentions."""
        where, params = "", []
        if q:
            where = "WHERE a.name ILIKE ? ESCAPE '\\' OR a.id = ? OR upper(a.country) = upper(?)"
            params = [_like(q), q, q]
        return self.rows(
            f"""SELECT a.id, arg_max(a.name, a.mention_count) AS name, arg_max(a.type, a.mention_count) AS type,
                   arg_max(a.country, a.mention_count) AS country, arg_max(a.code, a.mention_count) AS code,
                   count(DISTINCT a.doc_id) AS documents, sum(a.mention_count)::INTEGER AS mentions
                FROM actors a {where} GROUP BY a.id ORDER BY mentions DESC, a.id LIMIT ?""", params + [limit])

    # -- events, graph, dyad ---------------------------------------------
    def _event_filter(self, f: dict) -> tuple[str, list]:
        where, params = [], []
        since, until = _date_param("since", f.get("since")), _date_param("until", f.get("until"))
        if f.get("doc"):
            where.append("e.doc_id = ?")
            params.append(f["doc"])
        if f.get("type"):
            types = [t.strip().upper() for t in f["type"].split(",") if t.strip()]
            where.append(f"upper(e.type) IN ({','.join('?' * len(types))})")
            params += types
        if f.get("modality"):
            mods = [m.strip().lower() for m in f["modality"].split(",") if m.strip()]
            where.append(f"lower(e.modality) IN ({','.join('?' * len(mods))})")
            params += mods
        if f.get("quad"):
            quads = [quad(x) for x in f["quad"].split(",") if x.strip()]
            where.append(f"lower(replace(e.quad_class, ' ', '-')) IN ({','.join('?' * len(quads))})")
            params += quads
        if since:
            where.append(f"{_ED_E} >= ?")
            params.append(since)
        if until:
            where.append(f"{_ED_E} <= ? || '-99'")
            params.append(until)
        return (" AND ".join(where) or "TRUE"), params

    def _pairs(self, f: dict, level: str) -> tuple[str, list]:
        """A CTE ``pairs``: one row per (event, source actor, target actor), each side keyed at ``level``
        (its ISO3 country when known, else its actor id; or always the actor id). Self-ties are left out:
        an actor acting on itself, or on its own country, is not a tie."""
        if level not in LEVELS:
            raise BadQuery(f"level must be one of {', '.join(LEVELS)}")
        cond, params = self._event_filter(f)
        key = "coalesce(upper({a}.country), {a}.id)" if level == "country" else "{a}.id"
        sql = f"""WITH ev AS (SELECT * FROM events e WHERE {cond}),
                 s AS (SELECT doc_id, id, unnest(source) AS actor FROM ev),
                 t AS (SELECT doc_id, id, unnest(target) AS actor FROM ev),
                 pairs AS (
                  SELECT ev.doc_id, ev.id, ev.type, ev.mode, ev.quad_class, ev.modality, ev.what, ev.claimant,
                         {_ED_EV} AS date, ev.evidence_text, ev.evidence_start,
                         ev.evidence_end,
                         {key.format(a='sa')} AS s_key, sa.name AS s_name, sa.type AS s_type, sa.country AS s_country,
                         {key.format(a='ta')} AS t_key, ta.name AS t_name, ta.type AS t_type, ta.country AS t_country
                  FROM ev JOIN s ON s.doc_id = ev.doc_id AND s.id = ev.id
                          JOIN t ON t.doc_id = ev.doc_id AND t.id = ev.id
                          JOIN actors sa ON sa.doc_id = ev.doc_id AND sa.id = s.actor
                          JOIN actors ta ON ta.doc_id = ev.doc_id AND ta.id = t.actor
                  WHERE {key.format(a='sa')} <> {key.format(a='ta')})"""
        return sql, params

    def graph(self, f: dict, level: str = "country", max_edges: int = 500) -> dict:
        """Actors as nodes, events as edges: one edge per (source, target, quad class) with its count.

        Aggregated in the store, so a large corpus costs one grouped query; the ``max_edges`` strongest
        edges are kept (``truncated`` says when some were left out).
        """
        pairs, params = self._pairs(f, level)
        rows = self.rows(pairs + """
            SELECT s_key, t_key, quad_class, type, count(DISTINCT doc_id || '/' || id) AS n,
                   count(DISTINCT doc_id) AS docs
            FROM pairs GROUP BY ALL""", params)
        edges: dict[tuple, dict] = {}
        for r in rows:
            q = quad(r["quad_class"]) or "unknown"
            e = edges.setdefault((r["s_key"], r["t_key"], q), {
                "id": f"{r['s_key']}|{r['t_key']}|{q}", "source": r["s_key"], "target": r["t_key"], "quad_class": q,
                "count": 0, "types": Counter(), "documents": 0})
            e["count"] += r["n"]
            e["types"][r["type"]] += r["n"]
            e["documents"] = max(e["documents"], r["docs"])  # a lower bound when types split the edge
        out_edges = sorted(({**e, "types": dict(e["types"].most_common())} for e in edges.values()),
                           key=lambda e: (-e["count"], e["id"]))
        truncated = len(out_edges) > max_edges
        out_edges = out_edges[:max_edges]
        keep = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
        # Node names: a country node is named by its country actor if there is one, else its commonest member.
        named = self.rows(pairs + """
            SELECT key, name, type, country, count(*) AS n FROM (
                SELECT s_key AS key, s_name AS name, s_type AS type, s_country AS country FROM pairs
                UNION ALL SELECT t_key, t_name, t_type, t_country FROM pairs) GROUP BY ALL""", params)
        nodes: dict[str, dict] = {}
        best: dict[str, tuple] = {}
        for r in named:
            k = r["key"]
            if k not in keep:
                continue
            n = nodes.setdefault(k, {"id": k, "events": 0, "kind": None})
            n["events"] += r["n"]
            rank = (r["type"] == "country", r["n"], r["name"] or "")
            if k not in best or rank > best[k]:
                best[k] = rank
                n["name"] = r["name"] or k
                n["kind"] = "country" if (level == "country" and r["country"]) else r["type"]
        for k, n in nodes.items():
            n["label"] = k if (level == "country" and n["kind"] == "country" and len(k) == 3) else n["name"]
        return {"level": level, "nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])),
                "edges": out_edges, "truncated": truncated}

    def ties(self, limit: int = 10) -> list[dict]:
        """The pairs of countries (or actors) with the most events between them, both directions together."""
        g = self.graph({}, "country")
        names = {n["id"]: n["name"] for n in g["nodes"]}
        pairs: dict[tuple[str, str], dict] = {}
        for e in g["edges"]:
            a, b = sorted((e["source"], e["target"]))
            p = pairs.setdefault((a, b), {"a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b),
                                          "count": 0, "quads": Counter()})
            p["count"] += e["count"]
            p["quads"][e["quad_class"]] += e["count"]
        out = sorted(pairs.values(), key=lambda p: (-p["count"], p["a"], p["b"]))[:limit]
        for p in out:
            p["quads"] = dict(p["quads"].most_common())
        return out

    def edge_events(self, f: dict, source: str, target: str, level: str = "country",
                    quad_class: str | None = None, limit: int = 200) -> list[dict]:
        """The events behind one edge of the graph, each with its evidence sentence."""
        pairs, params = self._pairs(f, level)
        where, extra = "s_key = ? AND t_key = ?", [source, target]
        if quad_class:
            where += " AND coalesce(lower(replace(quad_class, ' ', '-')), 'unknown') = ?"
            extra.append(quad(quad_class))
        rows = self.rows(pairs + f"""
            SELECT DISTINCT doc_id, id, type, mode, quad_class, modality, what, claimant, date, evidence_text,
                   evidence_start, evidence_end
            FROM pairs WHERE {where}
            ORDER BY date NULLS LAST, doc_id, evidence_start LIMIT ?""", params + extra + [limit])
        return [_event_out(r) for r in rows]

    def dyad(self, a: str, b: str, f: dict, by: str = "month") -> dict:
        """Events between two actors (ids or ISO3 countries), both directions, counted by period, type, quad class."""
        if by not in BUCKETS:
            raise BadQuery(f"by must be one of {', '.join(BUCKETS)}")
        cond, params = self._event_filter(f)
        rows = self.rows(
            f"""SELECT e.doc_id, e.id, e.type, e.mode, e.quad_class, e.modality, e.what, e.claimant,
                       {_ED_E} AS date, e.evidence_text, e.evidence_start, e.evidence_end,
                       (list_contains(e.source, ?) OR list_contains(e.source_country, upper(?))) AS a_src,
                       (list_contains(e.target, ?) OR list_contains(e.target_country, upper(?))) AS a_tgt,
                       (list_contains(e.source, ?) OR list_contains(e.source_country, upper(?))) AS b_src,
                       (list_contains(e.target, ?) OR list_contains(e.target_country, upper(?))) AS b_tgt
                FROM events e WHERE {cond}""", [a, a, a, a, b, b, b, b] + params)
        series: dict[str, dict] = {}
        events = []
        for r in rows:
            if r["a_src"] and r["b_tgt"]:
                direction = "ab"
            elif r["b_src"] and r["a_tgt"]:
                direction = "ba"
            else:
                continue
            period = bucket(r["date"], by) or "undated"
            p = series.setdefault(period, {"period": period, "ab": Counter(), "ba": Counter(),
                                           "types": Counter(), "total": 0})
            q = quad(r["quad_class"]) or "unknown"
            p[direction][q] += 1
            p["types"][r["type"]] += 1
            p["total"] += 1
            events.append({**_event_out(r), "direction": direction, "period": period})
        periods = sorted(series.values(), key=lambda p: (p["period"] == "undated", p["period"]))
        for p in periods:
            for k in ("ab", "ba", "types"):
                p[k] = dict(p[k])
        events.sort(key=lambda e: (e["period"] == "undated", e["period"], e["doc_id"], e["evidence"]["start"]))
        return {"a": a, "b": b, "by": by, "series": periods, "events": events,
                "total": len(events), "names": self._names([a, b])}

    def _names(self, keys: list[str]) -> dict[str, str]:
        out = {}
        for k in keys:
            r = self.rows("""SELECT name FROM actors WHERE id = ? OR (upper(country) = upper(?) AND type = 'country')
                             GROUP BY name ORDER BY sum(mention_count) DESC LIMIT 1""", [k, k])
            out[k] = r[0]["name"] if r else k
        return out

    def events(self, f: dict, limit: int = 100, offset: int = 0) -> list[dict]:
        cond, params = self._event_filter(f)
        rows = self.rows(
            f"""SELECT e.doc_id, e.id, e.type, e.mode, e.quad_class, e.modality, e.what, e.claimant,
                       e.source, e.target, e.source_country, e.target_country,
                       {_ED_E} AS date, e.evidence_text, e.evidence_start, e.evidence_end
                FROM events e WHERE {cond}
                ORDER BY date NULLS LAST, e.doc_id, e.evidence_start LIMIT ? OFFSET ?""", params + [limit, offset])
        return [{**_event_out(r), "source": r["source"], "target": r["target"],
                 "source_country": r["source_country"], "target_country": r["target_country"]} for r in rows]


def _event_out(r: dict) -> dict:
    return {"doc_id": r["doc_id"], "id": r["id"], "type": r["type"], "mode": r["mode"],
            "quad_class": quad(r["quad_class"]), "modality": r["modality"], "what": r["what"],
            "claimant": r["claimant"], "date": r["date"],
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"], "text": r["evidence_text"]}}


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
