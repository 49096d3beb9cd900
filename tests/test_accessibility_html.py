"""What axe cannot check cheaply, read from real strict builds: one <h1>, British English, the skip link,
table headers, anchors, permanent links, chart text equivalents, footer links; and the site settings
(date style, brand colours and their contrast check) as mkdocs.yml sets them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, Build, build_site, config_with_settings
from rendering import assert_page_renders

from minutebook import branding, formatting
from minutebook.settings import load_settings

MEETING = "meetings/scrutiny-committee/2026-01-14/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("a11y-html"), FIXTURES / "a11y")
    assert build.returncode == 0, build.output
    return build


class Outline(HTMLParser):
    """The facts about a page these tests ask for: headings, links in order, tables' header cells."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.h1 = 0
        self.links: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.th: list[dict[str, str]] = []
        self._table_class: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and "href" in a:
            self.links.append(a)
        elif tag == "table":
            self._table_class.append(a.get("class", ""))
        elif tag == "th":
            self.th.append({**a, "table": self._table_class[-1] if self._table_class else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table_class:
            self._table_class.pop()


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def html_pages(build: Build) -> list[Path]:
    return sorted(build.site.rglob("*.html"))


def test_every_page_has_one_h1_british_english_a_skip_link_and_the_statement_in_its_footer(
    site: Build,
) -> None:
    pages = html_pages(site)
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = outline(html)
        where = path.relative_to(site.site).as_posix()
        assert page.h1 == 1, where
        assert page.lang == "en-GB", where
        # The first link on the page skips to the main content, which exists. (Material's own skip link,
        # on pages with a table of contents, is hidden by our CSS and never focused: the browser tests check.)
        links = [link for link in page.links if link.get("class") != "md-skip"]
        assert links[0]["class"] == "mb-skip" and links[0]["href"] == "#mb-main", where
        assert "mb-main" in page.ids, where
        footer = html.split('<footer class="md-footer mb-footer">', 1)[1]
        assert re.search(r'<a href="[^"]*">Accessibility statement</a>', footer), where


def test_attendance_tables_have_column_and_row_headers(site: Build) -> None:
    page = outline(site.page(MEETING))
    attendance = [th for th in page.th if "mb-attendance" in th["table"]]
    assert {th.get("scope") for th in attendance} == {"col", "row"}
    # Every header cell of our own tables says what it heads (minutes text may hold simple Markdown tables).
    assert all(th.get("scope") in ("col", "row") for th in page.th if "mb-table" in th["table"])


def test_tables_scroll_inside_a_labelled_focusable_region(site: Build) -> None:
    html = site.page(MEETING)
    regions = re.findall(
        r'<div class="mb-table-wrap" role="region" aria-label="([^"]+)" tabindex="0"><table',
        html,
    )
    assert regions == ["Present (3)", "In attendance (1)"]


def test_every_decision_and_action_shows_its_permanent_address_with_a_copy_button(
    site: Build,
) -> None:
    html = site.page(MEETING)
    for uid, url in [
        (
            "scrutiny-committee/2026-01-14/d1",
            "/decisions/scrutiny-committee/2026-01-14/d1/",
        ),
        (
            "scrutiny-committee/2026-01-14/d2",
            "/decisions/scrutiny-committee/2026-01-14/d2/",
        ),
        (
            "scrutiny-committee/2026-01-14/a1",
            "/actions/scrutiny-committee/2026-01-14/a1/",
        ),
        (
            "scrutiny-committee/2026-01-14/a3",
            "/actions/scrutiny-committee/2026-01-14/a3/",
        ),
    ]:
        assert f'">{url}</a>' in html  # no site_url: shown from the site's root
        assert f'<span class="mb-visually-hidden"> to {uid}</span></button>' in html
    # Hidden until the script can make it work: no dead buttons without JavaScript.
    assert html.count('<button type="button" class="mb-copy" hidden>') == 6  # meeting, 2 decisions, 3 actions
    assert '<div class="mb-visually-hidden" aria-live="polite" id="mb-announce"></div>' in html


def test_item_and_section_headings_have_anchor_links(site: Build) -> None:
    html = site.page(MEETING)
    assert (
        '<h2 id="attendance">Attendance</h2>'
        '<a class="mb-anchor" href="#attendance" aria-label="Link to attendance">#</a>' in html
    )
    assert (
        '<h2 id="item-3">3. Housing repairs plan</h2>'
        '<a class="mb-anchor" href="#item-3" aria-label="Link to item 3">#</a>' in html
    )


def test_hand_written_pages_have_heading_permalinks(site: Build) -> None:
    html = (site.site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<h2 id="feedback-and-contact-information">Feedback and contact information'
        r'<a class="headerlink" href="#feedback-and-contact-information"',
        html,
    )
    assert '<a href="mailto:accessibility@example.org">accessibility@example.org</a>' in html


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("people/dev-patel/", "mb-att"),
        ("bodies/scrutiny-committee/", "mb-act"),
        ("actions/scrutiny-committee/2026-01-14/a1/", "mb-tl"),
    ],
)
def test_charts_are_inline_svg_with_a_title_a_description_and_a_visible_summary(
    site: Build, url: str, prefix: str
) -> None:
    html = site.page(url)
    assert f'role="img" aria-labelledby="{prefix}-title {prefix}-desc"' in html
    assert f'<title id="{prefix}-title">' in html and f'<desc id="{prefix}-desc">' in html
    assert "<figcaption>" in html
    assert "<script" not in html.split('role="img"')[1].split("</figure>")[0]  # drawn without JavaScript


