"""Lines of legacy minutes -> the facts of one meeting, with every line accounted for.

The parser reads the layout (lines.py), finds where items start
(headings.py), reads the header (header.py) and every attendance block
(attendance.py), cuts each item into units (units.py) and reads their
decisions (decisions.py), actions (actions.py) and declarations (facts.py),
then the next meeting (nextmeeting.py). A closing "Actions" or "Decisions"
list is read as facts of the items it repeats, not as an item (summaries.py).
Nothing is dropped: text that is not a fact stays in its item or in the
meeting's introduction, and lines that looked like facts but could not be
read are listed as unplaced, with their line numbers.
"""

from __future__ import annotations

import datetime as dt
import re

from .actions import read_actions
from .attendance import INLINE_LABEL, Block, attendance_sentence, block_heading, inline_lists, read_block
from .attendees import read_names
from .chair import expand_initials, is_chair_role, read_chair
from .decisions import read_decisions
from .extract import SourceLine
from .facts import Unit, Unplaced, read_declarations
from .header import leading_item, read_header, whole_text
from .headings import Heading, find_headings, is_summary
from .itemnumbers import roman_value
from .lines import Line, read_lines
from .meeting import ParsedItem, ParsedMeeting
from .nextmeeting import find_next_meeting
from .owners import People
from .posts import DEFAULT_POSTS, Posts
from .summaries import read_summary
from .titles import sentence_case
from .units import item_markdown, item_units

EXEMPT = re.compile(
    r"\b(?:exempt\s+(?:item|information|report|business)|confidential|part\s+(?:2|ii|b)\b|schedule\s+12a"
    r"|exclusion\s+of\s+(?:the\s+)?(?:press|public)|in\s+private|closed\s+session)",
    re.IGNORECASE,
)


def parse_minutes(
    source: list[SourceLine],
    body_names: list[str],
    posts: Posts = DEFAULT_POSTS,
    profile: object | None = None,
    dates: tuple[str, str] = ("", ""),
) -> ParsedMeeting:
    """Find the facts in ``source``; ``body_names`` are the names in bodies.yml, to keep their capitals in titles.

    ``dates`` are (the date the clerk gave, the date in the file name): the first wins over the text's,
    the second is used when the text has none.
    """
    lines = read_lines(source)
    meeting = ParsedMeeting()
    labels = getattr(profile, "labels", None) or {}
    blocks = _attendance_blocks(lines, posts, labels)
    meeting.blocks = blocks
    in_block = {i for block in blocks for i in range(block.start, block.end)}
    early = [b.end for b in blocks if b.start < 0.4 * len(lines)]
    found = find_headings(lines, 0, max(early, default=0))
    headings = [h for h in found if h.index not in in_block or lines[h.index].text[:1].isdigit()]
    if profile is not None:
        from .profile import apply_profile

        headings = apply_profile(profile, lines, headings, in_block)
    if not headings:
        headings = whole_text(lines, blocks)
    meeting.style = headings[0].style if headings else ""
    first = headings[0].index if headings else len(lines)
    read_header(lines[:first], meeting, blocks)
    for block in blocks:
        for attendee in block.attendees:
            meeting.attendance[attendee.kind].append(attendee)
        meeting.public += block.public
        meeting.substitutes += block.substitutes
        if block.chair and not meeting.chair:
            meeting.chair = block.chair
        meeting.unplaced += [
            Unplaced(line, text, f"in the {block.kind.replace('_', ' ')} list but not a name I can read")
            for line, text in block.leftovers
        ]
    given, named = dates
    if given:
        meeting.date, meeting.date_source = given, "given"
    elif named and not meeting.date:
        meeting.date, meeting.date_source = named, "file name"
    _attendance_in_items(lines, headings, meeting, posts)
    _find_chair(lines, meeting)
    people = _people(meeting, posts)
    people.full.update(name.lower() for name in body_names)  # teams and bodies in bodies.yml own actions too
    context = dt.date.fromisoformat(meeting.date) if meeting.date else None
    leading = leading_item(lines, first, blocks, meeting)
    if leading:
        headings = [leading, *headings]
    numbers = [h.number for h in headings]
    summaries: list[tuple[Heading, list[Unit]]] = []
    for position, heading in enumerate(headings):
        end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
        body = lines[heading.body_start : end]
        if heading.rest:
            # the words after the title on the heading's own line open the item's text
            body = [Line(lines[heading.index].number, heading.rest, heading.rest), *body]
        units = item_units(body, in_block)
        if is_summary(heading.title):
            summaries.append((heading, units))
        item_ref = str(len([i for i in meeting.items if i.ref]) + 1)
        markdown = tuple(item_markdown(body, heading))
        if is_summary(heading.title):
            meeting.items.append(ParsedItem("", heading.title, lines[heading.index].number, markdown, ""))
            continue
        ref = file_ref(heading.number, int(item_ref), {item.ref for item in meeting.items})
        title = sentence_case(heading.title, tuple(body_names))
        meeting.items.append(ParsedItem(heading.number, title, lines[heading.index].number, markdown, ref))
        _read_item(meeting, ref, heading, lines[heading.index].number, units, numbers, people, profile)
    for heading, units in summaries:
        read_summary(meeting, heading.title, units, people, context)
    meeting.summaries = [item for item in meeting.items if not item.ref]
    meeting.items = [item for item in meeting.items if item.ref]
    find_next_meeting(lines, headings, meeting, context)
    return meeting


