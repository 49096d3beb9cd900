"""Motions' outcomes and votes: "4-5-1" as written, carried unless the minutes say otherwise, and a warning (never
an error) where the counts contradict the outcome: in `check`, and in the log of a strict build that still succeeds."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_EPOCH, FIXTURES, ROOT, build_site, write_source

from minutebook.archive import Archive, decision_label
from minutebook.load import load_archive
from minutebook.model import Outcome, Vote
from minutebook.motions import parse_vote_counts
from minutebook.search.fields import build_search_fields

TODAY = dt.date(2026, 11, 25)
FIRST = "milburn-parish-council/2021-03-04"
CONTRADICTION = (
    "2022/2022-06-09-parish-council.md:13: warning: decisions[1].vote: 3 for and 5 against, yet the motion is "
    "recorded as carried (the default when no outcome is given); it is published as written: check the counts "
    "and the outcome against the minutes"
)


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(FIXTURES / "posts", today=TODAY)


@pytest.mark.parametrize(
    ("written", "counts"),
    [
        ("7-1-0", (7, 1, 0)),
        ("7-1", (7, 1, 0)),
        (" 4 - 5 - 1 ", (4, 5, 1)),
        ("12–3–2", (12, 3, 2)),
        ("0-0-9", (0, 0, 9)),
    ],
)
def test_vote_counts_are_read_as_for_against_abstain(written: str, counts: tuple[int, int, int]) -> None:
    vote = parse_vote_counts(written)
    assert vote is not None and (vote.for_count, vote.against_count, vote.abstain_count) == counts
    assert vote.for_names == vote.against_names == vote.abstain_names == ()


@pytest.mark.parametrize("written", ["7", "7-1-0-2", "seven-one", "7/1/0", ""])
def test_anything_else_is_not_a_vote(written: str) -> None:
    assert parse_vote_counts(written) is None


def test_outcomes_default_to_carried_and_are_read_as_written(archive: Archive) -> None:
    meeting = archive.meeting_by_id[FIRST]
    assert [(d.number, d.outcome) for d in meeting.decisions] == [
        (1, Outcome.CARRIED),
        (2, Outcome.LOST),
        (3, Outcome.WITHDRAWN),
        (4, Outcome.DEFERRED),
        (5, Outcome.CARRIED),
    ]
    assert meeting.decisions[1].vote == Vote(for_count=4, against_count=5, abstain_count=1)
    assert meeting.decisions[3].vote == Vote(for_count=5, against_count=0, abstain_count=0)
    assert [d.number for d in meeting.decisions_taken] == [1, 5]


def test_a_motion_not_carried_is_never_called_a_decision(archive: Archive) -> None:
    meeting = archive.meeting_by_id[FIRST]
    assert [decision_label(d) for d in meeting.decisions] == [
        "Decision 1",
        "Lost motion 2",
        "Withdrawn motion 3",
        "Deferred motion 4",
        "Decision 5",
    ]
    assert archive.title_of(f"{FIRST}/d2") == "Lost motion 2, Milburn Parish Council, 4 March 2021"
    assert archive.title_of(f"{FIRST}/d5") == "Decision 5, Milburn Parish Council, 4 March 2021"


def test_counts_that_contradict_the_outcome_are_a_warning_at_the_decision(archive: Archive) -> None:
    shown = [str(warning).split("fixtures/posts/", 1)[-1] for warning in archive.warnings]
    # Lost 4-5, deferred 5-0 and carried 7-1 agree with their counts (or are not judged); carried 3-5 does not.
    assert shown == [CONTRADICTION]


def test_a_lost_motion_with_more_votes_for_is_a_warning_too(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            "people.yml": "ann-ash:\n  name: Ann Ash\n",
            "bodies.yml": "board:\n  name: The Board\n  kind: board\n",
            "m.md": """\
                ---
                body: board
                date: 2024-01-10
                status: approved
                decisions:
                  - {id: 1, item: 1, text: To buy a bench., vote: "6-3", outcome: lost}
                  - {id: 2, item: 1, text: To buy a bin., vote: "4-4", outcome: lost}
                ---

                ## 1. Benches
                """,
        },
    )
    warnings = [str(w).removeprefix(str(source) + "/") for w in load_archive(source, today=TODAY).warnings]
    # A tie is not judged: a chair's casting vote can carry or lose it.
    assert warnings == [
        "m.md:6: warning: decisions[0].vote: 6 for and 3 against, yet the motion is recorded as lost; it is "
        "published as written: check the counts and the outcome against the minutes"
    ]


def test_check_prints_the_warning_and_succeeds() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "minutes.py"), "check", "posts"],
        cwd=FIXTURES,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"posts/{CONTRADICTION}"]
    assert result.stdout.strip().endswith(": no mistakes; 1 warning above.")


def test_a_strict_build_succeeds_and_logs_the_warning(tmp_path: Path) -> None:
    build = build_site(tmp_path, FIXTURES / "posts")
    assert build.returncode == 0, build.output
    assert f"INFO    -  {FIXTURES / 'posts'}/{CONTRADICTION}" in build.output


def test_search_results_say_a_motion_was_lost(archive: Archive) -> None:
    fields = build_search_fields(archive)
    lost = dict(fields[f"decisions/{FIRST}/d2/"].meta)
    assert (lost["kind"], lost["status"]) == ("Decision", "lost")
    assert "status" not in dict(fields[f"decisions/{FIRST}/d5/"].meta)
