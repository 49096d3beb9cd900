#!/usr/bin/env python3
"""Clerks' tools: check the minutes, start a new meeting file, build the site safely.

    python scripts/minutes.py check [DIR]
    python scripts/minutes.py new --body ID --date YYYY-MM-DD [--source DIR]
    python scripts/minutes.py build [--site-dir site]
    python scripts/minutes.py import FILE... [--body ID] [--out DIR] [--add-people] [--source DIR]
                                   [--review [DIR]] [--like MEETING | --profile FILE] [--save-profile FILE]

Exit status: 0 all good; 1 the minutes have problems (each printed as
path:line: message); 2 Minutebook itself failed (reported the same way, as
"internal error", never as a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from minutebook.errors import MinutesError  # noqa: E402
from minutebook.load import load_archive  # noqa: E402
from minutebook.registry import load_registry  # noqa: E402
from minutebook.scaffold import find_meeting_file, new_meeting_text  # noqa: E402


def default_source() -> str:
    return os.environ.get("MINUTES_SOURCE", "meetings")


def command_check(args: argparse.Namespace) -> int:
    """Validate a source folder; print every problem as path:line: message."""
    try:
        archive = load_archive(Path(args.source))
    except MinutesError as error:
        print(error.report(), file=sys.stderr)
        # 2 tells a script "Minutebook itself failed on a file" apart from 1, "the minutes have mistakes".
        return 2 if error.internal else 1
    counts = [
        (len(archive.meetings), "meeting"),
        (len(archive.people), "person"),
        (len(archive.actions), "action"),
        (len(archive.decisions), "decision"),
    ]
    said = ", ".join(
        f"{n} {'people' if word == 'person' and n != 1 else word + ('s' if n != 1 else '')}" for n, word in counts
    )
    print(f"{args.source}: {said}: all good.")
    return 0


def command_new(args: argparse.Namespace) -> int:
    """Write a correctly-shaped meeting file to fill in."""
    source = Path(args.source)
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date: '{args.date}' is not a real date written YYYY-MM-DD", file=sys.stderr)
        return 1
    registry, problems = load_registry(source)
    if problems:
        print(MinutesError(problems).report(), file=sys.stderr)
        return 1
    body, error = registry.resolve_body(args.body)
    if body is None:
        print(f"--body: {error}", file=sys.stderr)
        return 1
    target = source / str(date.year) / f"{date.isoformat()}-{body}.md"
    existing = target if target.exists() else find_meeting_file(source, registry, body, date)
    if existing:
        print(
            f"{existing}: already exists; edit it, or add 'sequence: 2' to a new file for a second meeting that day",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    schema = os.path.relpath(ROOT / "hooks/minutebook/schema/meeting.schema.json", target.parent)
    target.write_text(new_meeting_text(registry, body, date, schema), encoding="utf-8")
    print(f"{target}: written; fill it in, then run 'make check'")
    return 0


def command_build(args: argparse.Namespace) -> int:
    """Strict build into a temporary folder, swapped into place only when it succeeds."""
    site = Path(args.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--quiet",
                "-f",
                str(ROOT / "mkdocs.yml"),
                "-d",
                str(staging),
            ],
            env=env,
            check=False,
        )
        if result.returncode != 0:
            print(f"build failed; {site} is unchanged", file=sys.stderr)
            return 1
        previous = site.with_name(f".{site.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        if site.exists():
            site.rename(previous)
        staging.rename(site)
        shutil.rmtree(previous, ignore_errors=True)
    except KeyboardInterrupt:  # Ctrl-C: the half-built folder goes, and the site stays as it was
        print(f"build stopped; {site} is unchanged", file=sys.stderr)
        return 130
    finally:
        # Beside the site, in the clerk's repository: a half-built one left there could be committed.
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {site}")
    return 0


def command_import(args: argparse.Namespace) -> int:
    """Turn legacy minutes (.txt, .md, .docx, .pdf) into meeting files; report what was found and what was not."""
    from minutebook.importer.profile import ProfileError, learn_profile, load_profile, save_profile
    from minutebook.importer.report import render_report
    from minutebook.importer.review import write_review
    from minutebook.importer.run import import_file

    profile = None
    try:
        if args.like:
            profile = learn_profile(Path(args.like), Path(args.like_source) if args.like_source else None)
        elif args.profile:
            profile = load_profile(Path(args.profile))
    except ProfileError as error:
        print(error, file=sys.stderr)
        return 1
    if profile is not None and args.save_profile:
        save_profile(profile, Path(args.save_profile))
        print(f"{args.save_profile}: layout profile saved; use it with --profile")
    status = 0
    for name in args.files:
        result = import_file(
            Path(name),
            Path(args.source),
            body=args.body,
            out=Path(args.out) if args.out else None,
            add_people=args.add_people,
            status=args.status,
            dry_run=args.dry_run,
            profile=profile,
        )
        print(render_report(result))
        if args.review:
            print(f"  review page: {write_review(result, Path(args.review))}")
        status = max(status, 2 if result.internal else 1 if result.errors or result.check else 0)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="minutes.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the minutes without building")
    check.add_argument("source", nargs="?", default=default_source())
    check.set_defaults(run=command_check)
    new = commands.add_parser("new", help="start a meeting file")
    new.add_argument("--body", required=True)
    new.add_argument("--date", required=True)
    new.add_argument("--source", default=default_source())
    new.set_defaults(run=command_new)
    build = commands.add_parser("build", help="strict build, swapped into place only on success")
    build.add_argument("--site-dir", default="site")
    build.set_defaults(run=command_build)
    imp = commands.add_parser("import", help="import legacy minutes from text, Word or PDF (see docs/importing.md)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--body", help="the body that met, an id from bodies.yml (default: found in the header)")
    imp.add_argument("--out", help="folder to write meeting files to (default: SOURCE/<year>)")
    imp.add_argument("--add-people", action="store_true", help="add unknown people to people.yml with a proposed id")
    imp.add_argument(
        "--status",
        choices=("draft", "approved"),
        default="draft",
        help="status of the imported minutes (default: draft)",
    )
    imp.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    imp.add_argument(
        "--review",
        nargs="?",
        const="import-review",
        metavar="DIR",
        help="write a review page per file: the source beside each fact (default folder: import-review)",
    )
    imp.add_argument("--like", metavar="MEETING", help="learn the series' layout from a corrected meeting file")
    imp.add_argument("--like-source", metavar="FILE", help="the source the --like meeting was imported from")
    imp.add_argument("--profile", metavar="FILE", help="use a saved layout profile (see --save-profile)")
    imp.add_argument("--save-profile", metavar="FILE", help="with --like: save the learnt layout profile")
    imp.add_argument("--source", default=default_source(), help="the archive folder with people.yml and bodies.yml")
    imp.set_defaults(run=command_import)
    args = parser.parse_args(argv)
    # A file name or value in a message must never turn into an encoding crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - clerks get one line they can report, never a traceback
        print(
            f"minutes.py {args.command}: internal error: {type(error).__name__}: {error} "
            "(a fault in Minutebook, not in your minutes: please report it)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
