"""What a build keeps from the last one: its site, each page's key, and (under `mkdocs serve`) what can wait.

MkDocs builds the whole site every time, into a folder it empties first; at a few thousand
meetings that is most of a minute. With the build cache (``cache.BuildCache``) a build does only
the work a change needs:

- ``KeptSite`` moves the last build's files aside before MkDocs empties the folder and puts them
  back straight after, so an unchanged page is neither rendered nor copied (``mkdocs build`` keeps
  only the files whose bytes are still those the cache recorded, and removes the rest).
- ``PageCache`` gives each generated page a key, the digest of its view (model values) and of what
  every page shares (templates, mkdocs.yml, the registries): a page whose key an earlier build laid
  out gets that build's output back.
- Under `serve`, ``WorkBehind`` writes what no page needs to be shown (feeds, calendars, open data)
  in another process once the rebuild is served, and ``CollectBetweenBuilds`` moves Python's cycle
  collection there too. ``serve.ServeSession`` holds them from one rebuild to the next.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .batch import begin_forked_worker
from .files import remove_left_aside, replace_file
from .fingerprint import Fingerprints
from .pages import GeneratedPage
from .sealed import digest


class PageCache:
    """Each generated page's key: what the page shows (its view) and what every page shares, digested.

    A page whose key an earlier build laid out is not laid out again: the build cache holds its output
    under that key (see ``build.SiteBuild.pages``). Keys are digests (``fingerprint``), so they hold
    from one build to the next, in any process. Under `serve` a page equal to the last finished build's
    (the same stamp, and an equal page, view and search fields) keeps that build's key without being
    digested again: comparing is cheap, for an unchanged meeting comes back from the cache as the very
    same object, and Python compares identical objects as equal without looking inside them.
    """

    def __init__(self) -> None:
        self._built: dict[str, tuple[str, GeneratedPage, object, str]] = {}  # src_uri -> (stamp, page, search, key)
        self._pending: dict[str, tuple[str, GeneratedPage, object, str]] = {}  # this build's, kept once it finishes

    def keys(self, pages: Iterable[tuple[GeneratedPage, str, object]], fingerprints: Fingerprints) -> dict[str, str]:
        """The key of each of ``pages`` (each given with its shared stamp and search fields), by src_uri."""
        pending = {}
        for page, stamp, search in pages:
            last = self._built.get(page.src_uri)
            if (
                last is not None
                and last[0] == stamp
                and last[1] == page
                and last[1].view == page.view
                and last[2] == search
            ):
                key = last[3]
            else:
                shown = fingerprints.of((page.view, search))
                key = digest(stamp, page.url, page.title, page.template, page.description, shown)
            pending[page.src_uri] = (stamp, page, search, key)
        self._pending = pending
        return {uri: entry[3] for uri, entry in pending.items()}

    def finish(self) -> None:
        """The build finished: its pages are the ones to compare with next time."""
        self._built = self._pending

    def forget(self) -> None:
        """The site was emptied (a failed build): nothing built before is compared with."""
        self._built = {}


class KeptSite:
    """The last build's site folder, kept across a `serve` rebuild.

    MkDocs empties the site folder before each build. Its files are moved aside just before
    (``set_aside``), back just after (``put_back``, before anything is written), and the files
    the new build no longer makes are removed once it is done (``prune``). A move is a rename
    of each top-level entry: nothing is copied, whatever the size of the site.
    """

    def __init__(self) -> None:
        self._aside: Path | None = None
        self._made: set[str] = set()  # site-relative paths the last finished build made

    def set_aside(self, site_dir: Path) -> None:
        """Move everything in ``site_dir`` out of MkDocs' way (call before MkDocs empties it)."""
        if self._aside is not None or not site_dir.is_dir():
            return
        aside = Path(tempfile.mkdtemp(prefix=".minutebook-kept-", dir=site_dir.parent))
        try:
            for entry in os.scandir(site_dir):
                os.rename(entry.path, aside / entry.name)
        except OSError:  # another file system, say: MkDocs empties what is left, pages are made again
            pass
        self._aside = aside

    def put_back(self, site_dir: Path) -> None:
        """Move the last build's files back into ``site_dir`` (call once MkDocs has emptied it)."""
        aside, self._aside = self._aside, None
        if aside is None:
            return
        site_dir.mkdir(parents=True, exist_ok=True)
        for entry in os.scandir(aside):
            if not os.path.lexists(site_dir / entry.name):
                os.rename(entry.path, site_dir / entry.name)
        shutil.rmtree(aside, ignore_errors=True)

    def prune(self, site_dir: Path, made: Iterable[str]) -> None:
        """Remove what the last build made and this one (which made ``made``) did not."""
        made = set(made)
        for path in sorted(self._made - made):
            target = site_dir / path
            try:
                target.unlink()
            except FileNotFoundError:
                continue
            for folder in target.parents:  # and the folders that held only it
                if folder == site_dir or any(folder.iterdir()):
                    break
                folder.rmdir()
        self._made = made

    def forget(self) -> None:
        """The site was emptied (a failed build): nothing is left to prune."""
        self._made = set()


