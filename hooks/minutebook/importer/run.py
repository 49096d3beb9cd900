"""One legacy document -> one meeting file: extract, parse, match names, write, check."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import load_meeting
from ..registry import (
    RESERVED_IDS,
    Registry,
    load_registry,
    normalise_name,
    strip_honorifics,
)
from .confidence import assess
from .extract import extract_lines
from .facts import Unplaced
from .frontmatter import build_front
from .matching import (
    MatchStatus,
    NameMatcher,
    slugify_person,
    split_name,
)
from .meeting import ParsedMeeting
from .nameshape import person_name
from .parse import parse_minutes
from .posts import Posts
from .result import ImportResult
from .when import find_date
from .write import NewPerson, add_posts, append_people, render_meeting, supports


def import_file(
    path: Path,
    source: Path,
    *,
    body: str | None = None,
    out: Path | None = None,
    add_people: bool = False,
    status: str = "draft",
    shown: str | None = None,
    dry_run: bool = False,
    profile: Any = None,
    date: str | None = None,
) -> ImportResult:
    """Import ``path`` into the archive at ``source`` (people.yml, bodies.yml); never raises on odd input.

    ``date`` (YYYY-MM-DD) is the meeting's date when the clerk gives it; else the text's, else the file name's.
    """
    shown = shown or str(path)
    result = ImportResult(shown)
    try:
        return _import(path, source, body, out, add_people, status, dry_run, result, profile, date)
    except OSError as error:
        result.errors.append(Problem(shown, 1, f"cannot write the result: {error}"))
    except Exception as error:  # noqa: BLE001 - one odd file must not stop a batch, nor show a traceback
        result.errors.append(
            Problem(
                shown,
                1,
                f"import failed: {type(error).__name__}: {error}"
                " (a fault in the importer; please report it with this file)",
            )
        )
        result.internal = True
    result.written = False
    return result


def _import(
    path: Path,
    source: Path,
    body: str | None,
    out: Path | None,
    add_people: bool,
    status: str,
    dry_run: bool,
    result: ImportResult,
    profile: Any = None,
    date: str | None = None,
) -> ImportResult:
    shown = result.source
    registry, problems = load_registry(source)
    if problems:
        result.errors = problems
        return result
    lines, problems = extract_lines(path, shown)
    if lines is None:
        result.errors = problems
        return result
    result.lines = lines
    body_id = _body_given(registry, body, result)
    posts = body_posts(registry, body_id)
    named = find_date(path.stem.replace("_", " "))
    from_name = named.value if named else _compact_date(path.stem)
    parsed = parse_minutes(lines, [b.name for b in registry.bodies.values()], posts, profile, (date or "", from_name))
    result.parsed = parsed
    if body_id is None and not body:
        body_id = _body(parsed, registry, body, result)
    if parsed.date_source == "file name":
        result.notes.append(Unplaced(0, parsed.date, "no date in the text; the date is the one in the file name"))
    if not parsed.date:
        result.errors.append(
            Problem(
                shown,
                1,
                "no meeting date found in the text or the file name (looked for e.g. 'Wednesday 24th October 2018',"
                " '24/10/2018'); give it with --date YYYY-MM-DD",
            )
        )
    if body_id is None:
        return result
    result.front = build_front(parsed, body_id, status, NameMatcher(registry), result, posts)
    if result.errors:
        result.doubts, result.sure = assess(parsed, lines, result.unplaced)
        return result

    folder = out or source / parsed.date[:4]
    target = folder / f"{parsed.date}-{body_id}.md"
    if target.exists():
        result.errors.append(
            Problem(str(target), 1, "already exists; move it aside or import with --out to another folder")
        )
        return result
    result.target, result.written = target, not dry_run
    unknown = _unknown_people(result)
    if add_people and unknown:
        result.added = propose_people(unknown, registry)
    if result.added and not dry_run:
        updated, problems = add_to_people(source, result.added, path.name)
        if updated is None:
            result.errors, result.written = problems, False
            return result
        registry = updated
        result.names, result.notes = [], []
        result.front = build_front(parsed, body_id, status, NameMatcher(registry), result, posts)
    new_posts = [post for post in result.posts if not posts.known(post)] if supports("posts") else []
    if add_people and new_posts and not dry_run:
        updated, problems = add_to_bodies(source, body_id, new_posts, path.name)
        if updated is None:
            result.errors, result.written = problems, False
            return result
        registry = updated
        result.added_posts = new_posts
    result.doubts, result.sure = assess(parsed, lines, result.unplaced)
    if dry_run:
        return result
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(
        render_meeting(result.front, parsed.intro + _intro_extras(parsed), parsed.items, path.name, parsed.summaries),
        encoding="utf-8",
    )
    _meeting, result.check = load_meeting(target, source, registry, str(target))
    return result


def _compact_date(stem: str) -> str:
    """ "20240325" in a file name -> "2024-03-25" (a real date only)."""
    import datetime as dt

    for match in re.finditer(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)", stem):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return ""


def add_to_bodies(
    source: Path, body_id: str, posts: list[str], source_name: str
) -> tuple[Registry | None, list[Problem]]:
    """Add ``posts`` to the body in bodies.yml only if the result still loads cleanly; the registry, or why not."""
    with tempfile.TemporaryDirectory() as trial:
        for name in ("people.yml", "bodies.yml"):
            if (source / name).exists():
                shutil.copy(source / name, Path(trial) / name)
        add_posts(Path(trial) / "bodies.yml", body_id, posts, source_name)
        _registry, problems = load_registry(Path(trial))
        if problems:
            return None, [
                Problem(str(source / "bodies.yml"), p.line, f"--add-people would break bodies.yml: {p.message}")
                for p in problems
            ]
    add_posts(source / "bodies.yml", body_id, posts, source_name)
    return load_registry(source)


def add_to_people(source: Path, people: list[NewPerson], source_name: str) -> tuple[Registry | None, list[Problem]]:
    """Append ``people`` to people.yml only if the result still loads cleanly; the registry it gives, or why not."""
    with tempfile.TemporaryDirectory() as trial:
        for name in ("people.yml", "bodies.yml"):
            if (source / name).exists():
                shutil.copy(source / name, Path(trial) / name)
        append_people(Path(trial) / "people.yml", people, source_name)
        _registry, problems = load_registry(Path(trial))
        if problems:
            return None, [
                Problem(str(source / "people.yml"), p.line, f"--add-people would break people.yml: {p.message}")
                for p in problems
            ]
    append_people(source / "people.yml", people, source_name)
    return load_registry(source)


def _body_given(registry: Registry, given: str | None, result: ImportResult) -> str | None:
    if not given:
        return None
    body_id, error = registry.resolve_body(given)
    if body_id is None:
        result.errors.append(Problem(result.source, 1, f"--body: {error}"))
    return body_id


def body_posts(registry: Registry, body_id: str | None) -> Posts:
    """The posts the import recognises: the body's own from bodies.yml (when the model has them) and the common ones."""
    body = registry.bodies.get(body_id or "")
    own = getattr(body, "posts", None) or {}
    extra = []
    for post in own.values() if isinstance(own, dict) else own:
        name = getattr(post, "name", None)
        if name:
            extra.append((str(name), tuple(str(alias) for alias in getattr(post, "aliases", ()) or ())))
    return Posts(extra)


