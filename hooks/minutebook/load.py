"""One meeting file -> a validated ``Meeting``, or every problem in it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path, PurePosixPath
from typing import Any, cast

from .agenda import agenda_problems
from .batch import ContentCache, map_over_cores
from .documents import TEXT_TYPES, DocumentRules, check_document, document_text
from .errors import MinutesError, Problem, internal_problem, log
from .history import read_histories
from .indexes import Archive, build_archive
from .model import (
    Action,
    ActionStatus,
    ActionUpdate,
    Attendance,
    AttendanceKind,
    Confidential,
    Decision,
    Declaration,
    Document,
    Item,
    Meeting,
    MinutesStatus,
    Named,
    NextMeeting,
    Outcome,
    Substitution,
    Vote,
)
from .motions import parse_vote_counts
from .narrative import Narrative, read_narrative, strip_comments
from .redact import FILE_NAME as REDACT_FILE
from .redact import RedactionList, load_redactions
from .references import resolve_named, resolve_owner
from .registry import Registry, display_path, load_registry
from .schemas import load_schema, schema_errors
from .source import MAX_FILE_BYTES, MAX_REGISTRY_BYTES, read_bytes, read_text, split_front_matter
from .yamlsource import Key, LineMap, load_yaml_document

_MEETING_FIELDS = tuple(load_schema("meeting")["properties"])
ATTENDANCE_FIELDS = {
    "present": AttendanceKind.PRESENT,
    "in_attendance": AttendanceKind.IN_ATTENDANCE,
    "apologies": AttendanceKind.APOLOGIES,
}


class _MeetingBuilder:
    """Builds one meeting from its checked fields, part by part, collecting every problem on the way."""

    def __init__(
        self,
        shown: str,
        data: dict[str, Any],
        lines: LineMap,
        registry: Registry,
        source: Path,
        incomplete: frozenset[str] = frozenset(),
        rules: DocumentRules | None = None,
    ) -> None:
        self.shown = shown
        self.rules = rules or DocumentRules()
        self.data = data
        self.lines = lines
        self.registry = registry
        self.source = source
        # Fields that lost an entry to a problem already reported: checks across them would mislead.
        self.incomplete = incomplete
        self.problems: list[Problem] = []
        self.numbers: dict[str, int] = {}  # item number -> line of its heading
        # The meeting's body and date, once read: a post is named in its body and held by someone on a day.
        self.body: str | None = None
        self.day: dt.date | None = None

    def entries(self, field: str) -> list[tuple[int, Any]]:
        """(index, entry) of a list field, leaving out entries that had problems of their own."""
        return [(index, entry) for index, entry in enumerate(self.data.get(field) or ()) if entry is not None]

    def build(self, narrative: Narrative) -> Meeting | None:
        """The meeting, or None when any part of it has a problem (``self.problems``)."""
        body, date, approved_at, status = self.standing()
        self.check_times()
        intro, intro_line, items = narrative.intro, narrative.intro_line, self.items(narrative)
        meeting = meeting_id(body or str(self.data.get("body", "")), date or dt.date.min, self.data.get("sequence"))
        attendance = self.attendance()
        decisions = self.decisions(meeting)
        actions = self.actions(meeting)
        updates = self.updates(meeting, date)
        substitutes = self.substitutes()
        declarations = self.declarations()
        chair = self.chair(attendance)
        next_meeting = self.next_meeting(date)
        documents = self.documents()
        if self.problems or body is None or date is None or status is None:
            return None
        return Meeting(
            id=meeting,
            body=body,
            date=date,
            status=status,
            source=self.shown,
            approved_at=approved_at,
            start=self.data.get("start", ""),
            end=self.data.get("end", ""),
            location=self.data.get("location", ""),
            chair=chair.person if chair else "",
            chair_post=chair.post if chair else "",
            attendance=attendance,
            substitutes=substitutes,
            declarations=declarations,
            decisions=decisions,
            actions=actions,
            updates=updates,
            items=items,
            intro=intro,
            intro_line=intro_line,
            next_meeting=next_meeting,
            documents=documents,
            line_of={".".join(map(str, k)): v for k, v in self.lines.lines.items() if len(k) <= 2},
        )

    def problem(self, message: str, *path: Any) -> None:
        self.problems.append(Problem(self.shown, self.lines.line(*path), message))

    def standing(self) -> tuple[str | None, dt.date | None, dt.date | None, MinutesStatus | None]:
        """Which body met on which day, and whether the minutes are agreed yet."""
        body, body_error = self.registry.resolve_body(self.data["body"]) if "body" in self.data else (None, "")
        if body is None and body_error:
            self.problem(f"body: {body_error}", "body")
        date = self.date(self.data.get("date"), "date")
        self.body, self.day = body, date
        approved_at = self.date(self.data.get("approved_at"), "approved_at")
        status = MinutesStatus(self.data["status"]) if "status" in self.data else None
        if status is MinutesStatus.DRAFT and approved_at:
            self.problem(
                "approved_at: draft minutes have not been approved; set status: approved or remove approved_at",
                "approved_at",
            )
        if date and approved_at and approved_at < date:
            self.problem(f"approved_at: {approved_at} is before the meeting itself ({date})", "approved_at")
        return body, date, approved_at, status

    def check_times(self) -> None:
        start, end = self.data.get("start"), self.data.get("end")
        if start and end and end <= start:
            self.problem(f"end: {end} is not after start {start}", "end")

    def items(self, narrative: Narrative) -> tuple[Item, ...]:
        """The agenda items, exempt ones without their text."""
        self.problems += [Problem(self.shown, line, message) for line, message in narrative.problems]
        confidential = {}
        for _, entry in self.entries("confidential"):
            number = _item_key(entry["item"])
            confidential[number] = Confidential(number, entry["reason"], entry["summary"])
        for item in narrative.items:
            if item.number in self.numbers:
                self.problems.append(
                    Problem(
                        self.shown,
                        item.line,
                        f"item {item.number} has two headings (also line {self.numbers[item.number]})",
                    )
                )
            self.numbers[item.number] = item.line
        for index, entry in self.entries("confidential"):
            self.item_of(entry["item"], "confidential", index, "item")
        # Exempt text is dropped here, at the source, so nothing downstream can publish it.
        return tuple(
            Item(item.number, item.title, "", item.line, confidential[item.number], item.line)
            if item.number in confidential
            else item
            for item in narrative.items
        )

    def item_of(self, value: Any, *where: Any) -> str:
        """The item number a field points at, with a problem if no heading has it."""
        number = _item_key(value)
        if number not in self.numbers:
            known = ", ".join(self.numbers) or "none"
            self.problem(
                f"{_name(where)}: item {number} has no '## {number}. Title' heading in the minutes (items: {known})",
                *where,
            )
        return number

    def date(self, value: Any, *path: Any) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(f"{_name(path)}: '{value}' is not a real date", *path)
            return None

    def person(self, reference: Any, *path: Any) -> str | None:
        person_id, error = self.registry.resolve_person(str(reference))
        if person_id is None and error:
            self.problem(f"{_name(path)}: {error}", *path)
        return person_id

    def named(self, reference: Any, *path: Any) -> Named | None:
        """A person, or a post of the meeting's body (with its holder that day, when known)."""
        named, error = resolve_named(self.registry, str(reference), self.body, self.day)
        if named is None and error:
            self.problem(f"{_name(path)}: {error}", *path)
        return named

    def attendance(self) -> tuple[Attendance, ...]:
        seen: dict[str, tuple[str, tuple[Any, ...]]] = {}
        entries = []
        for field, kind in ATTENDANCE_FIELDS.items():
            for index, entry in self.entries(field):
                path = (field, index)
                reference, role, note = _attendee(entry)
                named = self.named(reference, *path)
                if named is None:
                    continue
                person_id = named.person or named.post
                if person_id in seen:
                    earlier_field, earlier_path = seen[person_id]
                    where = f"line {self.lines.line(*earlier_path)}"
                    if named.post and named.person:  # say why a post is the same person as a name
                        person_id += f", the {self.registry.posts[named.post].name} on this date,"
                    if earlier_field == field:
                        self.problem(f"{field}: {person_id} is listed twice (also {where})", *path)
                    else:
                        self.problem(
                            f"{field}: {person_id} is also listed under {earlier_field} ({where}); "
                            "one person, one place",
                            *path,
                        )
                    continue
                seen[person_id] = (field, path)
                entries.append(Attendance(named.person, kind, role, note, named.post))
        return tuple(entries)

    def decisions(self, meeting: str) -> tuple[Decision, ...]:
        decisions: list[Decision] = []
        for index, entry in self.entries("decisions"):
            if entry["id"] in {d.number for d in decisions}:
                self.problem(
                    f"decisions[{index}].id: decision {entry['id']} is numbered twice in this meeting",
                    "decisions",
                    index,
                    "id",
                )
            decisions.append(
                Decision(
                    entry["id"],
                    meeting,
                    self.item_of(entry["item"], "decisions", index, "item"),
                    entry["text"].strip(),
                    self.vote(entry.get("vote"), "decisions", index, "vote"),
                    *self.motion(entry, "decisions", index),
                )
            )
        return tuple(decisions)

    def actions(self, meeting: str) -> tuple[Action, ...]:
        actions: list[Action] = []
        for index, entry in self.entries("actions"):
            if entry["id"] in {a.number for a in actions}:
                self.problem(
                    f"actions[{index}].id: action {entry['id']} is numbered twice in this meeting",
                    "actions",
                    index,
                    "id",
                )
            owners = self.owners(entry["owners"], "actions", index, "owners")
            actions.append(
                Action(
                    entry["id"],
                    meeting,
                    self.item_of(entry["item"], "actions", index, "item"),
                    owners,
                    entry["text"].strip(),
                    self.date(entry.get("due"), "actions", index, "due"),
                )
            )
        return tuple(actions)

    def updates(self, meeting: str, date: dt.date | None) -> tuple[ActionUpdate, ...]:
        """Progress reported here on earlier actions (checked against them once every meeting is read)."""
        return tuple(
            ActionUpdate(
                entry["action"],
                ActionStatus(entry["status"]),
                str(entry.get("note") or "").strip(),
                meeting,
                date or dt.date.min,
            )
            for _, entry in self.entries("updates")
        )

    def substitutes(self) -> tuple[Substitution, ...]:
        return tuple(
            Substitution(person.person, replaces.person, person.post, replaces.post)
            for index, entry in self.entries("substitutes")
            if (person := self.named(entry["person"], "substitutes", index, "person"))
            and (replaces := self.named(entry["for"], "substitutes", index, "for"))
        )

    def declarations(self) -> tuple[Declaration, ...]:
        return tuple(
            Declaration(
                who.person, self.item_of(entry["item"], "declarations", index, "item"), entry["interest"], who.post
            )
            for index, entry in self.entries("declarations")
            if (who := self.named(entry["person"], "declarations", index, "person"))
        )

    def chair(self, attendance: tuple[Attendance, ...]) -> Named | None:
        chair = self.named(self.data["chair"], "chair") if self.data.get("chair") else None
        present = {name for a in attendance if a.kind is AttendanceKind.PRESENT for name in (a.person, a.post) if name}
        if chair and not {chair.person, chair.post} & present and not self.incomplete & set(ATTENDANCE_FIELDS):
            self.problem(
                f"chair: {chair.person or chair.post} chaired the meeting but is not listed under present", "chair"
            )
        return chair

    def next_meeting(self, date: dt.date | None) -> NextMeeting | None:
        """The meeting the minutes announce, if they give its date."""
        if not isinstance(self.data.get("next_meeting"), dict):
            return None
        nm = self.data["next_meeting"]
        next_date = self.date(nm["date"], "next_meeting", "date")
        if next_date and date and next_date <= date:
            self.problem(f"next_meeting.date: {next_date} is not after this meeting ({date})", "next_meeting", "date")
        if not next_date:
            return None
        return NextMeeting(next_date, nm.get("start", ""), nm.get("end", ""), nm.get("location", ""))

    def documents(self) -> tuple[Document, ...]:
        """Papers published with the minutes: files of the public record under documents/, or addresses."""
        documents = []
        for index, entry in self.entries("documents"):
            target = entry.get("path") or entry.get("url")
            if not target:
                self.problem(
                    f"documents[{index}]: give the document's path (a file under the source folder) or url",
                    "documents",
                    index,
                )
                continue
            if entry.get("path"):
                target, why = check_document(self.source, entry["path"], self.rules)
                if target is None:
                    self.problem(f"documents[{index}].path: {why}", "documents", index, "path")
                    continue
            for_item = self.item_of(entry["item"], "documents", index, "item") if entry.get("item") is not None else ""
            documents.append(Document(entry["title"], str(target), for_item))
        return tuple(documents)

    def owners(self, value: Any, *path: Any) -> tuple[Any, ...]:
        owners = []
        for index, reference in enumerate([value] if isinstance(value, str) else value or ()):
            owner, error = resolve_owner(self.registry, str(reference), self.body, self.day)
            if owner is None and error:
                self.problem(f"{_name(path)}: {error}", *path, index)
            elif owner not in owners:
                owners.append(owner)
        return tuple(owners)

    def vote(self, value: Any, *path: Any) -> Vote | None:
        if isinstance(value, str):
            return parse_vote_counts(value)
        if not isinstance(value, dict):
            return None
        sides: dict[str, tuple[tuple[str, ...], int]] = {}
        voters: list[tuple[str, Named]] = []
        for side in ("for", "against", "abstain"):
            given = value.get(side)
            if isinstance(given, int):
                sides[side] = ((), given)
            else:
                named = [(side, who) for i, ref in enumerate(given or ()) if (who := self.named(ref, *path, side, i))]
                voters += named
                sides[side] = (tuple(who.person for _, who in named if who.person), len(given or ()))
        return Vote(
            sides["for"][0],
            sides["against"][0],
            sides["abstain"][0],
            sides["for"][1],
            sides["against"][1],
            sides["abstain"][1],
            # Kept only where a post was named: otherwise the names by side say it all.
            tuple(voters) if any(who.post for _, who in voters) else (),
        )

    def motion(self, entry: dict[str, Any], *path: Any) -> tuple[Outcome, Named | None, Named | None]:
        """A decision's outcome (carried unless the minutes say otherwise), and who proposed and seconded it."""
        proposed, seconded = (
            self.named(entry[field], *path, field) if entry.get(field) else None
            for field in ("proposed_by", "seconded_by")
        )
        return Outcome(entry.get("outcome") or Outcome.CARRIED.value), proposed, seconded


