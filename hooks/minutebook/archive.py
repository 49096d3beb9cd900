"""The indexed archive and the records it holds: what every page, feed and export is built from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import Problem
from .model import (
    Action,
    ActionStatus,
    ActionUpdate,
    Attendance,
    AttendanceKind,
    Body,
    Decision,
    Declaration,
    Item,
    Meeting,
    MinutesStatus,
    NextMeeting,
    Person,
    Post,
    PostHolder,
    Substitution,
)
from .registry import Registry
from .titles import meeting_name
from .versions import MeetingHistory


@dataclass(frozen=True)
class MeetingLink:
    """What a link to a meeting shows: its address, body, date and status.

    Lists of many meetings (a person's attendance, say) hold these rather than the meetings, so a
    page showing such a list is equal to the last build's, and not laid out again under `serve`,
    when only a meeting's text was edited.
    """

    id: str
    body: str
    date: dt.date
    status: MinutesStatus

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingLink:
        return cls(meeting.id, meeting.body, meeting.date, meeting.status)


@dataclass(frozen=True)
class ItemLink:
    """What a link to an agenda item shows (see MeetingLink)."""

    number: str
    title: str
    anchor: str

    @classmethod
    def of(cls, item: Item | None) -> ItemLink | None:
        return None if item is None else cls(item.number, item.title, item.anchor)


@dataclass(frozen=True)
class Mention:
    """A place in the minutes: a meeting and, where known, the item in it."""

    meeting: MeetingLink
    item: ItemLink | None

    @classmethod
    def of(cls, meeting: Meeting, item: Item | None) -> Mention:
        return cls(MeetingLink.of(meeting), ItemLink.of(item))


@dataclass(frozen=True)
class ActionRecord:
    """An action with everything later meetings said about it."""

    action: Action
    meeting: MeetingLink  # where it was raised (the meeting itself: Archive.meeting_by_id)
    history: tuple[ActionUpdate, ...]
    status: ActionStatus
    overdue: bool
    carried_over: int
    closed_on: dt.date | None

    @property
    def state(self) -> str:
        """open | in-progress | overdue | done | dropped: what a reader filters by."""
        return "overdue" if self.overdue else self.status.value


@dataclass(frozen=True)
class BodyAttendance:
    """A person's record at one body's meetings."""

    body: Body
    attended: int
    apologies: int
    absent: int
    membership_known: bool


@dataclass(frozen=True)
class Role:
    """A role someone held, at which body, first and last seen."""

    role: str
    body: Body
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class PersonRecord:
    """A person's part across the whole archive."""

    person: Person
    attendance: tuple[tuple[MeetingLink, Attendance], ...]
    substitutions: tuple[tuple[MeetingLink, Substitution], ...]
    declarations: tuple[tuple[Meeting, Declaration], ...]  # the meeting whole: its items are named
    votes: tuple[tuple[MeetingLink, Decision, str], ...]
    actions: tuple[ActionRecord, ...]
    mentions: tuple[Mention, ...]
    named_in_decisions: tuple[Decision, ...]
    roles: tuple[Role, ...]
    by_body: tuple[BodyAttendance, ...]
    posts_held: tuple[tuple[Post, PostHolder], ...] = ()  # from bodies.yml, earliest first

    def count(self, kind: AttendanceKind) -> int:
        return sum(1 for _, entry in self.attendance if entry.kind is kind)

    def mentions_by_meeting(self) -> list[tuple[MeetingLink, list[ItemLink]]]:
        """Where the person is named, a meeting at a time, newest first, with the items in order
        (none where only the introduction names them): one line per meeting, not per item, on the page."""
        grouped: list[tuple[MeetingLink, list[ItemLink]]] = []
        for mention in self.mentions:
            if not grouped or grouped[-1][0].id != mention.meeting.id:
                grouped.append((mention.meeting, []))
            if mention.item is not None:
                grouped[-1][1].append(mention.item)
        return grouped[::-1]


@dataclass(frozen=True)
class PostRecord:
    """A post's part across the archive: who held it, the actions it owns, the meetings it attended."""

    post: Post
    actions: tuple[ActionRecord, ...]  # still to do first, then done or dropped; newest first within each
    attendance: tuple[tuple[MeetingLink, Attendance], ...]  # in date order
    chaired: tuple[MeetingLink, ...]  # in date order

    @property
    def open_actions(self) -> int:
        return sum(1 for record in self.actions if not record.status.is_closed)


@dataclass(frozen=True)
class Upcoming:
    """A meeting announced by the body's latest minutes, or whose agenda is published, and not yet held."""

    body: Body
    next_meeting: NextMeeting
    announced_in: Meeting  # for an agenda, the agenda itself
    agenda: Meeting | None = None


@dataclass(frozen=True)
class Archive:
    """The whole archive, indexed: what every page, feed and export is built from."""

    registry: Registry
    today: dt.date
    meetings: tuple[Meeting, ...]
    meeting_by_id: dict[str, Meeting]
    by_body: dict[str, tuple[Meeting, ...]]
    links_by_body: dict[str, tuple[MeetingLink, ...]]  # the same, as links (for what lists them)
    by_year: dict[int, tuple[Meeting, ...]]
    actions: dict[str, ActionRecord]
    decisions: tuple[Decision, ...]
    decision_by_id: dict[str, Decision]
    people: dict[str, PersonRecord]
    referred_to: dict[str, tuple[Mention, ...]]
    upcoming: tuple[Upcoming, ...]
    position: dict[str, int]  # a meeting's place in its body's series
    posts: dict[str, PostRecord] = field(default_factory=dict)  # by ``<body>/<post>``
    # What is published as written but worth a clerk's look (counts that contradict an outcome).
    warnings: tuple[Problem, ...] = ()
    histories: dict[str, MeetingHistory] = field(default_factory=dict)  # by meeting id, where git has them

    def previous_and_next(self, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
        series = self.by_body[meeting.body]
        index = self.position[meeting.id]
        return (series[index - 1] if index else None, series[index + 1] if index + 1 < len(series) else None)

    def title_of(self, uid: str) -> str:
        """What a link to ``uid`` (a meeting, action or decision id) says."""
        if uid in self.meeting_by_id:
            return meeting_title(self.meeting_by_id[uid], self.registry)
        if uid in self.actions:
            return (
                f"Action {self.actions[uid].action.number}, {meeting_title(self.actions[uid].meeting, self.registry)}"
            )
        decision = self.decision_by_id[uid]
        return f"{decision_label(decision)}, {meeting_title(self.meeting_by_id[decision.meeting], self.registry)}"


def decision_label(decision: Decision) -> str:
    """ "Decision 3", or "Lost motion 3": a motion not carried is never called a decision."""
    if decision.outcome.taken:
        return f"Decision {decision.number}"
    return f"{decision.outcome.label} motion {decision.number}"


def meeting_title(meeting: Meeting | MeetingLink, registry: Registry) -> str:
    """ "Wirral Improvement Board, 24 October 2018"."""
    return meeting_name(registry.bodies[meeting.body].name, meeting.date)
