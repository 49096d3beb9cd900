"""Items, titles and attendance read from the shape and layout of a line, not from one body's wording."""

from __future__ import annotations

from pathlib import Path

from minutebook.importer.extract import SourceLine, extract_lines
from minutebook.importer.meeting import ParsedMeeting
from minutebook.importer.parse import parse_minutes


def parse(text: str) -> ParsedMeeting:
    return parse_minutes([SourceLine(n, t) for n, t in enumerate(text.split("\n"), start=1)], ["Elmwood Village Board"])


def titles(meeting: ParsedMeeting) -> list[str]:
    return [item.title for item in meeting.items]


BOLD_LINES = """# Village Board Minutes

**VILLAGE OF ELMWOOD**
**TUESDAY, JUNE 2, 2020**
**7:00 PM**
**REGULAR MEETING MINUTES**

**Present:** Mayor Ann Cole, Trustee Ben Ford, Trustee Cara Diaz

**Cole opened the meeting at 7:02 PM**

**Road Repairs**
The board reviewed the three bids for the resurfacing of Mill Lane.

**New Business:**
**Park Benches**
Ford made the motion to buy two benches for the green. Diaz seconded the motion. Motion passed 3-0.

**Cole made the following motion:**
**"To close the pool for the summer."** Ford seconded the motion. Motion passed 3-0.

**The board said they would meet again on June 9.**

**Library Hours**
The hours stay as they are until the autumn.
"""


def test_bold_lines_that_are_the_header_a_container_or_a_sentence_are_no_items() -> None:
    meeting = parse(BOLD_LINES)
    assert titles(meeting) == ["Road Repairs", "Park Benches", "Library Hours"]
    assert meeting.date == "2020-06-02"


RUN_ON = """UPTON PARISH COUNCIL
Minutes of the meeting held on 5 May 2021 at 7pm

Present: Cllr A Smith, Cllr B Jones

1. Village Hall Lighting a. The contractor has quoted for new lamps. b. The hall committee will pay half.

2. Tenancy of the Allotments The tenancy runs until 1.4.22. Renewal was discussed at length.

3. Tree Planting Clerk provided details of a scheme that gives free trees to parishes.

4. PLAYGROUND UPDATE On Saturday a new swing was fitted by volunteers from the village.

5. Appointment of Clerk to the Council

Mrs Jones was appointed from 1 June.

6. PLANNING MATTERS The following were discussed: a. 21/0101/F Extension at Mill House. No objections raised.

7. Upton Stores Ltd, Ann Dole, Director dba Upton Stores #2, 12 High Street, Upton, Sunday licence;
Renewal approved.
"""


def test_a_title_run_into_its_text_ends_where_the_text_begins() -> None:
    assert titles(parse(RUN_ON)) == [
        "Village Hall Lighting",
        "Tenancy of the Allotments",
        "Tree Planting",
        "Playground update",
        "Appointment of Clerk to the Council",
        "Planning matters",
        "Upton Stores Ltd, Ann Dole, Director dba Upton Stores #2, 12 High Street, Upton, Sunday licence",
    ]


def names(meeting: ParsedMeeting, kind: str) -> list[str]:
    return [attendee.written for attendee in meeting.attendance[kind]]


POSTS_BEFORE_NAMES = """VILLAGE OF ELMWOOD
Minutes of the board meeting held on 2 June 2020

Present: Chairman Carrie Lane, V. Chairman Tom Ash, Selectman Roy Pike, Town Manager Ann Dole, Finance Director Kim Roe

Others present: Superintendent of Public Works Gil Moor, Clerk of the Council Ada Finn

1. Road Repairs

The board reviewed the bids.

2. Library Hours

No change.
"""


