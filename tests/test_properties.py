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
from hypothesis import HealthCheck, event, given, settings
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


@given(data=meeting_bytes)
def test_any_meeting_file_gives_an_archive_or_path_line_problems(source: Path, data: bytes) -> None:
    target = source / "2018" / "generated.md"
    target.write_bytes(data)
    line_count = data.count(b"\n") + 2  # a problem may point at the line after the last newline
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
