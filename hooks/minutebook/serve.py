"""What `mkdocs serve` keeps between rebuilds, and the build cache each build opens."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import BuildCache, apart_from, archive_identity, cache_folder
from .incremental import (
    CollectBetweenBuilds,
    KeptSite,
    PageCache,
    WorkBehind,
)
from .layout import TemplateCode
from .search.lifecycle import LiveSearchIndex, finish_bundle

log = logging.getLogger("mkdocs.plugins.minutebook")

if TYPE_CHECKING:
    from .frontend import BuildOptions


def open_cache(options: BuildOptions) -> BuildCache:
    """The build cache for this build's minutes (``.minutebook-cache/`` here, MINUTEBOOK_CACHE elsewhere), never
    in a folder that is published or read as minutes."""
    published = {"site folder": options.site_dir, "docs folder": options.docs_dir, "minutes folder": options.source}
    return BuildCache.open(apart_from(cache_folder(), published), archive_identity(options.source))


class ServeSession:
    """What `mkdocs serve` keeps from one rebuild to the next, used in the order a rebuild needs it."""

    def __init__(self) -> None:
        self.pages = PageCache()
        self.search = LiveSearchIndex(finish_bundle)  # refreshed behind each rebuild
        self.behind = WorkBehind()
        self.theme_code = TemplateCode()  # the theme's templates compiled, for the next build
        self.layout_code = TemplateCode()  # and the engine's
        self._site = KeptSite()
        self._collector = CollectBetweenBuilds()
        self._cache: BuildCache | None = None

    def open_cache(self, options: BuildOptions) -> BuildCache:
        """The build cache, opened at the first build and held for the session (other builds go without)."""
        if self._cache is None:
            self._cache = open_cache(options)
        return self._cache

    def before_build(self, site_dir: Path) -> None:
        """A rebuild starts (before the front end empties ``site_dir``): stop what runs behind the last one."""
        self.search.begin_build()  # first, so no search refresh moves files in from now on
        self._collector.pause()
        self.behind.stop()
        self._site.set_aside(site_dir)

    def put_back(self, site_dir: Path) -> None:
        """The front end has emptied ``site_dir``: the last build's files go back into it."""
        self._site.put_back(site_dir)

    def written_behind(self) -> list[str] | None:
        """The files the work behind the last rebuild wrote (None before any was written)."""
        return self.behind.latest()

    def written_now(self, paths: list[str]) -> None:
        """Files the work behind a rebuild writes were written by the build itself (the first one)."""
        self.behind.remember(paths)

    def built(self, site_dir: Path, made: Iterable[str]) -> None:
        """The rebuild has written everything: remove what it no longer makes, keep its pages to compare."""
        self._site.prune(site_dir, made)
        self.pages.finish()

    def served(self, site_dir: Path, work: Callable[[], list[str]]) -> None:
        """The rebuild is done and shown: ``work`` writes the rest behind it, then cycles are collected."""
        self.behind.start(work, site_dir)
        self._collector.resume_soon()

    def failed(self) -> None:
        """The rebuild failed: nothing runs behind it, but cycles are still collected."""
        self._collector.resume_soon()

    def forget(self) -> None:
        """The site folder was emptied: nothing built before can be kept."""
        self.pages.forget()
        self._site.forget()

    def close(self) -> None:
        """`serve` stops: stop what runs behind, remove what was kept outside the site, let the cache go."""
        self.behind.close()
        self.search.close()
        if self._cache is not None:
            self._cache.close()
