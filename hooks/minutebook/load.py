"""One meeting file -> a validated ``Meeting``, or every problem in it."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .batch import ContentCache, map_over_cores
from .errors import MinutesError, Problem, internal_problem, log
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
from .redact import FILE_NAME as REDACT_FILE
from .redact import RedactionList, load_redactions
from .references import resolve_named, resolve_owner
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


class _MeetingReader:
    """Reads one meeting's fields, collecting problems instead of stopping at the first."""

    def __init__(self, shown: str, data: dict[str, Any], lines: LineMap, registry: Registry) -> None:
        self.shown = shown
        self.data = data
        self.lines = lines
        self.registry = registry
        self.problems: list[Problem] = []
        # The meeting's body and date, once read: a post is named in its body and held by someone on a day.
        self.body: str | None = None
        self.day: dt.date | None = None

    def problem(self, message: str, *path: Any) -> None:
        self.problems.append(Problem(self.shown, self.lines.line(*path), message))

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

    def named(self, reference: Any, *path: Any) -> Named | None:
        """A person, or a post of the meeting's body (with its holder that day, when known)."""
        named, error = resolve_named(self.registry, str(reference), self.body, self.day)
        if named is None:
            self.problem(f"{_name(path)}: {error}", *path)
        return named

    def attendance(self) -> tuple[Attendance, ...]:
        seen: dict[str, tuple[str, tuple[Any, ...]]] = {}
        entries = []
        for field, kind in ATTENDANCE_FIELDS.items():
            for index, entry in enumerate(self.data.get(field) or ()):
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
                            f"{field}: {person_id} is also listed under {earlier_field} ({where}); one person, one place",
                            *path,
                        )
                    continue
                seen[person_id] = (field, path)
                entries.append(Attendance(named.person, kind, role, note, named.post))
        return tuple(entries)

    def owners(self, value: Any, *path: Any) -> tuple[Any, ...]:
        owners = []
        for index, reference in enumerate([value] if isinstance(value, str) else value or ()):
            owner, error = resolve_owner(self.registry, str(reference), self.body, self.day)
            if owner is None:
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
    meeting, problems = _build_meeting(data, lines, split.body, split.body_line, path, source, registry, shown)
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


