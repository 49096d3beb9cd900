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

from .lines import Line, columns
from .nameshape import HONORIFIC, looks_like_name, strip_honorific
from .posts import DEFAULT_POSTS, Posts

_SEP = r"\s*(?:[:\-–—]|\.(?=\s|$)|$)\s*"
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
            r"|community\s+attendees|(?:invited\s+)?guests?\s+present)" + _SEP + r"(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "present",
        re.compile(
            r"^(?:roll\s+call\s*:?\s*)?(?:(?:the\s+following\s+(?:[\w:]+\s+){0,6}?(?:were|was)\s+present(?:\s+at\s+the\s+meeting)?)"
            r"|(?:(?:members?|councillors?|cllrs|governors?|trustees?|directors?|board\s+members?|committee\s+members?"
            r"|officers\s+and\s+trustees|[a-z]+\s+members|senators?)\s+)?present(?:\s+in\s+the\s+chair)?"
            r"|members\s+in\s+attendance|(?:[a-z]+\s+)?(?:attendees|attendance|attending)"
            r"|roll\s+call)" + _SEP + r"(?P<rest>.*)$",
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
PUBLIC = re.compile(
    r"\b(?:members?|representatives?)\s+of\s+the\s+(?:public|press|media)\b|\b(?:press|public)\b", re.IGNORECASE
)
NOTHING = re.compile(r"^(?:none|nil|n/?a|no\s+apologies.*|there\s+were\s+(?:no|none).*|-)\.?$", re.IGNORECASE)
NOTE = re.compile(
    r"\b(?:arrived|left|leaving|departed|joined|from\s+(?:item|minute)|until|for\s+(?:items?|minutes?)|except|part"
    r"|via|remotely|virtual|online|late|teleconference|video|phone|zoom)\b",
    re.IGNORECASE,
)
SUB_NOTE = re.compile(r"^(?:as\s+)?(?:substitut(?:e|ing)|sub|deputy|deputising)\s+for\s+(?P<for>.+)$", re.IGNORECASE)
SUBSTITUTES = re.compile(
    r"^(?P<subs>.+?)\s+(?:attended|was\s+present|were\s+present)(?:\s+the\s+meeting)?\s+as\s+(?:an?\s+)?"
    r"(?:substitutes?|deputies|deputy)\s+for\s+(?P<for>.+?)(?:\s*,?\s*respectively)?\.?$",
    re.IGNORECASE,
)
PLURAL_TITLE = re.compile(r"^(?P<title>councillors|cllrs\.?|governors|trustees|directors)\s+(?=[A-Z])", re.IGNORECASE)
# A role that puts someone listed with the members among those in attendance.
ATTENDING_ROLE = re.compile(
    r"\b(?:observer|observing|guest|visitor|invited|clerk|minute|note\s*taker|officer|adviser|advisor|in\s+attendance"
    r"|presenting|presenter|speaker|staff|non-member|(?:county|district|borough|city|unitary)\s+councillor)\b",
    re.IGNORECASE,
)
# A councillor of another council (county, district, borough) attends a parish or community council; not a member.
OTHER_COUNCIL = re.compile(r"\b(?:county|district|borough|city|unitary)\s+(?:councillor|cllr)", re.IGNORECASE)
CHAIR_ROLE = re.compile(r"^(?:the\s+)?(?:chair(?:man|woman|person)?|presiding|in\s+the\s+chair|mayor)$", re.IGNORECASE)
CHAIR_LINE = re.compile(
    r"^(?:(?:in\s+the\s+chair|chair(?:ed\s+by)?|chair(?:man|person|woman)|presiding|facilitator)\s*[:\-–]?\s+"
    r"(?P<name>[^,;]+?)|(?P<who>[A-Z][\w .'’-]{0,40}?)\s+(?:chaired(?:\s+the)?\s+(?:meeting|session)"
    r"|was\s+in\s+the\s+chair|presided|took\s+the\s+chair|called\s+the\s+meeting\s+to\s+order)\b.*)\.?$",
    re.IGNORECASE,
)
INITIALS_BRACKET = re.compile(r"^[A-Z][A-Za-z]{0,1}[A-Z]{0,3}$")
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


@dataclass(frozen=True)
class Attendee:
    """A person in an attendance list, as written, with role, note, initials and the list they belong in."""

    written: str
    role: str
    note: str
    line: int
    kind: str = "present"
    initials: str = ""


@dataclass(frozen=True)
class Substitute:
    """Someone who attended in a member's place, both as written."""

    person: str
    replaces: str
    line: int


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
        re.compile(
            r"^(?P<rest>[A-Z][^.;:]{2,120}?)\s+(?:sent|gave|tendered|offered)\s+(?:their\s+|his\s+|her\s+)?apolog", re.I
        ),
    ),
)
AGENDA_LEAD = re.compile(
    r"^(?:to\s+(?:receive|consider|note|accept|record)(?:\s+and\s+\w+)?\s+|acceptance\s+of\s+)", re.I
)


