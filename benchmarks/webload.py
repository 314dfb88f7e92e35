"""Load test of the web view's JSON API on loopback: N concurrent clients for T seconds, then it stops.

    .venv/bin/python -m benchmarks.webload [--db STORE] [--clients 20] [--seconds 30] [--articles 40]

Starts ``cablegram serve`` in its own process on a free 127.0.0.1 port over a
store (``--db``; by default a temporary one holding the example analysed by
the real pipeline), then drives it with asyncio clients (bare keep-alive HTTP/1.1, so the
client costs little CPU) cycling through the HTML pages (the corpus, a search,
``--articles`` different article pages, the graph and dyad pages) and the API: documents,
one analysis, the graph at both levels, one edge's evidence, the RUS–PRK dyad, events,
actors. Reports p50/p95/p99 latency per endpoint, for the article and corpus pages
together (the figure the issue's 200 ms p95 is about) and for the API, requests/s and
errors (any non-200 or failed request).
Two servers run one after the other: as shipped (API answers and pages memoised,
the store being read-only), then with the cache off (every request queries
DuckDB and renders) as the baseline; within each, a static file and /api/health are
reference rows (no query). Before the clients start, one client requests each
URL once (what a first visitor waits for, reported apart; ``--no-warmup`` skips it). Bounded: each run stops after
--seconds (and --max-requests), and its server is always stopped.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.common import ROOT, arg_parser, run_main, table


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(path: Path) -> None:
    """A store with the flagship example, analysed by the real pipeline."""
    import cablegram
    from cablegram.store import Store

    text = (ROOT / "examples" / "kim-putin.txt").read_text(encoding="utf-8")
    with Store(str(path)) as store:
        store.add(cablegram.analyze(text), raw=text, source="examples/kim-putin.txt")


def start_server(db: str, port: int, cache: bool = True) -> subprocess.Popen:
    env = {**os.environ, "CABLEGRAM_WEB_CACHE": os.environ.get("CABLEGRAM_WEB_CACHE", "512") if cache else "0"}
    proc = subprocess.Popen([sys.executable, "-c", "from cablegram.commands import main; main()", "serve", "--db", db,
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {proc.stderr.read()[-1000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start within 60 s")


def targets(base: str, articles: int = 40) -> list[tuple[str, str]]:
    """(label, URL) pairs the clients cycle through, built from what the store holds."""
    import httpx

    docs = httpx.get(f"{base}/api/documents?limit={max(5, articles)}").json()["documents"]
    graph = httpx.get(f"{base}/api/graph").json()
    out = [("static file (reference)", "/static/app.css"), ("health (reference)", "/api/health"),
           ("page: corpus", "/"), ("page: corpus search", "/?q=minister"), ("page: corpus page 2", "/?page=2")]
    out += [("page: article", f"/doc/{d['id']}") for d in docs[:articles]]
    out += [("page: graph", "/graph"), ("page: dyad", "/dyad?a=RUS&b=PRK")]
    out += [
           ("documents", "/api/documents?limit=50"), ("graph country", "/api/graph"),
           ("graph actor", "/api/graph?level=actor"), ("events", "/api/events?limit=100"),
           ("actors", "/api/actors?limit=100"), ("dyad RUS-PRK", "/api/dyad?a=RUS&b=PRK&by=month")]
    if docs:
        out.append(("document", f"/api/documents/{docs[0]['id']}"))
    edges = graph.get("edges") or []
    pick = next((e for e in edges if {e["source"], e["target"]} == {"RUS", "PRK"}), edges[0] if edges else None)
    if pick:
        out.append(("edge evidence", f"/api/edge?source={pick['source']}&target={pick['target']}"
                                      f"&quad_class={pick['quad_class']}"))
    return out


class Conn:
    """One keep-alive HTTP/1.1 connection with the least client work possible (the server is what we measure)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:  # chunked (not what this server sends for these endpoints, but be correct)
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def drive(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, max_requests: int) -> dict:
    host, port = base.rsplit("/", 1)[-1].rsplit(":", 1)
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples: list[str] = []
    count = 0
    stop_at = time.monotonic() + seconds

    async def client(k: int) -> None:
        nonlocal count
        conn = Conn(host, int(port))
        i = k
        try:
            while time.monotonic() < stop_at and count < max_requests:
                label, url = urls[i % len(urls)]
                i += 1
                count += 1
                t0 = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(conn.get(url), 60)
                    ok = status == 200 and (not url.startswith("/api/") or body.startswith(b'{"ok":true'))
                    if not ok and len(samples) < 5:
                        samples.append(f"{url}: {status} {body[:120]!r}")
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
                    ok = False
                    await conn.close()
                    if len(samples) < 5:
                        samples.append(f"{url}: {type(exc).__name__} {exc}")
                lat[label].append(time.perf_counter() - t0)
                if not ok:
                    errors[label] += 1
        finally:
            await conn.close()

    t0 = time.monotonic()
    await asyncio.gather(*(client(k) for k in range(clients)))
    elapsed = time.monotonic() - t0
    return {"latency": lat, "errors": errors, "elapsed": elapsed, "samples": samples}


