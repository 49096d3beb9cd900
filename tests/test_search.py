"""Search: the fields the engine gives each page, and the Pagefind bundle a real strict build writes."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import FIXTURES, ROOT, Build, build_site, config_with_settings

from minutebook.batch import PARALLEL_THRESHOLD, map_over_cores
from minutebook.load import load_archive
from minutebook.search.fields import build_search_fields, filter_values
from minutebook.search.lifecycle import BackgroundSearchIndex, LiveSearchIndex
from minutebook.search.pagefind import (
    PAGEFIND_ALLOCATOR,
    ForkGuard,
    Processes,
    SearchError,
    build_search_index,
    index_bundle,
    run_coroutine,
    until_written,
    unwritten,
    within_budget,
)
from minutebook.search.plan import MAIN_FOLDER, RECORDS_FOLDER, Bundle, plan_bundles, search_plan
from minutebook.search.stabilise import BundleError, stabilise_pagefind
from minutebook.settings import load_settings

SOURCE = FIXTURES / "search"
SECRET = "zanzibarquux"  # the text of a confidential item in the fixture


def _decode(path: Path) -> bytes:
    """A Pagefind chunk: gzip around a `pagefind_dcd` signature and the payload."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd"), path
    return data[len(b"pagefind_dcd") :]


def _folders(site: Path) -> list[str]:
    """The bundle folders the built site's search-bundles.json lists, main group first."""
    plan = json.loads((site / "search-bundles.json").read_text(encoding="utf-8"))
    return [bundle["path"].rstrip("/") for group in ("main", "records") for bundle in plan[group]]


def _fragments(site: Path, folders: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Every indexed page's record (URL, text, filters, metadata, anchors) in the bundles ``folders`` (all), by URL."""
    records = [
        json.loads(_decode(path))
        for folder in (folders or _folders(site))
        for path in sorted((site / folder / "fragment").iterdir())
    ]
    return {record["url"]: record for record in records}


@pytest.fixture(scope="module")
def search_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("search"), SOURCE)
    assert build.returncode == 0, build.output
    return build


def test_fields_come_from_the_model() -> None:
    fields = build_search_fields(load_archive(SOURCE))
    meeting = fields["meetings/harbour-board/2025-06-10/"]
    filters = set(meeting.filters)
    assert {("kind", "Meeting"), ("body", "Harbour Board"), ("year", "2025")} <= filters
    # Attended (Sam Lee, Ruth Okafor in attendance) or only named in the text (Cllr Gilchrist).
    assert {
        ("person", "Sam Lee"),
        ("person", "Ruth Okafor"),
        ("person", "Cllr Phil Gilchrist"),
    } <= filters
    assert ("draft", "Draft") in meeting.meta

    overdue = dict(fields["actions/planning-committee/2024-03-05/a1/"].filters)
    assert overdue["status"] == "overdue" and overdue["kind"] == "Action" and overdue["person"] == "Ruth Okafor"
    done = fields["actions/planning-committee/2024-03-05/a2/"].filters
    # An action owned by a team is found under that team as well as under the body that raised it.
    assert ("status", "done") in done and ("body", "Highways Team") in done and ("body", "Planning Committee") in done
    assert ("kind", "Decision") in fields["decisions/planning-committee/2024-03-05/d1/"].filters
    assert ("kind", "Person") in fields["people/sam-lee/"].filters


def test_filter_menus_offer_every_value_once() -> None:
    values = json.loads(filter_values(build_search_fields(load_archive(SOURCE))))
    assert values == {
        "body": ["Harbour Board", "Highways Team", "Planning Committee"],
        "year": ["2025", "2024"],
        "person": ["Cllr Phil Gilchrist", "Ruth Okafor", "Sam Lee"],
        "status": ["done", "overdue"],
    }


