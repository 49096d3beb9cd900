"""docs/format.md, the format reference: its examples pass the checker, its fields are the schemas', and it is built."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, build_site, config_with_settings, write_source

from minutebook.load import load_archive
from minutebook.redact import load_redactions
from minutebook.registry import load_registry

FORMAT = ROOT / "docs/format.md"
SCHEMAS = ROOT / "hooks/minutebook/schema"


def examples(language: str) -> list[str]:
    """The page's fenced code blocks in ``language``, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", FORMAT.read_text(encoding="utf-8"), re.M | re.S)


def archive_around_the_example(tmp_path: Path) -> Path:
    """The example archive, less its one meeting, plus what the example meeting refers to."""
    source = Path(shutil.copytree(ROOT / "meetings", tmp_path / "minutes"))
    (source / "2018/2018-10-24-improvement-board.md").unlink()
    with (source / "people.yml").open("a", encoding="utf-8") as people:
        people.write("jean-robinson:\n  name: Jean Robinson\n  honorific: Cllr\n")
    (source / "documents").mkdir()
    (source / "documents/2018-10-24-working-together-2018.pdf").write_bytes(b"%PDF-1.4\n")
    return write_source(
        source,
        {
            "2018/2018-09-27-improvement-board.md": """
                ---
                body: improvement-board
                date: 2018-09-27
                status: approved
                decisions: [{id: 1, item: 1, text: A target was agreed.}]
                actions:
                  - {id: 2, item: 1, owners: [Linda Clegg], text: Hold an event for health partners.}
                ---

                ## 1. Performance
                """
        },
    )


def test_the_example_meeting_and_the_smallest_one_pass_the_checker(tmp_path: Path) -> None:
    full, smallest = [
        block for block in examples("markdown") if block.startswith("---\n") and "status: agenda" not in block
    ]
    for name, text in (("full", full), ("smallest", smallest)):
        source = archive_around_the_example(tmp_path / name)
        (source / "2018/2018-10-24-improvement-board.md").write_text(text, encoding="utf-8")
        archive = load_archive(source)  # raises, listing every problem, if the example is wrong
        assert "improvement-board/2018-10-24" in archive.meeting_by_id
    assert "This text is never published" not in repr(load_archive(tmp_path / "full/minutes"))


def test_the_people_bodies_and_redaction_examples_read_without_problems(tmp_path: Path) -> None:
    people, bodies, redact, posts = [
        block for block in examples("yaml") if not block.startswith(("chair:", "decisions:"))
    ]
    alone = write_source(tmp_path / "people", {"people.yml": people, "bodies.yml": "{}\n"})
    assert load_registry(alone)[1] == []
    seed_people = (ROOT / "meetings/people.yml").read_text(encoding="utf-8")
    with_bodies = write_source(tmp_path / "bodies", {"people.yml": seed_people, "bodies.yml": bodies})
    registry, problems = load_registry(with_bodies)
    assert problems == [] and [m.person for m in registry.bodies["improvement-board"].members] == [
        "linda-clegg",
        "phil-gilchrist",
    ]
    holders = "jane-smith:\n  name: Jane Smith\ntom-price:\n  name: Tom Price\n"
    registry, problems = load_registry(write_source(tmp_path / "posts", {"people.yml": holders, "bodies.yml": posts}))
    assert problems == [] and list(registry.bodies) == ["milburn-parish-council"]
    listed = write_source(tmp_path / "redact", {"redact.yml": redact})
    redactions, problems = load_redactions(listed, "redact.yml")
    assert problems == [] and [entry.text for entry in redactions.entries] == ["Jane Doe", "John Roe"]


def fields_of(schema: dict[str, Any], prefix: str = "") -> set[str]:
    """Every field a schema names, as the reference writes them: ``decisions[].vote.for``, ``members[].person``.

    Attendees (a name, ``name: role`` or a mapping) are described by a table of their own forms.
    """
    names: set[str] = set()
    for name, value in schema.get("properties", {}).items():
        names.add(prefix + name)
        if value.get("type") == "array":
            names |= fields_of(value.get("items", {}), f"{prefix}{name}[].")
        elif value.get("type") == "object":
            names |= fields_of(value, f"{prefix}{name}.")
    return names


def described_fields() -> set[str]:
    """The fields the reference's tables give a row: the names in each row's first cell."""
    described = set()
    for line in FORMAT.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        first, *more = re.findall(r"`([^`]+)`", line.split("|")[1])
        # `next_meeting.start`, `.end`: one row for fields side by side.
        described |= {first} | {first.rsplit(".", 1)[0] + name for name in more if name.startswith(".")}
    return described


def test_every_field_in_the_schemas_has_a_row_in_the_reference() -> None:
    people = json.loads((SCHEMAS / "people.schema.json").read_text(encoding="utf-8"))["additionalProperties"]
    bodies = json.loads((SCHEMAS / "bodies.schema.json").read_text(encoding="utf-8"))["additionalProperties"]
    meeting = json.loads((SCHEMAS / "meeting.schema.json").read_text(encoding="utf-8"))
    assert sorted((fields_of(people) | fields_of(bodies) | fields_of(meeting)) - described_fields()) == []
    forms = FORMAT.read_text(encoding="utf-8").split("An **attendee** is written", 1)[1].split("\n\n", 2)[1]
    assert "`- {person: joe-banham, role: Head of Practice Improvement, note: arrived at 7.01pm}`" in forms


def test_the_reference_is_a_page_of_the_strict_build_when_the_guides_are_asked_for(tmp_path: Path) -> None:
    """An operators' guide: out of the public site by default (exclude_docs), built when asked for."""
    config = config_with_settings(tmp_path, "")
    with config.open("a", encoding="utf-8") as file:
        file.write('exclude_docs: ""\n')
    build = build_site(tmp_path, ROOT / "meetings", config=config)
    assert build.returncode == 0, build.output
    page = build.page("format/")
    assert "<h1" in page and "The minutes format" in page
    assert 'id="extensions"' in page and 'href="../errors/"' in page
