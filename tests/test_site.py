"""End to end: real strict MkDocs builds of small archives, read back as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, Build, build_site, write_source


def text_of(html: str) -> str:
    """Visible text with tags dropped and whitespace collapsed, for phrase assertions.

    Inline tags vanish (so "<a>Bob</a>: x" reads "Bob: x"); block tags become spaces.
    """
    html = re.sub(r"</?(?:a|strong|em|span|time|abbr|code)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("archive"), FIXTURES / "archive")
    assert build.returncode == 0, build.output
    return build


def test_every_page_kind_is_at_its_permanent_url(site: Build) -> None:
    for url in [
        "meetings/finance-committee/2025-01-15/",
        "people/bob-okafor/",
        "actions/finance-committee/2025-01-15/a1/",
        "actions/",
        "decisions/finance-committee/2025-01-15/d1/",
        "decisions/",
        "bodies/finance-committee/",
        "bodies/estates-team/",
        "years/2025/",
        "years/",
        "people/",
        "bodies/",
    ]:
        assert (site.site / url / "index.html").is_file(), url


def test_meeting_page_shows_facts_attendance_items_and_neighbours(site: Build) -> None:
    html = site.page("meetings/finance-committee/2025-01-15/")
    text = text_of(html)
    assert "Wednesday 15 January 2025" in text and "6.30pm to 8.00pm" in text and "Town Hall, Room 2" in text
    assert "Approved on 12 February 2025" in text
    assert '<h3 class="mb-attendance__title">Present (3)</h3>' in html
    assert '<h3 class="mb-attendance__title">In attendance (1)</h3>' in html
    assert '<a href="../../../people/dan-reid/">Dan Reid</a>' in html
    assert re.search(r'<h2 id="item-2"[^>]*>\s*2\. Budget 2025/26', html)
    assert 'href="../../../decisions/finance-committee/2025-01-15/d1/"' in html
    assert 'href="../../../actions/finance-committee/2025-01-15/a3/"' in html
    assert "Vote: 2 for, 1 against, 0 abstaining." in text
    assert "Declaration of interest: Bob Okafor: Trustee of the Leisure Trust" in text
    assert 'rel="next" href="../2025-02-12/"' in html


def test_draft_minutes_carry_a_banner(site: Build) -> None:
    assert "Draft — not yet approved." in site.page("meetings/finance-committee/2025-03-12/")
    assert "Draft — not yet approved." not in site.page("meetings/finance-committee/2025-02-12/")


def test_action_status_history_and_carry_over_across_three_meetings(site: Build) -> None:
    text = text_of(site.page("actions/finance-committee/2025-01-15/a1/"))
    assert "Status Done" in text
    assert "12 February 2025: in progress at Finance Committee" in text
    assert "12 March 2025: done at Finance Committee" in text and "Published on 1 March." in text
    assert "Carried over 2 later meetings" in text


def test_overdue_against_the_fixed_build_date(site: Build) -> None:
    assert "mb-status--overdue" in site.page("actions/finance-committee/2025-01-15/a3/")
    assert "mb-status--overdue" not in site.page("actions/finance-committee/2025-01-15/a2/")
    index = text_of(site.page("actions/"))
    assert "3 actions: 1 open, 1 overdue, 1 done or dropped." in index


def test_person_page_counts_attendance_and_lists_what_they_did(site: Build) -> None:
    text = text_of(site.page("people/bob-okafor/"))
    assert "Attended 1 meeting; sent apologies to 1; owns 1 action." in text
    assert "Finance Committee Attended: 1 Apologies: 1 Absent: 1" in text
    assert "Voted against" in text and "Trustee of the Leisure Trust" in text
    assert "item 2, Budget 2025/26" in text  # named in the minutes as "Bob"


def test_cross_references_render_as_titled_links_and_are_listed_back(site: Build) -> None:
    html = site.page("meetings/finance-committee/2025-02-12/")
    assert (
        '<a href="../../../decisions/finance-committee/2025-01-15/d1/">'
        "Decision 1, Finance Committee, 15 January 2025</a>" in html
    )
    assert '<a href="../../../actions/finance-committee/2025-01-15/a3/">the reserves report</a>' in html
    decision = text_of(site.page("decisions/finance-committee/2025-01-15/d1/"))
    assert (
        "Referred to in Finance Committee, Wednesday 12 February 2025: item 1, Minutes of the last meeting" in decision
    )
    meeting = text_of(site.page("meetings/finance-committee/2025-01-15/"))
    assert "Referred to in" in meeting


def test_decisions_register_is_newest_first(site: Build) -> None:
    html = site.page("decisions/")
    assert html.index("finance-committee/2025-02-12/d1") < html.index("finance-committee/2025-01-15/d1")


def test_team_owned_actions_show_on_the_team_page(site: Build) -> None:
    assert "Survey the leisure centre roof" in site.page("bodies/estates-team/")


def test_home_page_shows_upcoming_and_latest(site: Build) -> None:
    text = text_of(site.page(""))
    assert "Next meeting Finance Committee: Thursday 10 December 2026, 6.30pm to 8.00pm" in text
    assert "Finance Committee, Wednesday 12 March 2025 draft" in text


def test_generated_pages_stay_out_of_the_navigation(site: Build) -> None:
    # A page the theme lays out carries only the handful of nav entries from mkdocs.yml, never one per
    # meeting or person.
    def entries(html: str) -> int:
        return html.split('<nav class="mb-nav" aria-label="Main">', 1)[1].split("</nav>", 1)[0].count("<li>")

    index = site.page("people/")
    assert entries(index) == 6 and "md-nav" not in index
    # A page the engine lays out carries the same navigation, with its section marked.
    person = site.page("people/bob-okafor/")
    assert entries(person) == 6 and "md-nav" not in person
    assert '<li><a href="../" aria-current="true">People</a></li>' in person


def test_unknown_cross_reference_fails_the_build_with_its_line(tmp_path: Path) -> None:
    source = write_source(
        tmp_path / "src",
        {
            "people.yml": "ann-lee:\n  name: Ann Lee\n",
            "bodies.yml": "board:\n  name: The Board\n  kind: board\n",
            "2025/2025-01-01-board.md": """\
            ---
            body: board
            date: 2025-01-01
            status: approved
            ---

            ## 1. Item

            See [[board/2024-12-01/d1]].
            """,
        },
    )
    build = build_site(tmp_path, source)
    assert build.returncode != 0
    assert "2025-01-01-board.md:9: [[board/2024-12-01/d1]] refers to nothing in the archive" in build.output
    assert "Traceback" not in build.output


def test_seed_archive_builds_with_all_its_people(seed_build: Build) -> None:
    people = sorted(p.name for p in (seed_build.site / "people").iterdir() if p.is_dir())
    assert len(people) == 21
    meeting = seed_build.page("meetings/improvement-board/2018-10-24/")
    assert meeting.count('<h2 id="item-') == 7 and 'id="item-6"' not in meeting
    assert '<a href="../../../bodies/social-care/">Social Care</a>' in meeting
    assert "Thursday 29 November 2018, 2.00pm to 4.30pm, Wallasey Town Hall, Committee Room 1" in text_of(meeting)
