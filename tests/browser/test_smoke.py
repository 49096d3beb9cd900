"""The example archive opens in a real browser and its links lead where they say."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_meeting_page_links_to_person_and_back(page: object, seed_site: str) -> None:
    page.goto(seed_site + "meetings/improvement-board/2018-10-24/")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Wirral Improvement Board, 24 October 2018"  # type: ignore[attr-defined]
    page.get_by_role("link", name="Lorna Quigley").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/people/lorna-quigley/")  # type: ignore[attr-defined]
    assert "Actions owned by Lorna Quigley" in page.content()  # type: ignore[attr-defined]
