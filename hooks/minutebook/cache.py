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

import contextlib
import errno
import fcntl
import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

log = logging.getLogger("mkdocs.plugins.minutebook")
T = TypeVar("T")

CACHE_ENV = "MINUTEBOOK_CACHE"
DEFAULT_FOLDER = ".minutebook-cache"
OFF = "off"  # MINUTEBOOK_CACHE=off: no cache at all (every build a clean one)
FORMAT = 1
ENGINE = Path(__file__).resolve().parent  # hooks/minutebook: its code is part of the engine's digest
MAGIC = b"MBC1"
CHECKSUM = 20
# Entries a build did not use are kept for this many builds more: a rejected push, or a build of the
# previous commit, then still finds what the last good build made.
KEEP_BUILDS = 2
# The standard marker (bford.info/cachedir) that tells backup tools to skip the folder.
CACHEDIR_TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# Minutebook's build cache: safe to delete.\n"
Identity = tuple[int, int, int, int]  # a file's device, inode, size and modification time (ns)


class CacheCorrupt(Exception):
    """A cache file is not what the cache wrote (cut short, altered, or of another format)."""


def digest(*parts: bytes | str) -> str:
    """A hex digest of ``parts`` (each separated, so ("ab", "c") and ("a", "bc") differ)."""
    hasher = hashlib.blake2b(digest_size=CHECKSUM)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def seal(value: Any) -> bytes:
    """``value`` pickled, behind a checksum that ``unseal`` checks."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.blake2b(payload, digest_size=CHECKSUM).digest() + payload


def unseal(data: bytes) -> Any:
    """The value ``seal`` sealed in ``data``; CacheCorrupt if its checksum fails or it holds anything else."""
    head = len(MAGIC) + CHECKSUM
    payload = data[head:]
    checksum = hashlib.blake2b(payload, digest_size=CHECKSUM).digest()
    if data[: len(MAGIC)] != MAGIC or checksum != data[len(MAGIC) : head]:
        raise CacheCorrupt("checksum")
    try:
        return _ModelUnpickler(io.BytesIO(payload)).load()
    except Exception as error:  # noqa: BLE001 - any failure to read back is a corrupt entry
        raise CacheCorrupt(str(error)) from error


_PLAIN = {
    "builtins": {"tuple", "list", "dict", "set", "frozenset", "str", "bytes", "int", "float", "bool", "complex"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}


class _ModelUnpickler(pickle.Unpickler):
    """Makes only the engine's own classes (its frozen dataclasses and enums) and plain values."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _PLAIN.get(module, ()):
            return super().find_class(module, name)
        if module == "minutebook" or module.startswith("minutebook."):
            found = super().find_class(module, name)
            if isinstance(found, type):  # a class, never a function to call
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a value the cache stores")


def engine_digest() -> str:
    """What the engine is: its code, Python's version and every installed package's (a change empties the cache)."""
    hasher = hashlib.blake2b(digest_size=CHECKSUM)
    hasher.update(f"{FORMAT}\0{sys.version}\0".encode())
    for path in sorted(ENGINE.rglob("*.py")):
        if "__pycache__" not in path.parts:
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
            _write_json(folder / "stamp.json", stamp.__dict__)
            _write_bytes(folder / "CACHEDIR.TAG", CACHEDIR_TAG)
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
            _write_json(self.folder / "stamp.json", self.stamp.__dict__)
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
            _write_bytes(self._folder / key[:2] / key, data)
        value = unseal(data)
        self._memory[key] = value
        self._used.put(key, True)
        return value

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
            _write_bytes(self._path, seal(entries))
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
            _write_bytes(target, data)
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


class Memo(Protocol):
    """Keeps a piece of a file between builds (a meeting's record in meetings.json): ``make()``'s bytes, by
    ``kind`` and the digest of ``inputs``, which must be everything ``make`` reads (``outputs.KeptPieces``)."""

    def __call__(self, kind: str, inputs: tuple[Any, ...], make: Callable[[], bytes]) -> bytes: ...


def unkept(kind: str, inputs: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
    """The ``Memo`` that keeps nothing."""
    return make()


def memo(values: Values, key: str, compute: Callable[[], T]) -> T:
    """``values[key]``, or ``compute()`` stored there."""
    found = values.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]  # stored by this same call
    return values.put(key, compute())  # type: ignore[no-any-return]


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


def _folders(root: Path) -> list[str]:
    return [entry.path for entry in os.scandir(root) if entry.is_dir(follow_symlinks=False)] if root.is_dir() else []


def _write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (aside, then renamed), making its folder if need be."""
    aside = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        aside.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        aside.write_bytes(data)
    os.replace(aside, path)


def _write_json(path: Path, value: Any) -> None:
    _write_bytes(path, json.dumps(value, indent=1, default=str).encode())


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
    """What loading an archive keeps between builds: each meeting file parsed, and the people its text names.

    Handed to ``load_archive``; ``key_of`` then tells, for each loaded meeting, the key it was cached under
    (the digest of its file and the registries), which stands for it in every other key.
    """

    def __init__(self, cache: BuildCache) -> None:
        self.parsed = _Parsed(cache.values("parsed"))
        self.rendered = cache.values("rendered")
        self._names = cache.values("names")
        self._xrefs = cache.values("xrefs")
        self._files = cache.table("papers")

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
