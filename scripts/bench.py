#!/usr/bin/env python3
"""Benchmark the archive build against mkdocs-material building the same meetings as plain pages.

    bench.py [--sizes 500,2000,10000] [--out bench-out] [--seed 1] [--write-docs]

For each size: generate a synthetic archive (scripts/gen_corpus.py), then build, each in a fresh
child process, and measure wall time, CPU time, peak RSS, pages written and output size of
  ours         the full Minutebook archive: MINUTES_SOURCE=corpus mkdocs build, with mkdocs.yml
  default-nav  mkdocs-material, each meeting's Markdown as a plain page, default navigation
  one-entry    the same with the navigation cut to one entry (nav: [index.md])
("ours" with the build cache off, so it is a clean build), and with the build cache (.minutebook-cache/)
  cached       three builds of a copy of the archive into one site folder with one cache, as a clerk
               runs `mkdocs build` again and again: with the cache empty (cold), then with nothing
               changed, then after one meeting file changed (a sentence added)
and, up to 2,000 meetings,
  serve        `mkdocs serve` on the archive: a meeting file is saved a few times, a few seconds
               apart, and each time the wait from the save until the server returns the changed
               page is timed (the server holds requests while it rebuilds)
then print Markdown tables of the measurements, of the ratios between them, and of the site's files
and bytes against each host's documented limits (hooks/minutebook/hosts.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from minutebook import hosts  # noqa: E402 - after the path is set

GEN_CORPUS = ROOT / "scripts" / "gen_corpus.py"
BUILDS = {
    "ours": "Minutebook, full archive",
    "default-nav": "material, meetings as pages, default nav",
    "one-entry": "material, meetings as pages, one-entry nav",
}
SERVE = "serve"
CACHED = {  # the builds of the "cached" measure, in the order they run
    "cache-cold": "empty cache",
    "cache-unchanged": "nothing changed",
    "cache-one-meeting": "one meeting changed",
}
CACHED_MEASURE = "cached"
PUBLISH = {  # the pushes of the "publish" measure, in the order they run
    "publish-first": "first push (whole archive)",
    "publish-one-meeting": "push of one meeting changed",
}
PUBLISH_MEASURE = "publish"
MEASURES = [*BUILDS, CACHED_MEASURE, PUBLISH_MEASURE, SERVE]
RECORDED = [*BUILDS, *CACHED, *PUBLISH, SERVE]  # what results.json holds, in order
PUBLISH_TARGET = 15.0  # seconds from `git push` starting to the change being served, at 10,000 meetings
# What a clerk's repository holds of the project (as tests/test_publish_server.py copies it): not its tests,
# minutes or benchmark output.
NOT_PUSHED = ("tests/", "meetings/", ".github/", ".ci/", ".gitlab-ci.yml", "bench-out")
# A warm build after one meeting changed: the targets at 2,000 and 10,000 meetings.
WARM_TARGETS = {2000: 4.0, 10000: 10.0}
# `serve` waits for a whole first build and search index before the saves: kept to sizes that matter.
SERVE_MAX = 2000
SERVE_TARGET = 3.0  # seconds from saving a meeting to the browser having the change
# The default-nav baseline renders the whole nav into every page: 126 s at 2,000 meetings on a
# 2-core machine, so about 50 minutes at 10,000. Above this size it runs only when forced.
DEFAULT_NAV_MAX = 2000
# A fixed build date keeps "overdue" and dates in the output the same from run to run.
SOURCE_DATE_EPOCH = "1793318400"  # 2026-10-31
MARK_BEGIN, MARK_END = "<!-- bench:begin -->", "<!-- bench:end -->"
POLL_SECONDS = 0.05
# Other processes' CPU use during a build, as a share of one core over its wall time, above which
# the report warns that wall times are inflated (the build's own workers and Pagefind do not count).
BUSY_SHARE = 0.1
MB = 1_000_000


@dataclass(frozen=True)
class Result:
    """One build of one corpus size, or the reason it has no figures."""

    size: int
    build: str
    status: str  # "ok" | "failed" | "not run"
    seconds: float = 0.0
    peak_rss: int = 0  # bytes
    pages: int = 0
    output_bytes: int = 0
    cpu_seconds: float = 0.0  # user + system time of the whole process tree
    load: float = 0.0  # 1-minute load average when the build ended (the build's own processes included)
    others_cpu: float = 0.0  # CPU-seconds the rest of the machine used meanwhile: it inflates our wall time
    note: str = ""
    when: str = ""  # UTC minute the build ended
    slowest: float = 0.0  # serve: the slowest save (``seconds`` is the median)
    files: int = 0  # every file written, as hosts count them
    entries: int = 0  # files and folders (GitLab's count)
    largest_file: int = 0
    most_in_a_folder: int = 0
    rendered: str = ""  # cached builds: "laid out of generated pages", from the build's log


def machine_cpu_seconds() -> float:
    """CPU-seconds every process on the machine (and the hypervisor's other guests) has used since boot;
    0 where unknown."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(field) for field in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, float, float, int, float]:
    """Run ``command``; return (exit status, wall seconds, CPU seconds, peak RSS in bytes, others' CPU seconds).

    CPU seconds (user + system, children included) barely move when other work shares the
    machine; wall seconds do, so both are reported, with what the rest of the machine used meanwhile
    (the machine's CPU time less the build's: the load average would count the build's own workers).

    Peak RSS is the larger of two views: the kernel's high-water mark of the biggest process in
    the tree (``wait4`` rusage, exact but per process) and the whole tree's memory sampled every
    50 ms (catches worker processes running side by side, but can miss a short spike).
    """
    with open(log, "wb") as sink:
        machine_before, own_before = machine_cpu_seconds(), _own_cpu_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
        watched = psutil.Process(proc.pid)
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_memory(watched))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        # Less this process's own sampling (reading a large process's memory map is not free).
        machine = machine_cpu_seconds() - machine_before - (_own_cpu_seconds() - own_before)
    proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it; tell Popen
    cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, machine - cpu) if machine_before else 0.0
    return proc.returncode, seconds, cpu, max(tree_peak, usage.ru_maxrss * 1024), others


