"""scripts/minutes.py import: legacy minutes (text, Word, PDF) -> meeting files that pass the checker.

Golden files: tests/fixtures/import/<case>.txt beside <case>.expected.json. Each
case is imported three ways -- as text, as a Word file made here with
python-docx, and as a text-layer PDF made here with fpdf2 -- and must give the
same facts. Set UPDATE_GOLDEN=1 to rewrite the .expected.json files (then review the diff).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, UPDATE_GOLDEN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutebook.importer.extract import SourceLine, extract_lines
from minutebook.importer.matching import MatchStatus, NameMatcher, slugify_person
from minutebook.importer.parse import parse_minutes
from minutebook.importer.report import render_report
from minutebook.importer.result import ImportResult
from minutebook.importer.run import import_file, propose_people
from minutebook.importer.titles import sentence_case
from minutebook.importer.write import supports
from minutebook.load import load_archive, load_meeting
from minutebook.model import AttendanceKind, Meeting
from minutebook.registry import load_registry

IMPORT = FIXTURES / "import"
CASES = sorted(path.stem for path in IMPORT.glob("*.txt"))
# The published text of the seed meeting (a copy of shared/examples/), transcribed by hand in meetings/2018/.
SEED = IMPORT / "seed/2018-10-24-improvement-board.txt"
# Lines that steer the parser, mixed with random text by the property test.
FRAGMENTS = [
    "",
    "RESOLVED:",
    "RESOLVED that",
    "(1) That",
    "ACTION:",
    "ACTIONS:",
    "- X to do",
    "Present:",
    "Apologies for absence:",
    "Absent",
    "1. MINUTES",
    "2.",
    "21.44",
    "Cou/285/07-08",
    "Cllr A Smith (arrived at 7pm)",
    "\t\t",
    "Proposed by , seconded by",
    "declared an interest in item 9",
    "The next meeting will be held on 31 February",
    "12/13/2020 at 99.99pm",
    "(",
    "#",
    "## 2. X",
    "Councillors and",
    "one member of the public",
    "For: 1, Against: 2",
    "EXEMPT",
    "In the Chair:",
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_docx(text: str, path: Path) -> Path:
    """A Word file as a clerk would have typed it: tab-separated lines as a table, "- " lines as bullets."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if not line.strip():
            continue  # Word has paragraphs, not blank lines
        stripped = line.lstrip()
        if stripped.startswith("- "):
            document.add_paragraph(
                stripped[2:].replace("**", ""), style="List Bullet 2" if line.startswith(" ") else "List Bullet"
            )
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(line.replace("**", "")).bold = line.startswith("**")
    flush()
    document.save(str(path))
    return path


