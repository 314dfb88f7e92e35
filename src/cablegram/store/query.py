"""Questions an analyst asks of a corpus: events between actors, quotes, actors, a dyad over time.

Every function takes a :class:`~cablegram.store.Store` and returns a list of
plain dicts (what the CLI prints as a table, JSON, JSON Lines or CSV).
An actor is named the way a user would: an ISO3 country code (``RUS``), a
CAMEO-style code (``RUSMIL``), an actor id (``vladimir-putin``) or a name;
events match when any of their source (target) actors is that actor or
belongs to that country.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from ..dates import parse_date
from ..errors import QueryError, UnknownValueError
from ..ids import slug
from . import Store, filters

BUCKETS = {"day": 10, "month": 7, "year": 4}
# An event's date: its own when it is a calendar value, else its document's (a placeholder such as
# PRESENT_REF must not pass a --since filter by sorting after every year).
_WHEN = "CASE WHEN regexp_matches(coalesce(e.date_value, ''), '^[0-9]{4}') THEN e.date_value ELSE e.published END"


@functools.lru_cache(maxsize=512)
def _country_names(code: str) -> tuple[str, ...]:
    """Names of an ISO3 country (pycountry), so ``RUS`` also finds actors with id ``russia``."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return ()
    c = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if c is None:
        return ()
    names = {getattr(c, k, None) for k in ("name", "common_name", "official_name")}
    return tuple(n for n in names if n)


def actor_keys(store: Store, who: str) -> tuple[list[str], list[str]]:
    """(actor ids, ISO3 country codes) that ``who`` stands for in this store."""
    who = who.strip()
    countries: list[str] = []
    ids = {slug(who), who}
    if re.fullmatch(r"[A-Za-z]{3}", who):
        countries.append(who.upper())
        ids.update(slug(n) for n in _country_names(who))
    if countries:
        # a country needs no listing of its actors: events carry their actors' countries (source_country, ...)
        return sorted(ids), countries
    rows = store.con.execute(
        "SELECT DISTINCT id FROM actors WHERE code = ? OR lower(name) = lower(?) OR id = ?",
        [who.upper(), who, slug(who)],
    ).fetchall()
    ids.update(r[0] for r in rows)
    return sorted(ids), countries


def _checker(store: Store):
    return lambda sql, params: _rows(store, sql, params)


def _side(store: Store, column: str, who: Optional[str], params: list) -> str:
    if not who:
        return ""
    filters.actor(_checker(store), who)
    ids, countries = actor_keys(store, who)
    params.extend([ids, countries])
    return (f" AND (list_has_any(e.{column}, ?::VARCHAR[])"
            f" OR list_has_any(e.{column}_country, ?::VARCHAR[]))")


def _period(since: Optional[str], until: Optional[str], params: list) -> str:
    """The date range filter; a date that is no real ISO 8601 date is a DateError (E017) naming the forms."""
    since, until = parse_date(since, what="--since"), parse_date(until, what="--until")
    sql = ""
    if since:
        sql += f" AND {_WHEN} >= ?"
        params.append(since)
    if until:
        sql += f" AND substr({_WHEN}, 1, {len(until)}) <= ?"
        params.append(until)
    return sql


