"""Engine pages rendered in process, with no MkDocs build: for tests of what a page shows.

A full build takes seconds and checks what only a build can (the theme's pages, links, search,
files on disk); what one engine-laid page shows needs only the layout. ``assert_page_renders``
lays the page out as a build would (the same templates, model and settings) and, when a fragment
is missing, says which lines of the page come closest.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path

from conftest import TODAY

from minutebook.layout import TEMPLATES, Chrome, Layout, laid_out_by_engine, template_filters, template_globals
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.pages import GeneratedPage, build_pages
from minutebook.search.fields import build_search_fields
from minutebook.settings import Settings, load_settings

DEFAULT_SETTINGS = load_settings("Minutes")[0]
# The theme's frame as the adapter names it for the project's mkdocs.yml (its tabs, its stylesheets).
CHROME = Chrome(
    "Minutes",
    language="en-GB",
    stylesheets=("assets/stylesheets/main.css", "assets/minutebook.css", "assets/mb-brand.css"),
    scripts=("assets/minutebook.js",),
    tabs=(("Home", ""), ("Decisions", "decisions/"), ("Actions", "actions/"), ("People", "people/")),
    body_attributes=(("dir", "ltr"),),
)


def render_page(source: Path, url: str, settings: Settings = DEFAULT_SETTINGS) -> str:
    """The HTML of the engine-laid page at ``url`` (``meetings/board/2025-01-15/``) of the archive in ``source``."""
    layout, pages, search = _laid_out(source, settings)
    if url not in pages:
        close = difflib.get_close_matches(url, pages, n=3)
        raise AssertionError(f"no engine-laid page at {url!r}; the nearest are {close}")
    return layout.render(pages[url], search.get(url))


def assert_page_renders(source: Path, url: str, *fragments: str, settings: Settings = DEFAULT_SETTINGS) -> str:
    """Assert that the page at ``url`` holds every one of ``fragments``; return its HTML."""
    html = render_page(source, url, settings)
    for fragment in fragments:
        if fragment not in html:
            nearest = difflib.get_close_matches(fragment, html.splitlines(), n=3, cutoff=0.3)
            shown = "\n".join(f"  {line.strip()}" for line in nearest) or "  (nothing like it)"
            raise AssertionError(f"{url} does not show\n  {fragment}\nits closest lines:\n{shown}")
    return html


@functools.lru_cache(maxsize=8)
def _laid_out(source: Path, settings: Settings) -> tuple[Layout, dict[str, GeneratedPage], dict[str, object]]:
    archive = load_archive(source, today=TODAY)
    texts = render_texts(archive)
    layout = Layout(TEMPLATES, CHROME, template_globals(archive, texts, settings), template_filters(settings))
    pages = {page.url: page for page in build_pages(archive, texts) if laid_out_by_engine(page)}
    return layout, pages, dict(build_search_fields(archive))
