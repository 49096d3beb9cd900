"""The archive for spreadsheets: actions.csv and attendance.csv under /data/, one row a fact."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from .archive import ActionRecord, Archive
from .markup import RenderedTexts
from .model import OwnerRef
from .plaintext import text_of
from .site import SiteInfo
from .urls import action_url, data_path, meeting_url

# Excel on Windows reads a CSV without a byte-order mark as the local code page and mangles
# "Children’s Services"; with one it reads UTF-8. Python's csv module and pandas skip it with utf-8-sig.
CSV_ENCODING = "utf-8-sig"
# A cell starting with one of these is a formula to a spreadsheet: minutes text must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def build_spreadsheets(archive: Archive, texts: RenderedTexts, site: SiteInfo) -> Iterator[tuple[str, bytes]]:
    """The two CSV files, as (site-relative path, bytes)."""
    yield data_path("actions.csv"), _csv(ACTION_COLUMNS, _action_rows(archive, texts, site))
    yield data_path("attendance.csv"), _csv(ATTENDANCE_COLUMNS, _attendance_rows(archive, site))


ACTION_COLUMNS = (
    "id",
    "raised_on",
    "body",
    "body_name",
    "meeting",
    "item",
    "text",
    "owners",
    "due",
    "status",
    "overdue",
    "carried_over",
    "closed_on",
    "last_update_on",
    "last_update_note",
    "url",
)
ATTENDANCE_COLUMNS = ("meeting", "date", "body", "body_name", "person", "name", "attendance", "role", "url")


def _action_rows(archive: Archive, texts: RenderedTexts, site: SiteInfo) -> list[dict[str, Any]]:
    rows = []
    for record in actions_in_order(archive):
        action, last = record.action, (record.history[-1] if record.history else None)
        rows.append(
            {
                "id": action.uid,
                "raised_on": record.meeting.date.isoformat(),
                "body": record.meeting.body,
                "body_name": archive.registry.bodies[record.meeting.body].name,
                "meeting": record.meeting.id,
                "item": action.item,
                "text": text_of(texts, action.uid),
                "owners": "; ".join(owner_name(archive, o) for o in action.owners),
                "due": action.due.isoformat() if action.due else "",
                "status": record.status.value,
                "overdue": "yes" if record.overdue else "no",
                "carried_over": record.carried_over,
                "closed_on": record.closed_on.isoformat() if record.closed_on else "",
                "last_update_on": last.date.isoformat() if last else "",
                "last_update_note": last.note if last else "",
                "url": site.address(action_url(action.uid)),
            }
        )
    return rows


def _attendance_rows(archive: Archive, site: SiteInfo) -> list[dict[str, Any]]:
    return [
        {
            "meeting": meeting.id,
            "date": meeting.date.isoformat(),
            "body": meeting.body,
            "body_name": archive.registry.bodies[meeting.body].name,
            "person": entry.person,
            "name": holder_name(archive, entry.person, entry.post),
            "attendance": entry.kind.label,
            # The post the minutes named is the role held, where they give no other.
            "role": entry.role or (archive.registry.posts[entry.post].name if entry.post else ""),
            "url": site.address(meeting_url(meeting.id)),
        }
        for meeting in archive.meetings
        for entry in meeting.attendance
    ]


def holder_name(archive: Archive, person: str, post: str) -> str:
    """A person's display name; or a post's name with its holder's: "Clerk (Jane Smith)", or "Clerk"."""
    registry = archive.registry
    if not post:
        return registry.people[person].display_name
    name = registry.posts[post].name
    return f"{name} ({registry.people[person].display_name})" if person else name


def actions_in_order(archive: Archive) -> list[ActionRecord]:
    # Oldest first, by id within a meeting: rows keep their place as the archive grows.
    return sorted(archive.actions.values(), key=lambda r: (r.meeting.date, r.meeting.id, r.action.number))


def owner_name(archive: Archive, owner: OwnerRef) -> str:
    if owner.kind == "person":
        return archive.registry.people[owner.id].display_name
    if owner.kind == "post":
        return holder_name(archive, owner.holder, owner.id)
    return archive.registry.bodies[owner.id].name


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """RFC 4180 CSV (CRLF line ends, quoted where needed), UTF-8 with a byte-order mark for Excel."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue().encode(CSV_ENCODING)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
