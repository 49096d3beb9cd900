"""Actions in every layout minutes use, with owners (people or posts) and due dates.

Labelled actions: "ACTION: Helen Ward to …", "Action: NS" under the line it
applies to, "(Action: Sam Patel)" or "ACTION – NS" at the end of a line,
"AI: …", "AI(Jordan): …", "AI for Bob to …", "Action item: X will …", the
bullets under "Next steps" or a closing "Actions" list, and tables with an
owner column ("ITEM | BY WHOM | BY WHEN"). In the narrative: "Clerk to write",
"The Clerk to respond", "CLLR ANDERSON / CLERK TO …", "@rvagg to call for a
vote", "Nick will check …", "Agreed that Matt Travis would look at …", "MW
agreed to write …", "… will be supplied by Trevor and Louise Smith". An owner
must be someone the meeting knows (a name in full, or the first name, surname,
initials or handle of someone listed), a post, or a group of members; anything
else ("The Bonfire will be held …") is not an action.
"""

from __future__ import annotations

import datetime as dt
import re

from .facts import ParsedAction, Unit, sentence, sentences
from .owners import People, known_owner
from .when import find_date

LABEL = re.compile(
    r"^(?:actions?(?:\s+(?:points?|items?|required|agreed))?|ai|to\s+do|next\s+steps?)\s*(?:\((?P<owner>[^)]*)\))?\s*(?::|–|—|-)\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
AI_FOR = re.compile(r"^(?:ai|action)\s*:?\s*for\s+(?P<owner>[^()]*?)\s*(?:to\s+(?P<rest>.+)|(?P<rest2>\(.*\)|$))", re.I)
TRAILING_TAG = re.compile(
    r"^(?P<text>.+?)\s*(?:[(\[]\s*actions?\s*(?:by)?\s*[:\-–—]?\s*(?P<owners>[^()\[\]]+?)\s*[)\]]"
    r"|\s(?:[-–—]\s*)?\bACTIONS?\s*(?::|–|—|-)?\s*(?P<owners2>[A-Z][\w .,&/'’-]{0,60}))\.?$",
)
NEXT_STEPS = re.compile(
    r"^(?:next\s+steps|actions?(?:\s+(?:points?|arising|agreed|list|log|items?))?|to\s+do)\s*:?$", re.I
)
TO_DO = re.compile(
    r"^(?P<owners>(?:[^.;:!?]|(?<=\b[A-Z])\.|(?<=Mr)\.|(?<=Mrs)\.|(?<=Ms)\.|(?<=Dr)\.|(?<=Cllr)\.){1,80}?)"
    r"\s+(?:(?:is|are)\s+)?(?P<how>to|will|shall|would|agreed\s+to|has\s+agreed\s+to|"
    r"have\s+agreed\s+to|undertook\s+to|offered\s+to|volunteered\s+to|'ll|(?:was|were)\s+(?:instructed|asked|requested)"
    r"\s+to|(?:is|are)\s+going\s+to(?:\s+try\s+and)?)\s+(?:also\s+|again\s+|officially\s+)?"
    r"(?P<verb>[a-z][a-z-]+)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Member Kattouw said he would try …", "It was confirmed that Member Wasserman would present …": a promise made at
# the meeting by someone it names
SAID_WOULD = re.compile(
    r"^(?:(?i:it\s+was\s+(?:confirmed|agreed)\s+that)\s+(?P<who>[A-Z][^.;:,]{1,60}?)\s+(?:would|will)"
    r"|(?P<speaker>[A-Z][^.;:,]{1,60}?)\s+(?:said|confirmed|agreed|offered)\s+(?:that\s+)?(?:he|she|they)\s+would)"
    r"\s+(?!be\b|have\b|like\b|not\b)(?P<task>[a-z][a-z-]+\b.*)$"
)
BY_AGENT = re.compile(
    r"\b(?:will|to)\s+be\s+(?:kindly\s+)?[a-z]+ed\s+(?:\w+\s+){0,4}?by\s+(?P<owners>[A-Z][^.,;:]{1,60})", re.I
)
# A task the minutes set without naming who does it: "A letter is to be sent", "further quotes should be sought",
# "that Glazewing be asked to empty the bank".
PASSIVE_TASK = re.compile(
    r"(?:\b(?:is|are)\s+to\s+be|\bto\s+be|\b(?:will|should|must|shall)\s+be|\bneeds?\s+to\s+be)"
    r"\s+(?:\w+ly\s+)?(?:sent|written|forwarded|sought|obtained|contacted|advertised|circulated|arranged|ordered|chased"
    r"|requested|investigated|posted|emailed|invited|approached|asked|informed|notified|put\s+on|added\s+to|organised"
    r"|organized|booked|purchased|bought|drafted|distributed|published)\b",
    re.IGNORECASE,
)
# "it was agreed that Glazewing be asked to empty the bank", "… that a Saltire should be supplied and raised", "It was
# requested that evidence be obtained …": a task
# the meeting set, with no one named to do it ("RESOLVED that … be requested" is the council's formal decision)
AGREED_TASK = re.compile(
    r"\b(?:agreed|requested)\s+that\s+[^.;]{3,160}?\s+(?:be|should\s+be|would\s+be|is\s+to\s+be|are\s+to\s+be)"
    r"\s+(?:\w+ly\s+)?(?:sent|written|forwarded|asked|approached|contacted|invited|supplied|raised|obtained|sought"
    r"|ordered|purchased|bought|arranged|informed|notified|circulated|advertised|put|added|placed|requested|chased)\b",
    re.IGNORECASE,
)
SIGNED = re.compile(
    r"^(?:(?:the\s+)?minutes\s+)?(?:(?:are|were|was|is)\s+)?(?:to\s+be\s+)?signed\s+(?:as\s+[^.]+?\s+)?by\s+the\s+chair",
    re.I,
)
UNSURE = re.compile(
    r"\b(?:hoped?|may|might|could|perhaps|possibly|if|whether|unless|asked\s+for|suggested|resolved|agreed)\b",
    re.IGNORECASE,
)
NOT_OWNER = re.compile(
    r"^(?:noted|none|nil|n/?a|approved|agreed|carried|deferred|tbc|ongoing|done|closed|open)\.?$", re.I
)
SPEAKER = re.compile(r"^(?P<who>@?[A-Z][\w.'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s*:\s+")
NOT_VERBS = {"be", "have", "the", "a", "an", "its", "their", "his", "her", "see", "date", "also", "do", "note", "been"}
NOT_VERBS |= {"like", "love", "prefer", "hope", "want", "need", "try", "say", "think", "feel", "seem", "appear"}
DUE = re.compile(
    r"\b(?:by|before|no\s+later\s+than|due(?:\s+by)?|in\s+time\s+for|ahead\s+of)\s+(?P<when>(?:the\s+)?next\s+(?:\w+\s+)?meeting|.{4,40})",
    re.IGNORECASE,
)


def read_actions(
    units: list[Unit], item: str, people: People, meeting_date: str = "", prefix: str = ""
) -> list[ParsedAction]:
    """The actions in one item's units, in order; a unit starting with a series' ``prefix`` ("→") is an action."""
    out: list[ParsedAction] = []
    context = dt.date.fromisoformat(meeting_date) if meeting_date else None
    steps_depth: int | None = None
    previous = ""
    table: dict[str, int] = {}
    for unit in units:
        text = unit.text.strip()
        if unit.cells:
            table = table_columns(unit.cells) or table
            if table and not table_columns(unit.cells):
                out.extend(_table_action(unit, table, item, people, context))
            if table:
                continue
        else:
            table = {}
        if prefix and text.startswith(prefix):
            out.append(labelled_action(text[len(prefix) :].strip(), item, unit.line, people, context, previous))
            continue
        if NEXT_STEPS.match(text) and not unit.cells:
            steps_depth = unit.depth + 1 if unit.depth >= 0 else 0
            continue
        if steps_depth is not None:
            if unit.depth >= steps_depth or (unit.depth >= 0 and steps_depth == 0):
                out.append(labelled_action(text, item, unit.line, people, context))
                continue
            steps_depth = None
        owners = people.owners(unit.margin) if unit.margin and not NOT_OWNER.match(unit.margin) else None
        if owners:
            # "… agreed to purchase from Centaframe.        Cllr. Alun Davies": who acts, printed at the right
            out.append(_action(item, owners, text, unit.line, context))
            previous = text
            continue
        speaker = SPEAKER.match(text)
        for piece in sentences(text):
            for action in _actions_of_sentence(piece, item, unit.line, people, context, previous, speaker):
                out.append(action)
            previous = piece
        if unit.depth < 0:
            previous = text
    return out


SHARED_OUT = re.compile(r"\s+and\s+(?=@?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:to|will)\s+[a-z])")


def _actions_of_sentence(
    text: str,
    item: str,
    line: int,
    people: People,
    context: dt.date | None,
    previous: str,
    speaker: re.Match[str] | None,
) -> list[ParsedAction]:
    """ "Stuart will speak to X and Martyn will speak to Y.": one action each, when each part is one; else the
    sentence's one action, if any."""
    parts = SHARED_OUT.split(text)
    if len(parts) > 1:
        each = [read_action_sentence(part, item, line, people, context, previous, speaker) for part in parts]
        if all(action and action.owners for action in each):
            return [action for action in each if action]
    action = read_action_sentence(text, item, line, people, context, previous, speaker)
    return [action] if action else []


TABLE_HEADS = {
    "text": re.compile(r"^(?:actions?(?:\s+(?:points?|required|agreed))?|tasks?|what|description)$", re.I),
    "item": re.compile(r"^(?:items?|no\.?|ref|minute)$", re.I),
    "owner": re.compile(r"^(?:owners?|by\s+whom|who|responsible|lead|assigned\s+to|person|action\s+by)$", re.I),
    "due": re.compile(r"^(?:by\s+when|due(?:\s+date)?|deadline|when|target(?:\s+date)?|date\s+due)$", re.I),
}


def table_columns(cells: tuple[str, ...]) -> dict[str, int]:
    """An action table's header ("Action | By whom | By when", "ITEM | BY WHOM | BY WHEN"): which column holds what;
    empty when the row is not one."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for kind, pattern in TABLE_HEADS.items():
            if pattern.match(cell.strip().rstrip(":")) and kind not in found:
                found[kind] = index
    if "text" not in found and "item" in found:
        found["text"] = found.pop("item")  # "ITEM | BY WHOM | BY WHEN": the item is the task
    return found if "text" in found and "owner" in found else {}


def _table_action(
    unit: Unit, table: dict[str, int], item: str, people: People, context: dt.date | None
) -> list[ParsedAction]:
    """One row of an action table as an action: its task, its owners (people or posts) and its due date."""
    cells = list(unit.cells)

    def cell(kind: str) -> str:
        index = table.get(kind)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    task = cell("text")
    if not task:
        return []
    owners = people.owners(cell("owner")) if cell("owner") and not NOT_OWNER.match(cell("owner")) else None
    action = _action(item, owners or [], task, unit.line, context)
    due = due_date(f"by {cell('due')}", context) if cell("due") else ""
    return [ParsedAction(action.item, action.owners, action.text, action.line, due or action.due)]


def read_action_sentence(
    text: str,
    item: str,
    line: int,
    people: People,
    context: dt.date | None,
    previous: str = "",
    speaker: re.Match[str] | None = None,
) -> ParsedAction | None:
    """One sentence as an action, if it is one."""
    ai_for = AI_FOR.match(text)
    if ai_for:
        owners = people.owners(ai_for["owner"]) if ai_for["owner"].strip() else []
        rest = ai_for["rest"] or ai_for["rest2"] or ""
        return _action(item, owners or [], rest or text, line, context)
    label = LABEL.match(text)
    if label:
        rest = label["rest"].strip()
        if label["owner"]:
            return _action(item, people.owners(label["owner"]) or [], rest, line, context)
        if not rest:
            return None
        return labelled_action(rest, item, line, people, context, previous)
    tag = TRAILING_TAG.match(text)
    if tag:
        owners = people.owners(tag["owners"] or tag["owners2"] or "")
        if owners:
            return _action(item, owners, tag["text"], line, context)
    said = SAID_WOULD.match(text)
    if said:
        owners = people.owners(said["who"] or said["speaker"])
        if owners and all(known_owner(owner, people) for owner in owners):
            return _action(item, owners, said["task"], line, context)
    for clause in _clauses(text):
        found = _to_do(clause, people)
        if found and clause != text and not re.search(r"[,;]\s*(?:and\s+|but\s+)?$|\s[-–—]\s*$", text[: -len(clause)]):
            found = (
                found if all(known_owner(owner, people) for owner in found[0]) else None
            )  # after "and": someone here
        if found:
            owners, rest = found
            if clause != text:
                rest = text  # "…, preference is to support qgis2web - Nick will follow up": the whole sentence
            elif previous and (
                len(_task(rest).split()) <= 4 or re.search(r"\b(?:these|this|it|them|that)\b", rest, re.I)
            ):
                rest = f"{previous} {rest}"  # "Clerk to write": what it is about is in the sentence before
            return _action(item, owners, rest, line, context)
    agent = BY_AGENT.search(text)
    if agent and SIGNED.search(text):
        return None  # "To be signed by the Chair": the minutes' own signature, not a task
    if agent:
        owners = people.owners(agent["owners"].strip())
        if owners:
            return _action(item, owners, text, line, context)
    if speaker and re.match(r"^(?:will|to)\s+[a-z]+", text, re.IGNORECASE):
        owners = people.owners(speaker["who"])
        if owners:
            return _action(item, owners, text, line, context)
    if not agent and AGREED_TASK.search(text):
        return _action(item, [], text, line, context)
    if PASSIVE_TASK.search(text) and not agent and not UNSURE.search(text):
        return _action(item, [], text, line, context)  # "A letter is to be sent to the School": no one named
    return None


def _task(text: str) -> str:
    """What is to be done, without who does it: "County Cllr Webb will report." -> "report."."""
    match = TO_DO.match(text)
    return f"{match['verb']}{match['rest']}" if match else text


def _clauses(text: str) -> list[str]:
    """The sentence and the clauses after its commas and dashes ("This was agreed, Al and Steven will …")."""
    text = re.sub(r"^(?:it\s+was\s+)?agreed\s+(?:that\s+)?", "", text.strip(), flags=re.IGNORECASE)
    pieces = [text]
    for match in re.finditer(r"(?:,|;|\s[-–—])\s+(?:and\s+|but\s+)?", text):
        pieces.append(text[match.end() :])
    # "The Chairman asked the Clerk to investigate", "… and the clerk was instructed to ask …", "Direct city staff to
    # implement …": the one asked
    for match in re.finditer(
        r"\b(?:asked|instructed|requested|direct(?:s|ed)?)\s+(?=(?:the\s+)?[\w.'’]+(?:\s+[\w.'’]+){0,2}\s+to\s+[a-z])"
        r"|(?<=\s)(?=the\s+[a-z]+\s+(?:was|were)\s+(?:instructed|asked|requested)\s+to\b)",
        text,
        re.IGNORECASE,
    ):
        pieces.append(text[match.end() :])
    # "… planned for May 6, 2024 and Jeremy to update the Board": one person's task after "and"
    for match in re.finditer(r"\s+and\s+(?=(?P<who>@?[A-Z][\w'’-]*)\s+(?:to|will)\s+[a-z])", text):
        pieces.append(text[match.end() :])
    return pieces


def _to_do(text: str, people: People) -> tuple[list[str], str] | None:
    match = TO_DO.match(text)
    if not match or match["verb"].lower() in NOT_VERBS:
        return None
    if match["how"].lower() == "would" or match["how"].lower() == "'ll":
        owners = people.owners(match["owners"])
        known = set(people.posts.written.values())
        if not owners:
            return None
        sure = [owner in known or known_owner(owner, people) for owner in owners]
        if not any(sure) or not all(s or len(o.split()) >= 2 for s, o in zip(sure, owners)):
            return None  # "would" is an action only for someone the meeting knows
        return owners, text
    owners = people.owners(match["owners"])
    if not owners:
        return None
    return owners, text


def labelled_action(
    text: str, item: str, line: int, people: People, context: dt.date | None, previous: str = ""
) -> ParsedAction:
    """A line that is an action by its label or place: its owners if it names them, else none."""
    said = SAID_WOULD.match(text)
    if said:
        owners = people.owners(said["who"] or said["speaker"])
        if owners and all(known_owner(owner, people) for owner in owners):
            return _action(item, owners, said["task"], line, context)
    for clause in _clauses(text):
        found = _to_do(clause, people)
        if found:
            return _action(item, found[0], found[1], line, context)
    assigned = re.search(r"\bassigned\s+to\s+(?P<owner>@?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)", text)
    if assigned:
        owners = people.owners(assigned["owner"])
        if owners:
            return _action(item, owners, text, line, context)
    named = re.match(r"^(?P<who>[^:]{2,60}):\s+(?P<rest>.+)$", text)
    if named:
        owners = people.owners(named["who"])
        if owners:
            return _action(item, owners, text, line, context)  # "Tom Reed: write to the council"
    lead = re.match(r"^(?P<who>@?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+(?:as\s+[^,]+?\s+)?to\s+(?P<rest>.+)$", text)
    if lead:
        owners = people.owners(lead["who"])
        if owners:
            return _action(item, owners, lead["rest"], line, context)
    short = people.owners(text) if len(text.split()) <= 6 else None
    if short and previous:
        return _action(item, short, previous, line, context)  # "ACTION: NS" under the line it applies to
    return _action(item, [], text, line, context)


def _action(item: str, owners: list[str], text: str, line: int, context: dt.date | None) -> ParsedAction:
    text = sentence(text)
    return ParsedAction(item, tuple(dict.fromkeys(owners)), text, line, due_date(text, context))


def due_date(text: str, context: dt.date | None) -> str:
    """The due date in "by 30 April", "before Friday 6 September" (after the meeting), or ""."""
    if context is None:
        return ""
    due = DUE.search(text)
    if not due:
        return ""
    found = find_date(due["when"], context)
    return found.value if found and found.value > context.isoformat() else ""
