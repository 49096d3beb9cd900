"""An agenda page and a meeting's versions in a real browser: axe-core, reflow on a phone, and
screenshots at 375 and 1280 px (test-artifacts/lifecycle/) for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Build, build_site
from test_agenda import UPCOMING, make_agenda_repo
from test_history import ID as MINUTED
from test_history import make_history_repo

from .conftest import ARTIFACTS, serve

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = ARTIFACTS / "lifecycle"
WIDTHS = (375, 1280)


def built(root: Path, source: Path) -> Build:
    build = build_site(root, source)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def agenda_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("agenda-browser")
    with serve(built(folder, make_agenda_repo(folder / "repo").source).site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("history-browser")
    with serve(built(folder, make_history_repo(folder / "repo").source).site) as base_url:
        yield base_url


def _violations(page: Any) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
    ]


def _reflows(page: Any) -> bool:
    """No sideways scrolling of the page itself (WCAG 1.4.10; tables scroll in their own regions)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_agenda_page(width: int, page: Any, agenda_site: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(agenda_site + f"meetings/{UPCOMING}/")
    banner = page.locator(".mb-banner--agenda")
    assert banner.is_visible()
    assert "Agenda — minutes will follow." in banner.inner_text()
    calendar = page.get_by_role("link", name="Add this meeting to your calendar")
    assert calendar.is_visible()
    assert page.get_by_text("Papers for item 2:").is_visible()
    assert _violations(page) == []
    assert _reflows(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"agenda-{width}.png"), full_page=True)
    # The calendar file is served, as a calendar.
    response = page.request.get(agenda_site + f"calendar/meetings/{UPCOMING}.ics")
    assert response.ok and response.body().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_versions_section(width: int, page: Any, history_site: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(history_site + f"meetings/{MINUTED}/")
    versions = page.locator("section.mb-versions")
    changes = versions.locator("details.mb-version__changes")
    assert changes.count() == 3  # the draft, the approval and the correction changed what the page shows
    for index in range(changes.count()):
        changes.nth(index).locator("summary").click()  # opened, as a reader would, by keyboard or pointer
    assert versions.get_by_text("Corrected after approval").is_visible()
    assert versions.locator("del", has_text="noted.").first.is_visible()
    page.locator("section.mb-published-agenda summary").click()
    assert page.locator("section.mb-published-agenda").get_by_text("To note the statement of accounts.").is_visible()
    assert _violations(page) == []
    assert _reflows(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    versions.screenshot(path=str(SHOTS / f"versions-{width}.png"))
    page.screenshot(path=str(SHOTS / f"minutes-with-history-{width}.png"), full_page=True)


def test_the_feeds_page_and_get_updates(page: Any, history_site: str) -> None:
    page.goto(history_site + "people/ada-lovelace/")
    section = page.locator("section.mb-follow")
    section.locator("summary").click()
    assert section.get_by_text("You do not need an account with this site").is_visible()
    assert _violations(page) == []
    page.get_by_role("link", name="Every feed in this archive").click()
    assert page.locator("h1").inner_text() == "Feeds: follow the archive"
    assert _violations(page) == []
