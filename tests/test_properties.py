"""Property-based: whatever a meeting file holds, the engine answers with an archive or `path:line:` problems.

Hypothesis writes meeting files (plausible front-matter with wrong values,
YAML garbage, random bytes, headings and cross-references in the body) into a
real source folder and runs the real `load_archive` on it. Nothing is mocked.
The default profile runs a few thousand examples in well under a minute;
``HYPOTHESIS_PROFILE=thorough`` runs many more.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, TODAY
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from minutebook.errors import MinutesError
from minutebook.load import load_archive

settings.register_profile("ci", max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=50_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIELDS = [
    "body",
    "date",
    "sequence",
    "status",
    "approved_at",
    "start",
    "end",
    "location",
    "chair",
    "present",
    "in_attendance",
    "apologies",
    "substitutes",
    "declarations",
    "decisions",
    "actions",
    "updates",
    "confidential",
    "next_meeting",
    "documents",
]
SUBKEYS = [
    "id",
    "item",
    "text",
    "owners",
    "due",
    "person",
    "role",
    "note",
    "for",
    "against",
    "abstain",
    "vote",
    "action",
    "status",
    "reason",
    "summary",
    "interest",
    "title",
    "path",
    "url",
    "date",
    "start",
]
KNOWN = [
    "board",
    "social-care",
    "Social Care",
    "linda-clegg",
    "Lorna",
    "Lorna Quigley",
    "Cllr Davies",
    "phil-gilchrist",
    "2018-10-24",
    "2018-09-27",
    "2018-02-30",
    "2099-01-01",
    "14:00",
    "25:00",
    "approved",
    "draft",
    "done",
    "in-progress",
    "board/2018-09-27/a1",
    "board/2018-10-24/a1",
    "documents/x.pdf",
    "../../etc/passwd",
    "1",
    "2",
    "21.4",
    "<script>x</script>",
    "[[board/2018-09-27]]",
    "[[board/2018-09-27/a9]]",
    "<!-- note -->",
    "javascript:alert(1)",
    "Phil",
    "",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=12),
    st.sampled_from(KNOWN),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(SUBKEYS), st.sampled_from(KNOWN), st.text(max_size=6)), children, max_size=4
        ),
    ),
    max_leaves=16,
)
front_matter = st.fixed_dictionaries(
    {
        "body": st.one_of(st.just("board"), values),
        "date": st.one_of(st.sampled_from(KNOWN[7:12]), values),
        "status": st.one_of(st.sampled_from(["approved", "draft"]), values),
    },
    optional={field: values for field in FIELDS if field not in ("body", "date", "status")},
)
yaml_text = st.builds(
    lambda data, flow: yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False),
    st.one_of(front_matter, values),
    st.sampled_from([False, True, None]),
)
yaml_fragments = st.lists(
    st.sampled_from(
        [
            "body: board\n",
            "date: 2018-10-24\n",
            "status: approved\n",
            "present:\n",
            "  - Lorna\n",
            "\t- linda-clegg\n",
            "x: &a [1]\n",
            "y: *a\n",
            "z: !!python/object/apply:os.system [ls]\n",
            "location: a: b\n",
            "decisions:\n  - {id: 1, item: 1, text: ok}\n",
            "'unclosed\n",
            "key: [1, 2\n",
            "<<: {a: 1}\n",
            "actions: []\n",
            "- list item\n",
            "---\n",
            "...\n",
            "? complex\n: key\n",
            "date: 2018-10-24\n",
            "%YAML 1.1\n",
            "!!binary aGVsbG8=\n",
            "\ufeffbody: board\n",
            "status: approved\r\n",
        ]
    ),
    max_size=12,
).map("".join)
body = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "## 1. Minutes\n",
                "## 2. Report\n",
                "## 2. Again\n",
                "##  7a Heading\n",
                "Text [[board/2018-09-27]].\n",
                "<!-- secret\n",
                "-->\n",
                "<script>alert(1)</script>\n",
                "[link](../../x/)\n",
                "## 21.4. Sub item\n",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=8,
).map("".join)
VALID = {
    "body": "board",
    "date": "2018-10-24",
    "status": "approved",
    "chair": "linda-clegg",
    "present": ["linda-clegg", "Lorna"],
    "decisions": [{"id": 1, "item": 1, "text": "Agreed [[board/2018-09-27]]."}],
    "actions": [{"id": 1, "item": 2, "owners": ["Social Care"], "text": "Report back.", "due": "2018-11-29"}],
    "updates": [{"action": "board/2018-09-27/a1", "status": "done"}],
    "confidential": [{"item": 2, "reason": "Schedule 12A", "summary": "Discussed in private."}],
}
# A good meeting with a few fields or sub-fields replaced: most of the engine runs before anything fails.
mutated = (
    st.builds(
        lambda changes, drop: {**{k: v for k, v in VALID.items() if k not in drop}, **changes},
        st.dictionaries(st.sampled_from(FIELDS), values, max_size=2),
        st.sets(st.sampled_from(list(VALID)), max_size=2),
    )
    | st.builds(
        lambda changes: {**VALID, **changes},
        st.dictionaries(
            st.sampled_from(FIELDS), st.sampled_from(KNOWN) | st.lists(st.sampled_from(KNOWN), max_size=3), max_size=2
        ),
    )
    | st.builds(
        lambda field, index, key, value: {**VALID, field: [{**VALID[field][0], key: value}]},
        st.sampled_from(["decisions", "actions", "updates", "confidential"]),
        st.just(0),
        st.sampled_from(SUBKEYS),
        st.sampled_from(KNOWN) | values,
    )
)
GOOD_BODY = "## 1. Minutes\n\nAgreed.\n\n## 2. Report\n\nNoted. <!-- aside -->\n"
meeting_file = st.one_of(
    st.builds(
        lambda fm, text: f"---\n{yaml.safe_dump(fm, allow_unicode=True, sort_keys=False)}---\n{text}",
        mutated,
        st.one_of(st.just(GOOD_BODY), body.map(lambda extra: GOOD_BODY + extra), body),
    ),
    st.builds(lambda fm, text: f"---\n{fm}---\n{text}", st.one_of(yaml_text, yaml_fragments), body),
    st.builds(lambda fm, text: f"---\n{fm}\n---\n{text}", st.text(max_size=60), body),
    st.builds(lambda fm: f"---\n{fm}", yaml_fragments),  # never closed
    st.text(max_size=80),
).map(lambda text: text.encode("utf-8", "surrogatepass"))
meeting_bytes = st.one_of(meeting_file, meeting_file, meeting_file, st.binary(max_size=200))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property") / "minutes"
    shutil.copytree(FIXTURES / "bad" / "_base", root)
    return root


@example(data=b"---\n!\t'\xc2\x85\xc2\x85\n---")  # three lines: PyYAML's marks made it line 5
@example(data=b"---\r---\r\x00")  # old Mac line endings: three lines too
@given(data=meeting_bytes)
def test_any_meeting_file_gives_an_archive_or_path_line_problems(source: Path, data: bytes) -> None:
    target = source / "2018" / "generated.md"
    target.write_bytes(data)
    # Lines as an editor counts them (\r\n, \r or \n); a problem may point at the line after the last break.
    line_count = len(re.split(rb"\r\n|\r|\n", data)) + 1
    try:
        archive = load_archive(source, today=TODAY, display_root=source)
    except MinutesError as error:
        assert error.problems
        event("problems: " + re.sub(r"'[^']*'|\d+", "_", error.problems[0].message)[:40])
        for problem in error.problems:
            assert not problem.internal, str(problem)
            assert re.fullmatch(r"[^\n:]+:\d+: [^\n]+", str(problem)), str(problem)
            assert problem.path in {"2018/generated.md", "2018/2018-09-27-board.md"}, str(problem)
            assert 1 <= problem.line <= (line_count if problem.path == "2018/generated.md" else 20), str(problem)
    else:
        event("a clean archive")
        assert len(archive.meetings) in (1, 2)


people_entries = st.dictionaries(
    st.one_of(
        st.sampled_from(["lorna-quigley", "phil", "index", "Foo Bar", "../x", "linda-clegg"]), st.text(max_size=8)
    ),
    st.one_of(
        st.fixed_dictionaries(
            {"name": st.one_of(st.sampled_from(KNOWN), st.text(max_size=12))},
            optional={
                "aliases": st.lists(st.one_of(st.sampled_from(KNOWN), st.text(max_size=8)), max_size=3),
                "honorific": st.sampled_from(["Cllr", "Dr", "<b>", ""]),
            },
        ),
        values,
    ),
    max_size=5,
)


@pytest.fixture(scope="module")
def registry_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("registry") / "minutes"
    shutil.copytree(FIXTURES / "bad" / "_base", root)
    return root


@settings(max_examples=int(settings().max_examples / 5))
@given(entries=people_entries, bodies=st.one_of(st.none(), values))
def test_any_people_and_bodies_files_give_an_archive_or_path_line_problems(
    registry_source: Path, entries: dict, bodies: object
) -> None:
    base = FIXTURES / "bad" / "_base"
    (registry_source / "people.yml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    bodies_text = (
        (base / "bodies.yml").read_text(encoding="utf-8")
        if bodies is None
        else yaml.safe_dump(bodies, allow_unicode=True)
    )
    (registry_source / "bodies.yml").write_text(bodies_text, encoding="utf-8")
    try:
        load_archive(registry_source, today=TODAY, display_root=registry_source)
    except MinutesError as error:
        for problem in error.problems:
            assert not problem.internal, str(problem)
            assert re.fullmatch(r"[^\n:]+:\d+: [^\n]+", str(problem)), str(problem)
            assert problem.line >= 1
    else:
        event("a clean archive")


# Every character besides \n and \r that str.splitlines (and PyYAML's marks) treat as a line break.
LINE_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
NOT_TEXT = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}  # control characters: refused where they stand
CLEAN_LINES = [
    "---",
    "body: board",
    "date: 2018-10-24",
    "status: approved",
    'location: "Town Hall, Room 1"',
    "# a comment",
    "chair: linda-clegg",
    "present:",
    "  - linda-clegg",
    "  - Lorna Quigley: Director",
    "---",
    "",
    "## 1. Minutes",
    "",
    "Agreed as a true record.",
    "",
    "## 2. Report",
    "",
    "The board noted the report.",
]
# Lines where a line-break character can stand without changing what the file means otherwise.
HOSTS = {4: 'location: "Town', 5: "# a", 14: "Agreed as", 18: "The board"}


@example(breaks=[(4, "\u2028")], unknown_at=9, ending="\n")
@example(breaks=[(5, "\x85"), (5, "\x85")], unknown_at=13, ending="\r\n")
@given(
    breaks=st.lists(st.tuples(st.sampled_from(sorted(HOSTS)), st.sampled_from(LINE_BREAKS)), max_size=4),
    unknown_at=st.sampled_from([6, 9, 13, 16]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_line_numbers_are_the_editors_whatever_line_breaks_the_text_holds(
    source: Path, breaks: list[tuple[int, str]], unknown_at: int, ending: str
) -> None:
    """U+0085, U+2028, U+2029, \\v, \\f and \\x1c-\\x1e are not line breaks to an editor: no line number moves."""
    lines = list(CLEAN_LINES)
    expected = set()
    for index, char in breaks:
        lines[index] = lines[index].replace(HOSTS[index], HOSTS[index] + char, 1)
        # A control character is refused where it is; YAML also ends a comment at U+0085, U+2028 or U+2029.
        if char in NOT_TEXT or index == 5:
            expected.add(index + 1)
    planted = {6: "chair: nobody-known", 9: "  - Nobody Known: Director"}
    if unknown_at in planted:
        lines[unknown_at] = planted[unknown_at]
    else:  # a cross-reference to nothing, in the minutes text
        lines[unknown_at] = "See [[board/2001-01-01]]." if unknown_at == 16 else "## 1. Minutes [[board/2001-01-01]]"
    expected.add(unknown_at + 1)
    (source / "2018" / "generated.md").write_bytes(ending.join(lines).encode("utf-8"))
    with pytest.raises(MinutesError) as raised:
        load_archive(source, today=TODAY, display_root=source)
    found = {problem.line for problem in raised.value.problems if problem.path == "2018/generated.md"}
    assert found and found <= expected, [str(problem) for problem in raised.value.problems]
    if expected == {unknown_at + 1}:  # nothing else wrong: the planted mistake, at its own line
        assert found == expected


def test_a_line_break_character_in_a_quoted_value_moves_no_later_line(source: Path) -> None:
    text = "\n".join(CLEAN_LINES).replace('"Town Hall, Room 1"', '"Town Hall\u2028Room 1"')
    text = text.replace("  - Lorna Quigley: Director", "  - Nobody Known: Director")
    (source / "2018" / "generated.md").write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as raised:
        load_archive(source, today=TODAY, display_root=source)
    assert [str(p) for p in raised.value.problems] == [
        "2018/generated.md:10: present[1]: unknown person 'Nobody Known': not in people.yml"
    ]
