"""Getting a corpus out: PLOVER JSON Lines, a GDELT-like CSV, Parquet, an actor graph, SQLite for Datasette.

Each exporter reads the store and writes one file (Parquet: a folder with one
file per table). Every event row keeps cablegram's provenance: the document
id, URL, and the evidence span with its offsets into the document's text.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Optional

from ..dates import calendar_value, interval
from ..errors import StoreError, UnsupportedFormatError
from . import TABLES, Store

FORMATS = ("plover", "gdelt", "parquet", "gexf", "graphml", "sqlite")
QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4}

_EVENT_SQL = """
    SELECT e.*, d.url, d.title, d.published AS doc_published, d.publisher, d.ingested_at,
        (SELECT list({'id': a.id, 'name': a.name, 'country': a.country, 'sector': a.sector, 'code': a.code,
                      'type': a.type})
         FROM actors a WHERE a.doc_id = e.doc_id AND list_contains(e.source, a.id)) AS src,
        (SELECT list({'id': a.id, 'name': a.name, 'country': a.country, 'sector': a.sector, 'code': a.code,
                      'type': a.type})
         FROM actors a WHERE a.doc_id = e.doc_id AND list_contains(e.target, a.id)) AS tgt,
        (SELECT any_value(a.name) FROM actors a WHERE a.doc_id = e.doc_id AND a.id = e.claimant) AS claimant_name
    FROM events e JOIN documents d ON d.id = e.doc_id
    ORDER BY coalesce(e.date_value, e.published) NULLS LAST, e.doc_id, e.evidence_start
"""


def _event_rows(store: Store):
    cur = store.con.execute(_EVENT_SQL)
    names = [d[0] for d in cur.description]
    while True:
        chunk = cur.fetchmany(2000)
        if not chunk:
            return
        for row in chunk:
            yield dict(zip(names, row))


def _first(actors: Optional[list], key: str):
    for a in actors or []:
        if a.get(key):
            return a[key]
    return None


def plover_record(r: dict) -> dict:
    """One event in PLOVER's field names, plus cablegram's provenance (``cg_*``)."""
    src, tgt = r.get("src") or [], r.get("tgt") or []
    return {
        "id": r["id"],
        "date": r.get("date_value") or r.get("doc_published"),
        "event": r["type"],
        "mode": r.get("mode") or "",
        "context": "",
        "quad_class": r.get("quad_class"),
        "cameo": r.get("cameo"),
        "source": "; ".join(a["name"] for a in src if a.get("name")),
        "src_actor": _first(src, "country"),
        "src_agent": _first(src, "sector"),
        "src_other": "",
        "target": "; ".join(a["name"] for a in tgt if a.get("name")),
        "tgt_actor": _first(tgt, "country"),
        "tgt_agent": _first(tgt, "sector"),
        "tgt_other": "",
        "location": r.get("place"),
        "eventText": r.get("evidence_text"),
        "headline": r.get("title"),
        "url": r.get("url"),
        "story_date": r.get("doc_published"),
        "publisher": r.get("publisher"),
        "cg_doc_id": r["doc_id"],
        "cg_source_ids": list(r.get("source") or []),
        "cg_target_ids": list(r.get("target") or []),
        "cg_what": r.get("what"),
        "cg_modality": r.get("modality"),
        "cg_tense": r.get("tense"),
        "cg_claimant": r.get("claimant"),
        "cg_claimant_name": r.get("claimant_name"),
        "cg_attribution": r.get("attribution"),
        "cg_date_text": r.get("date_text"),
        "cg_report_date": r.get("report_date"),
        "cg_evidence": {"start": r.get("evidence_start"), "end": r.get("evidence_end"), "text": r.get("evidence_text")},
        "cg_trigger": ({"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]}
                       if r.get("trigger_start") is not None else None),
    }


def export_plover(store: Store, out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for r in _event_rows(store):
            fh.write(json.dumps(plover_record(r), ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_FullName", "DATEADDED", "SOURCEURL",
    "PLOVEREvent", "PLOVERMode", "Modality", "Claimant", "DocId", "EvidenceStart", "EvidenceEnd", "EvidenceText",
]


def gdelt_record(r: dict) -> dict:
    """One event as a GDELT-like row (CAMEO codes kept as strings: ``"042"``, not 42)."""
    when = interval(calendar_value(r.get("date_value")) or calendar_value(r.get("doc_published")))
    # a day, a month, a year only when the date names one ("2019-W24" has no one day; "194" no one year)
    day = when.start.strftime("%Y%m%d") if when and when.start == when.end else ""
    month = when.start.strftime("%Y%m") if when and when.start.strftime("%Y%m") == when.end.strftime("%Y%m") else ""
    year = f"{when.start.year:04d}" if when and when.start.year == when.end.year else ""
    src, tgt = r.get("src") or [], r.get("tgt") or []
    cameo = r.get("cameo") or ""
    quad = r.get("quad_class")
    quad = QUAD_CODES.get(re.sub(r"[-_ ]+", " ", str(quad)).strip().lower(), quad) if quad is not None else ""
    added = r.get("ingested_at")
    return {
        "GLOBALEVENTID": r["id"], "SQLDATE": day, "MonthYear": month, "Year": year,
        "Actor1Code": _first(src, "code") or _first(src, "country") or "", "Actor1Name": _first(src, "name") or "",
        "Actor1CountryCode": _first(src, "country") or "", "Actor1Type1Code": _first(src, "sector") or "",
        "Actor2Code": _first(tgt, "code") or _first(tgt, "country") or "", "Actor2Name": _first(tgt, "name") or "",
        "Actor2CountryCode": _first(tgt, "country") or "", "Actor2Type1Code": _first(tgt, "sector") or "",
        "IsRootEvent": 1, "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": quad, "NumMentions": 1, "NumSources": 1, "NumArticles": 1,
        "ActionGeo_FullName": r.get("place") or "",
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "", "SOURCEURL": r.get("url") or "",
        "PLOVEREvent": r["type"], "PLOVERMode": r.get("mode") or "", "Modality": r.get("modality") or "",
        "Claimant": r.get("claimant_name") or r.get("claimant") or "", "DocId": r["doc_id"],
        "EvidenceStart": r.get("evidence_start"), "EvidenceEnd": r.get("evidence_end"),
        "EvidenceText": r.get("evidence_text") or "",
    }


def export_gdelt(store: Store, out: Path) -> int:
    n = 0
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=GDELT_COLUMNS, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        for r in _event_rows(store):
            writer.writerow(gdelt_record(r))
            n += 1
    return n


def export_parquet(store: Store, out: Path) -> int:
    """One Parquet file per table in the folder ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for table in TABLES:
        target = out / f"{table}.parquet"
        store.con.execute(f"COPY (SELECT * FROM {table}) TO '{_sql_path(target)}' (FORMAT parquet)")
        n += store.count(table)
    return n


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def actor_graph(store: Store):
    """A directed multigraph-free graph: actors as nodes, source→target edges weighted by event count."""
    import networkx as nx

    g = nx.DiGraph()
    for aid, name, atype, country, sector, docs in store.con.execute(
            "SELECT id, mode(name), mode(type), mode(country), mode(sector), count(DISTINCT doc_id) "
            "FROM actors GROUP BY id").fetchall():
        g.add_node(aid, label=name or aid, type=atype or "", country=country or "", sector=sector or "",
                   documents=int(docs))
    rows = store.con.execute("""
        WITH st AS (SELECT doc_id, type, unnest(source) AS s, target FROM events),
             pairs AS (SELECT doc_id, type, s, unnest(target) AS t FROM st)
        SELECT s, t, count(*) AS n, string_agg(DISTINCT type, ' ') AS types, count(DISTINCT doc_id) AS docs
        FROM pairs WHERE s <> t GROUP BY s, t ORDER BY s, t""").fetchall()
    for s, t, n, types, docs in rows:
        for node in (s, t):
            if node not in g:
                g.add_node(node, label=node, type="", country="", sector="", documents=0)
        g.add_edge(s, t, weight=int(n), types=types or "", documents=int(docs))
    return g


