"""The build cache: what earlier builds made, kept on disk by the digest of everything it was made from.

A build with a warm cache does only the work a change needs (a meeting whose bytes did not change
is not parsed again, a page whose view did not change is not laid out again), and the site it
writes is byte for byte what a clean build writes, because each result is found by the digest of
all its inputs, never by a name or a time.

On disk, in ``.minutebook-cache/`` in the folder the build runs in (``MINUTEBOOK_CACHE`` moves it):

    stamp.json               the cache's format, the engine's digest (its code and packages) and the archive's
    values/<name>/xx/<key>   large values (a parsed meeting): one checksummed file each
    tables/<name>            small values (a page's output digest) by key: one checksummed file per table
    objects/xx/<digest>      files of the site (pages, search bundles, data) by the digest of their bytes:
                             hard links of the site's own files, so they take no room of their own

The cache is never in a folder that is published or read as minutes (the site, docs or minutes folder),
nor holds one, nor is a folder of other files: any of those, and the build goes without it, saying so.

Nothing read is trusted. A stamp of another engine version or archive, or one that cannot be read,
and the cache is emptied and started again; a value or table whose checksum fails, or an object
whose size and time are not those recorded and whose bytes no longer match its name, is ignored and
the work is done again. Either way the build says so in one log line. Values are read back with an
unpickler that makes only the engine's own model types and plain Python values: a cache file cannot
run code.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from .batch import ContentCache, SameObjectCache
from .cache_store import (
    Objects,
    Table,
    Values,
    file_digest,
    memo,
    write_json,
    write_whole,
)
from .sealed import CHECKSUM, digest

log = logging.getLogger("mkdocs.plugins.minutebook")
T = TypeVar("T")
K = TypeVar("K")

CACHE_ENV = "MINUTEBOOK_CACHE"
DEFAULT_FOLDER = ".minutebook-cache"
OFF = "off"  # MINUTEBOOK_CACHE=off: no cache at all (every build a clean one)
FORMAT = 1
ENGINE = Path(__file__).resolve().parent  # hooks/minutebook: its code is part of the engine's digest
# The standard marker (bford.info/cachedir) that tells backup tools to skip the folder.
CACHEDIR_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# Minutebook's build cache: safe to delete.\n"


def engine_digest() -> str:
    """What the engine is: its code, Python's version and every installed package's (a change empties the cache)."""
    hasher = hashlib.blake2b(digest_size=CHECKSUM)
    hasher.update(f"{FORMAT}\0{sys.version}\0".encode())
    for path in sorted(ENGINE.rglob("*")):  # the schemas the data files name too, not only the code
        if "__pycache__" not in path.parts and path.is_file():
            hasher.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    adapter = ENGINE.parent / "mkdocs_adapter.py"
    if adapter.is_file():
        hasher.update(adapter.read_bytes())
    packages = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})
    hasher.update("\n".join(packages).encode())
    return hasher.hexdigest()


def cache_folder(base: Path | None = None) -> Path | None:
    """Where the cache lives: MINUTEBOOK_CACHE, or .minutebook-cache in ``base`` (the working folder); None if off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == OFF:
        return None
    if configured:
        return Path(configured).expanduser().absolute()
    return (base or Path.cwd()).absolute() / DEFAULT_FOLDER


def apart_from(folder: Path | None, others: dict[str, Path]) -> Path | None:
    """``folder``, unless it is inside one of ``others`` (the site folder, say: the cache would be published or
    read as minutes) or holds one (emptying the cache would delete it); then None, said in one log line."""
    if folder is None:
        return None
    found = folder.resolve()
    for what, other in others.items():
        other = other.resolve()
        if found == other or other in found.parents:
            log.info(
                "Build cache: %s is inside the %s (%s); building without it. Set %s to a folder outside it",
                folder,
                what,
                other,
                CACHE_ENV,
            )
            return None
        if found in other.parents:
            log.info(
                "Build cache: %s holds the %s (%s); building without it. Set %s to a folder of its own",
                folder,
                what,
                other,
                CACHE_ENV,
            )
            return None
    return folder


def _foreign(folder: Path) -> bool:
    """Whether ``folder`` holds files and is not a cache: it is never emptied, for it is someone else's."""
    names = {entry.name for entry in os.scandir(folder)} - {"lock"}
    return bool(names) and not names & {"stamp.json", "CACHEDIR.TAG"}