def attendance_sentence(text: str) -> tuple[str, str] | None:
    """(kind, the names) when a sentence of an item's text says who sent apologies; else None."""
    for kind, pattern in SENTENCES:
        match = pattern.search(text)
        if match:
            return kind, match["rest"].strip()
    return None


def read_names(text: str, kind: str, line: int, posts: Posts = DEFAULT_POSTS) -> list[Attendee]:
    """The people named in ``text`` (a list run together), as attendees of ``kind``; what is not a name is left."""
    if NOTHING.match(text.strip()):
        return []
    found = []
    for entry, group in split_entries(text):
        attendee = parse_entry(entry, kind, line, posts, allow_single=True, group=group)
        if attendee is not None:
            found.append(attendee)
    return found


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
        text = line.text.strip()
        while index + 1 < len(lines) and line.depth < 0 and not line.cells and _continues(text, lines[index + 1]):
            index += 1
            text += " " + lines[index].text.strip()
        before = len(block.attendees) + len(block.public)
        _read_entries(text, kind, line, block, posts, many=False)
        found_any = found_any or len(block.attendees) + len(block.public) > before
        index += 1
    block.end = index
    return block


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
    name = _strip_brackets(line.text.split(" - ")[0].split(" – ")[0].split(",")[0])
    return (looks_like_name(name) and len(line.text) < 120) or _bracketed_name(line.text) is not None


def _read_entries(text: str, kind: str, line: Line, block: Block, posts: Posts, many: bool) -> None:
    if NOTHING.match(text.strip()):
        return
    if line.cells and _grid_row(line, block, posts):
        return
    cells = [cell for cell in line.cells if cell and cell not in ("-", "–", "—")]
    if line.cells and "|" not in line.raw and cells and looks_like_name(_strip_brackets(cells[0])):
        # "Joe Banham<TAB>Head of Practice Improvement": one person a row, the other columns their role
        text = cells[0] + (" - " + ", ".join(cells[1:]) if len(cells) > 1 else "")
        entries = [(text, False)]
    else:
        entries = split_entries(text, many or line.depth < 0)
    grouped = any(group for _entry, group in entries)
    for entry, group in entries:
        if PUBLIC.search(entry) and not looks_like_name(_strip_brackets(entry)):
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
    if len(cells) < 2 or not looks_like_name(_strip_brackets(cells[0])):
        return False
    marks = [GRID_MARKS[c.lower()] for c in cells[1:] if c.lower() in GRID_MARKS]
    if not marks:
        return False
    attendee = parse_entry(cells[0], marks[0], line.number, posts)
    if attendee:
        block.attendees.append(attendee)
    return True


