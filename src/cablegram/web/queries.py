"""Read-only queries of the corpus store that the web view and its JSON API serve.

All SQL here is parameterised (values never reach SQL text) and reads the
tables of ``cablegram/store/schema.sql``. One DuckDB cursor per thread: the
server answers requests on a thread pool and a DuckDB connection must not be
shared between threads, while its cursors may.

Counts are of events counted once (``event_clusters``: the reports of one event
in one or several articles, see ``store/clusters.py``), each with its number of
reports; filters (type, modality, quad class, document, actor) select reports,
and an event counts when one of its reports is selected; dates are the event's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import Counter, defaultdict
from typing import Any, Optional, get_args
from urllib.parse import urlsplit

from ..errors import StoreError
from ..schema import EventType, Modality
from ..store.dates import GRANULARITIES, PRECISIONS, RANK, bin_end, interval

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


def is_named_actor(name: Optional[str], type_: Optional[str], country: Optional[str], code: Optional[str]) -> bool:
    """Whether an actor can be a node of the graph: an actor, not a common noun.

    Countries, and actors the gazetteer or dictionary resolved (a country or a code), are actors; an
    unresolved person needs a full name (one word, "Trump" or "Brexit", is not identifiable across
    articles), an unresolved organisation a proper name (capitalised first and last). Groups and
    anonymous sources ("children", "her parents", "crowd", "officials") are common noun phrases: they
    count under their country when they have one ("U.S. officials"), and are never nodes of their own
    otherwise.
    """
    words = (name or "").split()
    if not words or not any(ch.isupper() for ch in words[-1]):
        return False
    if type_ == "country":
        return True
    if type_ in ("group", "anonymous"):
        return bool(country or code) and any(ch.isupper() for w in words for ch in w)
    if country or code:
        return True
    if not words[0][:1].isupper():  # "pro-Democracy", "the board": not a name
        return False
    if type_ == "person":
        return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() or w.islower() and len(w) <= 3
                                       for w in words)
    return type_ == "organization"


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
        if "event_clusters" not in have:
            raise StoreError(f"{store.path} was made by an older cablegram (no events counted once)",
                             remedy="open it for writing once to upgrade it: `cablegram sql 'SELECT 1' --write --db "
                                    f"{store.path}`")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._once: dict[str, Any] = {}

    @classmethod
    def open(cls, path: str) -> "Corpus":
        """Open the store read-only; a store made by an older cablegram is upgraded first (once, for writing)."""
        from ..store import SCHEMA_VERSION, Store

        store = Store(path, read_only=True)
        if store.schema_version() not in (None, SCHEMA_VERSION):
            store.close()
            Store(path).close()  # opening for writing upgrades it
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

    # -- names -----------------------------------------------------------
    def actor_book(self) -> dict[str, dict]:
        """Every actor id (and ISO3 country) with its commonest name, type, country and code."""
        def build():
            book = {}
            for r in self.rows("""SELECT id, arg_max(name, mention_count) AS name, arg_max(type, mention_count) AS type,
                                         arg_max(country, mention_count) AS country, arg_max(code, mention_count) AS code,
                                         count(DISTINCT doc_id) AS documents, sum(mention_count)::INTEGER AS mentions
                                  FROM actors GROUP BY id"""):
                book[r["id"]] = r
            for r in self.rows("""SELECT upper(country) AS id, arg_max(name, mention_count) AS name
                                  FROM actors WHERE type = 'country' AND country IS NOT NULL GROUP BY 1"""):
                entry = book.setdefault(r["id"], {"id": r["id"], "type": "country", "country": r["id"],
                                                  "code": r["id"], "documents": 0, "mentions": 0})
                if entry.get("type") != "country" or not entry.get("name"):
                    entry.update(name=r["name"], type="country", country=r["id"])
            return book
        return self.once("actor_book", build)

    def name(self, key: str) -> str:
        """A display name for a party key: an actor id, an ISO3 country, or ``doc#actor`` (an unnamed group)."""
        book = self.actor_book()
        if key in book and book[key].get("name"):
            return book[key]["name"]
        if "#" in key:
            doc, _, aid = key.partition("#")
            r = self.rows("SELECT name FROM actors WHERE doc_id = ? AND id = ?", [doc, aid])
            return r[0]["name"] if r else aid
        if _ISO3.match(key):
            import pycountry

            c = pycountry.countries.get(alpha_3=key)
            if c is not None:
                return getattr(c, "common_name", None) or c.name
        return key

    def _names(self, keys) -> dict[str, str]:
        return {k: self.name(k) for k in keys}

    def node_ok(self, key: str) -> bool:
        """Whether a graph node key is an actor (see :func:`is_named_actor`)."""
        e = self.actor_book().get(key)
        if e is None:
            return bool(_ISO3.match(key)) and self.name(key) != key
        if key == (e.get("country") or "").upper() and e.get("type") == "country":
            return True
        return is_named_actor(e.get("name"), e.get("type"), e.get("country"), e.get("code"))

    def span(self) -> tuple[Optional[dt.date], Optional[dt.date]]:
        """The days the articles were published over: the default window of the time charts."""
        def build():
            r = self.rows("SELECT min(published) AS lo, max(published) AS hi FROM documents WHERE published IS NOT NULL")[0]
            lo, hi = interval(r["lo"]), interval(r["hi"])
            return (lo.start if lo else None, hi.end if hi else None)
        return self.once("span", build)

    def window(self, f: dict) -> tuple[Optional[dt.date], Optional[dt.date]]:
        """The dates a time chart places events within: the filter's, else the articles' publication span
        widened by a year each way (last year's and next year's events are news; a war of 1945 recalled
        in passing would only squash the axis, and is counted apart)."""
        lo, hi = self.span()
        since, until = _date_param("since", f.get("since")), _date_param("until", f.get("until"), end=True)
        year = dt.timedelta(days=365)
        return since or (lo - year if lo else None), until or (hi + year if hi else None)

    def domain(self, f: dict) -> dict:
        """The stretch a time chart's axis covers at least: the filter's dates, else the publication span."""
        lo, hi = self.span()
        since, until = _date_param("since", f.get("since")), _date_param("until", f.get("until"), end=True)
        return {"start": _iso(since or lo), "end": _iso(until or hi)}

    # -- corpus ----------------------------------------------------------
    def stats(self) -> dict[str, int]:
        r = self.rows("SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM event_clusters) AS events,"
                      " (SELECT count(*) FROM events) AS reports, (SELECT count(DISTINCT id) FROM actors) AS actors,"
                      " (SELECT count(*) FROM attributions) AS attributions, (SELECT count(*) FROM errors) AS errors")
        return r[0]

    def documents(self, *, q: str | None = None, actor: str | None = None, type: str | None = None,
                  since: str | None = None, until: str | None = None, limit: int = 50, offset: int = 0) -> dict:
        """Documents with counts, filtered by text, actor (id, name or country), event type and date range."""
        lo, hi = _date_param("since", since), _date_param("until", until, end=True)
        types = _choices("type", type, EVENT_TYPES, str.upper)
        where, params = [], []
        if q:
            where.append("(d.text ILIKE ? ESCAPE '\\' OR d.title ILIKE ? ESCAPE '\\')")
            params += [_like(q)] * 2
        if actor:
            where.append("EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = d.id AND "
                         "(a.id = ? OR upper(a.country) = upper(?) OR a.name ILIKE ? ESCAPE '\\'))")
            params += [actor, actor, _like(actor)]
        if types:
            where.append(f"EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id AND upper(e.type) IN ({_marks(types)}))")
            params += types
        if lo:
            where.append("d.published >= ?")
            params.append(lo.isoformat())
        if hi:
            where.append("d.published <= ?")
            params.append(hi.isoformat())
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        total = self.rows(f"SELECT count(*) AS n FROM documents d {cond}", params)[0]["n"]
        docs = self.rows(
            f"""SELECT d.id, d.title, d.published, d.publisher, d.source, d.url, d.words FROM documents d {cond}
                ORDER BY d.published DESC NULLS LAST, d.title NULLS LAST, d.id LIMIT ? OFFSET ?""",
            params + [limit, offset])
        counts: dict[tuple[str, str], int] = {}
        if docs:  # counted for this page only, so a large store costs no more than a small one
            ids = [d["id"] for d in docs]
            marks = _marks(ids)
            for r in self.rows(" UNION ALL ".join(
                    f"SELECT '{t}' AS t, doc_id, count(*) AS n FROM {t} WHERE doc_id IN ({marks}) GROUP BY doc_id"
                    for t in ("actors", "events", "attributions")), ids * 3):
                counts[(r["t"], r["doc_id"])] = r["n"]
        for d in docs:
            d["site"] = site(d["url"], d["publisher"])
            for t in ("actors", "events", "attributions"):
                d[t] = counts.get((t, d["id"]), 0)
        return {"total": total, "limit": limit, "offset": offset, "documents": docs}

    def facets(self) -> dict[str, list]:
        """What the search forms offer: event types, modalities and quad classes present in the store."""
        out = {}
        for col in ("type", "modality", "quad_class"):
            out[col] = [r["v"] for r in self.rows(f"SELECT DISTINCT {col} AS v FROM events WHERE {col} IS NOT NULL ORDER BY 1")]
        r = self.rows("SELECT min(date_start) AS lo, max(date_end) AS hi FROM event_clusters WHERE precision IN ('day', 'week')")
        out["dates"] = {"first": _iso(r[0]["lo"]), "last": _iso(r[0]["hi"])}
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

    # -- filters ---------------------------------------------------------
    def _event_filter(self, f: dict) -> tuple[str, list]:
        """SQL over ``e`` (a report) and ``c`` (its event) for the filters in ``f``; bad values raise BadQuery."""
        where, params = [], []
        lo, hi = _date_param("since", f.get("since")), _date_param("until", f.get("until"), end=True)
        if f.get("doc"):
            where.append("e.doc_id = ?")
            params.append(f["doc"])
        types = _choices("type", f.get("type"), EVENT_TYPES, str.upper)
        if types:
            where.append(f"upper(e.type) IN ({_marks(types)})")
            params += types
        mods = _choices("modality", f.get("modality"), MODALITIES, str.lower)
        if mods:
            where.append(f"lower(e.modality) IN ({_marks(mods)})")
            params += mods
        quads = _choices("quad", f.get("quad"), QUAD_CLASSES, quad)
        if quads:
            where.append(f"lower(replace(e.quad_class, ' ', '-')) IN ({_marks(quads)})")
            params += quads
        if f.get("actor"):
            k = f["actor"]
            where.append("(list_contains(e.source, ?) OR list_contains(e.target, ?) OR list_contains(e.source_key, ?)"
                         " OR list_contains(e.target_key, ?))")
            params += [k, k, k, k]
        if lo:
            where.append("c.date_end >= ?")
            params.append(lo)
        if hi:
            where.append("c.date_start <= ?")
            params.append(hi)
        return (" AND ".join(where) or "TRUE"), params

    def _pairs(self, f: dict, level: str) -> tuple[str, list]:
        """A CTE ``pairs``: one row per (report, source actor, target actor), each side keyed at ``level``
        (its ISO3 country when known, else its actor id; or always the actor id), with its event.
        Self-ties are left out: an actor acting on itself, or on its own country, is not a tie."""
        if level not in LEVELS:
            raise BadQuery(f"level must be one of {', '.join(LEVELS)}")
        cond, params = self._event_filter(f)
        key = "coalesce(upper({a}.country), {a}.id)" if level == "country" else "{a}.id"
        sql = f"""WITH ev AS (SELECT e.*, r.cluster_id, c.reciprocal AS mutual FROM {_JOINED} WHERE {cond}),
                 s AS (SELECT doc_id, id, unnest(source) AS actor FROM ev),
                 t AS (SELECT doc_id, id, unnest(target) AS actor FROM ev),
                 pairs AS (
                  SELECT ev.doc_id, ev.id, ev.cluster_id, ev.mutual, ev.type, ev.quad_class, ev.evidence_start,
                         {key.format(a='sa')} AS s_key, sa.name AS s_name, sa.type AS s_type, sa.country AS s_country,
                         {key.format(a='ta')} AS t_key, ta.name AS t_name, ta.type AS t_type, ta.country AS t_country
                  FROM ev JOIN s ON s.doc_id = ev.doc_id AND s.id = ev.id
                          JOIN t ON t.doc_id = ev.doc_id AND t.id = ev.id
                          JOIN actors sa ON sa.doc_id = ev.doc_id AND sa.id = s.actor
                          JOIN actors ta ON ta.doc_id = ev.doc_id AND ta.id = t.actor
                  WHERE {key.format(a='sa')} <> {key.format(a='ta')}),
                 ties AS (
                  SELECT *, CASE WHEN mutual THEN least(s_key, t_key) ELSE s_key END AS a_key,
                            CASE WHEN mutual THEN greatest(s_key, t_key) ELSE t_key END AS b_key FROM pairs)"""
        return sql, params

    # -- graph -----------------------------------------------------------
    def graph(self, f: dict, level: str = "country", max_edges: int = 500, min_weight: int = 1,
              kinds: Optional[str] = None, positions: bool = True) -> dict:
        """Actors as nodes, events as edges: one edge per (source, target, quad class) — or per unordered
        pair for events whose parties act on each other — counting events once, with their reports.

        Only actors are nodes (:meth:`node_ok`); edges below ``min_weight`` events, or touching a node
        of a kind not in ``kinds``, are left out, then the ``max_edges`` strongest are kept
        (``truncated`` says when some were). Nodes carry a community and a position that keeps
        communities apart (:func:`layout`).
        """
        want = set(_choices("kinds", kinds, KINDS, str.lower)) or set(KINDS)
        ties, params = self._pairs(f, level)
        rows = self.rows(ties + """
            SELECT a_key, b_key, mutual, quad_class, type, count(DISTINCT cluster_id) AS n,
                   count(DISTINCT doc_id || '/' || evidence_start) AS reports, count(DISTINCT doc_id) AS docs
            FROM ties GROUP BY ALL""", params)
        named = self.rows(ties + """
            SELECT key, name, type, country, count(DISTINCT cluster_id) AS n FROM (
                SELECT s_key AS key, s_name AS name, s_type AS type, s_country AS country, cluster_id FROM ties
                UNION ALL SELECT t_key, t_name, t_type, t_country, cluster_id FROM ties) GROUP BY ALL""", params)
        nodes: dict[str, dict] = {}
        best: dict[str, tuple] = {}
        for r in named:
            k = r["key"]
            n = nodes.setdefault(k, {"id": k, "events": 0, "kind": None})
            n["events"] += r["n"]
            rank = (r["type"] == "country", r["n"], r["name"] or "")
            if k not in best or rank > best[k]:
                best[k] = rank
                n["name"] = r["name"] or k
                n["kind"] = "country" if (level == "country" and r["country"] and k == r["country"].upper()) else r["type"]
        for k, n in nodes.items():
            if n["kind"] == "country":
                n["name"] = self.name(k)
            n["label"] = k if (level == "country" and n["kind"] == "country" and len(k) == 3) else n["name"]
        ok = {k for k, n in nodes.items() if n["kind"] in want and (
            self.node_ok(k) if level == "country" or n["kind"] == "country" else
            is_named_actor(n["name"], n["kind"], *_country_code(self.actor_book().get(k))))}
        edges: dict[tuple, dict] = {}
        for r in rows:
            if r["a_key"] not in ok or r["b_key"] not in ok:
                continue
            q = quad(r["quad_class"]) or "unknown"
            mutual = bool(r["mutual"])
            e = edges.setdefault((r["a_key"], r["b_key"], q, mutual), {
                "id": f"{r['a_key']}|{r['b_key']}|{q}" + ("|mutual" if mutual else ""), "source": r["a_key"],
                "target": r["b_key"], "quad_class": q, "reciprocal": mutual, "count": 0, "reports": 0,
                "types": Counter(), "documents": 0})
            e["count"] += r["n"]
            e["reports"] += r["reports"]
            e["types"][r["type"]] += r["n"]
            e["documents"] = max(e["documents"], r["docs"])  # a lower bound when types split the edge
        out_edges = sorted(({**e, "types": dict(e["types"].most_common())} for e in edges.values()
                            if e["count"] >= min_weight), key=lambda e: (-e["count"], -e["reports"], e["id"]))
        truncated = len(out_edges) > max_edges
        out_edges = out_edges[:max_edges]
        keep = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
        out_nodes = sorted((n for k, n in nodes.items() if k in keep), key=lambda n: (-n["events"], n["id"]))
        weight = Counter()
        for e in out_edges:
            weight[e["source"]] += e["count"]
            weight[e["target"]] += e["count"]
        for n in out_nodes:
            n["weight"] = weight[n["id"]]
        if positions:
            layout(out_nodes, out_edges)
        return {"level": level, "nodes": out_nodes, "edges": out_edges, "truncated": truncated,
                "min_weight": min_weight}

    def ties(self, limit: int = 10) -> list[dict]:
        """The pairs of countries (or actors) with the most events between them, both directions together."""
        g = self.graph({}, "country", max_edges=100_000, positions=False)
        names = {n["id"]: n["name"] for n in g["nodes"]}
        pairs: dict[tuple[str, str], dict] = {}
        for e in g["edges"]:
            a, b = sorted((e["source"], e["target"]))
            p = pairs.setdefault((a, b), {"a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b),
                                          "count": 0, "reports": 0, "quads": Counter()})
            p["count"] += e["count"]
            p["reports"] += e["reports"]
            p["quads"][e["quad_class"]] += e["count"]
        out = sorted(pairs.values(), key=lambda p: (-p["count"], -p["reports"], p["a"], p["b"]))[:limit]
        for p in out:
            p["quads"] = dict(p["quads"].most_common())
        return out

    def node_dyads(self, f: dict, key: str, level: str = "country", limit: int = 50) -> list[dict]:
        """The dyads of one node by number of events: partner, events each way and mutual, reports."""
        ties, params = self._pairs(f, level)
        rows = self.rows(ties + """
            SELECT CASE WHEN s_key = ? THEN t_key ELSE s_key END AS partner,
                   count(DISTINCT cluster_id) AS n,
                   count(DISTINCT cluster_id) FILTER (WHERE NOT mutual AND s_key = ?) AS out_n,
                   count(DISTINCT cluster_id) FILTER (WHERE NOT mutual AND t_key = ?) AS in_n,
                   count(DISTINCT cluster_id) FILTER (WHERE mutual) AS mutual_n,
                   count(DISTINCT doc_id || '/' || evidence_start) AS reports
            FROM ties WHERE s_key = ? OR t_key = ? GROUP BY 1""", params + [key] * 5)
        ok = self.node_ok if level == "country" else (lambda k: k in self.actor_book() and self.node_ok(k))
        out = [{**r, "name": self.name(r["partner"])} for r in rows if ok(r["partner"])]
        return sorted(out, key=lambda r: (-r["n"], -r["reports"], r["partner"]))[:limit]

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

    # -- actors ----------------------------------------------------------
    def actor_profile(self, key: str, by: str = "month") -> Optional[dict]:
        """Who an actor is (name, type, code, country, roles with the dates they were reported), its
        events over time, its quotes, its strongest ties and the articles it appears in."""
        by = granularity(by)
        is_country = bool(_ISO3.match(key)) and self.node_ok(key) and (
            self.actor_book().get(key, {}).get("type") in (None, "country"))
        rows = self.rows("""SELECT a.doc_id, a.id, a.name, a.type, a.country, a.sector, a.code, a.roles, a.mention_count,
                                   d.published, d.title
                            FROM actors a JOIN documents d ON d.id = a.doc_id
                            WHERE a.id = ? OR (? AND a.type = 'country' AND upper(a.country) = ?)
                            ORDER BY d.published NULLS LAST, a.doc_id""", [key, is_country, key])
        ids = sorted({r["id"] for r in rows} | {key})
        if not rows and not is_country:
            return None
        names, types, codes, countries, sectors = Counter(), Counter(), Counter(), Counter(), Counter()
        roles: dict[str, dict] = {}
        for r in rows:
            names[r["name"]] += r["mention_count"] or 1
            types[r["type"]] += 1
            if r["code"]:
                codes[r["code"]] += 1
            if r["country"]:
                countries[r["country"]] += 1
            if r["sector"]:
                sectors[r["sector"]] += 1
            for role in dict.fromkeys(x.strip() for x in r["roles"] or []):
                # "President" and "president" are one office: keyed without case, shown as most often written
                x = roles.setdefault(role.lower(), {"role": role, "forms": Counter(), "first": None, "last": None,
                                                    "documents": 0})
                x["forms"][role] += 1
                x["role"] = x["forms"].most_common(1)[0][0]
                x["documents"] += 1
                if r["published"]:
                    x["first"] = min(filter(None, (x["first"], r["published"])))
                    x["last"] = max(filter(None, (x["last"], r["published"])))
        level = "country" if is_country else "actor"
        f = {"actor": key}
        cond, params = self._event_filter(f)
        counts = self.rows(f"""SELECT count(DISTINCT c.id) AS events, count(DISTINCT e.doc_id || '/' || e.id) AS reports,
                                      count(DISTINCT c.id) FILTER (WHERE list_contains(e.source, ?) OR list_contains(e.source_key, ?)) AS as_source,
                                      count(DISTINCT c.id) FILTER (WHERE list_contains(e.target, ?) OR list_contains(e.target_key, ?)) AS as_target
                               FROM {_JOINED} WHERE {cond}""", [key] * 4 + params)[0]
        docs = self.rows("""SELECT d.id, d.title, d.published, d.url, d.publisher, sum(a.mention_count)::INTEGER AS mentions
                            FROM actors a JOIN documents d ON d.id = a.doc_id
                            WHERE a.id = ? OR (? AND upper(a.country) = ?)
                            GROUP BY ALL ORDER BY d.published DESC NULLS LAST, d.id LIMIT 30""", [key, is_country, key])
        for d in docs:
            d["site"] = site(d["url"], d["publisher"])
        n_docs = self.rows("""SELECT count(DISTINCT doc_id) AS n FROM actors a
                              WHERE a.id = ? OR (? AND upper(a.country) = ?)""", [key, is_country, key])[0]["n"]
        quotes = self.rows("""SELECT q.doc_id, q.id, q.kind, q.cue_text AS cue, q.content_text AS content,
                                     q.content_start, q.speaker_text, d.title, d.published
                              FROM attributions q JOIN documents d ON d.id = q.doc_id
                              WHERE q.speaker IN (SELECT unnest(?::VARCHAR[]))
                              ORDER BY d.published DESC NULLS LAST, q.doc_id, q.content_start LIMIT 40""", [ids])
        n_quotes = self.rows("SELECT count(*) AS n FROM attributions WHERE speaker IN (SELECT unnest(?::VARCHAR[]))",
                             [ids])[0]["n"]
        recent = self.events(f, limit=15)["events"]
        tl = self.timeline(f, by)
        return {
            "id": key, "level": level, "name": self.name(key) if is_country else (names.most_common(1)[0][0]),
            "names": [n for n, _ in names.most_common(6)],
            "type": "country" if is_country else (types.most_common(1)[0][0] if types else None),
            "code": codes.most_common(1)[0][0] if codes else (key if is_country else None),
            "codes": dict(codes.most_common()), "country": countries.most_common(1)[0][0] if countries else (
                key if is_country else None),
            "country_name": self.name(countries.most_common(1)[0][0]) if countries else None,
            "sector": sectors.most_common(1)[0][0] if sectors else None,
            "roles": sorted(({k: v for k, v in x.items() if k != "forms"} for x in roles.values()),
                           key=lambda x: (x["documents"], x["last"] or ""), reverse=True),
            "documents": n_docs, "mentions": sum(r["mention_count"] or 0 for r in rows),
            "events": counts["events"], "reports": counts["reports"], "as_source": counts["as_source"],
            "as_target": counts["as_target"], "timeline": tl, "recent": recent,
            "ties": self.node_dyads({}, key, level, limit=15), "quotes": quotes, "quote_count": n_quotes,
            "articles": docs,
        }


