"""The clerk's commands through `make`, and scripts/minutes.py run by a Python without Minutebook's packages.

Everything runs in a fresh clone, as typed in a terminal (bash, no virtual environment active, a bare
Python first on PATH), and ends with the exit status docs/errors.md#exit-status documents.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXED_EPOCH, ROOT
from fresh_clone import bare_python, fresh_clone, shell

SEED = "meetings/2018/2018-10-24-improvement-board.md"
MISTAKE = ("status: approved", "status: aproved")  # one mistake in the seed meeting
TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone after its first `make`: .venv installed."""
    return fresh_clone(tmp_path_factory.mktemp("clone"))


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bare_python(tmp_path_factory.mktemp("python"))


def documented(status: int, column: str) -> str:
    """What docs/errors.md's exit status table says ``status`` means, in the ``make`` or ``script`` column."""
    text = (ROOT / "docs/errors.md").read_text(encoding="utf-8")
    section = text.split("## Exit status", 1)[1].split("\n## ", 1)[0]
    rows = {
        int(cells[0]): cells[1:]
        for line in section.splitlines()
        if (cells := [cell.strip() for cell in line.strip().strip("|").split("|")])[0].isdigit()
    }
    return rows[status][0 if column == "make" else 1]


def minutes_copy(clone: Path, tmp_path: Path, *, mistake: bool = False, meetings: bool = True) -> Path:
    """A copy of the clone's minutes folder to change, with the seed meeting's status misspelt if asked."""
    source = Path(shutil.copytree(clone / "meetings", tmp_path / "minutes"))
    seed = source / "2018/2018-10-24-improvement-board.md"
    if mistake:
        seed.write_text(seed.read_text(encoding="utf-8").replace(*MISTAKE, 1), encoding="utf-8")
    if not meetings:
        seed.unlink()
    return source


def assert_ended(result: subprocess.CompletedProcess[str], status: int, column: str, meaning: str) -> None:
    """The command ended with ``status``, documented as ``meaning``, and said why without a traceback."""
    output = result.stdout + result.stderr
    assert result.returncode == status, output
    assert meaning in documented(status, column)
    assert TRACEBACK not in output


def test_make_check_ends_as_documented(clone: Path, bare: Path, tmp_path: Path) -> None:
    good = shell("make check", clone, bare)
    assert_ended(good, 0, "make", "all good")
    assert "meetings: 1 meeting, 21 people, 3 actions, 1 decision: all good." in good.stdout
    assert "pip install" not in good.stdout  # .venv was installed already: nothing is installed again

    source = minutes_copy(clone, tmp_path, mistake=True)
    bad = shell(f"make check SOURCE={source}", clone, bare)
    assert_ended(bad, 2, "make", "something to fix")
    assert (
        f"{source}/2018/2018-10-24-improvement-board.md:4: status: 'aproved' is not one of draft, approved, agenda"
        in bad.stderr
    )
    assert "1 problem found in the minutes; nothing was published." in bad.stderr
    assert "make: *** [Makefile" in bad.stderr and "Error 1" in bad.stderr
    direct = shell(f"python3 scripts/minutes.py check {source}", clone, bare)
    assert_ended(direct, 1, "script", "the minutes have problems")


def test_minutebook_failing_ends_with_2_either_way(bare: Path, tmp_path: Path) -> None:
    # A broken installation, for real: the meeting schema the checker reads is missing.
    broken = fresh_clone(tmp_path / "broken")
    (broken / "hooks/minutebook/schema/meeting.schema.json").unlink()
    through_make = shell("make check", broken, bare)
    assert_ended(through_make, 2, "make", "Minutebook itself failed")
    assert "internal error: FileNotFoundError" in through_make.stderr and "meeting.schema.json" in through_make.stderr
    assert "a fault in Minutebook, not in your minutes" in through_make.stderr
    assert "Traceback" not in through_make.stderr
    direct = shell("python3 scripts/minutes.py check", broken, bare)
    assert_ended(direct, 2, "script", "Minutebook itself failed")


