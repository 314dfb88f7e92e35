"""Where shards run: this process, a pool of local processes, or a Dask cluster — one seam.

An executor takes an iterator of shards (lists of :class:`~cablegram.run.work.Task`)
and yields their results as they finish, keeping only a few shards in flight
so memory stays flat however large the corpus. Each worker process loads the
model once and keeps it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterable, Iterator, Optional

from ..errors import ConfigError
from ..extras import require
from ..ingest.readers import Failure
from .work import Result, Task, run_shard, warm


class Executor:
    """Base: runs shards in this process, one after another."""

    workers = 1

    def __init__(self, pipeline: Optional[str] = None):
        self.pipeline = pipeline

    def map(self, shards: Iterable[list[Task]]) -> Iterator[list[Result]]:
        for shard in shards:
            yield run_shard(shard, self.pipeline)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class LocalExecutor(Executor):
    """``jobs`` worker processes (spawned, so no state is shared), each loading the model once."""

    def __init__(self, jobs: int = 1, pipeline: Optional[str] = None):
        super().__init__(pipeline)
        self.workers = max(1, int(jobs))
        self._pool = None
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(pipeline, os.getpid()))
            # start every worker now (each loads the model in its initialiser), not on the first shards
            for future in [self._pool.submit(warm, pipeline) for _ in range(self.workers)]:
                future.result()

    def map(self, shards: Iterable[list[Task]]) -> Iterator[list[Result]]:
        if self._pool is None:
            yield from super().map(shards)
            return
        yield from _windowed(lambda shard: self._pool.submit(run_shard, shard, self.pipeline), shards,
                             2 * self.workers, lambda fs: wait(fs, return_when=FIRST_COMPLETED)[0])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _init_worker(pipeline: Optional[str], parent: int) -> None:
    """Load the model, and leave when the parent dies (a killed run must not leave workers behind)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    warm(pipeline)


class DaskExecutor(Executor):
    """The same shards on a Dask cluster: ``scheduler`` address, or a LocalCluster of ``workers`` processes."""

    def __init__(self, scheduler: Optional[str] = None, workers: int = 2, pipeline: Optional[str] = None):
        super().__init__(pipeline)
        require("dask", "--engine dask")
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self._cluster = LocalCluster(n_workers=max(1, int(workers)), threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}",
                              remedy="check the address (tcp://host:8786) and that the scheduler runs") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or int(workers))
        self.client.run(warm, pipeline)  # load the model once on every worker

    def map(self, shards: Iterable[list[Task]]) -> Iterator[list[Result]]:
        from dask.distributed import wait as dwait

        yield from _windowed(lambda shard: self.client.submit(run_shard, shard, self.pipeline, pure=False), shards,
                             2 * self.workers, lambda fs: dwait(list(fs), return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()


def _windowed(submit, shards: Iterable[list[Task]], window: int, wait_some) -> Iterator[list[Result]]:
    """Keep ``window`` shards in flight; yield each shard's results as it finishes."""
    pending: dict = {}
    it = iter(shards)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                shard = next(it)
            except StopIteration:
                exhausted = True
                break
            pending[submit(shard)] = shard
        if not pending:
            return
        for future in wait_some(set(pending)):
            shard = pending.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died: its shard's documents are recorded as failed
                yield [Failure.of(task.source, exc) for task in shard]


def make_executor(engine: str = "local", *, jobs: int = 1, scheduler: Optional[str] = None,
                  pipeline: Optional[str] = None) -> Executor:
    if engine == "local":
        return LocalExecutor(jobs, pipeline)
    if engine == "dask":
        return DaskExecutor(scheduler, workers=max(jobs, 2) if jobs else 2, pipeline=pipeline)
    raise ConfigError(f"unknown engine {engine!r}", remedy="use --engine local or --engine dask")


__all__ = ["Executor", "LocalExecutor", "DaskExecutor", "make_executor"]
