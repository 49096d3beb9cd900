"""Learning a series from one correction: `minutes.py import --like corrected.md FILES...` and saved profiles.

The series in tests/fixtures/import/series/ is written for these tests in a layout of
its own ("Minute 2/24 · Title", "Those attending:", "Sent regrets:", "→ Name: task")
that the importer does not know; the corrected meeting is the first file of the
series as a clerk fixed it by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from minutebook.importer.profile import Profile, ProfileError, learn_profile, load_profile, save_profile
from minutebook.importer.run import import_file

SERIES = FIXTURES / "import/series"
CORRECTED = SERIES / "2024-01-09-corrected.md"


def archive(tmp_path: Path) -> Path:
    source = tmp_path / "minutes"
    source.mkdir()
    for name in ("people.yml", "bodies.yml"):
        shutil.copy(SERIES / name, source / name)
    return source


def test_without_the_series_layout_the_import_reads_little(tmp_path: Path) -> None:
    result = import_file(SERIES / "2024-02-13.txt", archive(tmp_path), dry_run=True)
    # Items are not told apart: the business is kept as one item to split by hand, and the report says so.
    assert result.parsed is not None and [item.title for item in result.parsed.items] == ["Minutes"]
    assert any("no items could be told apart" in doubt.reason for doubt in result.doubts)
    assert not result.succeeded


def test_one_corrected_meeting_teaches_the_layout() -> None:
    profile = learn_profile(CORRECTED)
    assert profile == Profile(
        headings=r"^Minute\s+(?P<number>\d+/\d+)\s+·\s+(?P<title>.+)$",
        labels={"those attending": "present", "sent regrets": "apologies"},
        action_prefix="→",
    )


@pytest.mark.parametrize(
    ("name", "items", "present", "apologies", "owners"),
    [
        (
            "2024-02-13",
            ["4/24", "5/24", "6/24", "7/24"],
            ["maria-lopez", "paul-dunn", "aisha-khan"],
            ["tom-reed"],
            [["paul-dunn"], ["maria-lopez"]],
        ),
        (
            "2024-03-12",
            ["8/24", "9/24"],
            ["maria-lopez", "tom-reed", "paul-dunn", "aisha-khan"],
            None,
            [["tom-reed"], ["aisha-khan"]],
        ),
    ],
)
def test_the_rest_of_the_series_imports_with_it(
    name: str,
    items: list[str],
    present: list[str],
    apologies: list[str] | None,
    owners: list[list[str]],
    tmp_path: Path,
) -> None:
    profile = learn_profile(CORRECTED)
    result = import_file(SERIES / f"{name}.txt", archive(tmp_path), profile=profile)
    assert result.succeeded, result.doubts
    assert [item.ref for item in result.parsed.items] == items  # type: ignore[union-attr]
    assert result.front["present"][1:] == present[1:] and result.front.get("apologies") == apologies
    assert result.front["chair"] == "maria-lopez"
    assert [a["owners"] for a in result.front["actions"]] == owners
    assert result.front["next_meeting"]["date"] > result.front["date"]


def test_a_saved_profile_does_the_same(tmp_path: Path) -> None:
    saved = tmp_path / "hartfield.yml"
    save_profile(learn_profile(CORRECTED), saved)
    assert load_profile(saved) == learn_profile(CORRECTED)


def test_a_bad_profile_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("labels: {those attending: presnt}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.yml: labels: 'presnt' is not present"):
        load_profile(bad)
    missing = tmp_path / "meeting.md"
    missing.write_text("---\nbody: x\n---\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="no '# Imported from"):
        learn_profile(missing)
