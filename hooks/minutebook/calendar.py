"""iCalendar files of past and announced meetings, site-wide and per body, built with ``icalendar``.

A meeting's UID is ``<meeting id>@<host>``. An announced meeting (a body's
``next_meeting``) gets the UID the meeting will have once its minutes are
added, so a subscribed calendar updates the event in place instead of
showing it twice. Times are Europe/London with a VTIMEZONE generated from
the tz database; DTSTAMP is the build date, never the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone

from .archive import Archive, meeting_title
from .formatting import short_date
from .model import Meeting, MinutesStatus, NextMeeting
from .site import LONDON, SiteInfo, build_stamp, local_moment
from .urls import body_url, calendar_path, meeting_calendar_path, meeting_url

PRODID = "-//Minutebook//Minutes archive//EN"


@dataclass(frozen=True)
class _Occasion:
    """A meeting as a calendar sees it: held (with minutes) or announced (next_meeting)."""

    uid: str
    body: str
    date: dt.date
    start: str
    end: str
    location: str
    summary: str
    description: str
    url: str
    announced: bool


def build_calendars(archive: Archive, site: SiteInfo) -> list[tuple[str, bytes]]:
    """Every calendar file as (site-relative path, bytes): all meetings, then one per body that meets."""
    stamp = build_stamp(archive.today)
    # Every meeting is in two calendars (the archive's and its body's): made and serialised once,
    # since icalendar's line folding is most of a calendar's cost.
    events = [(occasion, _event(occasion, site, stamp).to_ical()) for occasion in _occasions(archive)]
    files = [(calendar_path(), _calendar(site, site.name, events, calendar_path()))]
    for body_id in sorted({occasion.body for occasion, _ in events}):
        name = archive.registry.bodies[body_id].name
        path = calendar_path(body_id)
        files.append((path, _calendar(site, name, [event for event in events if event[0].body == body_id], path)))
    return files


def agenda_calendars(archive: Archive, site: SiteInfo) -> list[tuple[str, bytes]]:
    """A calendar file of each meeting whose agenda is published, for a reader to add that one meeting."""
    stamp = build_stamp(archive.today)
    files = []
    for meeting in archive.meetings:
        if meeting.is_agenda:
            occasion = _held(archive, meeting)
            path = meeting_calendar_path(meeting.id)
            files.append(
                (path, _calendar(site, occasion.summary, [(occasion, _event(occasion, site, stamp).to_ical())], path))
            )
    return files


def _occasions(archive: Archive) -> list[_Occasion]:
    occasions = [_held(archive, meeting) for meeting in archive.meetings]
    # An agenda is a meeting of its own (above); only meetings merely announced are added.
    occasions += [
        _announced(archive, u.body.id, u.next_meeting, u.announced_in) for u in archive.upcoming if u.agenda is None
    ]
    # Chronological with ids as tie-break: the file is the same whatever order the source was read in.
    return sorted(occasions, key=lambda o: (o.date, o.start, o.uid))


def _held(archive: Archive, meeting: Meeting) -> _Occasion:
    name = archive.registry.bodies[meeting.body].name
    if meeting.status is MinutesStatus.APPROVED:
        standing = "Approved minutes" + (f" (agreed {short_date(meeting.approved_at)})" if meeting.approved_at else "")
    elif meeting.is_agenda:
        standing = "Agenda published, minutes will follow"
    else:
        standing = "Draft minutes, not yet approved"
    agenda = [
        f"{item.number}. {item.title}" + (" (confidential)" if item.confidential else "") for item in meeting.items
    ]
    # Titles and counts only: decisions are in the feeds and /data/, and short events keep big calendars quick to load.
    counts = f" {_count(len(meeting.decisions_taken), 'decision')}, {_count(len(meeting.actions), 'new action')}."
    lines = [f"{standing}." + ("" if meeting.is_agenda else counts)]
    if agenda:
        lines += ["", "Items:", *agenda]
    return _Occasion(
        meeting.id,
        meeting.body,
        meeting.date,
        meeting.start,
        meeting.end,
        meeting.location,
        f"{name} meeting",
        "\n".join(lines),
        meeting_url(meeting.id),
        announced=False,
    )


def _announced(archive: Archive, body_id: str, next_meeting: NextMeeting, announced_in: Meeting) -> _Occasion:
    name = archive.registry.bodies[body_id].name
    # The id the minutes will get (no sequence: a second same-day meeting cannot be foreseen).
    uid = f"{body_id}/{next_meeting.date.isoformat()}"
    return _Occasion(
        uid,
        body_id,
        next_meeting.date,
        next_meeting.start,
        next_meeting.end,
        next_meeting.location,
        f"{name} meeting",
        f"Announced in the minutes of {meeting_title(announced_in, archive.registry)}. Minutes will follow.",
        body_url(body_id),
        announced=True,
    )


def _calendar(site: SiteInfo, subject: str, events: list[tuple[_Occasion, bytes]], path: str) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        uid=f"{path}@{site.host}",  # Calendar.new would otherwise invent a random one
        name=f"Meetings: {subject}",
        description=f"Meetings of {subject}, from the published minutes.",
        refresh_interval=dt.timedelta(days=1),
        url=site.link(path) if site.absolute else None,
    )
    calendar.add("X-WR-TIMEZONE", "Europe/London")
    if any(occasion.start for occasion, _ in events):  # all-day events name no time zone
        # VTIMEZONE rules for the years the events span, from the tz database (BST and GMT transitions).
        first = min(occasion.date for occasion, _ in events)
        last = max(occasion.date for occasion, _ in events)
        calendar.add_component(
            Timezone.from_tzid(
                str(LONDON), first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 1, 1)
            )
        )
    # The events go in as serialised, before the calendar's last line, where add_component would put them.
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join((head, *(serialised for _, serialised in events), b"END:VCALENDAR", end))


def _event(occasion: _Occasion, site: SiteInfo, stamp: dt.datetime) -> Event:
    if occasion.start:
        start: dt.date = local_moment(occasion.date, occasion.start)
        end: dt.date | None = local_moment(occasion.date, occasion.end) if occasion.end else None
    else:
        # No time in the minutes: an all-day event (DTEND is exclusive, so the next day).
        start, end = occasion.date, occasion.date + dt.timedelta(days=1)
    description = occasion.description
    if not site.absolute:
        # A URL property must be absolute; without site_url the page's path is the best we can say.
        description += f"\n\nOn the archive site at /{occasion.url}"
    event = Event.new(
        uid=f"{occasion.uid}@{site.host}",
        stamp=stamp,
        start=start,
        end=end,
        summary=occasion.summary,
        description=description,
        location=occasion.location or None,
        url=site.link(occasion.url) if site.absolute else None,
    )
    event.add("STATUS", "CONFIRMED")
    if occasion.announced:
        event.add("CATEGORIES", "Announced")
    return event


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
