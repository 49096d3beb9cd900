"""Nothing outside the public record is published, and no file stalls or crashes a build.

Each attack is made for real in a minutes folder (real symlinks, hard links, pipes, a link to
``/proc/self/environ`` with a secret in the environment) and run through `minutes.py check` and a real
strict `mkdocs build`. Wherever a build runs, every byte it leaves (the site and its own output) is
scanned for the planted secrets, however they are encoded (tests/canary_scan.py).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from canary_scan import in_text, scan
from conftest import FIXED_EPOCH, FIXTURES, ROOT, Build, build_site, config_with_settings

from minutebook.markup import TIME_BUDGET

BASE = FIXTURES / "bad" / "_base"
SECRET = "zqenvsecret4471"  # put in the build's environment: it must never be published or printed
PDF = b"%PDF-1.4\n% a paper\n%%EOF\n"
BODY = (
    "\n## 1. Minutes of the previous meeting\n\nAgreed as a true record.\n\n"
    "## 2. Report\n\nThe board noted the report.\n"
)


def minutes(tmp_path: Path) -> Path:
    """A small good archive (board, 27 September 2018) at tmp_path/minutes."""
    source = tmp_path / "minutes"
    shutil.copytree(BASE, source)
    return source


def meeting(source: Path, fields: str = "", body: str = BODY, date: str = "2018-10-24") -> Path:
    """Write a meeting of the board with ``fields`` added to its front-matter; its path."""
    path = source / "2018" / f"{date}-board.md"
    path.write_text(
        f"---\nbody: board\ndate: {date}\nstatus: approved\nchair: linda-clegg\npresent: "
        f"[linda-clegg]\n{fields}---\n{body}",
        encoding="utf-8",
    )
    return path


def document(source: Path, fields_path: str, title: str = "Paper") -> None:
    """List one document in a meeting of 2018-10-24."""
    meeting(source, f"documents:\n  - {{title: {title}, path: '{fields_path}'}}\n")


def check(tmp_path: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`minutes.py check minutes`, run from tmp_path, with the secret in its environment; ``timeout`` only stops
    a check that hangs (a busy machine is slow, not stuck)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "minutes.py"), "check", "minutes"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "MB_SECRET": SECRET},
    )


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("minutes/")]


def children_cpu_seconds() -> float:
    """CPU time used so far by the processes this one started and waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(tmp_path: Path, source: Path, config: Path = ROOT / "mkdocs.yml") -> Build:
    return build_site(tmp_path, source, env={"MB_SECRET": SECRET}, config=config)


def assert_refused(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """`check` failed with each expected problem (a prefix of its line), no traceback, no secret."""
    said = problems(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for wanted in expected:
        assert any(line.startswith(wanted) for line in said), (wanted, said)
    assert not in_text(result.stdout + result.stderr, SECRET)


def assert_nothing_published(built: Build) -> None:
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert not in_text(built.output, SECRET)
    assert not built.site.exists() or not any(path.is_file() for path in built.site.rglob("*"))


# --- documents: files of the public record, and only those ---------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        pytest.param("/proc/self/environ", id="proc-self-environ"),
        pytest.param("outside", id="file-outside"),
        pytest.param("../redact.yml", id="redaction-list"),
        pytest.param("../2018/2018-09-27-board.md", id="raw-minutes"),
    ],
)
def test_a_symlinked_document_is_refused(tmp_path: Path, link: str) -> None:
    source = minutes(tmp_path)
    (tmp_path / "outside").write_text(f"MB_SECRET={SECRET}\n", encoding="utf-8")
    (source / "redact.yml").write_text(f"- {{name: Nobody Named, note: {SECRET}}}\n", encoding="utf-8")
    (source / "documents").mkdir()
    target = tmp_path / "outside" if link == "outside" else Path(link)
    (source / "documents" / "paper.txt").symlink_to(target)
    document(source, "documents/paper.txt")
    assert_refused(
        check(tmp_path),
        "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/paper.txt' is reached through a symbolic "
        "link",
    )
    assert_nothing_published(build(tmp_path, source))


