"""The format reference as the archive publishes it (/format/) when the operators' guides are asked for:
no WCAG 2.2 AA violations, and it reflows at 320 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # the package ships no types
from conftest import ROOT, build_site, config_with_settings

from .conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example archive with the operators' guides published (mkdocs.yml leaves them out by default)."""
    tmp = tmp_path_factory.mktemp("guides")
    config = config_with_settings(tmp, "")
    with config.open("a", encoding="utf-8") as file:
        file.write('exclude_docs: ""\n')
    build = build_site(tmp, ROOT / "meetings", config=config)
    assert build.returncode == 0, build.output
    with serve(build.site) as base_url:
        yield base_url


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_axe_finds_no_violations_on_the_format_reference(page: Any, seed_site: str) -> None:
    page.goto(seed_site + "format/")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert [f"{v['id']}: {v['help']}" for v in result.response["violations"]] == []


def test_the_format_reference_reflows_at_320_px(browser: Any, seed_site: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(seed_site + "format/")
        # The wide tables scroll in their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.locator("table").count() >= 10
    finally:
        context.close()
