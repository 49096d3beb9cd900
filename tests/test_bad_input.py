"""Bad input gets a clear `path:line: message` and nothing is published.

Each case in tests/fixtures/bad/ is a meeting file ``<case>.md`` and/or
replacement ``<case>.people.yml`` / ``<case>.bodies.yml`` / ``<case>.redact.yml``,
laid over the small good archive in ``_base/``. ``<case>.expected.json`` holds
the exact problem lines `minutes.py check` must print, and whether the case is
also run through a real strict `mkdocs build` (a representative subset: builds
take a second or two each). Regenerate an expectation only after reading it:
``UPDATE_GOLDEN=1 pytest tests/test_bad_input.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import FIXTURES, ROOT, UPDATE_GOLDEN, as_terminal_job, build_env, build_site

BAD = FIXTURES / "bad"
CASES = sorted(path.name.removesuffix(".expected.json") for path in BAD.glob("*.expected.json"))
SUMMARY = "found in the minutes; nothing was published."


def make_source(tmp_path: Path, case: str) -> Path:
    """The base archive with the case's files laid over it, at tmp_path/minutes."""
    source = tmp_path / "minutes"
    shutil.copytree(BAD / "_base", source)
    for path in BAD.glob(f"{case}.*"):
        kind = path.name[len(case) + 1 :]
        if kind == "md":
            shutil.copyfile(path, source / "2018" / path.name)
        elif kind in ("people.yml", "bodies.yml", "redact.yml"):
            shutil.copyfile(path, source / kind)
    return source


