"""MkDocs adapter: the only module that knows MkDocs. Each event hands work to the engine."""

from __future__ import annotations

import dataclasses
import gc
import logging
import os
import signal
import threading
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory

from minutebook import branding, linkcheck, urls
from minutebook.batch import WorkerLost
from minutebook.datapage import DATA_PAGE, render_data_page
from minutebook.errors import MinutesError
from minutebook.incremental import ServeSession, shared_stamp
from minutebook.layout import Chrome, Layout, TemplateCode, laid_out_by_engine, template_filters, template_globals
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.outputs import write_files
from minutebook.pages import GeneratedPage, build_pages, home_context
from minutebook.search import (
    BUNDLES_PATH,
    FILTER_VALUES_PATH,
    BackgroundSearchIndex,
    LiveSearchIndex,
    SearchError,
    SearchPlan,
    build_search_fields,
    bundle_manifest,
    bundle_size,
    filter_values,
    search_plan,
)
from minutebook.site import SiteInfo
from minutebook.sitemap import build_sitemaps
from minutebook.stabilise import BundleError, stabilise_pagefind

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Engine output of the current build, kept between events (and replaced on each `serve` rebuild).
TEMPLATES = Path(__file__).parent / "templates"
KEPT_TEMPLATE = "mb-kept.html"  # under `serve`, for a theme page whose last output is still right

_contexts: dict[str, dict[str, Any]] = {}
_home: dict[str, Any] = {}
_texts: list[Any] = []  # [RenderedTexts]: decision and action wording for any page
_site: list[branding.SiteSettings] = [branding.SiteSettings()]
log = logging.getLogger("mkdocs.plugins.minutebook")
_search: dict[str, Any] = {}
_plan: list[SearchPlan] = []  # the search bundles of this build
_live: list[LiveSearchIndex] = []  # only under `mkdocs serve`
_published: list[Any] = []  # [archive, SiteInfo]: what feeds, calendars and data were built from
_serving: list[ServeSession] = []  # only under `mkdocs serve`
# Generated pages' src_uris rendered, and every file the site is made of (site paths).
_this_build: dict[str, set[str]] = {"rendered": set(), "made": set()}
_theme_code = TemplateCode()  # the theme's templates compiled, for the next build under `serve`
_indexing: list[BackgroundSearchIndex] = []  # `mkdocs build`: search being indexed beside the build
_building: list[str] = []  # the site folder of the build under way
_finished: list[bool] = []  # [True] once that build has finished
_command: list[str] = []  # the MkDocs command running: "build", "serve"...
EXITING_AFTER = {"build", "gh-deploy"}  # the commands whose process ends with on_shutdown


