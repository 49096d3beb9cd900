"""Atom and RSS feeds of minutes (site-wide and per body) and of decisions, built with feedgen.

Every date comes from the minutes, never from the clock, so a rebuild with
the same SOURCE_DATE_EPOCH gives the same bytes. An entry's ``published`` is
the meeting (its start time, in Europe/London); its ``updated`` is the day the
minutes were approved, so a reader sees draft minutes once when they appear
and again when they are agreed as a true record.

No two entries of a feed share an ``updated`` (the W3C feed validator warns of
it, and readers tell entries apart by it): where several would (the decisions of
one meeting, minutes approved on the same day), each after the first is one
second after the one before, in the order the minutes record them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .archive import Archive, meeting_title
from .formatting import clock, short_date
from .markup import RenderedTexts
from .model import Decision, Meeting, MinutesStatus, Vote
from .plaintext import text_of
from .site import SiteInfo, build_stamp, local_moment
from .urls import body_url, decision_url, decisions_feed_path, meeting_url, minutes_feed_path

# Enough for any reader to catch up; a full history is in /data/, and short feeds keep big archives quick to poll.
FEED_LIMIT = 50


@dataclass(frozen=True)
class FeedLink:
    """One published feed or calendar, as a page links to it."""

    title: str
    path: str  # site-relative, e.g. feeds/minutes.atom
    media_type: str


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


def build_feeds(archive: Archive, texts: RenderedTexts, site: SiteInfo) -> list[tuple[str, bytes]]:
    """Every feed file as (site-relative path, bytes): minutes site-wide and per body, and decisions."""
    files: list[tuple[str, bytes]] = []
    times = _entry_times(archive)
    series: list[tuple[str | None, str, tuple[Meeting, ...]]] = [(None, f"{site.name}: minutes", archive.meetings)]
    series += [
        (body_id, f"{archive.registry.bodies[body_id].name}: minutes", meetings)
        for body_id, meetings in archive.by_body.items()
    ]
    for body_id, title, meetings in series:
        for kind in ("atom", "rss"):
            path = minutes_feed_path(body_id, kind)
            generator = _minutes_feed(archive, times, site, path, title, meetings, body_id)
            files.append((path, _render(generator, kind)))
    for kind in ("atom", "rss"):
        path = decisions_feed_path(kind)
        files.append((path, _render(_decisions_feed(archive, times, texts, site, path), kind)))
    return files


def _render(generator: FeedGenerator, kind: str) -> bytes:
    # feedgen is untyped: its serialisers return bytes.
    rendered: bytes = generator.atom_str(pretty=True) if kind == "atom" else generator.rss_str(pretty=True)
    return rendered


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
    archive: Archive,
    times: _EntryTimes,
    site: SiteInfo,
    path: str,
    title: str,
    meetings: tuple[Meeting, ...],
    body_id: str | None,
) -> FeedGenerator:
    home = body_url(body_id) if body_id else ""
    generator = _new_feed(
        site,
        path,
        title,
        "Agendas before meetings, minutes as they are published, and again when they are approved as a true record.",
        home,
        site.uri(path, path.rsplit(".", 1)[0]),
    )
    # Newest change first (what a reader shows); no two share a time, so the order never flickers between builds.
    chosen = sorted(meetings, key=lambda m: times.minutes[m.id], reverse=True)[:FEED_LIMIT]
    for meeting in chosen:
        entry = generator.add_entry(order="append")
        url = meeting_url(meeting.id)
        entry.guid(site.uri(url, meeting.id), permalink=site.absolute)
        draft = {MinutesStatus.DRAFT: " (draft minutes)", MinutesStatus.AGENDA: " (agenda)"}.get(meeting.status, "")
        entry.title(meeting_title(meeting, archive.registry) + draft)
        entry.link(href=site.link(url, path), rel="alternate", type="text/html")
        entry.published(_agenda_published(archive, meeting) if meeting.is_agenda else _published(meeting))
        entry.updated(times.minutes[meeting.id])
        entry.summary(meeting_summary(archive, meeting))
        entry.category(term=meeting.body, label=archive.registry.bodies[meeting.body].name)
    generator.updated(max((times.minutes[m.id] for m in chosen), default=build_stamp(archive.today)))
    return generator


def _decisions_feed(
    archive: Archive, times: _EntryTimes, texts: RenderedTexts, site: SiteInfo, path: str
) -> FeedGenerator:
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
        entry.updated(times.decisions[decision.uid])
        entry.summary(decision_summary(archive, texts, decision))
        entry.category(term=meeting.body, label=archive.registry.bodies[meeting.body].name)
    generator.updated(max((times.decisions[d.uid] for d in chosen), default=build_stamp(archive.today)))
    return generator


def _published(meeting: Meeting) -> dt.datetime:
    return local_moment(meeting.date, meeting.start)


def _agenda_published(archive: Archive, meeting: Meeting) -> dt.datetime:
    """When an agenda was first published: its first commit, from the record's history; else the build date."""
    history = archive.histories.get(meeting.id)
    day = history.first_published(MinutesStatus.AGENDA) if history else None
    return local_moment(day) if day else build_stamp(archive.today)


