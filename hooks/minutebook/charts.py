"""Data and geometry for the archive's small pictures; the SVG markup lives in templates.

Every chart here is laid out in SVG user units inside a fixed-height viewBox, so a
template only places shapes and text at the numbers given. Each chart also carries
the rows of its text equivalent, so the picture never says more than the page's text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .archive import ActionRecord, MeetingLink, PersonRecord
from .model import ActionStatus, AttendanceKind, Meeting

# Widths are in SVG units; the picture scales to its container, so these set proportions only.
STEP = 22  # horizontal room per meeting
MARGIN = 12
BAR_AREA = 120  # height of the bars' plotting area


@dataclass(frozen=True)
class AttendanceMark:
    """One meeting in a person's attendance strip."""

    x: float
    y: float
    kind: str  # present | in_attendance | apologies | absent: the template draws a shape per kind
    label: str
    # The meeting's date, not the meeting: what the strip shows (a person's page holding every meeting
    # of their bodies would change whenever any of them is edited).
    date: dt.date


@dataclass(frozen=True)
class AttendanceRow:
    """One body's meetings, in date order, on one line of the strip."""

    body_name: str
    label_y: float
    marks: tuple[AttendanceMark, ...]


@dataclass(frozen=True)
class AttendanceChart:
    """A person's attendance over time: one row per body, one mark per meeting."""

    width: float
    height: float
    rows: tuple[AttendanceRow, ...]
    counts: dict[str, int]
    summary: str


def attendance_chart(
    record: PersonRecord, by_body: Mapping[str, Sequence[Meeting | MeetingLink]]
) -> AttendanceChart | None:
    """Where the person was at every meeting they attended, sent apologies to, or (as a member) missed.

    None when they were at no meeting: an empty picture helps nobody.
    """
    kinds = {meeting.id: entry.kind for meeting, entry in record.attendance}
    meetings = {meeting.id: meeting for meeting, _ in record.attendance}
    members_of = {b.body.id for b in record.by_body if b.membership_known}
    rows: list[AttendanceRow] = []
    counts = {kind.value: 0 for kind in AttendanceKind}
    y = 0.0
    # Bodies in name order, as the by-body table lists them.
    body_ids = sorted({m.body for m in meetings.values()} | members_of)
    for body_id in body_ids:
        series = [
            m for m in by_body.get(body_id, ()) if m.id in kinds or (body_id in members_of and _member_on(record, m))
        ]
        if not series:
            continue
        marks = []
        for index, meeting in enumerate(series):
            kind = kinds.get(meeting.id, AttendanceKind.ABSENT)
            counts[kind.value] += 1
            marks.append(
                AttendanceMark(
                    MARGIN + index * STEP + STEP / 2,
                    y + 34,
                    kind.value,
                    kind.label,
                    meeting.date,
                )
            )
        body_name = next((b.body.name for b in record.by_body if b.body.id == body_id), body_id)
        rows.append(AttendanceRow(body_name, y + 14, tuple(marks)))
        y += 64
    if not rows:
        return None
    longest = max(len(row.marks) for row in rows)
    phrases = {
        "present": "present at {}",
        "in_attendance": "in attendance at {}",
        "apologies": "apologies for {}",
        "absent": "absent from {}",
    }
    parts = [phrases[k.value].format(counts[k.value]) for k in AttendanceKind if counts[k.value]]
    total = sum(counts.values())
    summary = f"{total} meeting{'s' if total != 1 else ''}: " + ", ".join(parts) + "."
    return AttendanceChart(max(2 * MARGIN + longest * STEP, 320), y, tuple(rows), counts, summary)


def _member_on(record: PersonRecord, meeting: Meeting | MeetingLink) -> bool:
    """Whether the person held a seat on the meeting's body that day (so missing it is an absence)."""
    body = next((b.body for b in record.by_body if b.body.id == meeting.body), None)
    return body is not None and any(ms.person == record.person.id and ms.covers(meeting.date) for ms in body.members)


@dataclass(frozen=True)
class BarGroup:
    """One meeting's pair of bars: actions raised and actions reported done."""

    meeting: Meeting
    x: float
    raised: int
    done: int
    raised_y: float
    raised_height: float
    done_y: float
    done_height: float
    show_label: bool


@dataclass(frozen=True)
class ActionsChart:
    """A body's actions raised against actions reported done, meeting by meeting."""

    width: float
    height: float
    bar_width: float
    baseline: float
    top: float
    scale_max: int
    ticks: tuple[tuple[int, float], ...]
    groups: tuple[BarGroup, ...]
    total_raised: int
    total_done: int
    shown: int
    total_meetings: int
    summary: str