def site_files(site_dir: Path) -> set[str]:
    """Every file under ``site_dir``, by site path (what a build found there before it wrote anything)."""
    found: set[str] = set()
    root = str(site_dir)
    for folder, _, names in os.walk(root):
        here = os.path.relpath(folder, root)
        found.update(name if here == "." else f"{here}/{name}" for name in names)
    return found


def remove_files(site_dir: Path, paths: Iterable[str]) -> None:
    """Remove ``paths`` from ``site_dir``, and the folders they leave empty."""
    folders = set()
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(site_dir / path)
        folders.add(os.path.dirname(path))
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(site_dir / folder)
            except OSError:  # not empty (or gone)
                break
            folder = os.path.dirname(folder)


class WorkBehind:
    """Under `serve`, files no page waits for (feeds, calendars, data): written in a forked process
    once the rebuild is served, and stopped when the next rebuild starts (they would be out of date).

    The work writes its files into the site and returns their site paths. Files the last finished
    work wrote and this one did not are then removed; the paths are kept for the next rebuild.
    """

    def __init__(self) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._results = Path(tempfile.mkdtemp(prefix="minutebook-behind-")) / "written.json"
        self._latest: list[str] | None = None
        self._site_dir: Path | None = None

    def start(self, work: Callable[[], list[str]], site_dir: Path) -> None:
        """Run ``work`` in a forked process (one at a time: a running one is stopped first)."""
        self.stop()
        self._site_dir = site_dir
        before = self.latest() or []
        self._process = multiprocessing.get_context("fork").Process(
            target=self._run,
            args=(work, site_dir, before),
            name="minutebook-behind",
            daemon=True,
        )
        self._process.start()

    def _run(self, work: Callable[[], list[str]], site_dir: Path, before: list[str]) -> None:
        begin_forked_worker()  # a search refresh's Pagefind must not wait for this process to finish
        try:
            written = work()
            for path in set(before) - set(written):
                (site_dir / path).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - reported in the serve log; the next rebuild tries again
            logging.getLogger("mkdocs.plugins.minutebook").exception(
                "Writing feeds, calendars and data behind the rebuild failed"
            )
            os._exit(1)
        replace_file(self._results, json.dumps(written))

    def stop(self) -> None:
        """Stop the work if it is still running, and wait until it has."""
        if self._process is None:
            return
        killed = self._process.is_alive()
        if killed:
            self._process.kill()
        self._process.join()
        pid = self._process.pid  # set once started
        if killed and self._site_dir is not None and pid is not None:
            # A file it was writing is left aside, half-written: not for the site (or the link check).
            for folder in {(self._site_dir / path).parent for path in self._latest or ()}:
                remove_left_aside(folder, pid)
        self._process = None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the work has finished (or ``timeout`` seconds have passed); whether it has."""
        if self._process is not None:
            self._process.join(timeout)
        return self._process is None or not self._process.is_alive()

    def remember(self, written: list[str]) -> None:
        """Files written without this class (on the first build, say)."""
        self._latest = list(written)

    def latest(self) -> list[str] | None:
        """The site paths the last finished work wrote, or None if nothing has been written yet."""
        try:
            self._latest = json.loads(self._results.read_text(encoding="utf-8"))
            self._results.unlink()
        except (OSError, ValueError):
            pass
        return self._latest

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._results.parent, ignore_errors=True)


class CollectBetweenBuilds:
    """Under `serve`, Python's cycle collector waits until a rebuild is served.

    The session keeps a large model alive, and each full collection walks all of it: about a
    second per rebuild at 2,000 meetings, at whatever moment the allocations happen to trigger
    it. Collection is paused for the build and done in one go shortly after, once the browser
    has had time to load the new page.
    """

    def __init__(self, delay: float = 1.0) -> None:
        self._delay = delay
        self._timer: threading.Timer | None = None

    def pause(self) -> None:
        """A build starts: no collection until it has been served."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        gc.disable()

    def resume_soon(self) -> None:
        """A build ended (finished or failed): collect in a moment, then as usual."""
        self._timer = threading.Timer(self._delay, self._collect)
        self._timer.daemon = True
        self._timer.start()

    @staticmethod
    def _collect() -> None:
        gc.enable()
        gc.collect()


def shared_stamp(paths: Iterable[Path], *values: object) -> str:
    """A digest of what every page depends on: the files under ``paths`` (by name and bytes) and ``values``.

    By bytes, not by time: a fresh checkout (a CI run, the publish server's export) stamps alike.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for root in paths:
        files = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for path in files:
            hasher.update(f"{path.relative_to(root) if path != root else path.name}\0".encode())
            hasher.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    for value in values:
        hasher.update(_digest(value))
    return hasher.hexdigest()


def _digest(value: Any) -> bytes:
    return bytes.fromhex(Fingerprints().of(value))


def stop_serve_like_ctrl_c() -> None:
    """SIGTERM and SIGHUP (a process manager, a closed terminal) stop `serve` as Ctrl-C does.

    MkDocs cleans up only on Ctrl-C: otherwise its temporary site folder, and ours (search bundles,
    files written behind a rebuild), were left in the temporary folder at every stop. Only from the
    main thread, and only for signals no embedding program has a handler of its own for.
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for stop in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(stop) == signal.SIG_DFL:  # an embedding program's own handler wins
            signal.signal(stop, interrupt)
