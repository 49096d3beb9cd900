"""`make serve` for real: MkDocs' own server on the search fixture, searched in chromium, then a saved edit."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_env

from .test_search import results, search

pytestmark = pytest.mark.browser

MEETING = "meetings/harbour-board/2025-06-10/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.5)
    return False


@contextlib.contextmanager
def _serving(tmp_path: Path, temporary: Path | None = None) -> Iterator[tuple[str, Path, Path]]:
    """A real `mkdocs serve` of a copy of the search fixture: (its address, the copy, its log).

    Stopped with SIGTERM, as a process manager stops it (cleaned up as after Ctrl-C); ``temporary``
    is its TMPDIR.
    """
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    base = f"http://127.0.0.1:{_free_port()}/"
    env = build_env(source)
    if temporary is not None:
        env["TMPDIR"] = str(temporary)
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "mkdocs"),
                "serve",
                "--livereload",
                "--dev-addr",
                base[7:-1],
                "--watch",
                str(source),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            assert _wait_for(base + MEETING, "Mooring fees", 180), log_path.read_text()
            yield base, source, log_path
        finally:
            server.terminate()
            server.wait(timeout=60)


def test_serve_searches_and_shows_a_saved_edit(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    temporary = tmp_path / "tmp"  # MkDocs' site folder and ours: all must be gone once serve stops
    temporary.mkdir()
    with _serving(tmp_path, temporary) as (base, source, log):
        # Search works under `serve` too: the bundles are built before the first page is served.
        page.goto(base + MEETING)
        search(page, "mooring")
        assert results(page)[0] == "Harbour Board, 10 June 2025"

        meeting = source / "2025" / "2025-06-10-harbour-board.md"
        meeting.write_text(
            meeting.read_text().replace("reviewed mooring fees", "reviewed mooring fees and berth charges")
        )
        assert _wait_for(base + MEETING, "berth charges", 120), log.read_text()
        # Pages that do not show the edited meeting were put back as they were, not lost.
        assert "Working Together 2018" in _fetch(base + "decisions/planning-committee/2024-03-05/d1/")
        assert "Rendering" in log.read_text()  # only some pages were rendered again
    assert sorted(path.name for path in temporary.iterdir()) == [], log.read_text()


def test_a_bad_save_under_serve_is_reported_and_the_next_good_save_is_shown(tmp_path: Path) -> None:
    """A clerk saves a meeting with a mistake while `make serve` runs: the terminal says where (MkDocs
    holds the browser's requests meanwhile), and the good save after it is shown on a whole site."""
    with _serving(tmp_path) as (base, source, log):
        meeting = source / "2025" / "2025-06-10-harbour-board.md"
        good = meeting.read_text()
        meeting.write_text(
            good.replace("status: draft", "status: drafted").replace("reviewed mooring fees", "reviewed berth charges")
        )
        deadline = time.monotonic() + 120
        while "status: 'drafted' is not one of draft, approved, agenda" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert (
            "2025-06-10-harbour-board.md:4: status: 'drafted' is not one of draft, approved, agenda" in log.read_text()
        )
        meeting.write_text(good.replace("reviewed mooring fees", "reviewed berth charges"))
        assert _wait_for(base + MEETING, "berth charges", 120), log.read_text()
        # The pages the failed build did not make again were kept for this one, not lost.
        assert "Working Together 2018" in _fetch(base + "decisions/planning-committee/2024-03-05/d1/")
        assert "Rendering" in log.read_text().rsplit("Detected file changes", 1)[1]
    assert "Traceback" not in log.read_text()
