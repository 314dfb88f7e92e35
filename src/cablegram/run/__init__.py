"""Corpus runs: read inputs, skip what the store already holds, analyse the rest in shards, write.

:func:`ingest` is what ``cablegram ingest`` calls. Inputs are read and checked
in this process (cheap), documents already in the store are skipped by their
content-derived id, the rest go to an executor (this process, ``jobs`` local
processes, or Dask) in shards, and results are written by this one process in
small all-or-nothing transactions. Killing a run loses at most the documents
in flight; running it again picks up exactly where it stopped.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from ..config import Settings
from ..ingest.readers import Failure, iter_items
from ..store import Store
from .executors import DaskExecutor, Executor, LocalExecutor, make_executor
from .work import Done, Task, prepare, run_shard


@dataclass
class IngestReport:
    """What a run did: documents added, already present, failed; files in the named folders not
    read (``not_read``: reason -> count); words analysed; seconds taken."""

    added: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    not_read: Counter = field(default_factory=Counter)

    @property
    def docs_per_second(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"added": self.added, "skipped": self.skipped, "failed": self.failed, "words": self.words,
                "seconds": round(self.seconds, 3), "docs_per_second": round(self.docs_per_second, 2),
                "not_read": sum(self.not_read.values()), "not_read_reasons": dict(self.not_read)}


def ingest(inputs: Iterable[str], *, db: Optional[str] = None, store: Optional[Store] = None, jobs: int = 1,
           engine: str = "local", scheduler: Optional[str] = None, allow_private: bool = False,
           max_bytes: Optional[int] = None, shard_size: int = 16, pipeline: Optional[str] = None,
           limit: Optional[int] = None, executor: Optional[Executor] = None,
           on_progress: Optional[Callable[[IngestReport], None]] = None, flush_every: int = 64,
           keep_failures: int = 1000) -> IngestReport:
    """Analyse every article named by ``inputs`` into the store at ``db`` (or ``store``)."""
    settings = Settings()
    max_bytes = max_bytes or settings.max_bytes
    pipeline = pipeline or settings.pipeline
    own_store = store is None
    store = store or Store(db)
    own_exec = executor is None
    report = IngestReport()
    started = time.perf_counter()
    try:
        executor = executor or make_executor(engine, jobs=jobs, scheduler=scheduler, pipeline=pipeline)
        known = store.known_ids()

        def fail(f: Failure) -> None:
            store.add_error(f.source, f.reason, f.code)
            report.failed += 1
            if len(report.failures) < keep_failures:
                report.failures.append(f)

        def tasks() -> Iterator[Task]:
            taken = 0
            for item in iter_items(inputs, allow_private=allow_private, max_bytes=max_bytes,
                                   on_skip=lambda _source, why: report.not_read.update([why])):
                if limit is not None and taken >= limit:
                    return
                taken += 1
                if isinstance(item, Failure):
                    fail(item)
                    continue
                task = prepare(item, max_bytes=max_bytes)
                if isinstance(task, Failure):
                    fail(task)
                elif task.id in known:
                    report.skipped += 1
                else:
                    known.add(task.id)
                    yield task

        def shards() -> Iterator[list[Task]]:
            shard: list[Task] = []
            for task in tasks():
                shard.append(task)
                if len(shard) >= shard_size:
                    yield shard
                    shard = []
                    _tick()
            if shard:
                yield shard

        pending: list[Done] = []
        last_flush = [time.perf_counter()]

        def flush() -> None:
            if pending:
                store.add_many((d.analysis, d.raw, d.source) for d in pending)
                pending.clear()
            last_flush[0] = time.perf_counter()

        def _tick() -> None:
            report.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(report)

        for results in executor.map(shards()):
            for r in results:
                if isinstance(r, Failure):
                    fail(r)
                else:
                    pending.append(r)
                    report.added += 1
                    report.words += len(r.analysis.document.text.split())
            if len(pending) >= flush_every or time.perf_counter() - last_flush[0] > 2.0:
                flush()
            _tick()
        flush()
    finally:
        report.seconds = time.perf_counter() - started
        if own_exec and executor is not None:
            executor.close()
        if own_store:
            store.close()
    if on_progress:
        on_progress(report)
    return report


__all__ = ["ingest", "IngestReport", "Executor", "LocalExecutor", "DaskExecutor", "make_executor", "run_shard",
           "prepare", "Task", "Done"]