def _build_meeting(
    data: dict[str, Any],
    lines: LineMap,
    raw_body: str,
    body_line: int,
    path: Path,
    source: Path,
    registry: Registry,
    shown: str,
) -> tuple[Meeting | None, list[Problem]]:
    read = _MeetingReader(shown, data, lines, registry)
    body, body_error = registry.resolve_body(data["body"])
    if body is None:
        read.problem(f"body: {body_error}", "body")
    date = read.date(data["date"], "date")
    read.body, read.day = body, date
    approved_at = read.date(data.get("approved_at"), "approved_at")
    status = MinutesStatus(data["status"])
    if status is MinutesStatus.DRAFT and approved_at:
        read.problem(
            "approved_at: draft minutes have not been approved; set status: approved or remove approved_at",
            "approved_at",
        )
    if date and approved_at and approved_at < date:
        read.problem(f"approved_at: {approved_at} is before the meeting itself ({date})", "approved_at")
    if data.get("start") and data.get("end") and data["end"] <= data["start"]:
        read.problem(f"end: {data['end']} is not after start {data['start']}", "end")

    intro, intro_line, items = split_items(strip_comments(raw_body), body_line)
    confidential = {}
    for index, entry in enumerate(data.get("confidential") or ()):
        confidential[_item_key(entry["item"])] = Confidential(
            _item_key(entry["item"]), entry["reason"], entry["summary"]
        )
    numbers: dict[str, int] = {}
    for item in items:
        if item.number in numbers:
            read.problems.append(
                Problem(shown, item.line, f"item {item.number} has two headings (also line {numbers[item.number]})")
            )
        numbers[item.number] = item.line
    # Exempt text is dropped here, at the source, so nothing downstream can publish it.
    items = [
        Item(item.number, item.title, "", item.line, confidential[item.number], item.line)
        if item.number in confidential
        else item
        for item in items
    ]

    def item_of(value: Any, *where: Any) -> str:
        number = _item_key(value)
        if number not in numbers:
            known = ", ".join(numbers) or "none"
            read.problem(
                f"{_name(where)}: item {number} has no '## {number}. Title' heading in the minutes (items: {known})",
                *where,
            )
        return number

    for index, entry in enumerate(data.get("confidential") or ()):
        item_of(entry["item"], "confidential", index, "item")

    meeting = meeting_id(body or str(data["body"]), date or dt.date.min, data.get("sequence"))
    attendance = read.attendance()
    decisions = []
    for index, entry in enumerate(data.get("decisions") or ()):
        if entry["id"] in {d.number for d in decisions}:
            read.problem(
                f"decisions[{index}].id: decision {entry['id']} is numbered twice in this meeting",
                "decisions",
                index,
                "id",
            )
        decisions.append(
            Decision(
                entry["id"],
                meeting,
                item_of(entry["item"], "decisions", index, "item"),
                entry["text"].strip(),
                read.vote(entry.get("vote"), "decisions", index, "vote"),
                *read.motion(entry, "decisions", index),
            )
        )
    actions = []
    for index, entry in enumerate(data.get("actions") or ()):
        if entry["id"] in {a.number for a in actions}:
            read.problem(
                f"actions[{index}].id: action {entry['id']} is numbered twice in this meeting", "actions", index, "id"
            )
        owners = read.owners(entry["owners"], "actions", index, "owners")
        actions.append(
            Action(
                entry["id"],
                meeting,
                item_of(entry["item"], "actions", index, "item"),
                owners,
                entry["text"].strip(),
                read.date(entry.get("due"), "actions", index, "due"),
            )
        )
    updates = tuple(
        ActionUpdate(
            entry["action"],
            ActionStatus(entry["status"]),
            str(entry.get("note") or "").strip(),
            meeting,
            date or dt.date.min,
        )
        for entry in data.get("updates") or ()
    )
    substitutes = tuple(
        Substitution(person.person, replaces.person, person.post, replaces.post)
        for index, entry in enumerate(data.get("substitutes") or ())
        if (person := read.named(entry["person"], "substitutes", index, "person"))
        and (replaces := read.named(entry["for"], "substitutes", index, "for"))
    )
    declarations = tuple(
        Declaration(who.person, item_of(entry["item"], "declarations", index, "item"), entry["interest"], who.post)
        for index, entry in enumerate(data.get("declarations") or ())
        if (who := read.named(entry["person"], "declarations", index, "person"))
    )
    chair = read.named(data["chair"], "chair") if data.get("chair") else None
    present = {name for a in attendance if a.kind is AttendanceKind.PRESENT for name in (a.person, a.post) if name}
    if chair and not {chair.person, chair.post} & present:
        read.problem(
            f"chair: {chair.person or chair.post} chaired the meeting but is not listed under present", "chair"
        )
    next_meeting = None
    if isinstance(data.get("next_meeting"), dict):
        nm = data["next_meeting"]
        next_date = read.date(nm["date"], "next_meeting", "date")
        if next_date and date and next_date <= date:
            read.problem(f"next_meeting.date: {next_date} is not after this meeting ({date})", "next_meeting", "date")
        if next_date:
            next_meeting = NextMeeting(next_date, nm.get("start", ""), nm.get("end", ""), nm.get("location", ""))
    documents = []
    for index, entry in enumerate(data.get("documents") or ()):
        target = entry.get("path") or entry.get("url")
        if not target:
            read.problem(
                f"documents[{index}]: give the document's path (a file under the source folder) or url",
                "documents",
                index,
            )
            continue
        if entry.get("path"):
            relative = PurePosixPath(entry["path"])
            if relative.is_absolute() or ".." in relative.parts or "\\" in entry["path"]:
                read.problem(
                    f"documents[{index}].path: '{entry['path']}' must be a path inside the source folder, like documents/x.pdf",
                    "documents",
                    index,
                    "path",
                )
                continue
            if not (source / relative).is_file():
                read.problem(
                    f"documents[{index}].path: no file '{entry['path']}' in {source.name}/", "documents", index, "path"
                )
                continue
        documents.append(Document(entry["title"], str(target)))

    if read.problems or body is None or date is None:
        return None, read.problems
    return Meeting(
        id=meeting,
        body=body,
        date=date,
        status=status,
        source=shown,
        approved_at=approved_at,
        start=data.get("start", ""),
        end=data.get("end", ""),
        location=data.get("location", ""),
        chair=chair.person if chair else "",
        chair_post=chair.post if chair else "",
        attendance=attendance,
        substitutes=substitutes,
        declarations=declarations,
        decisions=tuple(decisions),
        actions=tuple(actions),
        updates=updates,
        items=tuple(items),
        intro=intro,
        intro_line=intro_line,
        next_meeting=next_meeting,
        documents=tuple(documents),
        line_of={".".join(map(str, k)): v for k, v in lines.lines.items() if len(k) <= 2},
    ), []


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
    for warning in archive.warnings:
        # INFO, not WARNING: `mkdocs build --strict` stops on warnings, and minutes are published as written.
        log.info(str(warning))
    return archive
