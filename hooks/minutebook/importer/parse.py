"""Lines of legacy minutes -> the facts of one meeting, with every line accounted for.

The parser finds the structure (header, attendance blocks, numbered items) and
within items the facts (decisions, actions, declarations, next meeting). It
never drops text: what it cannot use stays in the item body or the meeting's
introduction, and lines that looked like a fact but could not be read are
listed as unplaced, with their line numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..registry import normalise_name
from .attendance import (
    Attendee,
    Substitute,
    block_heading,
    parse_names,
    parse_substitutes,
    split_entries,
)
from .extract import SourceLine, plain
from .facts import (
    TRUE_RECORD,
    ParsedAction,
    ParsedDecision,
    ParsedDeclaration,
    ParsedNextMeeting,
    Unplaced,
    attach,
    read_action,
    read_action_candidate,
    read_action_tag,
    read_declarations,
    read_next_meeting,
    read_proposal,
    read_vote,
    sentence,
    true_record,
)
from .headings import find_headings
from .when import find_date, find_place, find_times


@dataclass(frozen=True)
class ParsedItem:
    """An agenda item: number as published, title in sentence case, body as Markdown lines."""

    number: str
    title: str
    line: int
    body: tuple[str, ...]


@dataclass
class ParsedMeeting:
    """Everything found in one legacy minutes document (names still as written)."""

    title_lines: list[str] = field(default_factory=list)
    date: str = ""
    date_line: int = 0
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


BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+–]|\(?[a-z]\)|\(?[ivx]+\))\s+")
RESOLVED = re.compile(
    r"^(?:it\s+was\s+)?(?:resolved|agreed)\b\s*(?P<how>\((?:[^)]*)\))?\s*(?:[:\-–—,]\s*)?(?P<rest>.*)$", re.IGNORECASE
)
PART = re.compile(r"^\s*(?:\(?(?:\d+|[a-z]|[ivx]+)[.)]|[-*•–])\s+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
ENDS_SENTENCE = re.compile(r"[.!?:;)]\**\s*$")
ACTIONS_BLOCK = re.compile(r"^(?:agreed\s+)?actions?(?:\s+points?|\s+agreed|\s+arising)?\s*:?\s*$", re.IGNORECASE)
ACTION_LINE = re.compile(r"^actions?\s*(?::|–|—|-)\s*(?P<rest>.+)$", re.IGNORECASE)
EXEMPT = re.compile(
    r"\b(?:exempt\s+(?:item|information|report|business)|confidential|part\s+(?:2|ii|b)\b|schedule\s+12a|exclusion\s+of\s+(?:the\s+)?(?:press|public)|in\s+private)",
    re.IGNORECASE,
)
EXEMPT_TITLE = re.compile(EXEMPT.pattern + r"|\b(?:exempt|private)\b", re.IGNORECASE)
NEXT_TITLE = re.compile(r"\b(?:date|time|dates)\b.*\bnext\s+meeting\b|\bnext\s+meeting\b", re.IGNORECASE)
NEXT_LINE = re.compile(r"\bnext\s+meeting\b.*?(?:\bis\b|\bwill\b|\bwould\b|\bto\b|:|\bon\b)", re.IGNORECASE)
# A document title: "MINUTES OF ...", "Notes of the meeting ...", or a short line in capitals.
TITLE_LINE = re.compile(
    r"^(?:(?:draft|approved|confirmed|unconfirmed)\s+)?(?:minutes|notes|record|action\s+notes)\b", re.IGNORECASE
)
SHOUTED = re.compile(r"^(?=.*[A-Z])[^a-z]{3,120}$")
IN_THE_CHAIR = re.compile(
    r"^(?:in\s+the\s+chair|chair(?:man|person|woman)?|presiding)\s*[:\-–]\s*(?P<name>.+)$", re.IGNORECASE
)
NOTHING = re.compile(
    r"^(?:none|nil|no\s+\w+(\s+\w+)?\s+(?:were|was)\s+(?:received|made|declared|noted|raised))\.?$", re.IGNORECASE
)


def unbullet(text: str) -> str:
    return BULLET.sub("", plain(text)).strip()


def parse_minutes(lines: list[SourceLine], body_names: list[str]) -> ParsedMeeting:
    """Find the facts in ``lines``; ``body_names`` are the names in bodies.yml, to recognise the header."""
    meeting = ParsedMeeting()
    headings = find_headings(lines, tuple(body_names))
    first = headings[0].index if headings else len(lines)
    _parse_front(lines[:first], meeting, body_names)
    context = dt.date.fromisoformat(meeting.date) if meeting.date else None
    numbers = [heading.number for heading in headings]
    for position, heading in enumerate(headings):
        end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
        body_lines = lines[heading.body_start : end]
        _parse_item(heading.number, heading.title, lines[heading.index].number, body_lines, numbers, meeting, context)
    return meeting


def _parse_front(lines: list[SourceLine], meeting: ParsedMeeting, body_names: list[str]) -> None:
    """Header and attendance: everything before the first numbered item."""
    known_bodies = {normalise_name(name) for name in body_names}
    kind: str | None = None
    for line in lines:
        text = plain(line.text)
        if not text:
            continue
        heading = block_heading(text)
        if heading:
            kind, rest = heading
            if rest:
                _attendance_line(rest, kind, line, meeting)
            continue
        substitutes = parse_substitutes(text, line.number)
        if substitutes:
            meeting.substitutes.extend(substitutes)
            continue
        chair = IN_THE_CHAIR.match(text)
        if chair:
            meeting.chair = chair["name"].strip().rstrip(".")
            continue
        if kind is not None:
            if not _attendance_line(text, kind, line, meeting):
                meeting.intro.append(line.text.strip())
                meeting.unplaced.append(
                    Unplaced(line.number, text, f"in the {kind.replace('_', ' ')} list but not a name I can read")
                )
            continue
        if not _header_line(text, line, meeting, known_bodies):
            meeting.intro.append(line.text.strip())
            meeting.unplaced.append(
                Unplaced(line.number, text, "before the first item, not a date, time, place, title or attendance")
            )


def _header_line(text: str, line: SourceLine, meeting: ParsedMeeting, known_bodies: set[str]) -> bool:
    used = False
    key = normalise_name(text)
    if any(name and name in key for name in known_bodies) or TITLE_LINE.search(text) or SHOUTED.match(text):
        meeting.title_lines.append(text)
        used = True
    date = find_date(text)
    start, end = find_times(text)
    if date and not meeting.date:
        meeting.date, meeting.date_line = date.value, line.number
        used = True
    if start and not meeting.start:
        meeting.start = start.value
        meeting.end = end.value if end and end.value > start.value else ""
        used = True
    place = (
        find_place(text, date, start, end)
        if (date or start or re.search(r"\b(?:venue|location|place)\s*:", text, re.IGNORECASE))
        else ""
    )
    if place and not meeting.location:
        meeting.location = place
        used = True
    return used


def _attendance_line(text: str, kind: str, line: SourceLine, meeting: ParsedMeeting) -> bool:
    """Add the people on one line of an attendance block; False if it holds no names."""
    if NOTHING.match(text):
        return True
    entries = split_entries(text)
    attendees, public, substitutes, leftovers = parse_names(entries, line.number)
    meeting.attendance[kind].extend(attendees)
    meeting.public.extend((line.number, entry) for entry in public)
    meeting.substitutes.extend(substitutes)
    if leftovers:
        meeting.unplaced.append(
            Unplaced(
                line.number, "; ".join(leftovers), f"in the {kind.replace('_', ' ')} list but not a name I can read"
            )
        )
        meeting.intro.append(text)
    return bool(attendees or public or substitutes or leftovers)


def _parse_item(
    number: str,
    title: str,
    heading_line: int,
    lines: list[SourceLine],
    numbers: list[str],
    meeting: ParsedMeeting,
    context: dt.date | None,
) -> None:
    body: list[str] = []
    decisions: list[ParsedDecision] = []
    proposals: list[tuple[int, str, str]] = []
    votes: list[tuple[int, tuple[int, int, int]]] = []
    in_actions = action_bullets = False
    open_decision: int | None = None  # index of a decision that wrapped lines may continue
    parts: int | None = None  # after "RESOLVED:" alone, the parts that follow are decisions
    is_next = bool(NEXT_TITLE.search(title))
    list_kind: str | None = None
    list_read = False
    title_heading = block_heading(title)
    title_kind = title_heading[0] if title_heading and not title_heading[1] else None
    for line in lines:
        text = plain(line.text)
        bare = unbullet(line.text)
        if in_actions and text:
            is_bullet = bool(BULLET.match(text))
            if (action_bullets and not is_bullet) or block_heading(text) or RESOLVED.match(bare):
                in_actions = False
            else:
                action_bullets = action_bullets or is_bullet
                _add_action(read_action(bare, number, line.number), line, body, meeting)
                continue
        if not text:
            if not in_actions:
                body.append("")
            open_decision = None
            if list_read:
                list_kind, list_read = None, False  # a blank line after the names ends the list
            continue
        if ACTIONS_BLOCK.match(text):
            in_actions, action_bullets = True, False
            continue
        action = ACTION_LINE.match(bare)
        if action:
            previous = next((unbullet(b) for b in reversed(body) if b.strip()), "")
            _add_action(read_action(action["rest"], number, line.number, previous), line, body, meeting)
            continue
        body.append(_markdown(line.text))
        tag = read_action_tag(bare, number, line.number)
        if tag:
            meeting.actions.append(tag)
        resolved = RESOLVED.match(bare)
        if resolved and bare.lower().startswith("agreed") and not resolved["rest"].lower().startswith("that"):
            resolved = None
        if resolved:
            rest = resolved["rest"].strip()
            if rest:
                decisions.append(ParsedDecision(number, sentence(rest), line.number))
                open_decision, parts = len(decisions) - 1, None
            else:
                open_decision, parts = None, 0
        elif parts is not None and (PART.match(text) or parts == 0):
            decisions.append(ParsedDecision(number, sentence(bare), line.number))
            open_decision, parts = len(decisions) - 1, parts + 1
        elif (
            open_decision is not None
            and not decisions[open_decision].text.endswith((".", ";", ":"))
            and not PART.match(text)
        ):
            # a decision wrapped over several lines (PDF text does this)
            d = decisions[open_decision]
            decisions[open_decision] = ParsedDecision(d.item, f"{d.text} {bare}", d.line)
        else:
            parts = None if parts is not None and not PART.match(text) else parts
            open_decision = None
            if TRUE_RECORD.search(bare):
                decisions.append(ParsedDecision(number, true_record(bare, title), line.number))
        proposal = read_proposal(bare)
        if proposal:
            proposals.append((line.number, *proposal))
        vote = read_vote(bare)
        if vote:
            votes.append((line.number, vote))
        if not NOTHING.match(bare):
            meeting.declarations.extend(read_declarations(bare, number, numbers, line.number))
        heading = block_heading(bare)
        if heading:
            # "Apologies for absence:" alone opens a list of one name a line; with names after it, it is the list
            list_kind, list_read = (None if heading[1] else heading[0]), False
        kind = heading[0] if heading else (list_kind or title_kind)
        if kind:
            # "2. APOLOGIES" or "Present: ..." inside an item: the text stays, the people are recorded too
            attendees, public, subs, _left = parse_names(split_entries(heading[1] if heading else bare), line.number)
            meeting.attendance[kind].extend(attendees)
            meeting.public.extend((line.number, entry) for entry in public)
            meeting.substitutes.extend(subs)
            list_read = list_read or (bool(attendees) and not heading)
        meeting.substitutes.extend(parse_substitutes(bare, line.number))
        candidate = None if tag or resolved else read_action_candidate(bare, number, line.number)
        if candidate:
            meeting.actions.append(candidate)
        if (is_next or NEXT_LINE.search(bare)) and meeting.next_meeting is None:
            meeting.next_meeting = read_next_meeting(bare, line.number, context)
    exempt = next((line for line in lines if EXEMPT.search(plain(line.text))), None)
    if EXEMPT_TITLE.search(title) or exempt:
        # The archive publishes item text; exempt text must be marked by a person before it goes out.
        where = exempt.number if exempt and not EXEMPT_TITLE.search(title) else heading_line
        meeting.unplaced.append(
            Unplaced(
                where,
                title,
                "this item may be exempt or confidential: if so, list it under confidential: before publishing",
            )
        )
    if is_next and meeting.next_meeting is None:
        meeting.unplaced.append(Unplaced(heading_line, title, "next meeting item with no date I can read"))
    attached, leftovers = attach(decisions, proposals, votes)
    meeting.decisions.extend(attached)
    meeting.unplaced.extend(leftovers)
    meeting.items.append(ParsedItem(number, title, heading_line, tuple(_tidy(body))))


def _add_action(found: ParsedAction | Unplaced, line: SourceLine, body: list[str], meeting: ParsedMeeting) -> None:
    """A labelled action goes to the front-matter; one with no readable owner stays in the text, and is reported."""
    if isinstance(found, ParsedAction):
        meeting.actions.append(found)
    else:
        meeting.unplaced.append(found)
        body.append(_markdown(line.text))


def _markdown(text: str) -> str:
    """A source line as a Markdown body line: bullets as "- ", never a heading."""
    match = BULLET.match(text)
    if match and match.group(0).strip() in ("-", "*", "+", "–"):
        indent = len(match["indent"].expandtabs(4))
        text = ("    " if indent else "") + "- " + text[match.end() :]
    else:
        text = text.strip()
    # A stray "#" would start a new heading and break the item structure.
    return "\\" + text if text.startswith("#") else text


def _tidy(body: list[str]) -> list[str]:
    """Body lines as Markdown paragraphs: a finished sentence ends its paragraph, a wrapped line (PDF) runs on."""
    out: list[str] = []
    for line in body:
        if line == "":
            if out and out[-1] != "":
                out.append("")
            continue
        if len(out) >= 2 and out[-1] == "" and line[:1].islower() and not ENDS_SENTENCE.search(out[-2]):
            # "They are now" / blank / "all being dealt with": one sentence broken by a page or a stray return
            out.pop()
            out[-1] = f"{out[-1]} {line}"
            continue
        if out and out[-1] != "":
            is_list, was_list = bool(LIST_ITEM.match(line)), bool(LIST_ITEM.match(out[-1]))
            if is_list and not was_list:
                out.append("")  # Python-Markdown starts a list only after a blank line
            elif not is_list and (ENDS_SENTENCE.search(out[-1]) or len(out[-1].strip()) < 50):
                out.append("")  # only a long unfinished line is wrapped text (PDF); anything else is its own paragraph
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out