def split_entries(text: str, many: bool = True) -> list[tuple[str, bool]]:
    """One line or paragraph of a block -> (entry, whether it came in a titled group such as "Councillors A, B and C").

    Wide gaps (columns of a PDF, tabs) separate entries first; a lone dash
    between columns joins a name to its organisation. Within a column, commas,
    semicolons and "and" separate people outside brackets. Officials listed by post with
    their names in brackets ("Director of Services (Ms C. Curley), Meetings Administrator
    (Mr J. Clune)") are one person a bracket, the post before it their role.
    """
    held = [m for m in re.finditer(r"\(([^()]*)\)", text) if _bracketed_name(m.group(0))]
    if len(held) >= 2:
        out: list[tuple[str, bool]] = []
        start = 0
        for match in held:
            role = text[start : match.start()].strip(" ,;.")
            out.append((f"{match[1].strip()} - {role}" if role else match[1].strip(), False))
            start = match.end()
        tail = text[start:].strip(" ,;.")
        return out + (split_entries(tail, many) if tail else [])
    pieces = columns(text)
    merged: list[str] = []
    for piece in pieces:
        if merged and (piece in ("-", "–", "—") or merged[-1].endswith((" -", " –", " —", "-", "–"))):
            merged[-1] = f"{merged[-1].rstrip(' -–—')} - {piece}" if piece not in ("-", "–", "—") else merged[-1] + " -"
            continue
        merged.append(piece)
    out = []
    for piece in merged:
        piece = piece.strip().rstrip(".").strip()
        if not piece:
            continue
        plural = PLURAL_TITLE.match(piece)
        body = piece[plural.end() :] if plural else piece
        body = re.sub(r"(\)|\])\s+(?=[A-Z][\w'’.-]*\s)", r"\1, ", body)  # "D Richardson (Chair) N Cresswell"
        body = re.sub(r",\s*(?=\()", " ", body)  # "Director of Services, (Ms C. Curley)": the post and its holder
        parts = [part.strip() for part in _split_top_level(body) if part.strip()] if many or "," in body else [body]
        # A piece that is not a name ("Clerk", "Head of Practice Improvement") says who the name before it is.
        kept: list[str] = []
        for part in parts:
            after_name = bool(kept) and _plausible_part(kept[-1])
            bare_post = bool(DEFAULT_POSTS.post(part)) and not re.match(r"^(?:the|our)\s", part, re.IGNORECASE)
            if after_name and (bare_post or (not _plausible_part(part) and _role_like(part))):
                kept[-1] = f"{kept[-1]}, {part}"
            else:
                kept.append(part)
        title = _singular(plural["title"]) if plural else ""
        for part in kept:
            if title and not HONORIFIC.match(part) and not DEFAULT_POSTS.post(part):
                part = f"{title} {part}"
            out.append((part, bool(plural)))
    return out


def _role_like(part: str) -> bool:
    """A short phrase in words that can stand after a name as what the person is ("Clerk", "County Councillor")."""
    return len(part.split()) <= 6 and not re.search(r"[\d@:;]", part) and not PUBLIC.search(part)


def _singular(title: str) -> str:
    title = title.lower().rstrip(".")
    return {"councillors": "Cllr", "cllrs": "Cllr"}.get(title, "")


def _plausible_part(part: str) -> bool:
    core = _strip_brackets(re.split(r"\s+[-–—]\s+|:\s", part)[0])
    return (
        looks_like_name(core, allow_single=True)
        or bool(PUBLIC.search(part))
        or bool(DEFAULT_POSTS.leading(core))
        or _bracketed_name(part) is not None
        or bool(re.match(r"^(?:the|our)\s", part, re.IGNORECASE) and DEFAULT_POSTS.post(part))
    )


def _bracketed_name(part: str) -> str | None:
    """ "Director of Services (Ms C. Curley)": the titled name in brackets after someone's post."""
    for bracket in re.findall(r"\(([^)]*)\)", part):
        bracket = str(bracket)
        honorific, _name = strip_honorific(bracket.strip())
        if honorific and looks_like_name(bracket.strip()):
            return bracket.strip()
    return None


def _split_top_level(text: str) -> list[str]:
    """Split on commas, semicolons and " and "/" & " outside brackets."""
    parts, depth, current = [], 0, ""
    for token in re.split(r"(\(|\)|\[|\]|,|;|\s+and\s+|\s+&\s+|\s+(?:together|along)\s+with\s+)", text):
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            depth = max(0, depth - 1)
        separator = token in (",", ";") or re.fullmatch(r"\s+(?:and|&|(?:together|along)\s+with)\s+", token or "")
        if depth == 0 and token is not None and separator:
            parts.append(current)
            current = ""
        else:
            current += token or ""
    parts.append(current)
    return parts


def _strip_brackets(text: str) -> str:
    return re.sub(r"\s*(?:\([^)]*\)|\[[^\]]*\])", "", text).strip()


