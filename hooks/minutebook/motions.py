"""Motions: how a vote is written ("4-5-1"), and what to tell the clerk when counts and outcome disagree.

Minutes record what happened, so a count that contradicts the outcome (more for than against, yet
lost) is published as written and reported as a warning, not refused: a casting vote, a vote on an
amendment or a misprint in the minutes all produce it, and only the clerk can tell which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import Problem
from .model import Decision, Meeting, Outcome, Vote

# for-against[-abstain], as minutes print it; an en dash is what Word makes of a typed hyphen.
VOTE_COUNTS = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
WARNING = "warning: "


def parse_vote_counts(text: str) -> Vote | None:
    """``"7-1-0"`` -> 7 for, 1 against, 0 abstaining; ``"7-1"`` leaves abstentions at 0; None if not so written."""
    match = VOTE_COUNTS.match(text)
    if match is None:
        return None
    return Vote(for_count=int(match[1]), against_count=int(match[2]), abstain_count=int(match[3] or 0))


def contradiction(decision: Decision) -> str:
    """Why the counts and the outcome disagree, or "" when they do not (a tie can go either way on a casting vote)."""
    vote = decision.vote
    if vote is None:
        return ""
    counted = f"{vote.for_count} for and {vote.against_count} against"
    if decision.outcome is Outcome.CARRIED and vote.against_count > vote.for_count:
        return f"{counted}, yet the motion is recorded as carried (the default when no outcome is given)"
    if decision.outcome is Outcome.LOST and vote.for_count > vote.against_count:
        return f"{counted}, yet the motion is recorded as lost"
    return ""


def find_contradictions(meetings: Iterable[Meeting]) -> list[Problem]:
    """A warning at each decision whose counts contradict its outcome."""
    warnings = []
    for meeting in meetings:
        for index, decision in enumerate(meeting.decisions):
            if reason := contradiction(decision):
                warnings.append(
                    Problem(
                        meeting.source,
                        meeting.line_of.get(f"decisions.{index}", 1),
                        f"{WARNING}decisions[{index}].vote: {reason}; it is published as written: "
                        "check the counts and the outcome against the minutes",
                    )
                )
    return warnings
