"""Under `mkdocs serve`: render again only the pages whose inputs changed since the last build.

MkDocs rebuilds the whole site on every save, and at a few thousand meetings rendering
every page through the theme takes most of a minute. Each generated page is described by
its context (model values) and its front matter; a digest of those, plus a stamp of what
every page shares (templates, engine code, mkdocs.yml, the registry and the list of
meetings with their titles), says whether the page can change. Pages whose digest is the
same as at the last finished build are left out of the build, and their last output is put
back into the site afterwards. A change to anything shared renders every page again.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .batch import map_over_cores
from .model import Meeting
from .pages import GeneratedPage
from .registry import Registry
from .urls import built_path


class PageCache:
    """The last finished build's page digests and output, kept in a private folder for the session."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="minutebook-pages-"))
        self._built: dict[str, str] = {}  # src_uri -> digest of the last finished build
        self._pending: dict[str, str] = {}  # this build's digests, kept once it finishes
        # A token for each meeting, by identity, kept with the meeting (so no id is reused): the
        # load cache returns an unchanged meeting as the very same object, a changed one as a new one.
        self._tokens: dict[int, tuple[Meeting, str]] = {}
        self._issued = 0

    def unchanged(self, pages: Iterable[GeneratedPage], shared: str, registry: Registry, meetings: Iterable[Meeting]) -> set[str]:
        """The src_uris of ``pages`` whose output from the last finished build is still right.

        ``shared`` must cover ``registry``: contexts refer to its people and bodies by name only.
        ``meetings`` are every meeting the contexts can show.
        """
        pages = list(pages)
        tokens = {id(meeting): self._tokens.get(id(meeting)) or self._new_token(meeting) for meeting in meetings}
        fixed = {id(registry): "registry", id(registry.people): "people", id(registry.bodies): "bodies"}
        fixed.update((id(person), f"person:{key}") for key, person in registry.people.items())
        fixed.update((id(body), f"body:{key}") for key, body in registry.bodies.items())

        def digest_of(index: int) -> str:
            page = pages[index]
            digest = hashlib.blake2b(shared.encode(), digest_size=20)
            digest.update(page.markdown.encode())
            digest.update(self._context_digest(page.context, tokens, fixed))
            return digest.hexdigest()

        # Pickling every context is most of the work: both cores share it.
        self._pending = dict(zip((page.src_uri for page in pages), map_over_cores(digest_of, range(len(pages)))))
        self._tokens = tokens
        return {
            uri for uri, value in self._pending.items()
            if self._built.get(uri) == value and (self._folder / built_path(uri)).is_file()
        }

    def _new_token(self, meeting: Meeting) -> tuple[Meeting, str]:
        self._issued += 1
        return meeting, f"meeting-{self._issued}"

    def _context_digest(self, context: dict[str, Any], seen: dict[int, tuple[Meeting, str]], fixed: dict[int, str]) -> bytes:
        buffer = io.BytesIO()
        try:
            _ContextPickler(buffer, self._token, seen, fixed).dump(context)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return os.urandom(16)  # cannot be compared between builds: never "unchanged"
        return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()

    def _token(self, meeting: Meeting, tokens: dict[int, tuple[Meeting, str]]) -> str:
        found = tokens.get(id(meeting))
        if found is None:  # a meeting not in the archive's list: give it a token, never seen again
            found = tokens[id(meeting)] = self._new_token(meeting)
        return found[1]

    def finish(self, site_dir: Path, rendered: Iterable[str], skipped: Iterable[str]) -> None:
        """After a build: keep what was rendered, put back what was skipped, and remember the digests."""
        for src_uri in rendered:
            link_or_copy(site_dir / built_path(src_uri), self._folder / built_path(src_uri))
        for src_uri in skipped:
            link_or_copy(self._folder / built_path(src_uri), site_dir / built_path(src_uri))
        self._built = self._pending

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


class _ContextPickler(pickle.Pickler):
    """Pickles a page's context with each meeting written as its token: meetings are the bulk of
    every context and are compared by identity (see PageCache), so they are never serialised."""

    def __init__(self, buffer: io.BytesIO, token: Any, seen: dict[int, tuple[Meeting, str]], fixed: dict[int, str]) -> None:
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # No memo: equal values must give equal bytes whether or not they are the same object
        # (a cached meeting and a fresh registry hold equal, not identical, strings).
        self.fast = True
        self._token = token
        self._seen = seen
        self._fixed = fixed

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) is Meeting:
            return self._token(obj, self._seen)
        return self._fixed.get(id(obj))


def shared_stamp(paths: Iterable[Path], *values: object) -> str:
    """A digest of what every page depends on: the files under ``paths`` (by size and time) and ``values``."""
    digest = hashlib.blake2b(digest_size=20)
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    for value in values:
        digest.update(_digest(value))
    return digest.hexdigest()


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` becomes ``source``'s content: a hard link when it can (no copying), else a copy.

    Safe as a link for build output: MkDocs empties the site folder (unlinking, not truncating)
    before each build, and nothing rewrites a built file in place.
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


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()
