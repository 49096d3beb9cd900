"""XSS payloads in the minutes do not run in a real browser: no dialog, no flag set, nothing live in the DOM."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import build_site
from xss_archive import write_xss_archive

from .conftest import ARTIFACTS, serve

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "meetings/xss-board/2018-10-24/",
    "meetings/xss-board/2018-11-29/",
    "actions/xss-board/2018-10-24/a1/",
    "actions/xss-board/2018-10-24/a29/",
    "decisions/xss-board/2018-10-24/d3/",
    "decisions/",
    "actions/",
    "people/ada-lovelace/",
    "bodies/xss-board/",
    "years/2018/",
]
# Anything a payload could have smuggled into the live DOM, after the theme's scripts have run.
LIVE_DOM = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'data'].includes(attr.name)
          && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
        bad.push(el.tagName + ' ' + attr.name + '=' + value);
      }
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME'].includes(el.tagName)) bad.push(el.tagName);
    // A JSON-LD block is data the browser never runs: it must still be whole JSON, or a payload closed it.
    if (el.tagName === 'SCRIPT' && el.type === 'application/ld+json') {
      try { JSON.parse(el.textContent); } catch (error) { bad.push('JSON-LD ' + el.textContent.slice(0, 60)); }
    } else if (el.tagName === 'SCRIPT' && /__xss|alert\\(/.test(el.textContent)) {
      bad.push('SCRIPT ' + el.textContent.slice(0, 60));
    }
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("xss-browser")
    build = build_site(tmp, write_xss_archive(tmp / "minutes"))
    assert build.returncode == 0, build.output
    with serve(build.site) as base_url:
        yield base_url


@pytest.fixture
def watched(page):  # type: ignore[no-untyped-def]
    """The page, recording every dialog a payload might open (and dismissing it so nothing hangs)."""
    dialogs: list[str] = []

    def record(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.dialogs = dialogs
    return page


def assert_nothing_ran(page, where: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(150)  # let onload/onerror/ontoggle/autofocus handlers fire, if any survived
    assert page.dialogs == [], where
    assert page.evaluate("() => [window.__xss, window.top.__xss]") == [None, None], where
    assert page.evaluate(LIVE_DOM) == [], where


def test_no_payload_runs_on_any_kind_of_page(watched, xss_site: str) -> None:  # type: ignore[no-untyped-def]
    for url in PAGES:
        response = watched.goto(xss_site + url, wait_until="load")
        assert response is not None and response.ok, url
        # Focus and hover everything the payloads tried to hook, in case a handler survived.
        watched.mouse.move(200, 300)
        watched.keyboard.press("Tab")
        assert_nothing_ran(watched, url)
    watched.goto(xss_site + "meetings/xss-board/2018-10-24/")
    watched.screenshot(path=str(ARTIFACTS / "xss-meeting.png"), full_page=False)


def test_links_from_minutes_cannot_run_script_when_clicked(watched, xss_site: str) -> None:  # type: ignore[no-untyped-def]
    watched.goto(xss_site + "meetings/xss-board/2018-10-24/")
    links = watched.locator(".mb-minutes a")  # payload links keep their text, never a script URL
    assert links.count() > 0
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert all(
        href is None or not href.strip().lower().startswith(("javascript", "vbscript", "data")) for href in hrefs
    ), hrefs


def test_search_results_show_payloads_as_text(watched, xss_site: str) -> None:  # type: ignore[no-untyped-def]
    watched.goto(xss_site)
    if watched.locator("button.mb-search__open").count() == 0:
        pytest.skip("this build has no search box")
    for kind in ("", "Action", "Decision"):  # both search bundles
        for query in ("alert", "onerror", "javascript", "script"):
            if not watched.locator(".mb-search__input").is_visible():
                watched.locator("button.mb-search__open").click()
            if kind:
                if not watched.locator(".mb-search__filters").evaluate("d => d.open"):
                    watched.locator(".mb-search__filters summary").click()
                watched.locator("#mb-search-kind").select_option(kind)
            watched.locator(".mb-search__input").fill(query)
            watched.wait_for_function(
                "q => !document.querySelector('.mb-search__results').hasAttribute('aria-busy') "
                "&& document.querySelector('.mb-search__summary').textContent.endsWith(' for ' + q)",
                arg=query,
            )
            assert_nothing_ran(watched, f"search {query!r} ({kind or 'meetings and people'})")
    assert watched.locator(".mb-result__link").count() > 0
    watched.screenshot(path=str(ARTIFACTS / "xss-search.png"))
