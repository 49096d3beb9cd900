"""Where the build cache keeps things on disk: large values, small tables, and the site's files as objects."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .sealed import CHECKSUM, CacheCorrupt, seal, unseal

if TYPE_CHECKING:
    from .cache import BuildCache

log = logging.getLogger("mkdocs.plugins.minutebook")
# Entries a build did not use are kept for this many builds more: a rejected push, or a build of the
# previous commit, then still finds what the last good build made.
KEEP_BUILDS = 2
T = TypeVar("T")
Identity = tuple[int, int, int, int]  # a file's device, inode, size and modification time (ns)


class Values:
    """Large values by key: in memory for the process, on disk one checksummed file each."""

    def __init__(self, cache: BuildCache, name: str) -> None:
        self._cache = cache
        self._name = name
        self._folder = cache.folder / "values" / name if cache.folder else None
        self._memory: dict[str, Any] = {}
        self._used = cache.table(f"values-{name}")  # key -> the last build that used it

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None."""
        if key in self._memory:
            self._used.touch(key)
            return self._memory[key]
        if self._folder is None:
            return None
        path = self._folder / key[:2] / key
        try:
            value = unseal(path.read_bytes())
        except FileNotFoundError:
            return None
        except (CacheCorrupt, OSError):
            self._cache.report_corrupt(f"{path}")
            path.unlink(missing_ok=True)
            return None
        self._memory[key] = value
        self._used.touch(key)
        return value

    def put(self, key: str, value: Any) -> Any:
        """Store ``value`` under ``key``; returns the value as it will be read back (see ``normalised``)."""
        data = seal(value)
        if self._folder is not None:
            write_whole(self._folder / key[:2] / key, data)
        value = unseal(data)
        self._memory[key] = value
        self._used.put(key, True)
        return value

    def touch(self, key: str) -> None:
        """``key`` is still wanted by this build, though not read (the files made from it were kept whole)."""
        self._used.touch(key)

    def end_build(self) -> None:
        """Keep in memory only what this build used: a long `serve` session stays flat."""
        used = self._used.used_now()
        self._memory = {key: value for key, value in self._memory.items() if key in used}

    def collect(self) -> None:
        """Remove from disk what no recent build used (call once the table of uses is saved)."""
        if self._folder is None:
            return
        kept = set(self._used.keys())
        for shard in _folders(self._folder):
            for entry in os.scandir(shard):
                if entry.name not in kept and not entry.name.startswith("."):
                    os.unlink(entry.path)


class Table:
    """Small values by key, one checksummed file: read once, written when the build finishes."""

    def __init__(self, cache: BuildCache, name: str) -> None:
        self._cache = cache
        self._path = cache.folder / "tables" / name if cache.folder else None
        self._entries: dict[str, tuple[int, Any]] | None = None  # key -> (the last build that used it, value)
        self._changed = False

    def _all(self) -> dict[str, tuple[int, Any]]:
        if self._entries is None:
            self._entries = {}
            if self._path is not None and self._path.is_file():
                try:
                    entries = unseal(self._path.read_bytes())
                    if not isinstance(entries, dict):
                        raise CacheCorrupt("not a table")
                    self._entries = entries
                except (CacheCorrupt, OSError):
                    self._cache.report_corrupt(str(self._path))
        return self._entries

    def get(self, key: str) -> Any | None:
        found = self._all().get(key)
        if found is None:
            return None
        if found[0] != self._cache.build:
            self._entries[key] = (self._cache.build, found[1])  # type: ignore[index]  # _all() made it
            self._changed = True
        return found[1]

    def put(self, key: str, value: Any) -> None:
        self._all()[key] = (self._cache.build, value)
        self._changed = True

    def touch(self, key: str) -> None:
        """``key`` was used this build (its value is kept elsewhere)."""
        entries = self._all()
        if entries.get(key, (0,))[0] != self._cache.build:
            entries[key] = (self._cache.build, True)
            self._changed = True

    def keys(self) -> Iterable[str]:
        return self._all().keys()

    def used_now(self) -> set[str]:
        build = self._cache.build
        return {key for key, (used, _) in self._all().items() if used == build}

    def items(self) -> Iterator[tuple[str, Any]]:
        for key, (_, value) in self._all().items():
            yield key, value

    def save(self) -> None:
        """Write the table, without what no recent build used."""
        entries = self._all()
        oldest = self._cache.build - KEEP_BUILDS + 1
        stale = [key for key, (used, _) in entries.items() if used < oldest]
        for key in stale:
            del entries[key]
        if self._path is not None and (self._changed or stale):
            write_whole(self._path, seal(entries))
        self._changed = False


@dataclass(frozen=True)
class Stored:
    """An object as stored: its name (the digest of its bytes), the file holding it ("" for the cache's own
    objects/ folder, wherever the cache is now), and that file's identity."""

    name: str
    path: str
    identity: Identity


