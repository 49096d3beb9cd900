"""iCalendar files, read back with icalendar.Calendar.from_ical and checked against the fixture."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Build
from icalendar import Calendar, Event
from published import (  # noqa: F401
    ANNOUNCED,
    CANARIES,
    HELD,
    SITE_URL,
    SOURCE,
    TODAY,
    absolute_site,
    load_fixture,
    published_build,
)

from minutebook.calendar import build_calendars
from minutebook.load import load_archive
from minutebook.settings import site_info

LONDON = ZoneInfo("Europe/London")
HOST = "minutes.example.org"


@pytest.fixture(scope="module")
def calendars() -> dict[str, Calendar]:
    return {path: Calendar.from_ical(data) for path, data in build_calendars(load_fixture(), absolute_site())}


def events(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_one_calendar_for_the_site_and_one_per_body_that_meets(calendars: dict[str, Calendar]) -> None:
    assert sorted(calendars) == [
        "calendar/bodies/improvement-board.ics",
        "calendar/bodies/planning-committee.ics",
        "calendar/meetings.ics",
    ]
    assert str(calendars["calendar/bodies/planning-committee.ics"]["X-WR-CALNAME"]) == "Meetings: Planning Committee"


def test_every_held_and_announced_meeting_has_a_stable_uid(calendars: dict[str, Calendar]) -> None:
    site = events(calendars["calendar/meetings.ics"])
    assert sorted(site) == sorted(f"{m}@{HOST}" for m in (*HELD, ANNOUNCED))
    # The August 2019 meeting announced by an old set of minutes is long past and was never minuted: not shown.
    assert not [uid for uid in site if "2019-08-01" in uid]
    board = events(calendars["calendar/bodies/improvement-board.ics"])
    assert sorted(board) == [
        f"improvement-board/2019-01-15@{HOST}",
        f"improvement-board/2019-07-09@{HOST}",
        f"{ANNOUNCED}@{HOST}",
    ]


def test_times_are_europe_london_in_gmt_and_in_bst(calendars: dict[str, Calendar]) -> None:
    site = events(calendars["calendar/meetings.ics"])
    winter = site[f"improvement-board/2019-01-15@{HOST}"]
    assert winter["DTSTART"].params["TZID"] == "Europe/London"
    assert winter.start == dt.datetime(2019, 1, 15, 14, 0, tzinfo=LONDON)
    assert winter.start.utcoffset() == dt.timedelta(0)  # GMT
    assert winter.end == dt.datetime(2019, 1, 15, 16, 0, tzinfo=LONDON)
    summer = site[f"improvement-board/2019-07-09@{HOST}"]
    assert summer.start.utcoffset() == dt.timedelta(hours=1)  # BST
    assert summer.start.astimezone(dt.UTC) == dt.datetime(2019, 7, 9, 9, 0, tzinfo=dt.UTC)
    assert summer.end == dt.datetime(2019, 7, 9, 12, 30, tzinfo=LONDON)


def test_the_vtimezone_is_real_tz_data_with_both_offsets(calendars: dict[str, Calendar]) -> None:
    calendar = calendars["calendar/meetings.ics"]
    assert calendar.get_missing_tzids() == set()
    (zone,) = calendar.timezones
    assert zone.tz_name == "Europe/London"
    names = {str(part["TZNAME"]) for part in zone.walk() if part.name in ("STANDARD", "DAYLIGHT")}
    assert names == {"GMT", "BST"}
    # The VTIMEZONE alone (as a client without tz data would read it) gives the right offsets.
    tz = zone.to_tz()
    assert dt.datetime(2019, 7, 9, 10, tzinfo=tz).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2019, 1, 15, 14, tzinfo=tz).utcoffset() == dt.timedelta(0)
    assert dt.datetime(2026, 12, 10, 14, tzinfo=tz).utcoffset() == dt.timedelta(0)


def test_each_calendar_has_the_time_zone_its_events_use_and_no_other(calendars: dict[str, Calendar]) -> None:
    for path, calendar in calendars.items():
        used = {event["DTSTART"].params.get("TZID") for event in calendar.walk("VEVENT")} - {None}
        assert used, path
        assert {zone.tz_name for zone in calendar.timezones} == used, path


def test_a_calendar_of_all_day_events_has_no_time_zone(tmp_path: Path) -> None:
    source = tmp_path / "feeds"
    shutil.copytree(SOURCE, source)
    timed = source / "2019" / "2019-06-04-planning-committee.md"  # the committee's one meeting with a time
    timed.write_text(timed.read_text(encoding="utf-8").replace('start: "18:30"\nend: "20:00"\n', ""), encoding="utf-8")
    files = dict(build_calendars(load_archive(source, today=TODAY), absolute_site()))
    planning = Calendar.from_ical(files["calendar/bodies/planning-committee.ics"])
    assert [event.start for event in planning.walk("VEVENT")] == [dt.date(2019, 6, 4), dt.date(2019, 7, 2)]
    assert planning.timezones == []
    assert Calendar.from_ical(files["calendar/meetings.ics"]).timezones[0].tz_name == "Europe/London"


def test_a_meeting_without_a_time_is_an_all_day_event(calendars: dict[str, Calendar]) -> None:
    event = events(calendars["calendar/meetings.ics"])[f"planning-committee/2019-07-02@{HOST}"]
    assert event.start == dt.date(2019, 7, 2)
    assert event.end == dt.date(2019, 7, 3)
    assert "LOCATION" not in event


def test_location_url_description_and_stamp(calendars: dict[str, Calendar]) -> None:
    event = events(calendars["calendar/meetings.ics"])[f"planning-committee/2019-06-04@{HOST}"]
    assert str(event["LOCATION"]) == "Civic Centre, Room 4, Main Street"  # commas escaped and read back
    assert str(event["URL"]) == SITE_URL + "meetings/planning-committee/2019-06-04/"
    assert str(event["SUMMARY"]) == "Planning Committee meeting"
    assert event.DTSTAMP == dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.UTC)
    description = str(event["DESCRIPTION"])
    assert description.startswith("Approved minutes (agreed 2 July 2019). 1 decision, 1 new action.")
    assert "Items:\n1. Application 19/0042, 12 High Street" in description


def test_the_announced_meeting_has_the_uid_its_minutes_will_get(calendars: dict[str, Calendar]) -> None:
    event = events(calendars["calendar/meetings.ics"])[f"{ANNOUNCED}@{HOST}"]
    assert event.start == dt.datetime(2026, 12, 10, 14, 0, tzinfo=LONDON)
    assert event.end == dt.datetime(2026, 12, 10, 15, 30, tzinfo=LONDON)
    assert str(event["LOCATION"]) == "Town Hall, Committee Room 2"
    assert "Announced in the minutes of Improvement Board, 9 July 2019" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == SITE_URL + "bodies/improvement-board/"


def test_calendars_are_byte_identical_across_builds() -> None:
    assert build_calendars(load_fixture(), absolute_site()) == build_calendars(load_fixture(), absolute_site())


def test_without_site_url_there_is_no_url_property_and_uids_say_so() -> None:
    (path, data), *_ = build_calendars(load_fixture(), site_info("Test"))
    calendar = Calendar.from_ical(data)
    assert path == "calendar/meetings.ics"
    for event in calendar.walk("VEVENT"):
        assert "URL" not in event
        assert str(event["UID"]).endswith("@minutebook.invalid")


def test_confidential_items_show_only_their_title(calendars: dict[str, Calendar]) -> None:
    event = events(calendars["calendar/meetings.ics"])[f"improvement-board/2019-01-15@{HOST}"]
    assert "3. Contract renewal (confidential)" in str(event["DESCRIPTION"])


# --- the real build -------------------------------------------------------------------------------


def test_build_publishes_parseable_calendars_without_confidential_text(published_build: Build) -> None:  # noqa: F811
    paths = sorted((published_build.site / "calendar").rglob("*.ics"))
    assert [p.relative_to(published_build.site).as_posix() for p in paths] == [
        "calendar/bodies/improvement-board.ics",
        "calendar/bodies/planning-committee.ics",
        "calendar/meetings.ics",
    ]
    for path in paths:
        data = path.read_bytes()
        assert b"\r\n" in data  # RFC 5545 line ends
        Calendar.from_ical(data)
        assert not [canary for canary in CANARIES if canary in data.decode("utf-8")], path
    site = Calendar.from_ical((published_build.site / "calendar/meetings.ics").read_bytes())
    assert len(site.walk("VEVENT")) == len(HELD) + 1