def test_chart_text_says_what_the_picture_shows(site: Build) -> None:
    assert "3 meetings: present at 2, apologies for 1." in site.page("people/dev-patel/")
    body = site.page("bodies/scrutiny-committee/")
    assert "Over 3 meetings: 4 actions raised, 2 reported done." in body
    assert (
        '<caption id="actions-chart-table-caption">Actions raised and reported done, meeting by meeting</caption>'
        in body
    )
    assert "Raised 14 January 2026; done 7 October 2026, 266 days later. Due 11 March 2026." in site.page(
        "actions/scrutiny-committee/2026-01-14/a1/"
    )


def test_the_404_page_links_from_the_site_root(site: Build) -> None:
    page = outline((site.site / "404.html").read_text(encoding="utf-8"))
    hrefs = {link["href"] for link in page.links}
    # Served at any depth: every link to our pages starts at the root (no site_url, so "/").
    assert {
        "/.",
        "/decisions/",
        "/actions/",
        "/people/",
        "/bodies/",
        "/years/",
        "/accessibility/",
    } <= hrefs
    assert not any(href.startswith("..") for href in hrefs)


def test_dates_and_times_are_british_by_default() -> None:
    assert_page_renders(
        FIXTURES / "a11y",
        MEETING,
        '<dd><time datetime="2026-01-14">Wednesday 14 January 2026</time></dd>',
        "<dd>6.00pm to 8.15pm</dd>",
    )


def test_date_and_time_style_come_from_mkdocs_yml() -> None:
    options = {
        "date_format": "{weekday_short} {day2}/{month_number2}/{year}",
        "short_date_format": "{day} {month_short} {year}",
        "time_format": "24h",
    }
    settings, warnings = load_settings("Minutes", None, {"minutebook": options})
    assert warnings == []
    assert_page_renders(
        FIXTURES / "a11y",
        MEETING,
        '<time datetime="2026-01-14">Wed 14/01/2026</time>',
        "<dd>18:00 to 20:15</dd>",
        "Approved on 11 Mar 2026",
        settings=settings,
    )


# --- site settings in mkdocs.yml -------------------------------------------------------------------------


def build_with_settings(tmp_path: Path, settings: str, site_url: str = "") -> Build:
    """A strict build of the fixture with the project's mkdocs.yml plus ``settings`` (YAML under extra.minutebook)."""
    return build_site(tmp_path, FIXTURES / "a11y", config=config_with_settings(tmp_path, settings, site_url))


