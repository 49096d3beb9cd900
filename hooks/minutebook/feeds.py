"""Atom and RSS feeds of minutes (site-wide and per body) and of decisions, built with feedgen.

Every date comes from the minutes, never from the clock, so a rebuild with
the same SOURCE_DATE_EPOCH gives the same bytes. An entry's ``published`` is
the meeting (its start time, in Europe/London); its ``updated`` is the day the
minutes were approved, so a reader sees draft minutes once when they appear
and again when they are agreed as a true record.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass

import markdown
import nh3
from feedgen.feed import FeedGenerator

from .formatting import clock, short_date
from .indexes import CROSS_REFERENCE, Archive, meeting_title
from .markup import convert
from .model import Decision, Meeting, MinutesStatus, Vote
from .site import SiteInfo, build_stamp, local_moment
from .urls import body_url, decision_url, meeting_url

# Enough for any reader to catch up; a full history is in /data/, and short feeds keep big archives quick to poll.
FEED_LIMIT = 50
FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class FeedLink:
    """One published feed or calendar, as a page links to it."""

    title: str
    path: str  # site-relative, e.g. feeds/minutes.atom
    media_type: str


def minutes_feed_path(body_id: str | None = None, kind: str = "atom") -> str:
    """``feeds/minutes.atom`` for the whole archive, ``feeds/bodies/<body>.atom`` for one body."""
    return f"{FEEDS_DIR}/bodies/{body_id}.{kind}" if body_id else f"{FEEDS_DIR}/minutes.{kind}"


def decisions_feed_path(kind: str = "atom") -> str:
    return f"{FEEDS_DIR}/decisions.{kind}"


def feed_links(archive: Archive, site: SiteInfo, body_id: str | None = None) -> list[FeedLink]:
    """The feeds a page advertises: the site's, plus the body's own on a body page."""
    links = [
        FeedLink(f"{site.name}: minutes (Atom)", minutes_feed_path(), "application/atom+xml"),
        FeedLink(f"{site.name}: decisions (Atom)", decisions_feed_path(), "application/atom+xml"),
    ]
    if body_id and body_id in archive.by_body:
        name = archive.registry.bodies[body_id].name
        links.insert(0, FeedLink(f"{name}: minutes (Atom)", minutes_feed_path(body_id), "application/atom+xml"))
    return links


def build_feeds(archive: Archive, site: SiteInfo) -> list[tuple[str, bytes]]:
    """Every feed file as (site-relative path, bytes): minutes site-wide and per body, and decisions."""
    files: list[tuple[str, bytes]] = []
    series: list[tuple[str | None, str, tuple[Meeting, ...]]] = [(None, f"{site.name}: minutes", archive.meetings)]
    series += [
        (body_id, f"{archive.registry.bodies[body_id].name}: minutes", meetings)
        for body_id, meetings in archive.by_body.items()
    ]
    for body_id, title, meetings in series:
        for kind in ("atom", "rss"):
            path = minutes_feed_path(body_id, kind)
            generator = _minutes_feed(archive, site, path, title, meetings, body_id)
            files.append((path, _render(generator, kind)))
    for kind in ("atom", "rss"):
        path = decisions_feed_path(kind)
        files.append((path, _render(_decisions_feed(archive, site, path), kind)))
    return files


def _render(generator: FeedGenerator, kind: str) -> bytes:
    return generator.atom_str(pretty=True) if kind == "atom" else generator.rss_str(pretty=True)  # type: ignore[no-any-return]


def _new_feed(site: SiteInfo, path: str, title: str, subtitle: str, home: str, feed_id: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed_id)
    generator.title(title)
    generator.subtitle(subtitle)  # also RSS <description>, which RSS requires
    # feedgen makes the last link RSS's <link>: that must be the site, so "self" goes first.
    generator.link(href=site.link(path, path), rel="self")
    generator.link(href=site.link(home, path), rel="alternate")
    generator.language("en-GB")
    generator.author({"name": site.publisher})
    generator.rights(f"{site.licence_name}: {site.licence_url}")
    return generator


def _minutes_feed(
    archive: Archive, site: SiteInfo, path: str, title: str, meetings: tuple[Meeting, ...], body_id: str | None
) -> FeedGenerator:
    home = body_url(body_id) if body_id else ""
    generator = _new_feed(
        site,
        path,
        title,
        "Minutes as they are published, and again when they are approved as a true record.",
        home,
        site.uri(path, path.rsplit(".", 1)[0]),
    )
    # Newest change first (what a reader shows); ties broken by id so the order never flickers between builds.
    chosen = sorted(meetings, key=lambda m: (_updated(m), m.id), reverse=True)[:FEED_LIMIT]
    for meeting in chosen:
        entry = generator.add_entry(order="append")
        url = meeting_url(meeting.id)
        entry.guid(site.uri(url, meeting.id), permalink=site.absolute)
        draft = " (draft minutes)" if meeting.status is MinutesStatus.DRAFT else ""
        entry.title(meeting_title(meeting, archive.registry) + draft)
        entry.link(href=site.link(url, path), rel="alternate", type="text/html")
        entry.published(_published(meeting))
        entry.updated(_updated(meeting))
        entry.summary(meeting_summary(archive, meeting))
        entry.category(term=meeting.body, label=archive.registry.bodies[meeting.body].name)
    generator.updated(max((_updated(m) for m in chosen), default=build_stamp(archive.today)))
    return generator


def _decisions_feed(archive: Archive, site: SiteInfo, path: str) -> FeedGenerator:
    generator = _new_feed(
        site,
        path,
        f"{site.name}: decisions",
        "The latest decisions recorded in the minutes, newest first.",
        "decisions/",
        site.uri(path, path.rsplit(".", 1)[0]),
    )
    # archive.decisions is already newest first with a stable tie-break.
    chosen = archive.decisions[:FEED_LIMIT]
    for decision in chosen:
        meeting = archive.meeting_by_id[decision.meeting]
        entry = generator.add_entry(order="append")
        url = decision_url(decision.uid)
        entry.guid(site.uri(url, decision.uid), permalink=site.absolute)
        entry.title(archive.title_of(decision.uid))
        entry.link(href=site.link(url, path), rel="alternate", type="text/html")
        entry.published(_published(meeting))
        entry.updated(_updated(meeting))
        entry.summary(decision_summary(archive, decision))
        entry.category(term=meeting.body, label=archive.registry.bodies[meeting.body].name)
    generator.updated(
        max((_updated(archive.meeting_by_id[d.meeting]) for d in chosen), default=build_stamp(archive.today))
    )
    return generator


def _published(meeting: Meeting) -> dt.datetime:
    return local_moment(meeting.date, meeting.start)


def _updated(meeting: Meeting) -> dt.datetime:
    """When the minutes last changed standing: approval day, else the meeting itself."""
    if meeting.approved_at:
        return max(local_moment(meeting.approved_at), _published(meeting))
    return _published(meeting)


def meeting_summary(archive: Archive, meeting: Meeting) -> str:
    """A plain-text paragraph: standing of the minutes, the agenda, counts of decisions and actions."""
    if meeting.status is MinutesStatus.APPROVED:
        standing = (
            f"Approved minutes{' (agreed ' + short_date(meeting.approved_at) + ')' if meeting.approved_at else ''}"
        )
    else:
        standing = "Draft minutes, not yet approved as a true record"
    when = (
        short_date(meeting.date)
        + (f", {clock(meeting.start)}" if meeting.start else "")
        + (f", {meeting.location}" if meeting.location else "")
    )
    # Confidential items show only their title: their text never reached the model.
    agenda = "; ".join(
        f"{item.number}. {item.title}" + (" (confidential)" if item.confidential else "") for item in meeting.items
    )
    parts = [f"{standing} of the meeting of {archive.registry.bodies[meeting.body].name} on {when}."]
    if agenda:
        parts.append(f"Items: {agenda}.")
    parts.append(f"{_count(len(meeting.decisions), 'decision')}, {_count(len(meeting.actions), 'new action')}.")
    return " ".join(parts)


def decision_summary(archive: Archive, decision: Decision) -> str:
    text = plain_text(archive, decision.text)
    if decision.vote:
        text += f" ({vote_sentence(decision.vote)})"
    meeting = archive.meeting_by_id[decision.meeting]
    if meeting.status is MinutesStatus.DRAFT:
        text += " [From draft minutes, not yet approved.]"
    return text


def vote_sentence(vote: Vote) -> str:
    return f"vote: {vote.for_count} for, {vote.against_count} against, {vote.abstain_count} abstained"


def plain_text(archive: Archive, text: str) -> str:
    """Minutes Markdown as plain text for feeds and calendars: cross-references become their titles."""

    def label(match: object) -> str:
        return (match["label"] or archive.title_of(match["target"])).strip()  # type: ignore[index]

    return _markdown_to_text(CROSS_REFERENCE.sub(label, text))


@functools.lru_cache(maxsize=65536)
def _markdown_to_text(text: str) -> str:
    # Cached: feeds, calendars, JSON and CSV all ask for the same decision and action texts.
    rendered = convert(_MARKDOWN, text)  # guarded: linear in the text, like the pages
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


_MARKDOWN = markdown.Markdown(output_format="html")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