def run_check(tmp_path: Path, source: str = "minutes") -> subprocess.CompletedProcess[str]:
    """`scripts/minutes.py check`, run from tmp_path as a clerk would run it from the repository."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "minutes.py"), "check", source],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=build_env(),
    )


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("minutes/")]


@pytest.mark.parametrize("case", CASES)
def test_check_reports_each_problem_at_its_line(tmp_path: Path, case: str) -> None:
    expected_path = BAD / f"{case}.expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    make_source(tmp_path, case)
    result = run_check(tmp_path)
    lines = problem_lines(result.stderr)
    if UPDATE_GOLDEN:
        expected["check"] = lines
        expected_path.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert "Traceback" not in result.stdout + result.stderr
    if not expected["check"]:  # found only in the built site (broken links)
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1, result.stdout + result.stderr
    assert lines == expected["check"]
    assert result.stderr.rstrip().endswith(SUMMARY)
    assert all(line.split(":")[1].isdigit() and int(line.split(":")[1]) >= 1 for line in lines)


BUILT = [case for case in CASES if json.loads((BAD / f"{case}.expected.json").read_text(encoding="utf-8")).get("build")]


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILT)
def test_strict_build_fails_with_the_same_messages_and_publishes_nothing(tmp_path: Path, case: str) -> None:
    expected = json.loads((BAD / f"{case}.expected.json").read_text(encoding="utf-8"))
    build = build_site(tmp_path, make_source(tmp_path, case))
    assert build.returncode != 0
    assert "Traceback" not in build.output
    for line in expected.get("build_lines") or expected["check"]:
        assert line in build.output
    # MkDocs empties the site folder before our checks run, and our post-build link check empties it again:
    # nothing that looks like a finished site is left behind.
    assert not (build.site / "index.html").exists()
    assert not list(build.site.rglob("*.html")) if build.site.exists() else True


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    return make_source(tmp_path, "none")


def test_byte_order_mark_and_crlf_line_endings_simply_work(tmp_path: Path, minutes: Path) -> None:
    good = (BAD / "_base" / "2018" / "2018-09-27-board.md").read_text(encoding="utf-8")
    later = good.replace("2018-09-27", "2018-10-24").replace(
        "actions:\n  - {id: 1, item: 2, owners: [Lorna], text: Circulate the report.}\n", ""
    )
    (minutes / "2018" / "bom-crlf.md").write_bytes(b"\xef\xbb\xbf" + later.replace("\n", "\r\n").encode("utf-8"))
    (minutes / "people.yml").write_bytes(
        b"\xef\xbb\xbf" + (minutes / "people.yml").read_bytes().replace(b"\n", b"\r\n")
    )
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 meetings" in result.stdout


def test_a_file_of_hundreds_of_megabytes_fails_fast_without_being_read(tmp_path: Path, minutes: Path) -> None:
    huge = minutes / "2018" / "huge.md"
    with huge.open("wb") as handle:  # sparse: 600 MB on paper, nothing on disk
        handle.truncate(600 * 1024 * 1024)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        "minutes/2018/huge.md:1: file is larger than 2 MB; "
        "minutes this size are a mistake (attach papers under documents/)"
    ]


def test_a_front_matter_block_of_megabytes_is_refused(tmp_path: Path, minutes: Path) -> None:
    padding = "".join(f"# {'x' * 70}\n" for _ in range(4_000))  # 4,000 comment lines of ~300 KB
    long_lines = "location: " + "y" * 1_500_000 + "\n"
    (minutes / "2018" / "many-lines.md").write_text("---\nbody: board\n" + padding * 2 + "---\n", encoding="utf-8")
    (minutes / "2018" / "long-line.md").write_text("---\nbody: board\n" + long_lines + "---\n", encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        "minutes/2018/long-line.md:1: front-matter is 1464 KB long (limit 256 KB); "
        "put narrative in the body below '---'",
        "minutes/2018/many-lines.md:1: front-matter is 8003 lines long (limit 5000); "
        "put narrative in the body below '---'",
    ]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path, minutes: Path) -> None:
    (minutes / "2018" / "folder.md").mkdir()  # a folder that looks like a meeting file
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        "minutes/2018/folder.md:1: cannot read this file: it is a folder, not a file"
    ]


def test_a_missing_source_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = run_check(tmp_path, "no-such-folder")
    assert result.returncode == 1
    assert result.stderr.startswith("no-such-folder:1: no such folder of minutes")


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path, minutes: Path) -> None:
    for case in ("impossible-date", "unknown-person", "python-object"):
        shutil.copyfile(BAD / f"{case}.md", minutes / "2018" / f"{case}.md")
    result = run_check(tmp_path)
    assert [line.split(":")[0] for line in problem_lines(result.stderr)] == [
        "minutes/2018/impossible-date.md",
        "minutes/2018/python-object.md",
        "minutes/2018/unknown-person.md",
    ]
    assert "3 problems found in the minutes" in result.stderr


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(tmp_path: Path, minutes: Path) -> None:
    name = os.fsdecode(b"2018/caf\xe9.md")  # saved from a Windows share in Latin-1
    shutil.copyfile(BAD / "impossible-date.md", minutes / name)
    result = run_check(tmp_path)
    assert result.returncode == 1, result.stderr
    assert problem_lines(result.stderr) == ["minutes/2018/caf\\udce9.md:3: date: '2018-02-30' is not a real date"]


def test_a_build_stopped_after_its_pages_were_written_leaves_no_site(tmp_path: Path) -> None:
    """Strict mode stops a build at its very end (a hand-written page's broken link): the pages
    the engine wrote before are not left to be published by mistake."""
    docs = Path(shutil.copytree(ROOT / "docs", tmp_path / "docs"))
    (docs / "notes.md").write_text("# Notes\n\nSee [the bodies](../bodies/).\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\n"
        f"theme:\n  custom_dir: {ROOT / 'hooks' / 'templates'}\nhooks:\n  - {ROOT / 'hooks' / 'mkdocs_adapter.py'}\n",
        encoding="utf-8",
    )
    build = build_site(tmp_path, ROOT / "meetings", config=config)
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "unrecognized relative link '../bodies/'" in build.output
    assert "Aborted with 1 warnings in strict mode" in build.output  # after every page was written
    assert build.site.is_dir() and list(build.site.iterdir()) == []


def _start_build_of_300_meetings(tmp_path: Path) -> tuple[psutil.Popen, Path]:
    """A real strict `mkdocs build` of a synthetic archive large enough to be stopped midway, on two
    processes, in its own process group (as a terminal's foreground job); and its site folder."""
    source = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "300", str(source), "--seed", "3"],
        check=True,
        capture_output=True,
    )
    site = tmp_path / "site"
    env = build_env(source, MINUTEBOOK_WORKERS="2", cache="off")  # cold: a warm build ends too soon to stop
    build = psutil.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=as_terminal_job,
    )
    return build, site


@pytest.mark.slow
def test_a_build_whose_worker_is_killed_says_so_and_leaves_no_site(tmp_path: Path) -> None:
    """The out-of-memory killer takes one of the build's worker processes: a clear message, an empty site folder."""
    build, site = _start_build_of_300_meetings(tmp_path)
    killed = None
    while killed is None and build.poll() is None:  # the first worker forked (parsing the meetings) is killed
        killed = next((child for child in build.children() if child.name().startswith("python")), None)
    assert killed is not None, "the build forked no worker"
    killed.kill()
    output, _ = build.communicate(timeout=300)
    assert build.returncode != 0 and "Traceback" not in output, output
    assert "A worker process of the build was killed before it finished (out of memory, perhaps" in output
    assert not site.exists() or list(site.iterdir()) == []


@pytest.mark.slow
def test_a_build_stopped_with_ctrl_c_leaves_no_site(tmp_path: Path) -> None:
    """`mkdocs build` run by hand and stopped with Ctrl-C once pages are being written: no half-made site."""
    build, site = _start_build_of_300_meetings(tmp_path)
    while not (site / "actions").is_dir():  # the engine is laying out its pages
        assert build.poll() is None, "the build ended before it could be stopped"
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    output, _ = build.communicate(timeout=300)
    assert build.returncode != 0 and "Traceback" not in output, output
    assert not site.exists() or list(site.iterdir()) == []
