"""Votes, outcomes and who moved a motion, as minutes write them.

"7 for, 1 abstention", "Carried 6-0", "Approved, 9-1-0", "For: 3, Against: 0", "22 in favour, none
against", "1002" (10-0-2), "5 steering members present today all voted in favor", "YEAS: A, B. NAYS: C.";
"Proposed by A, seconded by B", "A proposed, B seconded", "Moved by A to adopt"; "Motion Carried",
"Defeated", "withdrawn", "deferred".
"""

from __future__ import annotations

import re

from .facts import sentences

# A name in a motion: "Cllr Mrs B Abbott", "Cart", "Van der Berg".
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von)){0,3}"

PROPOSED = (
    # "Cllr Lee proposed acceptance of the Minutes, seconded by Cllr Hand": the motion between the two names
    re.compile(
        rf"(?P<p>{NAME})\s+(?i:proposed|moved)\b(?P<motion>[^.;]{{0,240}}?)[,;]?\s+(?i:(?:and\s+)?(?:was\s+)?seconded\s+by)"
        rf"\s*:?\s*(?P<s>{NAME})"
    ),
    re.compile(
        rf"\b(?i:proposed|moved|on\s+the\s+motion\s+of)\s*(?i:by|:)?\s*(?P<p>{NAME})\s*[,;]?\s*(?i:and\s+)?(?i:seconded)\s*(?i:by|:)?\s*(?P<s>{NAME})"
    ),
    re.compile(rf"(?P<p>{NAME})\s+(?i:proposed|moved)\s*,?\s*(?i:and\s+)?(?P<s>{NAME})\s+(?i:seconded)"),
    re.compile(
        rf"\b(?i:approved|moved\s+as\s+correct|proposed|moved|nominated)\s+(?i:by)\s*:?\s+(?P<p>{NAME}?)(?:\s*,?\s*(?i:and|seconded\s+by)\s+(?P<s>{NAME}))?"
        r"(?=[\s.,;]|$)"
    ),
)


def read_proposal(text: str) -> tuple[str, str]:
    """(proposer, seconder) as written, or empty strings."""
    for pattern in PROPOSED:
        match = pattern.search(text)
        if match:
            return match["p"].strip().rstrip("."), (match["s"] or "").strip().rstrip(".")
    return "", ""


def proposed_motion(text: str) -> str:
    """What "A proposed …, seconded by B" proposed, or "" when the minutes put it another way."""
    match = PROPOSED[0].search(text)
    return match["motion"].strip(" ,;:") if match else ""


COUNT = r"(\d+|none|no|nil|zero)"
VOTES = (
    re.compile(
        rf"{COUNT}\s+(?:votes?\s+)?(?:for|in\s+favou?r)\b[,;\s]*(?:with\s+|and\s+)?{COUNT}\s+(?:votes?\s+)?against"
        rf"(?:[,;\s]*(?:with\s+|and\s+)?{COUNT}\s+(?:abstentions?|abstained|abstaining|abstain))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:for|in\s+favou?r|ayes?)\s*:?\s*{COUNT}[,;\s]+(?:against|noes?|nays?)\s*:?\s*{COUNT}"
        rf"(?:[,;\s]+(?:abstentions?|abstain(?:ed|ing)?)\s*:?\s*{COUNT})?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{COUNT}\s+(?:votes?\s+)?(?:for|in\s+favou?r)\b[,;\s]*(?:with\s+|and\s+)?{COUNT}\s+abstentions?", re.I
    ),
)
DASHED = re.compile(
    r"\b(?:carried|passed|approved|failed|defeated|lost|vote[sd]?|motion\s+\w+|adopted|agreed)\b[\s,:(]*"
    r"(?P<f>\d{1,3})\s*[-–:]\s*(?P<a>\d{1,3})(?:\s*[-–:]\s*(?P<x>\d{1,3}))?\b",
    re.IGNORECASE,
)
CODED = re.compile(
    r"\b(?:elected|confirm(?:ed)?|approve[d]?|pass(?:ed)?|adopt(?:ed)?)\b[\s,]+(?P<code>\d{3,4})\b", re.I
)
ALL_IN_FAVOUR = re.compile(r"\b(?P<n>\d{1,3})\b[^.]{0,60}?\ball\s+voted\s+in\s+favou?r\b", re.IGNORECASE)


def _count(text: str | None) -> int:
    if text is None:
        return 0
    return int(text) if text.isdigit() else 0


def read_vote(text: str) -> str:
    """The vote as written, for-against-abstain: "7 for, 1 abstention" -> "7-0-1", "Carried 6-0" -> "6-0"."""
    for position, pattern in enumerate(VOTES):
        match = pattern.search(text)
        if match:
            groups = match.groups()
            if position == 2:
                return f"{_count(groups[0])}-0-{_count(groups[1])}"
            if groups[2] is None:
                return f"{_count(groups[0])}-{_count(groups[1])}"
            return f"{_count(groups[0])}-{_count(groups[1])}-{_count(groups[2])}"
    dashed = DASHED.search(text)
    if dashed:
        return "-".join(part for part in (dashed["f"], dashed["a"], dashed["x"]) if part is not None)
    coded = CODED.search(text)
    if coded:
        split = _split_code(coded["code"])
        if split:
            return split
    everyone = ALL_IN_FAVOUR.search(text)
    if everyone:
        return f"{everyone['n']}-0-0"
    return roll_call_vote(text)


