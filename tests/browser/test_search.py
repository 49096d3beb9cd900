"""Search in a real browser: the header box, filters, results that lead to item anchors, keyboard only."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import FIXTURES, build_site, config_with_settings

from .conftest import ARTIFACTS, serve

pytestmark = pytest.mark.browser

# Records what live regions say, so an announcement that is replaced quickly is still seen.
ANNOUNCEMENTS = """() => {
  window.mbAnnounced = [];
  new MutationObserver(() => {
    for (const region of document.querySelectorAll('[role=status], [aria-live]')) {
      if (region.textContent.trim()) window.mbAnnounced.push(region.textContent.trim());
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
FIELD = ".mb-search__dialog input.mb-search__input"
SUMMARY = "document.querySelector('.mb-search__summary').textContent"
IDLE = "!document.querySelector('.mb-search__results').hasAttribute('aria-busy')"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two bodies, two years, a draft, an overdue and a done action (tests/fixtures/search), built and served."""
    build = build_site(tmp_path_factory.mktemp("search-site"), FIXTURES / "search")
    assert build.returncode == 0, build.output
    with serve(build.site) as base_url:
        yield base_url


def search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Open the header's search, type ``query`` and wait for its results."""
    if not page.locator(FIELD).is_visible():
        page.locator("button.mb-search__open").click()
    page.locator(FIELD).fill(query)
    # The summary ends with the query, or with the years searched when older ones are left out.
    page.wait_for_function(
        f"q => {IDLE} && {SUMMARY}.replace(/ in minutes since \\d+$/, '').endsWith(' for ' + q)", arg=query
    )


def wait_for_count(page, count: int) -> None:  # type: ignore[no-untyped-def]
    """Wait until the summary says ``count`` results."""
    page.wait_for_function(f"n => {IDLE} && new RegExp('^' + n + ' results? for').test({SUMMARY})", arg=count)


def choose(page, menu: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Open the filters if they are closed, and pick ``option`` in the menu labelled ``menu``."""
    filters = page.locator(".mb-search__filters")
    if not filters.evaluate("d => d.open"):
        filters.locator("summary").click()
    select = page.get_by_label(menu, exact=True)
    select.locator(f"option[value='{option}']").wait_for(state="attached")
    select.select_option(option)


def bundles(fetched: list[str]) -> list[str]:
    """The search bundles (site folders) that requests in ``fetched`` read from."""
    return sorted({m.group(1) for url in fetched if (m := re.search(r"/(pagefind[^/]*)/", url))})


def results(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles of the results shown, best first."""
    page.locator(".mb-result .mb-result__link").first.wait_for()
    return page.locator(".mb-result .mb-result__link").all_inner_texts()


def test_names_and_phrases_rank_sensibly(page, seed_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(seed_site + "decisions/")
    search(page, "Gilchrist")
    titles = results(page)
    assert titles[0] == "Cllr Phil Gilchrist"
    assert "Wirral Improvement Board, 24 October 2018" in titles
    page.screenshot(path=str(ARTIFACTS / "search-gilchrist.png"))

    search(page, "Working Together 2018")
    first = page.locator(".mb-result").first
    assert first.locator(".mb-result__link").inner_text() == "Wirral Improvement Board, 24 October 2018"
    # The item of that name is one of the meeting's sections, linked at its anchor.
    section = first.locator(".mb-result__section", has_text="Working Together 2018")
    assert section.get_attribute("href") == "/meetings/improvement-board/2018-10-24/#item-4"


def test_filters_narrow_results(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "harbour")
    results(page)
    contexts = page.locator(".mb-result__context").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "search-harbour.png"))
    assert any("Planning Committee" in text for text in contexts)
    assert any("Harbour Board" in text for text in contexts)

    choose(page, "Body", "Harbour Board")
    wait_for_count(page, 3)
    # The board's meeting, and the people who sat on it; not the Planning Committee's meeting.
    assert sorted(results(page)) == ["Harbour Board, 10 June 2025", "Ruth Okafor", "Sam Lee"]
    page.screenshot(path=str(ARTIFACTS / "search-filter-body.png"))

    choose(page, "Type", "Person")
    wait_for_count(page, 2)
    assert sorted(results(page)) == ["Ruth Okafor", "Sam Lee"]


def test_actions_and_decisions_are_results_of_their_own(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(search_site)
    search(page, "planning committee")
    results(page)
    # By default a query reads the meetings-and-people bundle only, and no filter lists at all.
    assert bundles(fetched) == ["pagefind"]
    assert not any("/filter/" in url for url in fetched)
    assert all("Action" not in text for text in page.locator(".mb-result__context").all_inner_texts())

    choose(page, "Type", "Decision")
    page.wait_for_function(f"() => {IDLE} && /^[1-9]\\d* results? for/.test({SUMMARY})")
    contexts = page.locator(".mb-result__context").all_inner_texts()
    assert contexts and all(text.startswith("Decision · ") for text in contexts)
    assert bundles(fetched) == ["pagefind", "pagefind-records"]


def test_action_status_filter(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "planning committee")
    choose(page, "Action status", "overdue")
    wait_for_count(page, 1)
    assert results(page) == ["Action 1, Planning Committee, 5 March 2024"]
    assert "overdue" in page.locator(".mb-result__context").first.inner_text()


def test_drafts_are_marked(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    search(page, "tide gauges")
    first = page.locator(".mb-result").first
    assert first.locator(".mb-result__link").inner_text() == "Harbour Board, 10 June 2025"
    assert first.locator(".mb-result__draft").inner_text() == "Draft minutes"


def test_result_leads_to_item_anchor(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site + "people/")
    search(page, "wall repairs")
    page.locator(".mb-result__section", has_text="2. Harbour wall repairs").first.click()
    page.wait_for_url("**/meetings/planning-committee/2024-03-05/#item-2")
    heading = page.locator("#item-2")
    assert heading.inner_text().startswith("2. Harbour wall repairs")
    assert heading.evaluate("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_keyboard_only(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(search_site)
    # Tab from the top of the page reaches the search button in the header.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.mb-search__open')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    assert "Search" in page.evaluate("document.activeElement.textContent")

    page.keyboard.press("Enter")
    page.locator(FIELD).wait_for()
    assert page.evaluate("document.activeElement.matches('.mb-search__input')")
    # The field has a name a screen reader announces, and results counts are announced.
    assert page.evaluate("document.activeElement.labels.length") == 1
    page.evaluate(ANNOUNCEMENTS)
    page.keyboard.type("harbour")
    results(page)
    page.wait_for_function("() => window.mbAnnounced.some(text => /\\d+ results? for harbour/.test(text))")

    # Arrow keys move through the results' links, in order, and back up to the field.
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and second and first != second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.mb-search__input')")

    # Escape closes the search and gives focus back to the button in the header.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.mb-search__dialog').open")
    assert page.evaluate("document.activeElement.matches('.mb-search__open')")

    # "/" opens it again from anywhere on the page; Enter follows the chosen result.
    page.locator("h1").first.click()
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement.matches('.mb-search__input')")
    page.keyboard.press("Control+A")
    page.keyboard.type("tide gauges")
    page.wait_for_function(f"() => {IDLE} && {SUMMARY}.endsWith('for tide gauges')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/meetings/harbour-board/2025-06-10/"))


def test_open_search_passes_axe(page, search_site: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page.goto(search_site)
    search(page, "harbour")
    results(page)
    choose(page, "Body", "Harbour Board")
    wait_for_count(page, 3)
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_more_results_load_on_request(page, seed_site: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(seed_site)
    search(page, "Cllr")
    # Five at a time: each result shown costs a fragment download.
    assert len(results(page)) == 5
    assert sum("/fragment/" in url for url in fetched) == 5
    total = int(page.evaluate(f"{SUMMARY}.split(' ')[0]"))
    assert total > 5
    more = page.get_by_role("button", name="Show more results")
    more.click()
    page.wait_for_function("n => document.querySelectorAll('.mb-result').length === n", arg=min(total, 10))
    # Focus moves to the first new result, so a keyboard user carries on where the list grew.
    assert page.evaluate("document.activeElement.closest('.mb-result') === document.querySelectorAll('.mb-result')[5]")
    assert sum("/fragment/" in url for url in fetched) == min(total, 10)


# --- older minutes: an archive in bundles by years (tests/fixtures/search-years) ----------------------


@pytest.fixture(scope="module")
def years_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Harbour Board meeting a year, 2021 to 2025, six members; a search bundle for each year
    (and of actions and decisions: 2025, 2024, 2023)."""
    tmp = tmp_path_factory.mktemp("search-years")
    config = config_with_settings(tmp, "search_bundle_meetings: 1")
    build = build_site(tmp, FIXTURES / "search-years", config=config)
    assert build.returncode == 0, build.output
    with serve(build.site) as base_url:
        yield base_url


def test_recent_minutes_first_then_older_on_request(page, years_site: str) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(years_site)
    page.locator("button.mb-search__open").click()
    page.locator(FIELD).fill("harbour")
    # The newest bundle alone: the 2025 meeting and the board's six members.
    page.wait_for_function(f"() => {IDLE} && {SUMMARY} === '7 results for harbour in minutes since 2025'")
    assert bundles(fetched) == ["pagefind"]
    older = page.locator(".mb-search__older")
    assert older.is_visible() and older.inner_text() == "Search 2024 too"
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []

    # Back from the newest, twice as many bundles each time; focus stays on the button while there are more.
    older.click()
    page.wait_for_function(f"() => {IDLE} && {SUMMARY} === '8 results for harbour in minutes since 2024'")
    assert bundles(fetched) == ["pagefind", "pagefind-2024"]
    assert older.inner_text() == "Search 2022 to 2023 too"
    assert page.evaluate("document.activeElement.classList.contains('mb-search__older')")
    older.click()
    page.wait_for_function(f"() => {IDLE} && {SUMMARY} === '10 results for harbour in minutes since 2022'")
    assert bundles(fetched) == ["pagefind", "pagefind-2022", "pagefind-2023", "pagefind-2024"]
    assert older.inner_text() == "Search 2021 too"
    older.click()
    wait_for_count(page, 11)
    assert page.evaluate(SUMMARY) == "11 results for harbour"
    assert bundles(fetched) == ["pagefind", "pagefind-2021", "pagefind-2022", "pagefind-2023", "pagefind-2024"]
    assert not older.is_visible()
    # The button is gone: focus is on the first result, not lost to the page.
    assert page.evaluate("document.activeElement === document.querySelector('.mb-result a')")
    # Older bundles stay merged for the next query.
    search(page, "slipway")
    assert results(page) == ["Harbour Board, 11 May 2021"]


def test_older_minutes_are_searched_when_recent_ones_find_too_little(page, years_site: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(years_site)
    search(page, "lighthouse")
    # Fewer than five results in 2025: the search went on back by itself, one bundle and then one more.
    assert results(page) == ["Harbour Board, 9 May 2023"]
    assert page.evaluate(SUMMARY) == "1 result for lighthouse in minutes since 2023"
    assert bundles(fetched) == ["pagefind", "pagefind-2023", "pagefind-2024"]
    # No further unasked: a word found only long ago costs the reader's choice, not every bundle's bytes.
    search(page, "slipway")
    assert page.evaluate(SUMMARY) == "No results for slipway in minutes since 2023"
    assert bundles(fetched) == ["pagefind", "pagefind-2023", "pagefind-2024"]
    older = page.locator(".mb-search__older")
    assert older.inner_text() == "Search 2021 to 2022 too"
    older.click()
    wait_for_count(page, 1)
    assert results(page) == ["Harbour Board, 11 May 2021"]
    assert page.evaluate(SUMMARY) == "1 result for slipway"
    assert not older.is_visible()


def test_a_year_reads_the_bundles_down_to_it(page, years_site: str) -> None:  # type: ignore[no-untyped-def]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(years_site)
    search(page, "harbour")
    choose(page, "Year", "2024")
    wait_for_count(page, 1)
    assert results(page) == ["Harbour Board, 14 May 2024"]
    assert bundles(fetched) == ["pagefind", "pagefind-2024"]  # not 2023's

    choose(page, "Type", "Decision")
    wait_for_count(page, 1)
    assert results(page) == ["Decision 1, Harbour Board, 14 May 2024"]
    assert bundles(fetched) == ["pagefind", "pagefind-2024", "pagefind-records", "pagefind-records-2024"]