def body_actions_chart(series: tuple[Meeting, ...], latest: int = 24) -> ActionsChart | None:
    """Bars for the body's latest ``latest`` meetings; None when they raised and closed nothing."""
    meetings = series[-latest:]
    counts = [(m, len(m.actions), sum(1 for u in m.updates if u.status is ActionStatus.DONE)) for m in meetings]
    if not any(raised or done for _, raised, done in counts):
        return None
    peak = max(max(raised, done) for _, raised, done in counts)
    # Whole-number gridlines: 1, 2 or 5 times a power of ten, at most five of them.
    step = _nice_step(peak)
    scale_max = step * math.ceil(peak / step)
    top, baseline = 16.0, 16.0 + BAR_AREA  # room above the tallest bar for its number
    # Few meetings get wide groups; many get narrow ones, and dates are labelled only as often as they fit.
    group = max(float(STEP), min(64.0, 520 / len(counts)))
    bar = group * 0.36
    left = 28.0  # room for the scale's numbers
    every = max(1, math.ceil(62 / group))

    def height(value: int) -> float:
        return BAR_AREA * value / scale_max

    groups = tuple(
        BarGroup(
            m,
            left + i * group + group / 2,
            raised,
            done,
            baseline - height(raised),
            height(raised),
            baseline - height(done),
            height(done),
            i % every == 0,
        )
        for i, (m, raised, done) in enumerate(counts)
    )
    ticks = tuple((value, baseline - height(value)) for value in range(0, scale_max + 1, step))
    total_raised = sum(raised for _, raised, _ in counts)
    total_done = sum(done for _, _, done in counts)
    span = (
        f"the latest {len(counts)} of {len(series)} meetings"
        if len(series) > len(counts)
        else (f"{len(counts)} meeting{'s' if len(counts) != 1 else ''}")
    )
    summary = (
        f"Over {span}: {total_raised} action{'s' if total_raised != 1 else ''} raised, {total_done} reported done."
    )
    return ActionsChart(
        max(left + len(counts) * group + 2 * MARGIN, 320),
        baseline + 34,
        bar,
        baseline,
        top,
        scale_max,
        ticks,
        groups,
        total_raised,
        total_done,
        len(counts),
        len(series),
        summary,
    )


def _nice_step(peak: int) -> int:
    for magnitude in (1, 10, 100, 1000, 10000):
        for factor in (1, 2, 5):
            if peak / (factor * magnitude) <= 5:
                return factor * magnitude
    return 10000 * math.ceil(peak / 50000)


@dataclass(frozen=True)
class TimelineEvent:
    """A dated point on an action's line: raised, updates, the due date or today (same-day ones share a point)."""

    date: dt.date
    kind: str  # raised | open | in-progress | done | dropped | due | today: the marker drawn
    label: str
    x: float
    label_y: float
    anchor: str  # SVG text-anchor: start | middle | end, so labels near the ends stay inside the picture


@dataclass(frozen=True)
class ActionTimeline:
    """An action's life from the meeting that raised it to its close (or today, while open)."""

    width: float
    height: float
    line_y: float
    start_x: float
    end_x: float
    closed_x: float | None
    events: tuple[TimelineEvent, ...]
    raised: dt.date
    end: dt.date
    days: int


def action_timeline(record: ActionRecord, today: dt.date, width: float = 440) -> ActionTimeline:
    """Raised, each update, the due date and (while it is open) today, on one line in proportion to time."""
    raised = record.meeting.date
    points: list[tuple[dt.date, str, str]] = [(raised, "raised", "Raised")]
    for update in record.history:
        points.append(
            (
                update.date,
                update.status.value,
                update.status.value.replace("-", " ").capitalize(),
            )
        )
    if record.action.due:
        points.append((record.action.due, "due", "Due"))
    end = record.closed_on or today
    if not record.status.is_closed:
        points.append((today, "today", "Today"))
    last = max([end, *(day for day, _, _ in points)])
    span = max((last - raised).days, 1)
    left, right = 40.0, width - 40.0

    def x_of(day: dt.date) -> float:
        return left + (right - left) * (day - raised).days / span

    events = _place_labels(
        [(day, kind, label, x_of(day)) for day, kind, label in _merge_same_day(points)],
        width,
    )
    return ActionTimeline(
        width,
        104.0,
        54.0,
        left,
        x_of(end),
        x_of(end) if record.status.is_closed else None,
        events,
        raised,
        end,
        (end - raised).days,
    )


# Rough width of a label ("14 January 2026" in 11px text), for keeping neighbours apart.
LABEL_WIDTH = 86.0
_MARKER_ORDER = ("raised", "done", "dropped", "in-progress", "open", "due", "today")


def _merge_same_day(
    points: list[tuple[dt.date, str, str]],
) -> list[tuple[dt.date, str, str]]:
    """One point per day; its marker is the most telling event and its label names them all."""
    by_day: dict[dt.date, list[tuple[str, str]]] = {}
    for day, kind, label in sorted(points, key=lambda p: (p[0], _MARKER_ORDER.index(p[1]))):
        by_day.setdefault(day, []).append((kind, label))
    return [
        (
            day,
            events[0][0],
            ", ".join(label if i == 0 else label.lower() for i, (_, label) in enumerate(events)),
        )
        for day, events in by_day.items()
    ]


def _place_labels(points: list[tuple[dt.date, str, str, float]], width: float) -> tuple[TimelineEvent, ...]:
    """Labels above or below the line, whichever side is free at that x (else the freer one)."""
    ends = {
        24.0: -math.inf,
        84.0: -math.inf,
    }  # label baseline above / below the line -> where its last label ends
    events = []
    for day, kind, label, x in points:
        anchor = "start" if x < LABEL_WIDTH / 2 + 4 else ("end" if x > width - LABEL_WIDTH / 2 - 4 else "middle")
        left = {"start": x - 8, "middle": x - LABEL_WIDTH / 2, "end": x - LABEL_WIDTH}[anchor]
        free = [side for side, end in ends.items() if end + 6 <= left]
        side = min(free, key=lambda s: ends[s]) if free else min(ends, key=lambda s: ends[s])
        ends[side] = left + LABEL_WIDTH
        events.append(TimelineEvent(day, kind, label, x, side, anchor))
    return tuple(events)