def test_make_build_ends_as_documented_and_a_failure_keeps_the_last_site(
    clone: Path, bare: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    good = shell(f"make build SITE={site}", clone, bare, SOURCE_DATE_EPOCH=FIXED_EPOCH)
    assert_ended(good, 0, "make", "all good")
    assert (site / "meetings/improvement-board/2018-10-24/index.html").is_file()
    before = sorted(path.relative_to(site) for path in site.rglob("*"))

    source = minutes_copy(clone, tmp_path, mistake=True)
    bad = shell(f"make build SOURCE={source} SITE={site}", clone, bare, SOURCE_DATE_EPOCH=FIXED_EPOCH)
    assert_ended(bad, 2, "make", "something to fix")
    assert f"build failed; {site} is unchanged" in bad.stderr
    assert sorted(path.relative_to(site) for path in site.rglob("*")) == before
    direct = shell(f"MINUTES_SOURCE={source} python3 scripts/minutes.py build --site-dir {site}", clone, bare)
    assert_ended(direct, 1, "script", "something to fix")


def test_make_new_ends_as_documented(clone: Path, bare: Path, tmp_path: Path) -> None:
    source = minutes_copy(clone, tmp_path)
    good = shell(f"make new BODY='Wirral Improvement Board' SOURCE={source}", clone, bare)
    assert_ended(good, 0, "make", "all good")
    written = source / "2018/2018-11-29-improvement-board.md"
    assert 'start: "14:00"\nend: "16:30"\nlocation: "Wallasey Town Hall, Committee Room 1"\n' in written.read_text()
    dated = shell(f"make new BODY=improvement-board DATE=2018-12-13 SOURCE={source}", clone, bare)
    assert_ended(dated, 0, "make", "all good")
    assert (source / "2018/2018-12-13-improvement-board.md").is_file()

    again = shell(f"make new BODY=improvement-board DATE=2018-11-29 SOURCE={source}", clone, bare)
    assert_ended(again, 2, "make", "something to fix")
    assert f"{written}: already exists" in again.stderr
    unknown = shell(f"make new BODY=improvment-board SOURCE={source}", clone, bare)
    assert_ended(unknown, 2, "make", "something to fix")
    assert "--body: unknown body 'improvment-board': not in bodies.yml (did you mean 'improvement-board'?)" in (
        unknown.stderr
    )
    nobody = shell(f"make new SOURCE={source}", clone, bare)
    assert_ended(nobody, 2, "make", "something to fix")
    assert "make new: say which body, e.g. make new BODY=improvement-board" in nobody.stderr
    direct = shell(f"python3 scripts/minutes.py new --body improvment-board --source {source}", clone, bare)
    assert_ended(direct, 1, "script", "an unknown body")
    mistyped = shell("python3 scripts/minutes.py new --bdy improvement-board", clone, bare)
    assert_ended(mistyped, 1, "script", "a mistyped option")


def make_word_minutes(folder: Path) -> Path:
    """The seed meeting's published minutes as the Word file a clerk would import, its name with spaces."""
    from test_importer import SEED as SEED_TEXT
    from test_importer import make_docx

    folder.mkdir(parents=True, exist_ok=True)
    return make_docx(SEED_TEXT.read_text(encoding="utf-8"), folder / "Minutes 24 October 2018.docx")


def test_make_import_ends_as_documented_and_passes_its_options_on(clone: Path, bare: Path, tmp_path: Path) -> None:
    make_word_minutes(tmp_path / "old")
    source = minutes_copy(clone, tmp_path, meetings=False)
    tried = shell(f"make import FILES='{tmp_path}/old/*.docx' SOURCE={source} ARGS='--dry-run'", clone, bare)
    assert_ended(tried, 0, "make", "all good")
    assert "(not written)" in tried.stdout and not (source / "2018/2018-10-24-improvement-board.md").exists()
    done = shell(f"make import FILES='{tmp_path}/old/*.docx' SOURCE={source}", clone, bare)
    assert_ended(done, 0, "make", "all good")
    # Whether the import then needs review is the importer's judgement (tests/test_importer*.py), not make's.
    assert "check: " in done.stdout and (source / "2018/2018-10-24-improvement-board.md").is_file()

    again = shell(f"make import FILES='\"{tmp_path}/old/Minutes 24 October 2018.docx\"' SOURCE={source}", clone, bare)
    assert_ended(again, 2, "make", "something to fix")
    assert "already exists" in again.stdout
    nothing = shell("make import", clone, bare)
    assert_ended(nothing, 2, "make", "something to fix")
    assert "make import: say which files, e.g. make import FILES='old/*.docx'" in nothing.stderr
    direct = shell(f"python3 scripts/minutes.py import missing.docx --source {source}", clone, bare)
    assert_ended(direct, 1, "script", "something to fix")


# --- scripts/minutes.py run by a Python without Minutebook's packages --------------------------------


def test_the_script_runs_itself_with_the_projects_environment(clone: Path, bare: Path) -> None:
    result = shell("python3 scripts/minutes.py check && python scripts/minutes.py check meetings", clone, bare)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("meetings: 1 meeting, 21 people, 3 actions, 1 decision: all good.") == 2


COMMANDS = [
    ("check", "make check"),
    ("check meetings/2018/..", "make check SOURCE=meetings/2018/.."),
    ("new --body 'Wirral Improvement Board'", "make new BODY='Wirral Improvement Board'"),
    ("new --body improvement-board --date 2018-12-13", "make new BODY=improvement-board DATE=2018-12-13"),
    ("build --site-dir built", "make build SITE=built"),
    (
        "import 'old/Minutes 24 October 2018.docx' --out imported --dry-run",
        "make import FILES='\"old/Minutes 24 October 2018.docx\"' ARGS='--out imported --dry-run'",
    ),
    (
        "import --out imported 'old/Minutes 24 October 2018.docx'",
        "make import FILES='\"old/Minutes 24 October 2018.docx\"' ARGS='--out imported'",
    ),
]


@pytest.mark.parametrize(("arguments", "instead"), COMMANDS, ids=[arguments for arguments, _ in COMMANDS])
def test_without_the_environment_the_script_says_the_make_command_that_does_the_same(
    clone: Path, bare: Path, tmp_path: Path, arguments: str, instead: str
) -> None:
    cloned = fresh_clone(tmp_path / "clone", installed=False)
    result = shell(f"python3 scripts/minutes.py {arguments}", cloned, bare)
    assert_ended(result, 2, "script", "does not have Minutebook's packages")
    assert "lacks Minutebook's packages: No module named " in result.stderr
    assert f"Run this instead (make installs them into .venv first):\n\n    {instead}\n" in result.stderr

    # What it says to run does what was asked, where make has installed .venv.
    make_word_minutes(clone / "old")
    done = shell(instead, clone, bare, SOURCE_DATE_EPOCH=FIXED_EPOCH)
    try:
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        for made in ("meetings/2018/2018-11-29-improvement-board.md", "meetings/2018/2018-12-13-improvement-board.md"):
            (clone / made).unlink(missing_ok=True)
        for folder in ("built", "imported", "old"):
            shutil.rmtree(clone / folder, ignore_errors=True)
    if instead.startswith("make new"):
        assert re.search(r"\.md: written", done.stdout)


def test_without_the_environment_from_another_folder_it_says_how_to_install_it(bare: Path, tmp_path: Path) -> None:
    cloned = fresh_clone(tmp_path / "clone", installed=False)
    (tmp_path / "elsewhere").mkdir()
    result = shell(f"python3 {cloned}/scripts/minutes.py check {cloned}/meetings", tmp_path / "elsewhere", bare)
    assert_ended(result, 2, "script", "does not have Minutebook's packages")
    assert f"Install them into .venv with\n\n    make -C {cloned} venv\n\nthen run your command again" in result.stderr