def _item_lines(lines: list[Line], headings: list[Heading], position: int) -> list[Line]:
    """An item's own lines: the words after its title on the heading's line, then its body."""
    heading = headings[position]
    end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
    body = lines[heading.body_start : end]
    if heading.rest:
        body = [Line(lines[heading.index].number, heading.rest, heading.rest), *body]
    return body


def _attendance_in_items(lines: list[Line], headings: list[Heading], meeting: ParsedMeeting, posts: Posts) -> None:
    """Attendance given inside an item: "3668. To receive apologies for absence: Cllrs Snell, Ashman & Mawdsley",
    or a sentence such as "Apologies were received from Cllr A Muir and Cllr S Leet"."""
    known = {a.written for kind in meeting.attendance.values() for a in kind}
    # "Apologies for their inability to attend were received from …" among the lists before the first item
    for unit in item_units(lines[: headings[0].index if headings else len(lines)]):
        said = attendance_sentence(unit.text)
        for attendee in read_names(said[1], said[0], unit.line, posts) if said else []:
            if attendee.written not in known:
                known.add(attendee.written)
                meeting.attendance[attendee.kind].append(attendee)
    for position, heading in enumerate(headings):
        label = block_heading(heading.title)
        units = item_units(_item_lines(lines, headings, position))
        for number, unit in enumerate(units):
            said = attendance_sentence(unit.text)
            if said is None and label is not None and number == 0 and not label[1]:
                # "… Absent:" ending the line, its names on the next (set apart by the page's emphasis)
                joined = unit.text + " " + units[1].text if unit.text.endswith(":") and len(units) > 1 else unit.text
                said = (label[0], joined)
            if said is not None:
                lists = inline_lists(said[1], said[0]) if label is not None and number == 0 else [said]
            else:
                # "X called the meeting to order at 6:10 p.m. Present: Members A, B. Also present: Secretary C."
                roll = next((m for m in INLINE_LABEL.finditer(unit.text) if m.start() > 0), None)
                if roll is None or re.sub(r"\s+", " ", roll["label"].lower()) not in ("present", "also present"):
                    continue
                lists = inline_lists(unit.text[roll.start() :].strip(), "present")
            for kind, written in lists:
                for attendee in read_names(written, kind, unit.line, posts):
                    if attendee.written not in known:
                        known.add(attendee.written)
                        meeting.attendance[attendee.kind].append(attendee)


