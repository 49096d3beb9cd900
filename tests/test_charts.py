"""Chart data and geometry, straight from the engine (no MkDocs): what each picture shows, and that it fits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, write_source

from minutebook import charts
from minutebook.archive import Archive
from minutebook.load import load_archive


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(FIXTURES / "a11y", today=TODAY)


def test_attendance_marks_every_meeting_including_absences_of_members(
    archive: Archive,
) -> None:
    chart = charts.attendance_chart(archive.people["carys-evans"], archive.by_body)
    assert chart is not None
    (row,) = chart.rows
    assert row.body_name == "Children's Scrutiny Committee"
    assert [(m.date.isoformat(), m.kind) for m in row.marks] == [
        ("2026-01-14", "present"),
        ("2026-03-11", "present"),
        ("2026-10-07", "apologies"),
    ]
    assert chart.summary == "3 meetings: present at 2, apologies for 1."
    # Marks march left to right in date order, inside the picture.
    xs = [m.x for m in row.marks]
    assert xs == sorted(xs) and 0 < xs[0] and xs[-1] < chart.width


def test_attendance_counts_an_absence_where_membership_is_known(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            "people.yml": "ann:\n  name: Ann Ash\nbob:\n  name: Bob Birch\n",
            "bodies.yml": (
                "board:\n  name: The Board\n  kind: board\n  members:\n    - {person: ann, from: 2025-01-01}\n"
            ),
            "a.md": "---\nbody: board\ndate: 2025-02-01\nstatus: approved\npresent: [ann, bob]\n---\n",
            "b.md": "---\nbody: board\ndate: 2025-03-01\nstatus: approved\npresent: [bob]\n---\n",
        },
    )
    archive = load_archive(source, today=TODAY)
    chart = charts.attendance_chart(archive.people["ann"], archive.by_body)
    assert chart is not None and [m.kind for m in chart.rows[0].marks] == [
        "present",
        "absent",
    ]
    assert chart.summary == "2 meetings: present at 1, absent from 1."
    # Not a member: a meeting Bob missed would not be an absence (there is none here to miss).
    bob = charts.attendance_chart(archive.people["bob"], archive.by_body)
    assert bob is not None and bob.counts["absent"] == 0


def test_no_attendance_chart_for_someone_never_at_a_meeting(archive: Archive) -> None:
    assert charts.attendance_chart(archive.people["eve-morgan"], archive.by_body) is None


def test_body_actions_chart_counts_raised_and_reported_done_per_meeting(
    archive: Archive,
) -> None:
    chart = charts.body_actions_chart(archive.by_body["scrutiny-committee"])
    assert chart is not None
    assert [(g.meeting.date.isoformat(), g.raised, g.done) for g in chart.groups] == [
        ("2026-01-14", 3, 0),
        ("2026-03-11", 1, 1),
        ("2026-10-07", 0, 1),
    ]
    assert (chart.total_raised, chart.total_done) == (4, 2)
    assert chart.summary == "Over 3 meetings: 4 actions raised, 2 reported done."
    # Bars stand on the baseline and the tallest reaches the top of the scale.
    tallest = max(chart.groups, key=lambda g: g.raised)
    assert tallest.raised_y + tallest.raised_height == pytest.approx(chart.baseline)
    assert tallest.raised_y == pytest.approx(chart.top)
    assert [value for value, _ in chart.ticks] == [0, 1, 2, 3]


def test_body_actions_chart_shows_only_the_latest_meetings(archive: Archive) -> None:
    chart = charts.body_actions_chart(archive.by_body["scrutiny-committee"], latest=2)
    assert chart is not None and chart.shown == 2 and chart.total_meetings == 3
    assert chart.summary.startswith("Over the latest 2 of 3 meetings")


def test_no_body_chart_when_nothing_was_raised_or_closed(archive: Archive) -> None:
    assert charts.body_actions_chart(()) is None


def test_nice_scale_steps() -> None:
    assert [charts._nice_step(peak) for peak in (1, 4, 5, 6, 11, 40, 99)] == [
        1,
        1,
        1,
        2,
        5,
        10,
        20,
    ]


def test_timeline_of_a_closed_action_runs_from_raised_to_done(archive: Archive) -> None:
    record = archive.actions["scrutiny-committee/2026-01-14/a1"]
    timeline = charts.action_timeline(record, TODAY)
    assert [(e.date.isoformat(), e.kind, e.label) for e in timeline.events] == [
        ("2026-01-14", "raised", "Raised"),
        (
            "2026-03-11",
            "in-progress",
            "In progress, due",
        ),  # same day: one point, both named
        ("2026-10-07", "done", "Done"),
    ]
    assert (timeline.raised, timeline.end, timeline.days) == (
        dt.date(2026, 1, 14),
        dt.date(2026, 10, 7),
        266,
    )
    assert timeline.closed_x == pytest.approx(timeline.end_x)
    assert timeline.events[0].x == pytest.approx(timeline.start_x)
    # In proportion to time: March is 56 of 266 days along.
    span = timeline.end_x - timeline.start_x
    assert (timeline.events[1].x - timeline.start_x) / span == pytest.approx(56 / 266)


def test_timeline_of_an_open_action_runs_to_the_build_date(archive: Archive) -> None:
    record = archive.actions["scrutiny-committee/2026-03-11/a1"]
    timeline = charts.action_timeline(record, TODAY)
    assert [e.kind for e in timeline.events] == ["raised", "due", "today"]
    assert timeline.closed_x is None and timeline.end == TODAY
    assert all(0 <= e.x <= timeline.width for e in timeline.events)


def test_timeline_labels_near_each_other_go_on_opposite_sides() -> None:
    days = [dt.date(2026, 1, 1), dt.date(2026, 1, 3), dt.date(2026, 6, 1)]
    events = charts._place_labels([(d, "open", "x", x) for d, x in zip(days, (40.0, 50.0, 300.0))], 440)
    assert events[0].label_y != events[1].label_y
    assert events[0].anchor == "start" and events[2].anchor == "middle"
