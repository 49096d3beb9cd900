"""The importer degrades, never collapses: each kind of fact is read on its own, and what it cannot tell
apart it keeps for review (one item holding the text, a date from the file name or --date, an action
with no owner named), instead of refusing the whole document."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import FIXTURES, ROOT

from minutebook.importer.extract import SourceLine, extract_lines
from minutebook.importer.lines import read_lines
from minutebook.importer.meeting import ParsedMeeting
from minutebook.importer.parse import parse_minutes
from minutebook.importer.report import render_report
from minutebook.importer.run import import_file

ARCHIVE = FIXTURES / "import/archive"


def parse(text: str) -> ParsedMeeting:
    return parse_minutes([SourceLine(n, t) for n, t in enumerate(text.split("\n"), start=1)], ["Upton Parish Council"])


def archive(tmp_path: Path) -> Path:
    source = tmp_path / "minutes"
    source.mkdir()
    for name in ("people.yml", "bodies.yml"):
        shutil.copy(ARCHIVE / name, source / name)
    return source


PROSE = (
    "Upton Parish Council\n"
    "Minutes of the meeting held on Wednesday 5 May 2021 at 7pm in the Village Hall\n\n"
    "Present: Cllr Peter Batty (Chair), Cllr Jane Batty\n\n"
    "The council discussed the state of the bus shelter at some length and heard from two residents.\n"
    "It was agreed that the bus shelter be repainted in June.\n"
    "Sarah Jones to order the paint.\n"
)


def test_with_no_items_to_tell_apart_the_business_is_one_item_and_every_fact_is_still_read(tmp_path: Path) -> None:
    meeting = parse(PROSE)
    assert [item.title for item in meeting.items] == ["Minutes"]
    assert meeting.date == "2021-05-05" and [a.written for a in meeting.attendance["present"]] == [
        "Cllr Peter Batty",
        "Cllr Jane Batty",
    ]
    assert [d.text for d in meeting.decisions] == ["It was agreed that the bus shelter be repainted in June."]
    assert [a.owners for a in meeting.actions] == [("Sarah Jones",)]
    path = tmp_path / "prose.txt"
    path.write_text(PROSE, encoding="utf-8")
    result = import_file(path, archive(tmp_path), body="upton-parish-council")
    assert result.written and not result.succeeded  # written for review, never called a success
    assert "no items could be told apart" in render_report(result)


def test_the_meeting_line_dates_the_meeting_not_a_web_page_posting_date_or_an_approval_date_in_a_corner() -> None:
    page = (
        "---\ntitle: Parish council minutes\ndate: 2017-09-05\n---\n\n"
        "Upton Parish Council - Extraordinary Meeting Wednesday 19th July 2017, 7.30pm Village Hall\n\n"
        "1. APOLOGIES\n\nNone.\n\n2. CLOSE\n\nClosed at 8pm.\n"
    )
    assert parse(page).date == "2017-07-19"
    corner = "                                         04/11/2023\n\nBoard of Education Minutes\nMarch 31, 2023\n\n"
    assert parse(corner + "Roll Call (A)\nPresent: Pam Costa\n\nAdjournment (B)\nAdjourned.\n").date == "2023-03-31"


def test_a_date_missing_from_the_text_comes_from_the_file_name_else_from_date(tmp_path: Path) -> None:
    text = (
        "Present: Cllr Peter Batty\n\n1. Bins\n\nThe next meeting will be held on 2 June 2021.\n\n2. Close\n\nNone.\n"
    )
    source = archive(tmp_path)
    named = tmp_path / "20210505.txt"
    named.write_text(text, encoding="utf-8")
    result = import_file(named, source, body="upton-parish-council", dry_run=True)
    assert result.front["date"] == "2021-05-05" and not result.errors
    assert any("the date is the one in the file name" in note.reason for note in result.unplaced)

    bare = tmp_path / "minutes-may.txt"
    bare.write_text(text, encoding="utf-8")
    result = import_file(bare, source, body="upton-parish-council", dry_run=True)
    assert "give it with --date YYYY-MM-DD" in render_report(result)
    assert [item.title for item in result.parsed.items] == ["Bins", "Close"]  # the rest is read all the same
    assert result.front["next_meeting"] == {"date": "2021-06-02"}

    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts/minutes.py"), "import", str(bare), "--source", str(source)]
        + ["--body", "upton-parish-council", "--date", "2021-05-05", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "meeting: upton-parish-council 2021-05-05" in run.stdout, run.stdout + run.stderr
    wrong = subprocess.run(
        [sys.executable, str(ROOT / "scripts/minutes.py"), "import", str(bare), "--date", "5/5/21"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1 and "'5/5/21' is not a date written YYYY-MM-DD" in wrong.stderr


OWNERLESS = (
    "Upton Parish Council\nMinutes of the meeting held on 5 May 2021\n\nPresent: Cllr Peter Batty, Cllr Jane Batty\n\n"
    "1. Bus shelter\n\nA letter is to be sent to the bus company about the shelter.\n\n2. Close\n\nNone.\n"
)


def test_an_action_given_to_no_one_keeps_no_owner_named_on_the_page_and_in_the_report(tmp_path: Path) -> None:
    source = archive(tmp_path)
    path = tmp_path / "ownerless.txt"
    path.write_text(OWNERLESS, encoding="utf-8")
    result = import_file(path, source, body="upton-parish-council", add_people=True)
    assert result.target is not None and result.written
    front = yaml.safe_load(result.target.read_text(encoding="utf-8").split("---")[1])
    # Never the body itself, never a guessed person: the placeholder post, added to the body's posts.
    assert front["actions"][0]["owners"] == ["No owner named"]
    bodies = yaml.safe_load((source / "bodies.yml").read_text(encoding="utf-8"))
    assert bodies["upton-parish-council"]["posts"]["no-owner-named"]["name"] == "No owner named"
    assert result.check == []  # the file passes the checker with the placeholder
    assert "an action with no owner named" in render_report(result)


def test_attendance_is_written_once_in_the_front_matter_not_again_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(OWNERLESS, encoding="utf-8")
    result = import_file(path, archive(tmp_path), body="upton-parish-council", dry_run=False)
    assert result.target is not None
    text = result.target.read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    assert "Present:" not in body and "batty" not in body.lower()
    assert "peter-batty" in text.split("---", 2)[1]


def test_an_owner_printed_at_the_right_of_the_line_owns_the_action() -> None:
    meeting = parse(
        "Upton Parish Council\nMinutes of the meeting held on 5 May 2021\n\n"
        "Present: Cllr Peter Batty, Cllr Jane Batty\n\n"
        "1. Notice board\n\nCllr Jane Batty gave details of the notice board and it was agreed to buy it.\t\t\tClerk\n"
        "Bank statement dated 30 April 2021 - balance of £1,511.78\t\t\tNoted\n\n2. Close\n\nNone.\n"
    )
    assert [(a.owners, a.text) for a in meeting.actions] == [
        (("Clerk",), "Cllr Jane Batty gave details of the notice board and it was agreed to buy it.")
    ]
    assert len(meeting.decisions) == 1


def test_an_agenda_and_underlined_headings_are_not_the_items() -> None:
    meeting = parse(
        "Agenda\n======\n\n* Ubuntu support\n* Fedora support\n\nMinutes\n-------\nAttendees: Gigg, Hahn, Moore\n\n"
        "* Dropping support for 14.04\n  * Pete will email the dev list about the change\n"
        "* clang-format will move to v5\n"
        "* Developer site update\n  * Steve will move the wiki pages\n"
    )
    assert [item.title for item in meeting.items] == [
        "Dropping support for 14.04",
        "clang-format will move to v5",
        "Developer site update",
    ]
    assert [a.owners for a in meeting.actions] == [("Pete",), ("Steve",)]


def test_apologies_said_in_an_item_and_a_list_that_ends_with_a_post(tmp_path: Path) -> None:
    meeting = parse(
        "Upton Parish Council - Meeting Wednesday 19th July 2017\n\n"
        "PRESENT: Cllr R. Crisp (Chairman), Cllr C. Anderson and Mrs N. Cooper, Clerk.\n\n"
        "1. ACCEPTANCE OF APOLOGIES FOR ABSENCE Apologies of absence were provided for Cllr A Muir and Cllr S Leet."
        " These were accepted by all.\n\n2. TO RECEIVE APOLOGIES: None.\n\n3. CLOSE\n\nNone.\n"
    )
    assert [a.written for a in meeting.attendance["present"]] == ["Cllr R. Crisp", "Cllr C. Anderson"]
    assert [(a.written, a.role) for a in meeting.attendance["in_attendance"]] == [("Mrs N. Cooper", "Clerk")]
    assert [a.written for a in meeting.attendance["apologies"]] == ["Cllr A Muir", "Cllr S Leet"]
    assert meeting.items[0].title == "Acceptance of apologies for absence"


def test_a_motion_followed_by_its_outcome_and_a_bare_approval_under_its_title() -> None:
    meeting = parse(
        "Board of Education Minutes\nMarch 31, 2023\n\nElection of Clerk (B-1)\n"
        "It was moved by Ms. Villescaz, seconded by Ms. Creason, that Mr. Hernandez be elected clerk. MOTION CARRIED"
        " UNANIMOUSLY [AYES: Creason, Costa; NOES: None].\n\nOfficers (B-2)\n\n**Cart for President.**\n\n"
        "Proposed by: Cart\n\nUnanimously approved.\n\nAdjournment (C)\nAdjourned.\n"
    )
    assert [item.number for item in meeting.items] == ["B-1", "B-2", "C"]
    assert [d.text for d in meeting.decisions] == [
        "It was moved by Ms. Villescaz, seconded by Ms. Creason, that Mr. Hernandez be elected clerk.",
        "Cart for President. Unanimously approved.",
    ]
    assert meeting.decisions[1].proposer == "Cart"


def test_a_pdf_keeps_its_bold_headings_and_paragraphs(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    for bold, text in (
        (True, "Minutes of the Upton Parish Council meeting, 5 May 2021"),
        (False, "Present: Cllr Peter Batty, Cllr Jane Batty"),
        (True, "Bus shelter"),
        (False, "It was agreed that the shelter be repainted."),
        (True, "Bins"),
        (False, "The bins are emptied weekly."),
    ):
        pdf.set_font("DejaVu", "B" if bold else "", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "minutes.pdf"
    pdf.output(str(path))
    source, problems = extract_lines(path, "minutes.pdf")
    assert source is not None, problems
    assert "**Bus shelter**" in [line.text for line in source]
    meeting = parse_minutes(source, [])
    assert [item.title for item in meeting.items] == ["Bus shelter", "Bins"]


def test_a_typed_number_in_word_is_an_item_not_a_list(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in (
        "Minutes of the meeting held on 19 May 2015",
        "Present: Cllr Peter Batty, Cllr Jane Batty",
        "1. Home and Social Development",
        "It was agreed that engineering staff would attend the meetings.",
    ):
        document.add_paragraph(text)
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    source, _problems = extract_lines(path, "minutes.docx")
    assert source is not None
    assert [item.title for item in parse_minutes(source, []).items] == ["Home and Social Development"]


def test_a_pdf_page_that_opens_indented_keeps_its_indent(tmp_path: Path) -> None:
    """pypdf lays out each page from its own leftmost letter; the second page's bullets stay under the first's."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", "", 11)
    pdf.add_page()
    for indent, text in ((10, "Minutes of the Board, 5 May 2021"), (20, "• Topics"), (40, "• Bus shelter repainting")):
        pdf.set_x(indent)
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for indent, text in ((40, "• Bins emptied weekly"), (60, "• The contract ends in June")):
        pdf.set_x(indent)
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "minutes.pdf"
    pdf.output(str(path))
    source, problems = extract_lines(path, "minutes.pdf")
    assert source is not None, problems
    indents = {line.text.strip(): len(line.text) - len(line.text.lstrip()) for line in source if "- " in line.text}
    assert indents["- Bus shelter repainting"] == indents["- Bins emptied weekly"] > indents["- Topics"]
    assert indents["- The contract ends in June"] > indents["- Bins emptied weekly"]
    depths = {line.text: line.depth for line in read_lines(source) if line.depth >= 0}
    assert depths == {
        "Topics": 0,
        "Bus shelter repainting": 1,
        "Bins emptied weekly": 1,
        "The contract ends in June": 2,
    }


