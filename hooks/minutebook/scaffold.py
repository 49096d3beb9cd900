"""A new meeting file, already shaped right: what `minutes.py new` writes for a clerk to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .load import meeting_files
from .registry import Registry
from .source import read_text, split_front_matter
from .yamlsource import load_yaml

TEMPLATE = """---
# yaml-language-server: $schema={schema}
body: {body}
date: {date}
status: draft
# start: "14:00"
# end: "16:00"
# location: "Town Hall, Committee Room 1"
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


def new_meeting_text(registry: Registry, body_id: str, date: dt.date, schema: str) -> str:
    """A draft meeting of ``body_id`` on ``date`` that passes `check` as it stands.

    Members of the body on that date are listed as present with their roles, so the
    clerk moves the absent ones to apologies rather than typing everyone in.
    """
    members = [m for m in registry.bodies[body_id].members if m.covers(date)]
    # json.dumps quotes a role safely for YAML (JSON strings are YAML strings).
    present = (
        "".join(
            f"\n  - {m.person}: {json.dumps(m.role, ensure_ascii=False)}" if m.role else f"\n  - {m.person}"
            for m in members
        )
        or " []"
    )
    return TEMPLATE.format(
        schema=schema,
        body=body_id,
        date=date.isoformat(),
        present=present,
        due=(date + dt.timedelta(days=28)).isoformat(),
    )


def find_meeting_file(source: Path, registry: Registry, body_id: str, date: dt.date) -> Path | None:
    """The file that already holds ``body_id``'s meeting on ``date``, whatever it is called."""
    for path in meeting_files(source):
        text, _ = read_text(path, str(path))
        split, _ = split_front_matter(text, str(path)) if text is not None else (None, [])
        data = load_yaml(split.front_matter, str(path))[0] if split else None
        if isinstance(data, dict) and str(data.get("date")) == date.isoformat() and not data.get("sequence"):
            if registry.resolve_body(str(data.get("body")))[0] == body_id:
                return path
    return None
