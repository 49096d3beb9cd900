"""Lines of legacy minutes -> the facts of one meeting, with every line accounted for.

The parser reads the layout (lines.py), finds where items start
(headings.py), reads the header and every attendance block (attendance.py),
then each item's decisions (decisions.py), actions (actions.py),
declarations and the next meeting (facts.py). A closing "Actions" or
"Decisions" list is read as facts of the items it repeats, not as an item.
Nothing is dropped: text that is not a fact stays in its item or in the
meeting's introduction, and lines that looked like facts but could not be
read are listed as unplaced, with their line numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .accuracy import content_words
from .actions import People, labelled_action, read_actions
from .attendance import (
    Attendee,
    Block,
    Substitute,
    attendance_sentence,
    block_heading,
    expand_initials,
    is_chair_role,
    parse_substitutes,
    read_block,
    read_chair,
    read_names,
)
from .decisions import read_decisions
from .extract import SourceLine
from .facts import (
    ParsedAction,
    ParsedDecision,
    ParsedDeclaration,
    ParsedNextMeeting,
    Unit,
    Unplaced,
    read_declarations,
    read_next_meeting,
    sentence,
)
from .headings import Heading, find_headings, is_summary, roman_value, sentence_case
from .lines import Line, columns, read_lines
from .posts import DEFAULT_POSTS, Posts
from .when import Found, find_date, find_place, find_times


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


TITLE_LINE = re.compile(
    r"^(?:(?:draft|approved|confirmed|unconfirmed|signed)\s+)?(?:minutes|notes|record|action\s+notes)\b|\bminutes\b",
    re.IGNORECASE,
)
SUBJECT_TO_APPROVAL = re.compile(
    r"\b(?:subject\s+to\s+(?:approval|confirmation|ratification)|draft\s+(?:minutes|until\s+approved)|unconfirmed|"
    r"not\s+yet\s+approved)\b",
    re.IGNORECASE,
)
EXEMPT = re.compile(
    r"\b(?:exempt\s+(?:item|information|report|business)|confidential|part\s+(?:2|ii|b)\b|schedule\s+12a"
    r"|exclusion\s+of\s+(?:the\s+)?(?:press|public)|in\s+private|closed\s+session)",
    re.IGNORECASE,
)
NEXT_STEPS_LABEL = re.compile(r"^(?:actions?|decisions?)\s*:?$", re.IGNORECASE)
NEXT_TITLE = re.compile(r"\bnext\s+(?:\w+\s+){0,3}?(?:meeting|agm)\b", re.IGNORECASE)
LEAD_IN = re.compile(r"^(?:actions?|resolved|agreed|decision|proposed|moved|ai|next\s+steps)\b", re.IGNORECASE)
LABELLED_PARAGRAPH = re.compile(r"^(?P<title>[A-Z][^:.]{3,70}?):\s+(?P<rest>\S.*)$")
MEETING_LINE = re.compile(
    r"\b(?:minutes|meeting|held|met|session|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
PLACE_LINE = re.compile(r"^(?:held\s+)?(?:at|in)\s+(?:the\s+)?[A-Z]|^(?:venue|location|place)\s*:", re.IGNORECASE)


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
        headings = _whole_text(lines, blocks)
    meeting.style = headings[0].style if headings else ""
    first = headings[0].index if headings else len(lines)
    _read_header(lines[:first], meeting, blocks)
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
    leading = _leading_item(lines, first, blocks, meeting)
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
        units = _units(body, in_block)
        if is_summary(heading.title):
            summaries.append((heading, units))
        item_ref = str(len([i for i in meeting.items if i.ref]) + 1)
        markdown = tuple(_markdown(body, heading))
        if is_summary(heading.title):
            meeting.items.append(ParsedItem("", heading.title, lines[heading.index].number, markdown, ""))
            continue
        ref = file_ref(heading.number, int(item_ref), {item.ref for item in meeting.items})
        title = sentence_case(heading.title, tuple(body_names))
        meeting.items.append(ParsedItem(heading.number, title, lines[heading.index].number, markdown, ref))
        _read_item(meeting, ref, heading, lines[heading.index].number, units, numbers, people, profile)
    for heading, units in summaries:
        _read_summary(meeting, heading.title, units, people, context)
    meeting.summaries = [item for item in meeting.items if not item.ref]
    meeting.items = [item for item in meeting.items if item.ref]
    _next_meeting(lines, headings, meeting, context)
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
    for position, heading in enumerate(headings):
        label = block_heading(heading.title)
        for number, unit in enumerate(_units(_item_lines(lines, headings, position))):
            said = attendance_sentence(unit.text)
            if said is None and label is not None and number == 0 and not label[1]:
                said = (label[0], unit.text)
            if said is None:
                continue
            for attendee in read_names(said[1], said[0], unit.line, posts):
                if attendee.written not in known:
                    known.add(attendee.written)
                    meeting.attendance[attendee.kind].append(attendee)


def _whole_text(lines: list[Line], blocks: list[Block]) -> list[Heading]:
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


def _read_header(lines: list[Line], meeting: ParsedMeeting, blocks: list[Block]) -> None:
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
                    meeting.intro.append(_escape(f"{label} (not read as names): {left}."))
            continue
        substitutes = parse_substitutes(text, line.number)
        if substitutes:
            meeting.substitutes += substitutes
            continue
        if line.furniture and not line.heading:
            continue
        if line.raw.strip() != line.text.strip() and re.match(r"^\s*[\w-]+\s*:", line.raw) and line.number <= 12:
            meeting.intro.append(_escape(text))  # a value from the web page's settings (its title, its date)
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
            meeting.intro.append(_escape(text if line.heading else line.raw.strip()))


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


def _leading_item(lines: list[Line], first: int, blocks: list[Block], meeting: ParsedMeeting) -> Heading | None:
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


def _margin_note(line: Line) -> tuple[str, str] | None:
    """(text, note) for a line of prose with a short note at its right after a wide gap; else None."""
    pieces = columns(line.text) if not line.raw.lstrip().startswith("|") else []
    if len(pieces) != 2 or len(pieces[1].split()) > 4 or len(pieces[0].split()) < 5:
        return None
    if not re.match(r"^[A-Z]", pieces[1]) or re.search(r"\d", pieces[1]):
        return None  # "£450.00", "3 Votes": a column of figures, not a note
    return pieces[0], pieces[1]


def _units(body: list[Line], in_block: set[int] | None = None) -> list[Unit]:
    """An item's lines as units: paragraphs (wrapped lines joined), list entries, table rows; with lead-in labels."""
    units: list[Unit] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = " ".join(line.text.strip() for line in current)
            units.append(Unit(current[0].number, text, current[0].depth))
            current.clear()

    for line in body:
        if line.blank or line.furniture:
            flush()
            continue
        margin = _margin_note(line)
        if margin:
            # "It was agreed to buy it.      Cllr Jane Batty": a paragraph, with who acts at its right
            flush()
            units.append(Unit(line.number, margin[0], line.depth, (), "", margin[1]))
            continue
        if line.cells:
            flush()
            units.append(Unit(line.number, line.text, -1, line.cells))
            continue
        if len(columns(line.raw)) >= 3 and not line.quoted:
            flush()
            units.append(Unit(line.number, line.text, -1, tuple(columns(line.raw))))
            continue
        starts = (
            line.depth >= 0
            or line.heading
            or line.bold
            or re.match(r"^\(?(?:[a-z]|[ivx]+|\d+)[.)]\s", line.text)
            or LEAD_IN.match(line.text)
            or re.match(r"^[^\w\s(\"'‘“£$€]", line.text)
            or (current and re.search(r"[.!?]['’\")]?$", current[-1].text.strip()))
        )
        if starts or (current and current[-1].text.rstrip().endswith(":") and current[-1].depth < 0):
            flush()
        if current and current[-1].depth >= 0 and line.depth < 0 and line.indent < 2:
            flush()
        current.append(line)
        if line.heading or line.bold:
            flush()
    flush()
    # "Label: rest" on its own line with a body paragraph after it is a lead-in, as is a bold "Next steps".
    labelled: list[Unit] = []
    for unit in units:
        speaker = re.match(r"^(?P<who>@?[\w.'’-]+(?:\s[A-Z][\w'’-]+)?):\s+(?P<rest>.+)$", unit.text)
        labelled.append(unit if not speaker else Unit(unit.line, unit.text, unit.depth, unit.cells, speaker["who"]))
    return labelled


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
    meeting.decisions += read_decisions(units, ref, date, sentence_case(heading.title))
    meeting.actions += read_actions(units, ref, people, date, prefix)
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


