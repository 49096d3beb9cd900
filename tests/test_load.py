"""Golden files: each fixture meeting parses to exactly the model in its .expected.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, UPDATE_GOLDEN

from minutebook.load import load_meeting
from minutebook.registry import load_registry

GOLDEN = FIXTURES / "golden"
CASES = [(GOLDEN, path) for path in sorted(GOLDEN.glob("*.md"))] + [
    (ROOT / "meetings", ROOT / "meetings/2018/2018-10-24-improvement-board.md")
]


def plain(value: Any) -> Any:
    """The model as JSON-ready data: dates ISO, enums by value, tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in {"line_of", "source"}
        }
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize(("source", "path"), CASES, ids=[path.stem for _, path in CASES])
def test_meeting_matches_golden_file(source: Path, path: Path) -> None:
    registry, problems = load_registry(source)
    assert problems == []
    meeting, problems = load_meeting(path, source, registry, path.name)
    assert problems == [], [str(p) for p in problems]
    golden = FIXTURES / "golden" / f"{path.stem}.expected.json"
    actual = plain(meeting)
    if UPDATE_GOLDEN:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_exempt_text_and_comments_never_reach_the_model() -> None:
    registry, _ = load_registry(GOLDEN)
    meeting, _ = load_meeting(GOLDEN / "full.md", GOLDEN, registry, "full.md")
    assert meeting is not None
    dumped = json.dumps(plain(meeting))
    assert "must never be published" not in dumped
    assert "note to self" not in dumped
    assert meeting.item("3").confidential.summary == "The committee considered a contract matter in private."  # type: ignore[union-attr]


def test_seed_meeting_carries_the_published_minutes() -> None:
    """The transcription of the real 24 October 2018 minutes: 21 people, items as numbered, 3 actions."""
    source = ROOT / "meetings"
    registry, _ = load_registry(source)
    meeting, problems = load_meeting(source / "2018/2018-10-24-improvement-board.md", source, registry, "seed")
    assert problems == [] and meeting is not None
    kinds = [entry.kind.value for entry in meeting.attendance]
    assert (kinds.count("present"), kinds.count("in_attendance"), kinds.count("apologies")) == (11, 4, 6)
    assert [item.number for item in meeting.items] == ["1", "2", "3", "4", "5", "7", "8"]
    assert [(d.number, d.item) for d in meeting.decisions] == [(1, "1")]
    owners = [[(o.kind, o.id) for o in action.owners] for action in meeting.actions]
    assert owners == [
        [("person", "lorna-quigley")],
        [("person", "linda-clegg"), ("person", "lorna-quigley")],
        [("body", "social-care")],
    ]
    assert meeting.next_meeting is not None and meeting.next_meeting.date == dt.date(2018, 11, 29)
    assert (meeting.next_meeting.start, meeting.next_meeting.end) == ("14:00", "16:30")
