"""Meetings as open data: Open Civic Data Events with Minutebook's attendance extension.

A file a year holds them in full (``/data/meetings/<year>.json``); ``/data/meetings.json`` lists them in brief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .archive import Archive, meeting_title
from .cache import Memo
from .history import versions_data
from .markup import ROOT, RenderedMeeting, RenderedTexts
from .model import Attendance, Meeting, NextMeeting
from .opendata_fields import dump, link, when
from .plaintext import html_paragraphs
from .site import SiteInfo
from .spreadsheets import holder_name
from .titles import meeting_name
from .urls import data_path, meeting_url


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting of the open data: its year's file, the meeting in brief (for the index) and in full."""

    year: int
    brief: dict[str, Any]
    full: Callable[[], dict[str, Any] | bytes]


def meetings_year_path(year: int) -> str:
    """The file of one year's meetings in full: ``data/meetings/2024.json``."""
    return data_path(f"meetings/{year}.json")


def meeting_entries(archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo) -> list[MeetingEntry]:
    """Chronological, as the archive is, with announced meetings last on their day. Each full record is built
    only when it is written (a held meeting's, from ``memo`` if no input of it changed: the registry's names,
    the meeting, its text)."""

    def held_event(meeting: Meeting) -> bytes:
        rendered = texts.by_meeting[meeting.id]
        make = partial(_held_event, archive, site, meeting, rendered)
        # The versions it lists come from git: a commit can change them while the file stays the same.
        inputs = (archive.registry, site, meeting, rendered, archive.histories.get(meeting.id))
        return memo("held-event", inputs, lambda: dump(make()))

    def brief(event_id: str, name: str, body_id: str, day: dt.date, start: str, **facts: Any) -> dict[str, Any]:
        return {
            "id": event_id,
            "name": name,
            "organization_id": body_id,
            "status": facts["status"],
            "start_date": when(day, start, "")["start_date"],
            "minutes": facts["minutes"],
            "url": facts["url"],
            "data": site.address(meetings_year_path(day.year)),
        }

    held = [
        (
            (meeting.date, False, meeting.id),
            MeetingEntry(
                meeting.date.year,
                brief(
                    meeting.id,
                    meeting_title(meeting, archive.registry),
                    meeting.body,
                    meeting.date,
                    meeting.start,
                    status=_status(meeting),
                    minutes=_minutes(site, meeting),
                    url=site.address(meeting_url(meeting.id)),
                ),
                partial(held_event, meeting),
            ),
        )
        for meeting in archive.meetings
    ]
    announced = [
        (
            (u.next_meeting.date, True, f"{u.body.id}/{u.next_meeting.date.isoformat()}"),
            MeetingEntry(
                u.next_meeting.date.year,
                brief(
                    f"{u.body.id}/{u.next_meeting.date.isoformat()}",
                    meeting_name(archive.registry.bodies[u.body.id].name, u.next_meeting.date),
                    u.body.id,
                    u.next_meeting.date,
                    u.next_meeting.start,
                    status="confirmed",
                    minutes=None,
                    url=None,
                ),
                partial(_announced_event, archive, site, u.body.id, u.next_meeting, u.announced_in),
            ),
        )
        for u in archive.upcoming
        if u.agenda is None  # an agenda is a meeting of its own (above)
    ]
    return [entry for _, entry in sorted(held + announced, key=lambda pair: pair[0])]


def _status(meeting: Meeting) -> str:
    # OCD: confirmed before the meeting (its agenda published), passed once it is minuted.
    return "confirmed" if meeting.is_agenda else "passed"


def _minutes(site: SiteInfo, meeting: Meeting) -> dict[str, Any] | None:
    if meeting.is_agenda:
        return None
    return {
        "status": meeting.status.value,
        "approved_at": meeting.approved_at.isoformat() if meeting.approved_at else None,
        "url": link(site, meeting_url(meeting.id), "")["url"],
    }


