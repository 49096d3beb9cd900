"""The archive as open data under /data/: JSON in the Popolo and Open Civic Data vocabularies (CSV: spreadsheets).

Each JSON file has a published JSON Schema (``schema/data/``, copied to
/data/schema/). Everything is built from the model, in which confidential
item text no longer exists: an exempt item is its title, reason and summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .archive import ActionRecord, Archive, meeting_title
from .cache import Memo, unkept
from .files import Content
from .history import versions_data
from .markup import ROOT, RenderedMeeting, RenderedTexts
from .model import Attendance, BodyKind, Decision, Meeting, Named, NextMeeting, Outcome, OwnerRef, Vote
from .plaintext import html_paragraphs, text_of
from .site import SiteInfo, local_moment
from .spreadsheets import actions_in_order, build_spreadsheets, holder_name, owner_name
from .titles import meeting_name
from .urls import (
    action_url,
    body_url,
    calendar_path,
    data_path,
    data_schema_path,
    decision_url,
    meeting_url,
    minutes_feed_path,
    person_url,
    post_url,
)

SCHEMA_DIR = Path(__file__).parent / "schema" / "data"
JSON_FILES = ("people", "bodies", "memberships", "meetings", "decisions", "actions")
# Open Civic Data's organisation classifications (opencivicdata.common) have no board or team: each kind of
# body gets the nearest, and keeps its own in "kind". A board, appointed to oversee, is OCD's commission; a
# team of officers, a department; another organisation (a trust, a company), a corporation.
OCD_CLASSIFICATION = {
    BodyKind.BOARD: "commission",
    BodyKind.COMMITTEE: "committee",
    BodyKind.TEAM: "department",
    BodyKind.ORGANISATION: "corporation",
}


def build_data(
    archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo | None = None
) -> Iterator[tuple[str, Content]]:
    """Every /data/ file as (site-relative path, its bytes): JSON, their schemas, and the CSVs.

    One file at a time, and a JSON file one record at a time (see ``_json``): at 10,000 meetings the
    meetings' records alone are over a hundred megabytes, so each is built only when it is written.
    ``memo`` keeps each meeting's record between builds (see ``Memo``).
    """
    records: dict[str, Callable[[], Iterable[dict[str, Any] | bytes]]] = {
        "people": lambda: _people(archive, site),
        "bodies": lambda: _bodies(archive, site),
        "memberships": lambda: _memberships(archive),
        "meetings": lambda: _meetings(archive, texts, site, memo or unkept),
        "decisions": lambda: _decisions(archive, texts, site),
        "actions": lambda: (_action(archive, texts, site, record) for record in actions_in_order(archive)),
    }
    for name in JSON_FILES:
        schema = load_data_schema(name)
        key = next(k for k in schema["required"] if k != "meta")
        yield data_path(f"{name}.json"), _json(_meta(archive, site, name, schema["title"]), key, records[name]())
    for name in JSON_FILES:
        yield data_schema_path(name), _published_schema(name, site)
    yield from build_spreadsheets(archive, texts, site)


def load_data_schema(name: str) -> dict[str, Any]:
    """The schema of ``/data/<name>.json`` (as published, less the ``$id`` a site with an address gives it)."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _published_schema(name: str, site: SiteInfo) -> bytes:
    """The schema as published: with the site's address, its ``$id`` is where it is, which ``meta.schema`` names.

    Without site_url the schema has no address of its own to give, and no ``$id``.
    """
    source = (SCHEMA_DIR / f"{name}.schema.json").read_bytes()
    if not site.absolute:
        return source
    schema = json.loads(source)
    with_id = {"$schema": schema.pop("$schema"), "$id": site.link(data_schema_path(name)), **schema}
    return (json.dumps(with_id, indent=2, ensure_ascii=False) + "\n").encode()


def _dump(value: Any) -> bytes:
    # Key order is insertion order, fixed by the code: the same archive gives the same bytes.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _json(meta: dict[str, Any], key: str, records: Iterable[dict[str, Any] | bytes]) -> Iterator[bytes]:
    """``{"meta": ..., key: [...]}`` with one record per line: compact for big archives, yet greppable and diffable.

    Line by line, as the records come: at 10,000 meetings, the whole file held at once took a quarter
    of a gigabyte more while it was written. A record may come as its JSON already.
    """
    yield b'{"meta":%b,\n%b:[\n' % (_dump(meta), _dump(key))
    for index, record in enumerate(records):
        line = record if isinstance(record, bytes) else _dump(record)
        yield line if index == 0 else b",\n" + line
    yield b"\n]}\n"


def _meta(archive: Archive, site: SiteInfo, name: str, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "schema": site.link(data_schema_path(name), data_path(f"{name}.json")),
        "licence": {"name": site.licence_name, "url": site.licence_url},
        "publisher": site.publisher,
        "built": archive.today.isoformat(),
        "site": site.url,
    }


def _link(site: SiteInfo, path: str, note: str) -> dict[str, str]:
    return {"url": site.address(path), "note": note}


