"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``."""

from __future__ import annotations

import functools

from ..version import __version__
from .queries import BUCKETS, EVENT_TYPES, KINDS, LEVELS, MODALITIES, QUAD_CLASSES


def _p(name: str, desc: str, *, where: str = "query", required: bool = False, schema: dict | None = None) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "description": desc,
            "schema": schema or {"type": "string"}}


_FILTERS = [
    _p("type", "PLOVER event types, comma-separated (e.g. REQUEST,AID); an unknown type is a 400",
       schema={"type": "string", "examples": list(EVENT_TYPES)}),
    _p("modality", "modalities, comma-separated; an unknown one is a 400",
       schema={"type": "string", "examples": list(MODALITIES)}),
    _p("quad", "quad classes, comma-separated (or 1-4)", schema={"type": "string", "examples": list(QUAD_CLASSES)}),
    _p("since", "earliest event date (2023, 2023-09 or 2023-09-04); an event's date is its first report's own "
                "date, or else its document's publication date"),
    _p("until", "latest event date (same forms, inclusive)"),
    _p("doc", "only events reported in this document id"),
    _p("actor", "only events with this actor (id or ISO3 country) as a party"),
]
_BY = _p("by", "bin granularity", schema={"type": "string", "enum": list(BUCKETS), "default": "month"})
_PAGING = [_p("limit", "at most this many rows", schema={"type": "integer", "minimum": 1}),
           _p("offset", "skip this many rows", schema={"type": "integer", "minimum": 0})]
_LEVEL = _p("level", "node granularity: countries (actors grouped by ISO3 country when known) or single actors",
            schema={"type": "string", "enum": list(LEVELS), "default": "country"})

ERROR = {"type": "object", "required": ["ok", "error", "status"],
         "properties": {"ok": {"const": False}, "error": {"type": "string"}, "status": {"type": "integer"}}}

ENDPOINTS = {
    "/api/health": ("Liveness and store counts", []),
    "/api/documents": ("Documents with counts; search by text, actor, event type, publication date range", [
        _p("q", "text (or title) contains"), _p("actor", "an actor id, ISO3 country or name fragment"),
        _p("type", "has an event of this PLOVER type"), _p("since", "published on or after (ISO 8601 prefix)"),
        _p("until", "published on or before (ISO 8601 prefix)"), *_PAGING]),
    "/api/documents/{doc_id}": ("The full stored analysis of one document (schema/analysis.schema.json)", [
        _p("doc_id", "document id", where="path")]),
    "/api/actors": ("Actors across the corpus with document and mention counts", [
        _p("q", "name fragment, actor id or ISO3 country"), _PAGING[0]]),
    "/api/actors/{key}": ("One actor (id or ISO3 country): identity, roles with the dates reported, events over "
                          "time, quotes, strongest ties, articles", [
        _p("key", "actor id or ISO3 country", where="path"), _BY]),
    "/api/events": ("Events counted once (the reports of one event in several sentences or articles clustered), "
                    "each with its reports: article title and date, claimant, modality, evidence", [
        *_FILTERS, *_PAGING, _p("order", "date (newest first) or reports (most reported first)",
                                schema={"type": "string", "enum": ["date", "reports"]})]),
    "/api/timeline": ("Events over time across the corpus (or the filtered part), binned at one granularity; "
                      "unplaced counts events dated more coarsely than a bin", [*_FILTERS, _BY]),
    "/api/graph": ("Actor graph: nodes (actors only, with community and position) and edges (one per source, target "
                   "and quad class, or per pair for events both parties act in; counts are events counted once); "
                   "truncated says the weakest edges were left out", [
        *_FILTERS, _LEVEL, _p("max_edges", "keep the strongest N edges (default 500)",
                              schema={"type": "integer", "minimum": 1}),
        _p("min_weight", "leave out edges with fewer events (default 1)", schema={"type": "integer", "minimum": 1}),
        _p("kinds", "node kinds to keep, comma-separated", schema={"type": "string", "examples": list(KINDS)})]),
    "/api/edge": ("The events behind one graph edge, each with its reports", [
        _p("source", "source node id", required=True), _p("target", "target node id", required=True),
        _p("quad_class", "only this quad class"), _p("reciprocal", "true: only events both act in; false: only "
                                                      "directed ones"), _LEVEL, *_FILTERS]),
    "/api/node": ("A graph node's dyads by number of events (out, in, mutual, reports)", [
        _p("key", "node id", required=True), _LEVEL, *_FILTERS]),
    "/api/dyad": ("Two actors' events over time (A→B, B→A, both), binned on their dates, with their reports", [
        _p("a", "actor id or ISO3 country", required=True), _p("b", "actor id or ISO3 country", required=True),
        _BY, *_FILTERS]),
    "/api/facets": ("Event types, modalities and quad classes present in the store", []),
}


@functools.cache
def openapi_spec() -> dict:
    paths = {}
    for path, (summary, params) in ENDPOINTS.items():
        paths[path] = {"get": {
            "summary": summary, "parameters": params,
            "responses": {
                "200": {"description": '{"ok": true, ...} with the data',
                        "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"ok": {"const": True}}}}}},
                "400": {"$ref": "#/components/responses/Error"},
                "404": {"$ref": "#/components/responses/Error"},
                "503": {"$ref": "#/components/responses/Error"},
            }}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "cablegram web API", "version": __version__,
                 "description": "Read-only JSON over a cablegram corpus store. Every error has one shape: "
                                '{"ok": false, "error": "...", "status": 400}.'},
        "paths": paths,
        "components": {"schemas": {"Error": ERROR},
                       "responses": {"Error": {"description": "the one error shape",
                                               "content": {"application/json": {
                                                   "schema": {"$ref": "#/components/schemas/Error"}}}}}},
    }
