"""What one legacy minutes document was read as, before names are matched: the meeting and its items."""

from __future__ import annotations

from dataclasses import dataclass, field

from .attendance import Block
from .attendees import Attendee, Substitute
from .facts import ParsedAction, ParsedDecision, ParsedDeclaration, ParsedNextMeeting, Unplaced


@dataclass(frozen=True)
class ParsedItem:
    """An agenda item: number as printed ("" when none), title, the line of its heading, body as Markdown lines."""

    number: str
    title: str
    line: int
    body: tuple[str, ...]
    ref: str = ""  # the number written in the meeting file: unique, with a digit (Roman and unnumbered items counted)


@dataclass
class ParsedMeeting:
    """Everything found in one legacy minutes document (names still as written)."""

    title_lines: list[str] = field(default_factory=list)
    date: str = ""
    date_line: int = 0
    date_source: str = "text"  # text | file name | given (--date)
    start: str = ""
    end: str = ""
    location: str = ""
    chair: str = ""
    attendance: dict[str, list[Attendee]] = field(
        default_factory=lambda: {"present": [], "in_attendance": [], "apologies": [], "absent": []}
    )
    public: list[tuple[int, str]] = field(default_factory=list)
    substitutes: list[Substitute] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    decisions: list[ParsedDecision] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    declarations: list[ParsedDeclaration] = field(default_factory=list)
    next_meeting: ParsedNextMeeting | None = None
    unplaced: list[Unplaced] = field(default_factory=list)
    style: str = ""  # how items were marked: numbered | heading | outline | standalone
    subject_to_approval: bool = False
    blocks: list[Block] = field(default_factory=list)
    summaries: list[ParsedItem] = field(default_factory=list)  # closing "Actions"/"Decisions" lists, kept as text
