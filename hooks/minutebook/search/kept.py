"""Search bundles kept between builds: a bundle whose pages did not change is not indexed again.

Pagefind has no way to update an index: a bundle is made whole from the pages it holds. Its output
depends on nothing else (``stabilise`` makes the rest repeatable), so a bundle is kept in the build
cache under the digest of its globs, of Pagefind's settings and of the bytes of every page it holds;
a later build whose bundle has the same digest puts the same files back, hard-linked from the cache.

Which pages a bundle holds is worked out here from the same globs Pagefind is given, and checked
against the count Pagefind reports when it indexes the bundle: a bundle whose count differs is not
kept (indexing it every time is slow, never wrong).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from ..batch import map_over_cores
from ..cache import BuildCache
from ..cache_store import Stored, store_file
from ..sealed import digest
from .pagefind import EXCLUDED, UNUSED_FILES
from .plan import Bundle

log = logging.getLogger("mkdocs.plugins.minutebook.search")


def bundle_pages(bundles: Iterable[Bundle], paths: Iterable[str]) -> dict[str, list[str]]:
    """The site paths (of ``paths``) each bundle indexes, by folder."""
    bundles = list(bundles)
    members: dict[str, list[str]] = {bundle.folder: [] for bundle in bundles}
    patterns = [(bundle.folder, [_glob(glob) for glob in bundle.globs]) for bundle in bundles]
    for path in sorted(paths):
        for folder, globs in patterns:
            if any(glob.match(path) for glob in globs):
                members[folder].append(path)
    return members


def bundle_key(bundle: Bundle, pages: Iterable[tuple[str, str]]) -> str:
    """What a bundle is made from: its globs, what Pagefind leaves out, and each page's path and bytes' digest."""
    return digest("bundle", bundle.folder, *bundle.globs, *EXCLUDED, *UNUSED_FILES, *(f"{p}\0{d}" for p, d in pages))


def bundle_keys(bundles: Iterable[Bundle], outputs: Mapping[str, str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The pages each bundle holds and each bundle's key, by folder, from every page's digest by site path."""
    bundles = list(bundles)
    members = bundle_pages(bundles, outputs)
    keys = {
        bundle.folder: bundle_key(bundle, [(path, outputs[path]) for path in members[bundle.folder]])
        for bundle in bundles
    }
    return members, keys


class KeptBundles:
    """Bundles by key in the build cache: each a list of its files and the objects holding them."""

    def __init__(self, cache: BuildCache, site_dir: Path) -> None:
        self._table = cache.table("bundles")
        self._objects = cache.objects
        self._site_dir = site_dir

    def place(self, key: str, folder: str) -> list[str] | None:
        """Put the bundle kept under ``key`` into the site at ``folder``: its files' site paths, or None."""
        files = self._table.get(key)
        if not isinstance(files, tuple) or not all(self._objects.has(name) for _, name in files):
            return None
        for relative, name in files:
            if not self._objects.place(name, self._site_dir / folder / relative):
                return None
        return [f"{folder}/{relative}" for relative, _ in files]

    def keep(self, key: str, folder: str) -> None:
        """The bundle in the site at ``folder`` was made under ``key``: keep it for the next build."""
        root = self._site_dir / folder
        relatives = sorted(
            os.path.relpath(os.path.join(here, name), root) for here, _, names in os.walk(root) for name in names
        )
        stored: list[Stored] = map_over_cores(_Store(self._objects.folder, root), relatives, threshold=256)
        for found in stored:
            self._objects.record(found)
        self._table.put(key, tuple((relative, found.name) for relative, found in zip(relatives, stored)))


class _Store:
    """Store one file of a bundle (in a worker: see ``batch.map_over_cores``)."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self._folder = folder
        self._root = root

    def __call__(self, relative: str) -> Stored:
        return store_file(self._folder, self._root / relative)


def checked(counts: Mapping[str, int], members: Mapping[str, list[str]]) -> set[str]:
    """The bundles (of ``counts``: pages Pagefind indexed) whose pages are the ones worked out here."""
    good = {folder for folder, count in counts.items() if count == len(members.get(folder, ()))}
    for folder in sorted(set(counts) - good):
        log.info(
            "Search: %s holds %d pages, not the %d expected; it will be indexed again next time",
            folder,
            counts[folder],
            len(members.get(folder, ())),
        )
    return good


@lru_cache(maxsize=256)
def _glob(glob: str) -> re.Pattern[str]:
    """A glob as Pagefind reads it (``*``, ``**/``, ``{a,b}``) as a pattern for a whole site path."""
    pattern, at = "", 0
    while at < len(glob):
        if glob.startswith("**/", at):
            pattern, at = pattern + "(?:.*/)?", at + 3
        elif glob[at] == "*":
            pattern, at = pattern + "[^/]*", at + 1
        elif glob[at] == "{":
            end = glob.index("}", at)
            pattern += "(?:" + "|".join(
                _glob(part).pattern.removesuffix(r"\Z") for part in glob[at + 1 : end].split(",")
            )
            pattern, at = pattern + ")", end + 1
        else:
            pattern, at = pattern + re.escape(glob[at]), at + 1
    return re.compile(pattern + r"\Z")
