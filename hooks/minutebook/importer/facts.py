"""The facts inside an item: decisions, votes, proposers, actions, declarations, the next meeting.

Each reader takes one line (plain text, bullets removed) and returns what it
found; the item parser in parse.py decides where the line itself goes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .when import find_date, find_place, find_times


@dataclass(frozen=True)
class Unplaced:
    """A source line the import could not turn into a fact (it is kept in the text)."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ParsedDecision:
    """A decision as minuted, with proposer, seconder and vote counts when given."""

    item: str
    text: str
    line: int
    proposer: str = ""
    seconder: str = ""
    vote: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class ParsedAction:
    """An action as minuted: owners as written, the text, the item it came from."""

    item: str
    owners: tuple[str, ...]
    text: str
    line: int
    labelled: bool = True  # False for "X to do Y" in the narrative: kept only if every owner is known


@dataclass(frozen=True)
class ParsedDeclaration:
    """A declaration of interest: who (as written), in which item, and what."""

    person: str
    item: str
    interest: str
    line: int


@dataclass(frozen=True)
class ParsedNextMeeting:
    """The next meeting as announced."""

    date: str
    start: str
    end: str
    location: str
    line: int


TRUE_RECORD = re.compile(
    r"\b(?:agreed|approved|confirmed|signed|accepted|adopted)\b[^.]*?\bas\s+an?\s+(?:true|correct|accurate)\s+record\b",
    re.IGNORECASE,
)
MINUTES_AGREED = re.compile(
    r"^the\s+minutes\s+(?:were|was)\s+(?P<verb>agreed|approved|confirmed|accepted)\s+as\s+an?\s+(?P<kind>true|correct|accurate)\s+record\.?$",
    re.IGNORECASE,
)
PROPOSED = re.compile(
    r"(?:proposed\s*(?:by|:)\s*|on\s+the\s+motion\s+of\s+|moved\s+by\s+|proposer\s*:\s*)(?P<proposer>.+?)\s*(?:,|;|\band\b)?\s*"
    r"(?:seconded\s*(?:by|:)\s*|seconder\s*:\s*)(?P<seconder>[^,;.()]+?)(?=\s*(?:[,;.()]|\bit\s+was\b|$))",
    re.IGNORECASE,
)
VOTE = re.compile(
    r"(?P<for>\d+)\s+(?:votes?\s+)?(?:for|in\s+favour)\b[,;\s]*(?:with\s+|and\s+)?(?P<against>\d+)\s+(?:votes?\s+)?against"
    r"(?:[,;\s]*(?:with\s+|and\s+)?(?P<abstain>\d+)\s+abstentions?)?|"
    r"\bfor\s*:?\s*(?P<for2>\d+)[,;\s]+against\s*:?\s*(?P<against2>\d+)(?:[,;\s]+abstentions?\s*:?\s*(?P<abstain2>\d+))?",
    re.IGNORECASE,
)
ACTION_TAG = re.compile(
    r"^(?P<text>.+?)\s*[(\[]\s*actions?\s*[:\-–—]?\s*(?P<owners>[^()\[\]]+?)\s*[)\]]\.?$", re.IGNORECASE
)
TO_DO = re.compile(
    r"^(?P<owners>[A-Z][^.;:]*?)\s+(?:to|will|would)\s+(?!be\b|have\s+been\b)(?P<verb>[a-z][a-z]+)\b", re.DOTALL
)
DECLARED = re.compile(
    r"^(?P<who>.+?)\s+declared\s+(?:an?\s+|their\s+|his\s+|her\s+)?(?P<interest>(?:[\w-]+\s+){0,4}interests?\b.*)$",
    re.IGNORECASE,
)
ITEM_REF = re.compile(
    r"\b(?:agenda\s+)?(?:items?|minutes?)\s+(?:no\.?\s*)?(?P<number>[A-Za-z]*/?\d[\w./-]*\w|\d+)", re.IGNORECASE
)


def sentence(text: str) -> str:
    """Text as a sentence of its own: no list marker, capital first letter."""
    text = text.strip().strip("-–").strip()
    text = re.sub(r"^\(?(?:\d+|[a-z]|[ivx]+)[.)]\s+", "", text)
    return (text[:1].upper() + text[1:]) if text else text


def true_record(line: str, title: str) -> str:
    """The decision in "The minutes were agreed as a true record", naming the meeting when the heading gives its date."""
    match = MINUTES_AGREED.match(line)
    date = find_date(title)
    if match and date:
        return f"The minutes of the previous meeting ({title[date.start : date.end]}) were {match['verb'].lower()} as a {match['kind'].lower()} record."
    return sentence(line)


def split_owners(text: str) -> list[str]:
    """ "Linda Clegg and Lorna Quigley" -> both; owners are split on commas, "and", "&" and "/"."""
    parts = re.split(r"\s*(?:,|/|&|\band\b)\s*", text.strip().rstrip("."))
    return [part for part in parts if part]