ROLL_LABEL = r"(?:yeas?|ayes?|nays?|noes?|absent|abstain(?:ing|ed)?|abstentions?|pass)"
ROLL = re.compile(rf"\b(?P<kind>{ROLL_LABEL})\s*:\s*(?P<names>[^.;:]*?)(?=\s*(?:[.;]|\b{ROLL_LABEL}\s*:|$))", re.I)


def roll_call_vote(text: str) -> str:
    """ "YEAS: Daniels, Brooks, Flagg. NAYS: Coleman." -> "3-1": a US council's roll call, counted by its names."""
    counts = {"for": 0, "against": 0, "abstain": 0}
    seen = set()
    for match in ROLL.finditer(text):
        kind = match["kind"].lower()
        which = "for" if kind[0] in "ya" and not kind.startswith("abs") else "against" if kind[0] == "n" else ""
        which = which or ("abstain" if kind.startswith("abst") else "")
        if not which:
            continue  # absent, pass: no vote
        names = [n for n in re.split(r"\s*(?:,|&|\band\b)\s*", match["names"].strip()) if n and n.lower() != "none"]
        counts[which] += len(names)
        seen.add(which)
    if "for" not in seen:
        return ""
    vote = f"{counts['for']}-{counts['against']}"
    return f"{vote}-{counts['abstain']}" if "abstain" in seen else vote


def _split_code(code: str) -> str:
    """ "1002" -> "10-0-2": a vote written as its counts run together, when only one reading has no leading zeros."""
    readings = []
    for i in range(1, len(code) - 1):
        for j in range(i + 1, len(code)):
            parts = (code[:i], code[i:j], code[j:])
            if all(part == "0" or not part.startswith("0") for part in parts):
                readings.append("-".join(parts))
    plausible = [r for r in readings if all(int(p) <= 60 for p in r.split("-"))]
    return plausible[0] if len(plausible) == 1 else ""


OUTCOME_ONLY = re.compile(
    r"^(?:the\s+)?(?:(?:motion|resolution|amendment|proposal|recommendation)\s+)?(?:was\s+)?(?:duly\s+|unanimously\s+)?"
    r"(?:carried|passed|approved|agreed|lost|defeated|failed|fell|withdrawn|deferred|not\s+carried)\b"
    r"|\b(?:motion|resolution|proposal|amendment)\b[^.]{0,80}?\b(?:was|were)\s+(?:carried|passed|lost|defeated|withdrawn|deferred)\b"
    r"|(?<!first\s)(?<!previous\s)(?<!earlier\s)(?<!other\s)\bmotion\s+(?:was\s+)?(?:carried|passed|lost|defeated|failed|withdrawn|deferred|fell)\b",
    re.IGNORECASE,
)
LOST = re.compile(r"\b(?:lost|defeated|failed|fell|not\s+carried|rejected|died)\b", re.IGNORECASE)
WITHDRAWN = re.compile(r"\b(?:withdrawn|withdrew)\b", re.IGNORECASE)
DEFERRED = re.compile(r"\b(?:deferred|postponed)\b", re.IGNORECASE)


def outcome_of(text: str) -> str:
    """How a motion went, as the minutes say: carried unless they say it was withdrawn, deferred or lost."""
    if WITHDRAWN.search(text):
        return "withdrawn"
    if DEFERRED.search(text) and not re.search(r"\b(?:agreed|resolved)\s+to\s+defer", text, re.I):
        return "deferred"
    return "lost" if LOST.search(text) else "carried"


def only_outcome(text: str) -> bool:
    """A sentence that only says how a motion went: "Carried.", "Motion carried 6-0", "For: 3, Against: 0".

    A roll of names in brackets ("[AYES: A, B; NOES: None]") is part of the vote.
    """
    text = re.sub(r"\[[^\]]*\]?|\([^)]*\)", " ", text)
    text = ROLL.sub(" ", text)  # "YEAS: Daniels, Brooks. NAYS: Coleman.": the roll call is the vote
    rest = re.sub(
        r"\b(?:motion|resolution|carried|passed|lost|defeated|failed|unanimously|was|the|vote|votes|for|against"
        r"|approved|agreed|abstentions?|abstained|in|favou?r|with|and|none|no|nem\.?\s*con\.?|withdrawn|deferred)\b|\d+|[^\w]",
        " ",
        text,
        flags=re.I,
    )
    return (bool(OUTCOME_ONLY.search(text)) or bool(read_vote(text))) and not rest.strip()


def vote_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, a roll call ("YEAS: A, B. NAYS: C.") kept with the outcome after it."""
    out: list[str] = []
    for piece in sentences(text):
        if out and ROLL.match(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out
