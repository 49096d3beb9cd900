"""Names that deceive: invisible characters, look-alike letters, collisions once slugged."""

from __future__ import annotations

import pytest

from minutebook.errors import MinutesError, Problem, internal_problem
from minutebook.names import NameUse, describe_lookalike, find_collisions, skeleton


@pytest.mark.parametrize(
    "name", ["Lorna Quigley", "Zoë Ng", "Siân O’Brien", "Ivan Иванов", "Νίκος Παππάς", "Jean-Luc Picard"]
)
def test_ordinary_names_pass(name: str) -> None:
    assert describe_lookalike(name) == ""


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("L\u043erna Quigley", "mixes Cyrillic and Latin letters in 'L\u043erna'"),
        ("Lorna\u200b Quigley", "invisible character (U+200B ZERO WIDTH SPACE)"),
        ("Lorna \u202eyelgiuQ", "invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("\uff2corna", "FULLWIDTH LATIN CAPITAL LETTER L"),
    ],
)
def test_deceptive_names_are_explained(name: str, says: str) -> None:
    assert says in describe_lookalike(name)


def test_skeleton_folds_what_the_eye_cannot_tell_apart() -> None:
    assert skeleton("L\u043erna  QUIGLEY") == skeleton("Lorna Quigley") == skeleton("lorna-quigley")


def test_same_name_twice_is_allowed_but_a_name_reading_as_another_id_is_not() -> None:
    uses = [
        NameUse("john-smith", "id", "john-smith", 1),
        NameUse("john-smith", "name", "John Smith", 2),
        NameUse("john-smith-2", "id", "john-smith-2", 3),
        NameUse("john-smith-2", "name", "John Smith", 4),
        NameUse("foo-bar", "id", "foo-bar", 5),
        NameUse("foo-bar", "name", "Francis Bar", 6),
        NameUse("fb", "id", "fb", 7),
        NameUse("fb", "name", "Foo Bar", 8),
    ]
    assert [(use.owner, message.split(":")[1].strip()) for use, message in find_collisions(uses, "person")] == [
        (
            "fb",
            "name 'Foo Bar' is the id of another person, foo-bar, once slugged; minutes naming 'Foo Bar' could mean "
            "either",
        )
    ]


def test_messages_stay_on_one_line_and_internal_errors_say_so() -> None:
    problem = Problem("m.md", 3, "location: 'a\nb\tc' is wrong")
    assert str(problem) == "m.md:3: location: 'a\\nb\\tc' is wrong"
    error = MinutesError([problem, internal_problem("n.md", KeyError("x"))])
    assert error.internal
    assert "n.md:1: internal error reading this file: KeyError: 'x'" in error.report()
    assert error.report().endswith("please report it with the file.")