@dataclass(frozen=True)
class Stamp:
    """What a cache was made by and for: it is used only by the same engine, for the same archive."""

    format: int
    engine: str
    archive: str
    builds: int = 0  # finished builds that used it, for keeping what recent builds used

    def matches(self, other: Stamp) -> bool:
        return (self.format, self.engine, self.archive) == (other.format, other.engine, other.archive)


class BuildCache:
    """Results of earlier builds, found by the digest of their inputs (see the module's docstring).

    One is opened per build (under `serve`, one for the session); ``begin`` and ``finish`` bracket
    each build. A build's results go to disk as they are made; entries no recent build used go when
    a build finishes. Without a folder (MINUTEBOOK_CACHE=off, or another build holding it), the
    cache lives in memory only, for the life of the process.
    """

    def __init__(self, folder: Path | None, stamp: Stamp) -> None:
        self.folder = folder
        self.stamp = stamp
        self.corrupt = 0  # entries found corrupt this build, and ignored
        self._values: dict[str, Values] = {}
        self._tables: dict[str, Table] = {}
        self.objects = Objects(self, folder / "objects" if folder else None)
        self._lock: int | None = None
        self._kept: dict[str, Any] = {}

    @classmethod
    def open(cls, folder: Path | None, archive: str, engine: str | None = None) -> BuildCache:
        """The cache in ``folder`` for ``archive`` (an identity: see ``archive_identity``), emptied first if it was
        made by another engine or for another archive, or cannot be read; in memory only if ``folder`` is None."""
        stamp = Stamp(FORMAT, engine or engine_digest(), archive)
        if folder is None:
            return cls(None, stamp)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if _foreign(folder):
                log.info(
                    "Build cache: %s holds other files and is not a build cache; building without it. Set %s to "
                    "a new or empty folder",
                    folder,
                    CACHE_ENV,
                )
                return cls(None, stamp)
            lock = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            log.info("Build cache: %s cannot be used (%s); building without it", folder, error.strerror or error)
            return cls(None, stamp)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            log.info("Build cache: %s is in use by another build; building without it", folder)
            return cls(None, stamp)
        found, why = _read_stamp(folder / "stamp.json")
        if found is not None and found.matches(stamp):
            stamp = found
        else:
            if found is not None:
                why = (
                    "was made for another archive"
                    if found.engine == stamp.engine
                    else ("was made by another version of Minutebook or of its packages")
                )
            if why:
                log.info("Build cache: %s %s; starting it afresh", folder, why)
            _empty(folder)
            write_json(folder / "stamp.json", stamp.__dict__)
            write_whole(folder / "CACHEDIR.TAG", CACHEDIR_TAG)
        cache = cls(folder, stamp)
        cache._lock = lock
        return cache

    @property
    def build(self) -> int:
        """This build's number in the cache's life (what entries record as their last use)."""
        return self.stamp.builds + 1

    def values(self, name: str) -> Values:
        """The cache's large values of one kind (parsed meetings, say)."""
        if name not in self._values:
            self._values[name] = Values(self, name)
        return self._values[name]

    def kept(self, name: str, make: Callable[[], K]) -> K:
        """A store kept in memory for the life of this cache only (never on disk): for results a later build
        of the same `serve` session may use, whose key does not cover everything they depend on across
        processes."""
        if name not in self._kept:
            self._kept[name] = make()
        return cast(K, self._kept[name])

    def table(self, name: str) -> Table:
        """The cache's small values of one kind (each page's output digest, say)."""
        if name not in self._tables:
            self._tables[name] = Table(self, name)
        return self._tables[name]

    def report_corrupt(self, what: str) -> None:
        """An entry was not what the cache wrote: it is ignored (the build says so once, when it finishes)."""
        self.corrupt += 1
        if self.corrupt == 1:
            log.info("Build cache: %s was cut short or altered; it is ignored and made again", what)

    def finish(self) -> None:
        """The build succeeded: write what it made and used, and forget what no recent build used."""
        for table in list(self._tables.values()):
            table.save()
        for values in self._values.values():
            values.end_build()
            values.collect()
        self.objects.collect()
        self.stamp = Stamp(self.stamp.format, self.stamp.engine, self.stamp.archive, self.build)
        if self.folder is not None:
            write_json(self.folder / "stamp.json", self.stamp.__dict__)
        self.corrupt = 0

    def forget_build(self) -> None:
        """The build failed: what it wrote to disk stays (it is right for its inputs), but nothing is pruned."""
        for table in list(self._tables.values()):
            table.save()
        for values in self._values.values():
            values.end_build()
        self.corrupt = 0

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None