def _attendee(entry: Any) -> tuple[str, str, str]:
    """(reference, role, note) from any of the three ways an attendee is written."""
    if isinstance(entry, dict) and "person" in entry:
        return str(entry["person"]), str(entry.get("role") or ""), str(entry.get("note") or "")
    if isinstance(entry, dict):
        ((reference, role),) = entry.items()
        return str(reference), str(role or ""), ""
    return str(entry), "", ""


def _name(path: tuple[Any, ...]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _item_key(value: Any) -> str:
    return str(value).strip().rstrip(".")


def meeting_id(body: str, date: dt.date, sequence: int | None) -> str:
    """``<body>/<date>``, with ``-2``, ``-3`` for later meetings of the body that day."""
    return f"{body}/{date.isoformat()}" + (f"-{sequence}" if sequence else "")


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
    exempt = frozenset(_item_key(entry["item"]) for entry in _list(fields, "confidential") if "item" in entry)
    narrative = read_narrative(split.body, split.body_line, exempt)
    meeting = None
    if isinstance(data, dict):
        builder = _MeetingBuilder(shown, checked, lines, registry, source, incomplete, rules)
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
    unknown = set(kept) - set(_MEETING_FIELDS)
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


_parsed = ContentCache()


def _content_key(path: Path, limit: int) -> bytes | str:
    """What a file's parse depends on, read as safely as the parse reads it (a pipe must not block here)."""
    try:
        data = read_bytes(path, limit)
        return data if data is not None else str(path.stat())
    except OSError as error:
        return repr(error)


def _documents_stamp(source: Path) -> str:
    """Every entry under documents/ as the checks of a meeting's documents see it (links not followed)."""
    entries = []
    for folder, _, names in os.walk(source / "documents"):
        for name in sorted(names):
            try:
                found = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            entries.append(
                (os.path.join(folder, name), found.st_mode, found.st_size, found.st_mtime_ns, found.st_nlink)
            )
    return repr(sorted(entries))


def _load_meetings(
    source: Path,
    files: list[Path],
    registry: Registry,
    redactions: RedactionList,
    display_root: Path,
    rules: DocumentRules,
) -> list[tuple[Meeting | None, list[Problem]]]:
    """Every meeting file parsed and validated: unchanged files from the cache, the rest on every core."""
    jobs = [(path, display_path(path, display_root)) for path in files]
    # A meeting's parse depends on its own bytes, on the registries it resolves names against, and on
    # the documents it lists. (Hashed once here, not once per meeting: under `serve` every save keys
    # every meeting again.)
    context = ContentCache.key(
        *(_content_key(path, MAX_REGISTRY_BYTES) for path in sorted(source.glob("*.yml"))),
        _documents_stamp(source),
        repr(rules),
    )
    keys = []
    for path, shown in jobs:
        content = _content_key(path, MAX_FILE_BYTES)
        # fsencode: a file name that is not UTF-8 (from a Windows share) must key the cache, not crash it.
        keys.append(ContentCache.key(context, os.fsencode(source), os.fsencode(shown), content))

    def load_one(job: tuple[Path, str]) -> tuple[Meeting | None, list[Problem]]:
        path, shown = job
        # One file's surprise must not hide the other files' problems, nor escape as a traceback.
        try:
            return load_meeting(path, source, registry, shown, redactions, rules)
        except Exception as error:  # noqa: BLE001 - reported at the file, the other files still checked
            return None, [internal_problem(shown, error)]

    missing = [index for index, key in enumerate(keys) if _parsed.get(key) is None]
    for index, result in zip(missing, map_over_cores(load_one, [jobs[index] for index in missing])):
        _parsed.put(keys[index], result)
    results = [cast("tuple[Meeting | None, list[Problem]]", _parsed.get(key)) for key in keys]
    _parsed.end_build()
    return results


def load_archive(
    source: Path,
    today: dt.date | None = None,
    display_root: Path | None = None,
    documents: DocumentRules | None = None,
    history: bool = True,
) -> Archive:
    """Read, validate and index the whole source folder; raise ``MinutesError`` with every problem.

    ``documents`` says which attached papers may be published (``extra.minutebook.documents``).
    With ``history``, each meeting's past versions are read from git too (``Archive.histories``).
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
    for meeting, meeting_problems in _load_meetings(source, files, registry, redactions, display_root, rules):
        problems += meeting_problems
        if meeting:
            meetings.append(meeting)
    if problems:
        raise MinutesError(problems)
    try:
        archive, problems = build_archive(registry, meetings, today or build_date())
    except Exception as error:  # likewise
        raise MinutesError([internal_problem(display_path(source, display_root), error)]) from error
    if archive is None:
        raise MinutesError(problems)
    for warning in archive.warnings:
        # INFO, not WARNING: `mkdocs build --strict` stops on warnings, and minutes are published as written.
        log.info(str(warning))
    if history:
        archive = _with_histories(archive, source, registry, redactions, display_root, rules)
    return archive


def _with_histories(
    archive: Archive,
    source: Path,
    registry: Registry,
    redactions: RedactionList,
    display_root: Path,
    rules: DocumentRules,
) -> Archive:
    """The archive with each meeting's past versions, read through this module's loader; never a failed build."""
    files = {display_path(path, display_root): path for path in meeting_files(source)}
    context = b"".join(path.read_bytes() for path in sorted(source.glob("*.yml")) if path.is_file())

    def load_version(path: Path, shown: str) -> Meeting | None:
        return load_meeting(path, source, registry, shown, redactions, rules)[0]

    try:
        histories = read_histories(archive, source, files, load_version, redactions, context)
    except Exception as error:  # noqa: BLE001 - the history is an extra: without it, the pages say so
        log.info("The history of the minutes is not available: %s: %s", type(error).__name__, error)
        return archive
    return dataclasses.replace(archive, histories=histories)
