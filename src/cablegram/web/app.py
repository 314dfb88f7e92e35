"""The web view: a Starlette app over the corpus store, read-only.

Pages (server-rendered with autoescaping Jinja2, plus small scripts that only
ever put data into the page with ``textContent``): the corpus, one article
with its highlighted evidence, the actor graph (Cytoscape.js, shipped in
``static/vendor``), a dyad over time, an actor, and the events table with the
corpus' events over time. Events are counted once (``store/clusters.py``). The same data is served as JSON under
``/api/``; every error there has one shape: ``{"ok": false, "error", "status"}``.

Nothing a request names reaches the filesystem except files inside the
package's ``static`` folder (Starlette's StaticFiles refuses paths leaving it);
the store is opened read-only. A Content-Security-Policy forbids inline and
foreign scripts, so even a missed escape could not run.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from urllib.parse import urlencode
from typing import Callable, Optional

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import CablegramError, StoreError
from . import article as article_view
from .http import (CSP, FILTERS, SECURITY_HEADERS, Guard, _choice, _csv, _error, _filters, _flag, _int, _key,  # noqa: F401
                   _LRU)
from .openapi import openapi_spec
from .queries import BUCKETS, KINDS, LEVELS, QUAD_CLASSES, BadQuery, Corpus, granularity

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
log = logging.getLogger("cablegram.web")



def _jinja() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["QUAD_CLASSES"] = QUAD_CLASSES
    env.globals["unplaced"] = _unplaced
    return env


def _unplaced(chart: dict) -> str:
    """What a time chart leaves off its axis, in words ("3 dated only to the year, 2 dated before 2019-01-04")."""
    win = chart.get("window") or {}
    out = []
    for k, n in (chart.get("unplaced") or {}).items():
        if k == "undated":
            out.append(f"{n} undated")
        elif k == "earlier":
            out.append(f"{n} dated before {win.get('start') or 'the window'}")
        elif k == "later":
            out.append(f"{n} dated after {win.get('end') or 'the window'}")
        else:
            out.append(f"{n} dated only to the {k}")
    return ", ".join(out)


def create_app(db: Optional[str] = None, *, corpus: Optional[Corpus] = None,
               allowed_hosts: Optional[set[str]] = None, cache_size: Optional[int] = None) -> Starlette:
    """The app over the store at ``db`` (opened read-only), or over an open :class:`Corpus`.

    ``allowed_hosts``: Host header names accepted (None accepts any; ``serve`` passes the bound host
    plus localhost names). ``cache_size``: answers (API and pages) kept in memory (default 512 of each;
    0 = none).
    """
    if corpus is None:
        from ..store import default_db

        corpus = Corpus.open(db or default_db())
    env = _jinja()
    size = cache_size if cache_size is not None else int(os.environ.get("CABLEGRAM_WEB_CACHE", "512"))
    # The store is opened read-only and DuckDB's file lock keeps writers out while we hold it, so an
    # answer never goes stale: API answers and rendered pages are memoised (bounded; CABLEGRAM_WEB_CACHE=0
    # turns it off). A remembered answer is sent from the event loop; only a miss goes to a worker thread.
    api_memo, page_memo = _LRU(size), _LRU(size)

    def render(name: str, **ctx) -> bytes:
        return env.get_template(name).render(stats=corpus.once("stats", corpus.stats), **ctx).encode("utf-8")

    def html(fn: Callable[[Request], bytes]) -> Callable:
        """A page: rendered in a worker thread once per distinct request, then served from memory."""

        async def endpoint(request: Request) -> Response:
            key = _key(request)
            body = page_memo.get(key)
            if body is None:
                body = await run_in_threadpool(fn, request)
                page_memo.put(key, body)
            return Response(body, media_type="text/html; charset=utf-8")

        endpoint.__name__ = fn.__name__
        return endpoint

    def api(fn: Callable[[Request], dict]) -> Callable:
        """A JSON endpoint: ``{"ok": true, ...}`` or the one error shape."""

        def compute(request: Request) -> bytes:
            return JSONResponse({"ok": True, **fn(request)}).body

        async def endpoint(request: Request) -> Response:
            key = _key(request)
            body = api_memo.get(key)
            if body is None:
                body = await run_in_threadpool(compute, request)
                api_memo.put(key, body)
            return Response(body, media_type="application/json")

        endpoint.__name__ = fn.__name__
        endpoint.__doc__ = fn.__doc__
        return endpoint

    def key_param(value: str) -> str:
        """An actor named in a URL: an ISO3 country in any case (rus -> RUS), else the actor id as given."""
        v = (value or "").strip()
        if len(v) == 3 and v.isalpha() and corpus.node_ok(v.upper()):
            return v.upper()
        return v

    # -- pages -----------------------------------------------------------
    @html
    def corpus_page(request: Request) -> bytes:
        qp = request.query_params
        form = {k: (qp.get(k) or "") for k in ("q", "actor", "type", "since", "until")}
        limit = 50
        pg = _int(request, "page", 1, 1, 100_000)
        try:
            result = corpus.documents(**{k: v or None for k, v in form.items()}, limit=limit, offset=(pg - 1) * limit)
            problem = None
        except BadQuery as exc:
            result, problem = {"total": 0, "documents": []}, str(exc)
        return render("corpus.html", form=form, result=result, page=pg, limit=limit, problem=problem,
                      facets=corpus.once("facets", corpus.facets),
                      actors=corpus.once("actors30", lambda: corpus.actors(limit=30)),
                      ties=corpus.once("ties", lambda: corpus.ties(limit=12)))

    @html
    def article_page(request: Request) -> bytes:
        data = corpus.analysis(request.path_params["doc_id"])
        if data is None:
            raise HTTPException(404, "no document with this id in the store")
        return render("article.html", v=article_view.view(data))

    @html
    def graph_page(request: Request) -> bytes:
        return render("graph.html", facets=corpus.once("facets", corpus.facets), levels=LEVELS, kinds=KINDS)

    @html
    def dyad_page(request: Request) -> bytes:
        return render("dyad.html", buckets=BUCKETS, facets=corpus.once("facets", corpus.facets),
                      actors=corpus.once("actors200", lambda: corpus.actors(limit=200)))

    @html
    def events_page(request: Request) -> bytes:
        qp = request.query_params
        form = {k: (qp.get(k) or "") for k in FILTERS + ("by", "order")}
        limit = 50
        pg = _int(request, "page", 1, 1, 100_000)
        try:
            f = {k: v or None for k, v in _filters(request).items()}
            if f.get("actor"):
                f["actor"] = key_param(f["actor"])
            by = granularity(qp.get("by"))
            order = _choice(request, "order", "date", ("date", "reports"))
            result = corpus.events(f, limit=limit, offset=(pg - 1) * limit, order=order)
            chart = corpus.timeline(f, by)
            problem = None
        except BadQuery as exc:
            result, chart, problem = {"total": 0, "reports": 0, "events": []}, {"series": [], "by": "month"}, str(exc)
        return render("events.html", form=form, result=result, chart=chart, page=pg, limit=limit, problem=problem,
                      facets=corpus.once("facets", corpus.facets), buckets=BUCKETS,
                      csv_query=urlencode({k: v for k, v in form.items() if v and k in FILTERS}))

    @html
    def actor_page(request: Request) -> bytes:
        key = key_param(request.path_params["key"])
        profile = corpus.actor_profile(key, by=granularity(request.query_params.get("by")))
        if profile is None:
            raise HTTPException(404, "no actor with this id or country code in the store")
        return render("actor.html", a=profile, buckets=BUCKETS)

    async def events_csv(request: Request) -> Response:
        f = {k: v or None for k, v in _filters(request).items()}
        if f.get("actor"):
            f["actor"] = key_param(f["actor"])
        body = await run_in_threadpool(lambda: _csv(corpus.events(f, limit=100_000)["events"]))
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="cablegram-events.csv"'})

    # -- API -------------------------------------------------------------
    @api
    def api_health(request: Request) -> dict:
        """Liveness and the size of the store."""
        return {"store": corpus.stats()}

    @api
    def api_documents(request: Request) -> dict:
        """Documents with counts; search by text, actor, event type, date range."""
        qp = request.query_params
        return corpus.documents(q=qp.get("q") or None, actor=qp.get("actor") or None, type=qp.get("type") or None,
                                since=qp.get("since") or None, until=qp.get("until") or None,
                                limit=_int(request, "limit", 50, 1, 500), offset=_int(request, "offset", 0, 0, 10**9))

    @api
    def api_document(request: Request) -> dict:
        """The full stored analysis of one document (clean text, parts, actors, attributions, events, times)."""
        data = corpus.analysis(request.path_params["doc_id"])
        if data is None:
            raise HTTPException(404, "no document with this id in the store")
        return {"analysis": data}

    @api
    def api_actors(request: Request) -> dict:
        """Actors across the corpus with document and mention counts."""
        return {"actors": corpus.actors(q=request.query_params.get("q") or None,
                                        limit=_int(request, "limit", 100, 1, 5000))}

    @api
    def api_actor(request: Request) -> dict:
        """One actor: identity, dated roles, events over time, quotes, strongest ties, articles."""
        profile = corpus.actor_profile(key_param(request.path_params["key"]),
                                       by=granularity(request.query_params.get("by")))
        if profile is None:
            raise HTTPException(404, "no actor with this id or country code in the store")
        return {"actor": profile}

    def _event_filters(request: Request) -> dict:
        f = _filters(request)
        if f.get("actor"):
            f["actor"] = key_param(f["actor"])
        return f

    @api
    def api_events(request: Request) -> dict:
        """Events counted once, with their reports (title, date, claimant, modality, evidence), filtered."""
        return corpus.events(_event_filters(request), limit=_int(request, "limit", 100, 1, 1000),
                             offset=_int(request, "offset", 0, 0, 10**9),
                             order=_choice(request, "order", "date", ("date", "reports")))

    @api
    def api_timeline(request: Request) -> dict:
        """Events over time across the corpus (or the filtered part), binned at one granularity."""
        return corpus.timeline(_event_filters(request), by=granularity(request.query_params.get("by")))

    @api
    def api_graph(request: Request) -> dict:
        """The actor graph: nodes (countries or actors) and edges (events counted once, by quad class)."""
        return corpus.graph(_event_filters(request), level=_choice(request, "level", "country", LEVELS),
                            max_edges=_int(request, "max_edges", 500, 1, 20_000),
                            min_weight=_int(request, "min_weight", 1, 1, 10_000),
                            kinds=request.query_params.get("kinds") or None)

    @api
    def api_edge(request: Request) -> dict:
        """The events behind one edge of the graph, each with its reports."""
        qp = request.query_params
        if not qp.get("source") or not qp.get("target"):
            raise BadQuery("source and target are required")
        return {"events": corpus.edge_events(_event_filters(request), qp["source"], qp["target"],
                                             level=_choice(request, "level", "country", LEVELS),
                                             quad_class=qp.get("quad_class") or None,
                                             reciprocal=_flag(request, "reciprocal"))}

    @api
    def api_node(request: Request) -> dict:
        """The dyads of one graph node, by number of events."""
        key = request.query_params.get("key")
        if not key:
            raise BadQuery("key is required")
        level = _choice(request, "level", "country", LEVELS)
        return {"key": key, "name": corpus.name(key), "dyads": corpus.node_dyads(_event_filters(request), key, level)}

    @api
    def api_dyad(request: Request) -> dict:
        """Two actors' events over time (A→B, B→A, mutual), binned at one granularity, with their reports."""
        qp = request.query_params
        if not qp.get("a") or not qp.get("b"):
            raise BadQuery("a and b are required (actor ids or ISO3 country codes)")
        return corpus.dyad(key_param(qp["a"]), key_param(qp["b"]), _event_filters(request),
                           by=_choice(request, "by", "month", BUCKETS))

    @api
    def api_facets(request: Request) -> dict:
        """Event types, modalities and quad classes present in the store."""
        return corpus.facets()

    def api_openapi(request: Request) -> Response:
        return JSONResponse(openapi_spec())

    def api_not_found(request: Request) -> Response:
        return _error(f"no API endpoint {request.url.path[:120]!r}", 404)

    routes = [
        Route("/", corpus_page, name="corpus"),
        Route("/doc/{doc_id}", article_page, name="article"),
        Route("/graph", graph_page, name="graph"),
        Route("/dyad", dyad_page, name="dyad"),
        Route("/events", events_page, name="events"),
        Route("/events.csv", events_csv, name="events_csv"),
        Route("/actor/{key}", actor_page, name="actor"),
        Route("/api/health", api_health),
        Route("/api/documents", api_documents),
        Route("/api/documents/{doc_id}", api_document),
        Route("/api/actors", api_actors),
        Route("/api/actors/{key}", api_actor),
        Route("/api/events", api_events),
        Route("/api/timeline", api_timeline),
        Route("/api/graph", api_graph),
        Route("/api/edge", api_edge),
        Route("/api/node", api_node),
        Route("/api/dyad", api_dyad),
        Route("/api/facets", api_facets),
        Route("/api/openapi.json", api_openapi),
        Route("/api/{rest:path}", api_not_found),
        Mount("/static", app=StaticFiles(directory=str(STATIC), follow_symlink=False), name="static"),
    ]

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def on_error(request: Request, message: str, status: int) -> Response:
        if is_api(request):
            return _error(message, status)
        body = env.get_template("error.html").render(message=message, status=status, stats=None)
        return HTMLResponse(body, status_code=status)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return on_error(request, str(exc.detail), exc.status_code)

    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return on_error(request, str(exc), 400)

    async def store_error(request: Request, exc: CablegramError) -> Response:
        return on_error(request, exc.message, 503 if isinstance(exc, StoreError) else 500)

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("error answering %s", request.url.path)
        return on_error(request, "internal error (the server log has the details)", 500)

    def warm() -> None:
        """What every first page needs, computed before the first request: counts, facets, names, ties."""
        corpus.once("stats", corpus.stats)
        corpus.once("facets", corpus.facets)
        corpus.actor_book()
        corpus.span()
        corpus.once("actors30", lambda: corpus.actors(limit=30))
        corpus.once("ties", lambda: corpus.ties(limit=12))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            await run_in_threadpool(warm)
        except Exception as exc:  # noqa: BLE001 - the pages will say so; serving must not fail on it
            log.warning("warming the caches failed: %s", exc)
        yield

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        HTTPException: http_error, BadQuery: bad_query, CablegramError: store_error, Exception: crash})
    app.state.corpus = corpus
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    return app


def local_hosts(host: str) -> Optional[set[str]]:
    """The Host names to accept when bound to ``host`` (None = any, for 0.0.0.0 / ::)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host.lower(), "localhost", "127.0.0.1", "[::1]"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host.lower()}]")
    return names
