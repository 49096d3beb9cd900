"""The next meeting: from the "Date of next meeting" item if there is one, else a line announcing it."""

from __future__ import annotations

import datetime as dt
import re

from .facts import ParsedNextMeeting
from .headings import Heading
from .lines import Line
from .meeting import ParsedMeeting
from .when import Found, find_date, find_place, find_times

NEXT_TITLE = re.compile(r"\bnext\s+(?:\w+\s+){0,3}?(?:meeting|agm)\b", re.IGNORECASE)
NEXT_MEETING = re.compile(
    r"\b(?:date\s+(?:and\s+time\s+)?of\s+(?:the\s+)?next\s+(?:\w+\s+){0,3}?(?:meeting|agm)"
    r"|next\s+(?:\w+\s+){0,4}?(?:meeting|agm|session)s?\b|\bnext\s+(?:committee|board|council)\b)",
    re.IGNORECASE,
)


def read_next_meeting(text: str, line: int, context: dt.date | None) -> ParsedNextMeeting | None:
    """Date, times and place of the next meeting, when ``text`` names it and gives a date after ``context``."""
    mention = NEXT_MEETING.search(text)
    if not mention:
        return None
    after = text[mention.start() :]
    date = find_date(after, context)
    if not date or (context and date.value <= context.isoformat()):
        return None
    rest = after[date.start :]
    start, end = find_times(rest)
    place = find_place(rest, Found(date.value, 0, date.end - date.start), start, end)
    return ParsedNextMeeting(
        date.value,
        start.value if start else "",
        end.value if end and start and end.value > start.value else "",
        place,
        line,
    )


def find_next_meeting(
    lines: list[Line], headings: list[Heading], meeting: ParsedMeeting, context: dt.date | None
) -> None:
    """From the "Date of next meeting" item (its title or text) if there is one, else the last line announcing it.

    Without the meeting's date only a date with its year is taken."""
    preferred: list[int] = []
    for position, heading in enumerate(headings):
        if NEXT_TITLE.search(heading.title):
            end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
            preferred += [heading.index, *range(heading.body_start, end)]
    for index in preferred:
        text = lines[index].text
        found = read_next_meeting(
            text if NEXT_TITLE.search(text) else f"next meeting {text}", lines[index].number, context
        )
        if found:
            meeting.next_meeting = found
            return
    for line in lines:
        found = read_next_meeting(line.text, line.number, context)
        if found and re.match(
            r"^\W*(?:the\s+|our\s+)?(?:date\s+of\s+)?(?:the\s+)?next\b", line.text.strip(), re.IGNORECASE
        ):
            meeting.next_meeting = found
    if meeting.next_meeting is None:
        for line in lines:
            found = read_next_meeting(line.text, line.number, context)
            if found:
                meeting.next_meeting = found
