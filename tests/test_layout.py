"""The engine's own page layout: links written as the theme writes them, pages written in order, the
theme's frame kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, Build, build_site
from jinja2 import Environment, FileSystemLoader
from markupsafe import escape
from mkdocs.utils import normalize_url

from minutebook.cache import BuildCache
from minutebook.layout import Chrome, Layout, TemplateCode, laid_out_by_engine, template_filters, template_globals
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.pages import build_pages
from minutebook.search.fields import build_search_fields
from minutebook.settings import load_settings
from minutebook.urls import built_path, relative_url

TEMPLATES = Path(__file__).resolve().parent.parent / "hooks" / "templates"
PAGES = ["", "people/", "people/ann-lee/", "actions/board/2025-01-15/a1/", "meetings/board/2025-01-15/"]
TARGETS = [
    "",
    ".",
    "people/",
    "people",
    "people/ann-lee/",
    "people/ann-lee",
    "peoplex/",
    "actions/",
    "actions/board/2025-01-15/a1/",
    "actions/board/2025-01-15/a1/#history",
    "actions/board/2025-01-16/a1/",
    "meetings/board/2025-01-15/#item-7",
    "assets/stylesheets/main.57a0d79d.min.css",
    "feeds/minutes.atom",
    "documents/report.v2.pdf",
    "x/../y/",
    "https://example.org/a/",
    "mailto:clerk@example.org",
    "/pagefind/",
    "#top",
]


@pytest.mark.parametrize("page", PAGES)
def test_relative_links_match_the_theme_s_url_filter(page: str) -> None:
    # Engine pages and theme pages link to each other: the same target must read the same from the same page.
    class ThemePage:
        url = page

    for target in TARGETS:
        assert relative_url(target, page) == normalize_url(target, ThemePage()), (page, target)


@pytest.fixture(scope="module")
def archive_pages() -> tuple:
    archive = load_archive(FIXTURES / "archive")
    texts = render_texts(archive)
    settings, _ = load_settings("Minutes", "https://minutes.example.org/")
    chrome = Chrome(
        "Minutes",
        site_url="https://minutes.example.org/",
        language="en-GB",
        favicon="assets/favicon.png",
        stylesheets=("assets/theme.css", "assets/minutebook.css"),
        scripts=("assets/minutebook.js",),
        tabs=(("Home", ""), ("People", "people/")),
        body_attributes=(("dir", "ltr"),),
    )
    layout = Layout(TEMPLATES, chrome, template_globals(archive, texts, settings), template_filters(settings))
    pages = [page for page in build_pages(archive, texts) if laid_out_by_engine(page)]
    return layout, pages, build_search_fields(archive)


def test_engine_pages_are_written_where_the_theme_would_write_them_in_page_order(
    archive_pages: tuple, tmp_path: Path
) -> None:
    layout, pages, search = archive_pages
    # Person pages are written first (the longest); the paths still come back in the pages' order.
    assert {page.template for page in pages} == {
        "meeting.html",
        "person.html",
        "action.html",
        "decision.html",
        "body.html",
        "year.html",
    }
    paths = layout.write(pages, search, tmp_path)
    assert paths == [built_path(page.src_uri) for page in pages]
    for page, path in zip(pages, paths):
        html = (tmp_path / path).read_text(encoding="utf-8")
        assert f"<title>{escape(page.title)} - Minutes</title>" in html, path


def test_an_engine_page_has_the_chrome_the_adapter_named(archive_pages: tuple) -> None:
    layout, pages, search = archive_pages
    page = next(page for page in pages if page.url == "actions/finance-committee/2025-01-15/a1/")
    html = layout.render(page, search.get(page.url))
    assert html.startswith('<!doctype html>\n<html lang="en-GB"')
    for link in [
        '<link rel="stylesheet" href="../../../../assets/theme.css">',
        '<link rel="icon" href="../../../../assets/favicon.png">',
        '<script src="../../../../assets/minutebook.js"></script>',
        '<link rel="canonical" href="https://minutes.example.org/actions/finance-committee/2025-01-15/a1/">',
        '<li><a href="../../../..">Home</a></li>',
        '<li><a href="../../../../people/">People</a></li>',
        '<a href="../../../../bodies/finance-committee/">Finance Committee</a>',  # the trail above the heading
    ]:
        assert link in html, link
    # The skip link comes first; search indexes the page's content only, its filters in that element's attributes.
    assert re.search(r"<body[^>]*>\s*<a class=\"mb-skip\" href=\"#mb-main\">", html)
    assert '<div class="mb-search-body" data-pagefind-body data-v0="Action" ' in html
    assert 'data-pagefind-filter="kind[data-v0], ' in html
    assert html.count("<h1>") == 1 and html.rstrip().endswith("</html>")


def test_engine_and_theme_pages_share_one_frame(tmp_path: Path) -> None:
    build: Build = build_site(tmp_path, FIXTURES / "archive")
    assert build.returncode == 0, build.output
    engine = [
        "meetings/finance-committee/2025-01-15/",
        "people/bob-okafor/",
        "actions/finance-committee/2025-01-15/a1/",
        "decisions/finance-committee/2025-01-15/d1/",
        "bodies/finance-committee/",
        "years/2025/",
    ]
    for url in [*engine, "", "people/", "actions/", "decisions/"]:
        html = build.page(url)
        # One header, navigation and footer everywhere: none of the theme's sidebars, drawer or scripts.
        assert html.count('<header class="mb-header">') == 1 and '<nav class="mb-nav" aria-label="Main">' in html, url
        assert "md-sidebar" not in html and "__drawer" not in html and "javascripts/bundle." not in html, url
        # The theme's own stylesheet, found by the adapter, is linked and in the site.
        sheet = re.search(r'href="((?:\.\./)+|)(assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', html)
        assert sheet and (build.site / sheet[2]).is_file(), url
        # The logo and the search icon come once, in the stylesheets, not as <svg> in every page's header.
        header = html[html.index('<header class="mb-header">') : html.index("</header>")]
        assert "<svg" not in header and '<span class="mb-header__logo" aria-hidden="true"></span>' in header, url
        assert '<span class="mb-search__icon" aria-hidden="true"></span>' in header, url
    brand = (build.site / "assets/mb-brand.css").read_text(encoding="utf-8")
    assert re.search(r'\.mb-header__logo:empty \{[^}]*mask: url\("data:image/svg\+xml,%3Csvg%20[^"]+"\)', brand)
    assert 'mask: url("data:image/svg+xml,' in (build.site / "assets/minutebook.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("kept", ["in memory", "in the build cache"])
def test_compiled_templates_are_kept_for_the_next_build_and_compiled_again_when_edited(
    tmp_path: Path, kept: str
) -> None:
    """In memory under `serve`; in the build cache's folder for the next `mkdocs build`, a new process."""
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "page.html"
    template.write_text("one {{ x }}", encoding="utf-8")
    session = TemplateCode()
    compiled: list[str] = []

    def build(x: int) -> str:
        """One build: a new environment, as MkDocs and the layout make on every build."""
        cache = BuildCache.open(tmp_path / "cache", "archive", engine="engine")  # as a new process does
        code = session if kept == "in memory" else TemplateCode(cache.values("theme-code"))
        env = Environment(loader=FileSystemLoader(templates), bytecode_cache=code)
        compile_source = env.compile
        env.compile = lambda source, name=None, *rest, **named: (
            compiled.append(name) or compile_source(source, name, *rest, **named)
        )  # type: ignore[method-assign]
        try:
            return env.get_template("page.html").render(x=x)
        finally:
            cache.finish()
            cache.close()

    assert build(1) == "one 1"
    assert build(2) == "one 2"
    assert compiled == ["page.html"]  # the second build took the first one's code
    template.write_text("two {{ x }}", encoding="utf-8")
    assert build(3) == "two 3"
    assert compiled == ["page.html", "page.html"]


def test_the_theme_s_palette_stylesheet_is_linked_only_when_it_sets_a_colour(tmp_path: Path) -> None:
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "main.1a2b.min.css").write_text("", encoding="utf-8")
    (sheets / "palette.3c4d.min.css").write_text("", encoding="utf-8")

    def chrome(palette: dict[str, str]) -> Chrome:
        return Chrome.from_material([str(tmp_path)], {"palette": palette}, site_name="Minutes")

    # The brand's own colours on the default scheme: nothing in the palette applies, so it costs no link.
    custom = chrome({"scheme": "default", "primary": "custom", "accent": "custom"})
    assert custom.stylesheets == ("assets/stylesheets/main.1a2b.min.css",)
    assert custom.body_attributes == (("dir", "ltr"),)
    named = chrome({"scheme": "slate", "primary": "indigo"})
    assert named.stylesheets == ("assets/stylesheets/main.1a2b.min.css", "assets/stylesheets/palette.3c4d.min.css")
    assert named.body_attributes == (
        ("dir", "ltr"),
        ("data-md-color-scheme", "slate"),
        ("data-md-color-primary", "indigo"),
    )
