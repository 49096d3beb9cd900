"""Every generated page of the archive, as (source path, Markdown, what its template shows).

Pages are made from the indexed model; an index page never re-renders another
page's Markdown. The Markdown of a generated page is only its front-matter: the
template named there lays the page out from its view (``views``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from . import charts, seo
from .archive import ActionRecord, Archive, MeetingLink, PersonRecord, PostRecord, meeting_title
from .follow import FeedOffer, action_offer, person_offer, post_offer
from .history import NOT_AVAILABLE
from .markup import RenderedMeeting, RenderedTexts, at_page, render_texts
from .model import AttendanceKind, Decision, Meeting, MinutesStatus
from .urls import (
    action_url,
    body_url,
    decision_url,
    decisions_feed_path,
    feeds_url,
    meeting_calendar_path,
    meeting_url,
    minutes_feed_path,
    person_feed_path,
    person_url,
    post_feed_path,
    post_url,
    source_path,
    year_url,
)
from .views import (
    ActionsView,
    ActionView,
    BodiesView,
    BodyView,
    DecisionsView,
    DecisionView,
    FeedsView,
    HomeView,
    ItemView,
    Later,
    MeetingView,
    PeopleView,
    PersonView,
    PostView,
    View,
    YearsView,
    YearView,
)


@dataclass(frozen=True)
class GeneratedPage:
    """One page to add to the site: where it lives, its title, its template and what that template shows."""

    url: str
    title: str
    template: str
    view: View = field(compare=False)
    description: str = ""

    @property
    def src_uri(self) -> str:
        return source_path(self.url)

    @property
    def markdown(self) -> str:
        meta = {"title": self.title, "template": self.template}
        if self.description:
            meta["description"] = self.description
        # JSON is YAML: titles with colons or quotes need no escaping rules of our own.
        return (
            "---\n"
            + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
            + "---\n"
        )


def build_pages(archive: Archive, texts: RenderedTexts | None = None) -> list[GeneratedPage]:
    """All generated pages, in a stable order."""
    rendered = (texts or render_texts(archive)).by_meeting
    pages: list[GeneratedPage] = []
    pages += [_meeting_page(archive, rendered[meeting.id], meeting) for meeting in archive.meetings]
    pages += [_person_page(archive, record) for record in archive.people.values()]
    pages += [_action_page(archive, rendered[record.meeting.id], record) for record in archive.actions.values()]
    pages += [_decision_page(archive, rendered[decision.meeting], decision) for decision in archive.decisions]
    pages += [_body_page(archive, body_id) for body_id in archive.registry.bodies]
    pages += [_post_page(archive, record) for record in archive.posts.values()]
    pages += [_year_page(archive, year, meetings) for year, meetings in archive.by_year.items()]
    pages += _index_pages(archive)
    pages.append(_feeds_page(archive))
    return pages


def _meeting_page(archive: Archive, rendered: RenderedMeeting, meeting: Meeting) -> GeneratedPage:
    url = meeting_url(meeting.id)
    decisions, actions, declarations = defaultdict(list), defaultdict(list), defaultdict(list)
    for decision in meeting.decisions:
        decisions[decision.item].append(decision)
    for action in meeting.actions:
        actions[action.item].append(archive.actions[action.uid])
    for declaration in meeting.declarations:
        declarations[declaration.item].append(declaration)
    items = tuple(
        ItemView(
            item,
            at_page(rendered.items.get(item.number, ""), url),
            tuple(decisions[item.number]),
            tuple(actions[item.number]),
            tuple(declarations[item.number]),
        )
        for item in meeting.items
    )
    previous, following = archive.previous_and_next(meeting)
    updates = tuple((update, archive.actions[update.action]) for update in meeting.updates)
    title = meeting_title(meeting, archive.registry)
    history = archive.histories.get(meeting.id, NOT_AVAILABLE)
    return GeneratedPage(
        url,
        title,
        "meeting.html",
        MeetingView(
            meeting=meeting,
            body=archive.registry.bodies[meeting.body],
            items=items,
            intro=at_page(rendered.intro, url),
            present=meeting.attendees(AttendanceKind.PRESENT),
            in_attendance=meeting.attendees(AttendanceKind.IN_ATTENDANCE),
            apologies=meeting.attendees(AttendanceKind.APOLOGIES),
            previous=previous,
            next=following,
            updates=updates,
            referred_to=archive.referred_to.get(meeting.id, ()),
            decision_html={d.uid: at_page(rendered.decisions[d.number], url) for d in meeting.decisions},
            action_html={a.uid: at_page(rendered.actions[a.number], url) for a in meeting.actions},
            history=history,
            feed=FeedOffer(
                minutes_feed_path(meeting.body),
                f"agendas and minutes of {archive.registry.bodies[meeting.body].name}, this meeting's among them",
            ),
            # An agenda: the meeting as a calendar file, to add it; and whether its day has come and gone.
            calendar=meeting_calendar_path(meeting.id) if meeting.is_agenda else "",
            agenda_overdue=meeting.is_agenda and meeting.date < archive.today,
            agenda_published=history.first_published(MinutesStatus.AGENDA),
        ),
        description=seo.meeting_description(meeting, archive),
    )


def _person_page(archive: Archive, record: PersonRecord) -> GeneratedPage:
    person = record.person
    return GeneratedPage(
        person_url(person.id),
        person.display_name,
        "person.html",
        PersonView(
            record=record,
            person=person,
            feed=person_offer(archive, person.id),
            present_count=record.count(AttendanceKind.PRESENT) + record.count(AttendanceKind.IN_ATTENDANCE),
            apologies_count=record.count(AttendanceKind.APOLOGIES),
            # From links, not meetings: the strip shows every meeting of the person's bodies, and an
            # edit to any one's text must not count as a change to the page.
            attendance_chart=Later(charts.attendance_chart, (record, archive.links_by_body)),
        ),
        description=seo.person_description(record),
    )


def _action_page(archive: Archive, rendered: RenderedMeeting, record: ActionRecord) -> GeneratedPage:
    url = action_url(record.action.uid)
    return GeneratedPage(
        url,
        archive.title_of(record.action.uid),
        "action.html",
        ActionView(
            record=record,
            action=record.action,
            meeting=archive.meeting_by_id[record.meeting.id],
            meeting_title=meeting_title(record.meeting, archive.registry),
            text_html=at_page(rendered.actions[record.action.number], url),
            history=tuple((update, archive.meeting_by_id[update.meeting]) for update in record.history),
            referred_to=archive.referred_to.get(record.action.uid, ()),
            timeline=Later(charts.action_timeline, (record, archive.today)),
            feed=action_offer(record.action.uid),
        ),
        description=seo.action_description(record, seo.plain(rendered.actions[record.action.number]), archive),
    )


def _decision_page(archive: Archive, rendered: RenderedMeeting, decision: Decision) -> GeneratedPage:
    url = decision_url(decision.uid)
    meeting = archive.meeting_by_id[decision.meeting]
    return GeneratedPage(
        url,
        archive.title_of(decision.uid),
        "decision.html",
        DecisionView(
            decision=decision,
            meeting=meeting,
            meeting_title=meeting_title(meeting, archive.registry),
            text_html=at_page(rendered.decisions[decision.number], url),
            item=meeting.item(decision.item),
            referred_to=archive.referred_to.get(decision.uid, ()),
        ),
        description=seo.decision_description(decision, seo.plain(rendered.decisions[decision.number]), archive),
    )


def _body_page(archive: Archive, body_id: str) -> GeneratedPage:
    body = archive.registry.bodies[body_id]
    series = archive.by_body.get(body_id, ())
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in reversed(series):
        by_year[meeting.date.year].append(meeting)
    open_actions = tuple(r for r in archive.actions.values() if r.meeting.body == body_id and not r.status.is_closed)
    owned = tuple(
        r for r in archive.actions.values() if any(o.kind == "body" and o.id == body_id for o in r.action.owners)
    )
    return GeneratedPage(
        body_url(body_id),
        body.name,
        "body.html",
        BodyView(
            body=body,
            meetings_by_year={year: tuple(meetings) for year, meetings in by_year.items()},
            open_actions=open_actions,
            owned_actions=owned,
            upcoming=tuple(u for u in archive.upcoming if u.body.id == body_id),
            posts=tuple((archive.posts[post.uid], post.holder_on(archive.today)) for post in body.posts),
            actions_chart=Later(charts.body_actions_chart, (series,)),
        ),
        description=seo.body_description(body, series, [u for u in archive.upcoming if u.body.id == body_id]),
    )


def _post_page(archive: Archive, record: PostRecord) -> GeneratedPage:
    post = record.post
    body = archive.registry.bodies[post.body]
    return GeneratedPage(
        post_url(post.uid),
        f"{post.name}, {body.name}",
        "post.html",
        PostView(
            record=record,
            post=post,
            body=body,
            holder_now=post.holder_on(archive.today),
            feed=post_offer(archive, post.uid),
        ),
        description=(
            f"The post of {post.name} of {body.name}: who has held it, its actions and the meetings it attended"
        ),
    )


def _year_page(archive: Archive, year: int, meetings: tuple[Meeting, ...]) -> GeneratedPage:
    return GeneratedPage(
        year_url(year),
        f"Meetings in {year}",
        "year.html",
        YearView(
            year=year,
            meetings=meetings,
            years=tuple(archive.by_year),
            upcoming=tuple(u for u in archive.upcoming if u.next_meeting.date.year == year),
        ),
        description=seo.year_description(year, meetings, archive),
    )


def _index_pages(archive: Archive) -> list[GeneratedPage]:
    # Newest meeting first; within a meeting, its actions in the order the minutes give them.
    actions = sorted(
        archive.actions.values(), key=lambda r: (-r.meeting.date.toordinal(), r.meeting.id, r.action.number)
    )
    by_state: dict[str, list[ActionRecord]] = defaultdict(list)
    for record in actions:
        by_state["closed" if record.status.is_closed else ("overdue" if record.overdue else "open")].append(record)
    # By owner and by body, only what is still to do: the register would otherwise list every closed
    # action three times (each owner's and body's page lists them all).
    by_owner: dict[tuple[str, str], list[ActionRecord]] = defaultdict(list)
    by_body: dict[str, list[ActionRecord]] = defaultdict(list)
    for record in actions:
        if record.status.is_closed:
            continue
        for owner in record.action.owners:
            by_owner[(owner.kind, owner.id)].append(record)
        by_body[record.meeting.body].append(record)
    people = sorted(
        archive.people.values(), key=lambda r: (r.person.name.split()[-1].casefold(), r.person.name.casefold())
    )
    return [
        GeneratedPage(
            "actions/",
            "Actions",
            "actions.html",
            ActionsView(
                actions=tuple(actions),
                by_state={state: tuple(records) for state, records in by_state.items()},
                by_owner={owner: tuple(records) for owner, records in sorted(by_owner.items())},
                by_body={body_id: tuple(by_body[body_id]) for body_id in archive.registry.bodies if body_id in by_body},
                bodies=archive.registry.bodies,
            ),
            description="Every action from the minutes: open, overdue and done, by owner and by body",
        ),
        GeneratedPage(
            "decisions/",
            "Decisions register",
            "decisions.html",
            DecisionsView(
                # Newest meeting first; within a meeting, in the order the minutes give them.
                decisions=tuple(
                    sorted(
                        archive.decisions,
                        key=lambda d: (-archive.meeting_by_id[d.meeting].date.toordinal(), d.meeting, d.number),
                    )
                ),
                meetings={d.meeting: MeetingLink.of(archive.meeting_by_id[d.meeting]) for d in archive.decisions},
                taken=sum(1 for decision in archive.decisions if decision.outcome.taken),
            ),
            description=(
                "Every decision recorded in the minutes, newest first, and every motion lost, withdrawn or deferred"
            ),
        ),
        # Only what the index pages show, not the records and meetings behind it: under `serve`, an
        # edited meeting then leaves them as they were.
        GeneratedPage(
            "people/",
            "People",
            "people.html",
            PeopleView(people=tuple(record.person for record in people)),
            description="Everyone named in the minutes",
        ),
        GeneratedPage(
            "bodies/",
            "Boards, committees and teams",
            "bodies.html",
            BodiesView(bodies=archive.registry.bodies),
            description="The bodies whose minutes are in this archive",
        ),
        GeneratedPage(
            "years/",
            "Meetings by year",
            "years.html",
            YearsView(meeting_counts={year: len(meetings) for year, meetings in archive.by_year.items()}),
            description="The archive, year by year",
        ),
    ]


def _feeds_page(archive: Archive) -> GeneratedPage:
    """/feeds/: every feed, by what it follows; each action's is on its own page (there are thousands)."""
    people = sorted(archive.registry.people.values(), key=lambda p: (p.name.split()[-1].casefold(), p.name.casefold()))
    posts = sorted(archive.posts.values(), key=lambda r: (archive.registry.bodies[r.post.body].name, r.post.name))
    return GeneratedPage(
        feeds_url(),
        "Feeds: follow the archive",
        "feeds.html",
        FeedsView(
            minutes_feed=minutes_feed_path(),
            decisions_feed=decisions_feed_path(),
            bodies=tuple((archive.registry.bodies[b].name, minutes_feed_path(b)) for b in archive.by_body),
            people=tuple((person.display_name, person_feed_path(person.id)) for person in people),
            posts=tuple(
                (f"{r.post.name}, {archive.registry.bodies[r.post.body].name}", post_feed_path(r.post.uid))
                for r in posts
            ),
            actions=len(archive.actions),
        ),
        description="Every feed of the archive: agendas and minutes, decisions, and each body, person and post",
    )


def home_view(archive: Archive, latest: int = 10) -> HomeView:
    """What the hand-written home page (``template: home.html``) shows from the archive."""
    meetings = archive.meetings
    open_actions = sum(1 for r in archive.actions.values() if not r.status.is_closed)
    overdue = sum(1 for r in archive.actions.values() if r.overdue)
    return HomeView(
        latest=tuple(reversed([m for m in meetings if not m.is_agenda][-latest:])),  # minutes: agendas are upcoming
        upcoming=archive.upcoming,
        bodies=archive.registry.bodies,
        years=tuple(reversed(archive.by_year)),
        counts={
            "meetings": len(meetings),
            "people": len(archive.people),
            "actions": len(archive.actions),
            "open_actions": open_actions,
            "overdue_actions": overdue,
            "decisions": sum(1 for decision in archive.decisions if decision.outcome.taken),
        },
    )
