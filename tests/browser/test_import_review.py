"""The import's review page in a real browser: axe-core finds nothing, it reflows at 320 px, facts link to lines."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES

from minutebook.importer.review import write_review
from minutebook.importer.run import import_file

from .conftest import serve

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IMPORT = FIXTURES / "import"


def review_page(tmp_path: Path) -> Path:
    source = tmp_path / "minutes"
    source.mkdir()
    for name in ("people.yml", "bodies.yml"):
        shutil.copy(IMPORT / "archive" / name, source / name)
    # a hostile line in the source must come out as text, never as markup
    text = (IMPORT / "committee-dotted.txt").read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n"
    (tmp_path / "committee.txt").write_text(text, encoding="utf-8")
    result = import_file(tmp_path / "committee.txt", source)
    return write_review(result, tmp_path / "review")


def test_review_page_is_accessible_and_reflows(tmp_path: Path, page: Any) -> None:
    written = review_page(tmp_path)
    html = written.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with serve(written.parent) as base:
        page.goto(base + written.name)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert [v["id"] for v in result.response["violations"]] == []
        # each fact links to its line of the source, and that line is there
        link = page.locator(".facts a[href^='#L']").first
        target = link.get_attribute("href")
        assert target and page.locator(target).count() == 1
        assert page.locator(".doubt").count() > 0 and "Needs review" in page.inner_text("header")
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
