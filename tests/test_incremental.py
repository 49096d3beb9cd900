"""Under `mkdocs serve`: the site is kept between rebuilds, only pages whose inputs changed are rendered
again, and feeds, calendars and data are written behind the rebuild (minutebook.incremental)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import FIXTURES, ROOT, build_env

from minutebook.files import aside_path
from minutebook.fingerprint import Fingerprints
from minutebook.incremental import CollectBetweenBuilds, KeptSite, PageCache, WorkBehind
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.pages import build_pages

HARBOUR = Path("2025") / "2025-06-10-harbour-board.md"

SERVE_SESSION = Path(__file__).parent / "serve_session.py"


def _run_session(source: Path, *arguments: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(SERVE_SESSION), *arguments],
        cwd=ROOT,
        env=build_env(source),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    facts: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return facts


def _serve_session(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    site = tmp_path / "site"
    return site, _run_session(source, str(site), str(source / HARBOUR))


def _keys(cache: PageCache, source: Path, stamp: str = "shared") -> dict[str, str]:
    archive = load_archive(source)
    texts = render_texts(archive)
    pages = build_pages(archive, texts)
    keys = cache.keys(((page, stamp, None) for page in pages), Fingerprints(texts))
    cache.finish()
    return keys


def _changed(cache: PageCache, source: Path, before: dict[str, str]) -> set[str]:
    after = _keys(cache, source)
    return {uri for uri, key in after.items() if before.get(uri) != key}


def test_only_pages_that_show_an_edited_meeting_change(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    cache = PageCache()
    first = _keys(cache, source)
    assert _keys(PageCache(), source) == first  # the same minutes again, digested afresh: the same keys
    assert _changed(cache, source, first) == set()  # and kept from the last build

    meeting = source / HARBOUR
    meeting.write_text(meeting.read_text().replace("reviewed mooring fees", "reviewed berth charges"))
    changed = _changed(cache, source, first)
    # The meeting and the action it reported on; not the rest. The people at it or named in it
    # neither: their pages show the meeting's date, body and status, and those did not change.
    assert {
        "meetings/harbour-board/2025-06-10/index.md",
        "actions/planning-committee/2024-03-05/a2/index.md",
    } <= changed
    assert not {"people/sam-lee/index.md", "people/ruth-okafor/index.md", "people/phil-gilchrist/index.md"} & changed
    assert "decisions/planning-committee/2024-03-05/d1/index.md" not in changed
    assert "actions/planning-committee/2024-03-05/a1/index.md" not in changed

    # Naming someone in the text does change their page (it lists where they are named) ...
    second = _keys(PageCache(), source)
    meeting.write_text(meeting.read_text().replace("reviewed berth charges", "and Ruth Okafor reviewed berth charges"))
    changed = _changed(cache, source, second)
    assert "people/ruth-okafor/index.md" in changed and "people/sam-lee/index.md" not in changed
    # ... and so does a change to what the list of their meetings shows.
    third = _keys(PageCache(), source)
    meeting.write_text(meeting.read_text().replace("status: draft", "status: approved\napproved_at: 2025-07-08"))
    changed = _changed(cache, source, third)
    assert {"people/sam-lee/index.md", "people/ruth-okafor/index.md"} <= changed


def test_a_change_to_what_every_page_shares_changes_every_key(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    cache = PageCache()
    before = _keys(cache, source)
    after = _keys(cache, source, stamp="templates changed")
    assert not set(before.values()) & set(after.values())


def test_serve_rebuild_keeps_the_site_renders_the_edit_and_removes_what_is_gone(tmp_path: Path) -> None:
    site, facts = _serve_session(tmp_path)
    rendered = set(facts["rendered"])
    assert "meetings/harbour-board/2025-06-10/index.md" in rendered
    assert "decisions/planning-committee/2024-03-05/d1/index.md" not in rendered

    assert facts["decision again"] == facts["decision"]  # kept, byte for byte
    assert facts["decision written"] < facts["between"]  # never written again
    assert facts["same file"] is True  # nor is MkDocs' File for it made again (13,000 a save at 2,000 meetings)
    # A page the nav names is not laid out again either: MkDocs writes back its last output, whole.
    assert "decisions/index.md" not in rendered
    assert facts["register again"] == facts["register"] and 'class="mb-nav' in str(facts["register"])

    # Feeds, calendars and data follow a moment after the page, written behind the rebuild (whether
    # they are still missing right after it returns is a race the other core may win: not asserted).
    assert facts["data behind"] is True

    # The deleted meeting's page, its folder, and its body's feeds and calendar are gone (the body
    # itself is still in the registry); the site is otherwise whole.
    assert facts["after delete"] == ["bodies/harbour-board", "bodies/harbour-board/index.html"]
    # MkDocs is no longer handed the meeting's page either (its body's feeds stand in until written behind).
    assert "bodies/harbour-board/index.html" in facts["files after delete"]
    assert not [path for path in facts["files after delete"] if path.startswith("meetings/")]
    assert (site / "people/ruth-okafor/index.html").is_file()
    assert (site / "actions/planning-committee/2024-03-05/a1/index.html").is_file()
    assert facts["frozen after serve"] == 0  # a long session keeps collecting (see the build's own below)


def test_a_finished_build_leaves_its_objects_to_the_system(tmp_path: Path) -> None:
    """The process exits after `mkdocs build`: Python's last collections walking every object the
    build made took seconds for a large archive (the benchmark measures it), so they are frozen instead."""
    facts = _run_session(FIXTURES / "search", "--build", str(tmp_path / "site"))
    assert facts["frozen before shutdown"] == 0 and int(facts["frozen after"]) > 10_000


def test_kept_site_survives_emptying_and_prunes_only_what_it_made(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a/b").mkdir(parents=True)
    (site / "a/b/page.html").write_text("page")
    (site / "old/page.html").parent.mkdir()
    (site / "old/page.html").write_text("old")
    kept = KeptSite()
    kept.prune(site, {"a/b/page.html", "old/page.html"})  # what the first build made

    kept.set_aside(site)
    assert list(site.iterdir()) == []  # MkDocs may empty the folder now: nothing of ours is in it
    kept.put_back(site)
    assert (site / "a/b/page.html").read_text() == "page"
    (site / "theirs.html").write_text("not ours")  # written by someone else: never pruned

    kept.prune(site, {"a/b/page.html"})
    assert not (site / "old").exists()  # the file, and the folder it leaves empty
    assert (site / "a/b/page.html").is_file() and (site / "theirs.html").is_file()
    assert not any(path.name.startswith(".minutebook-kept-") for path in tmp_path.iterdir())


def _write_marker(folder: Path, text: str) -> list[str]:
    (folder / "marker.txt").write_text(text)
    return ["marker.txt"]


def _sleep_then_write(folder: Path) -> list[str]:
    time.sleep(30)
    return _write_marker(folder, "too late")


def _half_write_then_sleep(folder: Path) -> list[str]:
    aside_path(folder / "marker.txt", os.getpid()).write_text("half a fi")  # as replace_file writes aside
    time.sleep(30)
    return _write_marker(folder, "too late")


def test_work_behind_runs_in_another_process_and_is_stopped_by_the_next_build(tmp_path: Path) -> None:
    behind = WorkBehind()
    try:
        assert behind.latest() is None
        (tmp_path / "stale.txt").write_text("written by an earlier run")
        behind.remember(["stale.txt"])
        behind.start(lambda: _write_marker(tmp_path, f"from {os.getpid()}"), tmp_path)
        assert behind.wait()
        assert (tmp_path / "marker.txt").read_text() != f"from {os.getpid()}"  # not this process
        assert behind.latest() == ["marker.txt"]
        assert not (tmp_path / "stale.txt").exists()  # written last time, not this time: removed

        behind.start(lambda: _sleep_then_write(tmp_path), tmp_path)
        started = time.monotonic()
        behind.stop()
        assert time.monotonic() - started < 10
        assert (tmp_path / "marker.txt").read_text().startswith("from ")
        assert behind.latest() == ["marker.txt"]  # the last work to finish

        # Stopped in the middle of writing a file: what it had written aside does not stay in the site.
        behind.start(lambda: _half_write_then_sleep(tmp_path), tmp_path)
        deadline = time.monotonic() + 10
        while not list(tmp_path.glob(".marker.txt.*")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(tmp_path.glob(".marker.txt.*"))
        behind.stop()
        assert not list(tmp_path.glob(".marker.txt.*"))
        assert (tmp_path / "marker.txt").read_text().startswith("from ")
    finally:
        behind.close()


def test_cycle_collection_waits_until_the_build_is_served() -> None:
    collector = CollectBetweenBuilds(delay=0.1)
    try:
        collector.pause()
        assert not gc.isenabled()
        collector.pause()  # a second build before the first was collected after
        collector.resume_soon()
        assert not gc.isenabled()
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.isenabled()
    finally:
        gc.enable()