def test_bundle_indexes_result_pages_only(search_build: Build) -> None:
    assert "Search: indexed 8 pages" in search_build.output
    # Meetings and people answer a query by default; actions and decisions are a bundle of their own.
    assert sorted(_fragments(search_build.site, (MAIN_FOLDER,))) == [
        "/meetings/harbour-board/2025-06-10/",
        "/meetings/planning-committee/2024-03-05/",
        "/people/phil-gilchrist/",
        "/people/ruth-okafor/",
        "/people/sam-lee/",
    ]
    assert sorted(_fragments(search_build.site, (RECORDS_FOLDER,))) == [
        "/actions/planning-committee/2024-03-05/a1/",
        "/actions/planning-committee/2024-03-05/a2/",
        "/decisions/planning-committee/2024-03-05/d1/",
    ]
    pages = _fragments(search_build.site)
    assert sorted(pages) == [
        "/actions/planning-committee/2024-03-05/a1/",
        "/actions/planning-committee/2024-03-05/a2/",
        "/decisions/planning-committee/2024-03-05/d1/",
        "/meetings/harbour-board/2025-06-10/",
        "/meetings/planning-committee/2024-03-05/",
        "/people/phil-gilchrist/",
        "/people/ruth-okafor/",
        "/people/sam-lee/",
    ]
    meeting = pages["/meetings/planning-committee/2024-03-05/"]
    # Items are sub-results at their permanent anchors.
    assert {"item-1", "item-2", "item-3", "item-4"} <= {anchor["id"] for anchor in meeting["anchors"]}
    assert meeting["meta"] == {
        "kind": "Meeting",
        "body": "Planning Committee",
        "date": "5 March 2024",
        "title": "Planning Committee, 5 March 2024",
    }
    # Names in attendance tables find meetings; roles are found on the people's own pages.
    assert "Ruth Okafor" in meeting["content"] and "Head of Planning" not in meeting["content"]
    assert "Role at this meeting" not in meeting["content"]
    assert "Head of Planning" in pages["/people/ruth-okafor/"]["content"]
    # Only the main content is text: no header, navigation, footer or search box.
    for record in pages.values():
        assert "Skip to main content" not in record["content"]
        assert "Search the minutes" not in record["content"]
        assert "Permanent link" not in record["content"]
    assert pages["/meetings/harbour-board/2025-06-10/"]["meta"]["draft"] == "Draft"
    assert pages["/actions/planning-committee/2024-03-05/a1/"]["filters"]["status"] == ["overdue"]


def test_confidential_text_is_never_indexed(search_build: Build) -> None:
    meeting = _fragments(search_build.site)["/meetings/planning-committee/2024-03-05/"]
    assert "land valuation in private" in meeting["content"]  # the published summary is searchable
    for path in (p for folder in _folders(search_build.site) for p in (search_build.site / folder).rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            text = _decode(path) if path.suffix.startswith(".pf_") else raw
            assert SECRET.encode() not in text, path


def test_search_box_is_in_every_header(search_build: Build) -> None:
    for url in ("", "actions/", "meetings/harbour-board/2025-06-10/"):
        html = search_build.page(url)
        assert '<button type="button" class="mb-search__open"' in html and 'assets/mb-search.js"' in html
    # Only result pages carry the index's body marker and filter tags.
    assert "data-pagefind-body" not in search_build.page("actions/")
    html = search_build.page("meetings/harbour-board/2025-06-10/")
    assert html.count("data-pagefind-body") == 1 and '<meta name="search-' not in html
    # Filters and metadata are attributes of the indexed element, each value once.
    indexed = re.search(r"<div class=\"mb-search-body\" data-pagefind-body([^>]*)>", html)
    assert indexed, html
    values = dict(re.findall(r' (data-v\d+)="([^"]*)"', indexed[1]))
    captures = dict(re.findall(r' data-pagefind-(filter|meta)="([^"]*)"', indexed[1]))
    filters = [tuple(c.rstrip("]").split("[")) for c in captures["filter"].split(", ")]
    assert ("person", "Cllr Phil Gilchrist") in [(key, values[name]) for key, name in filters]
    assert len(set(values.values())) == len(values)
    assert "data-pagefind-sort" not in html  # sorting would cost every first query bytes for every page


def test_rebuild_is_byte_identical(search_build: Build, tmp_path: Path) -> None:
    """The whole search bundle repeats byte for byte: fragments and word index as Pagefind writes them,
    filter lists once minutebook.search.stabilise has put them in order (Pagefind/pagefind#638)."""
    again = build_site(tmp_path, SOURCE)
    assert again.returncode == 0, again.output

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for folder in _folders(site)
            for p in sorted((site / folder).rglob("*"))
            if p.is_file()
        }

    assert files(again.site) == files(search_build.site)


