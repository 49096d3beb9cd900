"""Follow anything: an Atom feed for each person, action and post, beside the site's and each body's.

- A person's feed: the meetings they attended or sent apologies to, the actions they own (when
  raised, and each update), and the decisions taken at meetings they attended.
- An action's feed: the action raised, then each update reported on it.
- A post's feed: the meetings it attended, and the actions it owns with their updates.

Written with the same feed writer as the site's feeds (``feeds``), with dates from the minutes and
never the clock, and no two entries of a feed sharing an ``updated``. Every page that can be
followed links its feed as "Get updates" (``FeedOffer`` in its page view); ``/feeds/`` lists them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from .archive import ActionRecord, Archive, meeting_title
from .cache import Memo, unkept
from .feeds import FEED_LIMIT, entry_times, moments_apart, new_feed, render_feed
from .formatting import short_date
from .markup import RenderedTexts
from .model import AttendanceKind
from .plaintext import text_of
from .site import SiteInfo, build_stamp, local_moment
from .urls import (
    action_feed_path,
    action_url,
    decision_url,
    meeting_url,
    person_feed_path,
    person_url,
    post_feed_path,
    post_url,
)


@dataclass(frozen=True)
class FeedOffer:
    """What a page's "Get updates" offers: its feed, and what the feed tells."""

    path: str  # site-relative: feeds/people/ada-lovelace.atom
    tells: str  # "new meetings, actions and decisions of Ada Lovelace"


@dataclass(frozen=True)
class _Entry:
    """One entry of a follow feed, before it is written."""

    key: str  # unique within the feed: ties in time are broken by it, in this order
    moment: dt.datetime
    title: str
    link: str  # the page it is about
    summary: str
    published: dt.datetime


def person_offer(archive: Archive, person_id: str) -> FeedOffer:
    name = archive.registry.people[person_id].display_name
    return FeedOffer(person_feed_path(person_id), f"meetings {name} attends, actions they own and decisions taken")


def action_offer(uid: str) -> FeedOffer:
    return FeedOffer(action_feed_path(uid), "each update on this action reported at a later meeting")


def post_offer(archive: Archive, uid: str) -> FeedOffer:
    post = archive.registry.posts[uid]
    return FeedOffer(post_feed_path(uid), f"meetings the {post.name} attends and the actions the post owns")


