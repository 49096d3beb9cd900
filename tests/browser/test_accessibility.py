"""Accessibility, phones and print, in a real browser: axe-core on every kind of page, keyboard-only
journeys, reflow at 320 and 375 px (no text off the side of the screen, no failed request), screenshots
at 375 and 1280 px, copy buttons, the 404 page at any depth, and the printed minutes."""

from __future__ import annotations

import http.server
import io
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES, Build, build_site, config_with_settings
from test_agenda import OVERDUE, UPCOMING, make_agenda_repo
from test_history import ID as MINUTED
from test_history import make_history_repo

from .conftest import ARTIFACTS, serve

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = ARTIFACTS / "a11y"
MEETING = "meetings/scrutiny-committee/2026-01-14/"

# Every kind of page, in the fixture archive (tests/fixtures/a11y: a draft, updates, a vote, a declaration,
# an exempt item, a post and a motion lost).
PAGES = {
    "home": "",
    "meeting": MEETING,
    "draft-meeting": "meetings/scrutiny-committee/2026-10-07/",
    "person": "people/dev-patel/",
    "action": "actions/scrutiny-committee/2026-01-14/a1/",
    "open-action": "actions/scrutiny-committee/2026-03-11/a1/",
    "actions": "actions/",
    "decision": "decisions/scrutiny-committee/2026-01-14/d2/",
    "lost-decision": "decisions/scrutiny-committee/2026-03-11/d2/",
    "meeting-with-a-post-and-a-lost-motion": "meetings/scrutiny-committee/2026-03-11/",
    "decisions": "decisions/",
    "body": "bodies/scrutiny-committee/",
    "post": "posts/scrutiny-committee/clerk/",
    "bodies": "bodies/",
    "year": "years/2026/",
    "years": "years/",
    "people": "people/",
    "accessibility": "accessibility/",
    "not-found": "some/deep/missing/page/",
}
# Every kind of page in the reading fixture (tests/fixtures/reading): long names, a dozen actions on one
# meeting, a 200-word decision, a long address in the minutes, an announced next meeting.
READING_PAGES = {
    "home": "",
    "meeting": "meetings/health-scrutiny/2026-01-22/",
    "draft-meeting": "meetings/environment-board/2026-03-05/",
    "person": "people/bartholomew-featherstonehaugh-cholmondeley/",
    "officer": "people/marguerite-vandersteen-ellingsworth/",
    "action": "actions/health-scrutiny/2026-01-22/a12/",
    "actions": "actions/",
    "decision": "decisions/health-scrutiny/2026-01-22/d2/",
    "decisions": "decisions/",
    "body": "bodies/health-scrutiny/",
    "team": "bodies/highways-team/",
    "post": "posts/health-scrutiny/clerk/",
    "bodies": "bodies/",
    "year": "years/2026/",
    "years": "years/",
    "people": "people/",
    "data": "data/",
    "accessibility": "accessibility/",
    "not-found": "some/deep/missing/page/",
}
# The bundled seed meeting: real minutes, long names, long tables.
SEED_PAGES = {
    "seed-home": "",
    "seed-meeting": "meetings/improvement-board/2018-10-24/",
    "seed-person": "people/lorna-quigley/",
    "seed-action": "actions/improvement-board/2018-10-24/a2/",
    "seed-body": "bodies/improvement-board/",
    "seed-actions": "actions/",
}

# What an archive's record over time adds (tests/test_agenda.py, tests/test_history.py): an agenda before its
# meeting, one whose day has passed, minutes with their versions and the agenda as published, the feeds page.
AGENDA_PAGES = {
    "agenda": f"meetings/{UPCOMING}/",
    "overdue-agenda": f"meetings/{OVERDUE}/",
    "agenda-body": "bodies/audit-committee/",
    "agenda-home": "",
}
HISTORY_PAGES = {
    "minutes-with-versions": f"meetings/{MINUTED}/",
    "feeds": "feeds/",
    "person-with-updates": "people/ada-lovelace/",
}


