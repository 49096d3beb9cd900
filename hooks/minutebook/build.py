"""The build, phase by phase, as a front end (the MkDocs adapter) calls it.

``SiteBuild`` is one build, made afresh for each; its public methods are the phases, called in
this order:

1. ``begin``: the build starts (under `serve`, the last site is set aside).
2. ``load``: every file of the minutes read and checked.
3. ``model``: the wording every page shows, rendered once, and what each page tells search.
4. ``pages``: every page made from the model; the theme's go to the front end as Markdown.
5. ``layout``: the engine's own pages written into the site, on every core.
6. ``search_plan``: the search bundles planned, and indexed beside the rest of the build.
7. ``documents``: the papers meetings link to.
8. ``outputs``: feeds, calendars and open data, and the page that explains them.
   (The front end renders the theme's pages, asking ``page_view`` and ``search_fields``.)
   ``sitemaps``: once the front end knows every page it will write, the sitemap of them.
9. ``written``: every file is in the site; under `serve`, what this build no longer makes goes.
10. ``check_links``: every internal link and anchor of the built site resolves.
11. ``collect_search``: the search bundles are moved into the site.
12. ``finish``: under `serve`, what no page waits for is written behind the rebuild.

``ServeSession`` holds what lasts from one `mkdocs serve` rebuild to the next. Neither knows
MkDocs: files go to the front end as ``Generated`` or ``Written`` values, and a
failure it must report (with the message, no traceback) is a ``BuildStopped``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from . import documents, linkcheck, urls
from .archive import Archive
from .branding import STYLESHEET
from .cache import ArchiveCache
from .datapage import DATA_PAGE, render_data_page
from .errors import MinutesError
from .files import empty_folder
from .fingerprint import Fingerprints
from .frontend import BuildOptions, BuildStopped, Generated, SiteFile, Written
from .hosts import measure, near_limits
from .incremental import KeptSite, PageCache, remove_files, shared_stamp, site_files
from .kept_files import Outputs, write_kept
from .layout import TEMPLATES, Chrome, Layout, TemplateCode, laid_out_by_engine, template_filters, template_globals
from .load import load_archive
from .markup import RenderedTexts, render_texts
from .outputs import write_files
from .pages import GeneratedPage, build_pages, home_view
from .search.fields import FILTER_VALUES_PATH, SearchFields, build_search_fields, filter_values
from .search.kept import KeptBundles, bundle_keys, checked
from .search.lifecycle import BackgroundSearchIndex, finish_bundle
from .search.pagefind import SearchError
from .search.plan import BUNDLES_PATH, SearchPlan, bundle_manifest, search_plan
from .search.stabilise import BundleError
from .serve import ServeSession, open_cache
from .settings import Settings
from .sitemap import build_sitemaps
from .views import HomeView, View

log = logging.getLogger("mkdocs.plugins.minutebook")
KEPT_TEMPLATE = "mb-kept.html"  # for a theme page whose output an earlier build made (the cache has it)
HOME_TEMPLATE = "home.html"  # the hand-written home page's template, which shows the archive too


class SiteBuild:
    """One build of the site, phase by phase (see the module's docstring)."""

    def __init__(self, settings: Settings, options: BuildOptions, session: ServeSession | None = None) -> None:
        self.settings = settings
        self.options = options
        self.session = session
        self.started = self.finished = False
        self.rendered: set[str] = set()  # the src_uris of the generated pages this build renders
        self._archive: Archive | None = None
        self._texts: RenderedTexts | None = None
        self._search: dict[str, SearchFields] = {}
        self._views: dict[str, View] = {}  # what each theme page's template shows, by src_uri
        self._home: HomeView | None = None  # and what the hand-written home page shows
        self._pages: list[GeneratedPage] = []
        self._keys: dict[str, str] = {}  # each generated page's key (see PageCache), by src_uri
        self._unchanged: set[str] = set()  # the src_uris of the pages an earlier build made, kept
        self._plan = SearchPlan((), ())
        self._indexing: BackgroundSearchIndex | None = None
        self._made: set[str] = set()
        self._chrome: Chrome | None = None  # what every page wears, theme's and engine's alike
        # What earlier builds made: on disk (.minutebook-cache/), or for `serve`, the session's.
        self.cache = session.open_cache(options) if session else open_cache(options)
        self.theme_code = session.theme_code if session else TemplateCode(self.cache.values("theme-code"))
        self.fingerprints = Fingerprints()
        self._loaded: ArchiveCache | None = None
        self._page_keys = session.pages if session else PageCache()
        self._page_outputs = Outputs(self.cache, "pages", options.site_dir)
        self._kept = KeptSite()  # `mkdocs build`: the site folder's files, from before MkDocs empties it
        self._found: set[str] = set()  # and what they are, by site path
        self._claimed: set[str] = set()  # the files of the site the engine makes or keeps
        self._kept_bundles = KeptBundles(self.cache, options.site_dir)
        self._bundle_members: dict[str, list[str]] = {}  # the pages each search bundle holds, by folder
        self._bundle_keys: dict[str, str] = {}

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            raise RuntimeError("the minutes are not loaded yet: load() comes first")
        return self._archive

    @property
    def texts(self) -> RenderedTexts:
        if self._texts is None:
            raise RuntimeError("the model is not made yet: model() comes before")
        return self._texts

    # 1. The build starts, before the front end empties the site folder.
    def begin(self) -> None:
        self.started = True
        if self.session is not None:
            self.session.before_build(self.options.site_dir)
        else:
            self._kept.set_aside(self.options.site_dir)

    # 2. Every file of the minutes, read and checked.
    def load(self) -> Archive:
        site_dir = self.options.site_dir
        if self.session is not None:  # first, so a build that fails on the minutes leaves the last site for the next
            self.session.put_back(site_dir)
        else:  # each file is used again only if it is what the cache says it is; the rest go (see outputs)
            self._kept.put_back(site_dir)
            self._found = site_files(site_dir) if site_dir.is_dir() else set()
        self._loaded = ArchiveCache(self.cache)
        try:
            self._archive = load_archive(self.options.source, documents=self.settings.documents, cache=self._loaded)
        except MinutesError as error:
            raise BuildStopped(error.report()) from None
        for meeting in self._archive.meetings:  # a meeting stands in every key by its own
            key = self._loaded.key_of(meeting)
            if key is not None:
                self.fingerprints.know(meeting, key)
        return self._archive

    # 3. The wording every page shows, rendered once, and what each searchable page tells the index.
    def model(self) -> None:
        try:  # rendering can stop on a meeting too (too deep, or over its time budget), with its line
            self._texts = render_texts(self.archive, self._loaded)
        except MinutesError as error:
            raise BuildStopped(error.report()) from None
        self.fingerprints.use_texts(self._texts)
        self._search = build_search_fields(self.archive)

    # 4. Every page made from the model; those the theme lays out go to the front end as Markdown.
    def pages(self) -> list[Generated]:
        self._pages = build_pages(self.archive, self.texts)
        self._keys = self._page_keys.keys(self._stamped(self._pages), self.fingerprints)
        # A page an earlier build made is not laid out again: the engine's file is put in place from the
        # cache, and the theme's output is handed back to the front end whole (see KEPT_TEMPLATE).
        self._unchanged = set()
        for page in self._pages:
            key, path = self._keys[page.src_uri], urls.built_path(page.src_uri)
            kept = (
                self._page_outputs.place(key, path)
                if laid_out_by_engine(page)
                else self._page_outputs.name(key) is not None
            )
            if kept:
                self._unchanged.add(page.src_uri)
        self.rendered = {page.src_uri for page in self._pages if page.src_uri not in self._unchanged}
        theirs = []
        for page in self._pages:
            if laid_out_by_engine(page):
                continue
            if page.src_uri in self._unchanged:
                page = dataclasses.replace(page, template=KEPT_TEMPLATE)
            else:
                self._views[page.src_uri] = page.view
            theirs.append(Generated(page.src_uri, page.markdown))
        self._home = home_view(self.archive)
        if self._unchanged:
            log.info("Rendering %d of %d generated pages; the rest are unchanged", len(self.rendered), len(self._pages))
        return theirs

    # 5. The engine's own pages, written into the site on every core, and the brand's stylesheet.
    def layout(self, chrome: Chrome) -> list[SiteFile]:
        code = self.session.layout_code if self.session else TemplateCode(self.cache.values("layout-code"))
        self._chrome = chrome
        layout = Layout(TEMPLATES, chrome, self.template_globals(), self.template_filters(), code)
        ours = [page for page in self._pages if page.src_uri in self.rendered and laid_out_by_engine(page)]
        written = layout.write(ours, self._search, self.options.site_dir)
        self._page_outputs.keep([(self._keys[page.src_uri], path) for page, path in zip(ours, written)])
        kept = [
            urls.built_path(page.src_uri)
            for page in self._pages
            if page.src_uri in self._unchanged and laid_out_by_engine(page)
        ]
        self._claimed.update(written, kept)
        self._key_bundles()
        stylesheet = layout.render_file("partials/mb-brand.css.html", brand=self.settings.brand)
        return [Generated(STYLESHEET, stylesheet), *(Written(path) for path in (*written, *kept))]

    # 6. The search bundles planned and, for `mkdocs build`, indexed beside the rest of the build (those
    # whose pages an earlier build indexed are put back from the cache instead).
    def search_plan(self) -> list[Generated]:
        self._plan = search_plan(self.archive, self.settings.search_bundle_meetings)
        # Every page search reads is written now. (Under `serve`, search is refreshed behind the rebuild instead.)
        if self.session is None and self.options.our_search:
            to_index = []
            for bundle in self._plan.bundles:
                placed = self._kept_bundles.place(self._bundle_keys[bundle.folder], bundle.folder)
                if placed is None:
                    to_index.append(bundle)
                else:
                    self._claimed.update(placed)
            if to_index:
                self._indexing = BackgroundSearchIndex(self.options.site_dir, tuple(to_index), finish_bundle)
        values = filter_values(self._search)
        # Only the theme's pages still need their search fields (the engine has laid out the rest): the
        # others are let go now, not held while search is indexed and links are checked.
        themed = {page.src_uri for page in self._pages if not laid_out_by_engine(page)}
        self._search = {url: fields for url, fields in self._search.items() if urls.source_path(url) in themed}
        return [Generated(FILTER_VALUES_PATH, values), Generated(BUNDLES_PATH, bundle_manifest(self._plan))]

    # 7. The papers meetings link to, copied from the minutes folder without following any link.
    def documents(self) -> list[Written]:
        try:
            published = documents.publish(
                self.archive, self.options.source, self.options.site_dir, self.settings.documents
            )
        except MinutesError as error:
            raise BuildStopped(error.report()) from None
        self._claimed.update(published)
        return [Written(path) for path in published]

    # 8. Feeds, calendars and open data, written straight into the site, and the /data/ page explaining them.
    def outputs(self) -> list[SiteFile]:
        site = self.settings.site
        if not site.absolute:
            log.info(
                "site_url is not set: feeds and calendars are built with relative links and urn: ids; "
                "set site_url before publishing"
            )
        # One at a time, not held: the data files of a large archive are hundreds of megabytes. Under
        # `serve`, after the first build, the last build's files stand in until this one's are written
        # behind the rebuild (see finish): a saved meeting shows without waiting for them.
        outputs = self.session.written_behind() if self.session else None
        if outputs is None:
            write = partial(write_files, self.archive, self.texts, site, self.options.site_dir)
            inputs = (self.archive, self.texts, site)
            outputs = write_kept(self.cache, self.fingerprints, self.options.site_dir, inputs, write)
            if self.session is not None:
                self.session.written_now(outputs)
        written: list[SiteFile] = [Written(path) for path in outputs if (self.options.site_dir / path).is_file()]
        self._claimed.update(outputs)
        if self.session is None:  # what was in the site folder and this build does not make goes, before MkDocs writes
            remove_files(self.options.site_dir, self._found - self._claimed)
        return [*written, Generated(DATA_PAGE, render_data_page(self.archive, site))]

    def theme_output(self, src_uri: str, output: str) -> str:
        """The HTML of the theme page made from ``src_uri``: an earlier build's if it is kept, or else
        ``output``, which the cache keeps for the next build."""
        key = self._keys.get(src_uri)
        if key is None:
            return output
        if src_uri in self._unchanged:
            found = self._page_outputs.read(key)
            if found is not None:
                return found.decode("utf-8")
            raise BuildStopped(f"the build cache lost the page made from {src_uri} during the build: build again")
        self._page_outputs.keep_bytes(key, output.encode("utf-8"))
        return output

    # After 8: the sitemap of every page the front end writes, from each one's (site path, front-matter).
    def sitemaps(self, pages: Iterable[tuple[str, Mapping[str, Any]]]) -> list[Generated]:
        return [Generated(path, content) for path, content in build_sitemaps(self.archive, self.settings.site, pages)]

    def template_globals(self) -> dict[str, Any]:
        """Names every archive template may use, whoever renders it (the page frame's ``chrome`` among them)."""
        names = template_globals(self.archive, self.texts, self.settings)
        return {**names, "chrome": self._chrome} if self._chrome is not None else names

    def template_filters(self) -> dict[str, Callable[..., str]]:
        """Filters every archive template may use, whoever renders it."""
        return template_filters(self.settings)

    def page_view(self, src_uri: str, template: str | None = None) -> View | HomeView | None:
        """What the template of the theme page made from ``src_uri`` shows (None for a page of docs/)."""
        view = self._views.get(src_uri)
        return self._home if view is None and template == HOME_TEMPLATE else view

    def search_fields(self, url: str) -> SearchFields | None:
        """What the theme page at ``url`` tells the search index, if it is a result."""
        return self._search.get(url)

    # 9. Every file is in the site (``made``: their site paths); under `serve`, search follows behind.
    def written(self, made: Iterable[str]) -> None:
        site_dir = self.options.site_dir
        self._made = set(made)
        if self.session is None:
            return
        self.session.built(site_dir, made)
        if self.options.our_search:  # also under `mkdocs serve`, so search works there
            try:
                self.session.search.after_build(site_dir, self._plan.bundles)
            except (SearchError, BundleError) as error:
                raise BuildStopped(str(error)) from None

    # 10. Every internal link and anchor resolves: on every page laid out again (a page kept from an earlier
    # build had its links checked when it was made, and any page that shows what a change removed, or
    # links to an anchor it moved, has a new view and is made again); under `serve`, on the pages made
    # again from meeting files.
    def check_links(self) -> None:
        sources = linkcheck.sources_of(self.archive.meetings)
        only = None
        if self.session is not None:
            only = [urls.built_path(urls.source_path(url)) for url in sources if urls.source_path(url) in self.rendered]
        elif self._unchanged:
            kept = {urls.built_path(uri) for uri in self._unchanged}
            only = sorted(path for path in self._made if path.endswith(".html") and path not in kept)
        problems = linkcheck.check_site(self.options.site_dir, sources, only)
        if problems:
            self._empty()  # a site with broken links must not be left looking complete
            raise BuildStopped(linkcheck.report(problems))

    # 11. The bundles indexed beside the build, moved into the site.
    def collect_search(self) -> None:
        indexing, self._indexing = self._indexing, None
        if indexing is None:
            return
        try:
            indexing.into(self.options.site_dir)
        except (SearchError, BundleError) as error:
            self._empty()  # a site whose search is broken must not be published either
            raise BuildStopped(str(error)) from None
        for folder in checked(indexing.counts, self._bundle_members):
            self._kept_bundles.keep(self._bundle_keys[folder], folder)

    # 12. Done: under `serve`, feeds, calendars and data are written behind the rebuild now shown.
    def finish(self) -> None:
        if self.session is not None:
            self.session.served(
                self.options.site_dir,
                partial(write_files, self.archive, self.texts, self.settings.site, self.options.site_dir),
            )
        self._page_keys.finish()
        self.cache.finish()
        if self.session is None:
            self.cache.close()
            # Said, not warned: a strict build stops on a warning, and a site near one host's limit is
            # still right for the others.
            for line in near_limits(measure(self.options.site_dir)):
                log.info("Host limits: %s", line)
        self.finished = True

    def failed(self) -> None:
        """The build failed or was stopped (a killed worker, strict mode's warnings, Ctrl-C).

        The pages `mkdocs build` had written must not be taken for a site: it leaves none. `serve`
        keeps its last, for the next build.
        """
        self.cache.forget_build()
        if self.session is not None:
            self.session.failed()
        else:
            self.cache.close()
            if self.started:
                empty_folder(self.options.site_dir)

    def _empty(self) -> None:
        """Empty the site folder, and forget that anything was built in it."""
        empty_folder(self.options.site_dir)
        if self.session is not None:
            self.session.forget()

    def _stamped(self, pages: list[GeneratedPage]) -> Iterable[tuple[GeneratedPage, str, SearchFields | None]]:
        """Each page, with the stamp of what it shares with every other page and the search fields it shows."""
        archive = self.archive
        shared = shared_stamp(
            [TEMPLATES, self.options.config_file],
            archive.registry,
            self.settings,
            # Which bodies have feeds and calendars: every page's head links them.
            tuple(sorted(archive.by_body)),
        )
        # The theme puts the whole navigation on its pages: the hand-written pages' titles too.
        with_docs = shared_stamp([self.options.docs_dir], shared)
        for page in pages:
            yield page, shared if laid_out_by_engine(page) else with_docs, self._search.get(page.url)

    def _key_bundles(self) -> None:
        """Each search bundle's key: the pages it holds, by the digests of their bytes (all written now)."""
        plan = search_plan(self.archive, self.settings.search_bundle_meetings)
        outputs = {
            urls.built_path(page.src_uri): self._page_outputs.name(self._keys[page.src_uri]) or ""
            for page in self._pages
            if laid_out_by_engine(page)
        }
        self._bundle_members, self._bundle_keys = bundle_keys(plan.bundles, outputs)
