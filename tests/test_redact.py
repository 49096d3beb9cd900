"""The redaction list: a listed name is found however it is typed, and only whole names match."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.redact import load_redactions

LIST = "- Jane Doe\n- {name: O'Brien Smith, note: 'member of the public; no consent'}\n- Zoë Ng\n"


@pytest.fixture
def redactions(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "redact.yml").write_text(LIST, encoding="utf-8")
    found, problems = load_redactions(tmp_path, "redact.yml")
    assert problems == []
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe attended.",
        "JANE DOE attended.",
        "jane   doe",
        "Jane\nDoe's carers",
        "Jane-Doe",
        "**Jane** Doe",
        "Ja\u200bne Doe",
        "J\u0430ne Doe",  # a zero-width space; a Cyrillic 'а'
        "O'Brien Smith",
        "O’Brien Smith's",
        "obrien smith",
        "Zoe Ng",
        "ZOË NG",
        "[Jane Doe](../x/)",
    ],
)
def test_listed_names_are_found_however_typed(redactions, text: str) -> None:  # type: ignore[no-untyped-def]
    assert len(redactions.find(text, "m.md", 10)) == 1


@pytest.mark.parametrize("text", ["Janet Doe", "Jane Doebury", "Doe, Jane", "Mary-Jane Doe", "Jane", "Zoë N. G."])
def test_other_words_do_not_match(redactions, text: str) -> None:  # type: ignore[no-untyped-def]
    problems = redactions.find(text, "m.md", 10)
    # "Mary-Jane Doe" does contain the words "Jane Doe": names are matched as words, which is the safe side.
    assert len(problems) == (1 if text == "Mary-Jane Doe" else 0)


def test_the_problem_names_file_line_and_list_entry(redactions) -> None:  # type: ignore[no-untyped-def]
    (problem,) = redactions.find("First line.\n\nThen Jane\nDoe spoke.", "minutes/2019/x.md", 20)
    assert str(problem) == (
        "minutes/2019/x.md:22: 'Jane Doe' is on the redaction list (redact.yml:1) and must not be "
        "published; remove the name or write, e.g., 'a child'"
    )


def test_front_matter_values_and_keys_are_searched(redactions) -> None:  # type: ignore[no-untyped-def]
    from minutebook.yamlsource import load_yaml

    data, lines, _ = load_yaml(
        "present:\n  - Zoe Ng: Parent\ndecisions:\n  - {id: 1, item: 1, text: Thanks to Jane Doe}\n", "m.md", 2
    )
    assert [problem.line for problem in redactions.find_in_data(data, "m.md", lines)] == [3, 5]


def test_no_list_means_nothing_is_redacted(tmp_path: Path) -> None:
    found, problems = load_redactions(tmp_path, "redact.yml")
    assert problems == [] and found.entries == () and found.find("Jane Doe", "m.md", 1) == []


def test_a_malformed_list_is_reported(tmp_path: Path) -> None:
    (tmp_path / "redact.yml").write_text("Jane Doe: yes\n", encoding="utf-8")
    _, problems = load_redactions(tmp_path, "redact.yml")
    assert [str(p) for p in problems] == ["redact.yml:1: the redaction list must be a YAML list: one '- name' per line"]