async def first_requests(base: str, urls: list[tuple[str, str]]) -> dict[str, list[float]]:
    """Each URL once, one after the other, before the clients start: what a first visitor waits for
    (reported apart; the timed run then measures the server in use)."""
    host, port = base.rsplit("/", 1)[-1].rsplit(":", 1)
    conn = Conn(host, int(port))
    lat: dict[str, list[float]] = defaultdict(list)
    try:
        for label, url in urls:
            t0 = time.perf_counter()
            await conn.get(url)
            lat[label].append(time.perf_counter() - t0)
    finally:
        await conn.close()
    return lat


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    ap = arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing store (default: a temporary store with the example)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--articles", type=int, default=40, help="how many different article pages to cycle through")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-requests", type=int, default=1_000_000, help="stop after this many requests in all")
    ap.add_argument("--no-baseline", action="store_true", help="skip the second run with the answer cache off")
    ap.add_argument("--no-warmup", action="store_true", help="start the clients on a cold server (no first pass "
                                                            "over the URLs)")
    args = ap.parse_args()

    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="cablegram-webload-")
        db = os.path.join(tmp.name, "load.duckdb")
        build_store(Path(db))
    phases = [("memoised", True)] + ([] if args.no_baseline else [("no cache", False)])
    results = {}
    urls: list[tuple[str, str]] = []
    try:
        for name, cache in phases:
            port = _free_port()
            server = start_server(db, port, cache=cache)
            base = f"http://127.0.0.1:{port}"
            try:
                urls = urls or targets(base, args.articles)
                cold = asyncio.run(first_requests(base, urls)) if not args.no_warmup else {}
                results[name] = asyncio.run(drive(base, urls, args.clients, args.seconds, args.max_requests))
                results[name]["cold"] = cold
            finally:
                server.terminate()
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()
    finally:
        if tmp is not None:
            tmp.cleanup()

    print(f"webload: {args.clients} concurrent clients, {args.seconds:g} s per server, loopback, one uvicorn "
          f"process per server; {os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.1f}")
    groups = {"PAGES article + corpus": lambda k: k.startswith("page: article") or k.startswith("page: corpus"),
              "ALL API (excl. reference rows)": lambda k: not k.startswith("page:") and "reference" not in k}
    headers = ["endpoint"]
    for name in results:
        headers += [f"{name}: requests", "p50 ms", "p95 ms", "p99 ms", "errors"]
    rows = []
    labels = list(dict.fromkeys(label for label, _ in urls))
    for label in labels + list(groups):
        row = [label]
        for res in results.values():
            lat, errors = res["latency"], res["errors"]
            if label in groups:
                v = [x for k, xs in lat.items() if groups[label](k) for x in xs]
                e = sum(n for k, n in errors.items() if groups[label](k))
            else:
                v, e = lat.get(label, []), errors.get(label, 0)
            row += [len(v), pct(v, 50) * 1000, pct(v, 95) * 1000, pct(v, 99) * 1000, e]
        rows.append(row)
    print(table(headers, rows))
    n_err = 0
    for name, res in results.items():
        allv = [x for v in res["latency"].values() for x in v]
        pages = [x for k, v in res["latency"].items() if groups["PAGES article + corpus"](k) for x in v]
        errs = sum(res["errors"].values())
        n_err += errs
        print(f"{name}: {len(allv):,} requests in {res['elapsed']:.1f} s = {len(allv) / res['elapsed']:.0f} req/s, "
              f"p50 {pct(allv, 50) * 1000:.1f} ms, p95 {pct(allv, 95) * 1000:.1f} ms, "
              f"p99 {pct(allv, 99) * 1000:.1f} ms, errors {errs}; article and corpus pages: {len(pages):,} "
              f"requests, p95 {pct(pages, 95) * 1000:.1f} ms")
        cold = [x for k, v in res.get("cold", {}).items() for x in v]
        if cold:
            cpages = [x for k, v in res["cold"].items() if groups["PAGES article + corpus"](k) for x in v]
            print(f"  first request of each URL (one client, before the run): {len(cold)} requests, "
                  f"p50 {pct(cold, 50) * 1000:.1f} ms, max {max(cold) * 1000:.1f} ms; article and corpus pages "
                  f"p50 {pct(cpages, 50) * 1000:.1f} ms, max {max(cpages) * 1000:.1f} ms")
        for smp in res["samples"]:
            print("  error sample:", smp)
    return 1 if n_err else 0


if __name__ == "__main__":
    run_main(main)
