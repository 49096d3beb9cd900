"""Per-meeting work done once: remembered by content between builds, spread over the cores.

`mkdocs serve` rebuilds the whole site on every save but keeps this module
loaded, so a meeting whose bytes (and registry) did not change is never parsed
or rendered again. A cold build of a large archive hands the per-meeting work to
one process per core: parsing and Markdown are pure functions of their input.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many pieces of work, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 64

# The function a worker applies: set in each forked worker by its initializer, never in the build's
# own process (it reaches the worker by fork, unpickled: the engine is not importable by name there).
_worker_function: Callable[[Any], Any] | None = None


def begin_forked_worker() -> None:
    """First thing in a process forked from the build: leave Ctrl-C to the build, which stops its
    workers (each printed a traceback for it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_worker(function: Callable[[Any], Any]) -> None:
    global _worker_function
    begin_forked_worker()
    _worker_function = function


class WorkerLost(Exception):
    """A worker process died before it finished its share (killed, most often for want of memory)."""

    def __init__(self) -> None:
        super().__init__(
            "A worker process of the build was killed before it finished (out of memory, perhaps: see "
            "docs/performance.md for what a build needs; MINUTEBOOK_WORKERS=1 uses one process). Nothing was published."
        )


def worker_count() -> int:
    """Processes to use: MINUTEBOOK_WORKERS if set (1 turns parallelism off), else one per core."""
    configured = os.environ.get("MINUTEBOOK_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run_chunk(items: Sequence[Any]) -> list[Any]:
    function = _worker_function
    assert function is not None, "_run_chunk runs in a worker started by _start_worker"
    return [function(item) for item in items]


def map_over_cores(
    function: Callable[[Item], Result], items: Sequence[Item], threshold: int = PARALLEL_THRESHOLD
) -> list[Result]:
    """``[function(item) for item in items]``, in order, on every core when it pays (``threshold`` items or more).

    The calling process takes chunks of the work itself, beside one forked worker per other core.
    Forked workers share the parent's loaded registry and code without pickling it (the engine is
    not importable by name inside MkDocs' process), but each copies every memory page whose
    reference counts it touches: at 10,000 meetings a worker grew to half a gigabyte, so the parent
    works rather than wait beside a worker of its own.
    """
    workers = min(worker_count(), len(items))
    if workers < 2 or len(items) < threshold or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    size = max(1, len(items) // (workers * 8))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    done: list[list[Result]] = [[] for _ in chunks]
    claims = itertools.count()  # the next chunk to take, for whoever is free first
    stop = threading.Event()
    failures: list[BaseException] = []
    with ProcessPoolExecutor(
        max_workers=workers - 1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(function,),
    ) as pool:
        # The first chunks are sent from this thread, so the workers fork before any other thread starts.
        first = [(index, pool.submit(_run_chunk, chunks[index])) for index in itertools.islice(claims, workers - 1)]

        def keep_busy(index: int, pending: Future[list[Result]]) -> None:
            try:
                while True:
                    done[index] = pending.result()
                    index = next(claims)
                    if index >= len(chunks) or stop.is_set():
                        return
                    pending = pool.submit(_run_chunk, chunks[index])
            except BaseException as error:  # raised again in the caller's thread, below
                failures.append(error)
                stop.set()

        feeders = [threading.Thread(target=keep_busy, args=pair, daemon=True) for pair in first]
        for feeder in feeders:
            feeder.start()
        try:
            while not stop.is_set() and (index := next(claims)) < len(chunks):
                done[index] = [function(item) for item in chunks[index]]
        except BaseException:
            stop.set()
            raise
        finally:
            for feeder in feeders:
                feeder.join()
    if failures:
        if isinstance(failures[0], BrokenProcessPool):
            raise WorkerLost from failures[0]
        raise failures[0]
    return [result for chunk in done for result in chunk]


class ContentCache:
    """Results keyed by a digest of their inputs, pruned to what the latest build used."""

    def __init__(self) -> None:
        self._results: dict[str, Any] = {}
        self._used: set[str] = set()

    @staticmethod
    def key(*parts: bytes | str) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for part in parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        self._used.add(key)
        return self._results.get(key)

    def put(self, key: str, value: Any) -> None:
        self._used.add(key)
        self._results[key] = value

    def end_build(self) -> None:
        """Forget what this build did not use, so a long `serve` session stays flat in memory."""
        for key in set(self._results) - self._used:
            del self._results[key]
        self._used.clear()


class SameObjectCache:
    """Results computed from immutable objects (and a ``context`` shared by all), kept for the
    objects of the latest call: the load cache hands an unchanged meeting back as the very same object."""

    def __init__(self) -> None:
        self._context: Any = None
        self._results: dict[int, tuple[Any, Any]] = {}  # id -> (the object, kept so its id is not reused; result)

    def map(self, objects: Sequence[Item], context: Any, compute: Callable[[Item], Result]) -> list[Result]:
        """``[compute(obj) for obj in objects]``, computing only for objects not seen last time (with an equal
        ``context``)."""
        if context != self._context:
            self._results = {}
            self._context = context
        results = {}
        for obj in objects:
            found = self._results.get(id(obj))
            results[id(obj)] = found if found is not None and found[0] is obj else (obj, compute(obj))
        self._results = results
        return [results[id(obj)][1] for obj in objects]
