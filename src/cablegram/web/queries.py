"""Read-only queries of the corpus store that the web view and its JSON API serve.

All SQL here is parameterised (values never reach SQL text) and reads the
tables of ``cablegram/store/schema.sql``. One DuckDB cursor per thread: the
server answers requests on a thread pool and a DuckDB connection must not be
shared between threads, while its cursors may.

Counts are of events counted once (``event_clusters``: the reports of one event
in one or several articles, see ``store/clusters.py``), each with its number of
reports; filters (type, modality, quad class, document, actor) select reports,
and an event counts when one of its reports is selected; dates are the event's.

The questions are grouped by page: the graph (``graph.py``), events counted once (``events.py``), an
actor's profile (``profile.py``); parameters and their checks are in ``params.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any, Optional

from ..errors import StoreError
from ..store.dates import interval
from .events import EventQueries
from .graph import GraphQueries, is_named_actor, layout
from .params import (_ISO3, BUCKETS, EVENT_TYPES, KINDS, LEVELS, MODALITIES, QUAD_CLASSES, BadQuery, _choices,
                     _date_param, _iso, _like, _marks, granularity, quad, site)
from .profile import ProfileQueries

__all__ = ["Corpus", "BadQuery", "QUAD_CLASSES", "EVENT_TYPES", "MODALITIES", "BUCKETS", "LEVELS", "KINDS",
           "granularity", "is_named_actor", "layout", "quad", "site"]


class Corpus(GraphQueries, EventQueries, ProfileQueries):
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