def export_graph(store: Store, out: Path, fmt: str) -> int:
    import networkx as nx

    g = actor_graph(store)
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(g, str(out))
    return g.number_of_edges()


def export_sqlite(store: Store, out: Path) -> int:
    """A SQLite file with the same tables (lists as JSON), full-text search on documents, ready for Datasette."""
    import sqlite_utils

    if out.exists():
        out.unlink()
    db = sqlite_utils.Database(str(out))
    pks = {"documents": "id", "errors": "source", "actors": ("doc_id", "id"), "attributions": ("doc_id", "id"),
           "events": ("doc_id", "id"), "times": ("doc_id", "id"), "event_clusters": "id",
           "event_reports": ("doc_id", "event_id")}
    n = 0
    for table in TABLES:
        cur = store.con.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]

        def rows():
            while True:
                chunk = cur.fetchmany(1000)
                if not chunk:
                    return
                for row in chunk:
                    yield {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                           for k, v in zip(names, row)}

        t = db[table]
        t.insert_all(rows(), pk=pks.get(table), batch_size=500, alter=True)
        if table == "documents" and t.exists():
            t.enable_fts(["title", "text"], create_triggers=False)
        n += t.count if t.exists() else 0
    for table, cols in (("actors", ["doc_id"]), ("mentions", ["doc_id"]), ("events", ["doc_id"]),
                        ("attributions", ["doc_id"]), ("times", ["doc_id"])):
        if db[table].exists():
            db[table].create_index(cols, if_not_exists=True)
    db.close()
    return n


def export(store: Store, fmt: str, out: str | Path) -> int:
    """Write the store in ``fmt`` (one of :data:`FORMATS`) to ``out``; the number of rows (or edges) written."""
    fmt = fmt.lower()
    out = Path(out)
    if fmt not in FORMATS:
        raise UnsupportedFormatError(f"unknown export format {fmt!r}", remedy="use one of " + ", ".join(FORMATS))
    if out.parent and not out.parent.exists():
        raise StoreError(f"no folder {out.parent} for {out}", remedy="create the folder first")
    if fmt == "plover":
        return export_plover(store, out)
    if fmt == "gdelt":
        return export_gdelt(store, out)
    if fmt == "parquet":
        return export_parquet(store, out)
    if fmt in ("gexf", "graphml"):
        return export_graph(store, out, fmt)
    return export_sqlite(store, out)


__all__ = ["export", "FORMATS", "plover_record", "gdelt_record", "actor_graph"]
