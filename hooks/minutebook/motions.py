"""Motions: how a vote is written ("4-5-1", or who voted which way), and what to tell the clerk when
counts and outcome disagree.

Minutes record what happened, so a count that contradicts the outcome (more for than against, yet
lost) is published as written and reported as a warning, not refused: a casting vote, a vote on an
amendment or a misprint in the minutes all produce it, and only the clerk can tell which.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .errors import Problem
from .model import Decision, Meeting, Named, Outcome, Vote

# for-against[-abstain], as minutes print it; an en dash is what Word makes of a typed hyphen.
VOTE_COUNTS = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
WARNING = "warning: "


def parse_vote_counts(text: str) -> Vote | None:
    """``"7-1-0"`` -> 7 for, 1 against, 0 abstaining; ``"7-1"`` leaves abstentions at 0; None if not so written."""
    match = VOTE_COUNTS.match(text)
    if match is None:
        return None
    return Vote(for_count=int(match[1]), against_count=int(match[2]), abstain_count=int(match[3] or 0))


def read_vote(value: Any, named: Callable[..., Named | None]) -> Vote | None:
    """A decision's ``vote`` as written: counts ("7-1-0"), or who voted which way (``named`` reads each
    reference at its place under the side and index: the voter, or None with the problem reported)."""
    if isinstance(value, str):
        return parse_vote_counts(value)
    if not isinstance(value, dict):
        return None
    sides: dict[str, tuple[tuple[str, ...], int]] = {}
    voters: list[tuple[str, Named]] = []
    for side in ("for", "against", "abstain"):
        given = value.get(side)
        if isinstance(given, int):
            sides[side] = ((), given)
        else:
            found = [(side, who) for i, ref in enumerate(given or ()) if (who := named(ref, side, i))]
            voters += found
            sides[side] = (tuple(who.person for _, who in found if who.person), len(given or ()))
    return Vote(
        sides["for"][0],
        sides["against"][0],
        sides["abstain"][0],
        sides["for"][1],
        sides["against"][1],
        sides["abstain"][1],
        # Kept only where a post was named: otherwise the names by side say it all.
        tuple(voters) if any(who.post for _, who in voters) else (),
    )


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
