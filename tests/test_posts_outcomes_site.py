"""Posts and motions' outcomes in a real strict build (tests/fixtures/posts), read back from what it publishes:
the post's page, the body, meeting, decision, person and register pages, open data, feeds and calendars.

A motion lost, withdrawn or deferred is never shown as a decision taken; a post is shown as "Clerk (Jane Smith)"
where bodies.yml says who held it that day, as "Clerk" where it does not."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import jsonschema
import pytest
from conftest import FIXTURES, Build, build_site

COUNCIL = "milburn-parish-council"
FIRST = f"{COUNCIL}/2021-03-04"
GAP = f"{COUNCIL}/2022-06-09"  # between the two Clerks
CLERK_PAGE = f"posts/{COUNCIL}/clerk/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("posts"), FIXTURES / "posts")
    assert build.returncode == 0, build.output
    return build


def text_of(html: str) -> str:
    """The page's main content as a reader sees it: tags dropped, whitespace collapsed."""
    match = re.search(r"<article\b.*?</article>", html, re.S)
    body = match.group(0) if match else html
    body = re.sub(r"</?(?:a|strong|em|span|time|abbr|code)\b[^>]*>", "", body)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def rows(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with ``caption``, as text, row by row."""
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", html, re.S)
    assert table, caption
    body = table.group(1).split("</thead>", 1)[-1]
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def entries(html: str, label: str) -> list[dict[str, str]]:
    """The entries of the list named ``label`` (a list of actions, say): each one's words and labelled facts."""
    found = re.search(r'<ul class="[^"]*" aria-label="' + re.escape(label) + r'">(.*?)</ul>', html, re.S)
    assert found, label
    result = []
    for item in re.findall(r"<li\b[^>]*>(.*?)</li>", found.group(1), re.S):
        words = re.search(r'<p class="mb-record__words">(.*?)</p>', item, re.S)
        facts = re.findall(
            r'<span class="mb-fact__label">([^<]*):</span>(.*?)</span>(?=\s*(?:<span class="mb-fact">|</p>))',
            item,
            re.S,
        )
        result.append({"words": text_of(words.group(1)) if words else "", **{k: text_of(v) for k, v in facts}})
    return result


def year_data(site: Build, year: int) -> Any:
    """``data/meetings/<year>.json``, checked against its schema as ``data`` checks the other files."""
    document = json.loads((site.site / "data" / "meetings" / f"{year}.json").read_text(encoding="utf-8"))
    schema = json.loads((site.site / "data/schema/meetings-year.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    return document


def data(site: Build, name: str) -> Any:
    document = json.loads((site.site / "data" / f"{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((site.site / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)  # what is published matches what it promises
    return document


# --- the post's page -------------------------------------------------------------------------------------


def test_the_post_page_lists_its_holders(site: Build) -> None:
    html = site.page(CLERK_PAGE)
    assert "<h1>Clerk, Milburn Parish Council</h1>" in html
    text = text_of(html)
    assert "A post of Milburn Parish Council, also written Parish Clerk, Clerk to the Council, Proper Officer." in text
    assert "Held now by Tom Price." in text
    assert "Owns 4 actions (3 still to do); attended 3 meetings." in text
    assert rows(html, "Holders of the post, as Milburn Parish Council records them") == [
        ["Jane Smith", "1 January 2019", "31 March 2022"],
        ["Tom Price", "1 January 2023", "No end date"],
    ]
    assert f"/posts/{COUNCIL}/clerk/" in text  # its permanent address


def test_the_post_page_lists_its_actions_still_to_do_first(site: Build) -> None:
    html = site.page(CLERK_PAGE)
    listed = entries(html, "Actions owned by the Clerk")
    links = re.findall(r'<p class="mb-record__words"><a href="[./]*actions/([^"]+)/">', html)
    assert list(zip(links, [entry["Status"] for entry in listed], strict=True)) == [
        (f"{COUNCIL}/2023-02-02/a1", "Open"),
        (f"{GAP}/a1", "Open"),
        (f"{FIRST}/a2", "Open"),
        (f"{FIRST}/a1", "Done"),
    ]
    # The owner as the minutes named it: the post, and who held it when the action was raised.
    assert [entry.get("Owner") or entry.get("Owners") for entry in listed] == [
        "Clerk (Tom Price)",
        "Clerk",
        "Clerk (Jane Smith) and Cllr Bob Jones",
        "Clerk (Jane Smith)",
    ]


def test_the_post_page_lists_the_meetings_it_attended_with_the_holder_of_the_day(site: Build) -> None:
    html = site.page(CLERK_PAGE)
    assert rows(html, "Every meeting whose minutes name the Clerk in their attendance") == [
        ["Milburn Parish Council, Thursday 2 February 2023 draft", "In attendance", "Tom Price"],
        ["Milburn Parish Council, Thursday 9 June 2022", "In attendance", "Not recorded"],
        ["Milburn Parish Council, Thursday 4 March 2021", "In attendance", "Jane Smith"],
    ]
    assert '<a href="../../../meetings/milburn-parish-council/2022-06-09/">' in html


def test_a_post_with_no_holders_says_so_and_lists_the_meetings_it_chaired(site: Build) -> None:
    text = text_of(site.page(f"posts/{COUNCIL}/chair/"))
    assert "Who has held this post is not recorded. The minutes name the post, not the person." in text
    assert "The minutes give the Chair no actions." in text
    assert "Meetings chaired Milburn Parish Council, Thursday 4 March 2021" in text


def test_another_body_s_post_has_its_page_too(site: Build) -> None:
    text = text_of(site.page("posts/milburn-school/head-teacher/"))
    assert "Head teacher, Milburn Primary School Governing Body" in text
    assert "Milburn Parish Council, Thursday 4 March 2021 In attendance Not recorded" in text


def test_there_is_no_posts_index_page(site: Build) -> None:
    # Posts are listed on their bodies' pages; /posts/ and /posts/<body>/ are not addresses of the archive.
    assert not (site.site / "posts" / "index.html").exists()
    assert not (site.site / "posts" / COUNCIL / "index.html").exists()


# --- where posts appear ------------------------------------------------------------------------------------


def test_the_body_page_lists_its_posts_and_who_holds_them_now(site: Build) -> None:
    html = site.page(f"bodies/{COUNCIL}/")
    assert [
        (e["words"], e["Held now by"], e["Open actions"])
        for e in entries(html, "Posts of Milburn Parish Council, and who holds them now")
    ] == [("Clerk", "Tom Price", "3"), ("Chair", "not recorded", "0")]
    assert f'href="../../{CLERK_PAGE}"' in html
    assert 'id="posts"' not in site.page("bodies/allotments-team/")  # a body without posts has no such section


def test_the_meeting_page_shows_a_post_with_its_holder_or_alone(site: Build) -> None:
    html = site.page(f"meetings/{FIRST}/")
    clerk = (
        '<a href="../../../posts/milburn-parish-council/clerk/">Clerk</a> '
        '(<a href="../../../people/jane-smith/">Jane Smith</a>)'
    )
    role = '<span class="mb-attendance__role mb-role">, Responsible Financial Officer</span>'
    assert f"<li>{clerk}{role}</li>" in html
    assert '<li><a href="../../../posts/milburn-school/head-teacher/">Head teacher</a></li>' in html
    assert '<dt>Chair</dt><dd><a href="../../../posts/milburn-parish-council/chair/">Chair</a></dd>' in html
    assert f'<span class="mb-fact__label">Owner:</span> {clerk}</span>' in html  # an action owned by the post
    gap = site.page(f"meetings/{GAP}/")
    assert '<li><a href="../../../posts/milburn-parish-council/clerk/">Clerk</a>' in gap


def test_a_holder_s_page_lists_the_posts_held_and_the_meetings_attended_as_the_post(site: Build) -> None:
    html = site.page("people/jane-smith/")
    text = text_of(html)
    assert "Posts held Clerk, Milburn Parish Council (1 January 2019 to 31 March 2022)" in text
    assert (
        "Meetings Milburn Parish Council, Thursday 4 March 2021: In attendance, as Responsible Financial Officer, "
        "as the Clerk"
    ) in text
    assert "Attended 1 meeting." in text
    assert "Posts held Clerk, Milburn Parish Council (from 1 January 2023)" in text_of(site.page("people/tom-price/"))


def test_the_actions_index_groups_a_post_s_actions_under_the_post(site: Build) -> None:
    text = text_of(site.page("actions/"))
    assert "Clerk, Milburn Parish Council Book the hall for the annual meeting. Open Tell the contractor. Open" in text


# --- motions not carried -----------------------------------------------------------------------------------


def test_a_lost_motion_s_page_says_lost_and_never_decision(site: Build) -> None:
    html = site.page(f"decisions/{FIRST}/d2/")
    assert "<h1>Lost motion 2, Milburn Parish Council, 4 March 2021</h1>" in html
    assert "<title>Lost motion 2, Milburn Parish Council, 4 March 2021" in html
    text = text_of(html)
    assert "Lost. The motion was lost: the meeting did not agree it." in text
    assert "Outcome Lost" in text
    assert "Proposed by Cllr Bob Jones Seconded by Chair" in text
    assert "Vote 4 for, 5 against, 1 abstaining" in text
    assert "Decision 2" not in text
    # The description search engines show says what happened, never "decided".
    assert 'content="Lost: To adopt the revised Standing Orders. A motion at Milburn Parish Council on ' in html


def test_withdrawn_and_deferred_motions_say_so(site: Build) -> None:
    withdrawn = text_of(site.page(f"decisions/{FIRST}/d3/"))
    assert withdrawn.startswith("Withdrawn motion 3, Milburn Parish Council, 4 March 2021 Withdrawn.")
    assert "The motion was withdrawn: no decision was taken on it." in withdrawn
    deferred = text_of(site.page(f"decisions/{FIRST}/d4/"))
    assert "Deferred. The motion was deferred: no decision was taken on it at this meeting." in deferred


def test_a_decision_taken_is_shown_as_before(site: Build) -> None:
    text = text_of(site.page(f"decisions/{FIRST}/d1/"))
    assert text.startswith("Decision 1, Milburn Parish Council, 4 March 2021")
    assert "Outcome" not in text and "motion" not in text  # a plain decision is not dressed as a motion
    carried = text_of(site.page(f"decisions/{FIRST}/d5/"))
    assert "Outcome Carried Proposed by Cllr Amy Brown Vote 7 for, 1 against, 0 abstaining" in carried


def test_the_meeting_page_sets_motions_not_carried_apart_in_words(site: Build) -> None:
    html = site.page(f"meetings/{FIRST}/")
    text = text_of(html)
    assert (
        "Decision 1 Copy link to decision 1 The minutes of the previous meeting were agreed as a true record." in text
    )
    assert (
        "Lost motion 2 Copy link to lost motion 2 To adopt the revised Standing Orders. Lost. The motion was lost: "
        "the meeting did not agree it. Proposed by Cllr Bob Jones; seconded by the Chair. "
        "Vote: 4 for, 5 against, 1 abstaining." in text
    )
    assert "Withdrawn motion 3 Copy link to withdrawn motion 3 To buy a second bench for the green. Withdrawn." in text
    assert "Deferred motion 4 Copy link to deferred motion 4 To resurface the car park. Deferred." in text
    assert "Decision 2" not in text and "Decision 3" not in text and "Decision 4" not in text
    assert "2 decisions, 3 motions not carried" in text  # the summary never counts a motion lost as a decision
    assert '<div class="mb-decision mb-decision--not-carried" id="d2">' in html
    assert '<div class="mb-decision" id="d5">' in html


def test_the_register_marks_each_motion_not_carried(site: Build) -> None:
    html = site.page("decisions/")
    text = text_of(html)
    assert "4 decisions and 3 motions not carried (lost, withdrawn or deferred), newest first." in text
    # Each entry: the outcome in words before a motion not carried, then its words, linking its page.
    register = {
        uid: text_of(entry)
        for entry, uid in re.findall(r'<p class="mb-record__words">(.*?href="([^"]+/d\d+)/">.*?)</p>', html, re.S)
    }
    assert register[f"{FIRST}/d2"] == "Lost: To adopt the revised Standing Orders."
    assert register[f"{FIRST}/d3"] == "Withdrawn: To buy a second bench for the green."
    assert register[f"{FIRST}/d4"] == "Deferred: To resurface the car park."
    assert register[f"{FIRST}/d1"] == "The minutes of the previous meeting were agreed as a true record."
    assert "Decisions register (4 decisions)" in text_of(site.page(""))  # the home page counts decisions taken


# --- open data, feeds, calendars ---------------------------------------------------------------------------


def test_open_data_carries_each_motion_s_outcome_and_movers(site: Build) -> None:
    motions = {m["id"]: m for m in data(site, "decisions")["motions"]}
    lost = motions[f"{FIRST}/d2"]
    assert (lost["outcome"], lost["result"]) == ("lost", "fail")
    assert lost["proposed_by"] == {"person_id": "bob-jones", "post_id": None}
    assert lost["seconded_by"] == {"person_id": None, "post_id": f"{COUNCIL}/chair"}
    assert lost["vote_events"][0]["result"] == "fail"
    assert [c["value"] for c in lost["vote_events"][0]["counts"]] == [4, 5, 1]
    assert (motions[f"{FIRST}/d3"]["outcome"], motions[f"{FIRST}/d3"]["result"]) == ("withdrawn", None)
    # Deferred 5-0: the vote was to defer, not to carry; nothing is published as passed.
    deferred = motions[f"{FIRST}/d4"]
    assert (deferred["outcome"], deferred["result"], deferred["vote_events"][0]["result"]) == ("deferred", None, None)
    carried = motions[f"{FIRST}/d5"]
    assert (carried["outcome"], carried["result"], carried["seconded_by"]) == ("carried", "pass", None)
    assert (motions[f"{FIRST}/d1"]["outcome"], motions[f"{FIRST}/d1"]["result"]) == ("carried", None)


def test_open_data_carries_posts_never_as_people(site: Build) -> None:
    assert {p["id"] for p in data(site, "people")["people"]} == {"amy-brown", "bob-jones", "jane-smith", "tom-price"}
    bodies = {b["id"]: b for b in data(site, "bodies")["organizations"]}
    clerk = bodies[COUNCIL]["posts"][0]
    assert (clerk["id"], clerk["label"], clerk["organization_id"]) == (f"{COUNCIL}/clerk", "Clerk", COUNCIL)
    assert clerk["holders"] == [
        {"person_id": "jane-smith", "start_date": "2019-01-01", "end_date": "2022-03-31"},
        {"person_id": "tom-price", "start_date": "2023-01-01", "end_date": None},
    ]
    assert clerk["links"] == [{"url": f"/{CLERK_PAGE}", "note": "Page in the archive"}]
    events = {e["id"]: e for year in data(site, "meetings")["years"] for e in year_data(site, year["year"])["events"]}
    first = events[FIRST]
    assert [(p["entity_type"], p["entity_id"], p["name"], p["note"]) for p in first["participants"][:2]] == [
        ("organization", COUNCIL, "Milburn Parish Council", "host"),
        ("post", f"{COUNCIL}/chair", "Chair", "chair"),
    ]
    assert [(a["person_id"], a["post_id"], a["name"]) for a in first["attendance"] if a["post_id"]] == [
        (None, f"{COUNCIL}/chair", "Chair"),
        ("jane-smith", f"{COUNCIL}/clerk", "Clerk (Jane Smith)"),
        (None, "milburn-school/head-teacher", "Head teacher"),
    ]
    actions = {a["id"]: a for a in data(site, "actions")["actions"]}
    assert actions[f"{FIRST}/a1"]["owners"] == [
        {
            "entity_type": "post",
            "entity_id": f"{COUNCIL}/clerk",
            "name": "Clerk (Jane Smith)",
            "holder_id": "jane-smith",
        }
    ]
    assert actions[f"{GAP}/a1"]["owners"][0]["holder_id"] is None


def test_the_attendance_spreadsheet_gives_a_post_as_the_role_held(site: Build) -> None:
    text = (site.site / "data" / "attendance.csv").read_text(encoding="utf-8-sig")
    table = [row for row in csv.DictReader(io.StringIO(text)) if row["meeting"] == GAP]
    assert [(row["person"], row["name"], row["role"]) for row in table] == [
        ("amy-brown", "Cllr Amy Brown", "Chair"),
        ("bob-jones", "Cllr Bob Jones", ""),
        ("", "Clerk", "Clerk"),
    ]


def test_feeds_and_calendars_never_count_or_present_a_motion_not_carried_as_a_decision(site: Build) -> None:
    decisions = (site.site / "feeds" / "decisions.atom").read_text(encoding="utf-8")
    (entry,) = [entry for entry in decisions.split("<entry>") if f"<id>urn:minutebook:{FIRST}/d2</id>" in entry]
    assert "<title>Lost motion 2, Milburn Parish Council, 4 March 2021</title>" in entry
    assert "<summary>Lost: To adopt the revised Standing Orders. (vote: 4 for, 5 against, 1 abstained)" in entry
    minutes = (site.site / "feeds" / "minutes.atom").read_text(encoding="utf-8")
    assert "2 decisions, 2 new actions." in minutes  # the meeting of 4 March 2021: 2 taken, 3 not
    calendar = (site.site / "calendar" / "meetings.ics").read_text(encoding="utf-8")
    assert "Approved minutes (agreed 9 June 2022). 2 decisions\\, 2 new actions." in calendar.replace("\n ", "")