def test_date_and_time_style_and_brand_colours_come_from_mkdocs_yml(
    tmp_path: Path,
) -> None:
    build = build_with_settings(
        tmp_path,
        """
date_format: "{weekday_short} {day2}/{month_number2}/{year}"
short_date_format: "{day} {month_short} {year}"
time_format: 24h
publisher: Example Borough Council
brand: {primary: "#4b0d5c", link: "#0b5394"}
""",
        site_url="https://minutes.example.org/archive/",
    )
    assert build.returncode == 0, build.output
    html = build.page(MEETING)
    assert '<time datetime="2026-01-14">Wed 14/01/2026</time>' in html  # the settings reach the build
    # The brand's colours: one stylesheet, linked from every page after the theme's own.
    assert '<link rel="stylesheet" href="../../../assets/mb-brand.css">' in html and "--md-primary-fg-color" not in html
    brand = (build.site / "assets/mb-brand.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #4b0d5c;" in brand and "--mb-link: #0b5394;" in brand
    assert html.index("assets/stylesheets/main.") < html.index("assets/mb-brand.css")
    assert "Published by Example Borough Council." in html
    # With site_url set, every address to cite or print is absolute, and the 404 page links from the site's path.
    address = "https://minutes.example.org/archive/decisions/scrutiny-committee/2026-01-14/d2/"
    assert (
        f'<a class="mb-permalink__link" href="../../../decisions/scrutiny-committee/2026-01-14/d2/">{address}</a>'
        in html
    )
    assert (
        '@bottom-left { content: "https://minutes.example.org/archive/meetings/scrutiny-committee/2026-01-14/"; }'
        in html
    )
    assert 'href="/archive/decisions/">Decisions register</a>' in (build.site / "404.html").read_text(encoding="utf-8")


def test_a_brand_colour_without_enough_contrast_stops_the_strict_build(
    tmp_path: Path,
) -> None:
    build = build_with_settings(tmp_path, 'brand: {primary: "#7fa7e0", link: "nope"}')
    assert build.returncode != 0
    assert "extra.minutebook.brand.link: 'nope' is not a colour like '#1d3f73'" in build.output
    assert "primary_text on primary (the header) has contrast 2.47:1 (#ffffff on #7fa7e0)" in build.output


# --- the engine's pieces, without MkDocs ------------------------------------------------------------------


def test_contrast_ratio_follows_wcag() -> None:
    assert branding.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert branding.contrast_ratio("#fff", "#fff") == pytest.approx(1)
    assert branding.contrast_ratio("#767676", "#ffffff") == pytest.approx(
        4.54, abs=0.01
    )  # the lightest grey that passes
    assert branding.contrast_ratio(branding.WHITE, branding.Brand().primary) >= 4.5
    assert branding.contrast_ratio(branding.Brand().link, branding.WHITE) >= 4.5
    assert branding.contrast_ratio(branding.FOCUS_TEXT, branding.Brand().focus) >= 4.5
    _, warnings = branding.load_brand({"focus": "#333333"})
    assert warnings == [
        "extra.minutebook.brand: focused text (#0b0c0c) on focus has contrast 1.55:1 (#0b0c0c on #333333); "
        "WCAG 2.2 AA needs at least 4.5:1 — choose a darker or lighter colour"
    ]


def test_settings_default_to_an_accessible_plain_site() -> None:
    settings, warnings = load_settings("Minutes")
    assert warnings == [] and settings.brand == branding.Brand() and settings.dates == formatting.DateStyle()
    assert settings.publisher == "" and settings.site.publisher == "Minutes"  # the footer names no one; feeds the site


def test_bad_date_patterns_and_time_formats_are_reported() -> None:
    _, warnings = load_settings(
        "Minutes", None, {"minutebook": {"date_format": "{weekday} {dia}", "time_format": "am/pm"}}
    )
    assert warnings[0].startswith("extra.minutebook.date_format: '{weekday} {dia}' cannot be used")
    assert warnings[1] == "extra.minutebook.time_format: 'am/pm' is not '12h' or '24h'"


def test_css_strings_cannot_break_out_of_a_style_element() -> None:
    assert branding.css_string("/meetings/x/") == '"/meetings/x/"'
    assert "<" not in branding.css_string('</style><script>"') and '"' not in branding.css_string('a"b')[1:-1]


def test_page_address_is_absolute_only_when_the_site_url_is_known() -> None:
    assert (
        branding.page_address("https://minutes.example.org/archive", "meetings/x/")
        == "https://minutes.example.org/archive/meetings/x/"
    )
    assert branding.page_address(None, "meetings/x/") == "/meetings/x/"
    assert branding.page_address("", None) == "/"


def test_clock_and_dates_in_either_style() -> None:
    import datetime as dt

    assert formatting.clock("14:00") == "2.00pm" and formatting.clock("12:00") == "midday"
    assert formatting.clock("09:05", "24h") == "09:05"
    assert formatting.long_date(dt.date(2018, 10, 24)) == "Wednesday 24 October 2018"
    assert (
        formatting.build_filters(formatting.DateStyle(short_date="{day2}.{month_number2}.{year}"))["short_date"](
            dt.date(2018, 10, 4)
        )
        == "04.10.2018"
    )
