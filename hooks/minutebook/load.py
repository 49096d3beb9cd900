"""One meeting file -> a validated ``Meeting``, or every problem in it."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .batch import ContentCache, map_over_cores
from .errors import MinutesError, Problem, internal_problem
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
    NextMeeting,
    Substitution,
    Vote,
)
from .redact import FILE_NAME as REDACT_FILE
from .redact import RedactionList, load_redactions
from .registry import Registry, display_path, load_registry
from .schemas import check_against_schema
from .source import MAX_FILE_BYTES, read_text, split_front_matter
from .yamlsource import LineMap, load_yaml

ITEM_HEADING = re.compile(
    r"^##[ \t]+(?P<number>(?=\S*\d)[0-9A-Za-z][0-9A-Za-z./-]*?)\.?[ \t]+(?P<title>\S.*?)[ \t]*#*[ \t]*$", re.M
)
HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
ATTENDANCE_FIELDS = {
    "present": AttendanceKind.PRESENT,
    "in_attendance": AttendanceKind.IN_ATTENDANCE,
    "apologies": AttendanceKind.APOLOGIES,
}


def strip_comments(text: str) -> str:
    """Remove HTML comments (notes to self), keeping line numbers where they were."""
    return HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def split_items(body: str, first_line: int) -> tuple[str, int, list[Item]]:
    """The text before the first ``## N. Title`` heading (and its line), and one item per heading."""
    matches = list(ITEM_HEADING.finditer(body))
    intro = body[: matches[0].start()] if matches else body
    items = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        line = first_line + body.count("\n", 0, match.start())
        raw = body[match.end() : end]
        text_line = line + len(raw) - len(raw.lstrip("\n"))
        items.append(
            Item(match["number"].rstrip("."), match["title"].strip(), raw.strip("\n"), line, text_line=text_line)
        )
    intro_line = first_line + len(intro) - len(intro.lstrip("\n"))
    return intro.strip("\n"), intro_line, items


