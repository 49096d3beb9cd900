"""Decisions in the words minutes use, with the motion's outcome, the vote as written, proposer and seconder.

Minutes record a decision as "RESOLVED that …", "It was unanimously agreed
that …", "The Board agreed …", "These were moved as correct", "Approved, 9-1-0",
"Motion Carried 6-0", "proposed …; seconded …; 7 for, 1 abstention; Carried",
"DO CONFIRM, 1002", a table of "Moved by / Seconded by / Vote / Status", or a
list after "RESOLVED:" or "The following decisions were taken". A motion that
was lost, withdrawn or deferred keeps that outcome, so it is never published
as a decision taken. An opinion the meeting agreed with ("it was agreed this
was disappointing") is not a decision, nor is an agreement made earlier ("as
previously agreed").
"""

from __future__ import annotations

import re

from .decided import (
    DECIDED_LIST,
    FOLLOWING,
    MOTION_TEXT,
    OUTCOME_TAIL,
    PARTS_INTRO,
    RECOMMENDATION,
    SAID,
    SECONDING_ONLY,
    bare_outcome,
    content_after_trigger,
    read_decision_sentence,
)
from .facts import ParsedDecision, Unit, sentence
from .votes import only_outcome, outcome_of, read_proposal, read_vote, vote_sentences
from .when import find_date

TABLE_KEYS = {
    "moved by": "proposer",
    "proposed by": "proposer",
    "mover": "proposer",
    "seconded by": "seconder",
    "seconder": "seconder",
    "vote": "vote",
    "votes": "vote",
    "result": "status",
    "status": "status",
    "outcome": "status",
    "motion": "motion",
}


MARKER = re.compile(r"^\(?(?P<mark>[a-z]|[ivx]+|\d+)[.)]\s")


def _marker_class(text: str) -> str:
    match = MARKER.match(text)
    if not match:
        return ""
    mark = match["mark"]
    return "digit" if mark.isdigit() else "roman" if re.fullmatch(r"[ivx]+", mark) else "letter"


def read_decisions(units: list[Unit], item: str, meeting_date: str = "", title: str = "") -> list[ParsedDecision]:
    """The decisions in one item's units, in order; ``title`` stands in for "DO APPROVE" with nothing before it."""
    listed = [unit for unit in units if unit.text.strip()]
    if DECIDED_LIST.search(title.strip()) and listed and all(unit.depth >= 0 for unit in listed):
        # "## Grants approved" over "- PyCon PH: USD $500.00" …: the heading is the decision, its list what it took
        text = f"{title.strip()}: " + "; ".join(unit.text.strip().rstrip(".;") for unit in listed)
        return [_decision(item, text, listed[0].line)]
    reader = _Reader(item, meeting_date, title)
    for unit in units:
        reader.read(unit)
    return reader.finish()


