"""One meeting file -> a validated ``Meeting``, or every problem in it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, cast

from .agenda import agenda_problems
from .archive import Archive
from .batch import ContentCache, map_over_cores
from .cache import ArchiveCache
from .documents import TEXT_TYPES, DocumentRules, document_text
from .errors import MinutesError, Problem, internal_problem, log
from .history import Store, read_histories
from .indexes import build_archive
from .meeting_builder import MEETING_FIELDS, MeetingBuilder
from .model import Meeting, item_key
from .narrative import Narrative, read_narrative, strip_comments
from .redact import FILE_NAME as REDACT_FILE
from .redact import RedactionList, load_redactions
from .registry import Registry, display_path, load_registry
from .schemas import schema_errors
from .source import MAX_FILE_BYTES, MAX_REGISTRY_BYTES, read_bytes, read_text, split_front_matter
from .yamlsource import Key, LineMap, load_yaml_document


def load_meeting(
    path: Path,
    source: Path,
    registry: Registry,
    shown: str,
    redactions: RedactionList | None = None,
    rules: DocumentRules | None = None,
) -> tuple[Meeting | None, list[Problem]]:
    """Parse and validate one meeting file against the registry (and the redaction list, if given).

    Every problem the file has is reported at once, wherever the rest can still be checked: a field
    with a mistake is left out of the checks that follow, and the minutes text is checked whatever
    the front-matter holds.
    """
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    split, problems = split_front_matter(text, shown)
    if split is None:
        return None, problems
    document = load_yaml_document(split.front_matter, shown, split.front_matter_line)
    problems = list(document.problems)
    data, lines = document.data, document.lines
    if data is None and not problems:
        problems.append(Problem(shown, 1, "front-matter is empty: a meeting needs at least body, date and status"))
    elif data is not None and not isinstance(data, dict):
        problems.append(Problem(shown, 2, "front-matter must be fields (name: value), not a list or a single value"))
    fields: dict[str, Any] = data if isinstance(data, dict) else {}
    # Notes to self in a field (`text: Agreed <!-- check with legal -->`) are stripped like those in the body.
    fields = _strip_comments_in(fields)
    checked, incomplete = fields, frozenset[str]()
    if isinstance(data, dict):
        # A value YAML already refused is not reported again by the schema (a merge key at the top
        # refuses nothing below it: the fields beside it are still checked).
        refused = [where for where in document.refused if where]
        errors = [
            (where, problem)
            for where, problem in schema_errors("meeting", fields, shown, lines)
            if not any(where[: len(stop)] == stop for stop in refused)
        ]
        problems += [problem for _, problem in errors]
        checked, incomplete = _without(fields, [where for where, _ in errors] + refused)
        problems += agenda_problems(checked, shown, lines)
    exempt = frozenset(item_key(entry["item"]) for entry in _list(fields, "confidential") if "item" in entry)
    narrative = read_narrative(split.body, split.body_line, exempt)
    meeting = None
    if isinstance(data, dict):
        builder = MeetingBuilder(shown, checked, lines, registry, source, incomplete, rules)
        meeting = builder.build(narrative)
        problems += builder.problems
        if meeting is not None and redactions is not None and redactions.entries:
            problems += _find_redacted_in_documents(meeting, path, source, redactions)
    else:
        problems += [Problem(shown, line, message) for line, message in narrative.problems]
    if redactions is not None and redactions.entries:
        problems += _find_redacted(shown, fields, lines, narrative, exempt, redactions)
    return (meeting if not problems else None), problems


def _find_redacted_in_documents(meeting: Meeting, path: Path, source: Path, redactions: RedactionList) -> list[Problem]:
    """Listed names in the documents published as text, reported at their line in the document."""
    # The folder as the meeting's own path shows it: "minutes/" for "minutes/2018/x.md".
    inside = path.relative_to(source).as_posix() if path.is_relative_to(source) else path.name
    folder = meeting.source[: len(meeting.source) - len(inside)] if meeting.source.endswith(inside) else ""
    problems = []
    for document in meeting.documents:
        if PurePosixPath(document.path).suffix.lower().lstrip(".") in TEXT_TYPES:
            text = document_text(source, document.path) or ""
            problems += redactions.find(text, folder + document.path, 1)
    return problems


def _list(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    value = data.get(field)
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _without(data: dict[str, Any], faulty: list[Key]) -> tuple[dict[str, Any], frozenset[str]]:
    """``data`` less every field or list entry with a problem at or under it; and the fields that lost one.

    What remains satisfies the schema, so the meeting can be built from it and checked further.
    """
    kept = dict(data)
    lists: dict[str, list[Any]] = {}
    touched = set()
    for where in faulty:
        if not where:
            continue  # a required field missing, or an unknown one: the rest of the fields are still whole
        field = str(where[0])
        touched.add(field)
        if len(where) >= 2 and isinstance(where[1], int) and isinstance(kept.get(field), list):
            entries = lists.setdefault(field, list(kept[field]))
            if where[1] < len(entries):
                entries[where[1]] = None  # kept in place: later entries keep their index and line
        else:
            kept.pop(field, None)
    for field, entries in lists.items():
        if field in kept:
            kept[field] = entries
    unknown = set(kept) - set(MEETING_FIELDS)
    for field in unknown:
        kept.pop(field)
    return kept, frozenset(touched)


def _strip_comments_in(value: Any) -> Any:
    if isinstance(value, str):
        return strip_comments(value).strip() if "<!--" in value else value
    if isinstance(value, dict):
        return {
            (_strip_comments_in(key) if isinstance(key, str) else key): _strip_comments_in(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_strip_comments_in(item) for item in value]
    return value


def _find_redacted(
    shown: str,
    data: dict[str, Any],
    lines: LineMap,
    narrative: Narrative,
    exempt: frozenset[str],
    redactions: RedactionList,
) -> list[Problem]:
    """Listed names in anything this meeting publishes (exempt items' text never is)."""
    problems = redactions.find_in_data(data, shown, lines)
    problems += redactions.find(narrative.intro, shown, narrative.intro_line)
    for item in narrative.items:
        problems += redactions.find(item.title, shown, item.line)
        if item.number not in exempt:
            problems += redactions.find(item.text, shown, item.text_line or item.line)
    return problems


def build_date() -> dt.date:
    """The day the archive is built for: SOURCE_DATE_EPOCH when set, so builds repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def meeting_files(source: Path) -> list[Path]:
    """Every meeting file under ``source``: Markdown outside documents/, in a stable order."""
    return scan_source(source)[0]


def scan_source(source: Path) -> tuple[list[Path], list[Problem]]:
    """Meeting files under ``source``, and a problem for each folder the walk cannot take.

    Links are never followed: a linked folder would bring in files from outside the minutes (and a
    link named like a meeting file is listed, to be refused when it is read).
    """
    found: list[Path] = []
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        problems.append(Problem(str(error.filename), 1, f"cannot read this folder: {error.strerror or error}"))

    for folder, folders, files in os.walk(source, onerror=unreadable):
        here = Path(folder)
        if here == source and "documents" in folders:
            folders.remove("documents")  # papers, checked one by one where a meeting lists them
        for name in sorted(folders):
            if name.endswith(".md") and not name.startswith("."):
                found.append(here / name)  # refused when read, as a folder or a link
            if (here / name).is_symlink():
                folders.remove(name)
                if not name.endswith(".md"):
                    problems.append(
                        Problem(
                            str(here / name),
                            1,
                            "is a link to a folder; Minutebook does not follow links: "
                            "move the folder itself into the minutes folder",
                        )
                    )
        found += [here / name for name in files if name.endswith(".md") and not name.startswith(".")]
    return sorted(found, key=lambda path: path.relative_to(source).as_posix()), problems


def _content_key(path: Path, limit: int) -> bytes | str:
    """What a file's parse depends on, read as safely as the parse reads it (a pipe must not block here)."""
    try:
        data = read_bytes(path, limit)
        return data if data is not None else str(path.stat())
    except OSError as error:
        return repr(error)


def _documents_stamp(source: Path, digest_of: Callable[[Path], str]) -> str:
    """Every entry under documents/ as the checks of a meeting's documents see it (links not followed): by
    its place in the folder and its bytes, not where the folder is nor when it was written, so a fresh
    export of the same commit (the publish server's) keys its meetings alike."""
    entries = []
    documents = source / "documents"
    for folder, _, names in os.walk(documents):
        for name in sorted(names):
            path = Path(folder, name)
            try:
                found = os.lstat(path)
                content = digest_of(path) if stat.S_ISREG(found.st_mode) else ""
            except OSError:
                continue
            entries.append((path.relative_to(documents).as_posix(), found.st_mode, found.st_nlink, content))
    return repr(sorted(entries))


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "blake2b").hexdigest()


