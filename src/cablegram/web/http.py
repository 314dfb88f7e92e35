"""The web view's HTTP plumbing: security headers and the Host check on every response, the one error
shape, request parameters, the bounded answer cache, and the events as a CSV download."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Optional

from starlette.requests import Request
from starlette.responses import JSONResponse

from .queries import BadQuery

# The one inline style allowed is the <style> Cytoscape.js injects for its container (hash of the vendored 3.35.0's).
CYTOSCAPE_STYLE = "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' " + CYTOSCAPE_STYLE + "; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
FILTERS = ("type", "modality", "quad", "since", "until", "doc", "actor")


class Guard:
    """ASGI middleware: security headers on every response; refuses Host headers not ours (DNS rebinding)."""

    def __init__(self, app, allowed_hosts: Optional[set[str]]):
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.allowed is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name.lower() not in self.allowed:
                resp = _error(f"host {name[:60]!r} is not served here", 421)
                return await resp(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not lo <= value <= hi:
        raise BadQuery(f"{name} must be between {lo} and {hi}")
    return value


def _choice(request: Request, name: str, default: str, options) -> str:
    value = request.query_params.get(name) or default
    if value not in options:
        raise BadQuery(f"{name} must be one of {', '.join(options)}")
    return value


def _filters(request: Request) -> dict:
    return {k: request.query_params.get(k) or None for k in FILTERS}


def _flag(request: Request, name: str) -> Optional[bool]:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw.lower() in ("1", "true", "yes"):
        return True
    if raw.lower() in ("0", "false", "no"):
        return False
    raise BadQuery(f"{name} must be true or false")


class _LRU:
    """A bounded map of answers (bytes) by request; the store cannot change while it is served."""

    def __init__(self, size: int):
        self.size, self.data, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str):
        if self.size <= 0:
            return None
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        if self.size <= 0:
            return
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


def _key(request: Request) -> str:
    return request.url.path + "?" + "&".join(sorted(f"{k}={v}" for k, v in request.query_params.multi_items()))


CSV_COLUMNS = ("event_id", "date", "precision", "type", "quad_class", "source", "target", "mutual", "reports",
               "documents", "modalities", "first_title", "first_published", "first_claimant", "first_evidence",
               "first_doc_id")


def _csv(events: list[dict]) -> bytes:
    """Events counted once as CSV (one row per event, its first report's article and evidence)."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for e in events:
        first = (e.get("evidence") or [{}])[0]
        w.writerow([e["id"], e["date"] or "", e["precision"] or "", e["type"], e["quad_class"],
                    "; ".join(e["source_names"]), "; ".join(e["target_names"]), "yes" if e["reciprocal"] else "",
                    e["reports"], e["documents"], "; ".join(e["modalities"] or []),
                    _cell(first.get("title")), first.get("published") or "", _cell(first.get("claimant_name")),
                    _cell((first.get("evidence") or {}).get("text")), first.get("doc_id") or ""])
    return out.getvalue().encode("utf-8")


def _cell(value: Optional[str]) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    v = value or ""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
