"""Atom and RSS feeds, read back with feedparser (as a feed reader would) and checked against the fixture."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import feedparser
import pytest
from conftest import Build
from published import (  # noqa: F401
    CANARIES,
    HELD,
    SITE_URL,
    absolute_build,
    absolute_site,
    load_fixture,
    published_build,
)

from minutebook.archive import Archive
from minutebook.feeds import FEED_LIMIT, build_feeds
from minutebook.markup import render_texts
from minutebook.settings import site_info
from minutebook.site import SiteInfo

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def feeds() -> dict[str, bytes]:
    return dict(feeds_of(load_fixture(), absolute_site()))


def feeds_of(archive: Archive, site: SiteInfo) -> list[tuple[str, bytes]]:
    return build_feeds(archive, render_texts(archive), site)


def parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_one_atom_and_one_rss_feed_per_body_that_meets_and_for_the_site(feeds: dict[str, bytes]) -> None:
    assert sorted(feeds) == [
        "feeds/bodies/improvement-board.atom",
        "feeds/bodies/improvement-board.rss",
        "feeds/bodies/planning-committee.atom",
        "feeds/bodies/planning-committee.rss",
        "feeds/decisions.atom",
        "feeds/decisions.rss",
        "feeds/minutes.atom",
        "feeds/minutes.rss",
    ]  # the Highways Team only owns actions: no feed of its own


def test_site_minutes_feed_has_every_meeting_with_permanent_ids_newest_change_first(feeds: dict[str, bytes]) -> None:
    feed = parse(feeds["feeds/minutes.atom"])
    assert feed.feed.id == SITE_URL + "feeds/minutes.atom"
    ids = [entry.id for entry in feed.entries]
    assert sorted(ids) == sorted(SITE_URL + f"meetings/{m}/" for m in HELD)
    assert [entry.link for entry in feed.entries] == ids  # the id is the page's permanent address
    updated = [moment(entry.updated) for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert moment(feed.feed.updated) == updated[0]
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [SITE_URL + "feeds/minutes.atom"]


def test_dates_come_from_the_minutes_in_uk_time(feeds: dict[str, bytes]) -> None:
    entries = {entry.id.removeprefix(SITE_URL): entry for entry in parse(feeds["feeds/minutes.atom"]).entries}
    january = entries["meetings/improvement-board/2019-01-15/"]
    # Published at the meeting's start, 2pm GMT; updated on the day it was approved (9 July, in BST).
    assert january.published == "2019-01-15T14:00:00+00:00"
    assert january.updated == "2019-07-09T00:00:00+01:00"
    june = entries["meetings/planning-committee/2019-06-04/"]
    assert june.published == "2019-06-04T18:30:00+01:00"  # 6.30pm BST is 17:30 UTC
    assert moment(june.published).astimezone(dt.UTC).hour == 17
    assert june.updated == "2019-07-02T00:00:00+01:00"
    draft = entries["meetings/improvement-board/2019-07-09/"]
    assert draft.updated == draft.published == "2019-07-09T10:00:00+01:00"
    no_time = entries["meetings/planning-committee/2019-07-02/"]
    assert no_time.published == "2019-07-02T00:00:00+01:00"


def test_no_two_entries_of_a_feed_share_an_updated(feeds: dict[str, bytes]) -> None:
    """Entries that would share a moment are a second apart, in the order the minutes record them."""
    for path, data in feeds.items():
        if path.endswith(".atom"):
            updated = [entry.updated for entry in parse(data).entries]
            assert len(set(updated)) == len(updated), path
    decisions = {
        entry.id.removeprefix(SITE_URL + "decisions/"): entry.updated
        for entry in parse(feeds["feeds/decisions.atom"]).entries
    }
    # Two decisions of one meeting, at its start; two approved on one day, from its first moment.
    assert decisions["improvement-board/2019-07-09/d1/"] == "2019-07-09T10:00:00+01:00"
    assert decisions["improvement-board/2019-07-09/d2/"] == "2019-07-09T10:00:01+01:00"
    assert decisions["improvement-board/2019-01-15/d1/"] == "2019-07-09T00:00:00+01:00"
    assert decisions["improvement-board/2019-01-15/d2/"] == "2019-07-09T00:00:01+01:00"
    # June's minutes were approved on 2 July, the day of a meeting with no start time: that one comes after.
    site = {entry.id: entry.updated for entry in parse(feeds["feeds/minutes.atom"]).entries}
    body = {entry.id: entry.updated for entry in parse(feeds["feeds/bodies/planning-committee.atom"]).entries}
    assert body[SITE_URL + "meetings/planning-committee/2019-06-04/"] == "2019-07-02T00:00:00+01:00"
    assert body[SITE_URL + "meetings/planning-committee/2019-07-02/"] == "2019-07-02T00:00:01+01:00"
    assert all(site[entry] == updated for entry, updated in body.items())  # the same in every feed


def test_titles_and_summaries_say_what_the_minutes_are(feeds: dict[str, bytes]) -> None:
    entries = {entry.id.removeprefix(SITE_URL): entry for entry in parse(feeds["feeds/minutes.atom"]).entries}
    draft = entries["meetings/improvement-board/2019-07-09/"]
    assert draft.title == "Improvement Board, 9 July 2019 (draft minutes)"
    assert draft.summary.startswith("Draft minutes, not yet approved")
    january = entries["meetings/improvement-board/2019-01-15/"]
    assert january.title == "Improvement Board, 15 January 2019"
    assert "Approved minutes (agreed 9 July 2019)" in january.summary
    assert "2.00pm, Town Hall, Committee Room 1" in january.summary
    assert "3. Contract renewal (confidential)" in january.summary
    assert "2 decisions, 3 new actions." in january.summary
    assert [tag.term for tag in january.tags] == ["improvement-board"]


def test_body_feed_holds_only_that_bodys_minutes(feeds: dict[str, bytes]) -> None:
    feed = parse(feeds["feeds/bodies/planning-committee.atom"])
    assert [entry.id for entry in feed.entries] == [
        SITE_URL + "meetings/planning-committee/2019-07-02/",
        SITE_URL + "meetings/planning-committee/2019-06-04/",
    ]
    assert feed.feed.title == "Planning Committee: minutes"
    assert [link.href for link in feed.feed.links if link.rel == "alternate"] == [
        SITE_URL + "bodies/planning-committee/"
    ]


def test_decisions_feed_has_every_decision_with_votes_and_resolved_cross_references(feeds: dict[str, bytes]) -> None:
    feed = parse(feeds["feeds/decisions.atom"])
    ids = [entry.id.removeprefix(SITE_URL + "decisions/").rstrip("/") for entry in feed.entries]
    assert ids == [
        "improvement-board/2019-07-09/d2",
        "improvement-board/2019-07-09/d1",
        "planning-committee/2019-07-02/d1",
        "planning-committee/2019-06-04/d1",
        "improvement-board/2019-01-15/d2",
        "improvement-board/2019-01-15/d1",
    ]
    by_id = dict(zip(ids, feed.entries, strict=True))
    assert by_id["improvement-board/2019-07-09/d2"].summary == (
        "The bus lane proposal was supported. (vote: 2 for, 1 against, 0 abstained) [From draft minutes, not yet "
        "approved.]"
    )
    assert by_id["improvement-board/2019-07-09/d1"].summary.startswith(
        "The minutes of Improvement Board, 15 January 2019 were agreed"
    )  # [[id]] became its title
    assert by_id["improvement-board/2019-01-15/d2"].summary.startswith(
        "The improvement plan was approved"
    )  # no Markdown *
    assert (
        by_id["planning-committee/2019-06-04/d1"].summary
        == "Application 19/0042 was refused. (vote: 3 for, 5 against, 1 abstained)"
    )
    assert by_id["planning-committee/2019-06-04/d1"].published == "2019-06-04T18:30:00+01:00"


def test_rss_carries_the_same_entries_with_permalink_guids(feeds: dict[str, bytes]) -> None:
    atom = parse(feeds["feeds/minutes.atom"])
    rss = parse(feeds["feeds/minutes.rss"])
    assert rss.version == "rss20"
    assert [entry.id for entry in rss.entries] == [entry.id for entry in atom.entries]
    guids = ET.fromstring(feeds["feeds/minutes.rss"]).findall("channel/item/guid")
    assert [guid.get("isPermaLink") for guid in guids] == ["true"] * len(HELD)
    assert rss.feed.link == SITE_URL  # the channel's <link> is the site, not the feed itself
    january = next(entry for entry in rss.entries if "2019-01-15" in entry.id)
    assert january.published == "Tue, 15 Jan 2019 14:00:00 +0000"


def test_feeds_are_valid_xml_with_the_required_atom_elements(feeds: dict[str, bytes]) -> None:
    for path, data in feeds.items():
        root = ET.fromstring(data)
        if path.endswith(".atom"):
            assert root.tag == f"{ATOM}feed"
            for entry in [root, *root.iter(f"{ATOM}entry")]:
                for required in ("id", "title", "updated"):
                    assert entry.find(f"{ATOM}{required}") is not None, (path, required)
        else:
            assert root.tag == "rss" and root.find("channel/description") is not None


def test_feeds_are_byte_identical_for_the_same_archive_and_ignore_the_clock() -> None:
    first = feeds_of(load_fixture(), absolute_site())
    later = feeds_of(load_fixture(), absolute_site())
    assert first == later
    # Only the build date moves; no feed date depends on it while there are entries.
    other_day = feeds_of(dataclasses.replace(load_fixture(), today=dt.date(2030, 1, 1)), absolute_site())
    assert first == other_day


def test_feed_length_is_capped(feeds: dict[str, bytes]) -> None:
    assert FEED_LIMIT >= 10
    assert all(len(parse(data).entries) <= FEED_LIMIT for data in feeds.values())


def test_without_site_url_links_are_relative_to_the_feed_and_ids_are_urns() -> None:
    feeds = dict(feeds_of(load_fixture(), site_info("Test")))
    feed = parse(feeds["feeds/bodies/improvement-board.atom"])
    entry = feed.entries[-1]
    assert entry.id == "urn:minutebook:improvement-board/2019-01-15"
    # A reader resolves the link against the feed's own address, wherever the site is hosted.
    feed_address = "https://somewhere.example/archive/feeds/bodies/improvement-board.atom"
    assert (
        urljoin(feed_address, entry.link) == "https://somewhere.example/archive/meetings/improvement-board/2019-01-15/"
    )


# --- the real build -------------------------------------------------------------------------------


def test_build_publishes_the_feeds_and_advertises_them_in_every_head(published_build: Build) -> None:  # noqa: F811
    for path in (
        "feeds/minutes.atom",
        "feeds/minutes.rss",
        "feeds/decisions.atom",
        "feeds/bodies/planning-committee.atom",
    ):
        parse((published_build.site / path).read_bytes())
    home = published_build.page("")
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*minutes \(Atom\)" href="feeds/minutes.atom">',
        home,
    )
    assert 'href="feeds/decisions.atom"' in home
    body = published_build.page("bodies/improvement-board/")
    assert (
        'type="application/atom+xml" title="Improvement Board: minutes (Atom)" '
        'href="../../feeds/bodies/improvement-board.atom"' in body
    )
    meeting = published_build.page("meetings/improvement-board/2019-01-15/")
    assert 'href="../../../feeds/minutes.atom"' in meeting
    # A meeting page's own feed, under "Get updates", is its body's: it says when the minutes change.
    head = meeting.split("</head>", 1)[0]
    assert head.count("feeds/bodies/improvement-board.atom") == 1
    assert (
        'title="Improvement Board, 15 January 2019: updates" href="../../../feeds/bodies/improvement-board.atom"'
    ) in head


def test_home_and_body_pages_offer_to_follow_the_minutes(published_build: Build) -> None:  # noqa: F811
    home = published_build.page("")
    assert '<h2 id="follow">Follow the archive</h2>' in home
    for href in ("feeds/minutes.atom", "feeds/minutes.rss", "calendar/meetings.ics", "feeds/decisions.atom", "data/"):
        assert f'href="{href}"' in home
    body = published_build.page("bodies/planning-committee/")
    assert '<h2 id="follow">Follow these minutes</h2>' in body
    assert 'href="../../feeds/bodies/planning-committee.atom"' in body
    assert 'href="../../calendar/bodies/planning-committee.ics"' in body
    assert 'id="follow"' not in published_build.page("bodies/highways-team/")  # never meets: nothing to follow


def test_no_confidential_text_in_any_feed(published_build: Build) -> None:  # noqa: F811
    for path in sorted((published_build.site / "feeds").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not [canary for canary in CANARIES if canary in text], path


def test_with_site_url_the_build_uses_absolute_addresses(absolute_build: Build) -> None:  # noqa: F811
    feed = parse((absolute_build.site / "feeds/minutes.atom").read_bytes())
    assert feed.feed.id == SITE_URL + "feeds/minutes.atom"
    assert sorted(entry.id for entry in feed.entries) == sorted(SITE_URL + f"meetings/{m}/" for m in HELD)
    assert "site_url is not set" not in absolute_build.output
    body = absolute_build.page("bodies/improvement-board/")
    assert 'href="webcal://minutes.example.org/council/calendar/bodies/improvement-board.ics"' in body
    calendar = (absolute_build.site / "calendar/meetings.ics").read_bytes().decode("utf-8")
    assert "UID:improvement-board/2019-01-15@minutes.example.org" in calendar
    assert "URL:" + SITE_URL + "meetings/planning-committee/2019-07-02" in calendar.replace("\r\n ", "")
    meta = (absolute_build.site / "data/people.json").read_text(encoding="utf-8").splitlines()[0]
    assert f'"schema":"{SITE_URL}data/schema/people.schema.json"' in meta