def _people(archive: Archive, site: SiteInfo) -> list[dict[str, Any]]:
    return [
        {
            "id": person.id,
            "name": person.name,
            "honorific_prefix": person.honorific or None,
            "other_names": [{"name": alias, "note": "alias"} for alias in person.aliases],
            "links": [_link(site, person_url(person.id), "Page in the archive")],
        }
        for person in (record.person for record in archive.people.values())
    ]


def _bodies(archive: Archive, site: SiteInfo) -> list[dict[str, Any]]:
    bodies = []
    for body_id, body in sorted(archive.registry.bodies.items()):
        meets = body_id in archive.by_body
        links = [_link(site, body_url(body_id), "Page in the archive")]
        if meets:
            links += [
                _link(site, minutes_feed_path(body_id), "Atom feed of minutes"),
                _link(site, calendar_path(body_id), "Calendar of meetings"),
            ]
        bodies.append(
            {
                "id": body_id,
                "name": body.name,
                "classification": OCD_CLASSIFICATION[body.kind],
                "kind": body.kind.value,
                "meets": meets,
                "links": links,
                "posts": _posts(site, body_id, archive),
            }
        )
    return bodies


def _memberships(archive: Archive) -> list[dict[str, Any]]:
    memberships = []
    for body_id, body in sorted(archive.registry.bodies.items()):
        seats: dict[str, int] = {}
        for membership in body.members:
            seats[membership.person] = seats.get(membership.person, 0) + 1
        for membership in body.members:
            member_id = f"{body_id}/{membership.person}"
            if seats[membership.person] > 1:
                member_id += f"/{membership.start.isoformat() if membership.start else 'undated'}"
            memberships.append(
                _known(
                    {
                        "id": member_id,
                        "person_id": membership.person,
                        "organization_id": body_id,
                        "role": membership.role or None,
                        "start_date": membership.start.isoformat() if membership.start else None,
                        "end_date": membership.end.isoformat() if membership.end else None,
                    },
                    "role",
                    "start_date",
                    "end_date",
                )
            )
    return memberships


def _known(record: dict[str, Any], *optional: str) -> dict[str, Any]:
    """``record`` without those of ``optional`` that are None.

    Where the minutes do not say, Popolo allows null and Open Civic Data an empty string, but neither
    refuses a field that is left out: so it is left out, and the file meets both.
    """
    return {key: value for key, value in record.items() if not (value is None and key in optional)}


def _when(day: dt.date, start: str, end: str) -> dict[str, Any]:
    if not start:
        return {"all_day": True, "start_date": day.isoformat()}
    return _known(
        {
            "all_day": False,
            "start_date": local_moment(day, start).isoformat(),
            "end_date": local_moment(day, end).isoformat() if end else None,
        },
        "end_date",
    )


def _meetings(archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo) -> Iterator[dict[str, Any] | bytes]:
    """Chronological, as the archive is, with announced meetings last on their day; each built when it is written
    (a held meeting's, from ``memo`` if no input of it changed: the registry's names, the meeting, its text)."""

    def held_event(meeting: Meeting) -> bytes:
        rendered = texts.by_meeting[meeting.id]
        make = partial(_held_event, archive, site, meeting, rendered)
        # The versions it lists come from git: a commit can change them while the file stays the same.
        inputs = (archive.registry, site, meeting, rendered, archive.histories.get(meeting.id))
        return memo("held-event", inputs, lambda: _dump(make()))

    held: list[tuple[tuple[Any, ...], Callable[[], dict[str, Any] | bytes]]] = [
        ((meeting.date, False, meeting.id), partial(held_event, meeting)) for meeting in archive.meetings
    ]
    announced: list[tuple[tuple[Any, ...], Callable[[], dict[str, Any] | bytes]]] = [
        (
            (u.next_meeting.date, True, f"{u.body.id}/{u.next_meeting.date.isoformat()}"),
            partial(_announced_event, archive, site, u.body.id, u.next_meeting, u.announced_in),
        )
        for u in archive.upcoming
        if u.agenda is None  # an agenda is a meeting of its own (above)
    ]
    for _, event in sorted(held + announced, key=lambda pair: pair[0]):
        yield event()


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
        # OCD: confirmed before the meeting (its agenda published), passed once it is minuted.
        "status": "confirmed" if meeting.is_agenda else "passed",
        **_when(meeting.date, meeting.start, meeting.end),
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
        "minutes": None
        if meeting.is_agenda
        else {
            "status": meeting.status.value,
            "approved_at": meeting.approved_at.isoformat() if meeting.approved_at else None,
            "url": _link(site, meeting_url(meeting.id), "")["url"],
        },
        "announced_in": None,
        "documents": [
            {
                "name": doc.title,
                "url": doc.path if "://" in doc.path else _link(site, doc.path, "")["url"],
                "item": doc.item or None,
            }
            for doc in meeting.documents
        ],
        "versions": versions_data(archive.histories.get(meeting.id)),
        "sources": [
            _link(
                site,
                meeting_url(meeting.id),
                "Agenda in the archive" if meeting.is_agenda else "Minutes in the archive",
            )
        ],
    }