class Objects:
    """Files of the site by the digest of their bytes, found again by that digest.

    With a cache folder, an object is a hard link in objects/ of the file the build wrote into the site
    (no second copy). Without one (MINUTEBOOK_CACHE=off, or another build holding the cache), an object
    is the file of the site itself, for as long as it stays as it was. Either way an object is used only
    if its file's size and modification time are what was recorded (as git trusts its index), or failing
    that, if its bytes still hash to its name.
    """

    def __init__(self, cache: BuildCache, folder: Path | None) -> None:
        self._cache = cache
        self.folder = folder
        self._known = cache.table("objects")  # name -> (path, identity) of its file when stored
        self._bytes: dict[str, bytes] = {}  # without a folder: files the front end writes itself

    def _file(self, name: str, recorded: str) -> Path | None:
        if recorded:
            return Path(recorded)
        return _object_path(self.folder, name) if self.folder is not None else None

    def store(self, source: Path) -> Stored:
        """Keep the file at ``source`` (a file of the site) as an object, leaving the file as it is.

        Also in a forked worker: the build's own process then ``record``s what it returns.
        """
        return store_file(self.folder, source)

    def record(self, stored: Stored) -> None:
        """``stored`` is kept (by this process or by a worker)."""
        self._known.put(stored.name, (stored.path, stored.identity))

    def store_bytes(self, data: bytes) -> str:
        """Keep ``data`` as an object (a file the front end writes itself, from these bytes); its name."""
        name = object_digest(data)
        if self.folder is None:
            self._bytes[name] = data
            self._known.put(name, ("", (0, 0, len(data), 0)))
        elif not self.has(name):
            target = _object_path(self.folder, name)
            write_whole(target, data)
            self._known.put(name, ("", identity(target)))
        return name

    def has(self, name: str) -> bool:
        """Whether object ``name`` is stored, and sound."""
        return name in self._bytes or self._sound(name) is not None

    def read(self, name: str) -> bytes | None:
        """The bytes of object ``name``, if it is stored and sound."""
        if name in self._bytes:
            self._known.touch(name)
            return self._bytes[name]
        path = self._sound(name)
        try:
            return path.read_bytes() if path is not None else None
        except OSError:
            return None

    def place(self, name: str, target: Path) -> bool:
        """Make ``target`` hold object ``name``: left as it is if it already does, else hard-linked (copied across
        file systems) from where the object is. False if it is not stored, or not sound."""
        recorded = self._known.get(name)
        if recorded is None:
            return False
        try:
            if identity(target) == recorded[1]:
                return True
        except OSError:
            pass
        source = self._sound(name)
        if source is None:
            return False
        if source == target:
            return True
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        _link(source, target)
        return True

    def _sound(self, name: str) -> Path | None:
        """The file holding object ``name`` if it is what was stored: recorded identity, or else its bytes' digest."""
        recorded = self._known.get(name)
        path = self._file(name, recorded[0]) if recorded is not None else None
        if recorded is None or path is None:
            return None
        try:
            found = identity(path)
        except OSError:
            return None
        if found == recorded[1]:
            return path
        try:
            sound = file_digest(path) == name
        except OSError:
            sound = False
        if sound:  # moved or restored (a CI cache, say): sound, with a new identity
            self._known.put(name, (recorded[0], found))
            return path
        if not recorded[0]:  # the cache's own copy: report it, and let it go
            self._cache.report_corrupt(str(path))
            with contextlib.suppress(OSError):
                path.unlink()
        return None

    def collect(self) -> None:
        """Remove the objects no recent build used."""
        kept = set(self._known.keys())
        self._bytes = {name: data for name, data in self._bytes.items() if name in kept}
        if self.folder is None or not self.folder.is_dir():
            return
        for shard in _folders(self.folder):
            for entry in os.scandir(shard):
                if entry.name not in kept and not entry.name.startswith("."):
                    os.unlink(entry.path)


def store_file(folder: Path | None, source: Path, name: str | None = None) -> Stored:
    """``source`` kept as an object in ``folder`` (a hard link there; without a folder, the file itself).
    ``name``: the digest of its bytes, if the caller has it already."""
    name = name or file_digest(source)
    if folder is None:
        return Stored(name, str(source), identity(source))
    target = _object_path(folder, name)
    try:
        found = identity(target)
        if found[2] == os.lstat(source).st_size and file_digest(target) == name:
            return Stored(name, "", found)  # stored by an earlier build (or another page with these bytes)
        target.unlink()
    except FileNotFoundError:
        pass
    _link(source, target)
    return Stored(name, "", identity(target))


def _object_path(folder: Path, name: str) -> Path:
    return folder / name[:2] / name


def _link(source: Path, target: Path) -> None:
    """``target`` becomes a hard link of ``source`` (a copy where the file system has none), in a folder made
    if need be."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        _link(source, target)
    except FileExistsError:  # another worker stored the same bytes meanwhile
        pass
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copyfile(source, target)


def identity(path: Path) -> Identity:
    """What tells a file apart from any other version of it, short of reading it."""
    found = os.lstat(path)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def object_digest(data: bytes) -> str:
    """The name of the object holding ``data``: the digest of its bytes."""
    return hashlib.blake2b(data, digest_size=CHECKSUM).hexdigest()


def file_digest(path: Path) -> str:
    """The name of the object holding the file at ``path`` (as ``object_digest`` of its bytes)."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=CHECKSUM)).hexdigest()


def memo(values: Values, key: str, compute: Callable[[], T]) -> T:
    """``values[key]``, or ``compute()`` stored there."""
    found = values.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]  # stored by this same call
    return values.put(key, compute())  # type: ignore[no-any-return]


def write_whole(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (aside, then renamed), making its folder if need be."""
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        aside.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        aside.write_bytes(data)
    os.replace(aside, path)


def write_json(path: Path, value: Any) -> None:
    write_whole(path, json.dumps(value, indent=1, default=str).encode())


def _folders(root: Path) -> list[str]:
    return [entry.path for entry in os.scandir(root) if entry.is_dir(follow_symlinks=False)] if root.is_dir() else []
