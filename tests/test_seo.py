"""What search engines and shared links read: canonical addresses, descriptions written from each page,
Open Graph, and schema.org JSON-LD (an Event for each meeting, a BreadcrumbList for each trail)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from conftest import Build, build_site, config_with_settings
from test_agenda import UPCOMING, make_agenda_repo

from minutebook.seo import json_ld

SITE = "https://minutes.example.org/"
MEETING = "meetings/health-scrutiny/2026-01-22/"
COMMITTEE = "Health and Wellbeing Overview and Scrutiny Committee of the Merseyside and Cheshire Combined Authority"


def meta(page: str, key: str) -> str | None:
    """The content of the page's <meta name=key> or <meta property=key>."""
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', page)
    return html.unescape(found.group(1)) if found else None


def structured(page: str) -> list[dict[str, object]]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]


def test_structured_data_is_compact_json_that_cannot_end_its_script_element() -> None:
    data = {"name": "Cllr Siobhán Ní Bhraonáin </script><b>", "position": 1}
    text = json_ld(data)
    assert text == '{"name":"Cllr Siobhán Ní Bhraonáin \\u003c/script\\u003e\\u003cb\\u003e","position":1}'
    assert json.loads(text) == data


def test_every_page_has_a_description_and_open_graph_title(reading_published: Build) -> None:
    for page in reading_published.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(reading_published.site).as_posix()
        if where == "404.html":
            continue
        assert meta(text, "description"), where
        assert meta(text, "og:title") and meta(text, "og:description") == meta(text, "description"), where


def test_descriptions_are_written_from_what_each_page_shows(reading_published: Build) -> None:
    build = reading_published
    assert meta(build.page(MEETING), "description") == (
        f"Minutes of {COMMITTEE} on 22 January 2026: 3 decisions and 12 actions. Agenda: Minutes of the previous…"
    )
    draft = meta(build.page("meetings/environment-board/2026-03-05/"), "description")
    assert draft and draft.startswith("Draft minutes (not yet approved) of Environment Board on 5 March 2026")
    decision = meta(build.page("decisions/health-scrutiny/2026-01-22/d2/"), "description")
    assert decision and decision.startswith("The committee resolved that (a) the Health and Wellbeing Strategy")
    assert decision.endswith(f"… Decided by {COMMITTEE} on 22 January 2026.")
    assert meta(build.page("actions/health-scrutiny/2026-01-22/a4/"), "description") == (
        "Meet the Integrated Care Board about waiting times for children's mental health services. Owners: "
        "Cllr Oluwaseun Adeyemi-Whitfield and Cllr Siobhán Ní Bhraonáin. Status: open."
    )
    assert meta(build.page("people/jo-lee/"), "description") == (
        "Jo Lee in the minutes: attended 2 meetings; owns 1 action, 1 still open. At meetings of Environment Board "
        "and Health and Wellbeing Overview and Scrutiny Committee of the Merseyside and Cheshire…"
    )
    assert meta(build.page("bodies/health-scrutiny/"), "description") == (
        f"Minutes of {COMMITTEE}: 2 meetings from 2025 to 2026. Next meeting: 3 December 2026."
    )


def test_canonical_and_shared_addresses_only_when_site_url_is_set(
    reading_published: Build, reading_build: Build
) -> None:
    page = reading_published.page(MEETING)
    assert f'<link rel="canonical" href="{SITE}{MEETING}">' in page
    assert meta(page, "og:url") == SITE + MEETING
    assert meta(reading_published.page(""), "og:url") == SITE
    assert 'rel="canonical"' not in reading_build.page(MEETING) and meta(reading_build.page(MEETING), "og:url") is None


def test_a_meeting_is_an_event_with_its_place_status_and_uk_times(reading_published: Build) -> None:
    [trail, event] = structured(reading_published.page(MEETING))
    assert event["@type"] == "Event" and event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["startDate"] == "2026-01-22T10:00:00+00:00" and event["endDate"] == "2026-01-22T13:15:00+00:00"
    assert event["location"] == {
        "@type": "Place",
        "name": "Council Chamber, Birkenhead Town Hall, Hamilton Square, Birkenhead CH41 5BR",
        "address": "Council Chamber, Birkenhead Town Hall, Hamilton Square, Birkenhead CH41 5BR",
    }
    assert event["organizer"] == {"@type": "Organization", "name": COMMITTEE, "url": SITE + "bodies/health-scrutiny/"}
    assert event["url"] == SITE + MEETING
    assert trail["@type"] == "BreadcrumbList"
    # The page's own entry needs no address: it is the page's.
    assert [(item["position"], item["name"], item.get("item")) for item in trail["itemListElement"]] == [  # type: ignore[attr-defined]
        (1, "Home", SITE),
        (2, COMMITTEE, SITE + "bodies/health-scrutiny/"),
        (3, f"{COMMITTEE}, 22 January 2026", None),
    ]


def test_announced_meetings_are_events_on_the_home_body_and_year_pages(reading_published: Build) -> None:
    for url in ("", "bodies/health-scrutiny/", "years/2026/"):
        events = [block for block in structured(reading_published.page(url)) if block["@type"] == "Event"]
        assert [event["startDate"] for event in events] == ["2026-12-03T10:00:00+00:00"], url
    assert [b["@type"] for b in structured(reading_published.page("years/2025/"))] == ["BreadcrumbList"]


def test_without_site_url_the_structured_data_links_relative_to_the_page(reading_build: Build) -> None:
    [trail, event] = structured(reading_build.page(MEETING))
    assert [item.get("item") for item in trail["itemListElement"]] == [
        "../../..",
        "../../../bodies/health-scrutiny/",
        None,
    ]  # type: ignore[attr-defined]
    assert event["url"] == "./"


def test_an_agenda_is_described_as_an_agenda_not_as_minutes(tmp_path: Path) -> None:
    config = config_with_settings(tmp_path, "publisher: Eastmere Council", site_url=SITE)
    build = build_site(tmp_path, make_agenda_repo(tmp_path / "repo").source, config=config)
    assert build.returncode == 0, build.output
    page = build.page(f"meetings/{UPCOMING}/")
    assert meta(page, "description") == (
        "Agenda of Audit Committee on 2 December 2026, with the papers; minutes will follow. "
        "Items: Apologies for absence; Internal audit; Risk register; Contract award."
    )
    (event,) = [data for data in structured(page) if data["@type"] == "Event"]
    assert event["description"] == meta(page, "description")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
