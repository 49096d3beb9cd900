"""Who chaired: "In the Chair: …", "Facilitator: …", "TS chaired meeting", "X called the meeting to order"."""

from __future__ import annotations

import re

from .attendees import Attendee
from .nameshape import looks_like_name, strip_honorific

CHAIR_ROLE = re.compile(r"^(?:the\s+)?(?:chair(?:man|woman|person)?|presiding|in\s+the\s+chair|mayor)$", re.IGNORECASE)
CHAIR_LINE = re.compile(
    r"^(?:(?:in\s+the\s+chair|chair(?:ed\s+by)?|chair(?:man|person|woman)|presiding|facilitator)\s*[:\-–]?\s+"
    r"(?P<name>[^,;]+?)|(?P<who>[A-Z][\w .'’-]{0,40}?)\s+(?:chaired(?:\s+the)?\s+(?:meeting|session)"
    r"|was\s+in\s+the\s+chair|presided|took\s+the\s+chair|called\s+the\s+meeting\s+to\s+order)\b.*)\.?$",
    re.IGNORECASE,
)


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
