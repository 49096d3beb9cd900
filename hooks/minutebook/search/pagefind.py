"""Pagefind, driven through its Python API: the only module that starts, talks to or stops it.

Each bundle is indexed by a Pagefind process of its own (one core each), as many at once as fit
in a memory budget. A Pagefind that dies (killed for want of memory, say) fails the indexing at
once, and a bundle Pagefind left incomplete is indexed again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import signal
import threading
import time
import weakref
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from .plan import Bundle

log = logging.getLogger("mkdocs.plugins.minutebook.search")
T = TypeVar("T")

# What would only add noise to excerpts and ranking: chrome around the minutes, charts, and the
# tables of person pages that repeat other pages' titles (a meeting's attendance tables stay: names
# must find meetings; so does a person's table of bodies: bodies must find their people).
EXCLUDED = (
    ".mb-permalink",
    ".mb-pager",
    ".headerlink",
    ".mb-anchor",
    ".md-source-file",
    ".mb-chart",
    "table.mb-table:not(.mb-attendance):not(.mb-by-body)",
    ".mb-repeats",  # person pages' lists of other pages (meetings, votes, decisions, mentions)
    # In attendance tables the names find meetings; the roles beside them repeat at every meeting
    # of a body (and are found on each person's page, under "Roles held"), as do the column heads.
    ".mb-role",
    ".mb-colheads",
)
# Bundles indexed at once: one Pagefind process each, one core each; and only as many as fit beside
# each other in PAGEFIND_BUDGET_MB (see plan.PAGEFIND_MB_PER_MEETING): so a bundle of meetings is
# indexed beside a records bundle, never beside another bundle of meetings.
CONCURRENT_BUNDLES = 2
PAGEFIND_BUDGET_MB = 600
# Pagefind's allocator (jemalloc) keeps freed memory for ten seconds by default, and Pagefind frees
# what it read of each page as it goes: returning it at once lowers a bundle's peak by about a fifth,
# for about the same CPU time. An operator's own setting wins.
PAGEFIND_ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")


class SearchError(Exception):
    """Pagefind could not index the site."""


def build_search_index(site_dir: Path, bundles: tuple[Bundle, ...], processes: Processes | None = None) -> int:
    """Index the built site at ``site_dir`` with Pagefind into one folder per bundle; return the pages indexed."""
    started = time.perf_counter()
    pages = index_all(site_dir, site_dir, bundles, processes)
    log.info("Search: indexed %d pages in %.1f s", pages, time.perf_counter() - started)
    return pages


def index_all(
    site_dir: Path, output_root: Path, bundles: tuple[Bundle, ...], processes: Processes | None = None
) -> int:
    """Index every bundle of ``site_dir`` into ``output_root``; each Pagefind process is listed in ``processes``."""
    running = processes if processes is not None else Processes(ForkGuard())

    async def one(bundle: Bundle) -> int:
        return await index_bundle(site_dir, output_root / bundle.folder, bundle.globs, running)

    try:
        return sum(run_coroutine(within_budget(bundles, one)))
    except Exception as error:
        # The Pagefind service reports failures as bare exceptions of several kinds.
        raise SearchError(f"Pagefind could not index {site_dir}: {error}") from error


async def within_budget(
    bundles: Iterable[Bundle],
    index: Callable[[Bundle], Coroutine[Any, Any, T]],
    slots: int = CONCURRENT_BUNDLES,
    budget_mb: float = PAGEFIND_BUDGET_MB,
) -> list[T]:
    """Run ``index`` on every bundle, largest first, at most ``slots`` at once.

    A bundle starts beside those running only if their estimated memory together stays within
    ``budget_mb``; the largest that fits goes first, so a bundle of meetings runs beside a records
    bundle. A bundle larger than the budget runs alone. Results come in the order bundles finish.
    """
    waiting = sorted(bundles, key=lambda bundle: -bundle.indexing_mb)
    running: dict[asyncio.Task[T], Bundle] = {}
    finished: list[T] = []
    while waiting or running:
        held = sum(bundle.indexing_mb for bundle in running.values())
        fits = next(
            (b for b in waiting if not running or (len(running) < slots and held + b.indexing_mb <= budget_mb)), None
        )
        if fits is not None:
            waiting.remove(fits)
            running[asyncio.ensure_future(index(fits))] = fits
            continue
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        failures = [error for task in done if (error := task.exception()) is not None]
        if failures:  # the run ends (asyncio.run cancels the rest); every failure here was looked at
            raise failures[0]
        for task in done:
            del running[task]
            finished.append(task.result())
    return finished


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end, also from a thread whose event loop is already running.

    MkDocs calls us without a loop; a caller that has one running (Playwright's sync API in
    the tests, say) would make ``asyncio.run`` refuse, so the work moves to a fresh thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def index_bundle(
    site_dir: Path, output: Path, globs: tuple[str, ...], processes: Processes, attempts: int = 3
) -> int:
    """Index ``globs`` under ``site_dir`` into ``output``, again if Pagefind left the bundle incomplete."""
    for attempt in range(1, attempts + 1):
        # Also a stale bundle (from a `--dirty` build, say) must not keep chunks no page refers to.
        shutil.rmtree(output, ignore_errors=True)
        pages, missing = await _index_once(site_dir, output, globs, processes)
        if missing is None:
            return pages
        # Rare since until_written: naming the file tells what Pagefind skipped.
        log.info("Search: Pagefind left %s incomplete, %s (attempt %d of %d)", output.name, missing, attempt, attempts)
    raise SearchError(f"Pagefind left an incomplete search index in {output} {attempts} times")


async def until_written(bundle: Path, timeout: float = 30.0, pause: float = 0.05) -> str | None:
    """Wait until every file of ``bundle`` is written out, or ``timeout`` seconds have passed; what is
    still missing then (as ``unwritten`` says), or None.

    Pagefind answers "written" while its last writes may still be queued (its files are tokio
    ``File``s, written without a flush), and exits the moment its input closes: closed at once, on
    a busy machine, a bundle lost its ``pagefind-entry.json`` about one time in four.
    A bundle still incomplete after ``timeout`` is left to ``index_bundle`` to index again.
    """
    deadline = time.monotonic() + timeout
    while (missing := unwritten(bundle)) is not None and time.monotonic() < deadline:
        await asyncio.sleep(pause)
    return missing


def unwritten(bundle: Path) -> str | None:
    """What of ``bundle`` was not written out (its entry file, the page list it names, an empty chunk), or None."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        metas = [bundle / f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"{entry_file.name} unreadable ({error.__class__.__name__})"
    chunks = (path for folder in ("index", "fragment", "filter") for path in (bundle / folder).glob("*"))
    for path in (*metas, *chunks):
        try:
            size = path.stat().st_size  # one call a file: a bundle of 10,000 meetings holds over 65,000
        except FileNotFoundError:
            return f"{path.relative_to(bundle)} missing"
        if size == 0:
            return f"{path.relative_to(bundle)} empty"
    return None


