#!/usr/bin/env python3
"""Build the same archives with two versions of Minutebook and compare the sites byte for byte.

    compare_builds.py [--before REV] [--after REV] [--meetings 500] [--keep DIR]

A refactoring must change no byte of what the site publishes. This builds, with each version,
the example archive (meetings/) and a synthetic archive of ``--meetings`` meetings written by that
version's scripts/gen_corpus.py (the two corpora are compared too), each with a strict
`mkdocs build` and a fixed build date, then lists every file only one site has and every file
whose bytes differ. ``--before`` defaults to ``main``; ``--after`` to the working tree as it
stands (uncommitted changes included). A version named by a revision is exported with
``git archive``: no worktree is made or changed. Exit status 0 when everything is identical.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKING_TREE = "working-tree"
# A fixed build date: "overdue" and "upcoming" depend on it, and the two builds must see the same one.
SOURCE_DATE_EPOCH = "1795564800"  # 2026-11-25


@dataclass(frozen=True)
class Difference:
    """One way two folders differ: a file only one holds, or a file whose bytes differ."""

    path: str
    kind: str  # "only before", "only after", "differs"
    detail: str = ""


def compare_trees(before: Path, after: Path) -> list[Difference]:
    """Every file (by path under each folder) that is not byte-identical in ``before`` and ``after``."""
    first = {path.relative_to(before).as_posix() for path in before.rglob("*") if path.is_file()}
    second = {path.relative_to(after).as_posix() for path in after.rglob("*") if path.is_file()}
    found = [Difference(path, "only before") for path in sorted(first - second)]
    found += [Difference(path, "only after") for path in sorted(second - first)]
    for path in sorted(first & second):
        if not filecmp.cmp(before / path, after / path, shallow=False):
            found.append(Difference(path, "differs", first_difference(before / path, after / path)))
    return found


def first_difference(before: Path, after: Path) -> str:
    """The first lines that differ, for a text file; the sizes, for any other."""
    try:
        old = before.read_text(encoding="utf-8").splitlines()
        new = after.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{before.stat().st_size} bytes before, {after.stat().st_size} after"
    diff = list(difflib.unified_diff(old, new, lineterm="", n=0))[2:8]
    return "\n".join(line[:200] for line in diff)


def export(revision: str, into: Path) -> Path:
    """The project as it is at ``revision`` (or the working tree), as a folder of its own."""
    if revision == WORKING_TREE:
        return ROOT
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryFile() as tar:
        tar.write(archive)
        tar.seek(0)
        with tarfile.open(fileobj=tar) as opened:
            opened.extractall(into, filter="data")
    return into


def generate_corpus(checkout: Path, meetings: int, out: Path) -> Path:
    subprocess.run(
        [sys.executable, str(checkout / "scripts" / "gen_corpus.py"), str(meetings), str(out), "--force"],
        check=True,
        capture_output=True,
    )
    return out


def build(checkout: Path, source: Path, site: Path) -> float:
    """Build ``source`` with the version in ``checkout`` into ``site``; the seconds it took."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(checkout / "mkdocs.yml"), "-d", str(site)],
        cwd=checkout,
        env={
            **os.environ,
            "MINUTES_SOURCE": str(source),
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "NO_MKDOCS_2_WARNING": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the build of {source} with {checkout} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def report(name: str, differences: list[Difference], files: int) -> None:
    if not differences:
        print(f"{name}: identical ({files} files)")
        return
    print(f"{name}: {len(differences)} of {files} files differ")
    for difference in differences[:40]:
        print(f"  {difference.kind}: {difference.path}")
        if difference.detail:
            print("    " + difference.detail.replace("\n", "\n    "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="a git revision (default: main)")
    parser.add_argument("--after", default=WORKING_TREE, help="a git revision (default: the working tree)")
    parser.add_argument("--meetings", type=int, default=500, help="meetings in the synthetic archive (default: 500)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="minutebook-compare-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        versions = {
            "before": export(args.before, work / "before-code"),
            "after": export(args.after, work / "after-code"),
        }
        print(f"before: {args.before}; after: {args.after}")
        corpora = {
            side: generate_corpus(checkout, args.meetings, work / f"{side}-corpus")
            for side, checkout in versions.items()
        }
        differences = compare_trees(corpora["before"], corpora["after"])
        report(
            f"{args.meetings}-meeting corpus", differences, sum(1 for p in corpora["after"].rglob("*") if p.is_file())
        )
        identical = not differences
        for name in ("example", "corpus"):
            sites = {}
            for side, checkout in versions.items():
                source = checkout / "meetings" if name == "example" else corpora[side]
                sites[side] = work / f"{side}-{name}-site"
                seconds = build(checkout, source, sites[side])
                print(f"  built {name} with {side} in {seconds:.1f} s")
            differences = compare_trees(sites["before"], sites["after"])
            files = sum(1 for path in sites["after"].rglob("*") if path.is_file())
            report(f"{name} site", differences, files)
            identical = identical and not differences
        return 0 if identical else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