def test_restructuredtext_titles_are_headings() -> None:
    text = (
        "=================\nUpton Charity AGM\n=================\n\n"
        "Apologies\n~~~~~~~~~\n\nNone.\n\nAccounts\n~~~~~~~~\n\nThe accounts were approved.\n\n"
        "Close\n~~~~~\n\nThe meeting closed.\n"
    )
    lines = read_lines([SourceLine(n, t) for n, t in enumerate(text.split("\n"), start=1)])
    assert [(line.text, line.heading) for line in lines if line.heading] == [
        ("Upton Charity AGM", 1),
        ("Apologies", 3),
        ("Accounts", 3),
        ("Close", 3),
    ]
    assert not any(line.text.strip("=~") == "" and not line.furniture for line in lines if line.raw.strip())


def test_a_pdf_heading_level_follows_its_type_size(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    for size, text in (
        (18, "Upton School Governing Body"),
        (11, "Minutes of the meeting held on 5 May 2021. Present: Ann Lee, Raj Patel"),
        (14, "Budget"),
        (11, "The budget was approved."),
        (14, "Premises"),
        (11, "The roof is to be repaired."),
    ):
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "minutes.pdf"
    pdf.output(str(path))
    source, problems = extract_lines(path, "minutes.pdf")
    assert source is not None, problems
    assert [line.text for line in source if line.text.startswith("#")] == [
        "# Upton School Governing Body",
        "## Budget",
        "## Premises",
    ]
