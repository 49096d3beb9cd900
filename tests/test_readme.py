"""Every command the README shows (its "Start here" block and its command table) run as written in a fresh clone."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXED_EPOCH, ROOT
from fresh_clone import bare_python, clerk_environment, fresh_clone, shell
from test_make import make_word_minutes

README = ROOT / "README.md"
SEED = "meetings/2018/2018-10-24-improvement-board.md"


def readme_commands() -> list[str]:
    """The commands of the "Start here" block, then those in the first column of the command table."""
    text = README.read_text(encoding="utf-8")
    start = text.split("## Start here", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in start.splitlines() if line.strip()]
    table = text.split("Other commands:", 1)[1].split("\n\n", 2)[1]
    commands += [match for line in table.splitlines() if (match := _first_cell(line))]
    return commands


def _first_cell(line: str) -> str:
    found = re.match(r"\| `([^`]+)` \|", line)
    return found.group(1) if found else ""


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bare_python(tmp_path_factory.mktemp("python"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serves(command: str, clone: Path, bare: Path) -> None:
    """A long-running server: started as written, on a free port (8000 may be in use), read, then stopped."""
    port = _free_port()
    server = subprocess.Popen(
        ["bash", "-c", f"{command} ADDR=127.0.0.1:{port}"],
        cwd=clone,
        env=clerk_environment(bare, SOURCE_DATE_EPOCH=FIXED_EPOCH),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: make, its shell and mkdocs are stopped together
    )
    page = ""
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and "Wirral Improvement Board" not in page and server.poll() is None:
            time.sleep(0.5)
            try:
                url = f"http://127.0.0.1:{port}/meetings/improvement-board/2018-10-24/"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the server we started
                    page = response.read().decode("utf-8")
            except OSError:
                continue
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    assert "Wirral Improvement Board" in page, output


def _ran(command: str, clone: Path, bare: Path) -> subprocess.CompletedProcess[str]:
    result = shell(command, clone, bare, SOURCE_DATE_EPOCH=FIXED_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr
    return result


def check(command: str, clone: Path, bare: Path) -> None:
    assert "meetings: 1 meeting, 21 people, 3 actions, 1 decision: all good." in _ran(command, clone, bare).stdout


def build(command: str, clone: Path, bare: Path) -> None:
    _ran(command, clone, bare)
    assert (clone / "site/meetings/improvement-board/2018-10-24/index.html").is_file()
    # The format reference is an operators' guide: out of the public site unless mkdocs.yml asks for it.
    assert not (clone / "site/format/index.html").exists()


def serve_other_folder(command: str, clone: Path, bare: Path) -> None:
    shutil.copytree(clone / "meetings", clone / "other/folder")
    shutil.rmtree(clone / "meetings")  # what is served is the other folder's, not meetings/
    _serves(command, clone, bare)


def new(command: str, clone: Path, bare: Path) -> None:
    _ran(command, clone, bare)
    written = (clone / "meetings/2018/2018-11-29-improvement-board.md").read_text(encoding="utf-8")
    assert 'start: "14:00"\nend: "16:30"\nlocation: "Wallasey Town Hall, Committee Room 1"\n' in written


def new_agenda(command: str, clone: Path, bare: Path) -> None:
    _ran(command, clone, bare)
    written = (clone / "meetings/2018/2018-11-29-improvement-board.md").read_text(encoding="utf-8")
    assert "status: agenda\n" in written and 'start: "14:00"\n' in written and "present:" not in written
    assert "2 meetings" in _ran("make check", clone, bare).stdout


def import_old_minutes(command: str, clone: Path, bare: Path) -> None:
    # A clerk starting the archive from old minutes: people and bodies set up, no meetings yet.
    (clone / SEED).unlink()
    make_word_minutes(clone / "old")
    result = _ran(command, clone, bare)
    assert "old/Minutes 24 October 2018.docx -> meetings/2018/2018-10-24-improvement-board.md (not written)" in (
        result.stdout
    )
    assert not (clone / SEED).exists()


def minutes_script(command: str, clone: Path, bare: Path) -> None:
    check(command, clone, bare)  # after the first make: .venv is there
    before_make = fresh_clone(clone.parent / "just-cloned", installed=False)
    result = shell(command, before_make, bare)
    assert result.returncode == 2 and "Run this instead (make installs them into .venv first):\n\n    make check\n" in (
        result.stderr
    )


def bench(command: str, clone: Path, bare: Path) -> None:
    # The benchmark builds archives of up to 10,000 meetings for an hour: its entry point is run, not the benchmark.
    assert "usage: bench.py" in _ran(f"{command} ARGS=--help", clone, bare).stdout


def planned(words: str) -> Callable[[str, Path, Path], None]:
    """Only make's plan is read (`make -n`), for a command that must not run here."""

    def read_plan(command: str, clone: Path, bare: Path) -> None:
        assert words in _ran(f"{command} -n", clone, bare).stdout

    return read_plan


CHECKS: dict[str, Callable[[str, Path, Path], None]] = {
    "make serve": lambda command, clone, bare: _serves(command, clone, bare),
    # This suite itself (CI runs it on a clean checkout: .ci/run).
    "make test": planned(".venv/bin/python -m pytest"),
    "make check": check,
    "make build": build,
    "make serve SOURCE=other/folder": serve_other_folder,
    "make new BODY=improvement-board": new,
    "make new BODY=improvement-board AGENDA=1": new_agenda,
    "make import FILES='old/*.docx' ARGS=--dry-run": import_old_minutes,
    "python3 scripts/minutes.py check": minutes_script,
    "make bench": bench,
    # It resolves requirements.in again from the package index and rewrites the lock.
    "make lock": planned("pip install -q -r requirements.in"),
}


def test_every_readme_command_has_a_check_here() -> None:
    assert readme_commands() == list(CHECKS)


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_works_as_written_in_a_fresh_clone(command: str, bare: Path, tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path / "clone")
    CHECKS[command](command, clone, bare)