async def _index_once(
    site_dir: Path, output: Path, globs: tuple[str, ...], processes: Processes
) -> tuple[int, str | None]:
    """Pages indexed into ``output``, and what of the bundle Pagefind left unwritten (None: nothing)."""
    from pagefind.index import IndexConfig

    config = IndexConfig(
        # Pagefind's selector engine takes simple selectors only (a sibling combinator hangs it).
        exclude_selectors=list(EXCLUDED),
        # One index: minutes are English, and a stray lang attribute must not split it.
        force_language="en",
        output_path=str(output),
    )
    os.environ.setdefault(*PAGEFIND_ALLOCATOR)  # the service starts Pagefind with our environment
    pagefind = await PagefindProcess.launch()
    processes.add(pagefind.pid)
    processes.guard.hold(pagefind.input)  # or a worker forked meanwhile keeps Pagefind from finishing

    async def index_the_globs() -> tuple[int, str | None]:
        index = await pagefind.service.create_index(config)
        pages = 0
        for glob in globs:
            pages += int((await index.add_directory(str(site_dir), glob=glob))["page_count"])
        await index.write_files(str(output))
        return pages, await until_written(output)  # nothing is written once Pagefind has exited

    try:
        return await pagefind.unless_it_exits(index_the_globs())
    finally:
        processes.guard.release(pagefind.input)  # before it is closed: its number may then be reused
        await pagefind.stop()
        processes.discard(pagefind.pid)


