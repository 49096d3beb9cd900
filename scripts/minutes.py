#!/usr/bin/env python3
"""Clerks' tools: check the minutes, start a new meeting file, build the site safely, import old minutes.

    python3 scripts/minutes.py check [DIR]
    python3 scripts/minutes.py new --body ID [--date YYYY-MM-DD] [--source DIR]
    python3 scripts/minutes.py build [--site-dir site]
    python3 scripts/minutes.py import FILE... [--body ID] [--date YYYY-MM-DD] [--out DIR] [--add-people] [--source DIR]
                                    [--review [DIR]] [--like MEETING | --profile FILE] [--save-profile FILE]

The same through make: make check, make new BODY=ID [DATE=YYYY-MM-DD], make build,
make import FILES=... [ARGS=...]. Run by a Python without Minutebook's packages, this
script runs itself again with the project's .venv, or says which make command installs them.

Exit status: 0 all good; 1 something to fix: the minutes have problems (each printed as
path:line: message), or the command was given something it cannot use; 2 Minutebook itself
failed (reported as "internal error", never as a traceback) or is not installed.
Through make, every failure ends with make's own status, 2 (docs/errors.md#exit-status).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
sys.path.insert(0, str(ROOT / "hooks"))

# What each command imports: a Python that lacks any of them is not Minutebook's.
NEEDS = {
    "check": ("minutebook.load",),
    "new": ("minutebook.scaffold",),
    "build": ("minutebook.load", "mkdocs", "material"),
    "import": ("minutebook.importer.run", "minutebook.importer.report", "dateparser", "probablepeople"),
}
# Set for the run with .venv's Python, so a .venv that cannot import them either is said, not run again.
RERUN = "MINUTEBOOK_RERUN_IN_VENV"


def default_source() -> str:
    return os.environ.get("MINUTES_SOURCE", "meetings")


def command_check(args: argparse.Namespace) -> int:
    """Validate a source folder; print every problem as path:line: message."""
    from minutebook.cache import ArchiveCache, BuildCache, apart_from, archive_identity, cache_folder
    from minutebook.errors import MinutesError
    from minutebook.load import load_archive

    source = Path(args.source)
    # The build cache, only where one is asked for (the publish server's): the build after the check then
    # parses nothing the check parsed. Not counted as a build, so it prunes nothing the build keeps.
    folder = apart_from(cache_folder(), {"minutes folder": source}) if os.environ.get("MINUTEBOOK_CACHE") else None
    cache = BuildCache.open(folder, archive_identity(source)) if folder is not None else None
    try:
        # the history is for the site, not the check
        archive = load_archive(source, history=False, cache=ArchiveCache(cache) if cache else None)
    except MinutesError as error:
        print(error.report(), file=sys.stderr)
        # 2 tells a script "Minutebook itself failed on a file" apart from 1, "the minutes have mistakes".
        return 2 if error.internal else 1
    finally:
        if cache is not None:
            cache.forget_build()
            cache.close()
    for warning in archive.warnings:  # published as written, but worth the clerk's look
        print(warning, file=sys.stderr)
    counts = [
        (len(archive.meetings), "meeting"),
        (len(archive.people), "person"),
        (len(archive.actions), "action"),
        (len(archive.decisions), "decision"),
    ]
    said = ", ".join(
        f"{n} {'people' if word == 'person' and n != 1 else word + ('s' if n != 1 else '')}" for n, word in counts
    )
    warned = len(archive.warnings)
    verdict = f"no mistakes; {warned} warning{'s' if warned != 1 else ''} above" if warned else "all good"
    print(f"{args.source}: {said}: {verdict}.")
    return 0


def command_new(args: argparse.Namespace) -> int:
    """Write a correctly-shaped meeting file to fill in, dated, timed and placed as the last meeting announced."""
    from minutebook.errors import MinutesError
    from minutebook.registry import display_path, load_registry
    from minutebook.scaffold import find_meeting_file, load_meeting_files, new_meeting_text, previous_meeting

    source = Path(args.source)
    date: dt.date | None = None
    if args.date is not None:
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
    files = load_meeting_files(source, registry, body)
    previous = previous_meeting(files, date)
    announced = previous.next_meeting if previous else None
    said = display_path(previous.path, Path.cwd()) if previous else ""
    note = ""
    if date is None:
        if announced is None:
            last = (
                f"the last meeting of {body}, {said}, announced no next meeting"
                if previous
                else f"{body} has no meetings yet"
            )
            print(f"--date: give the meeting's date, written YYYY-MM-DD: {last}", file=sys.stderr)
            return 1
        date = announced.date
    elif announced is not None and announced.date != date:
        # Another day's announcement says nothing of this meeting's time or place.
        note = f" ({said} announced the next meeting for {announced.date}, so start, end and place are left to you)"
        announced = None
    target = source / str(date.year) / f"{date.isoformat()}-{body}.md"
    existing = target if target.exists() else find_meeting_file(files, date)
    if existing:
        print(
            f"{existing}: already exists; edit it, or add 'sequence: 2' to a new file for a second meeting that day",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    schema = os.path.relpath(ROOT / "hooks/minutebook/schema/meeting.schema.json", target.parent)
    target.write_text(new_meeting_text(registry, body, date, schema, announced, agenda=args.agenda), encoding="utf-8")
    if announced:
        taken = {"date": not args.date, "start": announced.start, "end": announced.end, "place": announced.location}
        words = [word for word, given in taken.items() if given]
        if words:
            listed = " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
            note = f", with the {listed} that {said} announced"
    what = "the agenda: add its items and papers" if args.agenda else "fill it in"
    print(f"{target}: written{note}; {what}, then run 'make check'")
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
            date=args.date,
        )
        print(render_report(result))
        if args.review:
            print(f"  review page: {write_review(result, Path(args.review))}")
        status = max(status, 2 if result.internal else 1 if result.errors or result.check else 0)
    return status


def iso_date(text: str) -> str:
    """An argparse type: a real date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    """argparse, except that a mistyped command ends with 1, like any other mistake to fix (2 is Minutebook's)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: {message}\n")


def missing_module(command: str) -> ModuleNotFoundError | None:
    """Why this Python cannot run ``command``: the first package it needs that is not installed, or None."""
    for name in NEEDS[command]:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if (error.name or "").partition(".")[0] == "minutebook":
                raise  # our own module missing is a fault in Minutebook, not an installation to make
            return error
    return None


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def run_with_project_python(argv: list[str]) -> None:
    """Run this command again with .venv's Python, if there is one and this is not it; returns only if not."""
    python = venv_python()
    if python.is_file() and not in_venv():
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(python, [str(python), str(Path(__file__).resolve()), *argv], {**os.environ, RERUN: "1"})