def _held_event(archive: Archive, site: SiteInfo, meeting: Meeting, rendered: RenderedMeeting) -> dict[str, Any]:
    registry = archive.registry
    body = registry.bodies[meeting.body]
    participants = [{"name": body.name, "entity_type": "organization", "entity_id": body.id, "note": "host"}]
    for entry in meeting.attendance:
        if entry.kind.value in ("present", "in_attendance"):
            note = "chair" if _chaired(meeting, entry) else entry.kind.label.lower()
            participants.append(
                {
                    "name": holder_name(archive, entry.person, entry.post),
                    "entity_type": "person" if entry.person else "post",
                    "entity_id": entry.person or entry.post,
                    "note": note,
                }
            )
    decisions_by_item: dict[str, list[str]] = {}
    for decision in meeting.decisions:
        decisions_by_item.setdefault(decision.item, []).append(decision.uid)
    actions_by_item: dict[str, list[str]] = {}
    for action in meeting.actions:
        actions_by_item.setdefault(action.item, []).append(action.uid)
    return {
        "id": meeting.id,
        "name": meeting_title(meeting, registry),
        "classification": f"{body.kind.value}-meeting",
        "organization_id": meeting.body,
        "status": _status(meeting),
        **when(meeting.date, meeting.start, meeting.end),
        "timezone": "Europe/London",
        "location": {"name": meeting.location} if meeting.location else None,
        "participants": participants,
        "attendance": [
            {
                "person_id": entry.person or None,
                "post_id": entry.post or None,
                "name": holder_name(archive, entry.person, entry.post),
                "attendance": entry.kind.value,
                "role": entry.role or None,
                "note": getattr(entry, "note", "") or None,
            }
            for entry in meeting.attendance
        ],
        "substitutes": [
            {
                "person_id": s.person or None,
                "for_person_id": s.replaces or None,
                "post_id": s.person_post or None,
                "for_post_id": s.replaces_post or None,
            }
            for s in meeting.substitutes
        ],
        "declarations": [
            {"person_id": d.person or None, "post_id": d.post or None, "item": d.item, "interest": d.interest}
            for d in meeting.declarations
        ],
        "agenda": [
            {
                "order": item.number,
                "description": item.title,
                # The item's minutes as the page shows them, sanitised, never the Markdown they were written
                # in: as paragraphs of text, and as HTML. A confidential item's text was dropped at load.
                "notes": list(html_paragraphs(rendered.items.get(item.number, ""))),
                "notes_html": _site_html(rendered.items.get(item.number, ""), site),
                "confidential": {"reason": item.confidential.reason, "summary": item.confidential.summary}
                if item.confidential
                else None,
                "decision_ids": decisions_by_item.get(item.number, []),
                "action_ids": actions_by_item.get(item.number, []),
            }
            for item in meeting.items
        ],
        "minutes": _minutes(site, meeting),
        "announced_in": None,
        "documents": [
            {
                "name": doc.title,
                "url": doc.path if "://" in doc.path else link(site, doc.path, "")["url"],
                "item": doc.item or None,
            }
            for doc in meeting.documents
        ],
        "versions": versions_data(archive.histories.get(meeting.id)),
        "sources": [
            link(
                site,
                meeting_url(meeting.id),
                "Agenda in the archive" if meeting.is_agenda else "Minutes in the archive",
            )
        ],
    }


def _site_html(fragment: str, site: SiteInfo) -> str:
    """Rendered minutes with their links absolute, or from the site root without site_url (as ``link``)."""
    return fragment.replace(ROOT, site.url if site.absolute else "/")


def _announced_event(
    archive: Archive, site: SiteInfo, body_id: str, next_meeting: NextMeeting, announced_in: Meeting
) -> dict[str, Any]:
    body = archive.registry.bodies[body_id]
    return {
        "id": f"{body_id}/{next_meeting.date.isoformat()}",
        "name": meeting_name(body.name, next_meeting.date),
        "classification": f"{body.kind.value}-meeting",
        "organization_id": body_id,
        "status": "confirmed",
        **when(next_meeting.date, next_meeting.start, next_meeting.end),
        "timezone": "Europe/London",
        "location": {"name": next_meeting.location} if next_meeting.location else None,
        "participants": [{"name": body.name, "entity_type": "organization", "entity_id": body.id, "note": "host"}],
        "attendance": [],
        "substitutes": [],
        "declarations": [],
        "agenda": [],
        "minutes": None,
        "announced_in": announced_in.id,
        "documents": [],
        "versions": None,
        "sources": [link(site, meeting_url(announced_in.id), "Minutes that announced the meeting")],
    }


def _chaired(meeting: Meeting, entry: Attendance) -> bool:
    return bool(entry.person and entry.person == meeting.chair) or bool(entry.post and entry.post == meeting.chair_post)