class PagefindProcess:
    """One Pagefind service process, and what its Python client does not offer.

    Hack: ``PagefindService`` keeps its process (``_backend``) and the task reading its answers
    (``_poll_task``) to itself, waits for an answer for ever once the process is gone, and can only
    terminate it, not let it finish writing. This class is the one place that reaches inside it:
    see https://github.com/Pagefind/pagefind/blob/main/wrappers/python/src/pagefind/service/__init__.py
    """

    def __init__(self, service: Any) -> None:
        self.service = service  # the public client: create_index, add_directory, write_files
        self._process: asyncio.subprocess.Process = service._backend
        self._reading: asyncio.Task[None] = service._poll_task  # ends when the process's output does
        self.pid: int = self._process.pid
        stdin = self._process.stdin
        assert stdin is not None  # the service always starts Pagefind with a pipe for its input
        self.input = int(stdin.transport.get_extra_info("pipe").fileno())  # our end of it

    @classmethod
    async def launch(cls) -> PagefindProcess:
        from pagefind.service import PagefindService

        return cls(await PagefindService().launch())

    async def unless_it_exits(self, work: Coroutine[Any, Any, T]) -> T:
        """``work``'s result, or a SearchError as soon as the Pagefind process exits (killed, out of memory).

        The service's client waits for an answer to each request for ever, even once the process is
        gone: a refresh stopped by a newer rebuild (and a build whose Pagefind was killed) hung.
        """
        working = asyncio.ensure_future(work)
        await asyncio.wait({working, self._reading}, return_when=asyncio.FIRST_COMPLETED)
        if working.done():
            return working.result()
        working.cancel()
        self._signal(signal.SIGKILL)  # alive, but its answers can no longer be read: of no more use
        code = await self._process.wait()
        if not self._reading.cancelled():
            self._reading.exception()  # retrieved, so asyncio does not report it again: the error below says it
        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
        hint = " (out of memory, perhaps: see docs/performance.md)" if code == -signal.SIGKILL else ""
        raise SearchError(f"Pagefind {how} before it finished the index{hint}")

    async def stop(self) -> None:
        """Let the process exit by itself, once ``until_written`` has seen its files out.

        ``PagefindIndex``'s context manager (and ``PagefindService.close``) terminate the process as
        soon as it has answered "written". Closing its input ends it as cleanly as it can be ended.
        """
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), timeout=120)
        except TimeoutError:
            self._signal(signal.SIGTERM)
            await self._process.wait()
        finally:
            self._reading.cancel()

    def _signal(self, number: int) -> None:
        """Send the process ``number``, unless asyncio has already seen it exit.

        Not ``Process.kill``: it asks ``Popen.poll`` first, and that reaps a process that has just
        died before asyncio's child watcher does, which then reports exit code 255 ("Unknown child
        process") instead of how it died. A dead process not yet reaped takes the signal harmlessly,
        and its number cannot be reused until it is reaped.
        """
        if self._process.returncode is None:
            try:
                os.kill(self.pid, number)
            except ProcessLookupError:
                pass


class Processes:
    """The Pagefind processes of one indexing run, so it can be stopped from another thread.

    Their input pipes are held back from processes forked meanwhile, by ``guard``.
    """

    def __init__(self, guard: ForkGuard) -> None:
        self.guard = guard
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._stopped = False

    def add(self, pid: int) -> None:
        with self._lock:
            self._running.add(pid)
            stopped = self._stopped
        if stopped:  # started after the run was stopped
            self.stop()

    def discard(self, pid: int) -> None:
        """``pid`` has exited (so its number may be reused): never signal it."""
        with self._lock:
            self._running.discard(pid)

    def stop(self) -> None:
        """Kill every process of the run, and any it starts from now on."""
        with self._lock:
            self._stopped = True
            for pid in self._running:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:  # exiting already
                    pass


class ForkGuard:
    """Descriptors closed first thing in every process forked from this one: our ends of Pagefind's input.

    Pagefind finishes when its input ends. A worker forked meanwhile (the link check's, say) kept a
    copy, and Pagefind waited, finished, until the worker exited: bundles indexed beside the link
    check sat unstarted for its whole run. Each descriptor is kept with its file's identity, so one
    closed and its number reused meanwhile is left alone. One guard serves a build, or a whole
    `serve` session: each registers with ``os.register_at_fork``, which cannot be undone.
    """

    def __init__(self) -> None:
        self._held: dict[int, tuple[int, int]] = {}
        closing = weakref.WeakMethod(self._close_held)
        os.register_at_fork(after_in_child=lambda: (close := closing()) is not None and close())

    def hold(self, descriptor: int) -> None:
        """Processes forked from now on close ``descriptor`` as they start (until ``release``)."""
        found = os.fstat(descriptor)
        self._held[descriptor] = (found.st_dev, found.st_ino)

    def release(self, descriptor: int) -> None:
        """Stop holding ``descriptor`` back: call before closing it."""
        self._held.pop(descriptor, None)

    def _close_held(self) -> None:
        for descriptor, identity in list(self._held.items()):
            try:
                found = os.fstat(descriptor)
                if (found.st_dev, found.st_ino) == identity:
                    os.close(descriptor)
            except OSError:  # closed already
                pass
        self._held.clear()