def _attendance_blocks(lines: list[Line], posts: Posts, labels: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        block = None if line.blank or line.furniture or line.quoted else read_block(lines, index, posts, labels)
        if block is not None and (block.attendees or block.public or not block.leftovers):
            if (
                block.attendees
                or block.public
                or lines[index].heading
                or lines[index].depth >= 0
                or not block.leftovers
            ):
                blocks.append(block)
                index = max(block.end, index + 1)
                continue
        index += 1
    return [b for b in blocks if b.attendees or b.public or b.end - b.start <= 2]


def _find_chair(lines: list[Line], meeting: ParsedMeeting) -> None:
    """ "In the Chair: …", "Facilitator: …", "TS chaired meeting", "X called the meeting to order", or one "(Chair)"."""
    everyone = [a for kind in meeting.attendance.values() for a in kind]
    if not meeting.chair:
        for line in lines:
            chair = read_chair(line.text)
            if chair:
                meeting.chair = chair
                break
    if not meeting.chair:
        chairs = [a.written for a in meeting.attendance["present"] if is_chair_role(a.role)]
        if len(chairs) == 1:
            meeting.chair = chairs[0]
    if meeting.chair:
        meeting.chair = expand_initials(meeting.chair, everyone)
        absent = {a.written for kind in ("apologies", "absent") for a in meeting.attendance[kind]}
        if meeting.chair in absent:
            meeting.chair = ""


def _people(meeting: ParsedMeeting, posts: Posts) -> People:
    people = People(posts=posts)
    for kind in meeting.attendance.values():
        for attendee in kind:
            people.add(attendee.written, attendee.initials)
    for block in meeting.blocks:
        for attendee in block.attendees:
            people.add(attendee.written, attendee.initials)
    return people


def _read_item(
    meeting: ParsedMeeting,
    ref: str,
    heading: Heading,
    heading_line: int,
    units: list[Unit],
    numbers: list[str],
    people: People,
    profile: object | None = None,
) -> None:
    date = meeting.date
    prefix = str(getattr(profile, "action_prefix", "") or "")
    cut = bool(units) and heading.rest[:1].islower() and units[0].line == heading_line
    if cut and units[0].text == heading.rest:
        # "2. The initial draft of the remit … was | ratified and …": a title cut from a sentence; the facts read the
        # whole sentence
        units = [Unit(heading_line, f"{heading.title} {heading.rest}", units[0].depth), *units[1:]]
    said = units
    if not cut and heading.style == "numbered" and re.search(r"\b(?:was|were)\s+\w+", heading.title):
        # "6. The Minutes of the meeting held on 2 March were agreed as a true record.": the title is the record
        said = [Unit(heading_line, heading.title, -1), *units]
    meeting.decisions += read_decisions(said, ref, date, sentence_case(heading.title))
    tasked = units
    if not cut and heading.style in ("numbered", "outline") and re.search(r"\s(?:will|to)\s+[a-z]{3,}", heading.title):
        # "Pete will rebuild the packages", "4. Clerk to write to the highways authority": the title is the task
        tasked = [Unit(heading_line, heading.title, -1), *units]
    meeting.actions += read_actions(tasked, ref, people, date, prefix)
    for unit in units:
        meeting.declarations += read_declarations(unit.text, ref, numbers, unit.line)
    exempt = next((u for u in units if EXEMPT.search(u.text)), None)
    titled = EXEMPT.search(heading.title) or re.search(r"\b(?:exempt|private)\b", heading.title, re.IGNORECASE)
    if titled or exempt:
        meeting.unplaced.append(
            Unplaced(
                heading_line if titled or not exempt else exempt.line,
                sentence_case(heading.title),
                "this item may be exempt or confidential: if so, list it under confidential: before publishing",
            )
        )


def file_ref(number: str, position: int, taken: set[str]) -> str:
    """The item number to write: as printed when the format can hold it, else Roman as digits, else its position."""
    candidates = []
    if number:
        candidates.append(re.sub(r"\s+", "-", number.strip("()")))
        if re.fullmatch(r"[IVXLC]+", number):
            candidates.insert(0, str(roman_value(number)))
    candidates.append(str(position))
    for candidate in candidates:
        if re.fullmatch(r"(?=\S*\d)[0-9A-Za-z][0-9A-Za-z./-]*", candidate) and candidate not in taken:
            return candidate
    suffix = 2
    while f"{position}-{suffix}" in taken:
        suffix += 1
    return f"{position}-{suffix}"
