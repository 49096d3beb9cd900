"""Follow anything: a feed per person, action and post, read back as a feed reader would, and linked from pages."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from conftest import FIXTURES, Build
from published import CANARIES, SITE_URL, absolute_build, absolute_site, load_fixture  # noqa: F401

from minutebook.follow import build_follow_feeds
from minutebook.load import load_archive
from minutebook.markup import render_texts

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def feeds() -> dict[str, feedparser.FeedParserDict]:
    archive = load_fixture()
    files = dict(build_follow_feeds(archive, render_texts(archive), absolute_site()))
    parsed = {path: feedparser.parse(data) for path, data in files.items()}
    assert [path for path, feed in parsed.items() if feed.bozo] == []
    return parsed


def titles(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_one_feed_per_person_and_per_action(feeds: dict[str, feedparser.FeedParserDict]) -> None:
    archive = load_fixture()
    assert {f"feeds/people/{pid}.atom" for pid in archive.people} | {
        f"feeds/actions/{uid}.atom" for uid in archive.actions
    } == set(feeds)


def test_a_persons_feed_has_their_meetings_actions_and_the_decisions_where_they_were(
    feeds: dict[str, feedparser.FeedParserDict],
) -> None:
    feed = feeds["feeds/people/chandra-patel.atom"]
    assert feed.feed.title == "Chandra Patel: updates"
    assert feed.feed.link == f"{SITE_URL}people/chandra-patel/"
    got = titles(feed)
    assert "Attended: Improvement Board, 15 January 2019" in got
    assert "Attended: Improvement Board, 9 July 2019" in got
    assert "New action: Action 1, Improvement Board, 15 January 2019" in got
    assert "Action 1 now done: Action 1, Improvement Board, 15 January 2019" in got
    assert "Decision 2, Improvement Board, 15 January 2019" in got
    # Newest first; no two entries share a time.
    updated = [entry.updated for entry in feed.entries]
    assert updated == sorted(updated, reverse=True) and len(set(updated)) == len(updated)
    dewi = titles(feeds["feeds/people/dewi-jones.atom"])
    assert "Apologies: Improvement Board, 15 January 2019" in dewi
    # Sent apologies: the decisions of that meeting are not theirs to follow.
    assert "Decision 2, Improvement Board, 15 January 2019" not in dewi


def test_an_actions_feed_is_the_action_then_each_update(feeds: dict[str, feedparser.FeedParserDict]) -> None:
    feed = feeds["feeds/actions/improvement-board/2019-01-15/a2.atom"]
    assert titles(feed) == [
        "Action 2 now in progress: Action 2, Improvement Board, 15 January 2019",
        "New action: Action 2, Improvement Board, 15 January 2019",
    ]
    update, raised = feed.entries
    assert raised.summary == "Report on pothole repair times. Due 30 June 2019."
    assert update.summary == "Reported at Improvement Board, 9 July 2019: in progress. First report received."
    assert update.link == f"{SITE_URL}actions/improvement-board/2019-01-15/a2/"
    assert raised.id != update.id


def test_follow_feeds_carry_nothing_exempt_or_noted(feeds: dict[str, feedparser.FeedParserDict]) -> None:
    archive = load_fixture()
    for data in (data for _, data in build_follow_feeds(archive, render_texts(archive), absolute_site())):
        assert not any(canary.encode() in data for canary in CANARIES)


def test_a_posts_feed_has_the_meetings_it_attended_and_its_actions() -> None:
    archive = load_archive(FIXTURES / "posts", today=TODAY)
    files = dict(build_follow_feeds(archive, render_texts(archive), absolute_site()))
    posts = sorted(path for path in files if path.startswith("feeds/posts/"))
    assert posts == sorted(f"feeds/posts/{uid}.atom" for uid in archive.posts)
    clerk = next(uid for uid, record in archive.posts.items() if record.actions and record.attendance)
    got = titles(feedparser.parse(files[f"feeds/posts/{clerk}.atom"]))
    assert any(title.startswith("Attended: ") for title in got)
    assert any(title.startswith("New action: ") for title in got)


def test_pages_offer_get_updates_and_feeds_lists_them(absolute_build: Build) -> None:  # noqa: F811
    person = absolute_build.page("people/chandra-patel/")
    assert '<h2 id="get-updates">Get updates</h2>' in person
    assert '<a href="../../feeds/people/chandra-patel.atom" type="application/atom+xml">Feed of updates</a>' in person
    assert "<summary>How to use a feed</summary>" in person
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Chandra Patel: updates" '
        'href="../../feeds/people/chandra-patel.atom">'
    ) in person
    action = absolute_build.page("actions/improvement-board/2019-01-15/a2/")
    assert 'href="../../../../feeds/actions/improvement-board/2019-01-15/a2.atom"' in action
    meeting = absolute_build.page("meetings/improvement-board/2019-01-15/")
    assert (
        'href="../../../feeds/bodies/improvement-board.atom" type="application/atom+xml">Feed of updates</a>' in meeting
    )
    listing = absolute_build.page("feeds/")
    assert "<h1>Feeds: follow the archive</h1>" in listing
    assert '<a href="people/chandra-patel.atom" type="application/atom+xml">Chandra Patel</a>' in listing
    assert '<a href="bodies/improvement-board.atom" type="application/atom+xml">Improvement Board</a>' in listing
    assert (absolute_build.site / "feeds/people/chandra-patel.atom").is_file()
    assert (absolute_build.site / "feeds/actions/improvement-board/2019-01-15/a2.atom").is_file()
