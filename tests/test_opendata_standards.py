"""The open data against the standards it claims: Popolo and Open Civic Data, with their own schemas.

On the fixture archive as the real build publishes it with site_url set; the same archive without
site_url differs only where the /data/ page says (links are paths, not full addresses). Where each
standard's artefacts come from: tests/standards.py.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from conftest import Build
from published import absolute_build, published_build  # noqa: F401
from standards import (
    CLASSES,
    POPOLO,
    POPOLO_SCHEMAS,
    ocd_violations,
    popolo_violations,
    require,
)

from minutebook.datapage import DEPARTURES


def documents(build: Build) -> dict[str, dict[str, Any]]:
    """Each /data/ file a standard covers; for the meetings, every year's file in full as one list."""
    found = {name: json.loads((build.site / f"data/{name}.json").read_text(encoding="utf-8")) for name in CLASSES}
    years = sorted((build.site / "data/meetings").glob("*.json"))
    assert years
    found["meetings"] = {
        "events": [e for year in years for e in json.loads(year.read_text(encoding="utf-8"))["events"]]
    }
    return found


def test_the_formats_the_standards_use_are_checked() -> None:
    # jsonschema checks "date-time" and "uri" only with rfc3339-validator and rfc3986-validator installed.
    checker = jsonschema.FormatChecker()
    assert not checker.conforms("2019-01-15", "date-time")
    assert checker.conforms("2019-01-15T14:00:00+00:00", "date-time")
    assert not checker.conforms("/people/ada/", "uri")
    assert checker.conforms("https://example.org/people/ada/", "uri")


# --- open data ------------------------------------------------------------------------------------------


def test_data_meets_open_civic_data(absolute_build: Build) -> None:  # noqa: F811
    data = documents(absolute_build)
    found = [f"{name}.json {v}" for name in CLASSES if "ocd" in CLASSES[name] for v in ocd_violations(name, data[name])]
    assert found == []


def test_data_meets_popolo_but_where_the_data_page_says(absolute_build: Build) -> None:  # noqa: F811
    data = documents(absolute_build)
    found = {(name, v.field) for name in CLASSES for v in popolo_violations(name, data[name])}
    # Every departure is documented, and every documented one is real.
    assert found == {(d.file, d.field) for d in DEPARTURES if d.standard.startswith("Popolo")}
    page = absolute_build.page("data/")
    for departure in DEPARTURES:
        assert f'<a href="{departure.file}.json">{departure.file}.json</a>' in page
        assert f"<code>{departure.field}</code>" in page and departure.standard in page
    assert "is not set" not in page


def test_data_meets_the_official_popolo_schemas_but_where_the_data_page_says(absolute_build: Build) -> None:  # noqa: F811
    data = documents(absolute_build)
    found = {(name, v.field) for name in CLASSES for v in popolo_violations(name, data[name], official=True)}
    assert found == {(d.file, d.field) for d in DEPARTURES if d.standard.startswith("Popolo")}


def test_our_popolo_rules_are_the_official_ones() -> None:
    require(POPOLO_SCHEMAS, "the Popolo schemas are copied into tests/vendor (tests/vendor/README.md)")
    compared = ("type", "format", "pattern", "required", "$ref", "items")
    for name, properties in POPOLO.items():
        official = json.loads((POPOLO_SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))["properties"]
        for field, rule in properties.items():
            theirs = {key: value for key, value in official[field].items() if key in compared}
            assert rule == theirs, (name, field)


def test_without_site_url_only_links_fall_short_and_the_data_page_says_so(published_build: Build) -> None:  # noqa: F811
    data = documents(published_build)
    documented = {(d.file, d.field) for d in DEPARTURES}
    found = [
        (name, v)
        for name in CLASSES
        for v in [
            *popolo_violations(name, data[name]),
            *(ocd_violations(name, data[name]) if "ocd" in CLASSES[name] else []),
        ]
        if (name, v.field) not in documented
    ]
    assert found and all(v.field.endswith("url") and "is not a 'uri'" in v.message for _, v in found), found
    assert "is not set, so the links in the files are paths" in published_build.page("data/")


def test_the_data_checks_catch_what_they_look_for() -> None:
    """The checks are not vacuous: the faults the standards' validators found in earlier files are caught."""
    event = {
        "id": "board/2019-01-15",
        "name": "Board, 15 January 2019",
        "start_date": "2019-01-15T14:00:00+00:00",
        "end_date": None,
        "location": {"name": "Town Hall"},
        "agenda": [{"description": "Minutes", "notes": "Agreed."}],
        "sources": [{"url": "/meetings/board/2019-01-15/", "note": ""}],
    }
    ocd = {v.field for v in ocd_violations("meetings", {"events": [event]})}
    assert ocd == {"end_date", "agenda[].notes", "sources[].url"}
    assert {v.field for v in popolo_violations("meetings", {"events": [event]})} == {"location", "sources[].url"}
    motion = {"id": "board/2019-01-15/d1", "date": "2019-01-15", "vote_events": [{"start_date": "2019-01-15"}]}
    assert {v.field for v in popolo_violations("decisions", {"motions": [motion]})} == {
        "date",
        "vote_events[].start_date",
    }
    body = {"id": "board", "name": "Board", "classification": "board", "links": []}
    assert {v.field for v in ocd_violations("bodies", {"organizations": [body]})} == {"classification"}
    seat = {"id": "board/ada", "person_id": "ada", "organization_id": "board", "role": None, "end_date": None}
    assert {v.field for v in ocd_violations("memberships", {"memberships": [seat]})} == {"role", "end_date"}
