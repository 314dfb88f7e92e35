"""Throughput of a corpus run vs bare spaCy on the same texts, in the same run.

For each corpus (Reuters-21578, BBC, Wikinews under ``corpora/``) the same
texts go through:

* ``spacy nlp.pipe``: the bare English pipeline cablegram builds on (the baseline);
* ``cablegram``: the full analysis (clean, actors, time, attribution, events,
  read-off into the data model), one process;
* ``cablegram --jobs 2``: two local worker processes;
* ``cablegram dask``: a Dask LocalCluster of 2 worker processes.

Words are the whitespace words of the input texts, so every row divides the
same number. The ratio is words/s over bare spaCy's words/s; bare spaCy and the
one-process analysis run interleaved shard by shard, so other users' load hits
both alike, and their ratio is also given in CPU seconds (immune to that load).
Model loading and
cluster start-up are timed apart (``start s``). Peak memory is the largest
resident set of the process tree (main + workers) seen during the row.
``--ingest N`` then ingests the first N Reuters records into a fresh store
with ``--jobs 2`` and reports its time, size and the latency of a dyad query.

    .venv/bin/python -m benchmarks.throughput [--data PATH] [--limit 300] [--ingest 20000]
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from .common import Skip, arg_parser, data_path, run_main, table

CORPORA = {"reuters": "reuters-21578", "bbc": "bbc-news-2225", "wikinews": "wikinews-2019-2021"}


class PeakRSS:
    """Samples the resident memory of this process and its children every 50 ms."""

    def __init__(self):
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.05)

    def __enter__(self):
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak / 2**20


def load_texts(data: str, corpus: str, limit: int | None) -> list[dict]:
    path = data_path(data, "corpora", CORPORA[corpus], "articles.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if (obj.get("text") or "").strip():
                out.append(obj)
                if limit and len(out) >= limit:
                    break
    return out


def tasks_for(records: list[dict]):
    from cablegram.ingest.readers import Item, normalize_date
    from cablegram.run.work import Task, prepare

    tasks = []
    for i, r in enumerate(records):
        t = prepare(Item(source=f"{i}", data=r["text"], url=r.get("url"), title=r.get("title"),
                         published=normalize_date(r.get("date"))))
        if isinstance(t, Task):
            tasks.append(t)
    return tasks


def shards_of(tasks, size: int = 16):
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def time_executor(executor, tasks) -> tuple[float, int, int]:
    from cablegram.run.work import Done

    t0 = time.perf_counter()
    done = failed = 0
    for results in executor.map(shards_of(tasks)):
        for r in results:
            if isinstance(r, Done):
                done += 1
            else:
                failed += 1
    return time.perf_counter() - t0, done, failed


def bench_corpus(name: str, records: list[dict], engines: list[str]) -> list[list]:
    """Bare spaCy and the full analysis interleaved shard by shard (so load from other users hits both alike),
    then the parallel engines over the same tasks."""
    import spacy

    import cablegram
    from cablegram.config import Settings
    from cablegram.run.executors import DaskExecutor, LocalExecutor
    from cablegram.run.work import Done, run_shard

    tasks = tasks_for(records)
    n_words = sum(len(t.input.raw.split()) for t in tasks)
    t0 = time.perf_counter()
    bare = None
    for n in Settings().pipelines():
        try:
            bare = spacy.load(n)
            break
        except OSError:
            continue
    bare_start = time.perf_counter() - t0
    t0 = time.perf_counter()
    cablegram.load()
    full_start = time.perf_counter() - t0
    wall = {"bare": 0.0, "full": 0.0}
    cpu = {"bare": 0.0, "full": 0.0}
    done = 0
    with PeakRSS() as mem:
        for shard in shards_of(tasks):
            w, c = time.perf_counter(), time.process_time()
            for _ in bare.pipe([t.input.raw for t in shard], batch_size=32):
                pass
            wall["bare"] += time.perf_counter() - w
            cpu["bare"] += time.process_time() - c
            w, c = time.perf_counter(), time.process_time()
            done += sum(isinstance(r, Done) for r in run_shard(shard))
            wall["full"] += time.perf_counter() - w
            cpu["full"] += time.process_time() - c
    base_wps = n_words / wall["bare"]
    rows = [
        [name, "spacy nlp.pipe", len(tasks), bare_start, wall["bare"], len(tasks) / wall["bare"], base_wps, 1.0,
         1.0, mem.mb],
        [name, "cablegram", done, full_start, wall["full"], done / wall["full"], n_words / wall["full"],
         wall["bare"] / wall["full"], cpu["bare"] / cpu["full"], mem.mb],
    ]
    del bare

    def row(label, make):
        t0 = time.perf_counter()
        ex = make()
        start = time.perf_counter() - t0
        try:
            with PeakRSS() as m:
                secs, ok, _ = time_executor(ex, tasks)
        finally:
            ex.close()
        rows.append([name, label, ok, start, secs, ok / secs, n_words / secs, n_words / secs / base_wps, None, m.mb])

    if "jobs2" in engines:
        row("cablegram --jobs 2", lambda: LocalExecutor(2))
    if "dask" in engines:
        row("cablegram dask (LocalCluster 2)", lambda: DaskExecutor(workers=2))
    return [[r[0], r[1], r[2], f"{r[3]:.1f}", f"{r[4]:.1f}", f"{r[5]:.1f}", f"{r[6]:,.0f}", f"{r[7]:.2f}",
             "" if r[8] is None else f"{r[8]:.2f}", f"{r[9]:,.0f}"] for r in rows]


def query_latency(db: Path) -> tuple[int, int, float, int, float]:
    """Documents, events, median ms of `dyad USA JPN --by month --both`, its rows, median ms of `events --source USA -n 100`."""
    from cablegram.store import Store
    from cablegram.store import query

    with Store(db, read_only=True) as s:
        docs, events = s.count(), s.count("events")
        lat, lat_ev = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            rows = query.dyad(s, "USA", "JPN", by="month", both=True)
            lat.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            query.events(s, source="USA", limit=100)
            lat_ev.append(time.perf_counter() - t0)
    return docs, events, statistics.median(lat) * 1000, len(rows), statistics.median(lat_ev) * 1000


def bench_ingest(data: str, n: int, jobs: int) -> list[list]:
    from cablegram.run import ingest

    path = data_path(data, "corpora", CORPORA["reuters"], "articles.jsonl.gz")
    folder = Path(os.environ.get("CABLEGRAM_BENCH_TMP") or tempfile.mkdtemp(prefix="cg-ingest-"))
    db = folder / "reuters.duckdb"
    if db.exists():
        db.unlink()
    with PeakRSS() as mem:
        report = ingest([str(path)], db=str(db), jobs=jobs, limit=n)
    size = db.stat().st_size / 2**20
    docs, events, dyad_ms, dyad_rows, events_ms = query_latency(db)
    return [[f"{n:,}", jobs, f"{docs:,}", f"{report.failed:,}", f"{events:,}", f"{report.seconds:.0f}",
             f"{report.docs_per_second:.1f}", f"{report.words / report.seconds:,.0f}", f"{size:.1f}", f"{mem.mb:,.0f}",
             f"{dyad_ms:.1f}", dyad_rows, f"{events_ms:.1f}"]]


def machine() -> str:
    import platform

    import psutil

    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return (f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
            f"load average at start {load:.1f}")


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--corpora", default="reuters,bbc,wikinews")
    p.add_argument("--engines", default="jobs2,dask", help="parallel rows: any of jobs2, dask (or none)")
    p.add_argument("--ingest", type=int, default=0, help="also ingest this many Reuters records into a store")
    p.add_argument("--jobs", type=int, default=2, help="worker processes for --ingest")
    p.add_argument("--store", default=None, help="only time the queries over this existing store")
    args = p.parse_args()
    limit = args.limit or 300
    print(f"machine: {machine()}")
    if args.store:
        docs, events, dyad_ms, dyad_rows, events_ms = query_latency(Path(args.store))
        size = Path(args.store).stat().st_size / 2**20
        print(table(["store", "MB", "documents", "events", "dyad ms", "dyad rows", "events ms"],
                    [[args.store, f"{size:.1f}", f"{docs:,}", f"{events:,}", f"{dyad_ms:.1f}", dyad_rows,
                      f"{events_ms:.1f}"]]))
        return 0
    rows = []
    found = False
    for name in [c for c in args.corpora.split(",") if c]:
        try:
            records = load_texts(args.data, name, limit)
        except Skip as exc:
            print(f"skipped {name}: {exc}")
            continue
        found = True
        rows += bench_corpus(name, records, args.engines.split(","))
        print(table(["corpus", "run", "docs", "start s", "run s", "docs/s", "words/s", "ratio (wall)",
                     "ratio (CPU)", "peak MB"], rows), flush=True)
    if not found and not args.ingest:
        raise Skip("no corpus found under corpora/")
    if args.ingest:
        print()
        print(table(["records", "jobs", "documents", "failed", "events", "seconds", "docs/s", "words/s", "store MB",
                     "peak MB", "dyad ms", "dyad rows", "events ms"], bench_ingest(args.data, args.ingest, args.jobs)))
    return 0


if __name__ == "__main__":
    run_main(main)