class _MeetingBuilder:
    """Builds one meeting from its checked fields, part by part, collecting problems instead of stopping at the first."""

    def __init__(self, shown: str, data: dict[str, Any], lines: LineMap, registry: Registry, source: Path) -> None:
        self.shown = shown
        self.data = data
        self.lines = lines
        self.registry = registry
        self.source = source
        self.problems: list[Problem] = []
        self.numbers: dict[str, int] = {}  # item number -> line of its heading

    def build(self, raw_body: str, body_line: int) -> Meeting | None:
        """The meeting, or None when any part of it has a problem (``self.problems``)."""
        body, date, approved_at, status = self.standing()
        self.check_times()
        intro, intro_line, items = self.items(raw_body, body_line)
        meeting = meeting_id(body or str(self.data["body"]), date or dt.date.min, self.data.get("sequence"))
        attendance = self.attendance()
        decisions = self.decisions(meeting)
        actions = self.actions(meeting)
        updates = self.updates(meeting, date)
        substitutes = self.substitutes()
        declarations = self.declarations()
        chair = self.chair(attendance)
        next_meeting = self.next_meeting(date)
        documents = self.documents()
        if self.problems or body is None or date is None:
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
            chair=chair,
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

    def standing(self) -> tuple[str | None, dt.date | None, dt.date | None, MinutesStatus]:
        """Which body met on which day, and whether the minutes are agreed yet."""
        body, body_error = self.registry.resolve_body(self.data["body"])
        if body is None:
            self.problem(f"body: {body_error}", "body")
        date = self.date(self.data["date"], "date")
        approved_at = self.date(self.data.get("approved_at"), "approved_at")
        status = MinutesStatus(self.data["status"])
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

    def items(self, raw_body: str, body_line: int) -> tuple[str, int, tuple[Item, ...]]:
        """The text before the first item, and the agenda items, exempt ones without their text."""
        intro, intro_line, items = split_items(strip_comments(raw_body), body_line)
        confidential = {}
        for entry in self.data.get("confidential") or ():
            number = _item_key(entry["item"])
            confidential[number] = Confidential(number, entry["reason"], entry["summary"])
        for item in items:
            if item.number in self.numbers:
                self.problems.append(
                    Problem(
                        self.shown,
                        item.line,
                        f"item {item.number} has two headings (also line {self.numbers[item.number]})",
                    )
                )
            self.numbers[item.number] = item.line
        for index, entry in enumerate(self.data.get("confidential") or ()):
            self.item_of(entry["item"], "confidential", index, "item")
        # Exempt text is dropped here, at the source, so nothing downstream can publish it.
        kept = tuple(
            Item(item.number, item.title, "", item.line, confidential[item.number], item.line)
            if item.number in confidential
            else item
            for item in items
        )
        return intro, intro_line, kept

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
        if person_id is None:
            self.problem(f"{_name(path)}: {error}", *path)
        return person_id

    def attendance(self) -> tuple[Attendance, ...]:
        seen: dict[str, tuple[str, tuple[Any, ...]]] = {}
        entries = []
        for field, kind in ATTENDANCE_FIELDS.items():
            for index, entry in enumerate(self.data.get(field) or ()):
                path = (field, index)
                reference, role, note = _attendee(entry)
                person_id = self.person(reference, *path)
                if person_id is None:
                    continue
                if person_id in seen:
                    earlier_field, earlier_path = seen[person_id]
                    where = f"line {self.lines.line(*earlier_path)}"
                    if earlier_field == field:
                        self.problem(f"{field}: {person_id} is listed twice (also {where})", *path)
                    else:
                        self.problem(
                            f"{field}: {person_id} is also listed under {earlier_field} ({where}); one person, one place",
                            *path,
                        )
                    continue
                seen[person_id] = (field, path)
                entries.append(Attendance(person_id, kind, role, note))
        return tuple(entries)

    def decisions(self, meeting: str) -> tuple[Decision, ...]:
        decisions: list[Decision] = []
        for index, entry in enumerate(self.data.get("decisions") or ()):
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
                )
            )
        return tuple(decisions)

    def actions(self, meeting: str) -> tuple[Action, ...]:
        actions: list[Action] = []
        for index, entry in enumerate(self.data.get("actions") or ()):
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
            for entry in self.data.get("updates") or ()
        )

    def substitutes(self) -> tuple[Substitution, ...]:
        return tuple(
            Substitution(person, replaces)
            for index, entry in enumerate(self.data.get("substitutes") or ())
            if (person := self.person(entry["person"], "substitutes", index, "person"))
            and (replaces := self.person(entry["for"], "substitutes", index, "for"))
        )

    def declarations(self) -> tuple[Declaration, ...]:
        return tuple(
            Declaration(person, self.item_of(entry["item"], "declarations", index, "item"), entry["interest"])
            for index, entry in enumerate(self.data.get("declarations") or ())
            if (person := self.person(entry["person"], "declarations", index, "person"))
        )

    def chair(self, attendance: tuple[Attendance, ...]) -> str:
        chair = self.person(self.data["chair"], "chair") if self.data.get("chair") else ""
        if chair and chair not in {a.person for a in attendance if a.kind is AttendanceKind.PRESENT}:
            self.problem(f"chair: {chair} chaired the meeting but is not listed under present", "chair")
        return chair or ""

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
        documents = []
        for index, entry in enumerate(self.data.get("documents") or ()):
            target = entry.get("path") or entry.get("url")
            if not target:
                self.problem(
                    f"documents[{index}]: give the document's path (a file under the source folder) or url",
                    "documents",
                    index,
                )
                continue
            if entry.get("path"):
                relative = PurePosixPath(entry["path"])
                if relative.is_absolute() or ".." in relative.parts or "\\" in entry["path"]:
                    self.problem(
                        f"documents[{index}].path: '{entry['path']}' must be a path inside the source folder, like documents/x.pdf",
                        "documents",
                        index,
                        "path",
                    )
                    continue
                if not (self.source / relative).is_file():
                    self.problem(
                        f"documents[{index}].path: no file '{entry['path']}' in {self.source.name}/",
                        "documents",
                        index,
                        "path",
                    )
                    continue
            documents.append(Document(entry["title"], str(target)))
        return tuple(documents)

    def owners(self, value: Any, *path: Any) -> tuple[Any, ...]:
        owners = []
        for index, reference in enumerate([value] if isinstance(value, str) else value or ()):
            owner, error = self.registry.resolve_owner(str(reference))
            if owner is None:
                self.problem(f"{_name(path)}: {error}", *path, index)
            elif owner not in owners:
                owners.append(owner)
        return tuple(owners)

    def vote(self, value: Any, *path: Any) -> Vote | None:
        if not isinstance(value, dict):
            return None
        sides: dict[str, tuple[tuple[str, ...], int]] = {}
        for side in ("for", "against", "abstain"):
            given = value.get(side)
            if isinstance(given, int):
                sides[side] = ((), given)
            else:
                names = tuple(pid for i, ref in enumerate(given or ()) if (pid := self.person(ref, *path, side, i)))
                sides[side] = (names, len(given or ()))
        return Vote(
            sides["for"][0],
            sides["against"][0],
            sides["abstain"][0],
            sides["for"][1],
            sides["against"][1],
            sides["abstain"][1],
        )


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
    path: Path, source: Path, registry: Registry, shown: str, redactions: RedactionList | None = None
) -> tuple[Meeting | None, list[Problem]]:
    """Parse and validate one meeting file against the registry (and the redaction list, if given)."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    split, problems = split_front_matter(text, shown)
    if split is None:
        return None, problems
    data, lines, problems = load_yaml(split.front_matter, shown, split.front_matter_line)
    if problems:
        return None, problems
    if data is None:
        return None, [Problem(shown, 1, "front-matter is empty: a meeting needs at least body, date and status")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 2, "front-matter must be fields (name: value), not a list or a single value")]
    # Notes to self in a field (`text: Agreed <!-- check with legal -->`) are stripped like those in the body.
    data = _strip_comments_in(data)
    problems = check_against_schema("meeting", data, shown, lines)
    if problems:
        return None, problems
    unclosed = _unclosed_comment(split.body)
    if unclosed is not None:
        # Stripping it would silently hide every item after it.
        return None, [
            Problem(
                shown,
                split.body_line + unclosed,
                "an HTML comment ('<!--') opened here is never closed: add '-->' where the note ends",
            )
        ]
    builder = _MeetingBuilder(shown, data, lines, registry, source)
    meeting, problems = builder.build(split.body, split.body_line), builder.problems
    if meeting is not None and redactions is not None and redactions.entries:
        problems = _find_redacted(meeting, data, lines, redactions)
        if problems:
            return None, problems
    return meeting, problems


def _unclosed_comment(body: str) -> int | None:
    """Lines into ``body`` of a ``<!--`` that no ``-->`` closes, or None."""
    for match in HTML_COMMENT.finditer(body):
        if not match.group(0).endswith("-->"):
            return body.count("\n", 0, match.start())
    return None


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


def _find_redacted(meeting: Meeting, data: dict[str, Any], lines: LineMap, redactions: RedactionList) -> list[Problem]:
    """Listed names in anything this meeting publishes; exempt text was already dropped at load."""
    shown = meeting.source
    problems = redactions.find_in_data(data, shown, lines)
    problems += redactions.find(meeting.intro, shown, meeting.intro_line)
    for item in meeting.items:
        problems += redactions.find(item.title, shown, item.line)
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
    documents = source / "documents"
    return sorted(
        (path for path in source.rglob("*.md") if documents not in path.parents and not path.name.startswith(".")),
        key=lambda path: path.relative_to(source).as_posix(),
    )


_parsed = ContentCache()


def _load_meetings(
    source: Path, registry: Registry, redactions: RedactionList, display_root: Path
) -> list[tuple[Meeting | None, list[Problem]]]:
    """Every meeting file parsed and validated: unchanged files from the cache, the rest on every core."""
    jobs = [(path, display_path(path, display_root)) for path in meeting_files(source)]
    # A meeting's parse depends on its own bytes and on the registries it resolves names against.
    # (Hashed once here, not once per meeting: under `serve` every save keys every meeting again.)
    context = ContentCache.key(*(path.read_bytes() for path in sorted(source.glob("*.yml")) if path.is_file()))
    keys = []
    for path, shown in jobs:
        try:
            content = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else str(path.stat())
        except OSError as error:
            content = repr(error)
        # fsencode: a file name that is not UTF-8 (from a Windows share) must key the cache, not crash it.
        keys.append(ContentCache.key(context, os.fsencode(source), os.fsencode(shown), content))

    def load_one(job: tuple[Path, str]) -> tuple[Meeting | None, list[Problem]]:
        path, shown = job
        # One file's surprise must not hide the other files' problems, nor escape as a traceback.
        try:
            return load_meeting(path, source, registry, shown, redactions)
        except Exception as error:  # noqa: BLE001 - reported at the file, the other files still checked
            return None, [internal_problem(shown, error)]

    missing = [index for index, key in enumerate(keys) if _parsed.get(key) is None]
    for index, result in zip(missing, map_over_cores(load_one, [jobs[index] for index in missing])):
        _parsed.put(keys[index], result)
    results = [_parsed.get(key) for key in keys]
    _parsed.end_build()
    return results


def load_archive(source: Path, today: dt.date | None = None, display_root: Path | None = None) -> Archive:
    """Read, validate and index the whole source folder; raise ``MinutesError`` with every problem."""
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
    for meeting, meeting_problems in _load_meetings(source, registry, redactions, display_root):
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
    return archive
