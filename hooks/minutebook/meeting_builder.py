"""One meeting's checked front-matter and narrative -> a ``Meeting``, part by part, with every problem found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .documents import DocumentRules, check_document
from .errors import Problem
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
    item_key,
    meeting_id,
)
from .motions import read_vote
from .narrative import Narrative
from .references import resolve_named, resolve_owner
from .registry import Registry
from .schemas import load_schema
from .yamlsource import LineMap

MEETING_FIELDS = tuple(load_schema("meeting")["properties"])
ATTENDANCE_FIELDS = {
    "present": AttendanceKind.PRESENT,
    "in_attendance": AttendanceKind.IN_ATTENDANCE,
    "apologies": AttendanceKind.APOLOGIES,
}


class MeetingBuilder:
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
            number = item_key(entry["item"])
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
        number = item_key(value)
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
        return read_vote(value, lambda reference, *where: self.named(reference, *path, *where))

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