def not_installed(args: argparse.Namespace, argv: list[str], missing: ModuleNotFoundError) -> int:
    """Say exactly what to run instead, and why: never a traceback."""
    lock = hashlib.sha1((ROOT / "requirements.lock").read_bytes(), usedforsecurity=False).hexdigest()
    stamp = VENV / f".installed-{lock[:12]}"  # the file make leaves once .venv holds everything the lock lists
    here = Path.cwd().resolve() == ROOT
    make = "make" if here else f"make -C {shlex.quote(str(ROOT))}"
    instead = make_command(args, argv) if here else None
    if in_venv() and stamp.exists():
        # make holds this .venv complete, so it would install nothing: it has to be made again.
        advice = (
            f"{VENV} is damaged. Make it again with\n\n    rm -rf {shlex.quote(str(VENV))} && {make} venv\n\n"
            "then run your command again."
        )
    elif instead:
        advice = (
            f"Run this instead (make installs them into .venv first):\n\n    {instead}\n\n"
            "From then on your command works as you typed it, too."
        )
    else:
        advice = (
            f"Install them into .venv with\n\n    {make} venv\n\nthen run your command again: it uses .venv by itself."
        )
    print(
        f"minutes.py: this Python ({sys.executable}) lacks Minutebook's packages: {missing}.\n{advice}", file=sys.stderr
    )
    return 2


def make_command(args: argparse.Namespace, argv: list[str]) -> str | None:
    """The make command that does what ``argv`` asks, or None if there is none that says exactly that."""
    words = ["make", args.command]

    def give(name: str, value: str) -> None:
        words.append(f"{name}={shlex.quote(value.replace('$', '$$'))}")  # make expands $ in a value

    if args.command == "check" and args.source != "meetings":
        give("SOURCE", args.source)
    elif args.command == "new":
        give("BODY", args.body)
        if args.date:
            give("DATE", args.date)
        if args.source != "meetings":
            give("SOURCE", args.source)
    elif args.command == "build":
        if args.site_dir != "site":
            give("SITE", args.site_dir)
        if default_source() != "meetings":
            give("SOURCE", default_source())
    elif args.command == "import":
        # argparse takes the files as one run of words: what comes before or after them are the options.
        tokens, files = argv[argv.index("import") + 1 :], list(args.files)
        at = next((i for i in range(len(tokens) - len(files), -1, -1) if tokens[i : i + len(files)] == files), None)
        if at is None:
            return None
        give("FILES", " ".join(map(_shell_word, files)))  # the recipe hands FILES to the shell as it is
        options = tokens[:at] + tokens[at + len(files) :]
        if options:
            give("ARGS", " ".join(map(shlex.quote, options)))
    return " ".join(words)


def _shell_word(text: str) -> str:
    """``text`` as one shell word, in double quotes where they suffice (they read best inside FILES='...')."""
    if shlex.quote(text) == text or any(char in text for char in "\"$`\\!'"):
        return shlex.quote(text)
    return f'"{text}"'


def main(argv: list[str] | None = None) -> int:
    rerun = os.environ.pop(RERUN, "")
    parser = _Parser(prog="minutes.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the minutes without building")
    check.add_argument("source", nargs="?", default=default_source())
    check.set_defaults(run=command_check)
    new = commands.add_parser("new", help="start a meeting file")
    new.add_argument("--body", required=True)
    new.add_argument("--date", help="YYYY-MM-DD (default: the date the body's last meeting announced)")
    new.add_argument("--source", default=default_source())
    new.add_argument(
        "--agenda", action="store_true", help="start the meeting's agenda, published before it (status: agenda)"
    )
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
        "--date",
        type=iso_date,
        help="YYYY-MM-DD: the meeting's date, when the minutes and the file name do not give it",
    )
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
        missing = missing_module(args.command)
        if missing is not None:
            if not rerun:
                run_with_project_python(sys.argv[1:] if argv is None else argv)
            return not_installed(args, sys.argv[1:] if argv is None else argv, missing)
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