def read_action(text: str, item: str, line: int, previous_text: str = "") -> ParsedAction | Unplaced:
    """A labelled action ("ACTION: ..." or a line of an ACTIONS block), or why it could not be read."""
    text = text.strip()
    tag = ACTION_TAG.match(text)
    if tag:
        return ParsedAction(item, tuple(split_owners(tag["owners"])), sentence(tag["text"]), line)
    match = TO_DO.match(text)
    if match:
        return ParsedAction(item, tuple(split_owners(match["owners"])), sentence(text), line)
    if previous_text and len(text.split()) <= 6 and text[:1].isupper():
        # "ACTION: Joe Banham" under the text it applies to
        return ParsedAction(item, tuple(split_owners(text)), sentence(previous_text), line)
    return Unplaced(line, text, 'an action with no owner I can read ("X to ..."); kept in the item text')


def read_action_tag(text: str, item: str, line: int) -> ParsedAction | None:
    """ "... (Action: Sam Patel)" at the end of a line of narrative."""
    tag = ACTION_TAG.match(text)
    return ParsedAction(item, tuple(split_owners(tag["owners"])), sentence(tag["text"]), line) if tag else None


def read_action_candidate(text: str, item: str, line: int) -> ParsedAction | None:
    """ "X to do Y" in the narrative: an action only if every owner turns out to be known (decided in run.py)."""
    match = TO_DO.match(text)
    if not match or len(text) >= 400 or match["verb"] in {"be", "have", "the", "a", "an", "its", "their"}:
        return None
    owners = split_owners(match["owners"])
    if 1 <= len(owners) <= 4 and all(len(owner.split()) <= 5 for owner in owners):
        return ParsedAction(item, tuple(owners), sentence(text), line, labelled=False)
    return None


def read_declarations(text: str, item: str, numbers: list[str], line: int) -> list[ParsedDeclaration]:
    """ "Councillors A and B declared prejudicial interests in minute Cou/288/07-08 as ..." -> one each."""
    match = DECLARED.match(text)
    if not match or re.match(r"^(?:no|none|nil|there\s+were\s+no)\b", text, re.IGNORECASE):
        return []
    interest = match["interest"].strip().rstrip(".")
    reference = ITEM_REF.search(interest)
    target = item
    if reference and reference["number"].rstrip(".") in numbers:
        target = reference["number"].rstrip(".")
    plural = re.match(r"^(?:councillors|cllrs)\s+", match["who"], re.IGNORECASE)
    people = split_owners(match["who"][plural.end() :] if plural else match["who"])
    return [
        ParsedDeclaration(
            ("Cllr " + who) if plural and not who.lower().startswith("cllr") else who, target, sentence(interest), line
        )
        for who in people
    ]


def read_next_meeting(text: str, line: int, context: dt.date | None) -> ParsedNextMeeting | None:
    """Date, times and place of the next meeting, when the line gives at least a date."""
    date = find_date(text, context)
    if not date:
        return None
    start, end = find_times(text)
    place = find_place(text, date, start, end)
    return ParsedNextMeeting(
        date.value,
        start.value if start else "",
        end.value if end and start and end.value > start.value else "",
        place,
        line,
    )


def read_proposal(text: str) -> tuple[str, str] | None:
    """(proposer, seconder) as written."""
    match = PROPOSED.search(text)
    return (match["proposer"].strip(), match["seconder"].strip()) if match else None


def read_vote(text: str) -> tuple[int, int, int] | None:
    """(for, against, abstentions) from "Carried 4 for, 0 against, 1 abstention" or "For: 3, Against: 0, Abstentions: 1"."""
    match = VOTE.search(text)
    if not match:
        return None
    counts = (
        match["for"] or match["for2"],
        match["against"] or match["against2"],
        match["abstain"] or match["abstain2"] or "0",
    )
    return int(counts[0]), int(counts[1]), int(counts[2])


def attach(
    decisions: list[ParsedDecision],
    proposals: list[tuple[int, str, str]],
    votes: list[tuple[int, tuple[int, int, int]]],
) -> tuple[list[ParsedDecision], list[Unplaced]]:
    """Give each proposer/seconder and vote to the decision it stands beside: the next one, else the one before."""
    decisions = [decision for decision in decisions if decision.text]
    unplaced = []
    for line, proposer, seconder in proposals:
        index = _nearest(decisions, line)
        if index is None:
            unplaced.append(
                Unplaced(
                    line,
                    f"proposed by {proposer}, seconded by {seconder}",
                    "a proposer and seconder with no decision in the item",
                )
            )
            continue
        d = decisions[index]
        decisions[index] = ParsedDecision(d.item, d.text, d.line, proposer, seconder, d.vote)
    for line, counts in votes:
        index = _nearest(decisions, line)
        if index is None:
            unplaced.append(
                Unplaced(
                    line,
                    f"vote {counts[0]} for, {counts[1]} against, {counts[2]} abstaining",
                    "a vote with no decision in the item",
                )
            )
            continue
        d = decisions[index]
        decisions[index] = ParsedDecision(d.item, d.text, d.line, d.proposer, d.seconder, counts)
    return decisions, unplaced


def _nearest(decisions: list[ParsedDecision], line: int) -> int | None:
    after = [index for index, d in enumerate(decisions) if d.line >= line]
    if after:
        return after[0]
    return len(decisions) - 1 if decisions else None