@pytest.mark.parametrize("linked", ["documents", "documents/sub"])
def test_a_document_in_a_symlinked_folder_is_refused(tmp_path: Path, linked: str) -> None:
    source = minutes(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "paper.pdf").write_bytes(PDF + SECRET.encode())
    (source / "documents").mkdir()
    if linked == "documents":
        (source / "documents").rmdir()
    (source / linked).symlink_to(outside, target_is_directory=True)
    path = f"{linked}/paper.pdf"
    document(source, path)
    assert_refused(check(tmp_path), f"minutes/2018/2018-10-24-board.md:8: documents[0].path: '{path}' is reached")


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("redact.yml", "is not under documents/"),
        ("people.yml", "is not under documents/"),
        ("2018/2018-09-27-board.md", "is not under documents/"),
        ("documents/../redact.yml", "must be a path inside the minutes folder"),
        ("documents/notes.md", ".md files are not published"),
        ("documents/.secret.pdf", "names a hidden file or folder"),
        ("documents/page.html", "is a .html file, which a browser would run as a page of this site"),
        ("documents/fake-meeting.htm", "is a .htm file"),
        ("documents/logo.svg", "is a .svg file"),
        ("documents/LOGO.SVG", "is a .svg file"),
        ("documents/data.xml", "is a .xml file"),
        ("documents/page.xhtml", "is a .xhtml file"),
        ("documents/a#b.pdf", "has a character (U+0023)"),
        ("documents/a\u202eb.pdf", "has a character (U+202E)"),
    ],
)
def test_only_papers_under_documents_of_a_safe_type_are_published(tmp_path: Path, path: str, why: str) -> None:
    source = minutes(tmp_path)
    target = source / path
    if ".." not in path:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(b"<html><script>alert(document.cookie)</script></html>")
    document(source, path)
    result = check(tmp_path)
    assert_refused(result, "minutes/2018/2018-10-24-board.md:8: documents[0].path: ")
    assert any(why in line for line in problems(result)), problems(result)


def test_a_hard_link_to_the_redaction_list_is_refused(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "redact.yml").write_text(f"- {{name: Nobody Named, note: {SECRET}}}\n", encoding="utf-8")
    (source / "documents").mkdir()
    os.link(source / "redact.yml", source / "documents" / "list.txt")
    document(source, "documents/list.txt")
    assert_refused(
        check(tmp_path), "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/list.txt' is a hard link"
    )


def test_a_document_that_is_not_what_its_name_says_is_refused(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "documents").mkdir()
    (source / "documents" / "paper.pdf").write_text("<html><script>alert(1)</script>", encoding="utf-8")
    document(source, "documents/paper.pdf")
    assert_refused(
        check(tmp_path), "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/paper.pdf' is not a PDF"
    )


def test_a_pipe_as_a_document_is_refused_at_once(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "documents").mkdir()
    os.mkfifo(source / "documents" / "paper.txt")
    document(source, "documents/paper.txt")
    assert_refused(  # reading the pipe would wait for ever: check's timeout stops it
        check(tmp_path),
        "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/paper.txt' is not a file",
    )


def test_documents_have_a_size_limit_that_mkdocs_yml_sets(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "documents").mkdir()
    with (source / "documents" / "big.pdf").open("wb") as handle:
        handle.write(PDF)
        handle.truncate(51 * 1024 * 1024)  # sparse: 51 MB on paper
    document(source, "documents/big.pdf")
    assert_refused(
        check(tmp_path),
        "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/big.pdf' is 51 MB, over the limit of 50 MB",
    )
    (source / "documents" / "big.pdf").unlink()
    (source / "documents" / "small.pdf").write_bytes(PDF + b"%" + b"x" * (2 * 1024 * 1024) + b"\n")
    document(source, "documents/small.pdf")
    config = config_with_settings(tmp_path, "documents: {max_mb: 1, types: [pdf, svg]}")
    built = build(tmp_path, source, config)
    assert_nothing_published(built)
    assert "extra.minutebook.documents.types: 'svg' files can run as pages of the archive's own site" in built.output
    assert "'documents/small.pdf' is 2 MB, over the limit of 1 MB" in built.output


