#!/usr/bin/env python3
"""How long reading the record's history takes: a synthetic archive committed as clerks commit it.

    bench_history.py [--sizes 500 2000] [--runs 2] [--keep DIR]

For each size, ``gen_corpus.py`` writes an archive, and a git repository is made from it with
``git fast-import``, in date order: each meeting's draft minutes committed two days after it,
the approved minutes (one word of the first item's text amended) at the meeting that approved
them, and one meeting in ten corrected a month later; people.yml and bodies.yml come first.
That is 2.1 commits and 3.1 versions a meeting. It then times, in one process:

- ``load_archive(history=False)`` and the minutes' text rendered (``render_texts``), every cache
  empty: what a build does before its pages, without history;
- ``load_archive()`` and the text rendered, every cache empty again: the same with every meeting's
  history (the difference is the cost of history in a build);
- each again straight after: a rebuild under `mkdocs serve`, where what is unchanged is remembered;
- the two git commands on their own (``git log`` of the folder, ``git cat-file --batch``).

Figures go to stdout as a Markdown table, for docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from minutebook import history as history_module  # noqa: E402
from minutebook import load as load_module  # noqa: E402
from minutebook import markup  # noqa: E402
from minutebook.batch import ContentCache, SameObjectCache  # noqa: E402
from minutebook.gitlog import Repository  # noqa: E402
from minutebook.indexes import Archive  # noqa: E402
from minutebook.load import load_archive, meeting_files  # noqa: E402
from minutebook.markup import render_texts  # noqa: E402

Result = TypeVar("Result")
_DATE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.M)
_APPROVED_AT = re.compile(r"^approved_at: (\d{4}-\d{2}-\d{2})\n", re.M)
_FIRST_ITEM_TEXT = re.compile(r"(^## [^\n]+\n\n)(\S+)", re.M)


def versions_of(text: str) -> list[tuple[dt.datetime, str, str]]:
    """(when, message, content) for each committed version of one meeting file, oldest first."""
    found = _DATE.search(text)
    assert found is not None, "gen_corpus writes every meeting's date"
    day = dt.date.fromisoformat(found[1])
    approved = _APPROVED_AT.search(text)
    draft = _APPROVED_AT.sub("", text).replace("status: approved", "status: draft", 1)
    when = dt.datetime.combine(day + dt.timedelta(days=2), dt.time(10), tzinfo=dt.UTC)
    versions = [(when, f"Draft minutes of {day}", draft)]
    if approved:
        approved_day = dt.date.fromisoformat(approved[1])
        amended = _FIRST_ITEM_TEXT.sub(lambda match: match[1] + "Amended: " + match[2], text, count=1)
        versions.append((dt.datetime.combine(approved_day, dt.time(18), tzinfo=dt.UTC), "Approved", amended))
        if day.toordinal() % 10 == 0:  # one meeting in ten
            corrected = amended.replace("Amended: ", "Amended and corrected: ", 1)
            versions.append((versions[-1][0] + dt.timedelta(days=30), "Correction", corrected))
    return versions


def make_repository(source: Path) -> int:
    """Commit ``source``'s archive as its history would have been, with git fast-import; the number of commits."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(source)], check=True)
    changes: list[tuple[dt.datetime, str, str, bytes]] = []
    start = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
    for name in ("people.yml", "bodies.yml"):
        changes.append((start, f"Add {name}", name, (source / name).read_bytes()))
    for path in meeting_files(source):
        relative = path.relative_to(source).as_posix()
        versions = versions_of(path.read_text(encoding="utf-8"))
        changes += [(when, message, relative, text.encode()) for when, message, text in versions]
    for document in sorted((source / "documents").rglob("*")) if (source / "documents").is_dir() else ():
        if document.is_file():
            changes.append((start, "Papers", document.relative_to(source).as_posix(), document.read_bytes()))
    changes.sort(key=lambda change: (change[0], change[2]))
    stream: list[bytes] = []
    for mark, (when, message, relative, data) in enumerate(changes, start=1):
        stamp = f"{int(when.timestamp())} +0000"
        stream += [
            b"commit refs/heads/main\n",
            f"committer A Clerk <clerk@example.org> {stamp}\n".encode(),
            f"data {len(message.encode())}\n{message}\n".encode(),
            f"M 100644 inline {relative}\n".encode(),
            f"data {len(data)}\n".encode() + data + b"\n",
        ]
    subprocess.run(["git", "-C", str(source), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(source), "checkout", "-q", "-f", "main"], check=True)
    return len(changes)


def seconds(function: Callable[[], Result]) -> tuple[float, Result]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def loaded_and_rendered(source: Path, history: bool) -> Archive:
    archive = load_archive(source, history=history)
    render_texts(archive)
    return archive


def cold_caches() -> None:
    """Forget every meeting parsed, rendered and version read, as a new build process would have."""
    load_module._parsed = ContentCache()
    markup._rendered = ContentCache()
    markup._prepared = SameObjectCache()
    history_module._shown = ContentCache()
    history_module._histories = ContentCache()


def measure(size: int, folder: Path, runs: int) -> dict[str, float | int]:
    """The figures for one size; each time the best of ``runs`` (the machine may be shared)."""
    source = folder / f"archive-{size}"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), str(size), str(source)], check=True)
    commits = make_repository(source)
    # The minutes' text is rendered too: reading the history renders today's text ahead of the build,
    # which then finds it rendered. Each cold run starts with every cache empty; each warm one follows
    # a run of its own kind, as a save under `serve` follows the last build.
    best: dict[str, float] = {}
    for _ in range(runs):
        for name, history in (("alone", False), ("history", True)):
            cold_caches()
            cold, archive = seconds(partial(loaded_and_rendered, source, history))
            warm, _ = seconds(partial(loaded_and_rendered, source, history))
            best[f"{name} cold"] = min(cold, best.get(f"{name} cold", cold))
            best[f"{name} warm"] = min(warm, best.get(f"{name} warm", warm))
    repository = Repository.find(source)
    assert repository is not None
    log, histories = seconds(repository.histories)
    blobs = [version.blob for found in (histories or {}).values() for version in found.versions]
    read, _ = seconds(lambda: repository.read_blobs(blobs))
    return {
        "meetings": size,
        "commits": commits,
        "versions shown": sum(len(found.versions) for found in archive.histories.values()),
        "build's load and text, without history (s)": best["alone cold"],
        "with history (s)": best["history cold"],
        "history's share (s)": best["history cold"] - best["alone cold"],
        "serve, without history (s)": best["alone warm"],
        "serve, with history (s)": best["history warm"],
        "git log (s)": log,
        "git cat-file (s)": read,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--keep", type=Path, help="make the archives here, and keep them")
    parser.add_argument("--runs", type=int, default=2, help="runs of each measurement; the best is given")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-history-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            rows.append(measure(size, folder, args.runs))
            print(f"{size} meetings measured", file=sys.stderr)
    heads = list(rows[0])
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    for row in rows:
        print(
            "| "
            + " | ".join(f"{value:.2f}" if isinstance(value, float) else str(value) for value in row.values())
            + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
