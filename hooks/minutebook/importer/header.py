"""The header of the minutes: title, date, time and place, read from the lines before the first item.

Also where the business starts when nothing marks the items (the whole text as one item), and
business written before the first heading under a lead-in ("Minutes of the Meeting 5th August
2025: AW proposed, …").
"""

from __future__ import annotations

import re

from .attendance import Block
from .attendees import parse_substitutes
from .headings import Heading
from .lines import Line
from .meeting import ParsedMeeting
from .units import escape
from .when import Found, find_date, find_place, find_times

TITLE_LINE = re.compile(
    r"^(?:(?:draft|approved|confirmed|unconfirmed|signed)\s+)?(?:minutes|notes|record|action\s+notes)\b|\bminutes\b",
    re.IGNORECASE,
)
SUBJECT_TO_APPROVAL = re.compile(
    r"\b(?:subject\s+to\s+(?:approval|confirmation|ratification)|draft\s+(?:minutes|until\s+approved)|unconfirmed|"
    r"not\s+yet\s+approved)\b",
    re.IGNORECASE,
)
LABELLED_PARAGRAPH = re.compile(r"^(?P<title>[A-Z][^:.]{3,70}?):\s+(?P<rest>\S.*)$")
MEETING_LINE = re.compile(
    r"\b(?:minutes|meeting|held|met|session|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
PLACE_LINE = re.compile(r"^(?:held\s+)?(?:at|in)\s+(?:the\s+)?[A-Z]|^(?:venue|location|place)\s*:", re.IGNORECASE)


def whole_text(lines: list[Line], blocks: list[Block]) -> list[Heading]:
    """No items to be seen: one item holds the business, from the first paragraph after the header and the lists.

    The header is the lines up to the last one naming a date, the minutes or the meeting; its
    facts are read as usual, and every decision and action is still read from the item.
    """
    header_end = 0
    for index, line in enumerate(lines[: max(1, len(lines) // 3)]):
        if not line.blank and (line.furniture or find_date(line.text) or TITLE_LINE.search(line.text)):
            header_end = index + 1
    start = max([header_end, *(b.end for b in blocks if b.start <= header_end + 3)])
    body = next((i for i in range(start, len(lines)) if not lines[i].blank and not lines[i].furniture), None)
    if body is None:
        return []
    return [Heading(body, "", "Minutes", body, "whole")]


def read_header(lines: list[Line], meeting: ParsedMeeting, blocks: list[Block]) -> None:
    """Title, date, time and place: the lines before the first item that are not attendance."""
    in_block = {i for block in blocks for i in range(block.start, block.end)}
    best = -1
    for index, line in enumerate(lines):
        text = line.text.strip()
        if SUBJECT_TO_APPROVAL.search(text):
            meeting.subject_to_approval = True
        if not text:
            continue
        if index in in_block:
            # The names are in the front-matter; what was not a name stays in the text.
            for block in blocks:
                if block.start == index and block.leftovers:
                    label = block.kind.replace("_", " ").capitalize()
                    left = "; ".join(text for _line, text in block.leftovers)
                    meeting.intro.append(escape(f"{label} (not read as names): {left}."))
            continue
        substitutes = parse_substitutes(text, line.number)
        if substitutes:
            meeting.substitutes += substitutes
            continue
        if line.furniture and not line.heading:
            continue
        if line.raw.strip() != line.text.strip() and re.match(r"^\s*[\w-]+\s*:", line.raw) and line.number <= 12:
            meeting.intro.append(escape(text))  # a value from the web page's settings (its title, its date)
            text_only = True
        else:
            text_only = False
        date = find_date(text)
        if not date and index + 1 < len(lines):
            joined = f"{text} {lines[index + 1].text.strip()}"
            wrapped = find_date(joined)
            if wrapped and wrapped.start < len(text) < wrapped.end:
                date = wrapped  # a date heading wrapped over two lines
        start, end = find_times(text)
        if date:
            strength = _date_strength(text, date, text_only and not line.heading)
            if strength > best:
                best, meeting.date, meeting.date_line = strength, date.value, line.number
        if start and not meeting.start and not re.search(r"\b(?:closed|close|ended|finished)\b", text, re.I):
            meeting.start = start.value
            meeting.end = end.value if end and end.value > start.value else ""
        if TITLE_LINE.search(text) or line.heading or line.bold:
            meeting.title_lines.append(text)
        if not meeting.location and (date or start or PLACE_LINE.search(text)):
            place = find_place(text, date, start, end)
            if place and not re.search(r"\b(?:minutes|meeting)\b", place, re.IGNORECASE):
                meeting.location = place
        if not text_only:
            meeting.intro.append(escape(text if line.heading else line.raw.strip()))


def _date_strength(text: str, date: Found, settings: bool) -> int:
    """How surely a header date is the meeting's: a web page's own date is its posting date, a bare
    numeric date in a corner is often when the minutes were approved; the line that says the meeting
    was held, with the month in words, is the meeting's date."""
    if settings:
        return 0
    strength = 1
    if re.search(r"[A-Za-z]{3}", text[date.start : date.end]):
        strength += 1
    if MEETING_LINE.search(text):
        strength += 2
    return strength


def leading_item(lines: list[Line], first: int, blocks: list[Block], meeting: ParsedMeeting) -> Heading | None:
    """ "Minutes of the Meeting 5th August 2025: AW proposed, …": business before the first heading, titled by
    its lead-in."""
    after_blocks = max((b.end for b in blocks if b.end <= first), default=0)
    for index in range(after_blocks, first):
        line = lines[index]
        match = LABELLED_PARAGRAPH.match(line.text.strip()) if not line.heading and line.depth < 0 else None
        if (
            match
            and not line.furniture
            and re.search(r"\b(?:minutes|meeting|apologies|matters)\b", match["title"], re.I)
        ):
            text = line.raw.strip()
            if text in meeting.intro:
                meeting.intro.remove(text)
            elif line.text.strip() in meeting.intro:
                meeting.intro.remove(line.text.strip())
            rest_index = index
            return Heading(rest_index, "", match["title"].strip(), rest_index, "labelled")
    return None