def test_an_allowed_document_is_copied_as_it_is_and_linked(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "documents" / "2018").mkdir(parents=True)
    paper = PDF + bytes(range(256))
    (source / "documents" / "2018" / "Budget paper (v2).pdf").write_bytes(paper)
    (source / "documents" / "figures.csv").write_text("year,spend\n2018,100\n", encoding="utf-8")
    meeting(
        source,
        "documents:\n"
        "  - {title: Budget paper, path: 'documents/2018/Budget paper (v2).pdf'}\n"
        "  - {title: Figures, path: documents/figures.csv}\n",
    )
    built = build(tmp_path, source)
    assert built.returncode == 0, built.output
    assert (built.site / "documents" / "2018" / "Budget paper (v2).pdf").read_bytes() == paper
    assert not (built.site / "documents" / "2018" / "Budget paper (v2).pdf").is_symlink()
    page = built.page("meetings/board/2018-10-24/")
    assert 'href="../../../documents/2018/Budget paper (v2).pdf"' in page and "figures.csv" in page
    assert scan(built.site, (SECRET,))[SECRET] == []


def test_a_document_swapped_for_a_link_after_the_check_is_not_copied(tmp_path: Path) -> None:
    """The copy opens every component again without following links: a file replaced since it was read is refused."""
    from minutebook.documents import publish
    from minutebook.errors import MinutesError
    from minutebook.load import load_archive

    source = minutes(tmp_path)
    (source / "documents").mkdir()
    (source / "documents" / "paper.txt").write_text("A public paper.\n", encoding="utf-8")
    document(source, "documents/paper.txt")
    archive = load_archive(source, display_root=tmp_path)
    (source / "documents" / "paper.txt").unlink()
    (source / "documents" / "paper.txt").symlink_to("/proc/self/environ")
    site = tmp_path / "site"
    with pytest.raises(MinutesError) as raised:
        publish(archive, source, site)
    assert [str(problem) for problem in raised.value.problems] == [
        "minutes/2018/2018-10-24-board.md:8: documents[0].path: 'documents/paper.txt' is reached through a "
        "symbolic link; a document must be a file kept in documents/ itself: copy the file there instead of linking "
        "to it"
    ]
    assert not (site / "documents" / "paper.txt").exists()


# --- the other files of the minutes folder ----------------------------------------------------------


@pytest.mark.parametrize("name", ["2018/2018-10-24-board.md", "people.yml", "bodies.yml", "redact.yml"])
def test_no_file_of_the_minutes_is_read_through_a_link(tmp_path: Path, name: str) -> None:
    source = minutes(tmp_path)
    target = source / name
    if target.exists():
        shutil.move(target, tmp_path / "moved")
        target.symlink_to(tmp_path / "moved")
    else:
        target.symlink_to("/proc/self/environ")
    assert_refused(check(tmp_path), f"minutes/{name}:1: cannot read this file: it is a symbolic link")


