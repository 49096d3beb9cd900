"""Agendas: a meeting's file published before the meeting, with ``status: agenda``.

An agenda gives the date, time and place, the items as ``## N. Title`` headings with any text
introducing them, and the papers for each item (``documents`` with ``item``). What only the
meeting itself can record (who came, what was decided, what was asked of whom) is an error in an
agenda: it is written into the same file, with ``status: draft``, once the meeting is minuted.
The meeting's page, at its permanent address, then becomes the minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import Problem
from .model import Meeting, MinutesStatus
from .motions import WARNING
from .yamlsource import LineMap

# What only the meeting itself records, and how a message names it.
MINUTED_AT_THE_MEETING = {
    "approved_at": "approval",
    "chair": "chair",
    "present": "attendance",
    "in_attendance": "attendance",
    "apologies": "attendance",
    "substitutes": "substitutes",
    "declarations": "declarations of interest",
    "decisions": "decisions",
    "actions": "actions",
    "updates": "updates on actions",
}


def agenda_problems(data: Mapping[str, Any], shown: str, lines: LineMap) -> list[Problem]:
    """An error for each field of an agenda that only the meeting itself can fill in (empty lists are fine)."""
    if data.get("status") != MinutesStatus.AGENDA.value:
        return []
    return [
        Problem(
            shown,
            lines.line(field),
            f"{field}: an agenda (status: agenda) has no {what} yet: the meeting has not happened; "
            "remove it, or set status: draft if these are now the minutes",
        )
        for field, what in MINUTED_AT_THE_MEETING.items()
        if data.get(field) not in (None, [], "")
    ]


def late_agendas(meetings: Iterable[Meeting], today: dt.date) -> list[Problem]:
    """A warning at each agenda whose meeting day has passed with no minutes written into its file."""
    warnings = []
    for meeting in meetings:
        if meeting.is_agenda and meeting.date < today:
            days = (today - meeting.date).days
            warnings.append(
                Problem(
                    meeting.source,
                    meeting.line_of.get("status", 1),
                    f"{WARNING}status: the meeting was {days} day{'s' if days != 1 else ''} ago ({meeting.date}) "
                    "and this is still its agenda; write the minutes into this file and set status: draft",
                )
            )
    return warnings
