"""Attendance: who was present, in attendance, sent apologies or was absent, in every wording and layout.

A block opens with a label ("Present:", "Attendees", "Directors Absent:",
"Apologies received from Cllrs.", "The following members of the Board were
present at the meeting:", "ROLL CALL: Present:", "Council:", "Observers:") and
holds names run together in a paragraph, one a line, as bullets (struck-out
bullets are absences), as tab-aligned "Name (XX) - Organisation" rows, or as a
P/A grid. Each name keeps its role ("(Chair)", "[Headteacher]", "— Secretary")
and notes ("(arrived at 7.01pm)"); an observer, a guest or the clerk listed
with the members is put in attendance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendees import (
    NOTHING,
    PUBLIC,
    SUB_NOTE,
    Attendee,
    Substitute,
    bracketed_name,
    parse_entry,
    parse_substitutes,
    post_before_name,
    split_entries,
    strip_brackets,
)
from .lines import Line
from .nameshape import looks_like_name
from .posts import DEFAULT_POSTS, Posts

_SEP = r"\s*(?:[:\-–—]|\.(?=\s|$)|$)\s*"
# "Board members in attendance were:", "Also in attendance were:": the label as a sentence, its names after the colon
_WERE = r"(?:\s+(?:were|was|are)(?=\s*:))?"
BLOCKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "apologies",
        re.compile(
            r"^(?:(?:members?|councillors?|directors?|governors?|trustees?)\s+)?apolog(?:y|ies)(?:\s+for\s+absence)?"
            r"(?:\s+(?:were|was|had\s+been|have\s+been)?\s*(?:received|submitted|given|tendered|noted|accepted)"
            r"(?:\s+and\s+accepted)?)?(?:\s+(?:from|by|on\s+behalf\s+of)\s*[:\-–—]?\s+|" + _SEP + r")(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "absent",
        re.compile(
            r"^(?:(?:members?|councillors?|directors?|governors?|trustees?|senators?)\s+)?(?:absent|not\s+present|missing)"
            r"(?:\s+(?:attendees|members))?(?:\s+without\s+apolog(?:y|ies))?" + _SEP + r"(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "in_attendance",
        re.compile(
            r"^(?:(?:officers?|officials?|staff|others|advisers?|non-members)\s+(?:in\s+attendance|present|attending)|in\s+attendance"
            r"|also\s+(?:present|in\s+attendance|attending)|officers?|observers?|observing|invited|guests?|visitors?"
            r"|community\s+attendees|(?:invited\s+)?guests?\s+present)" + _WERE + _SEP + r"(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "present",
        re.compile(
            r"^(?:roll\s+call\s*:?\s*)?(?:(?:the\s+following\s+(?:[\w:]+\s+){0,6}?(?:were|was)\s+present(?:\s+at\s+the\s+meeting)?)"
            r"|(?:(?:members?|councillors?|cllrs|governors?|trustees?|directors?|board\s+members?|committee\s+members?"
            r"|officers\s+and\s+trustees|[a-z]+\s+members|senators?)\s+)?present(?:\s+in\s+the\s+chair)?"
            r"|(?:[a-z]+\s+)?members\s+in\s+attendance|(?:[a-z]+\s+)?(?:attendees|attendance|attending)"
            r"|roll\s+call)" + _WERE + _SEP + r"(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "present",
        re.compile(
            r"^(?:council|committee|board|members|governors|trustees|directors|senate)\s*:\s*(?P<rest>.+)$",
            re.IGNORECASE,
        ),
    ),
)
GRID_MARKS = {
    "p": "present",
    "present": "present",
    "y": "present",
    "✓": "present",
    "✔": "present",
    "x": "present",
    "a": "absent",
    "absent": "absent",
    "ap": "apologies",
    "apols": "apologies",
    "apologies": "apologies",
    "apol": "apologies",
}


@dataclass
class Block:
    """One attendance block: its people, the lines it spans, and entries that were not names."""

    kind: str
    start: int
    end: int  # index after the block's last line
    attendees: list[Attendee] = field(default_factory=list)
    public: list[tuple[int, str]] = field(default_factory=list)
    substitutes: list[Substitute] = field(default_factory=list)
    leftovers: list[tuple[int, str]] = field(default_factory=list)
    chair: str = ""


# "Apologies of absence were provided for Cllr A Muir …", "An apology … was received from Councillor Leddin",
# "Cllr Smith sent apologies": attendance said in a sentence of an item's text.
SENTENCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "apologies",
        re.compile(
            r"\b(?:apolog(?:y|ies)|apologies\s+of\s+absence)(?:\s+(?:for|of)\s+(?:his|her|their)?\s*(?:absence|inability\s+to\s+attend"
            r"(?:\s+the\s+meeting)?))?\s+(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:received|provided|given|tendered"
            r"|submitted|sent|offered|accepted|noted)(?:\s+and\s+accepted)?\s+(?:from|for|by)\s+(?P<rest>[^.;]+)",
            re.IGNORECASE,
        ),
    ),
    (
        "apologies",
        # "Apologies from Borough Councillor C Sampson noted."
        re.compile(r"\bapolog(?:y|ies)\s+(?:from|of)\s+(?P<rest>[^.;:]{2,120}?)\s+(?:noted|received|accepted)\b", re.I),
    ),
    (
        "apologies",
        re.compile(
            r"^(?P<rest>[A-Z][^.;:]{2,120}?)\s+(?:sent|gave|tendered|offered)\s+(?:their\s+|his\s+|her\s+)?apolog", re.I
        ),
    ),
)
AGENDA_LEAD = re.compile(
    r"^(?:to\s+(?:receive|consider|note|accept|record)(?:\s+and\s+\w+)?\s+|acceptance\s+of\s+)", re.I
)


INLINE_LABEL = re.compile(
    r"(?:^|(?<=[.;])\s+)(?P<label>also\s+present|in\s+attendance|present|absent|apologies)\s*:\s*", re.IGNORECASE
)
LATE = re.compile(
    r"^(?P<who>[A-Z][^.;:]{1,60}?)\s+(?:arrived|joined(?:\s+the\s+meeting)?)(?:\s+late)?\s+(?:at|during)\b", re.I
)
INLINE_KINDS = {"present": "present", "absent": "absent", "apologies": "apologies"}


def inline_lists(text: str, kind: str) -> list[tuple[str, str]]:
    """ "Present:  Adams, Baker and Chen.  Absent: Diaz.  Evans arrived at 6:05 p.m." -> (kind, names) for each list
    in one paragraph, an arrival among the present; the text before any label is of ``kind``."""
    marks = list(INLINE_LABEL.finditer(text))
    spans = [(kind, 0, marks[0].start() if marks else len(text))]
    for position, mark in enumerate(marks):
        label = re.sub(r"\s+", " ", mark["label"].lower())
        end = marks[position + 1].start() if position + 1 < len(marks) else len(text)
        spans.append((INLINE_KINDS.get(label, "in_attendance"), mark.end(), end))
    out: list[tuple[str, str]] = []
    for which, start, end in spans:
        sentences = _sentences(text[start:end].strip())
        if sentences[0].strip(" ."):
            out.append((which, sentences[0].strip(" .")))
        for later in sentences[1:]:
            late = LATE.match(later.strip())
            if late:
                out.append(("present", late["who"]))
    return out


ABBREVIATED = re.compile(r"(?:^|\s)(?:[A-Z]|mrs?|ms|dr|prof|cllrs?|rev|revd|st|hon|mx)$", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    """A paragraph cut at each full stop that ends a sentence, not one after "Mrs", "Dr" or an initial."""
    out, start = [], 0
    for stop in re.finditer(r"\.\s+(?=[A-Z])", text):
        if not ABBREVIATED.search(text[start : stop.start()]):
            out.append(text[start : stop.start()])
            start = stop.end()
    return [*out, text[start:]]


def attendance_sentence(text: str) -> tuple[str, str] | None:
    """(kind, the names) when a sentence of an item's text says who sent apologies; else None."""
    for kind, pattern in SENTENCES:
        match = pattern.search(text)
        if match:
            return kind, match["rest"].strip()
    return None


