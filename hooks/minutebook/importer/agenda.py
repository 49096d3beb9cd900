"""An "Agenda" section lists the items to come; it is not the minutes of them, and no item is read from it."""

from __future__ import annotations

import re

from .itemnumbers import NUMBERED
from .lines import Line

MINUTES_HEADING = re.compile(r"^(?:minutes|notes|discussion|proceedings|actions?|decisions?)\b", re.IGNORECASE)


def agenda_lines(lines: list[Line]) -> set[int]:
    """The lines of an "Agenda" section listing the items to come: the agenda, not the minutes of them."""
    out: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        label = re.fullmatch(
            r"(?:the\s+)?(?:draft\s+)?agenda(?:\s+items|\s+for\s+(?:the\s+)?next\s+meeting)?\s*:?",
            line.text.strip(),
            re.I,
        )
        if not label or not (line.heading or line.bold or (index == 0 or lines[index - 1].blank)):
            index += 1
            continue
        level = line.heading or 7
        index += 1
        while index < len(lines):
            following = lines[index]
            listed = following.depth >= 0 or NUMBERED.match(following.text) or following.indent >= 2
            sub = following.heading and following.heading > level and not MINUTES_HEADING.match(following.text)
            if (following.heading or following.bold) and not sub:
                break
            if not (following.blank or listed or sub or following.furniture):
                break
            out.add(index)
            index += 1
    return out
