"""The open data publishes what the page shows: XSS payloads in the minutes reach /data/ only as sanitised HTML or text.

A site that shows ``notes_html`` as HTML, or ``notes`` as text, runs nothing a clerk or contributor wrote
(the payloads: tests/fixtures/xss/payloads.txt, placed by tests/xss_archive.py). Where the page shows a
payload as text (the sanitiser escaped it), ``notes`` has those characters: it is text, to be shown as text.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from conftest import Build, build_site
from xss_archive import unsafe_markup, write_xss_archive


@pytest.fixture(scope="module")
def xss_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("xss-data")
    build = build_site(tmp, write_xss_archive(tmp / "minutes"))
    assert build.returncode == 0, build.output
    return build


def agenda_items(build: Build) -> list[tuple[str, dict[str, Any]]]:
    events = [
        event
        for path in sorted((build.site / "data" / "meetings").glob("*.json"))
        for event in json.loads(path.read_text(encoding="utf-8"))["events"]
    ]
    return [(event["id"], item) for event in events for item in event["agenda"]]


def test_item_notes_html_carries_nothing_that_runs(xss_build: Build) -> None:
    items = agenda_items(xss_build)
    assert len(items) > 40  # one item per payload
    found = {
        f"{meeting} item {item['order']}": problems
        for meeting, item in items
        if (problems := unsafe_markup(item["notes_html"]))
    }
    assert found == {}


def test_item_notes_are_what_the_meeting_page_shows(xss_build: Build) -> None:
    """``notes_html`` is the page's own HTML of the item, and ``notes`` its text: never the Markdown source."""
    pages = {meeting: xss_build.page(f"meetings/{meeting}/") for meeting, _ in agenda_items(xss_build)}
    for meeting, item in agenda_items(xss_build):
        where = (meeting, item["order"])
        if not item["notes_html"]:
            assert item["notes"] == [], where
            continue
        # The page links from three folders down; the file, without site_url, from the site root.
        shown = item["notes_html"].replace('href="/', 'href="../../../')
        assert f'<div class="mb-minutes">{shown}</div>' in pages[meeting], where
        # What a reader sees of that HTML (sanitised, so every "<" of text is escaped), compared without spaces.
        seen = squeezed(html.unescape(re.sub(r"<[^>]*>", "", shown)))
        assert item["notes"] and all(squeezed(note.replace(" | ", "")) in seen for note in item["notes"]), where


def squeezed(text: str) -> str:
    return "".join(text.split())