def parse_entry(
    entry: str,
    kind: str,
    line: int,
    posts: Posts = DEFAULT_POSTS,
    allow_single: bool = False,
    group: bool = False,
) -> Attendee | None:
    """One entry -> an attendee (name as written, role, note, initials, list), or None when it is not a name."""
    entry = re.sub(r"~~", "", entry)
    handles = re.findall(r"@[\w-]+", entry)
    entry = re.sub(r"\s*@[\w-]+", "", entry).strip().strip("-–—*").strip()
    roles: list[str] = []
    notes: list[str] = list(handles)  # "@jasnell": kept beside the name, so the text can be read
    initials = ""
    for bracket in re.findall(r"[(\[]([^)\]]*)[)\]]", entry):
        content = bracket.strip()
        if not content or SUB_NOTE.match(content):
            continue
        if INITIALS_BRACKET.match(content) and not posts.post(content):
            initials = content
        elif NOTE.search(content):
            notes.append(content)
        else:
            roles.append(content)
    name = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", _strip_brackets(entry))  # "P.Markwell"
    held = _bracketed_name(entry) if not looks_like_name(name, allow_single) else None
    if held:
        roles = [part for part in roles if part != held] + [name]
        name = held
    if not looks_like_name(name, allow_single):
        for separator in (r"\s+[-–—]+\s+", r"\s*:\s+", r",\s+", r"\s+[-–—]+(?=\s*$)"):
            pieces = re.split(separator, name, maxsplit=1)
            if len(pieces) == 2 and looks_like_name(pieces[0].strip(), allow_single):
                name = pieces[0].strip()
                if pieces[1].strip():
                    roles.append(pieces[1].strip())
                break
    if not looks_like_name(name, allow_single):
        leading = posts.leading(name)
        if leading and looks_like_name(leading[1], allow_single=True):
            roles.insert(0, leading[0])
            name = leading[1]
        elif posts.post(name):
            return Attendee(posts.post(name) or name, "", "; ".join(notes), line, _kind_for(kind, [name]), initials)
        else:
            return None
    return Attendee(name, ", ".join(roles), "; ".join(notes), line, _kind_for(kind, roles, name), initials)


def _kind_for(kind: str, roles: list[str], name: str = "") -> str:
    honorific = strip_honorific(name)[0]
    if kind == "present" and (any(ATTENDING_ROLE.search(role) for role in roles) or OTHER_COUNCIL.search(honorific)):
        return "in_attendance"
    return kind


def is_chair_role(role: str) -> bool:
    return any(CHAIR_ROLE.match(part.strip()) for part in re.split(r"[,;/]", role))


def read_chair(text: str) -> str:
    """The chair named on a line such as "In the Chair: Cllr A", "Facilitator: B", "TS chaired meeting"; else ""."""
    match = CHAIR_LINE.match(text.strip())
    if not match:
        return ""
    name = (match["name"] or match["who"] or "").strip().rstrip(".")
    name = re.sub(r"^(?:vice\s+president|president|the\s+chair(?:man|person)?|chair)\s+", "", name, flags=re.I)
    honorific, bare = strip_honorific(name)
    if not bare or not (looks_like_name(name, allow_single=True) or re.fullmatch(r"[A-Z]{2,4}", bare)):
        return ""
    return name


def parse_substitutes(text: str, line: int) -> list[Substitute]:
    """ "Cllrs A and B attended as substitutes for Cllrs C and D" -> pairs, in order."""
    match = SUBSTITUTES.match(text.strip())
    if not match:
        return []
    subs = [entry for entry, _group in split_entries(match["subs"])]
    replaced = [entry for entry, _group in split_entries(match["for"])]
    if len(subs) != len(replaced):
        return []
    return [Substitute(_strip_brackets(a), _strip_brackets(b), line) for a, b in zip(subs, replaced)]


def expand_initials(short: str, people: list[Attendee]) -> str:
    """ "TS" -> "Trevor Smith" when exactly one person at the meeting has those initials; else ``short``."""
    _honorific, bare = strip_honorific(short)
    found = [p.written for p in people if p.initials == bare]
    if not found:
        found = [
            p.written
            for p in people
            if "".join(word[0] for word in strip_honorific(p.written)[1].split() if word[:1].isupper()) == bare
        ]
    return found[0] if len(set(found)) == 1 else short
