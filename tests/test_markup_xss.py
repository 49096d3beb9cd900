"""Safe HTML: XSS payloads anywhere in the minutes reach no page as markup that runs.

The same archive is opened in a real browser by tests/browser/test_xss.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Build, build_site
from xss_archive import PAYLOADS, unsafe_markup, write_xss_archive

from minutebook.markup import sanitise


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("xss")
    build = build_site(tmp, write_xss_archive(tmp / "minutes"))
    assert build.returncode == 0, build.output
    return build


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_leaves_nothing_that_runs(payload: str) -> None:
    cleaned = sanitise(payload)
    assert unsafe_markup(cleaned) == []
    assert "<script" not in cleaned.lower() and "<iframe" not in cleaned.lower() and "style=" not in cleaned.lower()


def test_no_page_of_the_built_site_carries_anything_that_runs(xss_site: Build) -> None:
    pages = sorted(xss_site.site.rglob("*.html"))
    assert len(pages) > 20
    found = {
        page.relative_to(xss_site.site).as_posix(): problems
        for page in pages
        if (problems := unsafe_markup(page.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_front_matter_values_are_escaped_by_the_templates(xss_site: Build) -> None:
    """Roles, notes, locations and summaries are shown as the text the clerk typed, not as markup."""
    html = xss_site.page("meetings/xss-board/2018-10-24/")
    assert (
        "&lt;img src=x onerror=&#34;top.__xss=2;alert(2)&#34;&gt;" in html
        or "&lt;img src=x onerror=&quot;top.__xss=2" in html
    )
    assert "&lt;svg onload=top.__xss=4;alert(4)&gt;" in html
    assert "XSS Board" in html


def test_links_in_minutes_keep_only_safe_schemes(xss_site: Build) -> None:
    html = xss_site.page("meetings/xss-board/2018-10-24/")
    lowered = html.lower()
    assert 'href="javascript' not in lowered and "href='javascript" not in lowered
    assert "data:text/html" not in lowered.replace("&lt;", "<").split("<main", 1)[-1] or 'href="data:' not in lowered


def test_the_search_index_holds_payloads_only_as_plain_text(xss_site: Build) -> None:
    """Pagefind fragments (gzip) store each page's *text*: a payload is there as the characters a reader saw.

    Whether the search UI shows that text safely is checked in the browser (tests/browser/test_xss.py).
    """
    import gzip
    import json

    fragments = (
        sorted((xss_site.site / "pagefind").rglob("*.pf_fragment")) if (xss_site.site / "pagefind").is_dir() else []
    )
    if not fragments:
        pytest.skip("this build has no Pagefind index")
    records = []
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    assert any("javascript:alert(10)" in record.get("content", "") for record in records)
    for record in records:
        assert unsafe_markup(json.dumps(record.get("meta", {}))) == []


def test_payload_corpus_is_loaded(tmp_path: Path) -> None:
    assert len(PAYLOADS) >= 45


def test_the_checker_catches_what_it_looks_for() -> None:
    """The page check is not vacuous: unsanitised payloads are caught."""
    found = "\n".join(problem for payload in PAYLOADS for problem in unsafe_markup(payload))
    for sign in (
        "<iframe>",
        "onerror",
        "onload",
        "javascript:top.__xss=11",
        "payload inside <script>",
        "<base>",
        "refresh",
        "formaction",
        "style=",
    ):
        assert sign in found, sign


def test_minutes_cannot_take_the_pages_own_ids_or_classes() -> None:
    """No moving an item's anchor, breaking the theme's controls, or faking the archive's notices."""
    cleaned = sanitise(
        '<div id="__search" class="md-banner mb-banner--draft keep">Draft!</div><p id="item-2">x</p>'
        '<p id="a1">y</p><p id="budget-notes">z</p>'
    )
    assert cleaned == '<div class="keep">Draft!</div><p>x</p><p>y</p><p id="budget-notes">z</p>'