def _country_code(entry: Optional[dict]) -> tuple:
    return (entry or {}).get("country"), (entry or {}).get("code")


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


def layout(nodes: list[dict], edges: list[dict], seed: int = 7) -> None:
    """Positions that keep communities apart: communities (Louvain, on event counts) are laid out as
    weighted super-nodes, then each community's own nodes around its centre; x, y and community are
    written onto the nodes (deterministic for a given graph)."""
    import math

    import networkx as nx
    import numpy as np

    if not nodes:
        return
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    for e in edges:
        w = g.get_edge_data(e["source"], e["target"], {}).get("weight", 0) + e["count"]
        g.add_edge(e["source"], e["target"], weight=w)
    comms = sorted((sorted(c) for c in nx.community.louvain_communities(g, weight="weight", seed=seed)),
                   key=lambda c: (-len(c), c[0]))
    of = {n: i for i, c in enumerate(comms) for n in c}
    # Communities as discs sized by their members, packed largest first: each goes to the free spot
    # nearest the communities it has ties with (the centre when none), so related groups sit side by side.
    link: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, d in g.edges(data=True):
        if of[u] != of[v]:
            link[(of[u], of[v])] += d["weight"]
            link[(of[v], of[u])] += d["weight"]
    radius = np.array([25 + 45 * math.sqrt(len(c)) + 7 * len(c) for c in comms])
    links_of: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (a, j), w in link.items():
        links_of[a].append((j, w))
    centres = np.zeros((len(comms), 2))
    free_from = 0.0
    for i in range(len(comms)):
        ties = [(j, w) for j, w in links_of[i] if j < i]
        if ties:
            w = np.array([t[1] for t in ties])
            target = (centres[[t[0] for t in ties]] * w[:, None]).sum(axis=0) / w.sum()
        else:
            target = np.zeros(2)
        if i == 0:
            centres[0] = target
            continue
        # Rings of candidate spots around the target, nearest first; the first spot clear of every
        # placed disc is taken (all distances at once per ring).
        # (A community with no ties starts where the last such one was placed: the rings inside are full.)
        step, r = max(10.0, radius[i] / 2), (0.0 if ties else free_from)
        while True:
            n = max(1, int(2 * math.pi * r / step))
            a = 2 * math.pi * np.arange(n) / n + 0.5 * i
            spots = target + r * np.stack([np.cos(a), np.sin(a)], axis=1)
            gaps = np.linalg.norm(spots[:, None, :] - centres[None, :i, :], axis=2) - (radius[:i] + radius[i] + 12)
            clear = np.flatnonzero((gaps >= 0).all(axis=1))
            if clear.size:
                centres[i] = spots[clear[0]]
                break
            r += step
        if not ties:
            free_from = max(0.0, r - 2 * step)
    by_id = {n["id"]: n for n in nodes}
    for i, c in enumerate(comms):
        if len(c) <= 3:  # a pair or a triangle: no need to simulate
            local = {k: (math.cos(2 * math.pi * j / len(c) + 0.3), math.sin(2 * math.pi * j / len(c) + 0.3))
                     if len(c) > 1 else (0.0, 0.0) for j, k in enumerate(c)}
        else:
            local = nx.spring_layout(g.subgraph(c), weight=None, seed=seed, iterations=60)  # numpy only
        cx, cy = centres[i]
        r = radius[i] - 25
        for k, (x, y) in local.items():
            n = by_id[k]
            n["x"], n["y"], n["community"] = round(float(cx + x * r), 1), round(float(cy + y * r), 1), i


def _report_out(r: dict) -> dict:
    return {"doc_id": r["doc_id"], "id": r["id"], "type": r["type"], "mode": r["mode"],
            "quad_class": quad(r["quad_class"]) or "unknown", "modality": r["modality"], "what": r["what"],
            "claimant": r["claimant"], "claimant_name": r["claimant_name"], "date": r["date"],
            "report_date": bool(r["report_date"]), "title": r["title"], "published": r["published"],
            "site": site(r["url"], r["publisher"]),
            "evidence": {"start": r["evidence_start"], "end": r["evidence_end"], "text": r["evidence_text"]}}


def _iso(d) -> Optional[str]:
    return d.isoformat() if d is not None else None


def _marks(values) -> str:
    return ",".join("?" * len(values))


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
