"""The clerks' command line, run as a clerk runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT


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
