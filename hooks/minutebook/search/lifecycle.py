"""Search over a build's life: indexed beside `mkdocs build`, refreshed behind each `mkdocs serve` rebuild.

Bundles are always written aside and moved into the site whole, so a reader (or the `serve`
server) never sees half a bundle.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .pagefind import ForkGuard, Processes, build_search_index, index_all
from .plan import Bundle

log = logging.getLogger("mkdocs.plugins.minutebook.search")


class BackgroundSearchIndex:
    """Search for `mkdocs build`: the bundles indexed in a thread while the rest of the site is built.

    Every page search indexes is laid out by the engine (meetings, people, actions, decisions) before
    MkDocs lays out its own, so Pagefind reads them beside the theme's pages, the feeds and the link
    check instead of after all of them. Bundles are written aside and moved in when done.
    """

    def __init__(self, pages_root: Path, bundles: tuple[Bundle, ...], finish: Callable[[Path], object]) -> None:
        self._bundles = bundles
        self._finish = finish  # e.g. stabilise a bundle
        self._output = Path(tempfile.mkdtemp(prefix="minutebook-search-"))
        # A build that fails before collecting the bundles (a broken link, say) leaves nothing behind.
        atexit.register(shutil.rmtree, self._output, True)
        self._outcome: list[int | Exception] = []  # [pages indexed] or [the exception]
        self._started = time.perf_counter()
        self._elapsed = 0.0
        self._thread = threading.Thread(target=self._run, args=(pages_root,), name="minutebook-search", daemon=True)
        self._thread.start()

    def _run(self, pages_root: Path) -> None:
        try:
            pages = index_all(pages_root, self._output, self._bundles)
            for bundle in self._bundles:
                self._finish(self._output / bundle.folder)
            self._elapsed = time.perf_counter() - self._started
            self._outcome.append(pages)
        except Exception as error:  # raised again in the build's own thread, by into()
            self._outcome.append(error)

    def into(self, site_dir: Path) -> int:
        """Wait for the bundles, move them into ``site_dir``, and return the pages indexed (or raise what
        went wrong)."""
        self._thread.join()
        try:
            outcome = self._outcome[0]
            if isinstance(outcome, Exception):
                raise outcome
            for bundle in self._bundles:
                shutil.rmtree(site_dir / bundle.folder, ignore_errors=True)
                shutil.move(str(self._output / bundle.folder), site_dir / bundle.folder)
        finally:
            shutil.rmtree(self._output, ignore_errors=True)
        log.info("Search: indexed %d pages in %.1f s", outcome, self._elapsed)
        return outcome


class LiveSearchIndex:
    """Search under `mkdocs serve`: a saved meeting shows at once, search catches up behind it.

    The first build is indexed before serving. After that, each rebuild gets the last
    finished bundles straight away, and fresh ones are built in a thread and swapped in,
    unless a newer rebuild has begun meanwhile (its own refresh will follow).
    Indexing a large archive takes minutes; without this every save waited for it.
    """

    def __init__(self, finish: Callable[[Path], object]) -> None:
        self._finish = finish  # e.g. stabilise a bundle; run before it is shown
        self._lock = threading.Lock()
        self._generation = 0
        self._latest: Path | None = None  # a private copy of the newest finished bundles
        self._guard = ForkGuard()  # one for the whole session: it cannot be unregistered
        self._refreshing = Processes(self._guard)  # the running refresh's Pagefind processes
        self._refresh_thread: threading.Thread | None = None

    def begin_build(self) -> None:
        """A rebuild starts: any refresh still running is now out of date, and is stopped."""
        with self._lock:
            self._generation += 1
            # Its Pagefind processes would take a core from the rebuild for nothing.
            self._refreshing.stop()

    def after_build(self, site_dir: Path, bundles: tuple[Bundle, ...]) -> threading.Thread | None:
        """Give ``site_dir`` its search ``bundles`` now; return the refresh thread, if one was started."""
        with self._lock:
            generation = self._generation
        if self._latest is None:
            build_search_index(site_dir, bundles, Processes(self._guard))
            self._finish_all(site_dir, bundles)
            self._keep(site_dir, bundles)
            return None
        # The last finished bundles, even if this build's plan names others: the refresh brings those.
        # (A site kept from the last build has them already.)
        for kept in self._latest.iterdir():
            if not (site_dir / kept.name).is_dir():
                shutil.copytree(kept, site_dir / kept.name, copy_function=_link_or_copy)
        with self._lock:
            self._refreshing = Processes(self._guard)
        thread = threading.Thread(
            target=self._refresh,
            args=(site_dir, bundles, generation, self._refreshing),
            name="minutebook-search",
            daemon=True,
        )
        self._refresh_thread = thread
        thread.start()
        return thread

    def close(self) -> None:
        """`serve` stops: stop any refresh, and remove the private copy and the refresh's staging folder."""
        self.begin_build()  # a refresh still running is out of date for good
        if self._refresh_thread is not None:
            self._refresh_thread.join(timeout=30)  # its Pagefind is killed: it cleans up at once
        with self._lock:
            latest, self._latest = self._latest, None
        if latest is not None:
            shutil.rmtree(latest, ignore_errors=True)

    def _finish_all(self, root: Path, bundles: tuple[Bundle, ...]) -> None:
        for bundle in bundles:
            self._finish(root / bundle.folder)

    def _refresh(self, site_dir: Path, bundles: tuple[Bundle, ...], generation: int, processes: Processes) -> None:
        staging = Path(tempfile.mkdtemp(prefix="minutebook-search-"))
        try:
            pages = index_all(site_dir, staging, bundles, processes)
            self._finish_all(staging, bundles)
            with self._lock:
                if generation != self._generation:
                    return  # the site changed under us; the newer build refreshes again
                for bundle in bundles:
                    live = site_dir / bundle.folder
                    retired = site_dir / f".{bundle.folder}-retired"
                    if live.exists():
                        live.rename(retired)
                    shutil.move(str(staging / bundle.folder), live)
                    shutil.rmtree(retired, ignore_errors=True)
                # Bundles this plan no longer names (a save moved a boundary between years) go.
                named = {bundle.folder for bundle in bundles}
                for kept in self._latest.iterdir() if self._latest else ():
                    if kept.name not in named:
                        shutil.rmtree(site_dir / kept.name, ignore_errors=True)
                self._keep(site_dir, bundles)
            log.info("Search: refreshed in the background (%d pages)", pages)
        except Exception as error:  # a rebuild cleaning the folder mid-index, most likely
            log.info("Search: background refresh abandoned (%s); the next save retries", error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _keep(self, root: Path, bundles: tuple[Bundle, ...]) -> None:
        copy = Path(tempfile.mkdtemp(prefix="minutebook-search-latest-"))
        for bundle in bundles:
            shutil.copytree(root / bundle.folder, copy / bundle.folder, copy_function=_link_or_copy)
        previous, self._latest = self._latest, copy
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)


def _link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` becomes ``source``'s content: a hard link when it can (no copying), else a copy.

    Safe as a link for search bundles: nothing rewrites a bundle's file in place (a fresh
    bundle is moved in whole, see LiveSearchIndex).
    """
    # Tens of thousands of calls per rebuild: try the common case (a fresh folder) first.
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        os.unlink(target)
    except OSError:  # no hard links here (another file system, say)
        shutil.copyfile(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
