"""The corpus store: one DuckDB file holding documents and what cablegram read off them.

``Store(path)`` opens (and creates) the store; ``add(analysis, raw=, source=)``
writes one document with its actors, mentions, attributions, events and times
in one transaction, keyed by the content-derived document id, so adding the
same article twice is a no-op and a killed run leaves no half-written document.
``Store(path, read_only=True)`` is for readers (the web view, queries).
The tables are defined in ``schema.sql`` beside this file. Events are kept at two levels:
each report (``events``) and each event counted once (``event_clusters``, see ``clusters.py``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from pathlib import Path
from typing import Iterable, Optional

from ..errors import StoreError
from ..schema import Analysis
from . import clusters
from .arrow import columns, insert
from ..dates import calendar_value
from .dates import event_interval

DEFAULT_DB = "cablegram.duckdb"
SCHEMA_VERSION = "2"
TABLES = ("documents", "actors", "mentions", "attributions", "events", "times", "errors", "event_clusters",
          "event_reports")
# Columns version 2 added to `events` (an older store gets them, filled from its stored analyses, on opening
# it for writing).
_V2_EVENT_COLUMNS = (("reciprocal", "BOOLEAN"), ("event_date", "VARCHAR"), ("date_start", "DATE"),
                     ("date_end", "DATE"), ("date_precision", "VARCHAR"), ("source_key", "VARCHAR[]"),
                     ("target_key", "VARCHAR[]"), ("partition", "VARCHAR"))


@functools.cache
def schema_sql() -> str:
    return (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")


def default_db() -> str:
    return os.environ.get("CABLEGRAM_DB") or DEFAULT_DB


class Store:
    """An embedded DuckDB store; ``.con`` is the connection for your own SQL."""

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        import duckdb

        self.path = str(path if path is not None else default_db())
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}", remedy="ingest some documents first: cablegram ingest PATH --db " + self.path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {_first_line(exc)}") from None
        self._types: dict[str, list[tuple[str, str]]] = {}
        if not read_only:
            self.con.execute(schema_sql())
            self.con.execute("INSERT OR IGNORE INTO store_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            if self.schema_version() != SCHEMA_VERSION:
                self._upgrade()

    def schema_version(self) -> Optional[str]:
        try:
            row = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        except Exception:  # not a cablegram store
            return None
        return row[0] if row else None

    def _upgrade(self) -> None:
        """Version 1 -> 2: the events' dates, party keys and reciprocity, and the events counted once."""
        try:
            self.con.execute("BEGIN TRANSACTION")
            for name, kind in _V2_EVENT_COLUMNS:
                self.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {kind}")
            self._types.pop("events", None)
            ids = [r[0] for r in self.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
            for i in range(0, len(ids), 200):
                chunk = ids[i:i + 200]
                rows = []
                for (raw,) in self.con.execute("SELECT analysis FROM documents WHERE id IN "
                                               "(SELECT unnest(?::VARCHAR[]))", [chunk]).fetchall():
                    rows += analysis_rows(Analysis.model_validate_json(raw))["events"]
                self.con.execute("DELETE FROM events WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [chunk])
                if rows:
                    self._insert("events", rows)
            clusters.recluster(self.con)
            self.con.execute("UPDATE store_meta SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])
            self.con.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            raise StoreError(f"cannot upgrade the store {self.path}: {_first_line(exc)}") from None

    # -- context manager -------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    # -- reading ---------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def known_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT id FROM documents").fetchall()}

    def count(self, table: str = "documents") -> int:
        if table not in TABLES:
            raise StoreError(f"no table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def analysis(self, doc_id: str) -> Optional[Analysis]:
        row = self.con.execute("SELECT analysis FROM documents WHERE id = ?", [doc_id]).fetchone()
        return Analysis.model_validate_json(row[0]) if row else None

    # -- writing ---------------------------------------------------------
    def add(self, analysis: Analysis, raw: Optional[str] = None, source: Optional[str] = None) -> bool:
        """Write one document and its rows; False if it was already there."""
        return self.add_many([(analysis, raw, source)]) == 1

    def add_many(self, items: Iterable[tuple[Analysis, Optional[str], Optional[str]]]) -> int:
        """Write several documents in one transaction (all or none); the number newly added."""
        items = list(items)
        if not items:
            return 0
        ids = [a.document.id for a, _, _ in items]
        present = {r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
        rows: dict[str, list[dict]] = {t: [] for t in TABLES if t not in ("errors", "event_clusters", "event_reports")}
        sources = []
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        for analysis, raw, source in items:
            doc_id = analysis.document.id
            if doc_id in present:
                continue
            present.add(doc_id)
            for table, table_rows in analysis_rows(analysis, raw=raw, source=source, at=now).items():
                rows[table].extend(table_rows)
            if source:
                sources.append(source)
        if not rows["documents"]:
            return 0
        try:
            self.con.execute("BEGIN TRANSACTION")
            for table, table_rows in rows.items():
                if table_rows:
                    self._insert(table, table_rows)
            if sources:
                self.con.execute("DELETE FROM errors WHERE source IN (SELECT unnest(?::VARCHAR[]))", [sources])
            clusters.recluster(self.con, {r["partition"] for r in rows["events"]})
            self.con.execute("COMMIT")
        except Exception as exc:
            self._rollback()
            raise StoreError(f"cannot write to {self.path}: {_first_line(exc)}") from None
        return len(rows["documents"])

    def add_error(self, source: str, reason: str, code: Optional[str] = None) -> None:
        """Record that ``source`` could not be analysed (replacing an earlier record)."""
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        self.con.execute("INSERT OR REPLACE INTO errors VALUES (?, ?, ?, ?)", [source, reason, code, now])

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except Exception:
            pass

    def _insert(self, table: str, rows: list[dict]) -> None:
        """Insert through Arrow: one statement per table, however many rows."""
        if table not in self._types:
            self._types[table] = columns(self.con, table)
        insert(self.con, table, rows, self._types[table])


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def analysis_rows(analysis: Analysis, *, raw: Optional[str] = None, source: Optional[str] = None,
                  at: Optional[_dt.datetime] = None) -> dict[str, list[dict]]:
    """The rows one analysis contributes to each table (what :meth:`Store.add` writes)."""
    d = analysis.document
    doc_id = d.id
    actors = {a.id: a for a in analysis.actors}
    doc = {
        "id": doc_id, "title": d.title, "dek": d.dek, "url": d.url, "published": d.published,
        "published_source": d.published_source, "section": d.section, "publisher": d.publisher,
        "agency": d.agency, "byline": d.byline, "photo_credit": d.photo_credit, "caption": d.caption,
        "language": d.language, "text": d.text, "words": len(d.text.split()), "format": d.format,
        "source": source, "raw": raw, "analysis": analysis.model_dump_json(),
        "pipeline": analysis.pipeline, "cablegram_version": analysis.cablegram_version,
        "ingested_at": at or _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None),
    }
    actor_rows, mention_rows = [], []
    for a in actors.values():
        actor_rows.append({"doc_id": doc_id, "id": a.id, "name": a.name, "type": a.type, "country": a.country,
                           "sector": a.sector, "code": a.code, "roles": list(a.roles), "ambiguous": a.ambiguous,
                           "mention_count": len(a.mentions)})
        mention_rows.extend({"doc_id": doc_id, "actor_id": a.id, "start": m.start, "end": m.end, "text": m.text}
                            for m in a.mentions)
    attribution_rows = []
    for q in _unique(analysis.attributions):
        sp = actors.get(q.speaker) if q.speaker else None
        attribution_rows.append({
            "doc_id": doc_id, "id": q.id, "kind": q.kind, "content_start": q.content.start,
            "content_end": q.content.end, "content_text": q.content.text, "speaker": q.speaker,
            "speaker_name": sp.name if sp else (q.speaker_span.text if q.speaker_span else None),
            "speaker_start": q.speaker_span.start if q.speaker_span else None,
            "speaker_end": q.speaker_span.end if q.speaker_span else None,
            "speaker_text": q.speaker_span.text if q.speaker_span else None,
            "cue_start": q.cue.start if q.cue else None, "cue_end": q.cue.end if q.cue else None,
            "cue_text": q.cue.text if q.cue else None, "source_kind": q.source_kind,
        })
    event_rows = []
    halves = clusters.mirrored(analysis.events)
    for e in _unique(analysis.events):
        value = calendar_value(e.date.value) if e.date else None  # last check: no placeholder, no year 1201
        when = event_interval(value, d.published)
        own = value is not None
        source_key = _keys(e.source, actors, doc_id)
        target_key = _keys(e.target, actors, doc_id)
        event_rows.append({
            "doc_id": doc_id, "id": e.id, "type": e.type, "mode": e.mode,
            "cameo": None if e.cameo is None else str(e.cameo), "quad_class": e.quad_class,
            "source": list(e.source), "target": list(e.target),
            "source_country": _countries(e.source, actors), "target_country": _countries(e.target, actors),
            "what": e.what, "modality": e.modality, "tense": e.tense, "claimant": e.claimant,
            "attribution": e.attribution,
            "date_text": e.date.text if e.date else None, "date_value": value,
            "report_date": e.date.report_date if e.date else None, "published": d.published, "place": e.place,
            "trigger_start": e.trigger.start if e.trigger else None,
            "trigger_end": e.trigger.end if e.trigger else None,
            "trigger_text": e.trigger.text if e.trigger else None,
            "evidence_start": e.evidence.start, "evidence_end": e.evidence.end, "evidence_text": e.evidence.text,
            "reciprocal": bool(getattr(e, "reciprocal", False)) or e.id in halves,
            "event_date": value if own else d.published,
            "date_start": when.start if when else None, "date_end": when.end if when else None,
            "date_precision": when.precision if when else None,
            "source_key": source_key, "target_key": target_key,
            "partition": clusters.partition_key(e.type, source_key, target_key),
        })
    time_rows = [{"doc_id": doc_id, "id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
                  "value": t.value, "granularity": t.granularity, "anchor": t.anchor}
                 for t in _unique(analysis.times)]
    return {"documents": [doc], "actors": actor_rows, "mentions": mention_rows,
            "attributions": attribution_rows, "events": event_rows, "times": time_rows}


def _unique(items):
    seen = set()
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            yield item


def _keys(ids: list[str], actors: dict, doc_id: str) -> list[str]:
    out = []
    for i in ids:
        k = clusters.party_key(actors.get(i), doc_id) or i
        if k not in out:
            out.append(k)
    return out


def _countries(ids: list[str], actors: dict) -> list[str]:
    out = []
    for i in ids:
        a = actors.get(i)
        if a is not None and a.country and a.country not in out:
            out.append(a.country)
    return out


__all__ = ["Store", "DEFAULT_DB", "TABLES", "analysis_rows", "schema_sql", "default_db"]