def _read_summary(
    meeting: ParsedMeeting, title: str, units: list[Unit], people: People, context: dt.date | None
) -> None:
    """A closing list of actions or decisions: each entry joins the item it repeats, once."""
    listed = [u for u in units if u.text.strip() and not NEXT_STEPS_LABEL.match(u.text.strip())]
    texts = {ref: _item_words(meeting, ref) for ref in _refs(meeting)}
    if re.search(r"decision", title, re.IGNORECASE):
        for unit in listed:
            if _duplicate(unit.text, [d.text for d in meeting.decisions]):
                continue
            found = read_decisions([unit], "", meeting.date) or [ParsedDecision("", sentence(unit.text), unit.line)]
            for decision in found:
                ref = _best_item(decision.text, texts)
                meeting.decisions.append(
                    ParsedDecision(ref, decision.text, decision.line, decision.outcome, decision.vote, sure=False)
                )
        return
    for unit in listed:
        action = labelled_action(unit.text, "", unit.line, people, context)
        if _duplicate(action.text, [a.text for a in meeting.actions]):
            continue
        ref = _best_item(action.text, texts)
        meeting.actions.append(ParsedAction(ref, action.owners, action.text, action.line, action.due, sure=False))


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


def _refs(meeting: ParsedMeeting) -> list[str]:
    return [item.ref for item in meeting.items if item.ref]


