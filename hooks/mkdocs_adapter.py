"""MkDocs adapter: the only module that knows MkDocs. Each event hands work to the engine's `SiteBuild`.

MkDocs loads this file as a hook (mkdocs.yml ``hooks:``) and calls its ``on_*`` functions; they are
the methods of one `MkDocsAdapter`, which keeps the build under way and, under `mkdocs serve`, the
session that lasts between rebuilds, as a plugin keeps its state on ``self``.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from minutebook.batch import WorkerLost
from minutebook.branding import STYLESHEET
from minutebook.build import BuildOptions, BuildStopped, Generated, SiteBuild, SiteFile
from minutebook.incremental import stop_serve_like_ctrl_c
from minutebook.layout import Chrome, our_templates
from minutebook.serve import ServeSession
from minutebook.settings import load_settings

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.minutebook")
EXITING_AFTER = {"build", "gh-deploy"}  # the commands whose process ends with on_shutdown
FileKey = tuple[str, str, bool]  # site folder, site path, whether URLs are directories
Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")


def _reported(event: Callable[Arguments, Result]) -> Callable[Arguments, Result]:
    """The engine stopped the build (bad minutes, a broken link, a killed worker): MkDocs says why, no traceback."""

    @wraps(event)
    def reported(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        try:
            return event(*args, **kwargs)
        except (BuildStopped, WorkerLost) as error:
            raise PluginError(str(error)) from None

    return reported


class MkDocsAdapter:
    """MkDocs' events, as calls on the build of the moment (made afresh on each ``on_config``)."""

    def __init__(self) -> None:
        self.command = ""
        self.session: ServeSession | None = None  # only under `mkdocs serve`
        self.build: SiteBuild | None = None
        # The files the engine wrote (by site folder, path and URL style), kept for the next build: under
        # `serve`, making thousands of them again took a tenth of a second a save.
        self.files: dict[FileKey, File] = {}
        self.made: set[str] = set()  # every file of the build under way, by site path

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":  # pages whose inputs did not change are neither rendered nor written again
            self.session = ServeSession()
            stop_serve_like_ctrl_c()

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.close()
        if self.command in EXITING_AFTER:
            if self.build is not None and not self.build.finished:
                self.build.failed()  # stopped by Ctrl-C, which never reaches on_build_error
            # The process exits next, and Python's last collections would walk every object the build
            # made before the system reclaims the memory anyway (seconds for a large archive).
            gc.freeze()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        settings, warnings = load_settings(config.site_name, config.site_url, config.extra)
        for warning in warnings:
            log.warning(warning)
        base = Path(config.config_file_path).parent
        source = (base / os.environ.get("MINUTES_SOURCE", settings.minutes_source)).resolve()
        if str(source) not in config.watch:  # `mkdocs serve` rebuilds when the minutes change, not only docs/
            config.watch.append(str(source))
        if STYLESHEET not in config.extra_css:  # after the theme's: its colours are overridden
            config.extra_css.append(STYLESHEET)
        options = BuildOptions(
            source=source,
            site_dir=Path(config.site_dir),
            config_file=Path(config.config_file_path),
            docs_dir=Path(config.docs_dir),
            # Material's own search, when switched on, replaces our Pagefind bundles.
            our_search="material/search" not in config.plugins,
        )
        self.build = SiteBuild(settings, options, self.session)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self._now().begin()  # MkDocs empties the site folder next

    @_reported
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._now()
        build.load()
        build.model()
        last, self.files = self.files, {}
        self._add(build.pages(), files, config, last)
        self._add(build.layout(_chrome(config, files)), files, config, last)  # the tabs name the pages just added
        for phase in (build.search_plan, build.documents, build.outputs):
            self._add(phase(), files, config, last)
        return files

    def _add(self, made: Iterable[SiteFile], files: Files, config: MkDocsConfig, last: dict[FileKey, File]) -> None:
        """The engine's files, as MkDocs files."""
        for made_file in made:
            if isinstance(made_file, Generated):
                files.append(File.generated(config, made_file.path, content=made_file.content))
            elif files.get_file_from_path(made_file.path) is not None:  # docs/ has a file of that name
                continue
            else:  # written by the engine: made again only if the last build did not make it (under `serve`)
                key = (config.site_dir, made_file.path, config.use_directory_urls)
                self.files[key] = last.get(key) or _BuiltFile.generated(
                    config, made_file.path, abs_src_path=os.path.join(config.site_dir, made_file.path)
                )
                files.append(self.files[key])

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        build = self._now()
        # Our templates escape every value by default (minutes are untrusted input);
        # Material's own templates expect autoescape off, so it is chosen per template.
        ours = our_templates()
        env.autoescape = lambda name: name in ours
        env.bytecode_cache = build.theme_code
        env.filters.update(build.template_filters())
        env.globals.update(build.template_globals())
        # sitemap.xml: every page MkDocs writes, with its front-matter (`robots: noindex` leaves one out).
        pages = [
            (file.url, file.page.meta if file.page else {})
            for file in files
            if file.dest_uri.endswith(".html") and file.inclusion.is_included()
        ]
        self._add(build.sitemaps(pages), files, config, {})
        self.made = {file.dest_uri for file in files if file.inclusion.is_included()}  # excluded: never written
        return env

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        build = self._now()
        view = build.page_view(page.file.src_uri, page.meta.get("template"))
        if view is not None:
            context["mb"] = view
        context["mb_search"] = build.search_fields(page.url)
        # Material prints page.meta.description into an attribute without escaping (its templates do not
        # autoescape); ours is cut from minutes text, so it is escaped here, once.
        if isinstance(page.meta.get("description"), str):
            page.meta["description"] = escape(page.meta["description"])
        return context

    @_reported
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # A page an earlier build made (its template is KEPT_TEMPLATE) gets that build's output back.
        return self._now().theme_output(page.file.src_uri, output)

    @_reported
    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._now()
        build.written(self.made)
        build.check_links()
        build.collect_search()
        build.finish()

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.failed()

    def _now(self) -> SiteBuild:
        if self.build is None:
            raise PluginError("Minutebook's hook was not configured (MkDocs did not call on_config)")
        return self.build


class _BuiltFile(File):
    """A file the engine has already written where it belongs in the site: there is nothing to copy."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _chrome(config: MkDocsConfig, files: Files) -> Chrome:
    """What Material puts around every page, for the pages the engine lays out."""
    tabs = tuple(
        (title, page.url)
        for entry in config.nav or ()
        if isinstance(entry, dict)
        for title, path in entry.items()
        if isinstance(path, str) and (page := files.get_file_from_path(path)) is not None
    )
    return Chrome.from_material(
        config.theme.dirs,
        config.theme,
        site_name=config.site_name,
        site_url=config.site_url or "",
        copyright=config.copyright or "",
        stylesheets=tuple(map(str, config.extra_css)),
        scripts=tuple(map(str, config.extra_javascript)),
        tabs=tabs,
    )


# MkDocs calls a hook's module-level functions: they are the adapter's methods.
adapter = MkDocsAdapter()
on_startup = adapter.on_startup
on_shutdown = adapter.on_shutdown
on_config = adapter.on_config
on_pre_build = adapter.on_pre_build
on_files = adapter.on_files
on_env = adapter.on_env
on_page_context = adapter.on_page_context
on_post_page = adapter.on_post_page
on_post_build = adapter.on_post_build
on_build_error = adapter.on_build_error
