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
from test_history import make_history_repo

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


@pytest.mark.parametrize("archive", ["a11y", "reading"])
def test_every_page_has_one_h1_british_english_one_skip_link_and_the_statement_in_its_footer(
    archive: str, site: Build, reading_build: Build
) -> None:
    build = site if archive == "a11y" else reading_build
    pages = html_pages(build)
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = outline(html)
        where = path.relative_to(build.site).as_posix()
        assert page.h1 == 1, where
        assert page.lang == "en-GB", where
        # The first link on the page, and the only one of its kind, skips to the main content, which exists.
        assert page.links[0].get("class") == "mb-skip" and page.links[0]["href"] == "#mb-main", where
        assert [link for link in page.links if "skip" in link.get("class", "")] == page.links[:1], where
        assert "mb-main" in page.ids, where
        footer = html.split('<footer class="md-footer mb-footer">', 1)[1]
        assert re.search(r'<a href="[^"]*">Accessibility statement</a>', footer), where


def test_a_meeting_page_opens_with_the_meeting_then_its_agenda_then_its_items(site: Build) -> None:
    html = site.page(MEETING)
    main = html.split('id="mb-main"', 1)[1]
    # Summary, agenda, the items in order, and only then who attended.
    order = [
        main.index('<dl class="mb-facts">'),
        main.index('<h2 id="agenda">Agenda</h2>'),
        main.index('<h2 id="item-1">'),
        main.index('<h2 id="item-3">'),
        main.index('<h2 id="attendance">Attendance</h2>'),
    ]
    assert order == sorted(order)
    # The agenda links to every item, by its permanent anchor, with what was decided in it.
    agenda = main.split('<h2 id="agenda">Agenda</h2>', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#(item-\d+)"', agenda) == ["item-1", "item-3", "item-4", "item-5"]
    assert '<span class="mb-agenda__notes">(1 decision, 2 actions)</span>' in agenda
    # The summary counts who attended and links to the list.
    assert '<dt>Attendance</dt><dd><a href="#attendance">3 present, 1 in attendance</a></dd>' in main
    assert "<dt>Decisions and actions</dt><dd>2 decisions, 3 actions</dd>" in main


def test_attendance_is_a_list_of_names_and_roles_with_counts(site: Build) -> None:
    html = site.page(MEETING)
    assert '<h3 class="mb-attendance__title">Present (3)</h3>' in html
    assert '<h3 class="mb-attendance__title">In attendance (1)</h3>' in html
    assert (
        '<li><a href="../../../people/bilal-hussain/">Bilal Hussain</a>'
        '<span class="mb-attendance__role mb-role">, Head of Housing</span></li>'
    ) in html


def test_lists_of_people_actions_and_decisions_are_not_tables(site: Build) -> None:
    """On a phone a table hides its last columns off the side of the screen; a list of labelled facts wraps."""
    for url in (MEETING, "actions/", "decisions/", "people/dev-patel/", "bodies/scrutiny-committee/"):
        html = site.page(url)
        tables = re.findall(r'<table class="([^"]*)"', html)
        # Only a chart's figures stay a table (three short columns that fit at 320 px), and minutes' own tables.
        assert all(kind == "mb-table" for kind in tables), (url, tables)
        assert 'id="actions-chart-table-caption"' in html or '<table class="mb-table"' not in html, url
    actions = site.page("actions/")
    assert (
        '<span class="mb-fact__label">Owner:</span>' in actions
        and '<span class="mb-fact__label">Due:</span>' in actions
    )


def test_the_permanent_link_is_given_once_and_each_decision_and_action_has_a_small_copy_button(site: Build) -> None:
    html = site.page(MEETING)
    assert html.count("Permanent link:") == 1
    assert '">/meetings/scrutiny-committee/2026-01-14/</a>' in html  # no site_url: shown from the site's root
    for kind, number, page in [
        ("decision", 1, "decisions/scrutiny-committee/2026-01-14/d1/"),
        ("decision", 2, "decisions/scrutiny-committee/2026-01-14/d2/"),
        ("action", 1, "actions/scrutiny-committee/2026-01-14/a1/"),
        ("action", 3, "actions/scrutiny-committee/2026-01-14/a3/"),
    ]:
        block = html.split(f'id="{kind[0]}{number}"', 1)[1].split("</div>", 1)[0]
        assert f'href="../../../{page}">{kind.capitalize()} {number}</a>' in block
        assert f'data-href="../../../{page}" hidden>' in block
        assert f'<span class="mb-visually-hidden"> to {kind} {number}</span></button>' in block
        assert "Permanent link" not in block
    # Hidden until the script can make it work: no dead buttons without JavaScript.
    assert html.count('<button type="button" class="mb-copy"') == 6  # the page, 2 decisions, 3 actions
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
    assert "Raised 14 January 2026; done 7 October 2026, 9 months later. Due 11 March 2026." in site.page(
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
        '<dd><time datetime="2026-01-14">Wednesday 14 January 2026</time>, 6.00pm to 8.15pm</dd>',
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
        '<time datetime="2026-01-14">Wed 14/01/2026</time>, 18:00 to 20:15</dd>',
        "Approved on 11 Mar 2026",
        settings=settings,
    )


# --- reading the archive: the reading fixture (long names, many actions, a long decision) -----------------

READING_MEETING = "meetings/health-scrutiny/2026-01-22/"
# An id as the minutes write it, <body>/<date>[-n]/a<n> or d<n>; not the end of a page's address ("/actions/…").
ID = re.compile(r"(?<![\w/-])[a-z0-9][a-z0-9-]*/\d{4}-\d{2}-\d{2}(?:-\d+)?/[ad]\d+\b")


class VisibleText(HTMLParser):
    """The text a reader meets on a page (a screen reader's too): the body, without scripts, styles or
    pictures' markup; text inside an element of class ``mb-ref`` (a labelled reference) apart."""

    SKIP = frozenset({"script", "style", "head", "template"})
    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "col", "embed"})

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.labelled: list[str] = []
        self._open: list[tuple[str, bool, bool]] = []  # tag, skipped, labelled

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skipped = tag in self.SKIP or any(skip for _, skip, _ in self._open)
        labelled = "mb-ref" in classes or any(label for _, _, label in self._open)
        self._open.append((tag, skipped, labelled))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][1]:
            return
        (self.labelled if self._open and self._open[-1][2] else self.text).append(data)