def _load_meetings(
    source: Path,
    files: list[Path],
    registry: Registry,
    redactions: RedactionList,
    display_root: Path,
    rules: DocumentRules,
    cache: ArchiveCache | None = None,
) -> list[tuple[Meeting | None, list[Problem]]]:
    """Every meeting file parsed and validated: unchanged files from the cache, the rest on every core."""
    jobs = [(path, display_path(path, display_root)) for path in files]
    # A meeting's parse depends on its own bytes, on the registries it resolves names against, and on
    # the documents it lists. (Hashed once here, not once per meeting: under `serve` every save keys
    # every meeting again.)
    context = ContentCache.key(
        *(_content_key(path, MAX_REGISTRY_BYTES) for path in sorted(source.glob("*.yml"))),
        _documents_stamp(source, cache.file_digest if cache is not None else _digest),
        repr(rules),
    )
    keys = []
    for path, shown in jobs:
        content = _content_key(path, MAX_FILE_BYTES)
        # fsencode: a file name that is not UTF-8 (from a Windows share) must key the cache, not crash it.
        keys.append(ContentCache.key(context, os.fsencode(shown), content))
    # Without the build cache (a check, a script), nothing is kept beyond this call.
    parsed: Store = cache.parsed if cache is not None else ContentCache()

    def load_one(job: tuple[Path, str]) -> tuple[Meeting | None, list[Problem]]:
        path, shown = job
        # One file's surprise must not hide the other files' problems, nor escape as a traceback.
        try:
            return load_meeting(path, source, registry, shown, redactions, rules)
        except Exception as error:  # noqa: BLE001 - reported at the file, the other files still checked
            return None, [internal_problem(shown, error)]

    missing = [index for index, key in enumerate(keys) if parsed.get(key) is None]
    for index, result in zip(missing, map_over_cores(load_one, [jobs[index] for index in missing])):
        parsed.put(keys[index], result)
    results = [cast("tuple[Meeting | None, list[Problem]]", parsed.get(key)) for key in keys]
    parsed.end_build()
    return results


