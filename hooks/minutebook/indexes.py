"""Cross-meeting indexes: every fact gathered once, before any page is made."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from .agenda import late_agendas
from .archive import (
    ActionRecord,
    Archive,
    BodyAttendance,
    MeetingLink,
    Mention,
    PersonRecord,
    PostRecord,
    Role,
    Upcoming,
)
from .errors import Problem, suggest
from .markup import find_references
from .mentions import NamesCache, find_names, texts_of
from .model import (
    Action,
    ActionStatus,
    ActionUpdate,
    Attendance,
    AttendanceKind,
    Decision,
    Declaration,
    Meeting,
    NextMeeting,
    Post,
    PostHolder,
    Substitution,
)
from .motions import find_contradictions
from .registry import Registry


def meeting_order(meeting: Meeting) -> tuple[dt.date, str, str, str]:
    """Chronological, then by body and id: a stable order whatever the file names."""
    return (meeting.date, meeting.start, meeting.body, meeting.id)


def build_archive(
    registry: Registry, meetings: list[Meeting], today: dt.date, cache: NamesCache | None = None
) -> tuple[Archive | None, list[Problem]]:
    """Index validated meetings, checking what only the whole archive can show (``cache``: see ``NamesCache``)."""
    problems: list[Problem] = []
    meetings = sorted(meetings, key=meeting_order)
    meeting_by_id: dict[str, Meeting] = {}
    for meeting in meetings:
        if meeting.id in meeting_by_id:
            other = meeting_by_id[meeting.id]
            problems.append(
                Problem(
                    meeting.source,
                    meeting.line_of.get("date", 1),
                    f"duplicate meeting id {meeting.id}: {other.source} is the same body on the same day; "
                    "if both meetings happened, add 'sequence: 2' to the later one",
                )
            )
            continue
        meeting_by_id[meeting.id] = meeting
    meetings = list(meeting_by_id.values())
    by_body: dict[str, list[Meeting]] = defaultdict(list)
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_body[meeting.body].append(meeting)
        by_year[meeting.date.year].append(meeting)

    raised = {action.uid: (action, meeting) for meeting in meetings for action in meeting.actions}
    decision_by_id = {decision.uid: decision for meeting in meetings for decision in meeting.decisions}
    updates: dict[str, list[ActionUpdate]] = defaultdict(list)
    for meeting in meetings:
        for index, update in enumerate(meeting.updates):
            line = meeting.line_of.get(f"updates.{index}", 1)
            if update.action not in raised:
                problems.append(
                    Problem(
                        meeting.source,
                        line,
                        f"updates[{index}].action: no action {update.action} in the "
                        f"archive{suggest(update.action, raised)}",
                    )
                )
            elif raised[update.action][1].date >= meeting.date:
                problems.append(
                    Problem(
                        meeting.source,
                        line,
                        f"updates[{index}].action: {update.action} was raised on "
                        f"{raised[update.action][1].date}, not before this meeting; an update must come after the "
                        "action",
                    )
                )
            else:
                updates[update.action].append(update)

    referred: dict[str, list[Mention]] = defaultdict(list)
    for meeting in meetings:
        for item, text, line in texts_of(meeting):
            for match, offset in find_references(text):
                target = match["target"]
                if target in meeting_by_id or target in raised or target in decision_by_id:
                    mention = Mention.of(meeting, item)
                    if not referred[target] or referred[target][-1] != mention:
                        referred[target].append(mention)
                else:
                    known = list(meeting_by_id) + list(raised) + list(decision_by_id)
                    problems.append(
                        Problem(
                            meeting.source,
                            line + offset,
                            f"[[{target}]] refers to nothing in the archive{suggest(target, known)}",
                        )
                    )
    if problems:
        return None, problems

    dates_by_body = {body_id: [m.date for m in series] for body_id, series in by_body.items()}  # in date order
    # The same link for an unchanged meeting, build after build: comparing pages then stops at identity.
    made = cache.links.map(meetings, None, MeetingLink.of) if cache else [MeetingLink.of(m) for m in meetings]
    links = {meeting.id: link for meeting, link in zip(meetings, made)}
    actions = {
        uid: _action_record(action, links[meeting.id], updates[uid], dates_by_body[meeting.body], today)
        for uid, (action, meeting) in raised.items()
    }
    people = _people_records(registry, meetings, links, by_body, actions, cache)
    posts = _post_records(registry, meetings, links, actions)
    upcoming = []
    for body_id, series in sorted(by_body.items()):
        latest = series[-1]
        held = {m.date for m in series}  # agendas too: the agenda is the meeting announced
        if latest.next_meeting and latest.next_meeting.date >= today and latest.next_meeting.date not in held:
            upcoming.append(Upcoming(registry.bodies[body_id], latest.next_meeting, latest))
    for meeting in meetings:
        if meeting.is_agenda and meeting.date >= today:
            when = NextMeeting(meeting.date, meeting.start, meeting.end, meeting.location)
            upcoming.append(Upcoming(registry.bodies[meeting.body], when, meeting, agenda=meeting))
    upcoming.sort(key=lambda entry: (entry.next_meeting.date, entry.body.id))
    return Archive(
        registry=registry,
        today=today,
        meetings=tuple(meetings),
        meeting_by_id=meeting_by_id,
        by_body={key: tuple(value) for key, value in sorted(by_body.items())},
        links_by_body={key: tuple(links[meeting.id] for meeting in value) for key, value in sorted(by_body.items())},
        by_year={key: tuple(value) for key, value in sorted(by_year.items())},
        actions=actions,
        # Newest first, as a register is read; ties by id so the order never flickers.
        decisions=tuple(
            sorted(
                decision_by_id.values(),
                key=lambda d: (meeting_by_id[d.meeting].date, d.meeting, d.number),
                reverse=True,
            )
        ),
        decision_by_id=decision_by_id,
        people=people,
        referred_to={key: tuple(value) for key, value in referred.items()},
        upcoming=tuple(upcoming),
        position={m.id: index for series in by_body.values() for index, m in enumerate(series)},
        posts=posts,
        warnings=(*find_contradictions(meetings), *late_agendas(meetings, today)),
    ), []


def _action_record(
    action: Action, meeting: MeetingLink, updates: list[ActionUpdate], body_dates: list[dt.date], today: dt.date
) -> ActionRecord:
    history = tuple(sorted(updates, key=lambda update: update.date))
    status = history[-1].status if history else ActionStatus.OPEN
    closed_on = history[-1].date if status.is_closed else None
    # Carried over: later meetings of the raising body at which it was still outstanding when they began.
    # Counted by bisection in the body's sorted dates: a body of thousands of meetings raises thousands of actions.
    carried = max(0, bisect_right(body_dates, closed_on or today) - bisect_right(body_dates, meeting.date))
    overdue = not status.is_closed and action.due is not None and action.due < today
    return ActionRecord(action, meeting, history, status, overdue, carried, closed_on)


def _people_records(
    registry: Registry,
    meetings: list[Meeting],
    links: dict[str, MeetingLink],
    by_body: dict[str, list[Meeting]],
    actions: dict[str, ActionRecord],
    cache: NamesCache | None = None,
) -> dict[str, PersonRecord]:
    attendance: dict[str, list[tuple[MeetingLink, Attendance]]] = defaultdict(list)
    substitutions: dict[str, list[tuple[MeetingLink, Substitution]]] = defaultdict(list)
    declarations: dict[str, list[tuple[Meeting, Declaration]]] = defaultdict(list)
    votes: dict[str, list[tuple[MeetingLink, Decision, str]]] = defaultdict(list)
    owned: dict[str, list[ActionRecord]] = defaultdict(list)
    mentions, named_in_decisions = find_names(registry, meetings, cache)
    for meeting in meetings:
        link = links[meeting.id]
        for entry in meeting.attendance:
            if entry.person:  # a post whose holder that day is not recorded is on the post's page only
                attendance[entry.person].append((link, entry))
        for sub in meeting.substitutes:
            for named in {sub.person, sub.replaces} - {""}:
                substitutions[named].append((link, sub))
        for declaration in meeting.declarations:
            if declaration.person:
                declarations[declaration.person].append((meeting, declaration))
        for decision in meeting.decisions:
            if decision.vote:
                for voter in {*decision.vote.for_names, *decision.vote.against_names, *decision.vote.abstain_names}:
                    votes[voter].append((link, decision, decision.vote.side_of(voter) or ""))
    for record in actions.values():
        for owner in record.action.owners:
            if owner.kind == "person":
                owned[owner.id].append(record)
    held: dict[str, list[tuple[Post, PostHolder]]] = defaultdict(list)
    for post in registry.posts.values():
        for holder in post.holders:
            held[holder.person].append((post, holder))
    records = {}
    for person_id, person in sorted(registry.people.items()):
        records[person_id] = PersonRecord(
            person=person,
            attendance=tuple(attendance[person_id]),
            substitutions=tuple(substitutions[person_id]),
            declarations=tuple(declarations[person_id]),
            votes=tuple(votes[person_id]),
            actions=tuple(owned[person_id]),
            mentions=tuple(mentions.get(person_id, ())),
            named_in_decisions=tuple(named_in_decisions.get(person_id, ())),
            roles=_roles(registry, attendance[person_id]),
            by_body=_by_body(registry, person_id, attendance[person_id], by_body),
            posts_held=tuple(sorted(held[person_id], key=lambda pair: (pair[1].start or dt.date.min, pair[0].uid))),
        )
    return records


def _post_records(
    registry: Registry, meetings: list[Meeting], links: dict[str, MeetingLink], actions: dict[str, ActionRecord]
) -> dict[str, PostRecord]:
    attendance: dict[str, list[tuple[MeetingLink, Attendance]]] = defaultdict(list)
    chaired: dict[str, list[MeetingLink]] = defaultdict(list)
    for meeting in meetings:  # in date order
        for entry in meeting.attendance:
            if entry.post:
                attendance[entry.post].append((links[meeting.id], entry))
        if meeting.chair_post:
            chaired[meeting.chair_post].append(links[meeting.id])
    owned: dict[str, list[ActionRecord]] = defaultdict(list)
    for record in actions.values():
        for owner in record.action.owners:
            if owner.kind == "post":
                owned[owner.id].append(record)
    # What is still to do first, as a clerk reads it; newest first within each, ties by id so the order never flickers.
    newest = sorted(
        (record for records in owned.values() for record in records),
        key=lambda r: (r.meeting.date, r.meeting.id, r.action.number),
        reverse=True,
    )
    order = {record.action.uid: index for index, record in enumerate(newest)}
    return {
        uid: PostRecord(
            post,
            tuple(sorted(owned[uid], key=lambda r: (r.status.is_closed, order[r.action.uid]))),
            tuple(attendance[uid]),
            tuple(chaired[uid]),
        )
        for uid, post in sorted(registry.posts.items())
    }


def _roles(registry: Registry, attended: list[tuple[MeetingLink, Attendance]]) -> tuple[Role, ...]:
    spans: dict[tuple[str, str], list[dt.date]] = {}
    for meeting, entry in attended:
        if entry.role:
            span = spans.setdefault((entry.role, meeting.body), [meeting.date, meeting.date])
            span[1] = max(span[1], meeting.date)
    return tuple(
        sorted(
            (Role(role, registry.bodies[body], first, last) for (role, body), (first, last) in spans.items()),
            key=lambda role: (role.first, role.role),
        )
    )


def _by_body(
    registry: Registry,
    person_id: str,
    attended: list[tuple[MeetingLink, Attendance]],
    by_body: dict[str, list[Meeting]],
) -> tuple[BodyAttendance, ...]:
    kinds = {meeting.id: entry.kind for meeting, entry in attended}
    result = []
    for body_id, body in sorted(registry.bodies.items()):
        memberships = [m for m in body.members if m.person == person_id]
        series = by_body.get(body_id, [])
        if memberships:
            series_in_scope = [m for m in series if any(ms.covers(m.date) for ms in memberships) or m.id in kinds]
        else:
            series_in_scope = [m for m in series if m.id in kinds]
        if not series_in_scope:
            continue
        present = sum(
            1 for m in series_in_scope if kinds.get(m.id) in (AttendanceKind.PRESENT, AttendanceKind.IN_ATTENDANCE)
        )
        apologies = sum(1 for m in series_in_scope if kinds.get(m.id) is AttendanceKind.APOLOGIES)
        absent = len(series_in_scope) - present - apologies if memberships else 0
        result.append(BodyAttendance(body, present, apologies, absent, bool(memberships)))
    return tuple(result)
