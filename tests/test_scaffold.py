"""The meeting file `new` starts: the body's earlier meetings read from their front-matter, and the next one's facts."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from conftest import write_source
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.load import load_meeting
from minutebook.model import NextMeeting
from minutebook.registry import load_registry
from minutebook.scaffold import find_meeting_file, load_meeting_files, new_meeting_text, previous_meeting
from minutebook.source import forbidden_character

REGISTRY = {
    "people.yml": """
        ann-lee: {name: Ann Lee}
        """,
    "bodies.yml": """
        harbour-board:
          name: Harbour Board
          kind: board
          members: [{person: ann-lee, role: Chair}]
        parks-committee: {name: Parks Committee, kind: committee}
        """,
}


def meeting(date: str, body: str = "harbour-board", extra: str = "") -> str:
    return f"---\nbody: {body}\ndate: {date}\nstatus: draft\n{extra}---\n\n## 1. Minutes\n\nAgreed.\n"


def test_a_bodys_meetings_are_read_oldest_first_whatever_their_files_are_called(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            **REGISTRY,
            "z/first.md": meeting("2024-01-10"),
            "a/later.md": meeting(
                "2024-03-06", body="Harbour Board", extra='next_meeting: {date: 2024-04-03, start: "10:00"}\n'
            ),
            "a/same-day.md": meeting("2024-03-06", extra="sequence: 2\n"),
            "parks.md": meeting("2024-02-01", body="parks-committee"),
            "broken.md": "---\nbody: harbour-board\ndate: [\n---\n",
            "undated.md": meeting("2024-02-30"),
        },
    )
    registry, _ = load_registry(source)
    files = load_meeting_files(source, registry, "harbour-board")
    assert [(f.path.name, f.date.isoformat(), f.sequence) for f in files] == [
        ("first.md", "2024-01-10", 0),
        ("later.md", "2024-03-06", 0),
        ("same-day.md", "2024-03-06", 2),
    ]
    assert files[1].next_meeting == NextMeeting(dt.date(2024, 4, 3), "10:00")
    assert find_meeting_file(files, dt.date(2024, 3, 6)) == source / "a/later.md"
    assert find_meeting_file(files, dt.date(2024, 2, 1)) is None  # that day's meeting is another body's
    # The meeting before a day is the last one before it, not the last of all; with no day, the last of all.
    assert previous_meeting(files, dt.date(2024, 3, 1)) == files[0]
    assert previous_meeting(files, dt.date(2024, 3, 6)) == files[0]
    assert previous_meeting(files, None) == files[2]
    assert previous_meeting(files, dt.date(2024, 1, 10)) is None


def test_an_announcement_not_written_as_the_format_asks_is_not_carried(tmp_path: Path) -> None:
    source = write_source(
        tmp_path,
        {
            **REGISTRY,
            "bad-time.md": meeting("2024-01-10", extra="next_meeting: {date: 2024-02-07, start: 25:00}\n"),
            "bad-date.md": meeting("2024-02-07", extra="next_meeting: {date: 2024-02-30}\n"),
            "no-date.md": meeting("2024-03-06", extra="next_meeting: {location: Harbour Office}\n"),
            "list.md": meeting("2024-04-03", extra="next_meeting: [2024-05-01]\n"),
        },
    )
    registry, _ = load_registry(source)
    assert [f.next_meeting for f in load_meeting_files(source, registry, "harbour-board")] == [None] * 4


def test_the_announced_start_end_and_place_are_filled_in_and_pass_check(tmp_path: Path) -> None:
    source = write_source(tmp_path, dict(REGISTRY))
    registry, _ = load_registry(source)
    announced = NextMeeting(dt.date(2024, 4, 3), "10:00", "12:30", 'Harbour Office: Room 2, #3 "the Loft"')
    text = new_meeting_text(registry, "harbour-board", dt.date(2024, 4, 3), "schema.json", announced)
    assert 'start: "10:00"\nend: "12:30"\nlocation: "Harbour Office: Room 2, #3 \\"the Loft\\""\n' in text
    assert '  - ann-lee: "Chair"\n' in text
    path = source / "2024/2024-04-03-harbour-board.md"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    written, problems = load_meeting(path, source, registry, path.name)
    assert problems == [] and written is not None
    assert (written.start, written.end, written.location) == ("10:00", "12:30", announced.location)


def test_what_was_not_announced_is_left_as_a_hint(tmp_path: Path) -> None:
    source = write_source(tmp_path, dict(REGISTRY))
    registry, _ = load_registry(source)
    only_start = new_meeting_text(
        registry, "harbour-board", dt.date(2024, 4, 3), "s.json", NextMeeting(dt.date(2024, 4, 3), "10:00")
    )
    assert 'start: "10:00"\n# end: "16:00"\n# location: "Town Hall, Committee Room 1"\n' in only_start
    nothing = new_meeting_text(registry, "harbour-board", dt.date(2024, 4, 3), "s.json")
    assert '# start: "14:00"\n# end: "16:00"\n# location: ' in nothing


# Any place a clerk could type, line separators and quotes included, comes back exactly as announced
# (a place holding a character no page can carry was refused when its meeting was read).
PLACES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\u2028\u2029\t"), min_size=1
).filter(lambda text: "<!--" not in text and text.strip() == text and forbidden_character(text, allow="\t") is None)


@settings(max_examples=200, deadline=None)
@given(place=PLACES)
def test_any_announced_place_reads_back_as_it_was(place: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = write_source(Path(folder), dict(REGISTRY))
        registry, _ = load_registry(source)
        text = new_meeting_text(
            registry, "harbour-board", dt.date(2024, 4, 3), "s.json", NextMeeting(dt.date(2024, 4, 3), "", "", place)
        )
        path = source / "new.md"
        path.write_text(text, encoding="utf-8")
        written, problems = load_meeting(path, source, registry, path.name)
    assert problems == [] and written is not None, [str(p) for p in problems]
    assert written.location == place
