"""What the importer reads in the wordings and layouts issue 27 lists, one behaviour a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from minutebook.importer.extract import SourceLine
from minutebook.importer.nameshape import person_name
from minutebook.importer.parse import ParsedMeeting, parse_minutes
from minutebook.importer.run import import_file
from minutebook.importer.write import supports


def parse(text: str) -> ParsedMeeting:
    return parse_minutes([SourceLine(n, t) for n, t in enumerate(text.split("\n"), start=1)], ["Upton Parish Council"])


def names(meeting: ParsedMeeting, kind: str) -> list[str]:
    return [a.written for a in meeting.attendance[kind]]


HEADER = "UPTON PARISH COUNCIL\nMinutes of the meeting held on 5 May 2021 at 7pm\n\n"


@pytest.mark.parametrize(
    ("line", "outcome", "vote"),
    [
        ("RESOLVED that the Standing Orders be revised. Defeated, 4-5-1.", "lost", "4-5-1"),
        ("Motion to close the car park. MOTION FAILED 3-3", "lost", "3-3"),
        ("It was agreed to buy a new bench. Approved, 9-1-0.", "carried", "9-1-0"),
        ("RESOLVED that the grant be paid. Carried 7 for, 1 abstention.", "carried", "7-0-1"),
        ("The motion to sell the field was withdrawn.", "withdrawn", ""),
    ],
)
def test_outcomes_and_votes_as_written(line: str, outcome: str, vote: str) -> None:
    meeting = parse(HEADER + "Present: Cllr A Smith, Cllr B Jones\n\n1. MOTIONS\n\n" + line + "\n\n2. CLOSE\n\nNone.\n")
    assert [(d.outcome, d.vote) for d in meeting.decisions] == [(outcome, vote)]


def test_a_false_item_never_swallows_the_rest() -> None:
    text = HEADER + (
        "1. APOLOGIES\n\nNone.\n\n2. FINANCE\n\nPayments:\n701.03 Total for the month\n"
        "10 June 2020 was the date of the audit.\n\n3. PLANNING\n\nNo applications.\n\n4. CLOSE\n\nEnded 9pm.\n"
    )
    assert [i.number for i in parse(text).items] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("PRESENT IN THE CHAIR: Councillor Mary Evans\n", "present", ["Councillor Mary Evans"]),
        ("QUORUM. ROLL CALL: Present: Smith, Jones, Patel\n", "present", []),
        ("ROLL CALL: Present: Smith, Jones, Patel\n", "present", ["Smith", "Jones", "Patel"]),
        ("Apologies received from Cllrs. Hughes and Shah\n", "apologies", ["Cllr Hughes", "Cllr Shah"]),
        ("Attendance: D Clements (Chair), C Hardy, J Moss\n", "present", ["D Clements", "C Hardy", "J Moss"]),
        (
            "The following members of the Board were present at the meeting: Ann Lee, Raj Patel and Tom Wu\n",
            "present",
            ["Ann Lee", "Raj Patel", "Tom Wu"],
        ),
        ("Directors Present:\nAnn Lee\nRaj Patel\n\nDirectors Absent:\nTom Wu\n", "absent", ["Tom Wu"]),
        ("Attendees | Tony Brown (Chair) | Sue Green\nInvited | Ravi Shah\n", "in_attendance", ["Ravi Shah"]),
        (
            "Present\nCouncillors D Richardson (Chair) N Cresswell and P Moran     Clerk J Connelly\n",
            "in_attendance",
            ["J Connelly"],
        ),
    ],
)
def test_attendance_in_other_words(text: str, kind: str, expected: list[str]) -> None:
    meeting = parse(HEADER + text + "\n1. MINUTES\n\nAgreed.\n\n2. CLOSE\n\nNone.\n")
    assert names(meeting, kind) == expected


def test_a_post_is_never_a_person(tmp_path: Path) -> None:
    source = tmp_path / "minutes"
    shutil.copytree(FIXTURES / "import/archive", source)
    (tmp_path / "m.txt").write_text(
        HEADER + "Present: Cllr Peter Batty, Cllr Jane Batty\nIn attendance: the Clerk\n\n"
        "1. ROADS\n\nThe Clerk to write to the highways authority.\n\n2. CLOSE\n\nNone.\n",
        encoding="utf-8",
    )
    result = import_file(tmp_path / "m.txt", source, add_people=True)
    assert result.front["in_attendance"] == ["Clerk"]
    assert [a["owners"] for a in result.front["actions"]] == [["Clerk"]]
    assert result.posts == ["Clerk"] and result.added == []
    assert "Clerk" not in (source / "people.yml").read_text(encoding="utf-8").split("# Added")[-1]
    if supports("posts"):
        # with --add-people the post goes on the body in bodies.yml, and the file passes the checker
        assert result.added_posts == ["Clerk"] and result.check == []
        assert "    clerk:\n      name: Clerk" in (source / "bodies.yml").read_text(encoding="utf-8")


@pytest.mark.skipif(not supports("outcome"), reason="the format has no decision outcome yet")
def test_a_lost_motion_is_written_as_lost(tmp_path: Path) -> None:
    source = tmp_path / "minutes"
    shutil.copytree(FIXTURES / "import/archive", source)
    (tmp_path / "m.txt").write_text(
        HEADER + "Present: Cllr Peter Batty, Cllr Jane Batty\n\n1. STANDING ORDERS\n\n"
        "Proposed by Cllr Jane Batty, seconded by Cllr Peter Batty.\n"
        "RESOLVED that the revised Standing Orders be adopted. Defeated, 4-5-1.\n\n2. CLOSE\n\nNone.\n",
        encoding="utf-8",
    )
    result = import_file(tmp_path / "m.txt", source)
    (decision,) = result.front["decisions"]
    assert (decision["outcome"], decision["vote"]) == ("lost", "4-5-1")
    assert (decision["proposed_by"], decision["seconded_by"]) == ("jane-batty", "peter-batty")
    assert result.check == []


@pytest.mark.parametrize(
    "text",
    [
        "Register of Interests",
        "The Clerk",
        "Head teacher",
        "Minutes from last meeting",
        "Matters Arising",
        "Eden District Council",
        "Next Meeting",
        "Vice Chair",
    ],
)
def test_add_people_refuses_headings_phrases_and_posts(text: str) -> None:
    assert not person_name(text)


@pytest.mark.parametrize("text", ["Danny O'Neill", "Cllr Yarwood", "Phoebe-Jean Harris", "Cllr Mrs B Abbott"])
def test_add_people_takes_names(text: str) -> None:
    assert person_name(text)