def test_a_linked_folder_of_meetings_is_reported_not_followed(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (tmp_path / "elsewhere" / "2018").mkdir(parents=True)
    meeting(tmp_path / "elsewhere", f"location: {SECRET}\n")
    (source / "2019").symlink_to(tmp_path / "elsewhere" / "2018", target_is_directory=True)
    assert_refused(check(tmp_path), "minutes/2019:1: is a link to a folder; Minutebook does not follow links")


def test_a_redaction_list_that_cannot_be_read_fails_closed(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "redact.yml").mkdir()
    assert_refused(check(tmp_path), "minutes/redact.yml:1: cannot read this file: it is a folder, not a file")


def test_a_pipe_named_like_a_meeting_does_not_stall_check(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    os.mkfifo(source / "2018" / "x.md")
    assert_refused(check(tmp_path), "minutes/2018/x.md:1: cannot read this file: it is a pipe or device")


def test_a_utf16_file_is_called_utf16(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    path = meeting(source)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    path.with_name("no-bom.md").write_bytes(path.read_text(encoding="utf-16").encode("utf-16-le"))
    result = check(tmp_path)
    assert_refused(
        result,
        "minutes/2018/2018-10-24-board.md:1: the file is saved as UTF-16 ('Unicode' in Word or Notepad), not UTF-8",
        "minutes/2018/no-bom.md:1: the file is saved as UTF-16",
    )
    assert "Windows-1252" not in result.stderr


def test_a_huge_people_file_is_not_told_to_attach_papers(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    with (source / "people.yml").open("ab") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = check(tmp_path)
    assert_refused(result, "minutes/people.yml:1: file is larger than 16 MB; is this the right file?")
    assert "documents/" not in result.stderr


def test_a_hundred_thousand_people_give_no_flood_of_lines(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    with (source / "people.yml").open("a", encoding="utf-8") as handle:
        handle.write("".join(f"p{index}: {{name: P{index}}}\n" for index in range(100_000)))
    result = check(tmp_path)
    assert len(result.stderr.splitlines()) <= 3, result.stderr[:2000]
    assert result.returncode == 0, result.stderr[:2000]


def test_a_typo_in_people_yml_is_the_one_problem_reported_first(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    for day in range(1, 29):
        meeting(source, "in_attendance: [Cllr Davies]\n", date=f"2018-11-{day:02d}")
    people = source / "people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace("  name: Linda Clegg", "  name: Linda Clegg\n bad"))
    said = problems(check(tmp_path))
    assert said[0].startswith("minutes/people.yml:") and "not valid YAML" in said[0], said
    assert not [line for line in said if "unknown" in line], said


# --- the redaction list, read as a reader sees the text --------------------------------------------


SPELLINGS = [
    "Jane&nbsp;Doe",
    "Ja&#110;e Doe",
    "Ja&#x6e;e Doe",
    "J*ane* Doe",
    "Ja**ne** Doe",
    "J_ane_ Doe",
    "Ja<b></b>ne Doe",
    "<span>Ja</span>ne Doe",
    "[Ja](https://example.org/)ne Doe",
    "Ja`ne` Doe",
    "Jane<br>Doe",
    "Ja\u034fne Doe",
    "Ja\u2066ne\u202c Doe",
    "Ja\ufe0fne Doe",
    "Ja\u180ene Doe",
    "Ja\u00adne Doe",
    "Ja&shy;ne Doe",
    "Ja\U000e0041ne Doe",
    "Jane\u2800Doe",
    "Ja\u3164ne Doe",
    "\uff2a\uff41\uff4e\uff45 \uff24\uff4f\uff45",
    "J\u0430ne Doe",
    '[a paper](https://example.org/Jane%20Doe "about the case")',
    '[a paper](https://example.org/ "Ja&#110;e Doe")',
    '<abbr title="Ja&#110;e Doe">JD</abbr>',
    "JANE\n  DOE",
]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=[repr(spelling)[1:25] for spelling in SPELLINGS])
def test_a_redacted_name_is_found_however_it_is_spelled(tmp_path: Path, spelling: str) -> None:
    source = minutes(tmp_path)
    (source / "redact.yml").write_text("- Jane Doe\n", encoding="utf-8")
    meeting(source, body=BODY + f"\nThe report was written by {spelling}.\n")
    assert_refused(
        check(tmp_path),
        "minutes/2018/2018-10-24-board.md:17: 'Jane Doe' is on the redaction list (minutes/redact.yml:1)",
    )


def test_a_redacted_name_in_a_published_text_document_is_found(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "redact.yml").write_text("- Jane Doe\n", encoding="utf-8")
    (source / "documents").mkdir()
    (source / "documents" / "letter.txt").write_text("Dear all,\n\nFrom Ja&#110;e Doe.\n", encoding="utf-8")
    document(source, "documents/letter.txt")
    assert_refused(check(tmp_path), "minutes/documents/letter.txt:3: 'Jane Doe' is on the redaction list")


def test_every_spelling_fails_the_build_and_nothing_reaches_the_site(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    (source / "redact.yml").write_text("- Jane Doe\n", encoding="utf-8")
    meeting(source, body=BODY + "".join(f"\nBy {spelling}.\n" for spelling in SPELLINGS))
    built = build(tmp_path, source)
    assert_nothing_published(built)
    reported = [line for line in built.output.splitlines() if "'Jane Doe' is on the redaction list" in line]
    assert len(reported) == len(SPELLINGS)


# --- people who look the same ----------------------------------------------------------------------


LOOKALIKES = [
    "Lin\u034fda Clegg",
    "Linda Clegg\ufe0f",
    "Linda Clegg\u2800",
    "Linda Clegg\u115f",
    "Linda Clegg\u3164",
    "Linda\u3000Clegg",
    "Linda\u2002Clegg",
    "Lin\u180bda Clegg",
    "Linda Clegg\U000e0020",
    "Linda Clegg\u17b4",
    "Linda\u200bClegg",
    "Linda Cl\u0435gg",
    "Linda Clegg\u061c",
]


@pytest.mark.parametrize("name", LOOKALIKES, ids=[repr(name)[1:-1] for name in LOOKALIKES])
def test_a_person_whose_name_hides_a_character_is_refused(tmp_path: Path, name: str) -> None:
    source = minutes(tmp_path)
    with (source / "people.yml").open("a", encoding="utf-8") as handle:
        handle.write(f'linda-clegg-2:\n  name: "{name}"\n')
    assert_refused(check(tmp_path), "minutes/people.yml:15: linda-clegg-2: name ")


# --- every field checked before it is built ------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "line", "says"),
    [
        ('location: "Town Hall\\e[31m"\n', 7, "character U+001B is a control character"),
        ('location: "Town Hall\\ud800"\n', 7, "invalid Unicode character escape code"),
        ('location: "Town Hall\\uffff"\n', 7, "character U+FFFF is a Unicode noncharacter"),
        (
            'location: "Town Hall\\x85"\n',
            7,
            "character U+0085 is a control character, not text; delete it (it is often",
        ),
        ("location: " + "[" * 900 + "]" * 900 + "\n", 7, "values are nested more than 20 levels deep"),
        ("location:\n" + "".join(" " * depth + "a:\n" for depth in range(1, 60)), 28, "values are nested more than"),
        ('start: "14:00\\n"\nend: "15:00"\n', 7, "start: '14:00\\n' is not a 24-hour time"),
    ],
    ids=["escape", "surrogate", "noncharacter", "next-line", "flow-900", "block-60", "time-newline"],
)
def test_a_field_that_no_page_can_hold_is_refused_at_its_line(
    tmp_path: Path, fields: str, line: int, says: str
) -> None:
    source = minutes(tmp_path)
    meeting(source, fields)
    result = check(tmp_path)
    assert_refused(result, f"minutes/2018/2018-10-24-board.md:{line}: ")
    assert any(says in problem for problem in problems(result)), problems(result)
    if "\\e" in fields:  # it reached lxml in the feeds as a traceback
        assert_nothing_published(build(tmp_path, source))


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("Town Hall \x1b[31mred\x1b[0m.\n", "character U+001B is a control character"),
        (
            "\n".join("    " * depth + "- x" for depth in range(600)) + "\n",
            "33: lists or quotes are nested 33 levels deep",
        ),
        ("- " * 1000 + "x\n", "17: lists or quotes are nested 1000 levels deep"),
        ("> " * 40 + "x\n", "17: lists or quotes are nested 40 levels deep"),
    ],
    ids=["escape", "600-level-list", "1000-markers", "40-quotes"],
)
def test_minutes_text_that_no_page_can_hold_is_refused_and_the_build_stops_cleanly(
    tmp_path: Path, body: str, says: str
) -> None:
    source = minutes(tmp_path)
    meeting(source, body=BODY + "\n" + body)
    result = check(tmp_path)
    assert_refused(result, "minutes/2018/2018-10-24-board.md:" + (says if says[0].isdigit() else "17: " + says))
    assert len(problems(result)) <= 11
    assert_nothing_published(build(tmp_path, source))


def test_a_file_name_with_a_newline_prints_one_line_per_problem(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    path = meeting(source.parent / "minutes", "in_attendance: [Nobody Known]\n")
    path.rename(source / "2018" / "x\nMinutebook: published OK\x1b[2K.md")
    result = check(tmp_path)
    assert result.returncode == 1
    assert "minutes/2018/x\\nMinutebook: published OK\\u001b[2K.md:7: in_attendance[0]: unknown person" in result.stderr
    assert "\x1b" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("Minutebook")]


# --- linear time on any input --------------------------------------------------------------------


FLOODS = {
    "20 KB of [": "[" * 20_000,
    "152 KB of [[board/2018-09-27|": "[[board/2018-09-27|" * 8_000,
    "40 KB of ![": "![" * 20_000,
    "40 KB of [a](": "[a](" * 10_000,
    "40 KB of <a ": "<a " * 13_000,
}


@pytest.mark.slow
def test_floods_of_markup_are_read_in_seconds(tmp_path: Path) -> None:
    """Each took from a minute to hours before (Python-Markdown scanned from each '[' to the end)."""
    source = minutes(tmp_path)
    for day, flood in enumerate(FLOODS.values(), start=1):
        meeting(source, body=BODY + "\n" + flood + "\n", date=f"2018-11-{day:02d}")
    started = children_cpu_seconds()
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr[:2000]
    built = build(tmp_path, source)
    assert built.returncode == 0, built.output[-3000:]
    # CPU time, not time on the clock, so a busy machine cannot fail it: about 10 s of work, where each
    # flood took from a minute to hours before.
    assert children_cpu_seconds() - started < 60
    assert "[[[[[[[[[[[[[[[[[[[[" in built.page("meetings/board/2018-11-01/")


@pytest.mark.slow
def test_text_slower_still_stops_at_the_time_budget_with_its_line(tmp_path: Path) -> None:
    """Python-Markdown's code-span pattern rescans from each unmatched run of backticks: stopped, and said where."""
    source = minutes(tmp_path)
    meeting(source, body=BODY + "\nA line.\n\n" + "``a`" * 60_000 + "\n")
    started = children_cpu_seconds()
    built = build(tmp_path, source)
    assert_nothing_published(built)
    assert "minutes/2018/2018-10-24-board.md:19: this text took more than 10 s to read" in built.output
    # The budget is CPU time, so the build's CPU time shows it stopped: the budget and a small build's
    # work, where the text alone would take many minutes.
    assert children_cpu_seconds() - started < 2 * TIME_BUDGET


# --- items after a confidential one ------------------------------------------------------------------


CONFIDENTIAL = "confidential:\n  - {item: 3, reason: Schedule 12A paragraph 3, summary: A contract matter.}\n"
AFTER_EXEMPT = BODY + "\n## 3. Contract\n\nzqexemptcanary19 the exempt text.\n\n"


LOOSE_HEADINGS = [
    "##4. Any other business",
    "## 4) Any other business",
    "## 4 - Any other business",
    "  ## 4: Any other business",
]


@pytest.fixture(scope="module")
def loose_headings(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build of a meeting per loosely written heading (1 to 4 November 2018), each with its own canaries;
    the tests only read it."""
    tmp = tmp_path_factory.mktemp("loose-headings")
    source = minutes(tmp)
    for day, heading in enumerate(LOOSE_HEADINGS, start=1):
        exempt = AFTER_EXEMPT.replace("zqexemptcanary19", f"zqexemptcanary19d{day}")
        body = exempt + f"{heading}\n\nzqpublicaob44d{day} was raised.\n"
        meeting(source, CONFIDENTIAL, body=body, date=f"2018-11-{day:02d}")
    return build(tmp, source)


@pytest.mark.parametrize("heading", LOOSE_HEADINGS)
def test_an_item_heading_written_loosely_is_still_an_item(loose_headings: Build, heading: str) -> None:
    built, day = loose_headings, LOOSE_HEADINGS.index(heading) + 1
    assert built.returncode == 0, built.output
    page = built.page(f"meetings/board/2018-11-{day:02d}/")
    assert 'id="item-4"' in page and f"zqpublicaob44d{day}" in page
    assert scan(built.site, (f"zqexemptcanary19d{day}",))[f"zqexemptcanary19d{day}"] == []


@pytest.mark.parametrize(
    ("heading", "says"),
    [
        ("## Any other business", "'## Any other business' has no item number"),
        ("# 4. Any other business", "'# 4. Any other business' has one '#'"),
        ("## 4.", "'## 4.' has no title after the item number"),
        ("## 4.Any other business", "'## 4.Any other business' is not written as an agenda item heading"),
        ("### 4. Any other business", "the item above is confidential, so its text is never published"),
        ("Any other business\n------------------", "the line under 'Any other business' makes it a heading"),
        ("<h2>4. Any other business</h2>", "the item above is confidential"),
    ],
)
def test_a_heading_that_is_no_item_heading_is_a_problem_not_hidden_text(
    tmp_path: Path, heading: str, says: str
) -> None:
    source = minutes(tmp_path)
    meeting(source, CONFIDENTIAL, body=AFTER_EXEMPT + f"{heading}\n\nzqpublicaob44 was raised.\n")
    result = check(tmp_path)
    assert_refused(result, "minutes/2018/2018-10-24-board.md:23: " + says)


# --- times as clerks write them ----------------------------------------------------------------------


def test_an_unquoted_time_is_read_as_the_time_written(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    meeting(source, "start: 14:00\nend: 16:30\nnext_meeting: {date: 2018-11-29, start: 14:00}\n")
    built = build(tmp_path, source)
    assert built.returncode == 0, built.output
    page = built.page("meetings/board/2018-10-24/")
    assert "2.00pm to 4.30pm" in page and "840" not in page


def test_five_mistakes_in_one_file_are_reported_in_one_run(tmp_path: Path) -> None:
    source = minutes(tmp_path)
    meeting(
        source,
        'start: "25:00"\n'  # a schema error...
        "approved_at: 2018-02-30\n"  # ...and four that only the build of the meeting finds
        "in_attendance: [Nobody Known]\n"
        "decisions:\n  - {id: 1, item: 9, text: Agreed.}\n"
        "next_meeting: {date: 2018-10-01}\n",
    )
    said = problems(check(tmp_path))
    assert [line.split(": ", 2)[1].split(":")[0].split(".")[0].split("[")[0] for line in said] == [
        "start",
        "approved_at",
        "in_attendance",
        "decisions",
        "next_meeting",
    ], said


def test_a_broken_link_is_reported_at_the_editors_line(tmp_path: Path) -> None:
    """The link check finds a link's line in the source: U+2028 and U+0085 before it are no line breaks."""
    source = minutes(tmp_path)
    meeting(source, 'location: "Town Hall\u2028Room 1"\n', body=BODY + "\nSee \u2029[the papers](../../nowhere/).\n")
    built = build(tmp_path, source)
    assert built.returncode != 0
    assert "minutes/2018/2018-10-24-board.md:18: link '../../nowhere/' leads to no page" in built.output


def test_a_brand_colour_with_a_newline_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    config = config_with_settings(tmp_path, 'brand: {primary: "#1d3f73\\n"}')
    built = build(tmp_path, minutes(tmp_path), config)
    assert_nothing_published(built)
    assert "extra.minutebook.brand.primary: '#1d3f73\\n' is not a colour like '#1d3f73'" in built.output
