"""What each kind of generated page shows: one frozen value per page, read by its template as ``mb``.

A template reads attributes (``mb.meeting``, ``mb.items``); the values are the model's own, and the
HTML of rendered minutes text. Under `serve` a page is laid out again only when its view is no
longer equal to the last build's, so a view holds what its page shows and no more.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from .archive import ActionRecord, MeetingLink, Mention, PersonRecord, PostRecord, Upcoming
from .follow import FeedOffer
from .history import NOT_AVAILABLE
from .model import Action, ActionUpdate, Attendance, Body, Decision, Declaration, Item, Meeting, Person, Post
from .versions import MeetingHistory


@dataclass(frozen=True)
class Later:
    """A value worked out only if a page is laid out (a chart's geometry): ``value`` is ``function(*arguments)``.

    Equal when the function and its arguments are, so an unchanged page is known without it.
    """

    function: Callable[..., Any]
    arguments: tuple[Any, ...]

    @functools.cached_property
    def value(self) -> Any:
        return self.function(*self.arguments)


@dataclass(frozen=True)
class ItemView:
    """An agenda item as its meeting page shows it."""

    item: Item
    html: str
    decisions: tuple[Decision, ...]
    actions: tuple[ActionRecord, ...]
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True)
class MeetingView:
    """A meeting's minutes: its facts, attendance, items with their decisions and actions, and neighbours."""

    kind: ClassVar[str] = "meeting"
    meeting: Meeting
    body: Body
    items: tuple[ItemView, ...]
    intro: str  # the HTML before the first item
    present: tuple[Attendance, ...]
    in_attendance: tuple[Attendance, ...]
    apologies: tuple[Attendance, ...]
    previous: Meeting | None  # of the same body
    next: Meeting | None
    updates: tuple[tuple[ActionUpdate, ActionRecord], ...]  # progress reported here on earlier actions
    referred_to: tuple[Mention, ...]  # where other minutes cite this meeting
    decision_html: Mapping[str, str]  # each decision's wording, by uid
    action_html: Mapping[str, str]
    history: MeetingHistory = NOT_AVAILABLE  # its versions, from git
    feed: FeedOffer | None = None  # "Get updates": its body's feed
    calendar: str = ""  # an agenda: the meeting as a calendar file
    agenda_overdue: bool = False  # an agenda whose day has passed
    agenda_published: dt.date | None = None  # when its agenda was first published, from its history


@dataclass(frozen=True)
class PersonView:
    """Someone named in the minutes: attendance, roles, actions, votes and mentions."""

    kind: ClassVar[str] = "person"
    record: PersonRecord
    person: Person
    present_count: int  # meetings attended, as a member or in attendance
    apologies_count: int
    attendance_chart: Later
    feed: FeedOffer | None = None


@dataclass(frozen=True)
class ActionView:
    """An action: who owns it, what it says, its history of updates and where it is cited."""

    kind: ClassVar[str] = "action"
    record: ActionRecord
    action: Action
    meeting: Meeting  # where it was raised
    meeting_title: str
    text_html: str
    history: tuple[tuple[ActionUpdate, Meeting], ...]
    referred_to: tuple[Mention, ...]
    timeline: Later
    feed: FeedOffer | None = None


@dataclass(frozen=True)
class DecisionView:
    """A decision (or a motion lost, withdrawn or deferred), the item it was taken under, where it is cited."""

    kind: ClassVar[str] = "decision"
    decision: Decision
    meeting: Meeting
    meeting_title: str
    text_html: str
    item: Item | None
    referred_to: tuple[Mention, ...]


@dataclass(frozen=True)
class BodyView:
    """A board, committee or team: its meetings by year, actions, posts and next meetings."""

    kind: ClassVar[str] = "body"
    body: Body
    meetings_by_year: Mapping[int, tuple[Meeting, ...]]  # newest first
    open_actions: tuple[ActionRecord, ...]  # raised at its meetings and not closed
    owned_actions: tuple[ActionRecord, ...]  # owned by the body itself (a team)
    upcoming: tuple[Upcoming, ...]
    posts: tuple[tuple[PostRecord, str], ...]  # each post with who holds it on the build date ("" when not recorded)
    actions_chart: Later


@dataclass(frozen=True)
class PostView:
    """A post of a body (the Clerk, say): who has held it, and what the minutes say of it."""

    kind: ClassVar[str] = "post"
    record: PostRecord
    post: Post
    body: Body
    holder_now: str
    feed: FeedOffer | None = None


@dataclass(frozen=True)
class YearView:
    """The meetings of one year."""

    kind: ClassVar[str] = "year"
    year: int
    meetings: tuple[Meeting, ...]
    years: tuple[int, ...]  # every year of the archive, for the links between them
    upcoming: tuple[Upcoming, ...] = ()  # meetings announced for that year and not yet held


@dataclass(frozen=True)
class ActionsView:
    """The actions register: every action, and those still to do by owner and by body."""

    kind: ClassVar[str] = "actions"
    actions: tuple[ActionRecord, ...]  # newest first
    by_state: Mapping[str, tuple[ActionRecord, ...]]  # "open", "overdue", "closed"
    by_owner: Mapping[tuple[str, str], tuple[ActionRecord, ...]]  # by (owner kind, id)
    by_body: Mapping[str, tuple[ActionRecord, ...]]
    bodies: Mapping[str, Body]


@dataclass(frozen=True)
class DecisionsView:
    """The decisions register."""

    kind: ClassVar[str] = "decisions"
    decisions: tuple[Decision, ...]
    taken: int  # how many were decisions taken (not motions lost, withdrawn or deferred)
    meetings: Mapping[str, MeetingLink] = dataclasses.field(default_factory=dict)  # each decision's, by id


@dataclass(frozen=True)
class PeopleView:
    """Everyone named in the minutes, by surname."""

    kind: ClassVar[str] = "people"
    people: tuple[Person, ...]


@dataclass(frozen=True)
class BodiesView:
    """The bodies whose minutes are in the archive."""

    kind: ClassVar[str] = "bodies"
    bodies: Mapping[str, Body]


@dataclass(frozen=True)
class YearsView:
    """The archive, year by year."""

    kind: ClassVar[str] = "years"
    meeting_counts: Mapping[int, int]


@dataclass(frozen=True)
class FeedsView:
    """/feeds/: every feed of the archive, by what it follows."""

    kind: ClassVar[str] = "feeds"
    minutes_feed: str
    decisions_feed: str
    bodies: tuple[tuple[str, str], ...]  # (name, feed path)
    people: tuple[tuple[str, str], ...]
    posts: tuple[tuple[str, str], ...]
    actions: int  # how many actions have a feed of their own


@dataclass(frozen=True)
class HomeView:
    """What the hand-written home page (``template: home.html``) shows from the archive."""

    kind: ClassVar[str] = "home"
    latest: tuple[Meeting, ...]
    upcoming: tuple[Upcoming, ...]
    bodies: Mapping[str, Body]
    years: tuple[int, ...]  # newest first
    counts: Mapping[str, int]  # meetings, people, actions, open_actions, overdue_actions, decisions


View = (
    MeetingView
    | PersonView
    | ActionView
    | DecisionView
    | BodyView
    | PostView
    | YearView
    | ActionsView
    | DecisionsView
    | PeopleView
    | BodiesView
    | YearsView
    | FeedsView
)
