"""A small real run of the search benchmark (both engines, in the browser), so the script never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SMOKE = 20  # meetings: the smoke run checks the script runs and reports, not speed


def test_smoke_run_at_a_few_meetings(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_search.py"),
            "--sizes",
            str(SMOKE),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {row["engine"]: row for row in json.loads((tmp_path / "results.json").read_text())}
    pagefind, lunr = rows["pagefind"], rows["lunr"]
    # Meetings, actions, decisions and people (in two bundles) against lunr's meetings.
    assert pagefind["pages_indexed"] > 4 * SMOKE and lunr["pages_indexed"] == SMOKE
    # Pagefind loads its engine and index on the first query and only new chunks on the second;
    # lunr fetches its whole index for the first and nothing after.
    fetched = [path for path, _ in pagefind["first_query_detail"]]
    assert any(path.endswith(".pf_index") for path in fetched) and any(
        path.endswith(".pf_fragment") for path in fetched
    )
    # The first query reads the meetings-and-people bundle only, and no filter lists.
    assert "assets/mb-search.js" in fetched
    assert not any("pagefind-records" in path or ".pf_filter" in path for path in fetched), fetched
    # A few meetings are one bundle: nothing older to ask for.
    assert pagefind["older_minutes_bytes"] == 0
    assert set(pagefind["other_first_queries"]) == {
        "Gilchrist",
        "working together 2018",
        "a name in the fewest meetings, long ago",
    }
    assert all(size > 0 for size in pagefind["other_first_queries"].values())
    assert 0 < pagefind["second_query_bytes"] < pagefind["first_query_bytes"]
    assert any(path.startswith("search/search_index.json") for path, _ in lunr["first_query_detail"])
    assert lunr["second_query_bytes"] == 0
    for label in ("Pagefind", "lunr (material)"):
        assert f"| {SMOKE} | {label} | " in result.stdout
    # Built sites are removed once measured; corpora and logs stay.
    assert not (tmp_path / f"site-pagefind-{SMOKE}").exists()


def test_rare_word_is_the_least_used_and_longest_ago(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from bench_search import rare_word

    for name, text in {
        "2001/2001-01-01-board.md": "Quigley reported. Gallagher was absent.",
        "2001/2001-02-01-board.md": "Gallagher reported on staffing. Absent: none.",
        "2020/2020-01-01-board.md": "Brennan reported on staffing.",
    }.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"---\nbody: board\n---\n\n{text}\n", encoding="utf-8")
    # quigley and brennan are each in one meeting, quigley's longer ago; short words ("was") are left out.
    assert rare_word(tmp_path) == "quigley"