def _body(parsed: ParsedMeeting, registry: Registry, given: str | None, result: ImportResult) -> str | None:
    if given:
        body_id, error = registry.resolve_body(given)
        if body_id is None:
            result.errors.append(Problem(result.source, 1, f"--body: {error}"))
        return body_id
    header = " ".join(normalise_name(line) for line in parsed.title_lines + parsed.intro)
    found = sorted(
        {b.id for b in registry.bodies.values() if normalise_name(b.name) in header},
        key=lambda b: -len(registry.bodies[b].name),
    )
    if len(found) >= 1:
        return found[0]
    names = ", ".join(sorted(registry.bodies)) or "none in bodies.yml"
    result.errors.append(Problem(result.source, 1, f"no body named in the header; give --body (one of: {names})"))
    return None


def _unknown_people(result: ImportResult) -> list[str]:
    """Written names that match nobody and read as people (not headings, phrases, teams or posts), first use first.

    A name that matches nobody but does not pass the checks is reported as doubtful, never added.
    """
    unknown: dict[str, str] = {}
    for use in result.names:
        written = use.match.written
        if use.match.status is not MatchStatus.UNKNOWN:
            continue
        if person_name(written):
            unknown.setdefault(strip_honorifics(normalise_name(written)), written)
        elif not any(note.text == written for note in result.notes):
            result.notes.append(
                Unplaced(
                    use.line, written, f"{use.where}: not added to people.yml, it does not read as a person's name"
                )
            )
    # "Cllr Singh" beside "Cllr R Singh" is the same newcomer, found again once R Singh is in people.yml.
    fuller = {word for key in unknown if len(key.split()) > 1 for word in (key.split()[0], key.split()[-1])}
    return [written for key, written in unknown.items() if len(key.split()) > 1 or key not in fuller]


def propose_people(unknown: list[str], registry: Registry) -> list[NewPerson]:
    """An id for each unknown person: their name as a slug, numbered on when taken."""
    taken = set(registry.people) | RESERVED_IDS
    people = []
    for written in unknown:
        parts = split_name(written)
        base = slugify_person(parts.name)
        person_id, n = base, 2
        while person_id in taken:
            person_id, n = f"{base}-{n}", n + 1
        taken.add(person_id)
        honorific = parts.honorific.split()[0] if parts.honorific else ""
        honorific = {"councillor": "Cllr", "cllrs": "Cllr", "councillors": "Cllr"}.get(honorific.lower(), honorific)
        people.append(NewPerson(person_id, parts.name, honorific, written))
    return people


def _intro_extras(parsed: ParsedMeeting) -> list[str]:
    """Attendance facts our format has no field for, kept as text so nothing is lost."""
    extras = []
    if parsed.attendance["absent"]:
        extras.append(
            "Absent: "
            + ", ".join(
                p.written + "".join(f" ({part})" for part in (p.role, p.note) if part)
                for p in parsed.attendance["absent"]
            )
            + "."
        )
    if parsed.public:
        extras.append("Also present: " + "; ".join(text for _line, text in parsed.public) + ".")
    return extras