def _rows(store: Store, sql: str, params: list) -> list[dict]:
    try:
        cur = store.con.execute(sql, params)
    except Exception as exc:  # duckdb.Error and friends
        raise QueryError(str(exc).strip().splitlines()[0]) from None
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def events(store: Store, *, source: Optional[str] = None, target: Optional[str] = None,
           type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           modality: Optional[str] = None, limit: Optional[int] = None) -> list[dict]:
    """Events, newest first, with actor names resolved and the evidence sentence.

    An unknown event type, modality or actor is an :class:`~cablegram.errors.UnknownValueError`."""
    type, modality = filters.event_type(type), filters.modality(modality)
    params: list = []
    where = _side(store, "source", source, params) + _side(store, "target", target, params)
    if type:
        where += " AND e.type = ?"
        params.append(type)
    if modality:
        where += " AND e.modality = ?"
        params.append(modality)
    where += _period(since, until, params)
    sql = f"""
        WITH e AS (
            SELECT *, {_WHEN} AS date FROM events e WHERE TRUE {where}
            ORDER BY date DESC NULLS LAST, e.doc_id, e.evidence_start {f"LIMIT {int(limit)}" if limit else ""})
        SELECT e.date, e.type, e.mode, e.cameo, e.quad_class,
               (SELECT list(a.name ORDER BY a.name) FROM actors a WHERE a.doc_id = e.doc_id
                  AND list_contains(e.source, a.id)) AS source,
               (SELECT list(a.name ORDER BY a.name) FROM actors a WHERE a.doc_id = e.doc_id
                  AND list_contains(e.target, a.id)) AS target,
               e.what, e.modality, e.claimant, e.place, e.evidence_text AS evidence,
               e.doc_id, e.id, d.title, d.url
        FROM e JOIN documents d ON d.id = e.doc_id
        ORDER BY e.date DESC NULLS LAST, e.doc_id, e.evidence_start"""
    return _rows(store, sql, params)


