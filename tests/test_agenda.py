"""Agendas: a meeting's file published before it (status: agenda), checked, built and followed.

The archive is a real git repository: the Audit Committee met on 7 October 2026 (approved minutes
that announce 2 December), its agenda for 4 November was published and never minuted, and its
agenda for 2 December is published with a paper for each item and an exempt item. The build date
is 25 November 2026 (conftest's FIXED_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Build, build_site, config_with_settings
from gitarchive import GitArchive
from icalendar import Calendar
from test_confidential import scan

from minutebook.errors import MinutesError
from minutebook.load import load_archive
from minutebook.model import MinutesStatus

TODAY = dt.date(2026, 11, 25)
UPCOMING = "audit-committee/2026-12-02"
OVERDUE = "audit-committee/2026-11-04"
PEOPLE = """
ada-lovelace:
  name: Ada Lovelace
grace-hopper:
  name: Grace Hopper
  honorific: Cllr
"""
BODIES = """
audit-committee:
  name: Audit Committee
  kind: committee
"""
HELD = """
---
body: audit-committee
date: 2026-10-07
status: approved
approved_at: 2026-11-04
present: [ada-lovelace]
decisions:
  - {id: 1, item: 1, text: The accounts were noted.}
next_meeting: {date: 2026-12-02, start: "18:00", location: Town Hall}
---

## 1. Accounts

Noted.
"""
PAST_AGENDA = """
---
body: audit-committee
date: 2026-11-04
status: agenda
---

## 1. Minutes of the previous meeting
"""
AGENDA = """
---
body: audit-committee
date: 2026-12-02
status: agenda
start: "18:00"
end: "20:00"
location: Town Hall, Committee Room 2
documents:
  - {title: Internal audit report, path: documents/2026-12-02-audit.pdf, item: 2}
  - {title: Risk register, url: "https://example.org/risks", item: "3"}
  - {title: Terms of reference, path: documents/terms.pdf}
confidential:
  - {item: 4, reason: "Schedule 12A paragraph 3", summary: A contract will be considered in private.}
---

## 1. Apologies for absence

## 2. Internal audit

To receive the internal audit report for the half year. zqagendapublic

## 3. Risk register

## 4. Contract award