def block_heading(text: str, labels: dict[str, str] | None = None) -> tuple[str, str] | None:
    """("present" | "in_attendance" | "apologies" | "absent", the rest of the line) for an attendance label.

    ``labels`` are a series' own ("sent regrets" -> apologies), learnt from a corrected meeting.
    """
    text = AGENDA_LEAD.sub("", text.strip())
    for label, kind in (labels or {}).items():
        own = re.match(rf"^{re.escape(label)}\s*(?:[:\-–—]|$)\s*(?P<rest>.*)$", text, re.IGNORECASE)
        if own:
            return kind, own["rest"].strip()
    for kind, pattern in BLOCKS:
        match = pattern.match(text)
        if match:
            rest = match["rest"].strip()
            if (
                rest
                and rest[:1].islower()
                and not re.match(r"^(?i:cllrs?|councillors?|dr|mr|mrs|ms)\b|^the\s+[A-Z]", rest)
            ):
                continue  # "Present were ...", "apologies were given by everyone": prose, not a label
            return kind, rest
    return None


def read_block(
    lines: list[Line], start: int, posts: Posts = DEFAULT_POSTS, labels: dict[str, str] | None = None
) -> Block | None:
    """The attendance block whose label is on ``lines[start]``, or None if that line opens none."""
    if lines[start].cells and len(lines[start].cells) > 1:
        return _table_block(lines, start, posts)
    label = block_heading(lines[start].text, labels)
    if label is None:
        return None
    kind, rest = label
    block = Block(kind, start, start + 1)
    chair_label = bool(re.search(r"present\s+in\s+the\s+chair", lines[start].text, re.IGNORECASE))
    index = start + 1
    if rest:
        text = rest
        while index < len(lines) and _continues(text, lines[index]):
            text += " " + lines[index].text.strip()
            index += 1
        _read_entries(text, kind, lines[start], block, posts, many=True)
        block.end = index
        if chair_label and block.attendees:
            block.chair = block.attendees[0].written
        return block
    label_line = lines[start]
    found_any = False
    while index < len(lines):
        line = lines[index]
        if line.blank or line.furniture:
            following = next((k for k in range(index + 1, len(lines)) if not lines[k].blank), None)
            if following is None or not found_any or not _entry_like(lines[following], label_line):
                if found_any or following is None or lines[following].heading or index - start > 12:
                    break
            index += 1
            continue
        if line.heading or block_heading(line.text) is not None:
            break
        if label_line.depth >= 0 and line.depth <= label_line.depth:
            break
        if found_any and not _entry_like(line, label_line):
            break
        if not found_any and index > start and _prose(line.text):
            # "Chief of Staff Trent Allen and … gave a presentation": a sentence under the label, not a list of names
            block.leftovers.append((line.number, line.text.strip()))
            index += 1
            continue
        text = line.text.strip()
        while index + 1 < len(lines) and line.depth < 0 and not line.cells:
            if _continues(text, lines[index + 1]):
                index += 1
                text += " " + lines[index].text.strip()
                continue
            # "… Regeneration (Mr. P. | McDermott)": a bracket left open goes on past the page's line spacing
            following = next((k for k in range(index + 1, min(index + 3, len(lines))) if not lines[k].blank), None)
            if text.count("(") <= text.count(")") or following is None or lines[following].heading:
                break
            index = following
            text += " " + lines[index].text.strip()
        before = len(block.attendees) + len(block.public)
        _read_entries(text, kind, line, block, posts, many=False)
        found_any = found_any or len(block.attendees) + len(block.public) > before
        index += 1
    block.end = index
    return block


