"""The civic things minutes record, as immutable typed values built once per build."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class MinutesStatus(Enum):
    """Whether the minutes are the agreed record yet; an agenda is a meeting published before it is held."""

    AGENDA = "agenda"
    DRAFT = "draft"
    APPROVED = "approved"


class ActionStatus(Enum):
    """Where an action stands; `open` until an update says otherwise."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


class AttendanceKind(Enum):
    """How someone figured in a meeting."""

    PRESENT = "present"
    IN_ATTENDANCE = "in_attendance"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": "Present", "in_attendance": "In attendance", "apologies": "Apologies", "absent": "Absent"}[
            self.value
        ]


class Outcome(Enum):
    """What became of a motion: carried (a decision of the meeting), or lost, withdrawn or deferred."""

    CARRIED = "carried"
    LOST = "lost"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"

    @property
    def label(self) -> str:
        """The outcome in words, as a reader sees it: "Lost"."""
        return self.value.capitalize()

    @property
    def taken(self) -> bool:
        """Whether the motion is a decision of the meeting."""
        return self is Outcome.CARRIED


class BodyKind(Enum):
    """What sort of body: those that meet, and those that only own actions."""

    BOARD = "board"
    COMMITTEE = "committee"
    TEAM = "team"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Person:
    """Someone who appears in minutes: a member, an officer, a guest."""

    id: str
    name: str
    honorific: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


@dataclass(frozen=True)
class Membership:
    """A seat on a body, with the role held and when."""

    person: str
    role: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PostHolder:
    """Someone's time in a post, as bodies.yml records it."""

    person: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Post:
    """An office on a body, such as Clerk, Chair or Head teacher, that minutes may name instead of a person."""

    body: str
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    holders: tuple[PostHolder, ...] = ()

    @property
    def uid(self) -> str:
        """``<body>/<post>``: how another body's meetings name it, and its address."""
        return f"{self.body}/{self.id}"

    def holder_on(self, day: dt.date) -> str:
        """The id of the person who held the post on ``day``, or "" when bodies.yml does not say."""
        return next((holder.person for holder in self.holders if holder.covers(day)), "")


@dataclass(frozen=True)
class Named:
    """Who a field of the minutes names: a person, or a post and, when known, the person holding it that day."""

    person: str = ""  # a person id; "" for a post whose holder that day is not recorded
    post: str = ""  # a post's ``<body>/<post>``; "" when a person was named


@dataclass(frozen=True)
class Body:
    """A board or committee that meets, or a team or organisation that can own actions."""

    id: str
    name: str
    kind: BodyKind
    members: tuple[Membership, ...] = ()
    posts: tuple[Post, ...] = ()


@dataclass(frozen=True)
class OwnerRef:
    """Who owns an action: a person, a body (team) or a post, by id (a post's is ``<body>/<post>``)."""

    kind: str  # "person" | "body" | "post"
    id: str
    holder: str = ""  # for a post: who held it on the day the action was raised, when known


@dataclass(frozen=True)
class Attendance:
    """One person's part in one meeting, with the role they held there."""

    person: str  # "" for a post whose holder that day is not recorded
    kind: AttendanceKind
    role: str = ""
    note: str = ""
    post: str = ""  # the post named, when the minutes named a post (``<body>/<post>``)


@dataclass(frozen=True)
class Substitution:
    """Someone attending in a member's place."""

    person: str
    replaces: str
    person_post: str = ""  # the post named for either, when the minutes named a post
    replaces_post: str = ""


@dataclass(frozen=True)
class Declaration:
    """A declaration of interest in an item."""

    person: str
    item: str
    interest: str
    post: str = ""  # the post named, when the minutes named a post


@dataclass(frozen=True)
class Vote:
    """A recorded vote: names by side where the minutes give them, counts always."""

    for_names: tuple[str, ...] = ()
    against_names: tuple[str, ...] = ()
    abstain_names: tuple[str, ...] = ()
    for_count: int = 0
    against_count: int = 0
    abstain_count: int = 0
    # Every voter the minutes name, with their side, where some are posts: names hold only people.
    voters: tuple[tuple[str, Named], ...] = ()

    def side_of(self, person: str) -> str | None:
        for side, names in (("for", self.for_names), ("against", self.against_names), ("abstain", self.abstain_names)):
            if person in names:
                return side
        return None

    def named_on(self, side: str) -> tuple[Named, ...]:
        """Who the minutes name on ``side`` ("for", "against", "abstain"), posts included."""
        if self.voters:
            return tuple(named for voter_side, named in self.voters if voter_side == side)
        names = {"for": self.for_names, "against": self.against_names, "abstain": self.abstain_names}[side]
        return tuple(Named(person) for person in names)