def tree_memory(proc: psutil.Process) -> int:
    """Memory of ``proc`` and all its descendants right now.

    Each process counts its proportional set size (PSS): a page shared by forked workers
    (copy-on-write, the parent's whole model) is shared out among them instead of counted once
    per worker. Resident size (RSS) where PSS cannot be read.
    """
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in family:
        try:
            total += getattr(member.memory_full_info(), "pss", 0) or member.memory_info().rss
        except psutil.Error:  # it exited between listing and reading
            pass
    return total


def measure_output(site: Path) -> tuple[int, int]:
    """(pages, bytes): pages are index.html files, bytes everything written."""
    pages = total = 0
    for folder, _, names in os.walk(site):
        for name in names:
            total += os.lstat(os.path.join(folder, name)).st_size
            pages += name == "index.html"
    return pages, total


def write_baseline_project(corpus: Path, project: Path) -> None:
    """A plain MkDocs project whose pages are the meetings' Markdown without front-matter."""
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Meetings\n\nEvery meeting of the archive as a plain page.\n",
        encoding="utf-8",
    )
    for source in sorted(corpus.glob("*/*.md")):
        text = source.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        target = docs / source.relative_to(corpus)
        target.parent.mkdir(exist_ok=True)
        target.write_text(body, encoding="utf-8")
    base = "site_name: Baseline\ntheme:\n  name: material\n"
    (project / "default-nav.yml").write_text(base, encoding="utf-8")
    (project / "one-entry.yml").write_text(base + "nav:\n  - index.md\n", encoding="utf-8")


def run_build(build: str, size: int, corpus: Path, out: Path, keep_sites: bool) -> Result:
    """Build one variant into out/site-<build>-<size> and measure it."""
    site = out / f"site-{build}-{size}"
    log = out / f"build-{build}-{size}.log"
    if site.exists():
        shutil.rmtree(site)
    # A clean build: no build cache (the repository's .minutebook-cache/ would make it a warm one).
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", MINUTEBOOK_CACHE="off")
    if build == "ours":
        if not (ROOT / "mkdocs.yml").exists():
            return Result(size, build, "failed", note="no mkdocs.yml in the repository yet")
        env["MINUTES_SOURCE"] = str(corpus.resolve())
        command, cwd = (
            [sys.executable, "-m", "mkdocs", "build", "-d", str(site.resolve())],
            ROOT,
        )
    else:
        project = out / f"plain-{size}"
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            f"{build}.yml",
            "-d",
            str(site.resolve()),
        ]
        cwd = project
    status, seconds, cpu, peak, others = measure(command, cwd, env, log)
    if status != 0:
        return _failed(size, build, seconds, peak, status, log.read_text(encoding="utf-8", errors="replace"))
    counted = hosts.measure(site)
    result = _finished(
        size,
        build,
        seconds,
        peak,
        cpu,
        others,
        site,
        files=counted.files,
        entries=counted.entries,
        largest_file=counted.largest_file,
        most_in_a_folder=counted.most_in_a_folder,
    )
    if not keep_sites:  # the default-nav site alone is 1.4 GB at 2,000 meetings
        shutil.rmtree(site)
    return result


