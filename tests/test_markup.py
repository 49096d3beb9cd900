"""Markdown in time linear in the text, and the same HTML as Python-Markdown's own."""

from __future__ import annotations

import time

import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from minutebook.linear_markdown import convert, guard_markdown
from minutebook.markup import EXTENSIONS, find_references, render_meeting

PIECES = [*"[]()<>`*_!ab \n\\\"'/=#-|:{}", "a<b>c</b>", '<a href="x">', "](u)", "[a](b)", "\n\n", "<br>", "<!x>"]
PIECES += ["<https://example.org/>", "&amp;", "[[board/2018-09-27]]", "    ", "> ", "- ", "1. ", '"t"', "{: .x}"]


# Derandomised: the same 3,000 texts every run, so a difference found is found again, not once in a while.
@settings(max_examples=3_000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_guarded_rendering_is_python_markdowns_own(text: str) -> None:
    """The placeholders change the time Markdown takes, not what it writes.

    One exception, by design: a link whose "(" is never closed, which Python-Markdown may still make
    into a link (with an empty or cut address) by backtracking from a quote, stays text.
    """
    assume("\ufdd3" not in guard_markdown(text))
    plain = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    guarded = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    assert convert(guarded, text) == plain.convert(text)


@pytest.mark.parametrize(
    "unit", ["[", "![", "[(", "[^", "[a](", "[a][", "<a ", "<a x=", "<http://", "[[board/2024-03-01|"]
)
def test_a_flood_is_read_in_time_linear_in_its_length(unit: str) -> None:
    """Python-Markdown alone took 65 s on 20 KB of '[': twice the text must take about twice the time."""
    timings = []
    for size in (40_000, 80_000):
        started = time.process_time()
        rendered = render_meeting({"intro": (unit * size)[:size]})
        timings.append(time.process_time() - started)
        assert rendered.problem is None
    assert timings[1] < 2.0, timings  # seconds: quadratic, the second took minutes
    assert timings[1] < 4 * max(timings[0], 0.05), timings


def test_only_characters_that_start_nothing_are_swapped() -> None:
    text = "[a](b) [c] [d <b>e</b> <x <https://e.org/> [a](b"
    guarded = guard_markdown(text)
    assert guarded.count("[") == 3 and guarded.count("<") == 3
    assert guarded.replace("\ufdd0", "[").replace("\ufdd2", "<").replace("\ufdd3", "(") == text


def test_cross_references_come_with_their_lines() -> None:
    text = "a [[board/2018-09-27]]\nb\n[[board/2018-09-27/d1|the decision]] [[board/2018-09-27/a2]]"
    assert [(match["target"], line) for match, line in find_references(text)] == [
        ("board/2018-09-27", 0),
        ("board/2018-09-27/d1", 2),
        ("board/2018-09-27/a2", 2),
    ]


@pytest.mark.parametrize("text", ["[[[[[[[[[](u)", "[" * 12 + "a](u) and [b](v)", "[[[[[[[[[[x]]]]]]]]]](u)"])
def test_brackets_never_closed_do_not_count_as_nesting(text: str) -> None:
    plain = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    guarded = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    assert convert(guarded, text) == plain.convert(text)