class _Reader:
    """One item's units read in order: what was said before a unit decides what the unit means."""

    def __init__(self, item: str, meeting_date: str, title: str) -> None:
        self.item, self.meeting_date, self.title = item, meeting_date, title
        self.out: list[ParsedDecision] = []
        self.parts_depth: int | None = None
        self.parts_class = ""
        self.parts_paragraph = False  # the intro ended a paragraph: the next paragraph may be the one resolution
        self.just_decided = False
        self.pending = ("", "")
        self.previous = title
        self.record: dict[str, str] = {}
        self.record_line = 0
        self.substance = title  # what a bare "Unanimously approved." approves: the last thing said that was not a vote

    def read(self, unit: Unit) -> None:
        if unit.margin and (RECOMMENDATION.search(unit.margin) or SAID.search(unit.margin)):
            unit = Unit(unit.line, f"{unit.text} {unit.margin}", unit.depth)  # "…   Approval recommended."
        if unit.cells:
            self._table_row(unit)
            return
        if self.record:
            _flush_record(self.record, self.previous, self.item, self.record_line, self.out)
            self.record, self.record_line = {}, 0
        if self.parts_depth is not None and self._part(unit, self.parts_depth):
            return
        paragraph = unit.text if unit.depth < 0 else self.previous
        said = vote_sentences(unit.text)
        for position, text in enumerate(said):
            if position:
                self.previous = said[position - 1]
            self._sentence(unit, text, last=position == len(said) - 1)
        if unit.depth < 0:
            self.previous = paragraph

    def finish(self) -> list[ParsedDecision]:
        if self.record:
            _flush_record(self.record, self.previous, self.item, self.record_line, self.out)
        return self.out

    def _table_row(self, unit: Unit) -> None:
        key = TABLE_KEYS.get(unit.cells[0].strip().lower().rstrip(":"))
        if key and len(unit.cells) > 1:
            self.record[key] = " ".join(unit.cells[1:]).strip()
            self.record_line = self.record_line or unit.line

    def _part(self, unit: Unit, depth: int) -> bool:
        """One part of a list after "RESOLVED:"; False when the list has ended."""
        marker = _marker_class(unit.text)
        if self.parts_paragraph and unit.depth < 0 and not marker:
            # "Proposed by A; Seconded by B. And Resolved:" then the resolution as a paragraph of its own
            self.parts_depth, self.parts_paragraph = None, False
            if not _later_addendum(unit.text.strip(), self.meeting_date):
                self._add(_decision(self.item, unit.text.strip(), unit.line))
                self.just_decided = True
            return True
        self.parts_paragraph = False
        if (unit.depth >= depth and not marker) or (marker and self.parts_class in ("", marker)):
            self.parts_class = self.parts_class or marker
            text = unit.text.strip()
            if not _later_addendum(text, self.meeting_date):
                self.out.append(_decision(self.item, text, unit.line))
            return True
        self.parts_depth, self.parts_class = None, ""
        return False

    def _sentence(self, unit: Unit, text: str, last: bool) -> None:
        previous = self.previous
        if FOLLOWING.search(text) or (
            PARTS_INTRO.search(text) and not content_after_trigger(text) and not OUTCOME_TAIL.search(text)
        ):
            self.parts_depth = max(unit.depth, 0) if unit.depth >= 0 else 0
            self.parts_paragraph = unit.depth < 0 and last
            return
        if self.out and self.just_decided and only_outcome(text):
            self._outcome_of_last(text)  # "Carried 3 for, 0 against, 1 abstention." after the motion
            return
        if SECONDING_ONLY.match(text):
            self.pending = read_proposal(text) if read_proposal(text)[0] else self.pending
            return  # "Proposed by: Cart", "Kevin Horn seconds": who moved it, not what
        found, whole = self._found(text, previous)
        if not bare_outcome(text):
            self.substance = text
        self.just_decided = bool(found)
        if found:
            self._add(_decision(self.item, found, unit.line, whole))
        elif read_proposal(text)[0]:
            self.pending = read_proposal(text)  # "Proposed by A, seconded by B." before (or after) the motion
            if self.out and self.out[-1].line >= unit.line - 3 and not self.out[-1].proposer:
                self.out[-1] = _with(self.out[-1], proposer=self.pending[0], seconder=self.pending[1])
                self.pending = ("", "")

    def _found(self, text: str, previous: str) -> tuple[str | None, str]:
        """What ``text`` decides, and the words its outcome and vote are read from."""
        if (
            only_outcome(text)
            and previous
            and MOTION_TEXT.search(previous)
            and not (SECONDING_ONLY.match(previous) and not re.search(r"\bto\s+[a-z]", previous))
            and not self.just_decided
        ):
            # "It was moved by A, seconded by B, that … . MOTION CARRIED 6-0": the motion is the decision
            return previous, f"{previous} {text}"
        if bare_outcome(text) and self.substance and not self.just_decided:
            # "Unanimously approved." under "Cart for President." or a motion's title
            substance, title = self.substance, self.title
            return (f"{substance} {text}" if substance != title else f"{title}: {text}"), text
        return read_decision_sentence(text, previous), text

    def _outcome_of_last(self, text: str) -> None:
        last = self.out[-1]
        extra = _decision(self.item, last.text, last.line, text)
        self.out[-1] = ParsedDecision(
            last.item,
            last.text,
            last.line,
            extra.outcome if extra.outcome != "carried" else last.outcome,
            extra.vote or last.vote,
            last.proposer or extra.proposer,
            last.seconder or extra.seconder,
        )

    def _add(self, decision: ParsedDecision) -> None:
        """A decision, with the proposer and seconder named just before it when it names none itself."""
        if self.pending[0] and not decision.proposer:
            decision = _with(decision, proposer=self.pending[0], seconder=self.pending[1])
        self.pending = ("", "")
        self.out.append(decision)


def _with(decision: ParsedDecision, proposer: str, seconder: str) -> ParsedDecision:
    return ParsedDecision(
        decision.item, decision.text, decision.line, decision.outcome, decision.vote, proposer, seconder, decision.sure
    )


def _later_addendum(text: str, meeting_date: str) -> bool:
    """ "(30/11/2023) …": a note added after the meeting, not a decision taken at it."""
    match = re.match(r"^\(([^)]{6,12})\)", text)
    found = find_date(match[1]) if match else None
    return bool(found and meeting_date and found.value > meeting_date)


def _decision(item: str, text: str, line: int, whole: str = "") -> ParsedDecision:
    source = whole or text
    proposer, seconder = read_proposal(source)
    return ParsedDecision(item, sentence(text), line, outcome_of(source), read_vote(source), proposer, seconder)


def _flush_record(record: dict[str, str], previous: str, item: str, line: int, out: list[ParsedDecision]) -> None:
    """A motion laid out as a table (Moved by / Seconded by / Vote / Status) is one decision."""
    if not (record.get("status") or record.get("vote")):
        return
    text = record.get("motion") or previous
    status = record.get("status", "") + " " + record.get("vote", "")
    decision = _decision(item, text, line, status)
    out.append(
        ParsedDecision(
            decision.item,
            decision.text,
            decision.line,
            decision.outcome,
            read_vote(record.get("vote", "")) or decision.vote,
            record.get("proposer", ""),
            record.get("seconder", ""),
        )
    )
