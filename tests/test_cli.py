"""The clerks' command line, run as a clerk runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT, write_source


def minutes(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts/minutes.py"), *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_check_passes_the_bundled_archive() -> None:
    result = minutes("check", "meetings")
    assert result.returncode == 0, result.stderr
    assert "1 meeting, 21 people, 3 actions, 1 decision: all good." in result.stdout


def test_new_writes_a_meeting_that_passes_check_with_members_prefilled(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "archive", tmp_path / "src"))
    result = minutes("new", "--body", "Finance Committee", "--date", "2025-04-09", "--source", str(source))
    assert result.returncode == 0, result.stderr
    written = (source / "2025/2025-04-09-finance-committee.md").read_text(encoding="utf-8")
    # Carol Price's membership ended in January 2025: only current members are listed.
    assert '  - alice-ng: "Chair"\n  - bob-okafor: "Member"\n' in written and "carol-price" not in written
    assert minutes("check", str(source)).returncode == 0


def test_new_refuses_to_overwrite_and_suggests_bodies(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "archive", tmp_path / "src"))
    again = minutes("new", "--body", "finance-committee", "--date", "2025-01-15", "--source", str(source))
    assert again.returncode == 1 and "already exists" in again.stderr
    typo = minutes("new", "--body", "finance-comittee", "--date", "2025-05-01", "--source", str(source))
    assert typo.returncode == 1 and "did you mean 'finance-committee'?" in typo.stderr
    bad_date = minutes("new", "--body", "finance-committee", "--date", "2025-02-30", "--source", str(source))
    assert bad_date.returncode == 1 and "'2025-02-30' is not a real date" in bad_date.stderr
    assert "Traceback" not in again.stderr + typo.stderr + bad_date.stderr


ANNOUNCING = {
    "people.yml": "ann-lee: {name: Ann Lee}\n",
    "bodies.yml": "harbour-board: {name: Harbour Board, kind: board, members: [{person: ann-lee}]}\n",
    "2024/2024-03-06-harbour-board.md": """
        ---
        body: harbour-board
        date: 2024-03-06
        status: draft
        next_meeting: {date: 2024-04-03, start: "10:00", end: "12:30", location: "Harbour Office, Room 2"}
        ---

        ## 1. Minutes

        Agreed.
        """,
}


def test_new_takes_the_date_start_end_and_place_the_last_meeting_announced(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", ANNOUNCING)
    result = minutes("new", "--body", "Harbour Board", "--source", str(source))
    assert result.returncode == 0, result.stderr
    written = source / "2024/2024-04-03-harbour-board.md"
    assert f"{written}: written, with the date, start, end and place that " in result.stdout
    text = written.read_text(encoding="utf-8")
    assert 'date: 2024-04-03\nstatus: draft\nstart: "10:00"\nend: "12:30"\nlocation: "Harbour Office, Room 2"\n' in text
    assert minutes("check", str(source)).returncode == 0


def test_new_on_the_announced_date_takes_its_start_end_and_place(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", ANNOUNCING)
    result = minutes("new", "--body", "harbour-board", "--date", "2024-04-03", "--source", str(source))
    assert result.returncode == 0, result.stderr
    assert "with the start, end and place that " in result.stdout
    text = (source / "2024/2024-04-03-harbour-board.md").read_text(encoding="utf-8")
    assert 'start: "10:00"\nend: "12:30"\nlocation: "Harbour Office, Room 2"\n' in text


def test_new_on_another_date_leaves_start_end_and_place_to_the_clerk(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", ANNOUNCING)
    result = minutes("new", "--body", "harbour-board", "--date", "2024-04-10", "--source", str(source))
    assert result.returncode == 0, result.stderr
    assert "announced the next meeting for 2024-04-03, so start, end and place are left to you" in result.stdout
    text = (source / "2024/2024-04-10-harbour-board.md").read_text(encoding="utf-8")
    assert '# start: "14:00"\n# end: "16:00"\n' in text and "Harbour Office" not in text


def test_new_without_a_date_needs_an_announcement(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", ANNOUNCING)
    assert minutes("new", "--body", "harbour-board", "--source", str(source)).returncode == 0
    # The meeting just started announces nothing yet, so the one after it needs its date given.
    again = minutes("new", "--body", "harbour-board", "--source", str(source))
    assert again.returncode == 1
    assert again.stderr.startswith("--date: give the meeting's date, written YYYY-MM-DD: the last meeting of ")
    assert "2024-04-03-harbour-board.md, announced no next meeting" in again.stderr
    write_source(
        tmp_path / "src", {"bodies.yml": ANNOUNCING["bodies.yml"] + "pier-team: {name: Pier Team, kind: team}\n"}
    )
    none = minutes("new", "--body", "pier-team", "--source", str(source))
    assert none.returncode == 1 and "pier-team has no meetings yet" in none.stderr
    assert "Traceback" not in again.stderr + none.stderr


def test_a_mistyped_command_is_a_mistake_to_fix_not_a_failure_of_minutebook() -> None:
    result = minutes("new", "--date", "2024-04-03")
    assert result.returncode == 1
    assert "the following arguments are required: --body" in result.stderr and "Traceback" not in result.stderr


def test_new_on_a_date_announced_without_time_or_place(tmp_path: Path) -> None:
    files = dict(ANNOUNCING)
    files["2024/2024-03-06-harbour-board.md"] = files["2024/2024-03-06-harbour-board.md"].replace(
        'next_meeting: {date: 2024-04-03, start: "10:00", end: "12:30", location: "Harbour Office, Room 2"}',
        "next_meeting: {date: 2024-04-03}",
    )
    source = write_source(tmp_path / "src", files)
    dated = minutes("new", "--body", "harbour-board", "--date", "2024-04-03", "--source", str(source))
    assert dated.returncode == 0 and dated.stdout.endswith(
        "-harbour-board.md: written; fill it in, then run 'make check'\n"
    )
    (source / "2024/2024-04-03-harbour-board.md").unlink()
    undated = minutes("new", "--body", "harbour-board", "--source", str(source))
    assert undated.returncode == 0 and ": written, with the date that " in undated.stdout
