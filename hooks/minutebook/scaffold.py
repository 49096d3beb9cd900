"""A new meeting file, already shaped right: what `minutes.py new` writes for a clerk to fill in."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import meeting_files
from .model import NextMeeting
from .registry import Registry
from .schemas import load_schema
from .source import read_text, split_front_matter
from .yamlsource import load_yaml

TEMPLATE = """---
# yaml-language-server: $schema={schema}
body: {body}
date: {date}
status: draft
{start}
{end}
{location}
# chair: person-id
present:{present}
in_attendance: []
apologies: []
decisions: []
#  - {{id: 1, item: 1, text: The minutes of the previous meeting were agreed as a true record.}}
actions: []
#  - {{id: 1, item: 2, owners: [person-or-team], text: What is to be done, due: {due}}}
updates: []
#  - {{action: {body}/YYYY-MM-DD/a1, status: done, note: What was reported}}
---

## 1. Minutes of the previous meeting

"""
AGENDA_TEMPLATE = """---
# yaml-language-server: $schema={schema}
# The agenda, published before the meeting. Once it is held, write the minutes into this file
# (attendance, decisions, actions, each item's minutes) and set status: draft.
body: {body}
date: {date}
status: agenda
{start}
{end}
{location}
documents: []
#  - {{title: Report of the Director of Finance, path: documents/{date}-finance-report.pdf, item: 2}}
---

## 1. Apologies for absence

## 2. Minutes of the previous meeting

"""
# Shown, commented out, for whatever the last meeting did not announce.
PLACEHOLDERS = {"start": '"14:00"', "end": '"16:00"', "location": '"Town Hall, Committee Room 1"'}


@dataclass(frozen=True)
class MeetingFile:
    """One meeting file of a body, read only as far as starting the next meeting needs."""

    path: Path
    date: dt.date
    sequence: int
    next_meeting: NextMeeting | None


def load_meeting_files(source: Path, registry: Registry, body_id: str) -> tuple[MeetingFile, ...]:
    """Every meeting file of ``body_id`` under ``source``, oldest first, from their front-matter alone.

    A file that cannot be read that far is passed over: `check` reports it, and a draft with a
    mistake in it must not stop a clerk starting the next meeting.
    """
    found = []
    for path in meeting_files(source):
        data = _front_matter(path)
        if data is None or registry.resolve_body(str(data.get("body")))[0] != body_id:
            continue
        try:
            date = dt.date.fromisoformat(str(data.get("date")))
        except ValueError:
            continue
        sequence = data.get("sequence")
        found.append(
            MeetingFile(
                path,
                date,
                sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else 0,
                _announcement(data.get("next_meeting")),
            )
        )
    # The day, then the day's order (a second meeting that day is `sequence: 2`), then the path: one order always.
    return tuple(sorted(found, key=lambda meeting: (meeting.date, meeting.sequence, str(meeting.path))))


def find_meeting_file(files: tuple[MeetingFile, ...], date: dt.date) -> Path | None:
    """The file that already holds the body's (first) meeting on ``date``, whatever it is called."""
    return next((meeting.path for meeting in files if meeting.date == date and not meeting.sequence), None)


def previous_meeting(files: tuple[MeetingFile, ...], before: dt.date | None) -> MeetingFile | None:
    """The body's last meeting before ``before``, or its last meeting of all when no date is given."""
    earlier = [meeting for meeting in files if before is None or meeting.date < before]
    return earlier[-1] if earlier else None


def new_meeting_text(
    registry: Registry,
    body_id: str,
    date: dt.date,
    schema: str,
    announced: NextMeeting | None = None,
    agenda: bool = False,
) -> str:
    """A draft meeting of ``body_id`` on ``date`` that passes `check` as it stands.

    Members of the body on that date are listed as present with their roles, so the
    clerk moves the absent ones to apologies rather than typing everyone in. The start,
    end and place that the last meeting ``announced`` for this one are filled in. With
    ``agenda``, the meeting's agenda instead, to publish before it: items and papers, no one yet.
    """
    members = [m for m in registry.bodies[body_id].members if m.covers(date)]
    present = (
        "".join(f"\n  - {m.person}: {yaml_text(m.role)}" if m.role else f"\n  - {m.person}" for m in members) or " []"
    )
    given = {
        "start": announced.start if announced else "",
        "end": announced.end if announced else "",
        "location": announced.location if announced else "",
    }
    fields = {
        name: f"{name}: {yaml_text(value)}" if value else f"# {name}: {PLACEHOLDERS[name]}"
        for name, value in given.items()
    }
    if agenda:
        return AGENDA_TEMPLATE.format(schema=schema, body=body_id, date=date.isoformat(), **fields)
    return TEMPLATE.format(
        schema=schema,
        body=body_id,
        date=date.isoformat(),
        present=present,
        due=(date + dt.timedelta(days=28)).isoformat(),
        **fields,
    )


def yaml_text(value: str) -> str:
    """``value`` as a YAML string in double quotes, the same text whatever it holds."""
    # A JSON string is a YAML string; the characters YAML 1.1 also reads as line breaks are escaped,
    # since json.dumps keeps them as they are when it is told to keep non-ASCII text readable.
    quoted = json.dumps(value, ensure_ascii=False)
    return quoted.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _front_matter(path: Path) -> dict[str, Any] | None:
    text, _ = read_text(path, str(path))
    split, _ = split_front_matter(text, str(path)) if text is not None else (None, [])
    data = load_yaml(split.front_matter, str(path))[0] if split else None
    return data if isinstance(data, dict) else None


def _announcement(value: Any) -> NextMeeting | None:
    """What a meeting's ``next_meeting`` says, if it says it the way the format asks; else nothing at all."""
    if not isinstance(value, dict):
        return None
    try:
        date = dt.date.fromisoformat(str(value.get("date")))
    except ValueError:
        return None
    start, end, location = (value.get(name, "") for name in ("start", "end", "location"))
    time = _time_pattern()
    if not (isinstance(start, str) and isinstance(end, str) and isinstance(location, str)):
        return None
    if any(given and not time.fullmatch(given) for given in (start, end)):
        return None
    return NextMeeting(date, start, end, location)


@functools.cache
def _time_pattern() -> re.Pattern[str]:
    """A time as the meeting schema writes it, "HH:MM" (the schema is where the format is defined)."""
    pattern: str = load_schema("meeting")["properties"]["next_meeting"]["properties"]["start"]["pattern"]
    return re.compile(pattern)
