"""What the importer reads in the wordings and layouts issue 27 lists, one behaviour a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from minutebook.importer.extract import SourceLine
from minutebook.importer.meeting import ParsedMeeting
from minutebook.importer.nameshape import person_name
from minutebook.importer.parse import parse_minutes
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


CITY = "SUMMARY OF RIVERTON CITY COUNCIL MEETING\n\nMarch 3, 2023\n6:00 PM\n\n"


def test_roll_call_numbers_before_item_numbers() -> None:
    text = CITY + (
        "23-0101       1.   ROLL CALL:  Present:  Adams, Baker and Chen.  Absent: Diaz.\n\n"
        "23-0102       2.   APPROVING AGENDA, AS PRESENTED:  Moved by Baker.\n"
        "                   Motion Carried 3-0.\n\n"
        "23-0103        3.    Contract for Road Resurfacing on Elm Street and Direction to Staff to Prepare\n"
        "                     Schedules.  Moved by Chen to award the contract.  Motion Carried 3-0.\n\n"
        "23-0104        MOTION TO ADJOURN.  Moved by Adams to adjourn.    Motion Carried 3-0.\n"
    )
    meeting = parse(text)
    assert [(i.number, i.title) for i in meeting.items][:2] == [
        ("23-0101 1", "Roll call"),
        ("23-0102 2", "Approving agenda, as presented"),
    ]
    assert [i.number for i in meeting.items] == ["23-0101 1", "23-0102 2", "23-0103 3", "23-0104"]
    number = {item.ref: item.number for item in meeting.items}
    assert [(number[d.item], d.vote, d.proposer) for d in meeting.decisions] == [
        ("23-0102 2", "3-0", "Baker"),
        ("23-0103 3", "3-0", "Chen"),
        ("23-0104", "3-0", "Adams"),
    ]


def test_roll_call_present_and_absent_in_one_line() -> None:
    meeting = parse(
        CITY + "1.   ROLL CALL:  Present:  Adams, Baker and Chen.  Absent: Diaz.  Evans arrived at 6:05 p.m.\n\n"
        "2. CLOSE\n\nNone.\n"
    )
    assert names(meeting, "present") == ["Adams", "Baker", "Chen", "Evans"]
    assert names(meeting, "absent") == ["Diaz"]


def test_an_item_of_attendance_keeps_honorifics_and_initials() -> None:
    meeting = parse(HEADER + "1. Present: Mrs. Berry, Prof. Lund, B. Glover.\n\n2. CLOSE\n\nNone.\n")
    assert names(meeting, "present") == ["Mrs. Berry", "Prof. Lund", "B. Glover"]


def test_roll_call_names_after_a_label_ending_the_line() -> None:
    text = (
        CITY
        + "1.   ROLL CALL:  Present:  Adams, Baker and Chen.  Absent:\n     **Diaz.  Evans arrived at 6:05 p.m.**\n\n"
    )
    meeting = parse(text + "2. CLOSE\n\nNone.\n")
    assert names(meeting, "absent") == ["Diaz"]
    assert names(meeting, "present") == ["Adams", "Baker", "Chen", "Evans"]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Cllr Mrs Lee proposed acceptance of the Minutes seconded by Cllr Hand.    Unanimously Agreed",
            [
                (
                    "Cllr Mrs Lee proposed acceptance of the Minutes seconded by Cllr Hand.",
                    "Cllr Mrs Lee",
                    "Cllr Hand",
                )
            ],
        ),
        (
            "Cllr Mrs Lee proposed approval for payment seconded by Cllr Mrs Hull",
            [("Cllr Mrs Lee proposed approval for payment seconded by Cllr Mrs Hull", "Cllr Mrs Lee", "Cllr Mrs Hull")],
        ),
        (
            "A further signatory is needed.  Cllr Mrs Lee proposed Cllr Mrs Hull, seconded by Cllr Hand.  "
            "It was agreed that Cllr Mrs Hull will be the third signatory.",
            [("It was agreed that Cllr Mrs Hull will be the third signatory.", "Cllr Mrs Lee", "Cllr Hand")],
        ),
        (
            "The meeting was adjourned to hear the public.  "
            "Proposed by Cllr Lee, seconded by Cllr Hand  - Unanimously agreed",
            [
                (
                    "The meeting was adjourned to hear the public. "
                    "Proposed by Cllr Lee, seconded by Cllr Hand - Unanimously agreed",
                    "Cllr Lee",
                    "Cllr Hand",
                )
            ],
        ),
    ],
)
def test_parish_motions_proposed_and_seconded(paragraph: str, expected: list[tuple[str, str, str]]) -> None:
    meeting = parse(
        HEADER + "Present: Cllr A Lee, Cllr B Hand\n\n1. BUSINESS\n\n" + paragraph + "\n\n2. CLOSE\n\nNone.\n"
    )
    assert [(d.text, d.proposer, d.seconder) for d in meeting.decisions] == expected


def test_items_pasted_from_word_into_one_paragraph() -> None:
    text = HEADER + (
        "1. Election of Chairman It was proposed and seconded that Cllr Lee should remain as Chairman. "
        "With no other nominations Cllr Lee was duly elected. 2. The Minutes of the meeting held on 02/03/15 "
        "were agreed as a true record.\n\n"
        "3. Matters arising from previous meetings • It was requested that the fence by the play area be "
        "repaired before the summer. • Reported pot holes have been repaired. 4. Reports 4.1 Chairman’s Report "
        "Having given a report at 7.30 The Chairman had nothing further to report.\n\n5. CLOSE\n\nNone.\n"
    )
    meeting = parse(text)
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Election of Chairman"),
        ("2", "The Minutes of the meeting held on 02/03/15 were agreed as a true record."),
        ("3", "Matters arising from previous meetings"),
        ("4", "Reports"),
        ("5", "Close"),
    ]


def test_an_item_whose_title_is_its_record() -> None:
    text = HEADER + (
        "1. Apologies for absence accepted from: No apologies from councillors. "
        "Apologies from County Councillor C Sampson noted.\n\n"
        "2. The Minutes of the meeting held on 02/03/15 were agreed as a true record.\n\n"
        "3. Correspondence 3.1 Light Pollution Clause text\n\n4. CLOSE\n\nNone.\n"
    )
    meeting = parse(text)
    assert [(i.number, i.title) for i in meeting.items][0::2] == [
        ("1", "Apologies for absence"),
        ("3", "Correspondence"),
    ]
    assert [d.text for d in meeting.decisions] == [
        "The Minutes of the meeting held on 02/03/15 were agreed as a true record."
    ]
    assert names(meeting, "apologies") == ["County Councillor C Sampson"]


@pytest.mark.parametrize(
    ("paragraph", "owners"),
    [
        ("D. Pickston is going to try and contact the organiser again.", ("D. Pickston",)),
        ("Upon confirmation of this fact the clerk was instructed to put the matter in hand.", ("Clerk",)),
        ("The Chairman asked the Clerk to investigate and report back to the next meeting.", ("Clerk",)),
        (
            "The verge has had no attention and the clerk was instructed to ask the County Council to cut it.",
            ("Clerk",),
        ),
    ],
)
def test_actions_given_in_the_narrative(paragraph: str, owners: tuple[str, ...]) -> None:
    meeting = parse(
        HEADER + "Present: D. Pickston, Mrs. Willis\n\n1. ROADS\n\n" + paragraph + "\n\n2. CLOSE\n\nNone.\n"
    )
    assert [(a.owners, a.text) for a in meeting.actions] == [(owners, paragraph)]


def test_directions_to_staff_in_a_motion() -> None:
    text = CITY + (
        "1.   ROADS.  Moved by Chen to address the potholes as follows:\n\n"
        "   1. Direct city staff to repair the potholes on Elm Street before the winter.\n"
        "   2. Direct the City Manager to report on the road budget in a work session.\n\n"
        "   Motion Carried 3-0.\n\n2. CLOSE\n\nNone.\n"
    )
    meeting = parse(text)
    assert [a.owners for a in meeting.actions] == [("City staff",), ("City Manager",)]


def test_an_item_whose_title_is_a_task() -> None:
    text = (
        HEADER + "Present: Pete Jones, Ann Lee\n\n1. Clerk to write to the highways authority\n\nAbout the verge.\n\n"
    )
    meeting = parse(text + "2. CLOSE\n\nNone.\n")
    assert [(a.owners, a.text) for a in meeting.actions] == [(("Clerk",), "Clerk to write to the highways authority")]


def test_a_tsc_paragraph_with_two_owners_and_a_dashed_title() -> None:
    text = (
        HEADER
        + "Present : Owen Arnold, Stuart Campbell, Martyn Gigg\n\n"
        + (
            "1. There was some discussion on whether there should be a staff member from the facility on this "
            "committee.  The consensus was that there should be.\n\n"
            "2. Pull Requests - Owen will look at the open pull request from PSI\n\n"
            "3. We were asked for an estimate of the effort.  Stuart will speak to John Quigley (Sysadmin Lead) "
            "and Martyn will speak to Stephen Rankin (SysAdmin).\n"
        )
    )
    meeting = parse(text)
    assert [i.title for i in meeting.items][:2] == [
        "There was some discussion on whether there should be a staff member from the facility on this committee",
        "Pull Requests",
    ]
    assert [a.owners for a in meeting.actions] == [("Owen",), ("Stuart",), ("Martyn",)]


def test_a_numbered_paragraph_cut_for_its_title_is_read_whole() -> None:
    text = (
        HEADER
        + "Present : Owen Arnold, Stuart Campbell\n\n"
        + (
            "1. The initial draft of the remit of the Technical Steering Committee was ratified and has been uploaded "
            "into the document repository (initially in the Project Management directory).\n\n"
            "2. Pull Requests - Owen will look at the open pull request\n\n3. CLOSE\n\nNone.\n"
        )
    )
    meeting = parse(text)
    assert len(meeting.items) == 3
    assert [d.text for d in meeting.decisions] == [
        "The initial draft of the remit of the Technical Steering Committee was ratified and has been uploaded "
        "into the document repository (initially in the Project Management directory)."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "As glass is still being tipped it was agreed that Glazewing be asked to empty the bank now.",
        "It was finally agreed that a copy of the residents letter and these Minutes be sent to the MP.",
        "After discussions it was agreed that a Saltire should be supplied and raised.",
    ],
)
def test_a_task_the_meeting_agreed_with_no_one_named(sentence: str) -> None:
    meeting = parse(
        HEADER + "Present: Cllr A Lee, Cllr B Hand\n\n1. BUSINESS\n\n" + sentence + "\n\n2. CLOSE\n\nNone.\n"
    )
    assert [(a.owners, a.text) for a in meeting.actions] == [((), sentence)]


def test_a_matter_left_over_is_no_task() -> None:
    text = "It was agreed that the matter be left over to the next meeting."
    meeting = parse(HEADER + "Present: Cllr A Lee, Cllr B Hand\n\n1. BUSINESS\n\n" + text + "\n\n2. CLOSE\n\nNone.\n")
    assert meeting.actions == []


def test_officials_whose_brackets_wrap_across_the_line_spacing() -> None:
    text = HEADER + (
        "**OFFICIALS IN ATTENDANCE:**\n\n"
        "Director, Regional Services (Ms. C. Curley), Tenancy Enforcement Officer (Mr. P.\n\n"
        "McDermott), Clerical Officer (Ms. L. Harnett).\n\n1. MINUTES\n\nAgreed.\n\n2. CLOSE\n\nNone.\n"
    )
    assert names(parse(text), "in_attendance") == ["Ms. C. Curley", "Mr. P. McDermott", "Ms. L. Harnett"]


def test_a_motion_typed_with_wide_spaces_after_its_sentences() -> None:
    text = (
        HEADER
        + "Present: Cllr A Lee, Cllr B Hull\n\n1. DRAFT MINUTES\n\n"
        + (
            "**Cllr Lee proposed that Draft Minutes should not be released, seconded by Cllr Hull.   "
            "4 Votes for 2 Votes against.    Carried**\n\n"
            "A copy could be placed on chairs.   No decisions were made on these points.   The Chair thanked all.\n\n"
            "2. CLOSE\n\nNone.\n"
        )
    )
    meeting = parse(text)
    assert [(d.vote, d.proposer, d.seconder) for d in meeting.decisions] == [("4-2", "Cllr Lee", "Cllr Hull")]


def test_agreed_that_staff_would_attend_is_a_decision() -> None:
    text = "It was agreed that Engineering staff would attend Meetings of the District if items relate to their work."
    meeting = parse(HEADER + "Present: Cllr A Lee, Cllr B Hull\n\n1. STAFF\n\n" + text + "\n\n2. CLOSE\n\nNone.\n")
    assert [d.text for d in meeting.decisions] == [text]


@pytest.mark.parametrize(
    ("sentence", "actions"),
    [
        ("To be signed by the Chair", []),
        ("It was requested that evidence be obtained that the fence has been registered.", [()]),
    ],
)
def test_a_signature_is_no_task_and_a_request_is(sentence: str, actions: list[tuple[str, ...]]) -> None:
    meeting = parse(
        HEADER + "Present: Cllr A Lee, Cllr B Hull\n\n1. MINUTES\n\n" + sentence + "\n\n2. CLOSE\n\nNone.\n"
    )
    assert [a.owners for a in meeting.actions] == actions


@pytest.mark.parametrize(
    ("paragraphs", "vote"),
    [
        (
            "Moved by Daniels to adopt.\n\nYEAS: Daniels, Brooks, Flagg, Hensley. NAYS: Moss, Coleman. Motion Carried.",
            "4-2",
        ),
        (
            "Moved by Daniels to adopt. YEAS: Daniels, Brooks and Flagg. NAYS: None. ABSENT: Coleman. Motion Carried.",
            "3-0",
        ),
    ],
)
def test_a_roll_call_vote_is_counted_by_its_names(paragraphs: str, vote: str) -> None:
    meeting = parse(
        CITY
        + "1. ROLL CALL: Present: Daniels, Brooks, Flagg\n\n2. PAVING CONTRACT\n\n"
        + paragraphs
        + "\n\n3. CLOSE\n\nNone.\n"
    )
    assert [(d.text, d.vote, d.proposer) for d in meeting.decisions] == [
        ("Moved by Daniels to adopt.", vote, "Daniels")
    ]


def test_attendance_labels_written_as_sentences() -> None:
    meeting = parse(
        "# Friends of Upton Park board meeting, March 3, 2024\n\nBoard members in attendance were:\n\n- Ann Lee\n"
        "- Raj Patel\n\nAlso in attendance were:\n\n- Sue Green (Assistant to Treasurer)\n\n"
        "## Finances\n\nBalance is fine.\n"
    )
    assert names(meeting, "present") == ["Ann Lee", "Raj Patel"]
    assert names(meeting, "in_attendance") == ["Sue Green"]


def test_a_roll_call_in_the_middle_of_a_paragraph_with_titled_members() -> None:
    meeting = parse(
        "Meeting Minutes: March 8, 2024\n\n**1\\. Call to Order & Roll Call**\n\n"
        "Chair Lee called the meeting to order at 6:10 p.m. Present: Members Adams, Lee, Patel. "
        "Member Wu arrived late at 6:30 p.m during item #5.\n\n"
        "**2\\. Approval of Minutes**\n\nMember Adams moved to approve the minutes. The motion carried, 3-0.\n"
    )
    assert names(meeting, "present") == ["Member Adams", "Member Lee", "Member Patel", "Member Wu"]


def test_a_title_set_apart_from_its_text_by_a_full_stop_or_a_semicolon() -> None:
    meeting = parse(
        HEADER + "1. Apologies. District Councillor Ann Lee and County Councillor Raj Patel.\n\n"
        "2. Declarations of Interest. No declarations of interest were made.\n\n"
        "3. Cllr A. Smith's report on the footpaths\n\n"
        "4. Tap House, 4 Easton Road; New Application (With Sunday Sales)\n"
    )
    assert [i.title for i in meeting.items] == [
        "Apologies",
        "Declarations of Interest",
        "Cllr A. Smith's report on the footpaths",
        "Tap House, 4 Easton Road",
    ]


DISTRICT = (
    "MINUTES OF THE MEETING OF UPTON DISTRICT HELD ON MONDAY, 18TH FEBRUARY, 2019\n\nPRESENT IN THE CHAIR:\n\n"
    "Councillor Ann Lee.\n\nMEMBERS PRESENT:\n\nCouncillors Patel, Wu and Green.\n\n"
)


def test_apologies_said_in_a_sentence_before_the_first_item() -> None:
    meeting = parse(
        DISTRICT + "Apologies for their inability to attend were received from Cllr Gleeson and Cllr Ryan.\n\n"
        "1. Adoption of Minutes\n\nAdopted.\n"
    )
    assert names(meeting, "apologies") == ["Cllr Gleeson", "Cllr Ryan"]


def test_and_resolved_with_the_resolution_in_the_next_paragraph() -> None:
    meeting = parse(
        DISTRICT + "1. Adoption of Minutes\n\nCirculated, copy of draft Minutes of the meeting of 21st January.\n\n"
        "Proposed by Councillor Patel; Seconded by Councillor Wu. And Resolved:\n\n"
        "“That the draft Minutes, as circulated, be taken as read and adopted and signed.”\n\n2. Close\n\nNone.\n"
    )
    assert [(d.item, d.text) for d in meeting.decisions] == [
        ("1", "“That the draft Minutes, as circulated, be taken as read and adopted and signed.”")
    ]


def test_a_promise_said_at_the_meeting_is_an_action_not_a_decision() -> None:
    meeting = parse(
        "Meeting Minutes: March 8, 2024\n\n**1\\. Call to Order & Roll Call**\n\n"
        "Chair Lee called the meeting to order at 6:10 p.m. Present: Members Adams, Lee, Patel, Wu.\n\n"
        "**2\\. Member Reports**\n\nIt was confirmed that Member Wu would present at the March 21 meeting.\n\n"
        "Member Patel said he would write a recommendation related to using shims.\n"
    )
    assert [(a.owners, a.text) for a in meeting.actions] == [
        (("Member Wu",), "Present at the March 21 meeting."),
        (("Member Patel",), "Write a recommendation related to using shims."),
    ]
    assert meeting.decisions == []


def test_a_heading_that_says_its_list_was_approved_and_the_board_approving() -> None:
    meeting = parse(
        "# Friends of Upton Park board meeting, March 3, 2024\n\nBoard members in attendance were:\n\n- Ann Lee\n"
        "- Raj Patel\n\n## Grants approved\n\n- Upton Fair: GBP 200.00\n- Park Run: GBP 150.00\n\n"
        "## Trademark question\n\n"
        "Adam Hill wrote about the logo. The board approves the proposed use.\n\n## Reports\n\n"
        "County Cllr Webb reported that this has been passed on to the county.\n"
    )
    assert [d.text for d in meeting.decisions] == [
        "Grants approved: Upton Fair: GBP 200.00; Park Run: GBP 150.00",
        "The board approves the proposed use.",
    ]
