"""Posts (bodies.yml's offices: Clerk, Chair, Head teacher), straight from the engine: how they load, how
meetings name them, and who held them on the day. Mistakes are `path:line` problems (more in tests/fixtures/bad/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIXTURES, write_source

from minutebook.archive import Archive
from minutebook.errors import MinutesError
from minutebook.load import load_archive
from minutebook.model import Named, OwnerRef
from minutebook.references import resolve_named, resolve_owner
from minutebook.registry import Registry, load_registry

TODAY = dt.date(2026, 11, 25)
COUNCIL = "milburn-parish-council"
CLERK = f"{COUNCIL}/clerk"
DURING_JANE = dt.date(2021, 3, 4)


@pytest.fixture(scope="module")
def registry() -> Registry:
    registry, problems = load_registry(FIXTURES / "posts")
    assert problems == []
    return registry


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(FIXTURES / "posts", today=TODAY)


def test_posts_load_with_their_names_aliases_and_holders(registry: Registry) -> None:
    clerk = registry.posts[CLERK]
    assert (clerk.body, clerk.id, clerk.name) == (COUNCIL, "clerk", "Clerk")
    assert clerk.aliases == ("Parish Clerk", "Clerk to the Council", "Proper Officer")
    # A holder may be written by name: stored by id.
    assert [(h.person, h.start, h.end) for h in clerk.holders] == [
        ("jane-smith", dt.date(2019, 1, 1), dt.date(2022, 3, 31)),
        ("tom-price", dt.date(2023, 1, 1), None),
    ]
    assert [post.uid for post in registry.bodies[COUNCIL].posts] == [CLERK, f"{COUNCIL}/chair"]
    assert sorted(registry.posts) == [f"{COUNCIL}/chair", CLERK, "milburn-school/head-teacher"]


def test_a_post_is_never_a_person(registry: Registry) -> None:
    assert sorted(registry.people) == ["amy-brown", "bob-jones", "jane-smith", "tom-price"]
    assert registry.resolve_person("Clerk")[0] is None


@pytest.mark.parametrize(
    "written", ["Clerk", "the Clerk", "The Clerk", "CLERK", "the  clerk", "Parish Clerk", "the Proper Officer", "clerk"]
)
def test_a_post_is_named_by_its_name_or_an_alias_with_or_without_the_in_any_case(
    registry: Registry, written: str
) -> None:
    assert resolve_named(registry, written, COUNCIL, DURING_JANE) == (Named("jane-smith", CLERK), "")


def test_a_post_resolves_to_its_holder_on_the_meeting_s_date_and_to_no_one_otherwise(registry: Registry) -> None:
    def holder(day: dt.date) -> str:
        named, error = resolve_named(registry, "the Clerk", COUNCIL, day)
        assert error == "" and named is not None and named.post == CLERK
        return named.person

    assert holder(dt.date(2018, 12, 31)) == ""  # before anyone is recorded
    assert holder(dt.date(2019, 1, 1)) == "jane-smith"  # first day
    assert holder(dt.date(2022, 3, 31)) == "jane-smith"  # last day
    assert holder(dt.date(2022, 6, 9)) == ""  # between holders: no one is invented
    assert holder(dt.date(2023, 1, 1)) == "tom-price"
    assert holder(dt.date(2030, 1, 1)) == "tom-price"  # no end date
    # A post with no holders recorded stands alone.
    assert resolve_named(registry, "Chair", COUNCIL, DURING_JANE) == (Named("", f"{COUNCIL}/chair"), "")


def test_the_meeting_s_own_body_is_searched_first_and_another_body_s_post_is_written_with_its_body(
    registry: Registry,
) -> None:
    # "Head teacher" is the school's post: by bare name only in the school's own meetings.
    assert resolve_named(registry, "Head teacher", "milburn-school", DURING_JANE) == (
        Named("", "milburn-school/head-teacher"),
        "",
    )
    named, error = resolve_named(registry, "Head teacher", COUNCIL, DURING_JANE)
    assert named is None
    assert error == (
        "unknown person or post 'Head teacher': not in people.yml, nor a post of milburn-parish-council; "
        "another body's post is written milburn-school/head-teacher"
    )
    # Written <body>/<post>, in any case, it is found from any body's meeting, with its holder that day.
    assert resolve_named(registry, "Milburn-School/Head-Teacher", COUNCIL, DURING_JANE) == (
        Named("", "milburn-school/head-teacher"),
        "",
    )
    assert resolve_named(registry, f"{COUNCIL}/clerk", "milburn-school", DURING_JANE) == (
        Named("jane-smith", CLERK),
        "",
    )


def test_people_still_resolve_as_before_where_posts_exist(registry: Registry) -> None:
    assert resolve_named(registry, "Cllr Jones", COUNCIL, DURING_JANE) == (Named("bob-jones"), "")
    assert resolve_named(registry, "jane-smith", COUNCIL, DURING_JANE) == (Named("jane-smith"), "")


def test_an_unknown_name_suggests_the_nearest_person_or_post(registry: Registry) -> None:
    _, error = resolve_named(registry, "Parish Clark", COUNCIL, DURING_JANE)
    assert error == (
        "unknown person or post 'Parish Clark': not in people.yml, nor a post of milburn-parish-council "
        "(did you mean 'Parish Clerk'?)"
    )
    _, error = resolve_named(registry, "Cllr Jnoes", COUNCIL, DURING_JANE)
    assert error.endswith("(did you mean 'Cllr Jones'?)")
    _, error = resolve_named(registry, f"{COUNCIL}/clark", COUNCIL, DURING_JANE)
    assert error == (
        "unknown post 'milburn-parish-council/clark': milburn-parish-council's posts are "
        "milburn-parish-council/clerk, milburn-parish-council/chair (did you mean 'milburn-parish-council/clerk'?)"
    )


def test_a_body_without_posts_keeps_the_people_only_message(registry: Registry) -> None:
    # The message names people.yml only, as it always has, where the meeting's body has no posts to offer.
    _, error = resolve_named(registry, "Jane Smyth", "allotments-team", DURING_JANE)
    assert error == "unknown person 'Jane Smyth': not in people.yml (did you mean 'Jane Smith'?)"


def test_a_name_that_is_both_a_person_s_and_a_post_s_is_an_error_naming_both(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            "people.yml": "chair-person:\n  name: Pat Lee\n  aliases: [Chair]\n",
            "bodies.yml": "board:\n  name: The Board\n  kind: board\n  posts:\n    chair:\n      name: Chair\n",
        },
    )
    registry, problems = load_registry(source)
    assert problems == []
    named, error = resolve_named(registry, "chair", "board", DURING_JANE)
    assert named is None
    assert error == (
        "'chair' is both a person (chair-person) and the post board/chair; "
        "write chair-person for the person, or board/chair for the post"
    )
    # Each of the two ways out the message offers works.
    assert resolve_named(registry, "chair-person", "board", DURING_JANE) == (Named("chair-person"), "")
    assert resolve_named(registry, "board/chair", "board", DURING_JANE) == (Named("", "board/chair"), "")
    # As an owner too.
    owner, error = resolve_owner(registry, "Chair", "board", DURING_JANE)
    assert owner is None and "is both a person (chair-person) and the post board/chair" in error


def test_an_action_owner_may_be_a_post_with_its_holder_that_day(registry: Registry) -> None:
    assert resolve_owner(registry, "the Clerk", COUNCIL, DURING_JANE) == (OwnerRef("post", CLERK, "jane-smith"), "")
    assert resolve_owner(registry, "Clerk", COUNCIL, dt.date(2022, 6, 9)) == (OwnerRef("post", CLERK, ""), "")
    assert resolve_owner(registry, "Bob Jones", COUNCIL, DURING_JANE) == (OwnerRef("person", "bob-jones"), "")
    _, error = resolve_owner(registry, "Clark", COUNCIL, DURING_JANE)
    assert error == (
        "unknown owner 'Clark': not in people.yml or bodies.yml, nor a post of milburn-parish-council "
        "(did you mean 'Clerk'?)"
    )


def test_meetings_record_posts_in_attendance_chair_owners_and_movers(archive: Archive) -> None:
    first = archive.meeting_by_id[f"{COUNCIL}/2021-03-04"]
    assert [(a.person, a.post, a.kind.value, a.role) for a in first.attendance] == [
        ("", f"{COUNCIL}/chair", "present", ""),
        ("bob-jones", "", "present", ""),
        ("amy-brown", "", "present", ""),
        ("jane-smith", CLERK, "in_attendance", "Responsible Financial Officer"),
        ("", "milburn-school/head-teacher", "in_attendance", ""),
    ]
    assert (first.chair, first.chair_post) == ("", f"{COUNCIL}/chair")
    assert [a.owners for a in first.actions] == [
        (OwnerRef("post", CLERK, "jane-smith"),),
        (OwnerRef("post", CLERK, "jane-smith"), OwnerRef("person", "bob-jones")),
    ]
    lost = first.decisions[1]
    assert (lost.proposed_by, lost.seconded_by) == (Named("bob-jones"), Named("", f"{COUNCIL}/chair"))
    gap = archive.meeting_by_id[f"{COUNCIL}/2022-06-09"]
    assert [(a.person, a.post) for a in gap.attendance if a.post] == [("", CLERK)]
    assert gap.actions[0].owners == (OwnerRef("post", CLERK, ""),)


def test_the_post_s_record_lists_its_actions_open_first_and_the_meetings_it_attended(archive: Archive) -> None:
    record = archive.posts[CLERK]
    assert [(r.action.uid, r.status.value) for r in record.actions] == [
        (f"{COUNCIL}/2023-02-02/a1", "open"),
        (f"{COUNCIL}/2022-06-09/a1", "open"),
        (f"{COUNCIL}/2021-03-04/a2", "open"),
        (f"{COUNCIL}/2021-03-04/a1", "done"),  # done: after everything still to do, though older ones come before it
    ]
    assert record.open_actions == 3
    assert [(m.date.isoformat(), a.person) for m, a in record.attendance] == [
        ("2021-03-04", "jane-smith"),
        ("2022-06-09", ""),
        ("2023-02-02", "tom-price"),
    ]
    assert [m.id for m in archive.posts[f"{COUNCIL}/chair"].chaired] == [f"{COUNCIL}/2021-03-04"]


def test_a_holder_s_attendance_through_a_post_counts_on_their_own_record(archive: Archive) -> None:
    jane = archive.people["jane-smith"]
    assert [(m.date.isoformat(), a.post) for m, a in jane.attendance] == [("2021-03-04", CLERK)]
    assert [(post.uid, holder.start) for post, holder in jane.posts_held] == [(CLERK, dt.date(2019, 1, 1))]
    # Actions owned by the post stay the post's: they pass to the next holder with it.
    assert jane.actions == ()
    assert archive.people["tom-price"].posts_held[0][0].uid == CLERK


def test_post_mistakes_in_bodies_yml_are_reported_at_their_lines(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            "people.yml": "ann-ash:\n  name: Ann Ash\nbob-birch:\n  name: Bob Birch\n",
            "bodies.yml": """\
                board:
                  name: The Board
                  kind: board
                  posts:
                    clerk:
                      name: Clerk
                      holders:
                        - {person: Ann Ashe, from: 2020-01-01}
                        - {person: bob-birch, from: 2020-02-30}
                    Chair Person:
                      name: Chair
                """,
        },
    )
    with pytest.raises(MinutesError) as caught:
        load_archive(source, today=TODAY)
    assert [str(problem).replace(str(tmp_path) + "/", "") for problem in caught.value.problems] == [
        "bodies.yml:5: board.posts: 'Chair Person' is not a post id of lowercase letters, digits and hyphens, "
        "e.g. clerk or head-teacher",
        "bodies.yml:8: board post clerk: holders[0]: unknown person 'Ann Ashe': not in people.yml (did you mean "
        "'Ann Ash'?)",
        "bodies.yml:9: board post clerk: holders[1].from: '2020-02-30' is not a real date",
    ]


def test_a_post_and_its_holder_listed_both_are_one_person_listed_twice(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            "people.yml": "jane-smith:\n  name: Jane Smith\n",
            "bodies.yml": """\
                board:
                  name: The Board
                  kind: board
                  posts:
                    clerk:
                      name: Clerk
                      holders: [{person: jane-smith, from: 2020-01-01}]
                """,
            "m.md": "---\nbody: board\ndate: 2024-01-10\nstatus: approved\npresent: [Jane Smith]\n"
            "in_attendance: [the Clerk]\n---\n",
        },
    )
    with pytest.raises(MinutesError) as caught:
        load_archive(source, today=TODAY)
    assert [problem.message for problem in caught.value.problems] == [
        "in_attendance: jane-smith, the Clerk on this date, is also listed under present (line 5); one person, one "
        "place"
    ]