def visible_text(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def test_no_page_shows_an_id_where_words_should_be(site: Build, reading_build: Build, seed_build: Build) -> None:
    """Links to actions and decisions read as their words; an id shows only where it is labelled as one."""
    found, labelled = {}, 0
    for build in (site, reading_build, seed_build):
        for path in html_pages(build):
            page = visible_text(path.read_text(encoding="utf-8"))
            ids = ID.findall(" ".join(page.text))
            if ids:
                found[path.relative_to(build.site).as_posix()] = ids[:3]
            for text in page.labelled:
                labelled += len(ID.findall(text))
    assert found == {}
    assert labelled > 0  # the check would see an id: the action and decision pages label theirs
    action = visible_text(reading_build.page("actions/health-scrutiny/2026-01-22/a12/"))
    assert " ".join(" ".join(action.labelled).split()) == "Reference: health-scrutiny/2026-01-22/a12"


def test_links_to_actions_and_decisions_read_as_their_words_shortened_with_care(reading_build: Build) -> None:
    actions = reading_build.page("actions/")
    assert (
        '<a href="health-scrutiny/2026-01-22/a4/">'
        "Meet the Integrated Care Board about waiting times for children's mental health services.</a>"
    ) in actions.replace("&#39;", "'")
    # The long ones end at a word, with an ellipsis; the page they lead to has them whole.
    long = re.search(r'<a href="health-scrutiny/2026-01-22/a12/">([^<]+)</a>', actions)
    assert long and long.group(1).endswith("…") and len(long.group(1)) <= 111, long
    decisions = reading_build.page("decisions/")
    words = re.search(r'<a href="health-scrutiny/2026-01-22/d2/">([^<]+)</a>', decisions)
    assert words and words.group(1).startswith("The committee resolved that (a) the Health and Wellbeing Strategy")
    assert words.group(1).endswith("…") and not words.group(1).endswith(" …")


def test_the_next_meeting_is_on_the_home_body_and_year_pages_and_once_on_its_meeting(reading_build: Build) -> None:
    when = '<time datetime="2026-12-03">Thursday 3 December 2026</time>, 10.00am to 12.30pm'
    for url in ("", "bodies/health-scrutiny/", "years/2026/"):
        html = reading_build.page(url)
        assert when in html, url
        assert html.index(when) < html.index("</h1>") + 600, url  # near the top, not below the lists
    assert when not in reading_build.page("years/2025/")  # not that year's
    assert "No upcoming meeting has been announced" in reading_build.page("bodies/environment-board/")
    meeting = reading_build.page(READING_MEETING)
    assert meeting.count("Thursday 3 December 2026") == 1
    earlier = reading_build.page("meetings/health-scrutiny/2025-11-20/")
    assert "<dt>Next meeting</dt>" not in earlier  # its next meeting has minutes: the pager links them
    assert 'rel="next" href="../2026-01-22/">Next meeting: 22 January 2026</a>' in earlier


def test_slips_a_reader_would_trip_over_are_gone(reading_build: Build, seed_build: Build) -> None:
    home = seed_build.page("")
    assert "1 meetings" not in home and "2018 to 2018" not in home
    assert "(1 meeting in 2018)" in home
    assert "Other years" not in seed_build.page("years/2018/")  # the only year
    year = reading_build.page("years/2026/")
    assert re.search(
        r'<h2 id="other-years">Other years</h2>\s*<ul class="mb-years__list"><li><a href="../2025/">2025</a></li></ul>',
        year,
    )
    # Actions of one meeting in the order the minutes give them (a2 before a10), newest meeting first.
    actions = reading_build.page("actions/")
    open_list = actions.split('<h2 id="open">', 1)[1].split("<h2", 1)[0]
    numbers = [int(n) for n in re.findall(r"health-scrutiny/2026-01-22/a(\d+)/", open_list)]
    assert numbers == sorted(numbers) and len(numbers) > 2
    decisions = reading_build.page("decisions/")
    assert re.findall(r"2026-01-22/d(\d)/", decisions) == ["1", "2", "3"]
    assert (
        ">Health and Wellbeing Overview and Scrutiny Committee of the Merseyside and Cheshire Combined Authority, "
        "Thursday 22 January 2026</a>" in decisions
    )
    assert not re.search(r">[^<]*\b20\d\d-\d\d-\d\d\b[^<]*<", visible_html(decisions))  # no ISO dates shown
    assert "Carried over</dt><dd>0" not in reading_build.page("actions/health-scrutiny/2026-01-22/a12/")
    assert "not known" not in reading_build.page("people/jo-lee/")
    assert "Absences are counted only for bodies whose members are recorded." in reading_build.page("people/jo-lee/")
    home = reading_build.page("")
    assert "(15: 5 open, 9 overdue)" in home  # open and overdue add up to the actions not yet done
    assert re.search(
        r"still (open|overdue) \d+ (weeks|months|years) later",
        reading_build.page("actions/health-scrutiny/2026-01-22/a4/"),
    )


def test_agendas_versions_and_feeds_read_in_words(tmp_path: Path) -> None:
    """The record over time (versions, the agenda as published, every feed) shows no id, and no empty count."""
    build = build_site(tmp_path, make_history_repo(tmp_path / "repo").source)
    assert build.returncode == 0, build.output
    found = {}
    for path in html_pages(build):
        ids = ID.findall(" ".join(visible_text(path.read_text(encoding="utf-8")).text))
        if ids:
            found[path.relative_to(build.site).as_posix()] = ids[:3]
    assert found == {}
    feeds = build.page("feeds/")
    assert "0 in all" not in feeds and 'id="actions"' not in feeds  # an archive with no actions yet


def visible_html(html: str) -> str:
    """The page's body without its head, scripts and attributes' values (dates in datetime="..." are for machines)."""
    body = html.split("<body", 1)[1]
    body = re.sub(r"<script.*?</script>", "", body, flags=re.DOTALL)
    return re.sub(r"<[^>]*>", lambda tag: "<>", body)


def test_plain_english_what_a_reader_can_do_comes_before_the_name_of_the_format(reading_build: Build) -> None:
    home = visible_html(reading_build.page(""))
    assert home.index("Get updates in a feed reader") < home.index("Atom")
    assert "Add every meeting to your calendar" in home
    body = visible_html(reading_build.page("bodies/health-scrutiny/"))
    assert "Add these meetings to your calendar" in body
    data = visible_html(reading_build.page("data/"))
    you_can = data.index("You can:")
    for jargon in ("Popolo", "Open Civic Data", "ISO 8601", "schema.json", "VoteEvent"):
        assert data.index(jargon) > data.index("For developers"), jargon
    assert you_can < data.index("get updates in a feed reader") < data.index("For developers")
    assert "<table" not in reading_build.page("data/").split('id="mb-main"', 1)[1]


def test_operators_guides_are_built_only_when_asked_for_and_never_indexed(
    reading_build: Build, reading_published: Build
) -> None:
    guides = ("performance", "search-performance", "importing", "publishing", "branding", "errors")
    assert not [guide for guide in guides if (reading_build.site / guide).exists()]
    for guide in guides:  # asked for in mkdocs.yml: built, but kept from search engines
        html = reading_published.page(f"{guide}/")
        assert '<meta name="robots" content="noindex">' in html, guide
        assert f"/{guide}/</loc>" not in (reading_published.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "noindex" not in reading_published.page(READING_MEETING)


def test_no_template_source_reaches_the_site(reading_build: Build) -> None:
    leaks = [
        path.relative_to(reading_build.site).as_posix()
        for path in reading_build.site.rglob("*")
        if path.suffix in {".html", ".css", ".xml"}  # the scripts are vendors', written as they wrote them
        and re.search(r"\{%-?\s|\{\{\s|\{#-?\s", path.read_text(encoding="utf-8"))
    ]
    assert leaks == []
    assert not (reading_build.site / "partials").exists()


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
    address = "https://minutes.example.org/archive/meetings/scrutiny-committee/2026-01-14/"
    assert f'<a class="mb-permalink__link" href="./">{address}</a>' in html
    assert '@bottom-left{content:"https://minutes.example.org/archive/meetings/scrutiny-committee/2026-01-14/"}' in html
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
