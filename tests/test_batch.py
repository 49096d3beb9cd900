"""Work done once: unchanged meetings are not parsed or rendered again; parallel equals serial."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from minutebook import batch
from minutebook.cache import ArchiveCache, BuildCache, archive_identity
from minutebook.load import load_archive
from minutebook.markup import RenderedMeeting, Renderer


def _session(source: Path) -> BuildCache:
    """A build cache in memory, as `serve` holds one for its session."""
    return BuildCache.open(None, archive_identity(source))


def test_unchanged_meetings_are_reused_between_builds(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "archive", tmp_path / "src"))
    session = _session(source)
    first = {m.id: m for m in load_archive(source, cache=ArchiveCache(session)).meetings}
    changed = source / "2025/2025-02-12-finance.md"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Budget monitoring", "Budget monitor"), encoding="utf-8"
    )
    second = {m.id: m for m in load_archive(source, cache=ArchiveCache(session)).meetings}
    assert second["finance-committee/2025-01-15"] is first["finance-committee/2025-01-15"]
    assert second["finance-committee/2025-02-12"] is not first["finance-committee/2025-02-12"]
    assert second["finance-committee/2025-02-12"].item("2").title == "Budget monitor"  # type: ignore[union-attr]


def test_without_a_cache_nothing_is_kept_between_loads() -> None:
    first = load_archive(FIXTURES / "archive").meetings[0]
    again = load_archive(FIXTURES / "archive").meetings[0]
    assert again == first and again is not first


def test_a_registry_change_invalidates_every_meeting(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "archive", tmp_path / "src"))
    session = _session(source)
    first = load_archive(source, cache=ArchiveCache(session)).meetings[0]
    assert load_archive(source, cache=ArchiveCache(session)).meetings[0] is first
    people = source / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "erin-shaw:\n  name: Erin Shaw\n", encoding="utf-8")
    assert load_archive(source, cache=ArchiveCache(session)).meetings[0] is not first


def test_rendering_is_reused_until_the_text_changes(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "archive", tmp_path / "src"))
    session = _session(source)

    def build() -> dict[str, RenderedMeeting]:
        loaded = ArchiveCache(session)
        archive = load_archive(source, cache=loaded)
        return Renderer(archive, loaded).meetings(archive.meetings)

    first = build()
    again = build()
    assert all(again[key] is first[key] for key in first)
    changed = source / "2025/2025-02-12-finance.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("budget", "budgets"), encoding="utf-8")
    third = build()
    assert third["finance-committee/2025-02-12"] is not first["finance-committee/2025-02-12"]
    assert third["finance-committee/2025-01-15"] is first["finance-committee/2025-01-15"]
    archive = load_archive(source)
    assert all(Renderer(archive).meetings(archive.meetings)[key] is not first[key] for key in first)


def test_parallel_map_keeps_order_and_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(range(batch.PARALLEL_THRESHOLD * 3))
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "2")
    # A little real work per item, so both workers get a share of the chunks.
    parallel = batch.map_over_cores(lambda n: (time.sleep(0.005) or n * n, os.getpid()), items)
    assert [square for square, _ in parallel] == [n * n for n in items]
    pids = {pid for _, pid in parallel}
    assert len(pids) == 2  # really ran in a worker process...
    assert os.getpid() in pids  # ...and in this one: it works instead of waiting beside a worker of its own
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "1")
    assert [pid for _, pid in batch.map_over_cores(lambda n: (n, os.getpid()), items)] == [os.getpid()] * len(items)


# With two workers and 192 items, chunks are 12 items: the first goes to the worker, the second is the caller's.
@pytest.mark.parametrize(
    "failing", [0, 12, batch.PARALLEL_THRESHOLD * 3 - 1], ids=["in the worker", "in the caller", "last chunk"]
)
def test_parallel_map_raises_what_the_work_raised(monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "2")

    def work(n: int) -> int:
        time.sleep(0.002)
        if n == failing:
            raise ValueError(f"bad item {n}")
        return n

    with pytest.raises(ValueError, match=f"bad item {failing}"):
        batch.map_over_cores(work, list(range(batch.PARALLEL_THRESHOLD * 3)))


def test_a_worker_killed_mid_work_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The out-of-memory killer takes a worker: the build says so (no traceback of the process pool)."""
    monkeypatch.setenv("MINUTEBOOK_WORKERS", "2")
    parent = os.getpid()

    def work(n: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return n

    with pytest.raises(batch.WorkerLost, match="killed before it finished .out of memory, perhaps"):
        batch.map_over_cores(work, list(range(batch.PARALLEL_THRESHOLD * 3)))