def _source(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent
    return (base / os.environ.get("MINUTES_SOURCE", config.extra.get("minutes_source", "meetings"))).resolve()


def on_startup(command: str, dirty: bool) -> None:
    # Under `serve`, search is refreshed behind each rebuild instead of holding it up.
    _live[:] = [LiveSearchIndex(stabilise_pagefind)] if command == "serve" else []
    # ... and pages whose inputs did not change are neither rendered nor written again.
    _serving[:] = [ServeSession()] if command == "serve" else []
    if command == "serve":
        _stop_serve_like_ctrl_c()
    _command[:] = [command]


def on_shutdown() -> None:
    for session in _serving:
        session.close()
    for live in _live:
        live.close()
    if _command and _command[0] in EXITING_AFTER:
        if not _finished:
            _leave_no_half_site()  # stopped by Ctrl-C, which never reaches on_build_error
        # The process exits next, and Python's last collections would walk every object the build
        # made before the system reclaims the memory anyway: 0.75 s at 2,000 meetings, 4.5 s at
        # 10,000. Frozen, they are left to the system.
        gc.freeze()


def _stop_serve_like_ctrl_c() -> None:
    """SIGTERM and SIGHUP (a process manager, a closed terminal) stop `serve` as Ctrl-C does.

    MkDocs cleans up only on Ctrl-C: otherwise its temporary site folder, and ours (search bundles,
    files written behind a rebuild), were left in the temporary folder at every stop.
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for stop in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(stop) == signal.SIG_DFL:  # an embedding program's own handler wins
            signal.signal(stop, interrupt)


def _reported(event: Callable[..., Any]) -> Callable[..., Any]:
    """A failure of the machine, not of the minutes or the code (a worker killed), ends the build with its message."""

    @wraps(event)
    def reported(*args: Any, **kwargs: Any) -> Any:
        try:
            return event(*args, **kwargs)
        except WorkerLost as error:
            raise PluginError(str(error)) from None

    return reported


def on_pre_build(config: MkDocsConfig) -> None:
    _building[:] = [config.site_dir]
    _finished.clear()
    if _live:
        _live[0].begin_build()  # first, so no search refresh moves files in from now on
    for session in _serving:
        session.before_build(Path(config.site_dir))  # MkDocs empties the site folder next


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` must rebuild when the minutes change, not only docs/.
    source = str(_source(config))
    if source not in config.watch:
        config.watch.append(source)
    settings, warnings = branding.load_settings(config.extra.get("minutebook"))
    for warning in warnings:
        log.warning(warning)
    _site[0] = settings
    if branding.STYLESHEET not in config.extra_css:  # after the theme's: its colours are overridden
        config.extra_css.append(branding.STYLESHEET)
    return config


@_reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    site_dir = Path(config.site_dir)
    for session in _serving:  # first, so a build that fails on the minutes leaves the last site for the next
        session.put_back(site_dir)
    source = _source(config)
    try:
        archive = load_archive(source)
    except MinutesError as error:
        raise PluginError(error.report()) from None
    _contexts.clear()
    page: GeneratedPage
    texts = render_texts(archive)
    _texts[:] = [texts]
    site = SiteInfo.from_settings(config.site_name, config.site_url, config.extra)
    _published[:] = [archive, site]
    _search.clear()
    _search.update(build_search_fields(archive))
    pages = build_pages(archive, texts)
    unchanged = _unchanged_pages(pages, archive, config, site_dir)
    rendered = [page for page in pages if page.src_uri not in unchanged]
    _this_build["rendered"] = {page.src_uri for page in rendered}
    for page in pages:
        if laid_out_by_engine(page):
            continue
        if page.src_uri in unchanged:  # under `serve`: its last output is put back (see on_post_page)
            page = dataclasses.replace(page, template=KEPT_TEMPLATE)
        else:
            _contexts[page.src_uri] = page.context
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    # Most pages are laid out by the engine on every core, straight into the site folder (MkDocs has
    # emptied it by now), and handed to MkDocs as finished files; under `serve`, so are the pages
    # kept from the last build.
    layout = Layout(
        TEMPLATES, _chrome(config, files), template_globals(archive, texts, _site[0], site), template_filters(_site[0])
    )
    written = layout.write([page for page in rendered if laid_out_by_engine(page)], _search, site_dir)
    files.append(
        File.generated(
            config, branding.STYLESHEET, content=layout.render_file("partials/mb-brand.css.html", brand=_site[0].brand)
        )
    )
    kept = [urls.built_path(page.src_uri) for page in pages if page.src_uri in unchanged and laid_out_by_engine(page)]
    built = _BuiltFile.reuse(config, site_dir)
    for path in (*written, *kept):
        files.append(built(path))
    bundle_meetings, warnings = bundle_size(config.extra.get("minutebook"))
    for warning in warnings:
        log.warning(warning)
    _plan[:] = [search_plan(archive, bundle_meetings)]
    # Every page search reads is written now: index them while the rest of the site is built.
    # (Under `serve`, search is refreshed behind the rebuild instead: see on_post_build.)
    _indexing[:] = (
        [BackgroundSearchIndex(site_dir, _plan[0].bundles, stabilise_pagefind)]
        if not _live and _our_search(config)
        else []
    )
    if unchanged:
        log.info("Rendering %d of %d generated pages; the rest are unchanged", len(_this_build["rendered"]), len(pages))
    for meeting in archive.meetings:
        for document in meeting.documents:
            if (
                not document.path.startswith(("http://", "https://"))
                and files.get_file_from_path(document.path) is None
            ):
                files.append(File.generated(config, document.path, abs_src_path=str(source / document.path)))
    _home.clear()
    _home.update(home_context(archive))
    files.append(File.generated(config, FILTER_VALUES_PATH, content=filter_values(_search)))
    # Only the theme's pages still need their search fields (the engine has laid out the rest): the
    # others are let go now, not held while search is indexed and links are checked (85 MB at 10,000 meetings).
    themed = {page.src_uri for page in pages if not laid_out_by_engine(page)}
    still_needed = {url: fields for url, fields in _search.items() if urls.source_path(url) in themed}
    _search.clear()
    _search.update(still_needed)
    files.append(File.generated(config, BUNDLES_PATH, content=bundle_manifest(_plan[0])))
    # Feeds, calendars, /data/ files and the /data/ page (issue 7).
    if not site.absolute:
        log.info(
            "site_url is not set: feeds and calendars are built with relative links and urn: ids; set site_url before publishing"
        )
    # Written into the site one at a time, not held as MkDocs files: the data files of a large
    # archive are hundreds of megabytes. Under `serve`, after the first build, the last build's files
    # stand in until this one's are written behind the rebuild (see on_post_build): a saved meeting
    # shows without waiting for them.
    outputs = _serving[0].written_behind() if _serving else None
    if outputs is None:
        outputs = write_files(archive, site, site_dir)
        for session in _serving:
            session.written_now(outputs)
    for path in outputs:
        if (site_dir / path).is_file():
            files.append(built(path))
    files.append(File.generated(config, DATA_PAGE, content=render_data_page(archive, site)))
    return files


class _BuiltFile(File):
    """A file the engine has already written where it belongs in the site: there is nothing to copy."""

    _last: dict[tuple[str, str, bool], _BuiltFile] = {}  # (site folder, path, directory URLs) -> the file

    def copy_file(self, dirty: bool = False) -> None:
        pass

    @classmethod
    def reuse(cls, config: MkDocsConfig, site_dir: Path) -> Callable[[str], _BuiltFile]:
        """The file at each path, as the last build made it if it did (under `serve`, 13,000 files
        a save: making them again took a tenth of a second); this build's files are kept for the next."""
        last, cls._last = cls._last, {}

        def built(path: str) -> _BuiltFile:
            key = (str(site_dir), path, config.use_directory_urls)
            file = last.get(key) or cls.generated(config, path, abs_src_path=str(site_dir / path))
            cls._last[key] = file
            return file

        return built


def _chrome(config: MkDocsConfig, files: Files) -> Chrome:
    """What Material puts around every page, for the pages the engine lays out: its stylesheets, logo and tabs."""
    theme = config.theme

    def theme_file(pattern: str) -> tuple[Path, str] | None:
        """The first file of the theme's folders matching ``pattern``, and its site path."""
        for folder in theme.dirs:
            found = sorted(Path(folder).glob(pattern))
            if found:
                return found[0], found[0].relative_to(folder).as_posix()
        return None

    palette = theme.get("palette") or {}
    sheets = [
        found[1]
        for found in (
            theme_file("assets/stylesheets/main.*.min.css"),
            theme_file("assets/stylesheets/palette.*.min.css") if palette else None,
        )
        if found
    ]
    logo_svg = ""
    if not theme.get("logo"):
        icon = theme_file(f".icons/{(theme.get('icon') or {}).get('logo') or 'material/library'}.svg")
        logo_svg = icon[0].read_text(encoding="utf-8") if icon else ""
    scheme = (palette[0] if palette else {}) if isinstance(palette, list) else palette
    return Chrome(
        site_name=config.site_name,
        site_url=config.site_url or "",
        copyright=config.copyright or "",
        language=str(theme.get("language") or "en"),
        favicon=str(theme.get("favicon") or ""),
        logo_image=str(theme.get("logo") or ""),
        logo_svg=logo_svg,
        stylesheets=(*sheets, *map(str, config.extra_css)),
        scripts=tuple(str(script) for script in config.extra_javascript),
        tabs=tuple(
            (title, page.url)
            for entry in config.nav or ()
            if isinstance(entry, dict)
            for title, path in entry.items()
            if isinstance(path, str) and (page := files.get_file_from_path(path)) is not None
        ),
        body_attributes=(
            ("dir", "ltr"),
            *((f"data-md-color-{key}", str(scheme[key])) for key in ("scheme", "primary", "accent") if scheme.get(key)),
        ),
    )


def _unchanged_pages(pages: list[GeneratedPage], archive: Any, config: MkDocsConfig, site_dir: Path) -> set[str]:
    """Under `serve`: generated pages whose output from the last build is still right."""
    if not _serving:
        return set()
    shared = shared_stamp(
        [Path(__file__).parent, Path(config.config_file_path)],
        archive.registry,
        _site[0],
        config.site_url,
        config.site_name,
        archive.today,
        # Titles, order and status of every meeting: the pager and lists on many pages show them.
        tuple((meeting.id, meeting.status, meeting.approved_at) for meeting in archive.meetings),
    )
    # The theme puts the whole navigation on its pages: the hand-written pages' titles too.
    with_docs = shared_stamp([Path(config.docs_dir)], shared)
    return _serving[0].pages.unchanged(
        ((page, shared if laid_out_by_engine(page) else with_docs) for page in pages), site_dir
    )


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Our templates escape every value by default (minutes are untrusted input);
    # Material's own templates expect autoescape off, so it is chosen per template.
    ours = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")}
    env.autoescape = lambda name: name in ours
    env.bytecode_cache = _theme_code
    env.filters.update(template_filters(_site[0]))
    env.globals.update(template_globals(_published[0], _texts[0], _site[0], _published[1]))
    env.globals["chrome"] = _chrome(config, files)  # the theme's pages share the engine's page frame (base.html)
    # sitemap.xml: every page MkDocs will write, with its front-matter (`robots: noindex` leaves one out).
    built = (
        (f.url, f.page.meta if f.page else {})
        for f in files
        if f.dest_uri.endswith(".html") and f.inclusion.is_included()
    )
    for path, content in build_sitemaps(_published[0], _published[1], built):
        files.append(File.generated(config, path, content=content))
    if _serving:
        _this_build["made"] = {file.dest_uri for file in files}
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    mb = _contexts.get(page.file.src_uri)
    if mb is None and page.meta.get("template") == "home.html":
        mb = _home
    if mb is not None:
        context["mb"] = mb
    context["mb_search"] = _search.get(page.url)
    # Material prints page.meta.description into an attribute without escaping (its templates do not
    # autoescape); ours is cut from minutes text, so it is escaped here, once (issue 3).
    if isinstance(page.meta.get("description"), str):
        page.meta["description"] = escape(page.meta["description"])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if page.meta.get("template") == KEPT_TEMPLATE:
        return (Path(config.site_dir) / page.file.dest_uri).read_text(encoding="utf-8")
    return output


@_reported
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for session in _serving:
        session.built(site, _this_build["made"])
    if _live and _our_search(config):  # also under `mkdocs serve`, so search works there
        try:
            _live[0].after_build(site, _plan[0].bundles)
        except (SearchError, BundleError) as error:
            raise PluginError(str(error)) from None
    # Every internal link and anchor in the built tree must resolve (issue 3). Under `serve`, only
    # on the pages made again from meeting files (where a clerk's own links are); `make build` checks all.
    sources = linkcheck.sources_of(_published[0].meetings if _published else ())
    only = (
        [urls.built_path(urls.source_path(url)) for url in sources if urls.source_path(url) in _this_build["rendered"]]
        if _serving
        else None
    )
    problems = linkcheck.check_site(site, sources, only)
    if problems:
        _emptied(config)  # a site with broken links must not be left looking complete
        raise PluginError(linkcheck.report(problems))
    try:
        for indexing in _indexing:
            indexing.into(site)
    except (SearchError, BundleError) as error:
        _emptied(config)  # a site whose search is broken must not be published either
        raise PluginError(str(error)) from None
    finally:
        _indexing.clear()
    for session in _serving:
        archive, site_info = _published
        session.served(site, partial(write_files, archive, site_info, site))
    _finished[:] = [True]


def on_build_error(error: Exception) -> None:
    for session in _serving:
        session.failed()
    _leave_no_half_site()


def _leave_no_half_site() -> None:
    """Whatever stopped `mkdocs build` (a killed worker, strict mode's warnings, Ctrl-C), the pages it
    had written must not be taken for a site: it leaves none. (`serve` keeps its last, for the next build.)"""
    if not _serving and _building:
        clean_directory(_building[0])


def _emptied(config: MkDocsConfig) -> None:
    """Empty the site folder, and forget that anything was built in it."""
    clean_directory(config.site_dir)
    for session in _serving:
        session.forget()


def _our_search(config: MkDocsConfig) -> bool:
    """Whether the site is searched with our Pagefind bundles (Material's own search, when switched on, replaces them)."""
    return "material/search" not in config.plugins