@dataclass(frozen=True)
class Decision:
    """Something the meeting resolved or agreed; citable by its permanent id."""

    number: int
    meeting: str
    item: str
    text: str
    vote: Vote | None = None
    outcome: Outcome = Outcome.CARRIED
    proposed_by: Named | None = None
    seconded_by: Named | None = None

    @property
    def uid(self) -> str:
        return f"{self.meeting}/d{self.number}"


@dataclass(frozen=True)
class Action:
    """A task the meeting gave to people or teams, to be reported on at later meetings."""

    number: int
    meeting: str
    item: str
    owners: tuple[OwnerRef, ...]
    text: str
    due: dt.date | None = None

    @property
    def uid(self) -> str:
        return f"{self.meeting}/a{self.number}"


@dataclass(frozen=True)
class ActionUpdate:
    """Progress on an earlier action, reported at a later meeting."""

    action: str
    status: ActionStatus
    note: str
    meeting: str
    date: dt.date


@dataclass(frozen=True)
class Confidential:
    """An exempt item: only its title, reason and public summary are ever published."""

    item: str
    reason: str
    summary: str


@dataclass(frozen=True)
class Item:
    """One agenda item as minuted, numbered as published."""

    number: str
    title: str
    text: str
    line: int
    confidential: Confidential | None = None
    text_line: int = 0  # where ``text`` starts in the file, for messages about it

    @property
    def anchor(self) -> str:
        return "item-" + re.sub(r"[^A-Za-z0-9.-]+", "-", self.number)


@dataclass(frozen=True)
class Document:
    """A paper attached to the meeting."""

    title: str
    path: str
    item: str = ""  # the agenda item it is a paper for, if the meeting says


@dataclass(frozen=True)
class NextMeeting:
    """When and where the body said it would meet next."""

    date: dt.date
    start: str = ""
    end: str = ""
    location: str = ""


@dataclass(frozen=True)
class Meeting:
    """One meeting of one body, as its minutes record it."""

    id: str
    body: str
    date: dt.date
    status: MinutesStatus
    source: str
    approved_at: dt.date | None = None
    start: str = ""
    end: str = ""
    location: str = ""
    chair: str = ""  # a person id; "" when none, or when a post chaired and its holder is not recorded
    attendance: tuple[Attendance, ...] = ()
    substitutes: tuple[Substitution, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    decisions: tuple[Decision, ...] = ()
    actions: tuple[Action, ...] = ()
    updates: tuple[ActionUpdate, ...] = ()
    items: tuple[Item, ...] = ()
    intro: str = ""
    intro_line: int = 1
    next_meeting: NextMeeting | None = None
    documents: tuple[Document, ...] = ()
    line_of: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    chair_post: str = ""  # the post named as chair, when the minutes named a post

    @property
    def is_agenda(self) -> bool:
        """Whether this is the meeting's agenda, published before it: its minutes are not written yet."""
        return self.status is MinutesStatus.AGENDA

    def papers(self, item: str) -> tuple[Document, ...]:
        """The papers for agenda item ``item``."""
        return tuple(document for document in self.documents if document.item == item)

    @property
    def decisions_taken(self) -> tuple[Decision, ...]:
        """The decisions of the meeting: motions carried, not those lost, withdrawn or deferred."""
        return tuple(decision for decision in self.decisions if decision.outcome.taken)

    def attendees(self, kind: AttendanceKind) -> tuple[Attendance, ...]:
        return tuple(entry for entry in self.attendance if entry.kind is kind)

    def item(self, number: str) -> Item | None:
        return next((item for item in self.items if item.number == number), None)


def item_key(value: Any) -> str:
    """An item number as written anywhere (``5``, ``"5."``, `` 5 ``) -> the number its heading has."""
    return str(value).strip().rstrip(".")


def meeting_id(body: str, date: dt.date, sequence: int | None) -> str:
    """``<body>/<date>``, with ``-2``, ``-3`` for later meetings of the body that day."""
    return f"{body}/{date.isoformat()}" + (f"-{sequence}" if sequence else "")