def _failed(size: int, build: str, seconds: float, peak: int, status: int, output: str) -> Result:
    """A build that exited with ``status``, with the last lines it printed."""
    tail = output.strip().splitlines()[-3:]
    return Result(size, build, "failed", seconds, peak, note=f"exit {status}: " + " / ".join(tail))


def _finished(
    size: int, build: str, seconds: float, peak: int, cpu: float, others: float, site: Path, **extra: Any
) -> Result:
    """A build that succeeded: its figures, the site's size and the load it ended under."""
    load = os.getloadavg()[0]
    pages, total = measure_output(site)
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
    return Result(size, build, "ok", seconds, peak, pages, total, cpu, load, others, when=when, **extra)


def run_cached(size: int, corpus: Path, out: Path, keep_sites: bool) -> list[Result]:
    """The three builds of ``CACHED`` over a copy of the corpus, one site folder and one cache."""
    source, cache, site = out / f"cached-{size}", out / f"cache-{size}", out / f"site-cached-{size}"
    for folder in (source, cache, site):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(corpus, source)
    env = dict(
        os.environ,
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
        NO_MKDOCS_2_WARNING="1",
        MINUTES_SOURCE=str(source.resolve()),
        MINUTEBOOK_CACHE=str(cache.resolve()),
    )
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site.resolve())]
    results = []
    for build in CACHED:
        if build == "cache-one-meeting":  # the middle meeting: pages before and after it link to it
            meeting = sorted(source.glob("*/*.md"))[size // 2]
            text = meeting.read_text(encoding="utf-8")
            meeting.write_text(text.rstrip("\n") + "\n\nA sentence added by the benchmark.\n", encoding="utf-8")
        log = out / f"build-{build}-{size}.log"
        status, seconds, cpu, peak, others = measure(command, ROOT, env, log)
        output = log.read_text(encoding="utf-8", errors="replace")
        if status != 0:
            results.append(_failed(size, build, seconds, peak, status, output))
            break
        laid_out = re.search(r"Rendering (\d+) of (\d+) generated pages", output)
        rendered = f"{int(laid_out[1]):,} of {int(laid_out[2]):,}" if laid_out else "all"
        results.append(_finished(size, build, seconds, peak, cpu, others, site, rendered=rendered))
    if not keep_sites:
        shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(source, ignore_errors=True)
    return results


def run_publish(size: int, corpus: Path, out: Path) -> list[Result]:
    """The self-hosted publish server (scripts/publish_server.py) on this machine: the archive pushed once,
    then one meeting changed and pushed; each push timed from `git push` starting until it returns, when
    the new release is live (post-receive swaps it in before git push ends)."""
    work = out / f"publish-{size}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    repo, site, clerk = work / "minutes.git", work / "www" / "minutes", work / "clerk"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(work / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Bench Clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Bench Clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.org",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    }
    server = ROOT / "scripts" / "publish_server.py"
    setup = [sys.executable, str(server), "setup", str(repo), "--site", str(site)]
    subprocess.run(setup, env=env, check=True, capture_output=True)
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clerk)], env=env, check=True, capture_output=True)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if not name.startswith(NOT_PUSHED) and (ROOT / name).is_file():
            (clerk / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clerk / name)
    shutil.copytree(corpus, clerk / "meetings")

    def push(build: str, message: str) -> Result:
        subprocess.run(["git", "add", "--all"], cwd=clerk, env=env, check=True)
        subprocess.run(["git", "commit", "--quiet", "-m", message], cwd=clerk, env=env, check=True)
        log = out / f"{build}-{size}.log"
        status, seconds, _, _, others = measure(["git", "push", "origin", "main"], clerk, env, log)
        note = "" if status == 0 else f"exit {status}: " + log.read_text(encoding="utf-8", errors="replace")[-300:]
        when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
        return Result(size, build, "ok" if status == 0 else "failed", seconds, others_cpu=others, note=note, when=when)

    results = [push("publish-first", "The archive")]
    if results[0].status == "ok":
        meeting = sorted((clerk / "meetings").glob("*/*.md"))[size // 2]
        text = meeting.read_text(encoding="utf-8")
        meeting.write_text(text.rstrip("\n") + "\n\nA sentence added by the benchmark.\n", encoding="utf-8")
        results.append(push("publish-one-meeting", "One meeting corrected"))
    shutil.rmtree(work, ignore_errors=True)
    return results


def run_serve(size: int, corpus: Path, out: Path, saves: int, pause: float) -> Result:
    """Serve a copy of the corpus with `mkdocs serve`; time ``saves`` saves of its latest meeting."""
    source = out / f"serve-{size}"
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(corpus, source)
    meeting = sorted(source.glob("*/*.md"))[-1]
    # The contract's address of a meeting file YYYY/YYYY-MM-DD-<body>.md is meetings/<body>/YYYY-MM-DD/.
    url_path = f"meetings/{meeting.stem[11:]}/{meeting.stem[:10]}/"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    env = dict(
        os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", MINUTES_SOURCE=str(source.resolve())
    )
    log = out / f"serve-{size}.log"
    with open(log, "wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            if _fetch(base + url_path, deadline=time.monotonic() + 1800, server=server) is None:
                tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
                return Result(size, SERVE, "failed", note="the server never served the meeting: " + " / ".join(tail))
            waits = []
            for _ in range(saves):
                time.sleep(pause)  # the clerk reads the page before the next save
                sentence = f"Benchmark sentence {uuid.uuid4().hex}."
                text = meeting.read_text(encoding="utf-8")
                started = time.perf_counter()
                meeting.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
                deadline = time.monotonic() + 600
                while sentence not in (page := _fetch(base + url_path, deadline, server) or ""):
                    if not page:
                        return Result(
                            size, SERVE, "failed", note="the server stopped, or a save did not show within 10 minutes"
                        )
                    time.sleep(POLL_SECONDS)
                waits.append(time.perf_counter() - started)
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C: the hooks clean up
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}"
    note = "per save: " + ", ".join(f"{wait:.1f}" for wait in waits) + " s"
    return Result(
        size, SERVE, "ok", statistics.median(waits), load=os.getloadavg()[0], note=note, when=when, slowest=max(waits)
    )


def _fetch(url: str, deadline: float, server: subprocess.Popen[bytes]) -> str | None:
    """The page at ``url`` once the server answers (None if it stopped, or never did by ``deadline``)."""
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=600) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            time.sleep(0.2)
    return None