def test_a_post_written_before_a_full_name_is_the_role_not_the_name() -> None:
    meeting = parse(POSTS_BEFORE_NAMES)
    assert names(meeting, "present") == ["Carrie Lane", "Tom Ash", "Roy Pike"]
    assert names(meeting, "in_attendance") == ["Ann Dole", "Kim Roe", "Gil Moor", "Ada Finn"]
    assert [a.role for a in meeting.attendance["present"]] == ["Chairman", "V. Chairman", "Selectman"]


def test_a_post_and_name_in_a_sentence_under_an_empty_label_is_no_attendee() -> None:
    text = (
        "ELMWOOD SCHOOL BOARD\nMinutes of the special meeting held on 2 June 2020\n\nOpen Session (A)\nThe president "
        "opened the meeting.\n\nRoll Call\nPresent:\nAnn Cole, president\n"
        "Ben Ford, member\nAbsent:\nVacant, clerk\n\nElection of Clerk (B-1)\nMs. Cole asked for nominations for the "
        "clerk post.\nChief of Staff Tom Ash and General Counsel Kim Roe gave a presentation on how to fill the seat.\n"
        "\nAdjournment (C)\nThe meeting ended at 8pm.\n"
    )
    meeting = parse(text)
    assert names(meeting, "absent") == []
    assert not [a for kind in meeting.attendance.values() for a in kind if a.written in ("Tom Ash", "Kim Roe")]


def test_a_pdf_whose_items_are_rows_of_a_ruled_table(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, "ELMWOOD PRIMARY SCHOOL\nMinutes of the Full Governing Body, 7 December 2020", new_x="LMARGIN")
    pdf.ln(4)
    rows = (
        ("GB 10/2021", "To record those present and accept apologies", "Apologies: Ann Cole, sanctioned.", ""),
        ("GB 11/2021", "To agree the minutes of the last meeting", "Agreed and signed as a true record.", "Clerk"),
        ("GB 12/2021", "Headteacher's report on the new reading scheme", "Governors asked about costs.", ""),
    )
    with pdf.table(col_widths=(30, 70, 120, 40), first_row_as_headings=False) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "minutes.pdf"
    pdf.output(str(path))
    source, problems = extract_lines(path, "minutes.pdf")
    assert source is not None, problems
    meeting = parse_minutes(source, [])
    assert [(item.number, item.title) for item in meeting.items] == [
        ("GB 10/2021", "To record those present and accept apologies"),
        ("GB 11/2021", "To agree the minutes of the last meeting"),
        ("GB 12/2021", "Headteacher's report on the new reading scheme"),
    ]
    assert [d.item for d in meeting.decisions] == [meeting.items[1].ref]


def test_lettered_parts_run_into_one_paragraph_are_read_one_by_one() -> None:
    text = (
        "UPTON PARISH COUNCIL\nMinutes of the meeting held on 5 May 2021 at 7pm\n\nPresent: Cllr A Smith\n\n"
        "1. PLANNING The following were considered a. 21/0101/F Extension at Mill House. No objections raised. "
        "b. 21/0102/F New barn at Elm Farm. No objections raised. c. 21/0103/F Garage at 4 High Street. Approval "
        "recommended.\n\n2. CLOSE\n\nThe meeting closed at 9pm.\n"
    )
    decisions = [d.text for d in parse(text).decisions]
    assert len(decisions) == 3
    assert "Mill House" in decisions[0] and "Elm Farm" not in decisions[0]
    assert "Elm Farm" in decisions[1] and "High Street" in decisions[2]


AGENDA_WITH_NOTES = """# Tools Council Meeting 2021-03-02

## Present

- Ann Cole
- Ben Ford

## Agenda

**Releases**

- The spring release slipped by a week because the test machines were moved to the new data centre last month.

**Mentoring**

- Two new mentors joined the programme this month and will each take on two projects from the incubator list.

## Next agenda

- Budget
"""


def test_an_agenda_whose_items_hold_the_notes_is_the_minutes() -> None:
    assert titles(parse(AGENDA_WITH_NOTES))[:2] == ["Releases", "Mentoring"]
