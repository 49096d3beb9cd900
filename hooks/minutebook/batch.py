"""Per-meeting work done once: remembered by content between builds, spread over the cores.

`mkdocs serve` rebuilds the whole site on every save but keeps this module
loaded, so a meeting whose bytes (and registry) did not change is never parsed
or rendered again. A cold build of a large archive hands the per-meeting work to
one process per core: parsing and Markdown are pure functions of their input.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many pieces of work, starting processes costs more than it saves.
PARALLEL_THRESHOLD = 64

_work: list[Callable[[Any], Any]] = []


def worker_count() -> int:
    """Processes to use: MINUTEBOOK_WORKERS if set (1 turns parallelism off), else one per core."""
    configured = os.environ.get("MINUTEBOOK_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run(item: Any) -> Any:
    return _work[0](item)


def map_over_cores(function: Callable[[Item], Result], items: Sequence[Item], threshold: int = PARALLEL_THRESHOLD) -> list[Result]:
    """``[function(item) for item in items]``, in order, on every core when it pays (``threshold`` items or more).

    Workers are forked, so they share the parent's loaded registry and code without
    pickling it (the engine is not importable by name inside MkDocs' process).
    """
    workers = min(worker_count(), len(items))
    if workers < 2 or len(items) < threshold or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _work[:] = [function]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, items, chunksize=max(1, len(items) // (workers * 8))))
    finally:
        _work.clear()


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
        """``[compute(obj) for obj in objects]``, computing only for objects not seen last time with an equal ``context``."""
        if context != self._context:
            self._results = {}
            self._context = context
        results = {}
        for obj in objects:
            found = self._results.get(id(obj))
            results[id(obj)] = found if found is not None and found[0] is obj else (obj, compute(obj))
        self._results = results
        return [results[id(obj)][1] for obj in objects]
