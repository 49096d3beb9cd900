"""Open data under /data/: every JSON file validated against its published schema, CSVs read as a spreadsheet would."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from conftest import Build, build_site, write_source
from icalendar import Calendar
from published import (  # noqa: F401
    ANNOUNCED,
    CANARIES,
    HELD,
    SITE_URL,
    SOURCE,
    TODAY,
    absolute_site,
    load_fixture,
    output_files,
    published_build,
)

from minutebook.files import replace_file, whole
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.opendata import JSON_FILES, YEAR_SCHEMA, build_data, load_data_schema
from minutebook.outputs import build_files, write_files
from minutebook.settings import site_info
from minutebook.site import OGL


@pytest.fixture(scope="module")
def data() -> dict[str, bytes]:
    archive = load_fixture()
    return {path: whole(content) for path, content in build_data(archive, render_texts(archive), absolute_site())}


def records(data: dict[str, bytes], name: str) -> list[dict[str, Any]]:
    """The records of ``data/<name>.json``; for meetings, each in full, from the year files in their order."""
    if name == "meetings":
        return [event for path in year_files(data) for event in json.loads(data[path])["events"]]
    document = json.loads(data[f"data/{name}.json"])
    key = next(k for k in document if k != "meta")
    return document[key]  # type: ignore[no-any-return]


def year_files(data: dict[str, bytes]) -> list[str]:
    return sorted(path for path in data if path.startswith("data/meetings/"))


def rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def validate(name: str, document: Any) -> None:
    schema = load_data_schema(name)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]
    assert not errors, f"{name}.json: " + "\n".join(errors)


def test_schemas_are_valid_json_schema() -> None:
    for name in (*JSON_FILES, YEAR_SCHEMA):
        jsonschema.Draft202012Validator.check_schema(load_data_schema(name))


def test_every_json_file_matches_its_published_schema(data: dict[str, bytes]) -> None:
    for name in JSON_FILES:
        document = json.loads(data[f"data/{name}.json"])
        validate(name, document)
        assert document["meta"]["schema"] == SITE_URL + f"data/schema/{name}.schema.json"
        published = json.loads(data[f"data/schema/{name}.schema.json"])
        assert published.pop("$id") == document["meta"]["schema"]  # the schema is where the data says it is
        assert published == load_data_schema(name)
        assert document["meta"]["licence"] == {"name": OGL["name"], "url": OGL["url"]}
        assert document["meta"]["built"] == "2026-11-25"
    # 2019 held and announced; 2026 a meeting announced only: a file for each year any meeting falls in.
    assert year_files(data) == ["data/meetings/2019.json", "data/meetings/2026.json"]
    for path in year_files(data):
        document = json.loads(data[path])
        validate(YEAR_SCHEMA, document)
        assert document["meta"]["schema"] == SITE_URL + f"data/schema/{YEAR_SCHEMA}.schema.json"
        assert document["meta"]["title"].endswith(path[-9:-5])
    published = json.loads(data[f"data/schema/{YEAR_SCHEMA}.schema.json"])
    assert published.pop("$id") == SITE_URL + f"data/schema/{YEAR_SCHEMA}.schema.json"
    assert published == load_data_schema(YEAR_SCHEMA)


def test_meetings_json_lists_every_meeting_in_brief_with_its_years_file(data: dict[str, bytes]) -> None:
    index = json.loads(data["data/meetings.json"])
    full = records(data, "meetings")
    # The same meetings in the same order; each brief record says what its full one says, and where it is.
    assert [e["id"] for e in index["events"]] == [e["id"] for e in full]
    for brief, event in zip(index["events"], full, strict=True):
        assert {k: brief[k] for k in ("name", "organization_id", "status", "start_date", "minutes")} == {
            k: event[k] for k in ("name", "organization_id", "status", "start_date", "minutes")
        }
        year = event["start_date"][:4]
        assert brief["data"] == SITE_URL + f"data/meetings/{year}.json"
        assert event["id"] in {e["id"] for e in json.loads(data[f"data/meetings/{year}.json"])["events"]}
        assert brief["url"] == (None if event["announced_in"] else SITE_URL + f"meetings/{event['id']}/")
    assert index["years"] == [
        {"year": int(path[-9:-5]), "events": len(json.loads(data[path])["events"]), "url": SITE_URL + path}
        for path in year_files(data)
    ]
    assert b"notes" not in data["data/meetings.json"]  # the minutes' text is in the year files alone


def test_people_are_popolo_persons(data: dict[str, bytes]) -> None:
    people = {p["id"]: p for p in records(data, "people")}
    assert len(people) == 6
    assert people["ada-lovelace"] == {
        "id": "ada-lovelace",
        "name": "Ada Lovelace",
        "honorific_prefix": "Cllr",
        "other_names": [{"name": "Cllr Lovelace", "note": "alias"}],
        "links": [{"url": SITE_URL + "people/ada-lovelace/", "note": "Page in the archive"}],
    }
    assert people["eve-marsh"]["honorific_prefix"] is None


def test_bodies_and_memberships(data: dict[str, bytes]) -> None:
    bodies = {b["id"]: b for b in records(data, "bodies")}
    # Classified in Open Civic Data's words, with the archive's own kind beside.
    assert {b: (v["classification"], v["kind"], v["meets"]) for b, v in bodies.items()} == {
        "highways-team": ("department", "team", False),
        "improvement-board": ("commission", "board", True),
        "planning-committee": ("committee", "committee", True),
    }
    assert SITE_URL + "calendar/bodies/planning-committee.ics" in [
        link["url"] for link in bodies["planning-committee"]["links"]
    ]
    memberships = {m["id"]: m for m in records(data, "memberships")}
    assert sorted(memberships) == [
        "improvement-board/ada-lovelace",
        "improvement-board/brian-okafor/2018-01-01",
        "improvement-board/brian-okafor/2019-06-01",
        "improvement-board/dewi-jones",
        "planning-committee/dewi-jones",
        "planning-committee/franca-rossi",
    ]
    assert memberships["improvement-board/brian-okafor/2018-01-01"] == {
        "id": "improvement-board/brian-okafor/2018-01-01",
        "person_id": "brian-okafor",
        "organization_id": "improvement-board",
        "role": "Member",
        "start_date": "2018-01-01",
        "end_date": "2019-05-31",
    }
    # What the minutes do not give is left out: OCD refuses null, Popolo an empty date.
    assert memberships["planning-committee/dewi-jones"] == {
        "id": "planning-committee/dewi-jones",
        "person_id": "dewi-jones",
        "organization_id": "planning-committee",
    }


def test_meetings_are_ocd_events_with_uk_times_and_attendance(data: dict[str, bytes]) -> None:
    events = {e["id"]: e for e in records(data, "meetings")}
    assert list(events) == [*sorted(HELD, key=lambda m: m.split("/")[1]), ANNOUNCED]  # chronological
    winter = events["improvement-board/2019-01-15"]
    assert (winter["start_date"], winter["end_date"], winter["all_day"]) == (
        "2019-01-15T14:00:00+00:00",
        "2019-01-15T16:00:00+00:00",
        False,
    )
    assert events["planning-committee/2019-06-04"]["start_date"] == "2019-06-04T18:30:00+01:00"  # BST
    no_time = events["planning-committee/2019-07-02"]
    assert (no_time["start_date"], no_time["all_day"], no_time["location"]) == ("2019-07-02", True, None)
    assert "end_date" not in no_time
    assert winter["classification"] == "board-meeting" and winter["status"] == "passed"
    assert winter["location"] == {"name": "Town Hall, Committee Room 1"}
    assert [(p["entity_id"], p["note"]) for p in winter["participants"]] == [
        ("improvement-board", "host"),
        ("ada-lovelace", "chair"),
        ("brian-okafor", "present"),
        ("chandra-patel", "in attendance"),
    ]
    assert [(a["person_id"], a["attendance"], a["role"]) for a in winter["attendance"]] == [
        ("ada-lovelace", "present", "Chair"),
        ("brian-okafor", "present", None),
        ("chandra-patel", "in_attendance", "Head of Improvement"),
        ("dewi-jones", "apologies", None),
    ]
    assert winter["minutes"] == {
        "status": "approved",
        "approved_at": "2019-07-09",
        "url": SITE_URL + "meetings/improvement-board/2019-01-15/",
    }
    assert events["improvement-board/2019-07-09"]["minutes"]["status"] == "draft"
    assert winter["agenda"][1] == {
        "order": "2",
        "description": "Improvement plan",
        "notes": ["Chandra Patel presented the plan."],
        "notes_html": "<p>Chandra Patel presented the plan.</p>",
        "confidential": None,
        "decision_ids": ["improvement-board/2019-01-15/d2"],
        "action_ids": [
            "improvement-board/2019-01-15/a1",
            "improvement-board/2019-01-15/a2",
            "improvement-board/2019-01-15/a3",
        ],
    }
    announced = events[ANNOUNCED]
    assert (announced["status"], announced["minutes"], announced["announced_in"]) == (
        "confirmed",
        None,
        "improvement-board/2019-07-09",
    )
    assert announced["start_date"] == "2026-12-10T14:00:00+00:00"


def test_confidential_item_is_only_title_reason_and_summary(data: dict[str, bytes]) -> None:
    (winter,) = [e for e in records(data, "meetings") if e["id"] == "improvement-board/2019-01-15"]
    assert winter["agenda"][2] == {
        "order": "3",
        "description": "Contract renewal",
        "notes": [],
        "notes_html": "",
        "confidential": {
            "reason": "Schedule 12A paragraph 3",
            "summary": "The board considered a contract matter in private.",
        },
        "decision_ids": [],
        "action_ids": [],
    }
    first = winter["agenda"][0]
    assert first["notes"] == ["Agreed."] and "COMMENT" not in first["notes_html"]  # HTML comments never reach the model


def test_decisions_are_popolo_motions_with_vote_events(data: dict[str, bytes]) -> None:
    motions = {m["id"]: m for m in records(data, "decisions")}
    assert len(motions) == 6
    named = motions["improvement-board/2019-07-09/d2"]
    (vote,) = named["vote_events"]
    assert vote["counts"] == [
        {"option": "yes", "value": 2},
        {"option": "no", "value": 1},
        {"option": "abstain", "value": 0},
    ]
    assert vote["votes"] == [
        {"voter_id": "ada-lovelace", "option": "yes"},
        {"voter_id": "brian-okafor", "option": "yes"},
        {"voter_id": "dewi-jones", "option": "no"},
    ]
    assert (named["result"], vote["result"], named["minutes_status"]) == ("pass", "pass", "draft")
    counted = motions["planning-committee/2019-06-04/d1"]
    assert counted["result"] == "fail" and counted["vote_events"][0]["votes"] == []
    assert [c["value"] for c in counted["vote_events"][0]["counts"]] == [3, 5, 1]
    unvoted = motions["improvement-board/2019-01-15/d2"]
    assert (unvoted["result"], unvoted["vote_events"], unvoted["item"]) == (None, [], "2")
    assert unvoted["text"] == "The improvement plan was approved, subject to the comments in item 2."
    # Popolo's date is a date-time: the meeting's start in UK time, or midnight when it has none.
    assert (counted["date"], counted["vote_events"][0]["start_date"]) == ("2019-06-04T18:30:00+01:00",) * 2
    assert motions["planning-committee/2019-07-02/d1"]["date"] == "2019-07-02T00:00:00+01:00"


def test_actions_carry_their_status_history(data: dict[str, bytes]) -> None:
    actions = {a["id"]: a for a in records(data, "actions")}
    assert len(actions) == 4
    done = actions["improvement-board/2019-01-15/a1"]
    assert (done["status"], done["closed_on"], done["overdue"]) == ("done", "2019-07-09", False)
    assert done["history"] == [
        {
            "date": "2019-07-09",
            "meeting_id": "improvement-board/2019-07-09",
            "status": "done",
            "note": "Circulated on 1 February.",
        }
    ]
    assert done["owners"] == [{"entity_type": "person", "entity_id": "chandra-patel", "name": "Chandra Patel"}]
    late = actions["improvement-board/2019-01-15/a2"]
    assert (late["status"], late["overdue"], late["due_date"]) == ("in-progress", True, "2019-06-30")
    assert late["owners"] == [{"entity_type": "organization", "entity_id": "highways-team", "name": "Highways Team"}]
    assert actions["improvement-board/2019-01-15/a3"]["overdue"] is False  # due 2030
    dropped = actions["planning-committee/2019-06-04/a1"]
    assert (dropped["status"], dropped["closed_on"], dropped["due_date"]) == ("dropped", "2019-07-02", None)


def test_actions_csv_opens_in_a_spreadsheet(data: dict[str, bytes]) -> None:
    content = data["data/actions.csv"]
    assert content.startswith(codecs.BOM_UTF8)  # Excel reads UTF-8 only with the mark
    assert b"\r\n" in content
    table = rows(content)
    assert [row["id"] for row in table] == [
        "improvement-board/2019-01-15/a1",
        "improvement-board/2019-01-15/a2",
        "improvement-board/2019-01-15/a3",
        "planning-committee/2019-06-04/a1",
    ]
    late = table[1]
    assert (late["status"], late["overdue"], late["owners"], late["last_update_on"], late["last_update_note"]) == (
        "in-progress",
        "yes",
        "Highways Team",
        "2019-07-09",
        "First report received.",
    )
    assert late["url"] == SITE_URL + "actions/improvement-board/2019-01-15/a2/"
    assert table[2]["text"] == "'=SUM(A1:A9) is not a formula but text."  # never a live formula


def test_attendance_csv_has_a_row_per_person_per_meeting(data: dict[str, bytes]) -> None:
    table = rows(data["data/attendance.csv"])
    events = [e for e in records(data, "meetings") if e["status"] == "passed"]
    assert len(table) == sum(len(e["attendance"]) for e in events) == 12
    assert table[3] == {
        "meeting": "improvement-board/2019-01-15",
        "date": "2019-01-15",
        "body": "improvement-board",
        "body_name": "Improvement Board",
        "person": "dewi-jones",
        "name": "Cllr Dewi Jones",
        "attendance": "Apologies",
        "role": "",
        "url": SITE_URL + "meetings/improvement-board/2019-01-15/",
    }


def test_licence_is_configurable() -> None:
    site = site_info(
        "Test", SITE_URL, {"data_licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}}
    )
    archive = load_fixture()
    document = json.loads(whole(dict(build_data(archive, render_texts(archive), site))["data/people.json"]))
    assert document["meta"]["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


# --- the real build -------------------------------------------------------------------------------


def test_build_publishes_valid_data_and_the_data_page(published_build: Build) -> None:  # noqa: F811
    site = published_build.site
    for name in JSON_FILES:
        document = json.loads((site / f"data/{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((site / f"data/schema/{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(document)
        assert document["meta"]["schema"] == f"../data/schema/{name}.schema.json"  # relative without site_url
        assert "$id" not in schema  # without an address of its own
    page = published_build.page("data/")
    assert "<h1" in page and "Open data, feeds and calendars" in page
    assert f'href="{OGL["url"]}"' in page
    for href in (
        "people.json",
        "schema/meetings.schema.json",
        "actions.csv",
        "attendance.csv",
        "../feeds/minutes.atom",
        "../calendar/bodies/planning-committee.ics",
        "../feeds/",
    ):
        assert f'href="{href}"' in page, href
    assert "<code>in-progress</code>" in page
    # The feeds carry agendas as well as minutes, and every person, post and action has one of its own.
    assert "New agendas and minutes of every body" in page
    assert '<a href="../feeds/">every feed in this archive</a>' in page


def test_no_confidential_text_or_redacted_name_in_any_output(published_build: Build) -> None:  # noqa: F811
    outputs = output_files(published_build.site)
    assert len(outputs) > 20
    leaks = {path: [c for c in CANARIES if c.encode() in content] for path, content in outputs.items()}
    assert not {path: found for path, found in leaks.items() if found}
    assert "Canarydoe" not in published_build.page("data/")


def test_outputs_are_byte_identical_across_builds(
    published_build: Build,  # noqa: F811 - the fixture, imported above
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    again = build_site(tmp_path_factory.mktemp("again"), SOURCE)
    assert again.returncode == 0, again.output
    assert output_files(again.site) == output_files(published_build.site)


def test_an_archive_with_no_meetings_still_gives_valid_files(tmp_path: Path) -> None:
    source = write_source(
        tmp_path, {"people.yml": "ada:\n  name: Ada\n", "bodies.yml": "board:\n  name: Board\n  kind: board\n"}
    )
    archive = load_archive(source, today=TODAY)
    outputs = {
        path: whole(content) for path, content in build_files(archive, render_texts(archive), site_info("Empty"))
    }
    for name in JSON_FILES:
        validate(name, json.loads(outputs[f"data/{name}.json"]))
    assert rows(outputs["data/actions.csv"]) == []
    assert feedparser.parse(outputs["feeds/minutes.atom"]).entries == []
    assert Calendar.from_ical(outputs["calendar/meetings.ics"]).walk("VEVENT") == []


def test_files_are_built_one_at_a_time_and_written_into_the_site(tmp_path: Path) -> None:
    archive, site = load_fixture(), absolute_site()
    texts = render_texts(archive)
    # Each file is built when it is asked for: the data files of a large archive are hundreds of megabytes.
    assert next(build_files(archive, texts, site))[0] == "feeds/minutes.atom"
    assert next(build_data(archive, texts, site))[0] == "data/people.json"
    written = write_files(archive, texts, site, tmp_path)
    assert {path: (tmp_path / path).read_bytes() for path in written} == {
        path: whole(content) for path, content in build_files(archive, texts, site)
    }
    assert not [path for path in tmp_path.rglob(".*")]  # nothing left half-written beside them


def test_a_json_file_is_made_a_record_at_a_time() -> None:
    archive, site = load_fixture(), absolute_site()
    files = dict(build_data(archive, render_texts(archive), site))
    for path in ("data/meetings.json", "data/meetings/2019.json"):
        pieces = files[path]
        assert not isinstance(pieces, bytes)  # at 10,000 meetings the meetings in full are over 100 MB
        lines = list(pieces)
        events = json.loads(b"".join(lines))["events"]
        assert len(lines) == len(events) + 2  # the opening, a line per meeting, the close
        assert [json.loads(line.lstrip(b",\n")) for line in lines[1:-1]] == events


def test_a_file_whose_pieces_fail_leaves_nothing_behind(tmp_path: Path) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"events":['
        raise RuntimeError("a bug while making the file")

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "meetings.json").write_bytes(b"the last good file")
    with pytest.raises(RuntimeError):
        replace_file(tmp_path / "data" / "meetings.json", pieces())
    assert [path.name for path in (tmp_path / "data").iterdir()] == ["meetings.json"]
    assert (tmp_path / "data" / "meetings.json").read_bytes() == b"the last good file"