def _item_words(meeting: ParsedMeeting, ref: str) -> set[str]:
    for item in meeting.items:
        if item.ref == ref:
            return content_words(item.title + " " + " ".join(item.body))
    return set()


def _best_item(text: str, texts: dict[str, set[str]]) -> str:
    words = content_words(text)
    scored = sorted(((len(words & item_words), ref) for ref, item_words in texts.items()), key=lambda s: -s[0])
    return scored[0][1] if scored and scored[0][0] else (next(iter(texts)) if texts else "")


def _duplicate(text: str, others: list[str]) -> bool:
    words = content_words(text)
    return any(
        len(words & content_words(other)) >= max(2, 0.6 * min(len(words), len(content_words(other))))
        for other in others
    )


def _next_meeting(lines: list[Line], headings: list[Heading], meeting: ParsedMeeting, context: dt.date | None) -> None:
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


def _escape(text: str) -> str:
    """A stray "#" would open a heading of its own in the meeting file."""
    return "\\" + text if text.lstrip().startswith("#") else text


def _markdown(body: list[Line], heading: Heading) -> list[str]:
    """An item's lines as Markdown: bullets and emphasis kept, headings demoted to bold, paragraphs apart."""
    out: list[str] = []
    if heading.style == "labelled":
        out.append(body[0].text.strip() if body else "")
        body = body[1:]
    for line in body:
        if line.furniture and not line.text.strip():
            continue
        if line.blank:
            if out and out[-1] != "":
                out.append("")
            continue
        if line.heading:
            if out and out[-1] != "":
                out.append("")
            out += [f"**{line.text.strip()}**", ""]
            continue
        raw = line.raw.rstrip()
        if line.quoted:
            raw = re.sub(r"^\s*(?:>\s?)+", "", raw)
        out.append(_escape(raw.replace("\f", "")))
    while out and out[-1] == "":
        out.pop()
    return out