def _prose(text: str) -> bool:
    """A line of sentences, not of names: eight words or more, most of them in small letters."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return len(words) >= 8 and sum(word[0].islower() for word in words) * 2 > len(words)


def _table_block(lines: list[Line], start: int, posts: Posts) -> Block | None:
    """Rows of a table whose first cell is a label ("Attendees | Tony Brown (Chair) | …", "Invited | …")."""
    block: Block | None = None
    index = start
    while index < len(lines) and lines[index].cells:
        cells = [cell for cell in lines[index].cells if cell]
        label = block_heading(cells[0]) if cells else None
        if label is None or label[1]:
            break
        if block is None:
            block = Block(label[0], start, start + 1)
        for cell in cells[1:]:
            for entry, _group in split_entries(cell):
                attendee = parse_entry(entry, label[0], lines[index].number, posts, allow_single=False)
                if attendee:
                    block.attendees.append(attendee)
                elif entry.strip():
                    block.leftovers.append((lines[index].number, entry.strip()))
        index += 1
    if block is not None:
        block.end = index
    return block


def _continues(text: str, following: Line) -> bool:
    """Whether a run-on list of names carries on over the next line (a paragraph wrapped by the page)."""
    if following.blank or following.heading or following.depth >= 0 or following.cells or following.furniture:
        return False
    if block_heading(following.text) is not None:
        return False
    if text.count(",") >= 2 and "," in following.text and len(following.text) < 120:
        return True  # a run-on list of names wrapped by the page ("… Betty Ross, Humza / Yousaf MSP, Cllr Dornan")
    return bool(re.search(r"(?:,|\band|&)\s*$", text)) or following.text.strip()[:1].islower()


def _entry_like(line: Line, label: Line) -> bool:
    """A line that carries on a list under its label: a bullet, a table row, or a short line of names."""
    if line.heading or block_heading(line.text) is not None:
        return False
    if label.depth >= 0:
        return line.depth > label.depth
    if line.depth >= 0 or line.cells:
        return True
    name = strip_brackets(line.text.split(" - ")[0].split(" – ")[0].split(",")[0])
    return (looks_like_name(name) and len(line.text) < 120) or bracketed_name(line.text) is not None


def _read_entries(text: str, kind: str, line: Line, block: Block, posts: Posts, many: bool) -> None:
    if NOTHING.match(text.strip()):
        return
    if line.cells and _grid_row(line, block, posts):
        return
    cells = [cell for cell in line.cells if cell and cell not in ("-", "–", "—")]
    if line.cells and "|" not in line.raw and cells and looks_like_name(strip_brackets(cells[0])):
        # "Joe Banham<TAB>Head of Practice Improvement": one person a row, the other columns their role
        text = cells[0] + (" - " + ", ".join(cells[1:]) if len(cells) > 1 else "")
        entries = [(text, False)]
    else:
        entries = split_entries(text, many or line.depth < 0)
    grouped = any(group for _entry, group in entries)
    for entry, group in entries:
        bare = strip_brackets(entry)
        if PUBLIC.search(entry) and not looks_like_name(bare) and post_before_name(bare) is None:
            block.public.append((line.number, entry.strip()))
            continue
        attendee = parse_entry(
            entry, "absent" if line.struck else kind, line.number, posts, allow_single=many, group=group
        )
        if attendee is None:
            substitutes = parse_substitutes(entry, line.number)
            if substitutes:
                block.substitutes.extend(substitutes)
            elif entry.strip(" -–—"):
                block.leftovers.append((line.number, entry.strip()))
            continue
        if grouped and not group and attendee.kind == "present":
            # "Councillors A, B and C   A Armstrong, EDC   Clerk J Connelly": outside the councillors, in attendance
            attendee = Attendee(
                attendee.written, attendee.role, attendee.note, attendee.line, "in_attendance", attendee.initials
            )
        block.attendees.append(attendee)
        for bracket in re.findall(r"\(([^)]*)\)", entry):
            sub = SUB_NOTE.match(bracket.strip())
            if sub:
                block.substitutes.append(Substitute(attendee.written, sub["for"].strip(), line.number))


def _grid_row(line: Line, block: Block, posts: Posts) -> bool:
    """A row of a P/A grid ("Jane Smith | P | ..."): the mark says which list."""
    cells = [cell for cell in line.cells if cell]
    if len(cells) < 2 or not looks_like_name(strip_brackets(cells[0])):
        return False
    marks = [GRID_MARKS[c.lower()] for c in cells[1:] if c.lower() in GRID_MARKS]
    if not marks:
        return False
    attendee = parse_entry(cells[0], marks[0], line.number, posts)
    if attendee:
        block.attendees.append(attendee)
    return True