def _updated(archive: Archive, meeting: Meeting) -> dt.datetime:
    """When the minutes last changed standing: approval day, else the meeting itself (an agenda: its publication)."""
    if meeting.is_agenda:
        return _agenda_published(archive, meeting)
    if meeting.approved_at:
        return max(local_moment(meeting.approved_at), _published(meeting))
    return _published(meeting)


@dataclass(frozen=True)
class _EntryTimes:
    """Each entry's ``updated``, the same in every feed that has it, and no two alike within a feed."""

    minutes: dict[str, dt.datetime]  # by meeting id
    decisions: dict[str, dt.datetime]  # by decision id


def _entry_times(archive: Archive) -> _EntryTimes:
    # archive.meetings is in the order the meetings were held; a meeting's decisions are in the order taken.
    order = {meeting.id: position for position, meeting in enumerate(archive.meetings)}
    minutes = [((_updated(archive, m), order[m.id], 0), m.id) for m in archive.meetings]
    decisions = [
        ((_updated(archive, meeting), order[meeting.id], decision.number), decision.uid)
        for meeting in archive.meetings
        for decision in meeting.decisions
    ]
    return _EntryTimes(_apart(minutes), _apart(decisions))


def _apart(entries: list[tuple[tuple[dt.datetime, int, int], str]]) -> dict[str, dt.datetime]:
    """Each entry's moment, those that share one a second apart in the order of their keys.

    Moments from the minutes are whole minutes, or days: the seconds are free to tell entries apart,
    and each stays within the minute or day the minutes give (short of 60 entries in one minute).
    """
    times: dict[str, dt.datetime] = {}
    last: dt.datetime | None = None
    for (moment, *_), entry in sorted(entries):
        if last is not None and moment <= last:
            moment = last + dt.timedelta(seconds=1)
        times[entry] = last = moment
    return times


def meeting_summary(archive: Archive, meeting: Meeting) -> str:
    """A plain-text paragraph: standing of the minutes, the agenda, counts of decisions and actions."""
    if meeting.status is MinutesStatus.APPROVED:
        standing = (
            f"Approved minutes{' (agreed ' + short_date(meeting.approved_at) + ')' if meeting.approved_at else ''}"
        )
    elif meeting.is_agenda:
        standing = "The agenda (minutes will follow)"
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
    if not meeting.is_agenda:
        parts.append(
            f"{_count(len(meeting.decisions_taken), 'decision')}, {_count(len(meeting.actions), 'new action')}."
        )
    return " ".join(parts)


def decision_summary(archive: Archive, texts: RenderedTexts, decision: Decision) -> str:
    text = text_of(texts, decision.uid)
    if not decision.outcome.taken:  # never read as a decision taken
        text = f"{decision.outcome.label}: {text}"
    if decision.vote:
        text += f" ({vote_sentence(decision.vote)})"
    meeting = archive.meeting_by_id[decision.meeting]
    if meeting.status is MinutesStatus.DRAFT:
        text += " [From draft minutes, not yet approved.]"
    return text


def vote_sentence(vote: Vote) -> str:
    return f"vote: {vote.for_count} for, {vote.against_count} against, {vote.abstain_count} abstained"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# The writer the follow feeds (follow.py) share with these.
new_feed, render_feed, entry_times, moments_apart = _new_feed, _render, _entry_times, _apart
