"""MkDocs adapter: the only module that knows MkDocs. Each event hands work to the engine."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory

from minutebook import branding, formatting, linkcheck, urls
from minutebook.errors import MinutesError
from minutebook.incremental import PageCache, shared_stamp
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.outputs import build_outputs, head_links, subscriptions
from minutebook.pages import GeneratedPage, build_pages, home_context
from minutebook.search import (
    BUNDLES_PATH,
    FILTER_VALUES_PATH,
    LiveSearchIndex,
    SearchError,
    SearchPlan,
    build_search_fields,
    build_search_index,
    bundle_manifest,
    bundle_size,
    filter_values,
    search_plan,
)
from minutebook.site import SiteInfo
from minutebook.stabilise import BundleError, stabilise_pagefind

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Engine output of the current build, kept between events (and replaced on each `serve` rebuild).
TEMPLATES = Path(__file__).parent / "templates"

_contexts: dict[str, dict[str, Any]] = {}
_home: dict[str, Any] = {}
_texts: list[Any] = []  # [RenderedTexts]: decision and action wording for any page
_site: list[branding.SiteSettings] = [branding.SiteSettings()]
log = logging.getLogger("mkdocs.plugins.minutebook")
_search: dict[str, Any] = {}
_plan: list[SearchPlan] = []  # the search bundles of this build
_live: list[LiveSearchIndex] = []  # only under `mkdocs serve`
_published: list[Any] = []  # [archive, SiteInfo]: what feeds, calendars and data were built from
_pages: list[PageCache] = []  # only under `mkdocs serve`
_this_build: dict[str, set[str]] = {"rendered": set(), "skipped": set()}  # generated pages' src_uris


def _source(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent
    return (base / os.environ.get("MINUTES_SOURCE", config.extra.get("minutes_source", "meetings"))).resolve()


def on_startup(command: str, dirty: bool) -> None:
    # Under `serve`, search is refreshed behind each rebuild instead of holding it up.
    _live[:] = [LiveSearchIndex(stabilise_pagefind)] if command == "serve" else []
    # ... and pages whose inputs did not change are not rendered again.
    _pages[:] = [PageCache()] if command == "serve" else []


def on_shutdown() -> None:
    for cache in _pages:
        cache.close()


def on_pre_build(config: MkDocsConfig) -> None:
    if _live:
        _live[0].begin_build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` must rebuild when the minutes change, not only docs/.
    source = str(_source(config))
    if source not in config.watch:
        config.watch.append(source)
    settings, warnings = branding.load_settings(config.extra.get("minutebook"))
    for warning in warnings:
        log.warning(warning)
    _site[0] = settings
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = _source(config)
    try:
        archive = load_archive(source)
    except MinutesError as error:
        raise PluginError(error.report()) from None
    _contexts.clear()
    page: GeneratedPage
    texts = render_texts(archive)
    _texts[:] = [texts]
    pages = build_pages(archive, texts)
    unchanged = _unchanged_pages(pages, archive, config)
    rendered = [page for page in pages if page.src_uri not in unchanged]
    _this_build["rendered"], _this_build["skipped"] = {page.src_uri for page in rendered}, unchanged
    for page in rendered:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        _contexts[page.src_uri] = page.context
    if _pages and _this_build["skipped"]:
        log.info("Rendering %d of %d generated pages; the rest are unchanged", len(_this_build["rendered"]), len(pages))
    for meeting in archive.meetings:
        for document in meeting.documents:
            if not document.path.startswith(("http://", "https://")) and files.get_file_from_path(document.path) is None:
                files.append(File.generated(config, document.path, abs_src_path=str(source / document.path)))
    _home.clear()
    _home.update(home_context(archive))
    _search.clear()
    _search.update(build_search_fields(archive))
    files.append(File.generated(config, FILTER_VALUES_PATH, content=filter_values(_search)))
    bundle_meetings, warnings = bundle_size(config.extra.get("minutebook"))
    for warning in warnings:
        log.warning(warning)
    _plan[:] = [search_plan(archive, bundle_meetings)]
    files.append(File.generated(config, BUNDLES_PATH, content=bundle_manifest(_plan[0])))
    # Feeds, calendars, /data/ files and the /data/ page (issue 7).
    site = SiteInfo.from_settings(config.site_name, config.site_url, config.extra)
    if not site.absolute:
        log.info("site_url is not set: feeds and calendars are built with relative links and urn: ids; set site_url before publishing")
    for path, content in build_outputs(archive, site):
        files.append(File.generated(config, path, content=content))
    _published[:] = [archive, site]
    return files


def _unchanged_pages(pages: list[GeneratedPage], archive: Any, config: MkDocsConfig) -> set[str]:
    """Under `serve`: generated pages that need no rendering this time (never those the nav names)."""
    if not _pages:
        return set()
    shared = shared_stamp(
        [Path(__file__).parent, Path(config.config_file_path)],
        archive.registry, _site[0], config.site_url, config.site_name, archive.today,
        # Titles, order and status of every meeting: the pager and lists on many pages show them.
        tuple((meeting.id, meeting.status, meeting.approved_at) for meeting in archive.meetings),
    )
    # Pages the nav names are always built (MkDocs needs them): no need to compare them.
    in_nav = set(_nav_paths(config.nav))
    return _pages[0].unchanged([page for page in pages if page.src_uri not in in_nav], shared, archive.registry, archive.meetings)


def _nav_paths(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for value in nav for path in _nav_paths(value)]
    return []


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Our templates escape every value by default (minutes are untrusted input);
    # Material's own templates expect autoescape off, so it is chosen per template.
    ours = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")}
    env.autoescape = lambda name: name in ours
    env.filters.update(formatting.build_filters(_site[0].dates), css_string=branding.css_string)
    env.globals.update(
        meeting_url=urls.meeting_url, person_url=urls.person_url, action_url=urls.action_url,
        decision_url=urls.decision_url, body_url=urls.body_url, year_url=urls.year_url, uid_url=urls.uid_url,
        mb_people=_published[0].registry.people, mb_bodies=_published[0].registry.bodies,
        mb_site=_site[0], mb_text=_texts[0].html,
        mb_feed_links=lambda body_id=None: head_links(*_published, body_id),
        mb_subscriptions=lambda body_id=None: subscriptions(*_published, body_id),
        mb_page_address=lambda page, config: branding.page_address(config.site_url, page.url if page else None),
    )
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


def on_post_build(config: MkDocsConfig) -> None:
    if _pages:
        _pages[0].finish(Path(config.site_dir), _this_build["rendered"], _this_build["skipped"])
    # Also under `mkdocs serve`, so search works there. Material's own search, when switched on
    # (the benchmark's baseline), replaces ours.
    if "material/search" not in config.plugins:
        site = Path(config.site_dir)
        try:
            bundles = _plan[0].bundles
            if _live:
                _live[0].after_build(site, bundles)
            else:
                build_search_index(site, bundles)
                for bundle in bundles:
                    stabilise_pagefind(site / bundle.folder)  # same minutes, same bytes (issue 3)
        except (SearchError, BundleError) as error:
            raise PluginError(str(error)) from None
    # Every internal link and anchor in the built tree must resolve (issue 3). Under `serve`, only
    # on the pages made again from meeting files (where a clerk's own links are); `make build` checks all.
    sources = linkcheck.sources_of(_published[0].meetings if _published else ())
    only = [urls.built_path(urls.source_path(url)) for url in sources if urls.source_path(url) in _this_build["rendered"]] if _pages else None
    problems = linkcheck.check_site(Path(config.site_dir), sources, only)
    if problems:
        clean_directory(config.site_dir)  # a site with broken links must not be left looking complete
        raise PluginError(linkcheck.report(problems))
