"""Under `mkdocs serve`: keep the last build's site, render again only the pages whose inputs changed,
and leave what no page waits for until the rebuild is served.

MkDocs rebuilds the whole site on every save, into a folder it empties first; at a few
thousand meetings that is most of a minute. Three things make a save cheap:

- ``KeptSite`` moves the last build's files aside before MkDocs empties the folder and
  puts them back straight after, so an unchanged page is neither rendered nor copied.
- ``PageCache`` says which generated pages can have changed: those whose view (model
  values) differs from the last finished build's, or all of them when what every page
  shares (templates, engine code, mkdocs.yml, the registry, the list of meetings) changed.
- ``WorkBehind`` writes what no page needs to be shown (feeds, calendars, open data) in
  another process once the rebuild is served, and ``CollectBetweenBuilds`` moves Python's
  cycle collection there too.

``build.ServeSession`` holds the four from one rebuild to the next.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .batch import begin_forked_worker
from .files import remove_left_aside, replace_file
from .pages import GeneratedPage
from .urls import built_path


class PageCache:
    """The last finished build's generated pages, kept for the session to compare the next build's with."""

    def __init__(self) -> None:
        self._built: dict[
            str, tuple[str, GeneratedPage]
        ] = {}  # src_uri -> (shared stamp, page) of the last finished build
        self._pending: dict[str, tuple[str, GeneratedPage]] = {}  # this build's, kept once it finishes

    def unchanged(self, pages: Iterable[tuple[GeneratedPage, str]], site_dir: Path) -> set[str]:
        """The src_uris of ``pages`` whose file in ``site_dir``, from the last finished build, is still right.

        Each page comes with a stamp of what it shares with other pages (templates, code, the
        registry: see ``shared_stamp``). A page is unchanged when its stamp is, and the page
        and its view are equal to the last build's. Comparing is cheap: an unchanged
        meeting comes back from the load cache as the very same object, and Python compares
        identical objects as equal without looking inside them. Equal values render alike: what
        type each place in a view holds is fixed by the code, which is in the stamp.
        """
        self._pending = {page.src_uri: (shared, page) for page, shared in pages}
        folder = str(site_dir)
        return {
            uri
            for uri, (stamp, page) in self._pending.items()
            if (last := self._built.get(uri)) is not None
            and last[0] == stamp
            and last[1] == page
            and last[1].view == page.view
            and os.path.isfile(os.path.join(folder, built_path(uri)))
        }

    def finish(self) -> None:
        """The build finished: its pages are the ones to compare with next time."""
        self._built = self._pending

    def forget(self) -> None:
        """The site was emptied (a failed build): nothing built before can be kept."""
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
    """A digest of what every page depends on: the files under ``paths`` (by size and time) and ``values``."""
    digest = hashlib.blake2b(digest_size=20)
    for root in paths:
        files = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for path in files:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for value in values:
        digest.update(_digest(value))
    return digest.hexdigest()


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


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
