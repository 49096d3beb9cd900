"""Search in a real browser: the header box, filters, results that lead to item anchors, keyboard only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import FIXTURES, build_site

from .conftest import ARTIFACTS, serve

pytestmark = pytest.mark.browser

# Records what live regions say: Pagefind's announcer clears its regions soon after speaking.
ANNOUNCEMENTS = """() => {
  window.mbAnnounced = [];
  new MutationObserver(() => {
    for (const region of document.querySelectorAll('[aria-live]')) {
      if (region.textContent.trim()) window.mbAnnounced.push(region.textContent.trim());
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two bodies, two years, a draft, an overdue and a done action (tests/fixtures/search), built and served."""
    build = build_site(tmp_path_factory.mktemp("search-site"), FIXTURES / "search")
    assert build.returncode == 0, build.output
    with serve(build.site) as base_url:
        yield base_url


def search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Open the header's search, type ``query`` and wait for its results."""
    if not page.locator("pagefind-modal input.pf-input").is_visible():
        page.locator("pagefind-modal-trigger button").click()
    page.locator("pagefind-modal input.pf-input").fill(query)
    page.wait_for_function(
        "q => /result/.test(document.querySelector('pagefind-summary')?.textContent || '') "
        "&& (document.querySelector('pagefind-summary').textContent.includes(q))",
        arg=query,
    )


def results(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles of the results shown, best first."""
    page.locator("pagefind-results .mb-result .pf-result-link").first.wait_for()
    return page.locator("pagefind-results .mb-result .pf-result-link").all_inner_texts()


def test_names_and_phrases_rank_sensibly(page, seed_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(seed_site + "decisions/")
    search(page, "Gilchrist")
    titles = results(page)
    assert titles[0] == "Cllr Phil Gilchrist"
    assert "Wirral Improvement Board, 24 October 2018" in titles
    page.screenshot(path=str(ARTIFACTS / "search-gilchrist.png"))

    search(page, "Working Together 2018")
    first = page.locator("pagefind-results .mb-result").first
    assert (
        first.locator(".pf-result-link").inner_text()
        == "Wirral Improvement Board, 24 October 2018"
    )
    # The item of that name is one of the meeting's sections, linked at its anchor.
    chip = first.locator(".pf-heading-link", has_text="Working Together 2018")
    assert (
        chip.get_attribute("href") == "/meetings/improvement-board/2018-10-24/#item-4"
    )


def test_filters_narrow_results(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "harbour")
    results(page)
    contexts = page.locator("pagefind-results .mb-result__context").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "search-harbour.png"))
    assert any("Planning Committee" in text for text in contexts)
    assert any("Harbour Board" in text for text in contexts)

    page.locator("pagefind-filter-dropdown[filter=body]").get_by_role(
        "combobox"
    ).click()
    page.get_by_role("option", name=re.compile("^Harbour Board")).click()
    page.wait_for_function(
        "() => /^3 results/.test(document.querySelector('pagefind-summary').textContent)"
    )
    # The board's meeting, and the people who sat on it; not the Planning Committee's meeting.
    assert sorted(results(page)) == [
        "Harbour Board, 10 June 2025",
        "Ruth Okafor",
        "Sam Lee",
    ]
    page.screenshot(path=str(ARTIFACTS / "search-filter-body.png"))


def test_action_status_filter(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "planning committee")
    page.locator("pagefind-filter-dropdown[filter=status]").get_by_role(
        "combobox"
    ).click()
    page.get_by_role("option", name=re.compile("^overdue")).click()
    page.wait_for_function(
        "() => /^1 result/.test(document.querySelector('pagefind-summary').textContent)"
    )
    assert results(page) == ["Action 1, Planning Committee, 5 March 2024"]
    assert (
        "overdue"
        in page.locator("pagefind-results .mb-result__context").first.inner_text()
    )


def test_drafts_are_marked(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "tide gauges")
    first = page.locator("pagefind-results .mb-result").first
    assert (
        first.locator(".pf-result-link").inner_text() == "Harbour Board, 10 June 2025"
    )
    assert first.locator(".mb-result__draft").inner_text() == "Draft minutes"


def test_result_leads_to_item_anchor(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site + "people/")
    search(page, "wall repairs")
    page.locator(".pf-heading-link", has_text="2. Harbour wall repairs").first.click()
    page.wait_for_url("**/meetings/planning-committee/2024-03-05/#item-2")
    heading = page.locator("#item-2")
    assert heading.inner_text().startswith("2. Harbour wall repairs")
    assert heading.evaluate(
        "h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    )


def test_keyboard_only(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    # Tab from the top of the page reaches the search box in the header.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('pagefind-modal-trigger')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    assert "Search" in page.evaluate(
        "document.activeElement.textContent + (document.activeElement.getAttribute('aria-label') || '')"
    )

    page.keyboard.press("Enter")
    field = page.locator("pagefind-modal input.pf-input")
    field.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('pf-input')")
    # The field has a name a screen reader announces, and results counts are announced.
    assert page.evaluate("document.activeElement.labels.length") == 1
    page.evaluate(ANNOUNCEMENTS)
    page.keyboard.type("harbour")
    results(page)
    page.wait_for_function(
        "() => window.mbAnnounced.some(text => /\\d+ results? for harbour/.test(text))"
    )

    # Arrow keys move through the results' links, in order.
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and second and first != second

    # Escape closes the search and gives focus back to the box in the header.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('pagefind-modal').isOpen")
    assert page.evaluate("!!document.activeElement.closest('pagefind-modal-trigger')")

    # Enter follows the chosen result.
    page.wait_for_timeout(200)  # the dialog's closing transition
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('pagefind-modal').isOpen")
    page.wait_for_function(
        "() => document.activeElement.classList.contains('pf-input')"
    )
    page.keyboard.type("tide gauges")
    results(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/meetings/harbour-board/2025-06-10/"))


def test_open_search_passes_axe(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.goto(search_site)
    search(page, "harbour")
    results(page)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
