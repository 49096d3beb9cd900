"""Cross-meeting indexes, straight from the engine (no MkDocs): status, overdue, attendance, mentions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import FIXTURES, ROOT, TODAY

from minutebook.archive import Archive, Mention
from minutebook.load import load_archive
from minutebook.model import ActionStatus


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(FIXTURES / "archive", today=TODAY)


def test_action_status_is_carried_across_meetings(archive: Archive) -> None:
    record = archive.actions["finance-committee/2025-01-15/a1"]
    assert [u.status for u in record.history] == [ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    assert record.status is ActionStatus.DONE and record.closed_on == dt.date(2025, 3, 12)
    assert record.carried_over == 2 and not record.overdue


def test_carried_over_counts_the_body_s_later_meetings_until_the_action_closed(archive: Archive) -> None:
    # Counted by bisection in the engine; here, meeting by meeting.
    assert archive.actions
    for record in archive.actions.values():
        end = record.closed_on or TODAY
        later = [m for m in archive.by_body[record.meeting.body] if record.meeting.date < m.date <= end]
        assert record.carried_over == len(later), record.action.uid


def test_overdue_is_computed_against_the_build_date(archive: Archive) -> None:
    assert archive.actions["finance-committee/2025-01-15/a3"].state == "overdue"
    assert archive.actions["finance-committee/2025-01-15/a2"].state == "open"  # due 2026-12-31
    before_due = load_archive(FIXTURES / "archive", today=dt.date(2025, 2, 20))
    assert before_due.actions["finance-committee/2025-01-15/a3"].state == "open"


def test_attendance_by_body_counts_absence_only_where_membership_is_known(archive: Archive) -> None:
    (bob,) = archive.people["bob-okafor"].by_body
    assert (bob.attended, bob.apologies, bob.absent) == (1, 1, 1)
    (carol,) = archive.people["carol-price"].by_body  # membership ended 31 January 2025
    assert (carol.attended, carol.apologies, carol.absent) == (1, 0, 0)
    (dan,) = archive.people["dan-reid"].by_body  # an officer: not a member, so never "absent"
    assert (dan.attended, dan.absent, dan.membership_known) == (3, 0, False)


def test_people_are_found_by_name_and_alias_in_the_text(archive: Archive) -> None:
    places = {(m.meeting.id, m.item.number if m.item else None) for m in archive.people["bob-okafor"].mentions}
    assert places == {("finance-committee/2025-01-15", "2")}  # "Bob asked about reserves."
    alice = {m.item.number for m in archive.people["alice-ng"].mentions if m.item}
    assert alice == {"2"}  # "Cllr Ng thanked him."


def test_votes_declarations_and_roles_land_on_the_person(archive: Archive) -> None:
    bob = archive.people["bob-okafor"]
    assert [(d.uid, side) for _, d, side in bob.votes] == [("finance-committee/2025-01-15/d1", "against")]
    assert [d.interest for _, d in bob.declarations] == ["Trustee of the Leisure Trust"]
    assert [(r.role, r.first, r.last) for r in archive.people["alice-ng"].roles] == [
        ("Chair", dt.date(2025, 1, 15), dt.date(2025, 3, 12))
    ]


def test_cross_references_record_where_things_are_referred_to(archive: Archive) -> None:
    cited = archive.referred_to["finance-committee/2025-01-15/d1"]
    assert [(m.meeting.id, m.item.number) for m in cited] == [("finance-committee/2025-02-12", "1")]
    assert "finance-committee/2025-01-15/a3" in archive.referred_to


def test_upcoming_meeting_comes_from_the_latest_minutes(archive: Archive) -> None:
    (upcoming,) = archive.upcoming
    assert upcoming.next_meeting.date == dt.date(2026, 12, 10) and upcoming.body.id == "finance-committee"


def test_seed_archive_indexes_its_people_and_actions() -> None:
    archive = load_archive(ROOT / "meetings", today=TODAY)
    assert len(archive.people) == 21 and len(archive.actions) == 3 and len(archive.decisions) == 1
    owners = {o.id for r in archive.actions.values() for o in r.action.owners}
    assert owners == {"lorna-quigley", "linda-clegg", "social-care"}
    gilchrist = {m.item.number for m in archive.people["phil-gilchrist"].mentions if m.item}
    assert gilchrist == {"2", "3"}


def test_decisions_that_name_a_person_are_listed_on_their_record(archive: Archive) -> None:
    assert [d.uid for d in archive.people["alice-ng"].named_in_decisions] == ["finance-committee/2025-02-12/d1"]
    assert archive.people["bob-okafor"].named_in_decisions == ()


def test_mentions_are_listed_a_meeting_at_a_time_newest_first(archive: Archive) -> None:
    first, second = archive.meetings[:2]
    assert len(first.items) >= 2
    named = [
        Mention.of(first, None),  # the introduction
        Mention.of(first, first.items[0]),
        Mention.of(first, first.items[1]),
        Mention.of(second, None),
    ]
    record = dataclasses.replace(archive.people["bob-okafor"], mentions=tuple(named))
    grouped = [(meeting.id, [item.number for item in items]) for meeting, items in record.mentions_by_meeting()]
    assert grouped == [(second.id, []), (first.id, [first.items[0].number, first.items[1].number])]
