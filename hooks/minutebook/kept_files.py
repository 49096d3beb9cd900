"""The site's files kept between builds by key: pages and outputs as objects of the build cache, and the
pieces of large files (a meeting's record in meetings.json) by the digest of what they are made from."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from .batch import map_over_cores
from .cache import BuildCache
from .cache_store import Stored, memo, store_file
from .files import Content, aside_path
from .fingerprint import Fingerprints
from .sealed import CHECKSUM, digest


class Outputs:
    """The files earlier builds made, by key (a page's, say): found again in the build cache, or kept anew.

    A file is an object of the cache (``cache.Objects``): the digest of its bytes, recorded under its
    key. ``place`` puts it where this build wants it, as a hard link from the store (or leaves it, if
    the file there is already it); ``keep`` records the files this build made, hashed on every core.
    """

    def __init__(self, cache: BuildCache, name: str, site_dir: Path) -> None:
        self._table = cache.table(name)
        self._objects = cache.objects
        self._site_dir = site_dir

    def name(self, key: str) -> str | None:
        """The object an earlier build made under ``key``, if it is still sound."""
        found = self._table.get(key)
        return found if isinstance(found, str) and self._objects.has(found) else None

    def place(self, key: str, path: str) -> bool:
        """Make the site's file ``path`` what an earlier build made under ``key``; False if none did."""
        found = self._table.get(key)
        return isinstance(found, str) and self._objects.place(found, self._site_dir / path)

    def read(self, key: str) -> bytes | None:
        """The bytes an earlier build made under ``key`` (a page the front end writes itself)."""
        found = self._table.get(key)
        return self._objects.read(found) if isinstance(found, str) else None

    def keep_bytes(self, key: str, data: bytes) -> None:
        """``data`` is what this build made under ``key`` (written into the site by the front end)."""
        self._table.put(key, self._objects.store_bytes(data))

    def keep(self, keyed: Sequence[tuple[str, str]]) -> None:
        """The files this build wrote, as (key, site path): each hashed and stored, on every core."""
        folder = self._objects.folder
        stored = map_over_cores(partial(_store, folder, self._site_dir), [path for _, path in keyed], threshold=256)
        for (key, _), found in zip(keyed, stored):
            self._objects.record(found)
            self._table.put(key, found.name)

    def place_all(self, key: str) -> tuple[list[str], tuple[str, ...]] | None:
        """Put back every file kept together under ``key`` (see ``keep_all``): their paths and pieces, or None."""
        found = self._table.get(key)
        if not isinstance(found, tuple) or len(found) != 2:
            return None
        files, pieces = found
        for path, name in files:
            if self._table.get(path) != name or not self._objects.place(name, self._site_dir / path):
                return None
        return [path for path, _ in files], pieces

    def keep_all(self, key: str, paths: Sequence[str], pieces: Sequence[str]) -> None:
        """The files at ``paths``, written (with ``write``) from ``pieces``, all made from ``key``'s inputs."""
        names = [(path, self._table.get(path)) for path in paths]
        if all(isinstance(name, str) for _, name in names):
            self._table.put(key, (tuple(names), tuple(pieces)))

    def write(self, path: str, content: Content) -> None:
        """Write the site's file ``path`` whole (aside, then renamed into place) and keep it under ``path``;
        if its bytes are those the last build kept there, the file already in place is left as it is."""
        target = self._site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        aside = aside_path(target, os.getpid())
        hasher = hashlib.blake2b(digest_size=CHECKSUM)
        try:
            with aside.open("wb") as file:
                for piece in [content] if isinstance(content, bytes) else content:
                    hasher.update(piece)
                    file.write(piece)
        except BaseException:
            aside.unlink(missing_ok=True)
            raise
        name = hasher.hexdigest()
        if self._table.get(path) == name and self._objects.place(name, target):
            aside.unlink()
            return
        os.replace(aside, target)
        self._objects.record(store_file(self._objects.folder, target, name))
        self._table.put(path, name)


class KeptPieces:
    """The ``cache.Memo`` of a build: each piece of a file by the digest of its kind and inputs."""

    def __init__(self, cache: BuildCache, fingerprints: Fingerprints) -> None:
        self._values = cache.values("pieces")
        self._fingerprints = fingerprints
        self.used: list[str] = []  # the keys of the pieces this build asked for

    def __call__(self, kind: str, inputs: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
        key = digest(kind, self._fingerprints.of(inputs))
        self.used.append(key)
        return memo(self._values, key, make)

    def touch(self, keys: Iterable[str]) -> None:
        """The pieces under ``keys`` are still wanted (a build that reused the files made of them)."""
        for key in keys:
            self._values.touch(key)


def write_kept(
    cache: BuildCache,
    fingerprints: Fingerprints,
    site_dir: Path,
    inputs: tuple[Any, ...],
    write: Callable[[KeptPieces, Outputs], list[str]],
) -> list[str]:
    """The site paths of the files ``write`` writes (feeds, calendars, data), made from ``inputs`` and nothing else:
    put back whole from the cache when an earlier build made them from equal inputs, else written and kept."""
    pieces, writer = KeptPieces(cache, fingerprints), Outputs(cache, "outputs", site_dir)
    key = digest("all outputs", fingerprints.of(inputs))
    found = writer.place_all(key)
    if found is not None:
        paths, used = found
        pieces.touch(used)
        return paths
    paths = write(pieces, writer)
    writer.keep_all(key, paths, pieces.used)
    return paths


def _store(folder: Path | None, site_dir: Path, path: str) -> Stored:
    return store_file(folder, site_dir / path)
