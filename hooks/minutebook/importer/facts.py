"""The facts found inside items, as found: decisions, actions, declarations, the next meeting; and their text units.

The item parser (parse.py) cuts an item's lines into units: paragraphs
(wrapped lines joined), list entries and table rows, each with the source line
it starts on. The readers in decisions.py and actions.py look at the
sentences of those units. Every fact keeps its source line, so the report and
the review page can point at it, and a ``sure`` flag for the review page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unplaced:
    """A source line the import could not turn into a fact (it is kept in the text)."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Unit:
    """A paragraph, list entry or table row of an item, with the line it starts on."""

    line: int
    text: str
    depth: int = -1  # list depth, -1 for a paragraph
    cells: tuple[str, ...] = ()
    label: str = ""  # the bold label or lead-in it sits under ("Next steps", "RESOLVED:")
    margin: str = ""  # a short note printed at the right of the line ("Clerk", "Noted"): often who acts


@dataclass(frozen=True)
class ParsedDecision:
    """A decision as minuted: its text, outcome, vote as written ("9-1-0"), proposer and seconder."""

    item: str
    text: str
    line: int
    outcome: str = "carried"  # carried | lost | withdrawn | deferred
    vote: str = ""
    proposer: str = ""
    seconder: str = ""
    sure: bool = True


@dataclass(frozen=True)
class ParsedAction:
    """An action as minuted: owners as written (people or posts; none when the minutes name none), text, due date."""

    item: str
    owners: tuple[str, ...]
    text: str
    line: int
    due: str = ""
    sure: bool = True


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


SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z@\"'‘“(])|(?<=[.!?][\"'’”)])\s+(?=[A-Z])"
    # "… were considered a. 21/0101/F Extension … b. 21/0102/F …": lettered parts run into one paragraph
    r"|(?<=\w)\s+(?=\(?[a-h][.)]\s+[A-Z0-9(])|(?<=[.!?])\s+(?=\(?[a-h][.)]\s)"
)
ABBREVIATIONS = re.compile(
    r"\b(?:e\.g|i\.e|etc|cllr|cllrs|dr|mr|mrs|ms|no|nos|st|approx|incl|vs|prof|rev|co|ltd|inc|p|pp|para|ref)\.$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph: split after ., ! or ? before a capital, not after "e.g." or "Cllr."."""
    out: list[str] = []
    for piece in SENTENCE_END.split(text.strip()):
        if out and (ABBREVIATIONS.search(out[-1]) or re.search(r"\b[A-Z]\.$", out[-1])):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece.strip())
    return out


def sentence(text: str) -> str:
    """Text as a sentence of its own: no list marker, capital first letter, one space between words."""
    text = re.sub(r"\s+", " ", text).strip().strip("-–•").strip()
    text = re.sub(r"^\(?(?:\d+|[a-z]|[ivx]+)[.)]\s+", "", text)
    return (text[:1].upper() + text[1:]) if text else text


DECLARED = re.compile(
    r"^(?P<who>.+?)\s+declared\s+(?:an?\s+|their\s+|his\s+|her\s+)?(?P<interest>(?:[\w-]+\s+){0,4}interests?\b.*)$",
    re.IGNORECASE,
)
ITEM_REF = re.compile(
    r"\b(?:agenda\s+)?(?:items?|minutes?)\s+(?:no\.?\s*)?(?P<number>[A-Za-z]*/?\d[\w./-]*\w|\d+)", re.IGNORECASE
)


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
    who = match["who"][plural.end() :] if plural else match["who"]
    people = [part for part in re.split(r"\s*(?:,|&|\band\b)\s*", who) if part]
    if not all(len(person.split()) <= 5 for person in people):
        return []
    return [
        ParsedDeclaration(
            ("Cllr " + person) if plural and not person.lower().startswith("cllr") else person,
            target,
            sentence(interest),
            line,
        )
        for person in people
    ]