def load_archive(
    source: Path,
    today: dt.date | None = None,
    display_root: Path | None = None,
    documents: DocumentRules | None = None,
    history: bool = True,
    cache: ArchiveCache | None = None,
) -> Archive:
    """Read, validate and index the whole source folder; raise ``MinutesError`` with every problem.

    ``documents`` says which attached papers may be published (``extra.minutebook.documents``).
    With ``history``, each meeting's past versions are read from git too (``Archive.histories``).
    ``cache`` keeps what is worked out per meeting file between builds (without it, between calls in
    this process).
    """
    display_root = display_root or Path.cwd()
    if not source.is_dir():
        raise MinutesError(
            [Problem(str(source), 1, "no such folder of minutes (set MINUTES_SOURCE or pass the folder)")]
        )
    try:
        registry, problems = load_registry(source, display_root)
        redactions, redact_problems = load_redactions(source, display_path(source / REDACT_FILE, display_root))
    except Exception as error:  # a fault of ours must still read as path:line, never a traceback
        raise MinutesError([internal_problem(display_path(source / "people.yml", display_root), error)]) from error
    problems += redact_problems
    for name in ("people.yml", "bodies.yml"):
        problems += redactions.find_in_file(source / name, display_path(source / name, display_root))
    meetings = []
    files, walk_problems = scan_source(source)
    problems += [Problem(display_path(Path(p.path), display_root), p.line, p.message) for p in walk_problems]
    rules = documents or DocumentRules()
    for meeting, meeting_problems in _load_meetings(source, files, registry, redactions, display_root, rules, cache):
        problems += meeting_problems
        if meeting:
            meetings.append(meeting)
    if problems:
        raise MinutesError(problems)
    try:
        archive, problems = build_archive(registry, meetings, today or build_date(), cache)
    except Exception as error:  # likewise
        raise MinutesError([internal_problem(display_path(source, display_root), error)]) from error
    if archive is None:
        raise MinutesError(problems)
    for warning in archive.warnings:
        # INFO, not WARNING: `mkdocs build --strict` stops on warnings, and minutes are published as written.
        log.info(str(warning))
    if history:
        archive = _with_histories(archive, source, registry, redactions, display_root, rules, cache)
    return archive


def _with_histories(
    archive: Archive,
    source: Path,
    registry: Registry,
    redactions: RedactionList,
    display_root: Path,
    rules: DocumentRules,
    cache: ArchiveCache | None,
) -> Archive:
    """The archive with each meeting's past versions, read through this module's loader; never a failed build."""
    files = {display_path(path, display_root): path for path in meeting_files(source)}
    context = (
        b"".join(path.read_bytes() for path in sorted(source.glob("*.yml")) if path.is_file()) + repr(rules).encode()
    )

    def load_version(path: Path, shown: str) -> Meeting | None:
        return load_meeting(path, source, registry, shown, redactions, rules)[0]

    try:
        histories = read_histories(archive, source, files, load_version, redactions, context, cache)
    except Exception as error:  # noqa: BLE001 - the history is an extra: without it, the pages say so
        log.info("The history of the minutes is not available: %s: %s", type(error).__name__, error)
        return archive
    return dataclasses.replace(archive, histories=histories)
