"""How sure an import is, and what a person must look at before it is called a success.

An import never says it passed while something that looks like a fact went
unread. This module looks again at the source for the marks of facts
(attendance labels, "agreed", "resolved", "carried", "action", "to be
circulated", "will …") and lists each one that did not become a fact, and
each fact read from weak evidence: items found only by their layout (no numbers
or headings), facts from a closing summary matched to an item by their words,
lists with entries that are not names. The share of facts read from clear marks
is the import's sureness.
"""

from __future__ import annotations

import re

from .extract import SourceLine
from .facts import ParsedAction, ParsedDecision, Unplaced
from .lines import read_lines
from .meeting import ParsedMeeting

DECISION_CUE = re.compile(
    r"\b(?:resolved|agreed|approved|carried|defeated|motion|voted|seconded|unanimous(?:ly)?|decided|adopted)\b",
    re.IGNORECASE,
)
ACTION_CUE = re.compile(
    r"\b(?:action(?:s|\s+points?)?\s*[:\-–]|ai\b|to\s+be\s+(?:circulated|sent|posted|arranged|contacted|written|organised|"
    r"chased|confirmed|investigated|reported)|will\s+(?:circulate|contact|write|send|arrange|chase|report|check|look|"
    r"investigate|organise|follow)|to\s+(?:circulate|contact|write|send|arrange|chase|report|investigate|organise))\b",
    re.IGNORECASE,
)
ATTENDANCE_CUE = re.compile(
    r"^\W*(?:present|apologies|attendees|attendance|absent|in\s+attendance|also\s+present)\b", re.IGNORECASE
)


def assess(parsed: ParsedMeeting, source: list[SourceLine], unplaced: list[Unplaced]) -> tuple[list[Unplaced], float]:
    """(what a person must check, the share of facts read from clear marks)."""
    doubts: list[Unplaced] = list(unplaced)
    lines = read_lines(source)
    used = {d.line for d in parsed.decisions} | {a.line for a in parsed.actions}
    attendance_lines = {line for kind in parsed.attendance.values() for a in kind for line in (a.line,)}
    block_lines = {lines[i].number for b in parsed.blocks for i in range(b.start, min(b.end, len(lines)))}
    for line in lines:
        if line.blank or line.furniture or line.number in used or line.number in block_lines:
            continue
        text = line.text
        if ATTENDANCE_CUE.match(text) and line.number not in attendance_lines:
            doubts.append(Unplaced(line.number, text, "looks like attendance, but no names were read from it"))
        elif DECISION_CUE.search(text) and not _covered(line.number, used):
            doubts.append(Unplaced(line.number, text, "may record a decision that was not read"))
        elif ACTION_CUE.search(text) and not _covered(line.number, used):
            doubts.append(Unplaced(line.number, text, "may give an action that was not read"))
    if parsed.style == "whole":
        doubts.append(
            Unplaced(0, "", "no items could be told apart: the business is kept as one item, split it by hand")
        )
    elif parsed.style in ("outline", "standalone", "labelled"):
        doubts.append(Unplaced(0, parsed.style, "items were found by their layout alone (no numbers or headings)"))
    if not any(parsed.attendance.values()):
        doubts.append(Unplaced(0, "", "no attendance was read"))
    weak: list[ParsedDecision | ParsedAction] = [d for d in parsed.decisions if not d.sure]
    weak += [a for a in parsed.actions if not a.sure]
    for fact in weak:
        doubts.append(Unplaced(fact.line, fact.text, "read from a closing summary and matched to an item by its words"))
    total = len(parsed.decisions) + len(parsed.actions) + len(parsed.items) + sum(map(len, parsed.attendance.values()))
    doubtful_lines = {d.line for d in doubts}
    facts: list[ParsedDecision | ParsedAction] = [*parsed.decisions, *parsed.actions]
    sure = total - len(weak) - sum(1 for fact in facts if fact.line in doubtful_lines)
    share = max(0.0, sure / total) if total else 0.0
    return sorted(doubts, key=lambda d: d.line), share


def _covered(number: int, used: set[int]) -> bool:
    """A fact read from a paragraph starts on its first line; the lines that follow it are covered by it."""
    return any(0 <= number - start <= 3 for start in used)