def build_follow_feeds(
    archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every person's, action's and post's feed, as (site-relative path, bytes), one at a time.

    ``memo`` keeps each feed between builds by its entries: a new meeting changes a few hundred of the
    thousands, and writing a feed costs more than listing its entries.
    """
    keep = memo or unkept

    def feed(offer: FeedOffer, title: str, home: str, entries: list[_Entry]) -> tuple[str, bytes]:
        inputs = (site, offer, title, home, tuple(entries), archive.today)
        return offer.path, keep("follow-feed", inputs, partial(_feed, site, offer, title, home, entries, archive.today))

    times = entry_times(archive)
    raised = {uid: _raised(archive, texts, record, times.minutes) for uid, record in archive.actions.items()}
    updates = {uid: _updates(archive, record, times.minutes) for uid, record in archive.actions.items()}
    decided = _decisions_by_meeting(archive, texts, times.decisions)
    attended_by: dict[str, list[_Entry]] = defaultdict(list)
    for meeting in archive.meetings:
        for entry in meeting.attendance:
            verb = "Apologies" if entry.kind is AttendanceKind.APOLOGIES else "Attended"
            # A post held that day is in its holder's feed and the post's own.
            for who in {entry.person, entry.post} - {""}:
                attended_by[who].append(
                    _Entry(
                        f"{meeting.id}/attendance",
                        times.minutes[meeting.id],
                        f"{verb}: {meeting_title(meeting, archive.registry)}",
                        meeting_url(meeting.id),
                        f"{entry.kind.label}{': ' + entry.role if entry.role else ''}.",
                        local_moment(meeting.date, meeting.start),
                    )
                )
            if entry.kind is not AttendanceKind.APOLOGIES and entry.person:
                attended_by[f"decisions:{entry.person}"] += decided.get(meeting.id, [])
    for person_id, record in archive.people.items():
        entries = attended_by[person_id] + attended_by[f"decisions:{person_id}"]
        for action in record.actions:
            entries += [raised[action.action.uid], *updates[action.action.uid]]
        offer = person_offer(archive, person_id)
        title = f"{archive.registry.people[person_id].display_name}: updates"
        yield feed(offer, title, person_url(person_id), entries)
    for uid in archive.actions:
        offer = action_offer(uid)
        title = f"{archive.title_of(uid)}: updates"
        yield feed(offer, title, action_url(uid), [raised[uid], *updates[uid]])
    for uid, post_record in archive.posts.items():
        entries = list(attended_by[uid])
        for action in post_record.actions:
            entries += [raised[action.action.uid], *updates[action.action.uid]]
        offer = post_offer(archive, uid)
        post = post_record.post
        title = f"{post.name}, {archive.registry.bodies[post.body].name}: updates"
        yield feed(offer, title, post_url(uid), entries)


def _raised(archive: Archive, texts: RenderedTexts, record: ActionRecord, minutes: dict[str, dt.datetime]) -> _Entry:
    action = record.action
    due = f" Due {short_date(action.due)}." if action.due else ""
    return _Entry(
        f"{action.uid}/raised",
        minutes[record.meeting.id],
        f"New action: {archive.title_of(action.uid)}",
        action_url(action.uid),
        f"{text_of(texts, action.uid)}{due}",
        local_moment(record.meeting.date),
    )


def _updates(archive: Archive, record: ActionRecord, minutes: dict[str, dt.datetime]) -> list[_Entry]:
    entries = []
    for update in record.history:
        meeting = archive.meeting_by_id[update.meeting]
        status = update.status.value.replace("-", " ")
        entries.append(
            _Entry(
                f"{record.action.uid}/update/{update.meeting}",
                minutes[update.meeting],
                f"Action {record.action.number} now {status}: {archive.title_of(record.action.uid)}",
                action_url(record.action.uid),
                f"Reported at {meeting_title(meeting, archive.registry)}: {status}."
                + (f" {update.note}" if update.note else ""),
                local_moment(meeting.date, meeting.start),
            )
        )
    return entries


def _decisions_by_meeting(
    archive: Archive, texts: RenderedTexts, decisions: dict[str, dt.datetime]
) -> dict[str, list[_Entry]]:
    found: dict[str, list[_Entry]] = defaultdict(list)
    for meeting in archive.meetings:
        for decision in meeting.decisions_taken:  # feeds count only decisions taken
            found[meeting.id].append(
                _Entry(
                    decision.uid,
                    decisions[decision.uid],
                    archive.title_of(decision.uid),
                    decision_url(decision.uid),
                    text_of(texts, decision.uid),
                    local_moment(meeting.date, meeting.start),
                )
            )
    return found


def _feed(site: SiteInfo, offer: FeedOffer, title: str, home: str, entries: list[_Entry], today: dt.date) -> bytes:
    path = offer.path
    generator = new_feed(site, path, title, f"Updates: {offer.tells}.", home, site.uri(path, path.rsplit(".", 1)[0]))
    # No two entries share an `updated` (several of one meeting would): a second apart, in a fixed order.
    moments = moments_apart([((entry.moment, 0, index), entry.key) for index, entry in enumerate(entries)])
    chosen = sorted(entries, key=lambda entry: (moments[entry.key], entry.key), reverse=True)[:FEED_LIMIT]
    for entry in chosen:
        item = generator.add_entry(order="append")
        item.id(site.uri(f"{path}#{entry.key}", f"{path}#{entry.key}"))
        item.title(entry.title)
        item.link(href=site.link(entry.link, path), rel="alternate", type="text/html")
        item.published(min(entry.published, moments[entry.key]))
        item.updated(moments[entry.key])
        item.summary(entry.summary)
    generator.updated(max((moments[entry.key] for entry in chosen), default=build_stamp(today)))
    return render_feed(generator, "atom")