class Memo(Protocol):
    """Keeps a piece of a file between builds (a meeting's record in meetings.json): ``make()``'s bytes, by
    ``kind`` and the digest of ``inputs``, which must be everything ``make`` reads (``outputs.KeptPieces``)."""

    def __call__(self, kind: str, inputs: tuple[Any, ...], make: Callable[[], bytes]) -> bytes: ...


def unkept(kind: str, inputs: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
    """The ``Memo`` that keeps nothing."""
    return make()


def _read_stamp(path: Path) -> tuple[Stamp | None, str]:
    """The stamp at ``path`` and, if it is none to use, why (empty when there is no cache yet)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = Stamp(int(data["format"]), str(data["engine"]), str(data["archive"]), int(data.get("builds", 0)))
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError, KeyError, TypeError):
        return None, "could not be read"
    return found, ""


def _empty(folder: Path) -> None:
    for entry in os.scandir(folder):
        if entry.name == "lock":
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)


def archive_identity(source: Path) -> str:
    """Which archive a cache serves: its bodies (the ids in bodies.yml), which no two archives share.

    A cache copied from another archive is then started afresh rather than searched (it could only miss:
    every key is a digest of its inputs). Adding a body starts the cache afresh once.
    """
    try:
        import yaml

        data = yaml.safe_load((source / "bodies.yml").read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - unreadable: the load reports it; the cache just has no identity
        return digest("no bodies")
    ids = sorted(str(key) for key in data) if isinstance(data, dict) else []
    return digest("bodies", *ids)


class ArchiveCache:
    """What loading an archive keeps between builds: each meeting file parsed, the people its text names, and
    (for the process) the links and histories made from them.

    Handed to ``load_archive``; ``key_of`` then tells, for each loaded meeting, the key it was cached under
    (the digest of its file and the registries), which stands for it in every other key.
    """

    def __init__(self, cache: BuildCache) -> None:
        self.parsed = _Parsed(cache.values("parsed"))
        self.rendered = cache.values("rendered")
        self._names = cache.values("names")
        self._xrefs = cache.values("xrefs")
        self._files = cache.table("papers")
        self.links = cache.kept("links", SameObjectCache)
        self.shown = cache.kept("shown", ContentCache)
        self.histories = cache.kept("histories", ContentCache)

    def key_of(self, meeting: object) -> str | None:
        return self.parsed.keys.get(id(meeting))

    def file_digest(self, path: Path) -> str:
        """The digest of a file's bytes (a paper's), worked out again only when its size or time changed."""
        found = os.lstat(path)
        key = f"{found.st_dev}:{found.st_ino}:{found.st_size}:{found.st_mtime_ns}"
        known = self._files.get(key)
        if not isinstance(known, str):
            known = file_digest(path)
            self._files.put(key, known)
        return known

    def names(self, meeting: object, compute: Callable[[], T]) -> T:
        """The people ``meeting``'s texts name (``compute``'s result), worked out once per version of its file."""
        key = self.key_of(meeting)
        return compute() if key is None else memo(self._names, key, compute)

    def cross_references(self, meeting: object, compute: Callable[[], T]) -> T:
        """What ``meeting``'s texts cite (``compute``'s result), worked out once per version of its file."""
        key = self.key_of(meeting)
        return compute() if key is None else memo(self._xrefs, key, compute)


class _Parsed:
    """Parsed meeting files by key (as ``load`` asks for them), remembering which meeting came from which key."""

    def __init__(self, values: Values) -> None:
        self._values = values
        self.keys: dict[int, str] = {}  # id of a loaded meeting -> its key (the meetings are kept alive by values)

    def get(self, key: str) -> Any | None:
        found = self._values.get(key)
        if found is not None and found[0] is not None:
            self.keys[id(found[0])] = key
        return found

    def put(self, key: str, value: Any) -> None:
        self._values.put(key, value)

    def end_build(self) -> None:
        """The load is done (the cache prunes when the whole build is)."""
