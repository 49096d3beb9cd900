"""A small real run of the benchmark script, so it never rots, and its table arithmetic."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "bench.py"
OURS_READY = (ROOT / "mkdocs.yml").exists()


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up while the class is built
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def table_rows(text: str, first_cell: str) -> list[list[str]]:
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    return [[cell.strip() for cell in row] for row in rows]


def number(cell: str) -> float:
    return float(cell.replace(",", "").rstrip("×"))


SMOKE = 20  # meetings: enough for every kind of page; the smoke run checks the script runs and reports, not speed


def test_smoke_run_of_the_benchmark(tmp_path: Path) -> None:
    """A few meetings through every build; the table has one row per build and figures that parse."""
    doc = tmp_path / "performance.md"
    doc.write_text(
        f"# Perf\n\nbefore\n\n{bench.MARK_BEGIN}\nold table\n{bench.MARK_END}\n\nafter\n",
        encoding="utf-8",
    )
    builds = "ours,default-nav,one-entry,cached,publish,serve" if OURS_READY else "default-nav,one-entry"
    command = [
        sys.executable,
        str(SCRIPT),
        "--sizes",
        str(SMOKE),
        "--out",
        str(tmp_path / "out"),
        "--builds",
        builds,
        "--people",
        "100",  # every person gets a page: fewer people, a faster smoke run
        "--serve-saves",
        "2",
        "--serve-pause",
        "0.5",
    ]
    command += ["--write-docs", "--docs", str(doc)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr

    rows = table_rows(result.stdout, str(SMOKE))
    measured, ratios = rows[:3], rows[3:4]
    cached, published, hosts, served = (rows[4:5], rows[5:6], rows[6:7], rows[7:]) if OURS_READY else ([],) * 4
    assert [row[1] for row in measured] == list(bench.BUILDS.values())
    for row in measured:
        if row[1] == bench.BUILDS["ours"] and not OURS_READY:
            assert row[2:] == ["not run"] * 5
            continue
        seconds, cpu, rss, pages, output = map(number, row[2:])
        assert 0 < seconds and 0 < cpu and rss > 10 and output > 0.1  # no upper bound: a busy machine is slow
        assert pages >= SMOKE + 1, "the meetings and a home page at least"
    assert len(ratios) == 1 and len(ratios[0]) == 5
    if OURS_READY:
        assert all(number(cell) > 0 for cell in ratios[0][1:])
        # Three builds with one cache: cold, nothing changed, one meeting changed; only its pages laid out again.
        [[_, clean, cold, unchanged, one, laid_out, *against_clean]] = cached
        timed = [part for cell in (clean, cold, unchanged, one, *against_clean) for part in cell.split(" (")]
        assert len(timed) == 12 and all(number(part.rstrip(")")) > 0 for part in timed)
        done, of = (number(part) for part in laid_out.split(" of "))
        assert 0 < done < of / 4
        # A real publish server: the archive pushed, then one meeting; each push until its release was live.
        [[_, clean_build, first_push, one_push, against]] = published
        assert all(number(cell) > 0 for cell in (clean_build, first_push, one_push, against))
        # The clean build's files and bytes, per meeting, and as shares of each host's limit.
        [[_, files, megabytes, per_meeting, kilobytes, *shares]] = hosts
        assert number(files) > SMOKE and number(per_meeting) == round(number(files) / SMOKE, 1)
        assert len(shares) == 6 and all(0 <= float(share.rstrip("%")) < 100 for share in shares)
        # A real `mkdocs serve`, a meeting saved twice: each wait timed until the page had the change.
        [[_, median, slowest, each]] = served
        waits = [float(wait) for wait in each.removesuffix(" s").split(", ")]
        assert len(waits) == 2 and 0 < number(median) <= number(slowest) == max(waits)

    written = doc.read_text(encoding="utf-8")
    assert written.startswith("# Perf\n\nbefore\n\n") and written.endswith("\n\nafter\n")
    assert "old table" not in written and f"| {SMOKE} | material, meetings as pages, one-entry nav |" in written
    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    recorded = set(builds.split(",")) - {"cached", "publish"}
    recorded |= (set(bench.CACHED) | set(bench.PUBLISH)) if OURS_READY else set()
    assert {row["build"] for row in saved["results"]} == recorded


def test_ratios_and_growth_are_reported_not_only_seconds() -> None:
    R = bench.Result
    results = [
        R(2000, "ours", "ok", 20.0, 500 * bench.MB, 9000, 100 * bench.MB),
        R(2000, "default-nav", "ok", 100.0, 300 * bench.MB, 2001, 1400 * bench.MB),
        R(2000, "one-entry", "ok", 10.0, 200 * bench.MB, 2001, 70 * bench.MB),
        R(10000, "ours", "ok", 104.0, 1200 * bench.MB, 45000, 500 * bench.MB),
        R(10000, "default-nav", "not run", note="quadratic; use --force-default-nav"),
        R(10000, "one-entry", "ok", 55.0, 600 * bench.MB, 10001, 350 * bench.MB),
        R(2000, "serve", "ok", 2.5, note="per save: 2.4, 2.5, 2.9 s", slowest=2.9),
    ]
    text = bench.render_tables(results, seed=1)
    assert table_rows(text, "2,000")[-2] == [
        "2,000",
        "0.20×",
        "0.07×",
        "2.00×",
        "1.43×",
    ]
    assert table_rows(text, "10,000")[-1] == [
        "10,000",
        "not run",
        "not run",
        "1.89×",
        "1.43×",
    ]
    assert re.search(r"\| Minutebook, full archive \| 5\.20× \| not run \| 1,200 \|", text)
    assert table_rows(text, "2,000")[-1] == ["2,000", "2.5", "2.9", "2.4, 2.5, 2.9 s"]  # serve
    assert (
        "| 10,000 | material, meetings as pages, default nav |"
        " not run | not run | not run | not run | not run |" in text
    )


def test_other_work_on_the_machine_is_flagged_not_the_builds_own_workers() -> None:
    R = bench.Result
    # A build keeping both cores and two Pagefind processes busy has a load average of about 4 by
    # itself: only CPU time used by the rest of the machine means its wall time is inflated.
    own_load_only = [R(2000, "ours", "ok", 60.0, cpu_seconds=100.0, load=3.8, others_cpu=1.0)]
    assert "Other work" not in bench.render_tables(own_load_only, seed=1)
    shared = [*own_load_only, R(2000, "default-nav", "ok", 150.0, cpu_seconds=140.0, load=1.2, others_cpu=45.0)]
    assert (
        "Other work shared the machine during 1 of these builds "
        "(up to 45 CPU-seconds in a 150 s build: 2,000 / default-nav)" in (bench.render_tables(shared, seed=1))
    )


def test_the_machines_cpu_time_counts_every_process(tmp_path: Path) -> None:
    before = bench.machine_cpu_seconds()
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    assert bench.machine_cpu_seconds() - before >= 0.25  # this process's own work is in it (to the clock tick)
    status, _, cpu, _, others = bench.measure(
        [sys.executable, "-c", "pass"], tmp_path, dict(os.environ), tmp_path / "log"
    )
    assert status == 0 and cpu > 0 and others >= 0