def _site_html(fragment: str, site: SiteInfo) -> str:
    """Rendered minutes with their links absolute, or from the site root without site_url (as ``_link``)."""
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
        **_when(next_meeting.date, next_meeting.start, next_meeting.end),
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
        "sources": [_link(site, meeting_url(announced_in.id), "Minutes that announced the meeting")],
    }


def _vote_result(vote: Vote) -> str | None:
    if vote.for_count == vote.against_count:
        return None
    return "pass" if vote.for_count > vote.against_count else "fail"


def _moment(meeting: Meeting) -> str:
    """When a meeting's decisions were made, as the date-time Popolo asks for: its start, or midnight when
    the minutes give no time (UK time, with the day's offset)."""
    return local_moment(meeting.date, meeting.start).isoformat()


def _decisions(archive: Archive, texts: RenderedTexts, site: SiteInfo) -> list[dict[str, Any]]:
    motions = []
    for decision in archive.decisions:
        meeting = archive.meeting_by_id[decision.meeting]
        vote_events = []
        if decision.vote:
            vote = decision.vote
            options = {"for": "yes", "against": "no", "abstain": "abstain"}
            named = [(who, options[side]) for side in options for who in vote.named_on(side)]
            vote_events.append(
                {
                    "id": f"{decision.uid}/vote",
                    "motion_id": decision.uid,
                    "organization_id": meeting.body,
                    "start_date": _moment(meeting),
                    "result": _motion_result(decision),
                    "counts": [
                        {"option": "yes", "value": vote.for_count},
                        {"option": "no", "value": vote.against_count},
                        {"option": "abstain", "value": vote.abstain_count},
                    ],
                    "votes": [
                        {
                            "voter_id": who.person or None,
                            "option": option,
                            **({"post_id": who.post} if who.post else {}),
                        }
                        for who, option in named
                    ],
                }
            )
        motions.append(
            {
                "id": decision.uid,
                "organization_id": meeting.body,
                "meeting_id": meeting.id,
                "item": decision.item,
                "date": _moment(meeting),
                "text": text_of(texts, decision.uid),
                "result": _motion_result(decision),
                "outcome": decision.outcome.value,
                "proposed_by": _named(decision.proposed_by),
                "seconded_by": _named(decision.seconded_by),
                "minutes_status": meeting.status.value,
                "vote_events": vote_events,
                "sources": [_link(site, decision_url(decision.uid), "Decision in the archive")],
            }
        )
    return motions


def _owner(archive: Archive, owner: OwnerRef) -> dict[str, Any]:
    entity_type = {"person": "person", "post": "post"}.get(owner.kind, "organization")
    record = {"entity_type": entity_type, "entity_id": owner.id, "name": owner_name(archive, owner)}
    return {**record, "holder_id": owner.holder or None} if owner.kind == "post" else record


def _action(archive: Archive, texts: RenderedTexts, site: SiteInfo, record: ActionRecord) -> dict[str, Any]:
    action = record.action
    return {
        "id": action.uid,
        "meeting_id": record.meeting.id,
        "organization_id": record.meeting.body,
        "date": record.meeting.date.isoformat(),
        "item": action.item,
        "text": text_of(texts, action.uid),
        "owners": [_owner(archive, o) for o in action.owners],
        "due_date": action.due.isoformat() if action.due else None,
        "status": record.status.value,
        "overdue": record.overdue,
        "carried_over": record.carried_over,
        "closed_on": record.closed_on.isoformat() if record.closed_on else None,
        "history": [
            {"date": u.date.isoformat(), "meeting_id": u.meeting, "status": u.status.value, "note": u.note}
            for u in record.history
        ],
        "sources": [_link(site, action_url(action.uid), "Action in the archive")],
    }


def _chaired(meeting: Meeting, entry: Attendance) -> bool:
    return bool(entry.person and entry.person == meeting.chair) or bool(entry.post and entry.post == meeting.chair_post)


def _named(named: Named | None) -> dict[str, str | None] | None:
    return None if named is None else {"person_id": named.person or None, "post_id": named.post or None}


def _motion_result(decision: Decision) -> str | None:
    """Popolo result, worked out here only.

    From the recorded vote for a motion carried; "fail" for one lost; none for one withdrawn or deferred.
    """
    if decision.outcome is Outcome.LOST:
        return "fail"
    if decision.outcome is not Outcome.CARRIED or decision.vote is None:
        return None
    return _vote_result(decision.vote)


def _posts(site: SiteInfo, body_id: str, archive: Archive) -> list[dict[str, Any]]:
    """A body's posts as Popolo Post records, with their holders as bodies.yml records them."""
    return [
        {
            "id": post.uid,
            "label": post.name,
            "other_labels": list(post.aliases),
            "organization_id": body_id,
            "holders": [
                {
                    "person_id": holder.person,
                    "start_date": holder.start.isoformat() if holder.start else None,
                    "end_date": holder.end.isoformat() if holder.end else None,
                }
                for holder in post.holders
            ],
            "links": [_link(site, post_url(post.uid), "Page in the archive")],
        }
        for post in archive.registry.bodies[body_id].posts
    ]