def quotes(store: Store, *, speaker: Optional[str] = None, kind: Optional[str] = None,
           source_kind: Optional[str] = None, since: Optional[str] = None,
           limit: Optional[int] = None) -> list[dict]:
    """Who said what: reported content with its speaker and cue, newest document first.

    A speaker is an actor (see :func:`actor_keys`) or part of a speaker's name as written; an unknown
    one, kind or source kind is an :class:`~cablegram.errors.UnknownValueError`."""
    kind = filters.one_of(kind, filters.ATTRIBUTION_KINDS, "quotation kind")
    since = parse_date(since, what="--since")
    source_kind = filters.one_of(source_kind, filters.SOURCE_KINDS, "source kind")
    if speaker and not _rows(store, "SELECT 1 AS hit FROM attributions WHERE speaker_name ILIKE ? OR speaker_text "
                             "ILIKE ? LIMIT 1", [f"%{speaker.strip()}%"] * 2):
        filters.actor(_checker(store), speaker)
    params: list = []
    where = ""
    if speaker:
        ids, countries = actor_keys(store, speaker)
        where += (" AND (q.speaker IN (SELECT unnest(?::VARCHAR[])) OR lower(q.speaker_name) LIKE ?"
                  " OR EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = q.doc_id AND a.id = q.speaker"
                  " AND a.country IN (SELECT unnest(?::VARCHAR[]))))")
        params.extend([ids, f"%{speaker.lower()}%", countries])
    if kind:
        where += " AND q.kind = ?"
        params.append(kind)
    if source_kind:
        where += " AND q.source_kind = ?"
        params.append(source_kind)
    if since:
        where += " AND d.published >= ?"
        params.append(since)
    sql = f"""
        SELECT d.published AS date, coalesce(q.speaker_name, q.speaker_text) AS speaker, q.source_kind,
               q.kind, q.cue_text AS cue, q.content_text AS quote, q.doc_id, q.id, d.title, d.url
        FROM attributions q JOIN documents d ON d.id = q.doc_id
        WHERE TRUE {where}
        ORDER BY date DESC NULLS LAST, q.doc_id, q.content_start"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _rows(store, sql, params)


def actors(store: Store, *, country: Optional[str] = None, type: Optional[str] = None,
           name: Optional[str] = None, limit: Optional[int] = None) -> list[dict]:
    """Actors across the corpus: in how many documents, how often mentioned, in how many events."""
    type = filters.one_of(type, filters.ACTOR_TYPES, "actor type")
    if country and not filters.is_country_code(country.strip()) and not _rows(
            store, "SELECT 1 AS hit FROM actors WHERE upper(country) = upper(?) LIMIT 1", [country.strip()]):
        raise UnknownValueError(f"unknown country code {country[:60]!r}",
                                remedy="use an ISO 3166 alpha-3 code such as RUS, USA, PRK")
    params: list = []
    where = ""
    if country:
        where += " AND a.country = ?"
        params.append(country.upper())
    if type:
        where += " AND a.type = ?"
        params.append(type)
    if name:
        where += " AND (lower(a.name) LIKE ? OR a.id = ?)"
        params.extend([f"%{name.lower()}%", slug(name)])
    sql = f"""
        WITH ev AS (
            SELECT doc_id, unnest(list_distinct(list_concat(source, target))) AS actor_id FROM events
        ), evc AS (SELECT actor_id, count(*) AS n FROM ev GROUP BY actor_id)
        SELECT a.id, mode(a.name) AS name, mode(a.type) AS type, mode(a.country) AS country,
               mode(a.sector) AS sector, mode(a.code) AS code, count(DISTINCT a.doc_id) AS documents,
               sum(a.mention_count) AS mentions, coalesce(any_value(evc.n), 0) AS events
        FROM actors a LEFT JOIN evc ON evc.actor_id = a.id
        WHERE TRUE {where}
        GROUP BY a.id
        ORDER BY documents DESC, mentions DESC, a.id"""
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _rows(store, sql, params)


def dyad(store: Store, a: str, b: str, *, by: str = "month", both: bool = False,
         since: Optional[str] = None, until: Optional[str] = None) -> list[dict]:
    """Events from ``a`` to ``b`` (and back, with ``both``) counted once by period, PLOVER type and quad class,
    with the number of reports (sentences) behind them."""
    if by not in BUCKETS:
        raise QueryError(f"unknown period {by!r}", remedy="use --by day, month or year")
    n = BUCKETS[by]
    params: list = []
    forward = "(TRUE" + _side(store, "source", a, params) + _side(store, "target", b, params) + ")"
    if both:
        forward += " OR (TRUE" + _side(store, "source", b, params) + _side(store, "target", a, params) + ")"
    where = f"({forward})" + _period(since, until, params)
    # Events counted once (event_clusters, see clusters.py), each in the period of its own date; a
    # reciprocal event ("A and B met") is one event in either direction.
    fine = {"day": "('day')", "month": "('day', 'week', 'month')", "year": "('day', 'week', 'month', 'quarter', 'year')"}[by]
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[by]
    sql = f"""
        SELECT CASE WHEN c.precision IN {fine}
                    THEN strftime(c.date_start + ((c.date_end - c.date_start) // 2)::INTEGER, '{fmt}')
                    ELSE substr(c.date, 1, {n}) END AS {by},
               e.type, e.quad_class, count(DISTINCT c.id) AS events,
               count(DISTINCT e.doc_id || '/' || e.evidence_start || '/' || coalesce(e.trigger_start, -1)) AS reports,
               count(DISTINCT e.doc_id) AS documents
        FROM events e JOIN event_reports r ON r.doc_id = e.doc_id AND r.event_id = e.id
             JOIN event_clusters c ON c.id = r.cluster_id
        WHERE {where}
        GROUP BY ALL
        ORDER BY 1 NULLS LAST, events DESC, e.type"""
    return _rows(store, sql, params)


def sql(store: Store, query: str, params: Optional[list] = None) -> list[dict]:
    """Any SQL over the store (read-only stores refuse writes, saying how to allow them)."""
    try:
        return _rows(store, query, params or [])
    except QueryError as exc:
        found = re.search(r'statement of type "(\w+)".*read-only mode', exc.message)
        if found and store.read_only:
            raise QueryError(f"{found.group(1)} changes the store, which is opened read-only",
                             remedy="add --write to run statements that change the store") from None
        raise


def summary(store: Store) -> dict:
    """How many rows each table holds."""
    from . import TABLES

    return {t: store.count(t) for t in TABLES}


__all__ = ["events", "quotes", "actors", "dyad", "sql", "summary", "actor_keys"]
