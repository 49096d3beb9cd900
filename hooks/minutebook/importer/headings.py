"""Where each agenda item starts, in whatever style the minutes number (or do not number) their items.

Minutes mark items in one of a few ways, and one document keeps to one:
numbers (``2.``, ``19.09.01``, ``21.44``, ``Cou/285/07-08``, ``FGB 20/2021``,
Roman ``IV.``, lettered ``(B-1)``), Markdown or Word headings, bold lines, a
nested outline, or short lines standing alone between paragraphs. The finder
tries each style, keeps the one that fits the document best, and never lets a
stray line ("10 June 2020", "701.03") take over: numbers must climb in small
steps, so a false item can only ever be one more item, never swallow the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line

SUMMARY_TITLES = re.compile(
    r"^(?:summary\s+of\s+)?(?:actions?(?:\s+(?:points?|list|log|arising|agreed|items?))?|decisions?(?:\s+(?:made|taken|log))?"
    r"|action\s+points|next\s+steps\s+summary)\s*:?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Heading:
    """Where an item starts: the line index, the number as printed ("" when none), its title, where its text starts."""

    index: int
    number: str
    title: str
    body_start: int
    style: str = "numbered"  # numbered | heading | outline | standalone | labelled
    rest: str = ""  # text on the heading's line after its title ("1. Apologies. Cllr A sent …"): the item's first words


def find_headings(lines: list[Line], start: int = 0, weak_start: int = 0) -> list[Heading]:
    """Every line from ``start`` on that opens an item, in the style that fits the document best.

    Layout alone (an outline, short lines standing by themselves) is only trusted
    after ``weak_start``: the header and attendance lists are full of short lines.
    """
    from .numbered import numbered_headings
    from .unnumbered import labelled_headings, marked_headings, outline_headings, standalone_headings

    for finder in (numbered_headings, marked_headings):
        headings = finder(lines, start)
        if headings:
            return headings
    for finder in (labelled_headings, outline_headings, standalone_headings):
        headings = finder(lines, max(start, weak_start))
        if headings:
            return headings
    return []


def is_summary(title: str) -> bool:
    """A closing "Actions" or "Decisions" list repeats what the items said; it is not an item of its own."""
    return bool(SUMMARY_TITLES.match(title.strip()))