zqagendaexempt: the name of the bidder. <!-- zqagendacomment -->
"""


def make_agenda_repo(root: Path) -> GitArchive:
    """Minutes of 7 October, an agenda for 4 November never minuted, and the agenda for 2 December."""
    repo = GitArchive(root)
    papers = {"documents/2026-12-02-audit.pdf": "%PDF-1.4\n", "documents/terms.pdf": "%PDF-1.4\n"}
    repo.commit("Minutes of 7 October", "2026-10-09T10:00:00+01:00", {"people.yml": PEOPLE, "bodies.yml": BODIES})
    repo.commit("Approved", "2026-11-05T10:00:00Z", {"2026/2026-10-07.md": HELD})
    repo.commit("Agenda for 4 November", "2026-10-28T10:00:00Z", {"2026/2026-11-04.md": PAST_AGENDA})
    repo.commit("Agenda for 2 December", "2026-11-24T09:00:00Z", {"2026/2026-12-02.md": AGENDA, **papers})
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitArchive:
    return make_agenda_repo(tmp_path_factory.mktemp("agenda") / "repo")


def test_an_agenda_is_a_meeting_with_its_items_and_papers(repo: GitArchive) -> None:
    archive = load_archive(repo.source, today=TODAY)
    agenda = archive.meeting_by_id[UPCOMING]
    assert agenda.status is MinutesStatus.AGENDA and agenda.is_agenda
    assert [(d.title, d.item) for d in agenda.documents] == [
        ("Internal audit report", "2"),
        ("Risk register", "3"),
        ("Terms of reference", ""),
    ]
    assert [d.title for d in agenda.papers("2")] == ["Internal audit report"]
    assert agenda.item("4") is not None and agenda.item("4").text == ""  # exempt: dropped at load
    # Upcoming: the agenda, not the announcement of the same meeting in the last minutes.
    assert [(u.next_meeting.date, u.agenda.id if u.agenda else None) for u in archive.upcoming] == [
        (dt.date(2026, 12, 2), UPCOMING)
    ]


def test_what_only_the_meeting_records_is_an_error_in_an_agenda(tmp_path: Path, repo: GitArchive) -> None:
    source = tmp_path / "minutes"
    source.mkdir()
    (source / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (source / "bodies.yml").write_text(BODIES, encoding="utf-8")
    text = PAST_AGENDA.lstrip().replace(
        "status: agenda\n",
        "status: agenda\npresent: [ada-lovelace]\ndecisions:\n  - {id: 1, item: 1, text: Agreed.}\nactions: []\n",
    )
    (source / "agenda.md").write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as raised:
        load_archive(source, history=False)
    assert [str(problem).split(str(tmp_path))[-1] for problem in raised.value.problems] == [
        "/minutes/agenda.md:5: present: an agenda (status: agenda) has no attendance yet: the meeting has not "
        "happened; remove it, or set status: draft if these are now the minutes",
        "/minutes/agenda.md:7: decisions: an agenda (status: agenda) has no decisions yet: the meeting has not "
        "happened; remove it, or set status: draft if these are now the minutes",
    ]  # an empty list (actions: []) is no problem: it is what `new` writes


def test_a_paper_for_an_item_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "minutes"
    source.mkdir()
    (source / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (source / "bodies.yml").write_text(BODIES, encoding="utf-8")
    text = PAST_AGENDA.lstrip().replace(
        "status: agenda\n", 'status: agenda\ndocuments:\n  - {title: Report, url: "https://example.org/r", item: 7}\n'
    )
    (source / "agenda.md").write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as raised:
        load_archive(source, history=False)
    (problem,) = raised.value.problems
    assert problem.line == 6
    assert problem.message == "documents[0].item: item 7 has no '## 7. Title' heading in the minutes (items: 1)"


def test_check_warns_of_an_agenda_whose_day_has_passed_with_how_many_days(repo: GitArchive) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/minutes.py"), "check", str(repo.source)],
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "1795564800", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{repo.source}/2026/2026-11-04.md:4: warning: status: the meeting was 21 days ago (2026-11-04) and this is "
        "still its agenda; write the minutes into this file and set status: draft"
    ]
    assert "no mistakes; 1 warning above" in done.stdout


def test_make_new_agenda_starts_an_agenda_that_passes_the_check(tmp_path: Path) -> None:
    source = tmp_path / "minutes"
    source.mkdir()
    (source / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (source / "bodies.yml").write_text(BODIES, encoding="utf-8")
    (source / "2026").mkdir()
    (source / "2026/2026-10-07.md").write_text(HELD.lstrip(), encoding="utf-8")
    done = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "new", f"SOURCE={source}", "BODY=Audit Committee", "AGENDA=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = source / "2026/2026-12-02-audit-committee.md"
    assert f"{written}: written, with the date, start and place that" in done.stdout
    text = written.read_text(encoding="utf-8")
    assert "status: agenda\n" in text and 'start: "18:00"\n' in text and "present" not in text
    archive = load_archive(source, today=TODAY, history=False)
    assert archive.meeting_by_id[UPCOMING].is_agenda
    assert [item.title for item in archive.meeting_by_id[UPCOMING].items] == [
        "Apologies for absence",
        "Minutes of the previous meeting",
    ]


@pytest.fixture(scope="module")
def site(repo: GitArchive, tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("agenda-site")
    config = config_with_settings(folder, "publisher: Eastmere Council", site_url="https://minutes.example.org/")
    build = build_site(folder, repo.source, config=config)
    assert build.returncode == 0, build.output
    return build


def test_the_agenda_page_says_minutes_will_follow_with_papers_and_add_to_calendar(site: Build) -> None:
    html = site.page(f"meetings/{UPCOMING}/")
    assert "<strong>Agenda — minutes will follow.</strong>" in html
    assert "<dt>Status</dt><dd>Agenda: the meeting has not been minuted yet</dd>" in html
    assert 'id="attendance"' not in html  # nothing to say before the meeting
    assert '<p class="mb-papers__title">Papers for item 2:</p>' in html
    assert '<a href="../../../documents/2026-12-02-audit.pdf">Internal audit report</a>' in html
    assert '<a href="https://example.org/risks">Risk register</a>' in html
    assert (
        '<a class="mb-calendar-link" href="../../../calendar/meetings/audit-committee/2026-12-02.ics" '
        'type="text/calendar" download>Add this meeting to your calendar</a>'
    ) in html
    assert "A contract will be considered in private." in html
    assert (site.site / "documents/2026-12-02-audit.pdf").is_file()


def test_an_agenda_whose_day_has_passed_says_its_minutes_are_awaited(site: Build) -> None:
    html = site.page(f"meetings/{OVERDUE}/")
    assert "This meeting was due on Wednesday 4 November 2026. Its minutes have not been published yet" in html
    assert "Add this meeting to your calendar" not in html


def test_the_calendar_file_is_the_one_meeting_with_the_uid_its_minutes_keep(site: Build) -> None:
    calendar = Calendar.from_ical((site.site / f"calendar/meetings/{UPCOMING}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{UPCOMING}@minutes.example.org"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 2, 18, 0, tzinfo=event.decoded("DTSTART").tzinfo)
    assert str(event["LOCATION"]) == "Town Hall, Committee Room 2"
    assert str(event["URL"]) == f"https://minutes.example.org/meetings/{UPCOMING}/"
    assert "Agenda published, minutes will follow" in str(event["DESCRIPTION"])
    # The body's calendar has it once: as the agenda, not again as announced by the last minutes.
    body = Calendar.from_ical((site.site / "calendar/bodies/audit-committee.ics").read_bytes())
    assert [str(e["UID"]) for e in body.walk("VEVENT")].count(f"{UPCOMING}@minutes.example.org") == 1


def test_the_body_page_and_home_page_list_it_as_upcoming(site: Build) -> None:
    body = site.page("bodies/audit-committee/")
    assert (
        '<h2 id="next-meeting">Next meeting</h2>\n<ul class="mb-next__list"><li>'
        '<time datetime="2026-12-02">Wednesday 2 December 2026</time>, 6.00pm to 8.00pm, '
        'Town Hall, Committee Room 2. <a href="../../meetings/audit-committee/2026-12-02/">Agenda and papers</a></li>'
    ) in body
    home = (site.site / "index.html").read_text(encoding="utf-8")
    assert 'Town Hall, Committee Room 2. <a href="meetings/audit-committee/2026-12-02/">Agenda and papers</a>' in home
    latest = home[home.index('id="latest"') :]
    assert "2 December 2026" not in latest[: latest.index("</ul>")]  # an agenda is not minutes


def test_open_data_has_the_agenda_as_a_confirmed_event_with_its_items(site: Build) -> None:
    (brief,) = [
        m
        for m in json.loads((site.site / "data/meetings.json").read_text(encoding="utf-8"))["events"]
        if m["id"] == UPCOMING
    ]
    assert brief["data"].endswith("data/meetings/2026.json")  # the year's file holds it in full
    meetings = json.loads((site.site / "data/meetings/2026.json").read_text(encoding="utf-8"))["events"]
    (event,) = [m for m in meetings if m["id"] == UPCOMING]
    assert event["status"] == "confirmed" and event["minutes"] is None
    assert [(item["order"], item["description"]) for item in event["agenda"]] == [
        ("1", "Apologies for absence"),
        ("2", "Internal audit"),
        ("3", "Risk register"),
        ("4", "Contract award"),
    ]
    assert event["agenda"][1]["notes"] == ["To receive the internal audit report for the half year. zqagendapublic"]
    assert event["documents"][0] == {
        "name": "Internal audit report",
        "url": "https://minutes.example.org/documents/2026-12-02-audit.pdf",
        "item": "2",
    }
    assert [v["label"] for v in event["versions"]] == ["Agenda published"]
    assert [m["id"] for m in meetings].count(UPCOMING) == 1  # not again as announced


def test_the_body_feed_carries_the_agenda(site: Build) -> None:
    feed = (site.site / "feeds/bodies/audit-committee.atom").read_text(encoding="utf-8")
    assert "<title>Audit Committee, 2 December 2026 (agenda)</title>" in feed
    # Published when its agenda was first committed, not on the meeting day still to come.
    entry = feed[feed.index("<title>Audit Committee, 2 December 2026 (agenda)</title>") :]
    assert "<published>2026-11-24T00:00:00+00:00</published>" in entry[: entry.index("</entry>")]


def test_an_agenda_publishes_none_of_its_exempt_text_or_notes(site: Build) -> None:
    found = scan(site.site, ("zqagendaexempt", "zqagendacomment", "zqagendapublic"))
    assert found["zqagendaexempt"] == [] and found["zqagendacomment"] == []
    assert f"meetings/{UPCOMING}/index.html" in found["zqagendapublic"]


def test_the_format_reference_agenda_example_passes_the_checker(tmp_path: Path) -> None:
    reference = (ROOT / "docs/format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```markdown\n(.*?)^```$", reference, re.M | re.S)
    (example,) = [block for block in blocks if "status: agenda" in block]
    source = tmp_path / "minutes"
    (source / "2026").mkdir(parents=True)
    (source / "documents").mkdir()
    (source / "documents/2026-12-02-audit.pdf").write_text("%PDF-1.4\n", encoding="utf-8")
    (source / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (source / "bodies.yml").write_text(BODIES, encoding="utf-8")
    (source / "2026/2026-12-02-audit-committee.md").write_text(example, encoding="utf-8")
    archive = load_archive(source, today=TODAY, history=False)
    assert archive.meeting_by_id[UPCOMING].is_agenda
    assert [d.item for d in archive.meeting_by_id[UPCOMING].documents] == ["2", "3"]


def test_search_labels_an_agenda_and_can_pick_agendas_out(site: Build) -> None:
    html = site.page(f"meetings/{UPCOMING}/")
    assert ' data-v0="Agenda"' in html
    assert 'data-pagefind-filter="kind[data-v0], ' in html and 'data-pagefind-meta="kind[data-v0], ' in html
    held = site.page("meetings/audit-committee/2026-10-07/")
    assert ' data-v0="Meeting"' in held and 'data-pagefind-filter="kind[data-v0], ' in held
    script = (site.site / "assets/mb-search.js").read_text(encoding="utf-8")
    assert '<option value="Agenda">Agendas</option>' in script