def make_pdf(text: str, path: Path) -> Path:
    """A text-layer PDF: one source line per PDF line (wide page, small type, so nothing wraps)."""
    from fpdf import FPDF

    if not FONT.exists():
        pytest.skip(f"{FONT} is needed to set non-Latin-1 text in a PDF")
    pdf = FPDF(orientation="landscape", format="A3")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=7)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_page()
    for line in text.split("\n"):
        # A typeset list shows "name – role" where the text export had a tab.
        pdf.cell(w=0, h=4, text=line.replace("\t", " – ").replace("**", "") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_source(tmp_path: Path, registry_from: Path) -> Path:
    source = tmp_path / "minutes"
    source.mkdir()
    for name in ("people.yml", "bodies.yml"):
        shutil.copy(registry_from / name, source / name)
    return source


def document(case_text: Path, kind: str, tmp_path: Path) -> Path:
    if kind == "txt":
        return case_text
    text = case_text.read_text(encoding="utf-8")
    target = tmp_path / f"{case_text.stem}.{kind}"
    return make_docx(text, target) if kind == "docx" else make_pdf(text, target)


def meeting_facts(meeting: Meeting) -> dict[str, Any]:
    """The facts of a loaded meeting, in the archive's own terms (ids, not prose)."""
    nm = meeting.next_meeting
    return {
        "body": meeting.body,
        "date": meeting.date.isoformat(),
        "start": meeting.start,
        "end": meeting.end,
        "location": meeting.location,
        "chair": meeting.chair,
        **{
            kind.value: [[a.person, a.role] for a in meeting.attendees(kind)]
            for kind in (AttendanceKind.PRESENT, AttendanceKind.IN_ATTENDANCE, AttendanceKind.APOLOGIES)
        },
        "substitutes": [[s.person, s.replaces] for s in meeting.substitutes],
        "declarations": [[d.person, d.item, d.interest] for d in meeting.declarations],
        "items": [[item.number, item.title] for item in meeting.items],
        "decisions": [
            {
                "item": d.item,
                "text": d.text,
                "vote": [d.vote.for_count, d.vote.against_count, d.vote.abstain_count] if d.vote else None,
                **({"outcome": d.outcome.value} if d.outcome.value != "carried" else {}),
                **(
                    {"proposed_by": d.proposed_by.person or d.proposed_by.post}
                    | ({"seconded_by": d.seconded_by.person or d.seconded_by.post} if d.seconded_by else {})
                    if d.proposed_by
                    else {}
                ),
            }
            for d in meeting.decisions
        ],
        "actions": [
            {
                "item": a.item,
                "owners": [o.id for o in a.owners],
                "text": a.text,
                "due": a.due.isoformat() if a.due else None,
            }
            for a in meeting.actions
        ],
        "next_meeting": {"date": nm.date.isoformat(), "start": nm.start, "end": nm.end, "location": nm.location}
        if nm
        else None,
    }


def imported(result: ImportResult, source: Path) -> Meeting:
    assert not result.errors, render_report(result)
    if result.posts and not supports("posts"):
        pytest.skip(f"names the posts {result.posts}: the format has no posts yet (bodies.schema.json has no 'posts')")
    assert not result.check, render_report(result)
    registry, problems = load_registry(source)
    assert not problems
    assert result.target is not None
    meeting, problems = load_meeting(result.target, source, registry, str(result.target))
    assert meeting is not None and not problems, problems
    return meeting


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, kind: str, tmp_path: Path) -> None:
    """Each layout, in each file format, gives the facts in its golden file and passes the real checker."""
    source = make_source(tmp_path, IMPORT / "archive")
    path = document(IMPORT / f"{case}.txt", kind, tmp_path)
    result = import_file(path, source, add_people=True)
    facts = meeting_facts(imported(result, source))
    assert result.parsed is not None
    facts["report"] = {
        "added": [[p.id, p.name, p.honorific] for p in result.added],
        "absent": [a.written for a in result.parsed.attendance["absent"]],
        "public": [text for _line, text in result.parsed.public],
        # notes such as "(arrived at 7.01pm)" are kept in the file but not in the archive's model
        "notes": [
            [entry["person"], entry["note"]]
            for kind in ("present", "in_attendance", "apologies")
            for entry in result.front.get(kind, ())
            if isinstance(entry, dict) and "note" in entry
        ],
        "unplaced": [[u.line, u.text] for u in result.unplaced],
    }
    golden = IMPORT / f"{case}.expected.json"
    if kind == "txt" and UPDATE_GOLDEN:
        golden.write_text(golden_json(facts) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    if kind != "txt":
        # Word counts paragraphs and a PDF counts its own lines: compare what was left over, not where.
        for entry in (facts, expected):
            entry["report"]["unplaced"] = [text for _line, text in entry["report"]["unplaced"]]
    assert facts == expected
    archive = load_archive(source)  # the whole temporary archive, as `minutes.py check` reads it
    assert len(archive.meetings) == 1


def golden_json(value: Any, indent: str = "") -> str:
    """JSON with one fact per line: easy to review in a diff."""
    inner = indent + "  "
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        body = ",\n".join(f"{inner}{json.dumps(k)}: {golden_json(v, inner)}" for k, v in value.items())
        return "{\n" + body + "\n" + indent + "}"
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + golden_json(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def seed_facts(meeting: Meeting) -> dict[str, Any]:
    facts = meeting_facts(meeting)
    facts["items"] = [number for number, _title in facts["items"]]  # titles are prose: case may differ
    return facts


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_seed_meeting_matches_hand_transcription(kind: str, tmp_path: Path) -> None:
    """Importing the example text gives the facts of meetings/2018/2018-10-24-improvement-board.md."""
    source = make_source(tmp_path, ROOT / "meetings")
    path = document(SEED, kind, tmp_path)
    result = import_file(path, source, body="improvement-board")
    got = seed_facts(imported(result, source))

    registry, _ = load_registry(ROOT / "meetings")
    hand_path = ROOT / "meetings/2018/2018-10-24-improvement-board.md"
    hand, problems = load_meeting(hand_path, ROOT / "meetings", registry, str(hand_path))
    assert hand is not None, problems
    want = seed_facts(hand)
    assert got["items"] == ["1", "2", "3", "4", "5", "7", "8"]
    assert got == want
    assert result.unplaced == [] and result.added == []
    assert not [use for use in result.names if use.match.status is not MatchStatus.MATCHED]


def test_report_lists_counts_and_unplaced_lines(tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    result = import_file(IMPORT / "committee-dotted.txt", source, add_people=False)
    report = render_report(result)
    assert (
        "found: 5 present, 2 in attendance, 1 apologies, 1 absent, 1 substitutes, 5 items, 2 decisions, 4 actions"
        in report
    )
    # The minutes give the task to no one: the placeholder post says so, never the body or a guessed person.
    assert "committee-dotted.txt:38: an action with no owner named; written with the owner 'No owner named'" in report
    # Without --add-people the unknown member is reported, written as named, and `check` says why it fails.
    assert "unknown absent: 'Cllr Ken Lomax' is not in people.yml" in report
    # Without --add-people the placeholder post is not in bodies.yml either: the checker stops the file until it is
    # added or an owner is named.
    assert "unknown owner 'No owner named'" in report
    assert "check: passes" not in report


def test_ambiguous_names_are_reported_never_guessed(tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    (tmp_path / "minutes.txt").write_text(
        "UPTON PARISH COUNCIL\nMinutes of the meeting held on 3rd March 2022 at 7.30pm\n\n"
        "Present: Cllr Batty, Cllr Mrs B Abbott and Cllr Yarwood\n\n"
        "1. ROADS\n\nCllr Abbott to write to the highways authority.\n",
        encoding="utf-8",
    )
    result = import_file(tmp_path / "minutes.txt", source, add_people=True)
    report = render_report(result)
    assert "ambiguous present: 'Cllr Batty' could be jane-batty or peter-batty" in report
    assert result.added == []  # an ambiguous name is not a new person
    # the file is written with the name as given, so `check` stops it until a person picks the id
    assert len(result.check) == 1 and result.check[0].message.startswith("present[0]: unknown person")
    assert "Cllr Batty" in result.check[0].message
    front = result.front
    assert front["actions"] == [
        {"id": 1, "item": 1, "owners": ["brenda-abbott"], "text": "Cllr Abbott to write to the highways authority."}
    ]


def test_short_names_use_the_meeting_as_context(tmp_path: Path) -> None:
    registry, _ = load_registry(IMPORT / "archive")
    matcher = NameMatcher(registry)
    assert matcher.person("Priya").status is MatchStatus.UNKNOWN  # a bare first name needs the meeting
    assert matcher.with_context({"priya-shah"}).person("Priya").id == "priya-shah"
    assert matcher.person("Cllr Patel").status is MatchStatus.UNKNOWN  # the officer Sam Patel is no councillor
    assert matcher.person("Mrs S Fenwick").id == "sarah-fenwick"
    assert matcher.with_context({"peter-batty"}).person("Cllr Batty").id == "peter-batty"
    assert matcher.owner("Housing Options").kind == "body"


def test_headings_and_ids() -> None:
    assert sentence_case(["2.", "DfE REVIEW"][1]) == "DfE review"
    assert (
        sentence_case("MINUTES OF PREVIOUS MEETING – 27th SEPTEMBER 2018")
        == "Minutes of previous meeting – 27th September 2018"
    )
    assert sentence_case("Working Together 2018") == "Working Together 2018"
    assert slugify_person("Cllr Mrs Zoë O'Brien-Smith") == "zoe-obrien-smith"


def test_add_people_ids_are_collision_safe(tmp_path: Path) -> None:
    registry, _ = load_registry(IMPORT / "archive")
    proposed = propose_people(["Cllr Mrs Helen Ward", "Dr Index", "Councillor Ann O'Hara"], registry)
    assert [(p.id, p.name, p.honorific) for p in proposed] == [
        ("helen-ward-2", "Helen Ward", "Cllr"),
        ("index-2", "Index", "Dr"),
        ("ann-ohara", "Ann O'Hara", "Cllr"),
    ]
    source = make_source(tmp_path, IMPORT / "archive")
    result = import_file(IMPORT / "committee-dotted.txt", source, add_people=True)
    assert [(p.id, p.name, p.honorific) for p in result.added] == [("ken-lomax", "Ken Lomax", "Cllr")]
    assert "ken-lomax:\n  name: Ken Lomax\n  honorific: Cllr\n" in (source / "people.yml").read_text(encoding="utf-8")
    load_archive(source)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notes.rtf", b"{\\rtf1}", "cannot import '.rtf' files"),
        ("broken.docx", b"not a zip", "cannot read this .docx file"),
        ("broken.pdf", b"%PDF-1.4 nonsense", "cannot read this .pdf file"),
        ("empty.txt", b"", "no meeting date found"),
        ("nodate.txt", b"1. MINUTES\n\nAgreed as a true record.\n", "no meeting date found"),
    ],
)
def test_odd_input_is_reported_not_raised(name: str, content: bytes, message: str, tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    path = tmp_path / name
    path.write_bytes(content)
    result = import_file(path, source, body="upton-parish-council")
    assert result.errors and message in render_report(result)
    assert not list(source.rglob("*.md"))


def test_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a "scan": a page with no text on it
    pdf.output(str(tmp_path / "scan.pdf"))
    lines, problems = extract_lines(tmp_path / "scan.pdf", "scan.pdf")
    assert lines is None and "no text layer" in problems[0].message


def test_cli_import_then_check(tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    script = str(ROOT / "scripts/minutes.py")
    run = subprocess.run(
        [
            sys.executable,
            script,
            "import",
            str(IMPORT / "parish-sentence.txt"),
            "--source",
            str(source),
            "--add-people",
            "--out",
            str(source / "imported"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "added to people.yml (1): r-singh (Cllr R Singh)" in run.stdout
    assert (source / "imported/2021-05-05-upton-parish-council.md").is_file()
    check = subprocess.run([sys.executable, script, "check", str(source)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    again = subprocess.run(
        [
            sys.executable,
            script,
            "import",
            str(IMPORT / "parish-sentence.txt"),
            "--source",
            str(source),
            "--out",
            str(source / "imported"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1 and "already exists" in again.stdout


def test_word_numbered_headings_and_bullets(tmp_path: Path) -> None:
    """Word's own numbering ("List Number") is where many minutes keep their item numbers."""
    import docx

    document = docx.Document()
    document.add_paragraph("UPTON PARISH COUNCIL")
    document.add_paragraph("Minutes of the meeting held on Tuesday 7th June 2022 at 7pm in the Village Hall")
    document.add_paragraph("Present: Cllr P Batty (Chairman), Cllr Yarwood")
    document.add_paragraph("APOLOGIES", style="List Number")
    document.add_paragraph("Apologies were received from Cllr Okafor.")
    document.add_paragraph("FOOTPATHS", style="List Number")
    document.add_paragraph("The stile on footpath 4 is broken.", style="List Bullet")
    document.add_paragraph("ACTION: Cllr Yarwood to report the stile to the county council.")
    document.save(str(tmp_path / "word.docx"))
    source = make_source(tmp_path, IMPORT / "archive")
    result = import_file(tmp_path / "word.docx", source)
    meeting = imported(result, source)
    assert [(item.number, item.title) for item in meeting.items] == [("1", "Apologies"), ("2", "Footpaths")]
    assert [a.person for a in meeting.attendees(AttendanceKind.APOLOGIES)] == ["grace-okafor"]
    assert [(a.item, [o.id for o in a.owners]) for a in meeting.actions] == [("2", ["ruth-yarwood"])]
    assert "- The stile on footpath 4 is broken." in result.target.read_text(encoding="utf-8")


def test_possibly_exempt_items_are_flagged(tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    (tmp_path / "exempt.txt").write_text(
        "RIVERSIDE TOWN COUNCIL\nMinutes of the meeting held on 1 May 2009\n\nPresent: Cllr Nash\n\n"
        "1. MINUTES\n\nNoted.\n\n2. LAND SALE (EXEMPT)\n\nThe council considered an offer.\n",
        encoding="utf-8",
    )
    result = import_file(tmp_path / "exempt.txt", source)
    assert [(u.line, u.text) for u in result.unplaced] == [(10, "Land sale (exempt)")]
    assert "may be exempt or confidential" in render_report(result)


def test_docs_show_a_real_report(tmp_path: Path) -> None:
    """docs/importing.md explains the report with real output: keep it true."""
    make_source(tmp_path, IMPORT / "archive")
    shutil.copy(IMPORT / "committee-dotted.txt", tmp_path / "minutes" / "committee-dotted.txt")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts/minutes.py"), "import", "committee-dotted.txt", "--source", "."],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path / "minutes",
    )
    docs = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    assert run.stdout.strip() and all(line in docs for line in run.stdout.splitlines()), run.stdout


@pytest.mark.parametrize("case", [*CASES, "seed/2018-10-24-improvement-board"])
def test_no_item_text_is_dropped(case: str, tmp_path: Path) -> None:
    """Every line from the first item on is in the written file: in an item's text, or moved into an action."""
    source = make_source(tmp_path, ROOT / "meetings" if case.startswith("seed") else IMPORT / "archive")
    path = IMPORT / f"{case}.txt"
    result = import_file(path, source, body="improvement-board" if case.startswith("seed") else None, add_people=True)
    assert result.target is not None and result.parsed is not None
    written = " ".join(result.target.read_text(encoding="utf-8").split())
    lines = path.read_text(encoding="utf-8").splitlines()
    first = result.parsed.items[0].line - 1
    # Headings are rewritten as "## N. Title" in sentence case; "Cou/285/07-08" may carry its title on the next line.
    headings = {item.line for item in result.parsed.items} | {
        item.line + 1 for item in result.parsed.items if re.fullmatch(r"[\w/.-]+", lines[item.line - 1].strip())
    }
    for number, line in enumerate(lines[first:], start=first + 1):
        text = " ".join(line.replace("**", "").split()).removeprefix("- ")
        text = re.sub(r"^actions?\s*[:–-]\s*", "", text, flags=re.IGNORECASE)
        if number in headings or not text or re.fullmatch(r"actions?:?", text, re.IGNORECASE):
            continue
        assert text in written, f"{case}.txt:{number}: {text!r} is not in the written file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=40))
def test_parse_never_raises(lines: list[str]) -> None:
    meeting = parse_minutes([SourceLine(n, text) for n, text in enumerate(lines, start=1)], ["Upton Parish Council"])
    assert all(u.line >= 1 for u in meeting.unplaced)


def test_number_alone_headings_and_plural_substitutes() -> None:
    text = (
        "UPTON PARISH COUNCIL\nMinutes of the meeting held on 5 May 2021\nPresent: Cllrs Batty, Abbott and Yarwood\n"
        "Councillors Okafor and Price attended as substitutes for Councillors Evans and Shah respectively.\n\n"
        "161.\nAPOLOGIES\n\nNone.\n\n162.\tMINUTES\n\nAgreed.\n"
    )
    meeting = parse_minutes(
        [SourceLine(n, t) for n, t in enumerate(text.split("\n"), start=1)], ["Upton Parish Council"]
    )
    assert [(item.number, item.title, item.body) for item in meeting.items] == [
        ("161", "Apologies", ("None.",)),
        ("162", "Minutes", ("Agreed.",)),
    ]
    assert [(s.person, s.replaces) for s in meeting.substitutes] == [
        ("Cllr Okafor", "Cllr Evans"),
        ("Cllr Price", "Cllr Shah"),
    ]
    assert [a.written for a in meeting.attendance["present"]] == ["Cllr Batty", "Cllr Abbott", "Cllr Yarwood"]
    assert meeting.unplaced == []


def test_a_newcomer_named_twice_is_added_once(tmp_path: Path) -> None:
    source = make_source(tmp_path, IMPORT / "archive")
    (tmp_path / "m.txt").write_text(
        "UPTON PARISH COUNCIL\nMinutes of the meeting held on 3 March 2022\n\nPresent: Cllr P Batty, Cllr R Singh\n\n"
        "1. FOOTPATHS\n\nACTION: Cllr Singh to walk footpath 4.\n",
        encoding="utf-8",
    )
    result = import_file(tmp_path / "m.txt", source, add_people=True)
    assert [p.id for p in result.added] == ["r-singh"]
    assert result.front["actions"][0]["owners"] == ["r-singh"] and not result.check