class _Site(http.server.SimpleHTTPRequestHandler):
    """A static host as publishing uses one: a missing address gets the site's 404.html, with status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_with_404(directory: Path) -> AbstractContextManager[str]:
    """Like a real host: unknown addresses get 404.html with status 404."""
    return serve(directory, _Site)


@pytest.fixture(scope="module")
def a11y_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("a11y"), FIXTURES / "a11y")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def site(a11y_build: Build) -> Iterator[str]:
    with serve_with_404(a11y_build.site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def reading(reading_build: Build) -> Iterator[str]:
    with serve_with_404(reading_build.site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def seed(seed_build: Build) -> Iterator[str]:
    with serve_with_404(seed_build.site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def agendas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("a11y-agenda")
    config = config_with_settings(folder, "publisher: Eastmere Council", site_url="https://minutes.example.org/")
    build = build_site(folder, make_agenda_repo(folder / "repo").source, config=config)
    assert build.returncode == 0, build.output
    with serve_with_404(build.site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("a11y-history")
    build = build_site(folder, make_history_repo(folder / "repo").source)
    assert build.returncode == 0, build.output
    with serve_with_404(build.site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _violations(axe: Axe, page: Any) -> list[str]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_wcag_22_aa_violations(kind: str, page: Any, site: str, axe: Axe) -> None:
    page.goto(site + PAGES[kind])
    assert _violations(axe, page) == []


@pytest.mark.parametrize("kind", list(READING_PAGES))
def test_axe_finds_no_violations_in_the_reading_archive(kind: str, page: Any, reading: str, axe: Axe) -> None:
    page.goto(reading + READING_PAGES[kind])
    assert _violations(axe, page) == []


@pytest.mark.parametrize("kind", list(SEED_PAGES))
def test_axe_finds_no_violations_in_the_seed_archive(kind: str, page: Any, seed: str, axe: Axe) -> None:
    page.goto(seed + SEED_PAGES[kind])
    assert _violations(axe, page) == []


def _open_search(page: Any, query: str) -> None:
    page.locator("button.mb-search__open").click()
    page.locator(".mb-search__input").fill(query)
    page.locator(".mb-result").first.wait_for(timeout=10_000)
    page.locator(".mb-search__filters summary").click()  # the filter menus are part of the dialog too
    page.locator("#mb-search-person option").nth(1).wait_for(state="attached")


def test_axe_finds_no_violations_in_the_header_search_box(page: Any, site: str, axe: Axe) -> None:
    page.goto(site + MEETING)
    assert page.locator("button.mb-search__open").count() == 1
    assert _violations(axe, page) == []


def test_axe_finds_no_violations_in_the_open_search_dialog(page: Any, site: str, axe: Axe) -> None:
    page.goto(site + MEETING)
    _open_search(page, "housing")
    assert _violations(axe, page) == []


def test_the_404_page_works_at_any_depth_with_or_without_site_url(
    page: Any, site: str, reading_published: Build
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve_with_404(reading_published.site) as published:  # links from site_url's path, "/"
        page.goto(published + "some/deep/missing/page/")
        page.locator("button.mb-search__open").click()
        page.locator(".mb-search__input").wait_for(timeout=5000)
    assert errors == []
    response = page.goto(site + "some/deep/missing/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # Styles load from a deep address: the header is the brand colour, not unstyled.
    header = page.evaluate("getComputedStyle(document.querySelector('.mb-header')).backgroundColor")
    assert header == "rgb(29, 63, 115)"
    page.get_by_role("main").get_by_role("link", name="Decisions register").click()
    page.wait_for_url(site + "decisions/")
    assert page.locator("h1").inner_text() == "Decisions"  # the nav's name for the register


def test_keyboard_skip_link_is_first_and_leads_into_the_content(page: Any, site: str) -> None:
    page.goto(site + MEETING)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.classList.contains('mb-skip'), document.activeElement.textContent.trim()]"
    )
    assert focused == [True, "Skip to main content"]
    assert page.locator(".mb-skip").bounding_box()["y"] >= 0  # visible when focused, not off screen
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "mb-main"
    page.keyboard.press("Tab")
    # The next stop is the first link of the minutes themselves, past the header, navigation and trail.
    assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')")
    assert page.evaluate("document.activeElement.textContent") == "Cllr Ann Clark"  # the chair, in the summary


def test_heading_anchors_show_when_focused(page: Any, site: str) -> None:
    page.goto(site + MEETING)
    anchor = page.locator('a.mb-anchor[href="#item-3"]')
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"
    anchor.focus()
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"
    page.keyboard.press("Enter")
    # The jump to the anchor is a same-page navigation the browser finishes after the key press returns.
    page.wait_for_function("location.hash === '#item-3'", timeout=5000)
    assert page.url.endswith("#item-3")
    # The linked heading is on screen, at the top (the header scrolls away with the page).
    top = page.locator("#item-3").bounding_box()["y"]
    assert 0 <= top < 100


def _tab_to(page: Any, name: str, limit: int = 250) -> None:
    """Press Tab until the focused element's text is ``name``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def test_keyboard_only_journey_meeting_to_person_to_action(page: Any, site: str) -> None:
    page.goto(site + MEETING)
    _tab_to(page, "Bilal Hussain")
    page.keyboard.press("Enter")
    page.wait_for_url(site + "people/bilal-hussain/")
    assert page.locator("h1").inner_text() == "Bilal Hussain"
    _tab_to(page, "Report repair times by ward to the next meeting.")  # the action, by its words
    page.keyboard.press("Enter")
    page.wait_for_url(site + "actions/scrutiny-committee/2026-01-14/a1/")
    assert page.locator("h1").inner_text() == "Action 1, Children's Scrutiny Committee, 14 January 2026"