def test_live_index_serves_the_last_bundle_then_refreshes_behind_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs serve` a rebuild must not wait for Pagefind; search catches up in a thread."""

    source = Path(shutil.copytree(ROOT / "meetings", tmp_path / "src"))
    first = build_site(tmp_path, source)
    assert first.returncode == 0, first.output
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    site = first.site
    bundles = search_plan(load_archive(source)).bundles
    BUNDLE = MAIN_FOLDER  # bundles are handled alike: watch the first, check the other is there
    for bundle in bundles:
        shutil.rmtree(site / bundle.folder)
    live = LiveSearchIndex(stabilise_pagefind)
    live.begin_build()
    assert live.after_build(site, bundles) is None  # the first build is indexed before serving
    entry = (site / BUNDLE / "pagefind-entry.json").read_bytes()
    records = (site / RECORDS_FOLDER / "pagefind-entry.json").read_bytes()
    # A rebuild (the clerk saved a file): the old bundles are there at once, fresh ones follow.
    for bundle in bundles:
        shutil.rmtree(site / bundle.folder)
    live.begin_build()
    thread = live.after_build(site, bundles)
    copied = (site / BUNDLE).stat().st_ino
    assert thread is not None and (site / BUNDLE / "pagefind-entry.json").read_bytes() == entry
    assert (site / RECORDS_FOLDER / "pagefind-entry.json").read_bytes() == records
    thread.join(timeout=120)
    assert not thread.is_alive() and (site / BUNDLE).stat().st_ino != copied  # the fresh bundle was swapped in
    assert (site / BUNDLE / "pagefind-entry.json").read_bytes() == entry  # same minutes, same index
    assert not (site / f".{BUNDLE}-retired").exists()
    # A refresh overtaken by a newer rebuild is dropped, not swapped over the newer site.
    live.begin_build()
    stale = live.after_build(site, bundles)
    copied = (site / BUNDLE).stat().st_ino
    live.begin_build()
    assert stale is not None
    stale.join(timeout=30)  # its Pagefind was killed: it stops at once, not after waiting for an answer
    assert not stale.is_alive() and (site / BUNDLE).stat().st_ino == copied
    # A bundle the plan no longer names (a save moved a boundary) leaves once the refresh is done.
    live.begin_build()
    fewer = live.after_build(site, bundles[:1])
    assert fewer is not None and (site / bundles[1].folder).is_dir()  # served until then
    fewer.join(timeout=120)
    assert (site / bundles[0].folder).is_dir() and not (site / bundles[1].folder).exists()
    # `serve` stops mid-refresh: the refresh is stopped, and nothing is left in the temporary folder.
    live.begin_build()
    running = live.after_build(site, bundles)
    assert running is not None and any(temporary.iterdir())
    live.close()
    assert not running.is_alive() and sorted(temporary.iterdir()) == []


def test_background_index_reads_the_pages_and_moves_finished_bundles_into_the_site(
    search_build: Build, tmp_path: Path
) -> None:
    """`mkdocs build` indexes the engine's pages beside the rest of the build, and hands over whole bundles."""

    bundles = search_plan(load_archive(SOURCE)).bundles
    pages = Path(shutil.copytree(search_build.site, tmp_path / "pages", ignore=shutil.ignore_patterns("pagefind*")))
    site = tmp_path / "site"
    site.mkdir()
    finished: list[str] = []
    indexing = BackgroundSearchIndex(
        pages, bundles, lambda bundle: finished.append(bundle.name) or stabilise_pagefind(bundle)
    )
    assert not any((site / bundle.folder).exists() for bundle in bundles)  # nothing half-made in the site meanwhile
    assert indexing.into(site) == 8
    assert sorted(finished) == sorted(bundle.folder for bundle in bundles)
    for bundle in bundles:  # the same bundles as the build's own, byte for byte
        assert _fragments(site, (bundle.folder,)) == _fragments(search_build.site, (bundle.folder,))
        assert (site / bundle.folder / "pagefind-entry.json").read_bytes() == (
            search_build.site / bundle.folder / "pagefind-entry.json"
        ).read_bytes()

    # A bundle that cannot be finished fails the build with its own message, and nothing is moved in.
    def broken(bundle: Path) -> None:
        raise BundleError(f"{bundle.name}: Pagefind wrote an incomplete search index")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(BundleError, match="incomplete search index"):
        BackgroundSearchIndex(pages, bundles, broken).into(elsewhere)
    assert list(elsewhere.iterdir()) == []


def test_pagefind_gives_freed_memory_back_at_once(
    search_build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind is started with its allocator told to return freed memory at once (a fifth less at its peak),
    unless the operator has chosen otherwise."""
    from pagefind.service import get_executable

    seen = tmp_path / "environment"
    # The real Pagefind, started through a script that notes the environment it was given.
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nenv >> "{seen}"\nexec "{get_executable()}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    name, setting = PAGEFIND_ALLOCATOR
    bundle = search_plan(load_archive(SOURCE)).main
    for chosen in (None, "narenas:1"):
        if chosen is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, chosen)
        seen.unlink(missing_ok=True)
        site = Path(
            shutil.copytree(search_build.site, tmp_path / f"site-{chosen}", ignore=shutil.ignore_patterns("pagefind*"))
        )
        assert build_search_index(site, bundle) > 0
        assert f"{name}={chosen or setting}" in seen.read_text().splitlines()


@pytest.mark.parametrize("watcher_delay", [0.0, 1.0], ids=["idle machine", "late child watcher"])
def test_a_pagefind_that_dies_fails_the_indexing_at_once(
    search_build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watcher_delay: float
) -> None:
    """Pagefind killed mid-index (by the out-of-memory killer, say) is a clear error at once.

    Its client waits for an answer for ever: the build hung, and so did every refresh under `serve`
    that a newer rebuild had stopped. On a loaded machine asyncio's child watcher (a thread waiting
    for the process) can learn of the death after the end of Pagefind's output does: the error must
    still say how Pagefind died, not asyncio's "code 255" for a process reaped by someone else.
    """
    if watcher_delay:
        blocking_wait = os.waitpid

        def late_waitpid(pid: int, options: int) -> tuple[int, int]:
            if options == 0:  # the watcher's wait, not a poll
                time.sleep(watcher_delay)
            return blocking_wait(pid, options)

        monkeypatch.setattr(os, "waitpid", late_waitpid)
    killed = tmp_path / "pagefind"  # takes the requests, answers none, and is killed
    killed.write_text("#!/bin/sh\nsleep 0.5\nkill -9 $$\n")
    killed.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(killed))
    site = Path(shutil.copytree(search_build.site, tmp_path / "site", ignore=shutil.ignore_patterns("pagefind*")))
    outcome: list[BaseException | int] = []

    def index() -> None:
        try:
            outcome.append(build_search_index(site, search_plan(load_archive(SOURCE)).bundles))
        except BaseException as error:  # noqa: BLE001 - looked at below, in the test's thread
            outcome.append(error)

    indexing = threading.Thread(target=index, daemon=True)
    indexing.start()
    indexing.join(timeout=60)
    assert not indexing.is_alive(), "indexing still waits for the killed Pagefind"
    assert isinstance(outcome[0], SearchError)
    assert "Pagefind was killed by signal 9 before it finished the index (out of memory, perhaps" in str(outcome[0])


def test_pagefind_finishes_while_a_worker_forked_beside_it_is_busy(
    search_build: Build,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The link check forks a worker while search is indexed beside it: the worker must not keep a copy
    of Pagefind's input open, or Pagefind never sees it end and waits, finished, until the worker exits."""
    from pagefind.service import get_executable

    slow_start = tmp_path / "pagefind"  # the real Pagefind, a second late: the worker is forked meanwhile
    slow_start.write_text(f'#!/bin/sh\nsleep 1\nexec "{get_executable()}" "$@"\n')
    slow_start.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow_start))
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "2")
    site = Path(shutil.copytree(search_build.site, tmp_path / "site", ignore=shutil.ignore_patterns("pagefind*")))
    bundles = search_plan(load_archive(SOURCE)).bundles
    indexed: list[float] = []
    indexing = threading.Thread(
        target=lambda: build_search_index(site, bundles) and indexed.append(time.monotonic()), daemon=True
    )
    indexing.start()
    deadline = time.monotonic() + 30
    while sum(str(slow_start) in " ".join(child.cmdline()) for child in psutil.Process().children()) < len(bundles):
        assert time.monotonic() < deadline, "Pagefind was never started"
        time.sleep(0.01)
    time.sleep(0.2)  # every Pagefind started, and its input held back
    map_over_cores(lambda _: time.sleep(0.1), list(range(100)))  # 5 s of work over two processes
    worked = time.monotonic()
    indexing.join(timeout=60)
    assert indexed and indexed[0] < worked - 2, "search waited for the worker"


def test_an_incomplete_bundle_is_noticed(search_build: Build, tmp_path: Path) -> None:
    """Pagefind's service has been seen to exit before a file was written out; such a bundle is indexed again."""

    def fresh_bundle() -> Path:
        shutil.rmtree(tmp_path / "bundle", ignore_errors=True)
        return Path(shutil.copytree(search_build.site / MAIN_FOLDER, tmp_path / "bundle"))

    bundle = fresh_bundle()
    assert unwritten(bundle) is None
    fragment = next((bundle / "fragment").iterdir())
    fragment.write_bytes(b"")
    assert unwritten(bundle) == f"fragment/{fragment.name} empty"
    bundle = fresh_bundle()
    page_list = next(bundle.glob("*.pf_meta"))
    page_list.unlink()
    assert unwritten(bundle) == f"{page_list.name} missing"
    bundle = fresh_bundle()
    (bundle / "pagefind-entry.json").write_text("")
    assert unwritten(bundle) == "pagefind-entry.json unreadable (JSONDecodeError)"


def test_the_wait_for_pagefinds_last_writes_ends_at_its_timeout(search_build: Build, tmp_path: Path) -> None:
    """A file never written out does not hold the build: the bundle is indexed again (test above)."""

    bundle = Path(shutil.copytree(search_build.site / MAIN_FOLDER, tmp_path / "bundle"))
    (bundle / "pagefind-entry.json").write_bytes(b"")
    started = time.monotonic()
    run_coroutine(until_written(bundle, timeout=0.3))  # a browser test's event loop may be running
    assert 0.3 <= time.monotonic() - started < 5
    assert unwritten(bundle) == "pagefind-entry.json unreadable (JSONDecodeError)"


LATE_WRITING_PAGEFIND = """\
import base64, json, os, shutil, sys, threading, time
# Pagefind's service as it behaves: "written" is answered with the last write still queued,
# and the process exits the moment its input closes, queued writes or not.
bundle = sys.argv[1]
def answer(message_id, payload):
    message = json.dumps({"message_id": message_id, "payload": payload}).encode()
    sys.stdout.write(base64.b64encode(message).decode() + ",")
    sys.stdout.flush()
def write_late(output):
    entry = os.path.join(output, "pagefind-entry.json")
    shutil.copytree(bundle, output, ignore=shutil.ignore_patterns("pagefind-entry.json"))
    open(entry, "wb").close()
    time.sleep(0.5)
    shutil.copyfile(os.path.join(bundle, "pagefind-entry.json"), entry)
buffer = b""
while True:
    byte = sys.stdin.buffer.read(1)
    if not byte:
        os._exit(0)
    if byte != b",":
        buffer += byte
        continue
    request = json.loads(base64.b64decode(buffer)); buffer = b""
    kind = request["payload"]["type"]
    if kind == "NewIndex":
        answer(request["message_id"], {"type": "NewIndex", "index_id": 0})
    elif kind == "AddDir":
        answer(request["message_id"], {"type": "IndexedDir", "page_count": 1})
    elif kind == "WriteFiles":
        output = request["payload"]["output_path"]
        threading.Thread(target=write_late, args=(output,), daemon=True).start()
        time.sleep(0.1)
        answer(request["message_id"], {"type": "WriteFiles", "output_path": output})
"""


def test_a_bundle_pagefind_still_writes_after_answering_is_waited_for(
    search_build: Build,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closed as soon as it answered "written", such a Pagefind lost a file, and the bundle was indexed again."""

    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} {tmp_path / 'late.py'} {search_build.site / MAIN_FOLDER}\n")
    fake.chmod(0o755)
    (tmp_path / "late.py").write_text(LATE_WRITING_PAGEFIND)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    output = tmp_path / "out"
    assert (
        run_coroutine(
            index_bundle(search_build.site, output, ("people/**/*.html",), Processes(ForkGuard()), attempts=1)
        )
        == 1
    )
    assert unwritten(output) is None
    assert (output / "pagefind-entry.json").read_bytes() == (
        search_build.site / MAIN_FOLDER / "pagefind-entry.json"
    ).read_bytes()


# --- bundles by years ------------------------------------------------------------------------------

YEARS = FIXTURES / "search-years"  # one Harbour Board meeting a year, 2021 to 2025; six members


def test_years_are_grouped_newest_first_into_bundles_of_whole_years() -> None:
    meetings = [2026] * 2 + [2025] * 2 + [2024] * 3 + [2023] * 2 + [2020] * 9 + [2019] * 30
    plan = plan_bundles(meetings, [2026, 2024, 2019], 5)
    assert plan.main == (
        # Each bundle holds up to 5 meetings, in whole years; people are in the newest.
        Bundle("pagefind", ("meetings/*/{2026,2025}-*/**/index.html", "people/*/**/index.html"), 2025, 2026, 4),
        Bundle("pagefind-2023-2024", ("meetings/*/{2024,2023}-*/**/index.html",), 2023, 2024, 5),
        # A year larger than the limit is a bundle of its own: a year is never split.
        Bundle("pagefind-2020", ("meetings/*/2020-*/**/index.html",), 2020, 2020, 9),
        Bundle("pagefind-2019", ("meetings/*/2019-*/**/index.html",), 2019, 2019, 30),
    )
    # Years with no actions or decisions have no records bundle (Pagefind cannot write an empty
    # one), and the newest keeps the fixed folder name.
    assert plan.records == (
        Bundle("pagefind-records", ("{actions,decisions}/*/{2026,2024}-*/**/index.html",), 2024, 2026, 5),
        Bundle("pagefind-records-2019", ("{actions,decisions}/*/2019-*/**/index.html",), 2019, 2019, 30),
    )
    assert [b.folder for b in plan_bundles(meetings, [2023], 2).records] == ["pagefind-records"]


def test_a_short_archive_is_one_bundle_of_each_kind() -> None:
    plan = plan_bundles([2018, 2019, 2019], [2018], 1000)
    assert plan.main == (Bundle(MAIN_FOLDER, ("meetings/*/*/**/index.html", "people/*/**/index.html"), 2018, 2019, 3),)
    assert [b.folder for b in plan.records] == [RECORDS_FOLDER]
    assert plan_bundles([], [], 1000).records == ()


def test_bundle_size_comes_from_mkdocs_yml() -> None:
    def bundle_size(options: dict[str, object]) -> tuple[int, list[str]]:
        settings, warnings = load_settings("Minutes", None, {"minutebook": options})
        return settings.search_bundle_meetings, warnings

    assert bundle_size({}) == (1000, [])
    assert bundle_size({"search_bundle_meetings": 250}) == (250, [])
    for wrong in (0, -3, "many", True, 2.5):
        size, warnings = bundle_size({"search_bundle_meetings": wrong})
        assert size == 1000 and len(warnings) == 1 and "search_bundle_meetings" in warnings[0]


def test_bundles_are_indexed_side_by_side_only_within_the_memory_budget() -> None:
    """Pagefind holds a bundle's whole index while writing it: a bundle of meetings runs beside a
    records bundle, never beside another bundle of meetings, and one above the budget runs alone."""
    meetings = [Bundle(f"{MAIN_FOLDER}-{n}", (), meetings=1000) for n in range(3)]
    records = [Bundle(f"{RECORDS_FOLDER}-{n}", (), meetings=1000) for n in range(3)]
    running: set[str] = set()
    started_beside: list[frozenset[str]] = []  # what was running as each bundle started

    async def index(bundle: Bundle) -> str:
        running.add(bundle.folder)
        started_beside.append(frozenset(running))
        await asyncio.sleep(0.02 if bundle in meetings else 0.01)
        running.discard(bundle.folder)
        return bundle.folder

    done = run_coroutine(within_budget([*records, *meetings], index))
    assert sorted(done) == sorted(bundle.folder for bundle in [*meetings, *records])
    assert started_beside[0] == {f"{MAIN_FOLDER}-0"}  # the largest first
    assert all(sum(not folder.startswith(RECORDS_FOLDER) for folder in group) <= 1 for group in started_beside)
    assert max(map(len, started_beside)) == 2  # two at once, one core each
    assert sum(len(group) == 2 and any(f.startswith(RECORDS_FOLDER) for f in group) for group in started_beside) >= 3

    large = Bundle(f"{MAIN_FOLDER}-large", (), meetings=5000)
    started_beside.clear()
    run_coroutine(within_budget([records[0], large, records[1]], index))
    assert started_beside[:2] == [{large.folder}, {records[0].folder}]  # alone, then the rest
    assert started_beside[2] == {records[0].folder, records[1].folder}


def test_a_long_archive_is_indexed_in_bundles_by_years(tmp_path: Path) -> None:
    build = build_site(tmp_path, YEARS, config=config_with_settings(tmp_path, "search_bundle_meetings: 1"))
    assert build.returncode == 0, build.output
    plan = json.loads((build.site / "search-bundles.json").read_text(encoding="utf-8"))
    assert plan == {
        "main": [
            {"path": "pagefind/", "first": 2025, "last": 2025},
            *({"path": f"pagefind-{year}/", "first": year, "last": year} for year in (2024, 2023, 2022, 2021)),
        ],
        "records": [
            {"path": "pagefind-records/", "first": 2025, "last": 2025},
            {"path": "pagefind-records-2024/", "first": 2024, "last": 2024},
            {"path": "pagefind-records-2023/", "first": 2023, "last": 2023},
        ],
    }
    people = [f"/people/{p}/" for p in ("ann-adams", "ben-brown", "cara-cole", "dan-dale", "eve-east", "finn-ford")]
    assert sorted(_fragments(build.site, ("pagefind",))) == ["/meetings/harbour-board/2025-05-13/", *people]
    assert sorted(_fragments(build.site, ("pagefind-2023",))) == ["/meetings/harbour-board/2023-05-09/"]
    assert sorted(_fragments(build.site, ("pagefind-records-2023",))) == ["/actions/harbour-board/2023-05-09/a1/"]
    assert "Search: indexed 14 pages" in build.output
    # Without the setting the same archive is one bundle of each kind.
    assert search_plan(load_archive(YEARS)).bundles == (
        Bundle(MAIN_FOLDER, ("meetings/*/*/**/index.html", "people/*/**/index.html"), 2021, 2025, 5),
        Bundle(RECORDS_FOLDER, ("{actions,decisions}/*/*/**/index.html",), 2021, 2025, 3),  # years with any
    )


def test_a_stopped_indexing_run_kills_its_processes_and_any_it_starts_later() -> None:
    """A rebuild stops the search refresh still running for the last one (LiveSearchIndex.begin_build)."""
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    later = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        processes = Processes(ForkGuard())
        processes.add(running.pid)
        processes.add(finished.pid)
        finished.wait(30)
        processes.discard(finished.pid)  # exited: its number may be reused, so it is never signalled
        processes.stop()
        assert running.wait(30) == -signal.SIGKILL
        processes.add(later.pid)  # started after the run was stopped
        assert later.wait(30) == -signal.SIGKILL
    finally:
        for process in (running, later):
            process.kill()
            process.wait()


def test_forked_workers_do_not_hold_pagefind_s_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker closes the descriptors held back (our end of Pagefind's input): holding a copy,
    it kept Pagefind from seeing its input end, and so from finishing, until the worker exited."""
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "2")
    parent = os.getpid()
    held, held_other_end = os.pipe()
    reused, reused_other_end = os.pipe()
    guard = ForkGuard()
    guard.hold(held)
    guard.hold(reused)
    os.close(reused)  # closed without being released (Pagefind died): its number may be reused...
    stranger, stranger_other_end = os.pipe()  # ...by another file, here the very next one opened
    assert stranger == reused

    def identity(descriptor: int) -> tuple[int, int]:
        found = os.fstat(descriptor)
        return found.st_dev, found.st_ino

    pipes = {held: identity(held), stranger: identity(stranger)}

    def is_open(descriptor: int) -> bool:
        """Whether ``descriptor`` is still the pipe it was (a closed number may be reused: /dev/null, say)."""
        try:
            return identity(descriptor) == pipes[descriptor]
        except OSError:
            return False

    def seen(n: int) -> tuple[bool, bool, bool]:
        time.sleep(0.002)
        return os.getpid() != parent, is_open(held), is_open(stranger)

    try:
        outcomes = set(map_over_cores(seen, list(range(PARALLEL_THRESHOLD * 3))))
        assert (True, False, True) in outcomes  # in the worker: closed; the stranger left alone
        assert (False, True, True) in outcomes  # in the build's own process: still open
        guard.release(held)
        assert (True, True, True) in set(map_over_cores(seen, list(range(PARALLEL_THRESHOLD * 3))))
    finally:
        guard.release(held)
        guard.release(reused)
        for descriptor in (held, held_other_end, reused_other_end, stranger, stranger_other_end):
            os.close(descriptor)