def describe(result: Result) -> str:
    """One line of progress for the terminal."""
    if result.status != "ok":
        return f"{result.status} {result.note}"
    if result.build == SERVE:
        return f"median {result.seconds:.1f} s from save to page, slowest {result.slowest:.1f} s ({result.note})"
    if result.build in PUBLISH:
        return f"{result.seconds:.1f} s from git push to the release live"
    if result.build in CACHED:
        return f"{result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU, laid out {result.rendered} pages"
    return (
        f"{result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU, "
        f"{result.peak_rss / MB:,.0f} MB peak RSS, {result.pages:,} pages, "
        f"{result.output_bytes / MB:,.1f} MB, others' CPU {result.others_cpu:.1f} s"
    )


def generate_corpus(size: int, seed: int, people: int, out: Path) -> Path:
    corpus = out / f"corpus-{size}"
    command = [sys.executable, str(GEN_CORPUS), str(size), str(corpus), "--force"]
    command += ["--seed", str(seed), "--people", str(people)]
    subprocess.run(command, check=True, capture_output=True)
    return corpus


# -- reporting ---------------------------------------------------------------------------------------


def render_tables(results: list[Result], seed: int, people: int = 300) -> str:
    """The Markdown the benchmark prints and writes into docs/performance.md."""
    by_key = {(r.size, r.build): r for r in results}
    sizes = sorted({r.size for r in results})
    lines = [
        f"Corpus: `scripts/gen_corpus.py N OUT --seed {seed} --people {people}`, " + "about 1,200 words per meeting.",
        "",
        "| meetings | build | time (s) | CPU (s) | peak RSS (MB) | pages | output (MB) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for build, label in BUILDS.items():
            r = by_key.get((size, build)) or Result(size, build, "not run")
            if r.status == "ok":
                cells = [
                    f"{r.seconds:,.1f}",
                    f"{r.cpu_seconds:,.1f}" if r.cpu_seconds else "n/a",
                    f"{r.peak_rss / MB:,.0f}",
                    f"{r.pages:,}",
                    f"{r.output_bytes / MB:,.1f}",
                ]
            else:
                cells = [r.status] * 5
            lines.append(f"| {size:,} | {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Ratios of ours to the baselines (below 1 means ours is faster or smaller):",
        "",
        "| meetings | time / default nav (target < 0.25) | output / default nav (target < 0.10)"
        + " | time / one-entry nav (stretch ≤ 2) | output / one-entry nav |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        ours = by_key.get((size, "ours"))
        cells = []
        for build in ("default-nav", "one-entry"):
            base = by_key.get((size, build))
            for field in ("seconds", "output_bytes"):
                cells.append(ratio(ours, base, field))
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    if 2000 in sizes and 10000 in sizes:
        lines += [
            "",
            "Growth from 2,000 to 10,000 meetings (5.0 is linear; target for ours ≤ 5.5):",
            "",
        ]
        lines += [
            "| build | time 10k / 2k | CPU 10k / 2k | peak RSS at 10k (MB; target for ours < 1,500) |",
            "|---|---:|---:|---:|",
        ]
        for build, label in BUILDS.items():
            big = by_key.get((10000, build))
            rss = f"{big.peak_rss / MB:,.0f}" if big and big.status == "ok" else "not run"
            small = by_key.get((2000, build))
            cpu = ratio(big, small, "cpu_seconds")
            lines.append(f"| {label} | {ratio(big, small, 'seconds')} | {cpu} | {rss} |")
    lines += _cached_table(by_key, sizes)
    lines += _publish_table(by_key, sizes)
    lines += _hosts_table(by_key, sizes)
    served = sorted((r for r in results if r.build == SERVE), key=lambda r: r.size)
    if served:
        lines += [
            "",
            "`mkdocs serve`: from saving one meeting file to the server returning the changed page "
            f"(target ≤ {SERVE_TARGET:g} s):",
            "",
            "| meetings | median (s) | slowest (s) | each save |",
            "|---:|---:|---:|---|",
        ]
        for r in served:
            if r.status == "ok":
                lines.append(
                    f"| {r.size:,} | {r.seconds:.1f} | {r.slowest:.1f} | {r.note.removeprefix('per save: ')} |"
                )
            else:
                lines.append(f"| {r.size:,} | {r.status} | {r.status} | {r.note} |")
    busy = [
        r
        for r in results
        if r.status == "ok" and r.build not in (SERVE, *CACHED, *PUBLISH) and r.others_cpu > BUSY_SHARE * r.seconds
    ]
    if busy:
        worst = max(busy, key=lambda r: r.others_cpu / r.seconds)
        warning = (
            f"Other work shared the machine during {len(busy)} of these builds (up to {worst.others_cpu:.0f} "
            f"CPU-seconds in a {worst.seconds:.0f} s build: {worst.size:,} / {worst.build}): their wall times "
            "are inflated; CPU times much less so."
        )
        lines += ["", warning]
    notes = [r for r in results if r.note and r.build != SERVE]
    if notes:
        lines += [""] + [f"- {r.size:,} / {r.build}: {r.note}" for r in notes]
    return "\n".join(lines) + "\n"


def _cached_table(by_key: dict[tuple[int, str], Result], sizes: list[int]) -> list[str]:
    """The builds with the build cache, against the clean build of the same run: wall time, then CPU time."""
    rows = [size for size in sizes if any((size, build) in by_key for build in CACHED)]
    if not rows:
        return []
    targets = ", ".join(f"under {seconds:g} s at {size:,}" for size, seconds in WARM_TARGETS.items())
    lines = [
        "",
        "With the build cache: one site folder and one cache, built with the cache empty, again with "
        "nothing changed, and again after one meeting changed; each as wall seconds (CPU seconds), and "
        f"against the clean build (cache off) of this run (target for one meeting changed: {targets}):",
        "",
        "| meetings | clean | empty cache | nothing changed | one meeting changed | pages laid out, one changed "
        "| unchanged / clean: time (CPU) | one changed / clean: time (CPU) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in rows:
        clean = by_key.get((size, "ours"))
        found = [by_key.get((size, build)) for build in CACHED]
        cells = [_seconds(r) for r in (clean, *found)]
        one = found[2]
        cells.append(one.rendered if one and one.status == "ok" else "n/a")
        for r in found[1:]:
            cells.append(f"{ratio(r, clean, 'seconds')} ({ratio(r, clean, 'cpu_seconds')})")
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return lines


def _publish_table(by_key: dict[tuple[int, str], Result], sizes: list[int]) -> list[str]:
    """Pushes to the self-hosted publish server, against the clean build of the same run."""
    rows = [size for size in sizes if any((size, build) in by_key for build in PUBLISH)]
    if not rows:
        return []
    lines = [
        "",
        "Publishing to your own server (`scripts/publish_server.py` on this machine): seconds from `git push` "
        "starting until it returns with the new release live (check, build and swap), against the clean build "
        f"of this run (target for one meeting at 10,000 meetings: within {PUBLISH_TARGET:g} s):",
        "",
        "| meetings | clean build (s) | first push (s) | push of one meeting changed (s) | one meeting / clean build |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in rows:
        clean = by_key.get((size, "ours"))
        found = [by_key.get((size, build)) for build in PUBLISH]
        cells = [
            f"{r.seconds:.1f}" if r and r.status == "ok" else r.status if r else "not run" for r in (clean, *found)
        ]
        lines.append(f"| {size:,} | " + " | ".join([*cells, ratio(found[1], clean, "seconds")]) + " |")
    return lines


def _seconds(result: Result | None) -> str:
    if result is None:
        return "not run"
    return f"{result.seconds:.1f} ({result.cpu_seconds:.1f})" if result.status == "ok" else result.status


def _hosts_table(by_key: dict[tuple[int, str], Result], sizes: list[int]) -> list[str]:
    """The clean build's site: its files and bytes, per meeting, and each as a share of each host's limit."""
    rows = [by_key[(size, "ours")] for size in sizes if (size, "ours") in by_key]
    rows = [r for r in rows if r.status == "ok" and r.files]
    if not rows:
        return []
    shown = [limit for limit in hosts.LIMITS if limit.what in ("files", "entries", "bytes", "most_in_a_folder")]
    heads = [f"{limit.host}: {limit.wording}" for limit in shown]
    lines = [
        "",
        "The site against each host's documented limits (shares of the limit; over 90 % the build says so):",
        "",
        "| meetings | files | MB | files a meeting | KB a meeting | " + " | ".join(heads) + " |",
        "|---:|---:|---:|---:|---:|" + "---:|" * len(shown),
    ]
    for r in rows:
        cells = [
            f"{r.files:,}",
            f"{r.output_bytes / MB:,.1f}",
            f"{r.files / r.size:.1f}",
            f"{r.output_bytes / r.size / 1000:.0f}",
        ]
        for limit in shown:
            value = {"files": r.files, "entries": r.entries, "bytes": r.output_bytes}.get(
                limit.what, r.most_in_a_folder
            )
            cells.append(f"{value / limit.value:.0%}")
        lines.append(f"| {r.size:,} | " + " | ".join(cells) + " |")
    return lines


def ratio(top: Result | None, bottom: Result | None, field: str) -> str:
    if not top or not bottom or top.status != "ok" or bottom.status != "ok":
        return "not run"
    below = getattr(bottom, field)
    return f"{getattr(top, field) / below:.2f}×" if below else "not run"


def render_environment(results: list[Result]) -> str:
    """When and on what the figures were measured."""
    times = sorted(r.when for r in results if r.when)
    when = f" {times[0]} to {times[-1]} UTC" if times else ""
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material"))
    cpu = platform.processor() or platform.machine()
    return (
        f"Measured{when} on {os.cpu_count()} CPU(s) ({cpu}), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python {platform.python_version()}, {versions}."
    )


def write_docs(doc: Path, block: str) -> None:
    """Replace the text between the bench markers in ``doc`` with ``block``."""
    text = doc.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(MARK_BEGIN) + r".*?" + re.escape(MARK_END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{doc}: no {MARK_BEGIN} ... {MARK_END} markers to write the results between")
    doc.write_text(
        pattern.sub(lambda _: f"{MARK_BEGIN}\n{block}{MARK_END}", text, count=1),
        encoding="utf-8",
    )


def save_results(path: Path, seed: int, results: list[Result]) -> list[Result]:
    """Write ``results`` (later ones replace earlier ones of the same size and build), sorted."""
    latest = {(r.size, r.build): r for r in results}
    ordered = sorted(latest.values(), key=lambda r: (r.size, RECORDED.index(r.build)))
    rows = [asdict(r) for r in ordered]
    path.write_text(json.dumps({"seed": seed, "results": rows}, indent=2) + "\n", encoding="utf-8")
    return ordered


def load_previous(path: Path, seed: int) -> list[Result]:
    """Results of earlier runs on the same seed, for --merge."""
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("seed") != seed:
        return []
    return [Result(**row) for row in data["results"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated meeting counts")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench-out",
        help="work folder (corpora, logs, results)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--people",
        type=int,
        default=300,
        help="people in the corpus (fewer: faster smoke runs)",
    )
    parser.add_argument(
        "--builds",
        default=",".join(MEASURES),
        help=f"which of {', '.join(MEASURES)} to run (serve: only up to {SERVE_MAX:,} meetings)",
    )
    parser.add_argument("--serve-saves", type=int, default=5, help="saves to time under serve")
    parser.add_argument("--serve-pause", type=float, default=5.0, help="seconds between saves under serve")
    parser.add_argument(
        "--force-default-nav",
        action="store_true",
        help=f"run the default-nav baseline above {DEFAULT_NAV_MAX:,} meetings too (quadratic: ~50 min at 10,000)",
    )
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites for inspection")
    parser.add_argument("--merge", action="store_true", help="add to the results of earlier runs in OUT")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="build nothing: print (and with --write-docs, write) the results already in OUT",
    )
    parser.add_argument("--write-docs", action="store_true", help="rewrite the results table in --docs")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",")})
    builds = [b for b in MEASURES if b in args.builds.split(",")]
    if unknown := set(args.builds.split(",")) - set(MEASURES):
        parser.error(f"unknown build(s): {', '.join(sorted(unknown))}")

    args.out.mkdir(parents=True, exist_ok=True)
    results_file = args.out / "results.json"
    fresh: list[Result] = []
    previous = load_previous(results_file, args.seed) if args.merge or args.report_only else []
    if args.report_only:
        sizes = []
    results = previous
    for size in sizes:
        started = time.perf_counter()
        corpus = generate_corpus(size, args.seed, args.people, args.out)
        print(
            f"{size:,} meetings: corpus in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        if set(builds) & {"default-nav", "one-entry"}:
            write_baseline_project(corpus, args.out / f"plain-{size}")
        for build in builds:
            if build == "default-nav" and size > DEFAULT_NAV_MAX and not args.force_default_nav:
                result = Result(size, build, "not run", note="quadratic; use --force-default-nav")
            elif build == SERVE:
                if size > SERVE_MAX:
                    continue
                result = run_serve(size, corpus, args.out, args.serve_saves, args.serve_pause)
            elif build in (CACHED_MEASURE, PUBLISH_MEASURE):
                run = run_publish(size, corpus, args.out) if build == PUBLISH_MEASURE else None
                for result in run or run_cached(size, corpus, args.out, args.keep_sites):
                    fresh.append(result)
                    print(f"  {result.build}: {describe(result)}", file=sys.stderr)
                results = save_results(results_file, args.seed, previous + fresh)
                continue
            else:
                result = run_build(build, size, corpus, args.out, args.keep_sites)
            fresh.append(result)
            print(f"  {build}: {describe(result)}", file=sys.stderr)
            # Saved after every build: a long run that is stopped keeps what it measured.
            results = save_results(results_file, args.seed, previous + fresh)

    tables = render_tables(results, args.seed, args.people)
    block = render_environment(results) + "\n\n" + tables
    print(block)
    if args.write_docs:
        write_docs(args.docs, block)
    return 1 if any(r.status == "failed" for r in fresh) else 0


if __name__ == "__main__":
    sys.exit(main())