def test_copy_button_copies_the_permanent_address_and_says_so(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(site + MEETING)
        # The page's own permanent link shows its full address, ready to cite.
        assert page.locator(".mb-permalink__link").inner_text() == site + MEETING
        # Each decision's button copies the address of the decision's own page.
        address = site + "decisions/scrutiny-committee/2026-01-14/d2/"
        assert page.get_by_role("button", name="Copy link to decision 2").count() == 1
        button = page.locator("#d2 button.mb-copy")
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.getElementById('mb-announce').textContent.startsWith('Copied')")
        assert button.inner_text().startswith("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == address
    finally:
        context.close()


def test_without_javascript_links_still_show_and_no_dead_buttons(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site + "actions/scrutiny-committee/2026-01-14/a1/")
        assert page.locator(".mb-permalink__link").inner_text() == "/actions/scrutiny-committee/2026-01-14/a1/"
        assert not page.locator("button.mb-copy").is_visible()
        assert page.locator("figure#timeline svg[role=img]").is_visible()
        page.goto(site + MEETING)
        assert page.locator("button.mb-copy").count() == 6 and not page.locator("button.mb-copy:visible").count()
    finally:
        context.close()


# Every piece of text in the page's main content whose box lies beyond the right edge of the screen, by
# its first words (text a stylesheet hides on purpose, in a 1px box for screen readers, aside).
TEXT_OFF_SCREEN = """() => {
  const edge = document.documentElement.clientWidth, found = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode, box = text.parentElement.getBoundingClientRect();
    if (!text.textContent.trim() || (box.width <= 1 && box.height <= 1)) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    const off = [...range.getClientRects()].some((r) => r.width > 0 && r.right > edge + 0.5);
    if (off) found.push(text.textContent.trim().slice(0, 40));
  }
  return found;
}"""


def _reads_on_a_screen(
    browser: Any, base: str, pages: dict[str, str], width: int, shots: Path | None
) -> dict[str, Any]:
    """What is wrong with each page at ``width`` px: text off the side, sideways scrolling, failed requests."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    failed: list[str] = []
    page.on("pageerror", lambda error: failed.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on(
        "response",
        lambda response: failed.append(f"{response.url} ({response.status})") if response.status >= 400 else None,
    )
    problems: dict[str, Any] = {}
    try:
        for kind, url in pages.items():
            failed.clear()
            page.goto(base + url, wait_until="networkidle")
            # Folded parts (versions, what changed, how to use a feed) opened, as a reader would open them.
            page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
            if shots:
                shots.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shots / f"{kind}-{width}.png"), full_page=True)
            off = page.evaluate(TEXT_OFF_SCREEN)
            scroll = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            # The 404 page is one request that is meant to fail: it is the page itself.
            requests = [f for f in failed if not (kind == "not-found" and f.startswith(base + url))]
            if off or scroll or requests:
                problems[kind] = {"text off screen": off[:5], "scrolls sideways": scroll, "failed requests": requests}
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("width", [320, 375])
def test_every_page_kind_reads_on_a_phone_with_nothing_off_the_side(width: int, browser: Any, reading: str) -> None:
    """WCAG 2.2 1.4.10 Reflow, on long names, a dozen actions and a 200-word decision; and no request fails."""
    assert _reads_on_a_screen(browser, reading, READING_PAGES, width, SHOTS / "reading" if width == 375 else None) == {}


@pytest.mark.parametrize("width", [320, 375])
def test_the_accessibility_and_seed_archives_read_on_a_phone(width: int, browser: Any, site: str, seed: str) -> None:
    problems = _reads_on_a_screen(browser, site, PAGES, width, SHOTS if width == 375 else None)
    problems |= {f"seed {k}": v for k, v in _reads_on_a_screen(browser, seed, SEED_PAGES, width, SHOTS).items()}
    assert problems == {}


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_agendas_versions_and_feeds_read_on_a_phone_and_a_desktop(
    width: int, browser: Any, agendas: str, history: str
) -> None:
    shots = SHOTS / "lifecycle" if width != 320 else None
    problems = _reads_on_a_screen(browser, agendas, AGENDA_PAGES, width, shots)
    problems |= _reads_on_a_screen(browser, history, HISTORY_PAGES, width, shots)
    assert problems == {}


@pytest.mark.parametrize("kind", [*AGENDA_PAGES, *HISTORY_PAGES])
def test_axe_finds_no_violations_in_agendas_versions_and_feeds(
    kind: str, page: Any, agendas: str, history: str, axe: Axe
) -> None:
    base, url = (agendas, AGENDA_PAGES[kind]) if kind in AGENDA_PAGES else (history, HISTORY_PAGES[kind])
    page.goto(base + url)
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    assert _violations(axe, page) == []


def test_pages_are_photographed_on_a_desktop_and_fit_it(browser: Any, site: str, reading: str) -> None:
    assert _reads_on_a_screen(browser, reading, READING_PAGES, 1280, SHOTS / "reading") == {}
    assert _reads_on_a_screen(browser, site, PAGES, 1280, SHOTS) == {}


def test_the_checks_see_text_off_the_side_and_a_failed_request(browser: Any, tmp_path: Path) -> None:
    """The reflow check is not vacuous: a table too wide for the phone, and a missing stylesheet, are caught."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title><link rel="stylesheet" href="missing.css"></head>'
        '<body><main><div style="overflow-x:auto"><table><tr>'
        + "<td>Owner&nbsp;Name&nbsp;Here</td>" * 8
        + "</tr></table></div></main></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        problems = _reads_on_a_screen(browser, base, {"wide": ""}, 320, None)
    assert problems["wide"]["text off screen"] and "missing.css (404)" in problems["wide"]["failed requests"][0]


def test_a_meeting_prints_as_a_clean_paginated_minutes_document(page: Any, site: str) -> None:
    from pypdf import PdfReader

    page.goto(site + MEETING)
    SHOTS.mkdir(parents=True, exist_ok=True)
    raw = page.pdf(format="A4")
    (SHOTS / "meeting-print.pdf").write_bytes(raw)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: how the printed page is laid out
    page.screenshot(path=str(SHOTS / "meeting-print.png"), full_page=True)
    pdf = PdfReader(io.BytesIO(raw))
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    text = "\n".join(pages)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "meeting-print.txt").write_text(text, encoding="utf-8")
    assert "Children's Scrutiny Committee, 14 January 2026" in text
    for part in (
        "3. Housing repairs plan",
        "Decision 2",
        "Action 1",
        "Action 3",
        "Exempt item",
        "Vote: 2 for",
    ):
        assert part in text, part
    # No site chrome on paper.
    for chrome in (
        "Skip to main content",
        "Search the minutes",
        "Accessibility statement",
        "Copy link",
        "Decisions register",
    ):
        assert chrome not in text, chrome
    # Every printed page names the permanent page it came from, and its number.
    for number, page_text in enumerate(pages, start=1):
        assert "/meetings/scrutiny-committee/2026-01-14/" in page_text, number
        assert f"Page {number} of {len(pages)}" in page_text, number


def test_a_long_meeting_prints_on_several_pages_with_actions_unbroken(page: Any, seed: str) -> None:
    from pypdf import PdfReader

    page.goto(seed + "meetings/improvement-board/2018-10-24/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) >= 2
    for number, p in enumerate(pdf.pages, start=1):
        body = " ".join(p.extract_text().split())
        assert "/meetings/improvement-board/2018-10-24/" in body
        # An action block never starts on one page and ends on the next: its head and its status stay together.
        assert len(re.findall(r"\bAction \d+\b(?!,)", body)) == body.count("Status now:"), number
