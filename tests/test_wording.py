"""Plain words: long texts cut short with care, counts and lengths of time (minutebook.wording)."""

from __future__ import annotations

import pytest

from minutebook.wording import counted, duration, short_words

DECISION = (
    "The committee resolved that (a) the Health and Wellbeing Strategy 2026 to 2031 be endorsed for consultation, "
    "subject to the amendments set out in Appendix B; (b) the Director be asked to publish a plan."
)


def test_short_text_is_left_whole_on_one_line() -> None:
    assert short_words("Agree the\n  minutes.", 100) == "Agree the minutes."


def test_long_text_is_cut_at_a_clause_near_the_limit_not_mid_word() -> None:
    cut = short_words(DECISION, 120)
    assert cut == (
        "The committee resolved that (a) the Health and Wellbeing Strategy 2026 to 2031 be endorsed for consultation…"
    )
    assert len(cut) <= 121


def test_without_a_clause_near_the_limit_the_cut_is_at_a_word() -> None:
    cut = short_words("one two three four five six seven eight nine ten", 22)
    assert cut == "one two three four…"


def test_a_single_long_word_such_as_an_address_is_cut_where_it_must_be() -> None:
    assert short_words("https://www.example.gov.uk/" + "x" * 100, 30) == "https://www.example.gov.uk/xxx…"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (60, "9 weeks"),
        (266, "9 months"),
        (2961, "8 years"),
    ],
)
def test_durations_read_as_people_say_them(days: int, words: str) -> None:
    assert duration(days) == words


def test_counts_agree_with_their_nouns() -> None:
    assert counted(1, "meeting") == "1 meeting" and counted(2, "meeting") == "2 meetings"
    assert counted(3, "person", "people") == "3 people" and counted(0, "action") == "0 actions"
