"""The build cache (minutebook.cache): a warm build writes the site a clean build writes, byte for byte,
over a series of edits, and a cache that is corrupt, stale or another archive's is detected and never trusted.

Every build here is a real strict `mkdocs build` of a copy of the project (so a template can be edited),
over a synthetic archive from scripts/gen_corpus.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from canary_scan import scan
from conftest import ROOT, build_env
from gitarchive import git

from minutebook.sealed import CacheCorrupt, seal, unseal

GEN_CORPUS = ROOT / "scripts" / "gen_corpus.py"
MEETINGS = 24


def _project(tmp_path: Path) -> Path:
    """The project's own files (engine, templates, docs, mkdocs.yml), copied so they can be edited."""
    project = tmp_path / "project"
    for name in ("hooks", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _corpus(tmp_path: Path, meetings: int = MEETINGS) -> Path:
    source = tmp_path / "minutes"
    subprocess.run(
        [sys.executable, str(GEN_CORPUS), str(meetings), str(source), "--seed", "3", "--people", "100"],
        check=True,
        capture_output=True,
    )
    return source


def _build(
    project: Path, source: Path, site: Path, cwd: Path, cache: str | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of ``source`` into ``site``, with the cache in ``cwd`` (or at ``cache``: "off");
    it must succeed, or with ``ok`` False, fail."""
    env = build_env(source)
    env.pop("MINUTEBOOK_CACHE", None)
    if cache is not None:
        env["MINUTEBOOK_CACHE"] = cache
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    return result


def _tree(site: Path) -> dict[str, bytes]:
    files = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(site).as_posix()] = path.read_bytes()
    return files


def _assert_same_site(clean: Path, warm: Path) -> None:
    expected, found = _tree(clean), _tree(warm)
    assert sorted(found) == sorted(expected), (
        f"only in the clean build: {sorted(set(expected) - set(found))[:5]}; "
        f"only in the warm one: {sorted(set(found) - set(expected))[:5]}"
    )
    differ = [path for path in expected if expected[path] != found[path]]
    assert not differ, f"{len(differ)} files differ from the clean build's, such as {differ[:5]}"


def _rendered(result: subprocess.CompletedProcess[str]) -> tuple[int, int] | None:
    """(pages laid out, generated pages) from the build's log, or None if it laid out all of them."""
    found = re.search(r"Rendering (\d+) of (\d+) generated pages", result.stdout + result.stderr)
    return (int(found[1]), int(found[2])) if found else None


def test_warm_builds_write_the_clean_build_byte_for_byte_over_a_series_of_edits(tmp_path: Path) -> None:
    project, source = _project(tmp_path), _corpus(tmp_path)
    held_back = sorted(source.glob("*/*.md"))[-1]
    held_back.rename(tmp_path / held_back.name)  # added by the first edit

    def edit_meeting() -> None:
        meeting = sorted(source.glob("*/*.md"))[len(list(source.glob("*/*.md"))) // 2]
        text = meeting.read_text(encoding="utf-8")
        heading = re.search(r"^## .+$", text, re.M)
        assert heading is not None
        meeting.write_text(text.replace(heading[0], heading[0] + "\n\nA sentence added later.", 1), encoding="utf-8")

    def rename_person() -> None:
        people = source / "people.yml"
        text = people.read_text(encoding="utf-8")
        name = re.search(r"^  name: (.+)$", text, re.M)
        assert name is not None
        people.write_text(text.replace(name[0], f"  name: {name[1]}-Smythe", 1), encoding="utf-8")

    def edit_template() -> None:
        footer = project / "hooks" / "templates" / "partials" / "footer.html"
        footer.write_text(footer.read_text(encoding="utf-8").replace("Built with", "Made with"), encoding="utf-8")

    def edit_config() -> None:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("time_format: 12h", "time_format: 24h"), encoding="utf-8")

    edits = {
        "first build": lambda: None,
        "a meeting added": lambda: (tmp_path / held_back.name).rename(held_back),
        "a meeting changed": edit_meeting,
        "a person renamed": rename_person,
        "a template changed": edit_template,
        "mkdocs.yml changed": edit_config,
        "nothing changed": lambda: None,
    }
    cache = tmp_path / "work"
    cache.mkdir()
    done: dict[str, tuple[int, int] | None] = {}
    for number, (name, edit) in enumerate(edits.items()):
        edit()
        clean = tmp_path / f"clean-{number}"
        _build(project, source, clean, cwd=tmp_path, cache="off")
        # In place, as `mkdocs build` is run again and again; and into a new folder, as the publish server builds.
        done[name] = _rendered(_build(project, source, tmp_path / "site", cwd=cache))
        _assert_same_site(clean, tmp_path / "site")
        _build(project, source, tmp_path / f"fresh-{number}", cwd=cache)
        _assert_same_site(clean, tmp_path / f"fresh-{number}")
        shutil.rmtree(clean)
        shutil.rmtree(tmp_path / f"fresh-{number}")

    # Only the work a change needs: a changed meeting re-renders a few pages; a template, every page.
    assert done["first build"] is None and done["a template changed"] is None
    changed = done["a meeting changed"]
    assert changed is not None and 0 < changed[0] < changed[1] // 4
    assert done["nothing changed"] is not None and done["nothing changed"][0] == 0
    assert (cache / ".minutebook-cache" / "CACHEDIR.TAG").is_file()


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """A project, an archive, the cache of one build of it, and that build's clean twin."""
    tmp = tmp_path_factory.mktemp("warm")
    project, source = _project(tmp), _corpus(tmp, 12)
    _build(project, source, tmp / "clean", cwd=tmp, cache="off")
    (tmp / "work").mkdir()
    _build(project, source, tmp / "first", cwd=tmp / "work")
    return project, source, tmp / "work" / ".minutebook-cache", tmp / "clean"


def _damaged_build(warm: tuple[Path, Path, Path, Path], tmp_path: Path, damage: object) -> str:
    project, source, cache, clean = warm
    copy = tmp_path / "work" / ".minutebook-cache"
    shutil.copytree(cache, copy)
    assert callable(damage)
    damage(copy)
    result = _build(project, source, tmp_path / "site", cwd=tmp_path / "work")
    _assert_same_site(clean, tmp_path / "site")
    return result.stdout + result.stderr


def _largest(folder: Path) -> Path:
    return max((path for path in folder.rglob("*") if path.is_file()), key=lambda path: path.stat().st_size)


@pytest.mark.parametrize("part", ["values/parsed", "values/rendered", "tables", "objects"])
def test_a_cache_file_cut_short_is_ignored_and_made_again(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path, part: str
) -> None:
    def cut(cache: Path) -> None:
        victim = _largest(cache / part)
        victim.unlink()  # a new file: the objects' hard links to the first build's site are left whole
        victim.write_bytes(b"MBC1")

    output = _damaged_build(warm, tmp_path, cut)
    assert output.count("Build cache:") == 1 and "was cut short or altered; it is ignored" in output


@pytest.mark.parametrize("part", ["values/parsed", "tables", "objects"])
def test_a_cache_file_with_bytes_flipped_is_ignored_and_made_again(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path, part: str
) -> None:
    def flip(cache: Path) -> None:
        victim = _largest(cache / part)
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0xFF
        victim.unlink()
        victim.write_bytes(bytes(data))

    output = _damaged_build(warm, tmp_path, flip)
    assert output.count("Build cache:") == 1 and "was cut short or altered; it is ignored" in output


def test_another_archives_cache_is_started_afresh(warm: tuple[Path, Path, Path, Path], tmp_path: Path) -> None:
    project, _, _, _ = warm
    (tmp_path / "other").mkdir()
    _build(project, ROOT / "meetings", tmp_path / "other-site", cwd=tmp_path / "other")  # the example archive's

    output = _damaged_build(
        warm,
        tmp_path,
        lambda cache: (shutil.rmtree(cache), shutil.copytree(tmp_path / "other" / ".minutebook-cache", cache)),
    )
    assert output.count("Build cache:") == 1 and "was made for another archive; starting it afresh" in output


def test_a_cache_of_another_engine_version_is_started_afresh(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    def age(cache: Path) -> None:
        stamp = json.loads((cache / "stamp.json").read_text(encoding="utf-8"))
        stamp["engine"] = "0" * 40
        (cache / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")

    output = _damaged_build(warm, tmp_path, age)
    assert "was made by another version of Minutebook or of its packages; starting it afresh" in output


def test_an_unreadable_stamp_starts_the_cache_afresh(warm: tuple[Path, Path, Path, Path], tmp_path: Path) -> None:
    output = _damaged_build(warm, tmp_path, lambda cache: (cache / "stamp.json").write_text("{", encoding="utf-8"))
    assert "could not be read; starting it afresh" in output


def test_minutebook_cache_moves_the_cache_and_off_turns_it_off(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    project, source, _, clean = warm
    (tmp_path / "work").mkdir()
    _build(project, source, tmp_path / "a", cwd=tmp_path / "work", cache=str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere" / "stamp.json").is_file() and not (tmp_path / "work" / ".minutebook-cache").exists()
    _build(project, source, tmp_path / "b", cwd=tmp_path / "work", cache="off")
    assert not (tmp_path / "work" / ".minutebook-cache").exists()
    _assert_same_site(clean, tmp_path / "b")


def test_a_sealed_value_reads_back_and_anything_else_is_refused() -> None:
    assert unseal(seal({"a": (1, "b")})) == {"a": (1, "b")}
    data = seal(("x", 1))
    for damaged in (data[:-1], data[:10], data[:30] + bytes([data[30] ^ 1]) + data[31:], b""):
        with pytest.raises(CacheCorrupt):
            unseal(damaged)


class _Runs:
    """Unpickling this would run a command: the cache must refuse it whatever its checksum says."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo never",))


def test_a_cache_file_cannot_run_code() -> None:
    payload = pickle.dumps(_Runs())
    forged = b"MBC1" + hashlib.blake2b(payload, digest_size=20).digest() + payload  # a valid checksum
    with pytest.raises(CacheCorrupt):
        unseal(forged)


# --- what must not be published stays unpublished through the cache -------------------------------------

LATE_NAME = "Wilhelmina Zqlatecanary"  # a name put on the redaction list after it was published
LATE_TEXT = "zqlaterconfcanary41"  # the text of an item made confidential after it was published


def _meeting(source: Path) -> Path:
    return sorted(source.glob("*/*.md"))[len(list(source.glob("*/*.md"))) // 2]


def _published(site: Path, needle: str) -> list[str]:
    """The files of ``site`` that hold ``needle`` in any form (compressed search files read too)."""
    return scan(site, (needle,))[needle]


def _assert_published_everywhere(site: Path, needle: str) -> None:
    """``needle`` is in pages, search bundles and data: so the test's later "nowhere" means something."""
    found = _published(site, needle)
    assert any(path.startswith("meetings/") for path in found), found
    assert any(path.startswith("pagefind") for path in found), found
    assert any(path.endswith((".json", ".csv", ".ics", ".xml")) and "pagefind" not in path for path in found), found


def _warm_and_clean(
    project: Path, source: Path, tmp_path: Path, step: str, ok: bool = True
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A warm build (the cache in tmp_path/work, the site in tmp_path/site, as `mkdocs build` is run again and
    again) and a clean one of the same tree, which must agree: the warm site, its path, and its log."""
    clean = tmp_path / f"clean-{step}"
    expected = _build(project, source, clean, cwd=tmp_path, cache="off", ok=ok)
    (tmp_path / "work").mkdir(exist_ok=True)
    warm = _build(project, source, tmp_path / "site", cwd=tmp_path / "work", ok=ok)
    if ok:
        _assert_same_site(clean, tmp_path / "site")
    else:
        # The same problems, at the same lines (the paths are shown from where each build ran).
        problems = re.compile(r"minutes/(\S+:\d+): '([^']+)' is on the redaction list")
        assert problems.findall(expected.stderr) and problems.findall(warm.stderr) == problems.findall(
            expected.stderr
        ), warm.stderr
    return tmp_path / "site", warm


def test_a_name_put_on_the_redaction_list_never_survives_in_a_kept_page_bundle_feed_or_data_file(
    tmp_path: Path,
) -> None:
    project, source = _project(tmp_path), _corpus(tmp_path, 12)
    meeting = _meeting(source)
    text = meeting.read_text(encoding="utf-8")
    decision = re.search(r"^  - \{id: 1, item: \d+, text: ", text, re.M)
    heading = re.search(r"^## .+$", text, re.M)
    assert decision is not None and heading is not None
    named = text.replace(decision[0], f"{decision[0]}{LATE_NAME} asked that ", 1).replace(
        heading[0], f"{heading[0]}\n\n{LATE_NAME} spoke for the residents.", 1
    )
    meeting.write_text(named, encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "named")
    _assert_published_everywhere(site, LATE_NAME)

    # The clerk lists the name: the build stops at each place it is written, though the cache holds the file.
    (source / "redact.yml").write_text(f"- {{name: {LATE_NAME}, note: no consent}}\n", encoding="utf-8")
    site, failed = _warm_and_clean(project, source, tmp_path, "listed", ok=False)
    assert "Traceback" not in failed.stderr
    assert not _published(site, LATE_NAME) if site.exists() else True

    # And takes it out of the minutes: nothing the cache kept still holds it.
    meeting.write_text(named.replace(LATE_NAME, "A resident"), encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "removed")
    assert _published(site, LATE_NAME) == []


def test_a_person_renamed_and_the_old_name_redacted_leaves_no_page_with_the_old_name(tmp_path: Path) -> None:
    project, source = _project(tmp_path), _corpus(tmp_path, 12)
    people = source / "people.yml"
    registry = people.read_text(encoding="utf-8")
    minutes = "\n".join(path.read_text(encoding="utf-8") for path in source.glob("*/*.md"))
    # Someone the minutes name only by id: renaming them in people.yml changes every page that shows them.
    person = next(
        found
        for found in re.finditer(r"^([a-z-]+):\n  name: (.+)\n", registry, re.M)
        if re.search(rf"\b{found[1]}\b", minutes)
        and found[2] not in minutes
        and found[2].split()[-1] not in minutes
        and f"{found[1]}:\n  name: {found[2]}\n  aliases" not in registry
    )
    people.write_text(registry.replace(person[0], f"{person[1]}:\n  name: {LATE_NAME}\n", 1), encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "named")
    shown = _published(site, LATE_NAME)
    assert f"people/{person[1]}/index.html" in shown and any(path.startswith("meetings/") for path in shown)
    assert any(path.startswith("pagefind") for path in shown), shown

    people.write_text(registry.replace(person[0], f"{person[1]}:\n  name: Wendy Newname\n", 1), encoding="utf-8")
    (source / "redact.yml").write_text(f"- {LATE_NAME}\n", encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "renamed")
    assert _published(site, LATE_NAME) == []


def test_an_item_made_confidential_after_publication_leaves_no_trace_in_any_output(tmp_path: Path) -> None:
    project, source = _project(tmp_path), _corpus(tmp_path, 12)
    meeting, item = next(
        (path, int(number))
        for path in sorted(source.glob("*/*.md"))
        for number in re.findall(r"^## (\d+)\. (?!Apologies|Date)", path.read_text(encoding="utf-8"), re.M)
        if f"item: {number}," not in path.read_text(encoding="utf-8")
        and f"item: {number}\n" not in path.read_text(encoding="utf-8")
    )
    text = meeting.read_text(encoding="utf-8")
    heading = re.search(rf"^## {item}\. .+$", text, re.M)
    assert heading is not None
    public = text.replace(heading[0], f"{heading[0]}\n\nThe {LATE_TEXT} tender was discussed.", 1)
    meeting.write_text(public, encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "public")
    found = _published(site, LATE_TEXT)
    assert any(path.startswith("meetings/") for path in found) and any(path.startswith("pagefind") for path in found)

    reason = "Schedule 12A paragraph 3"
    exempt = f"confidential:\n  - {{item: {item}, reason: {reason}, summary: A tender was discussed.}}\n"
    front, body = public.split("\n---\n", 1)
    meeting.write_text(f"{front}\n{exempt}---\n{body}", encoding="utf-8")
    site, _ = _warm_and_clean(project, source, tmp_path, "exempt")
    assert _published(site, LATE_TEXT) == []
    assert "A tender was discussed." in (site / "meetings" / meeting_path(meeting) / "index.html").read_text("utf-8")


def meeting_path(meeting: Path) -> str:
    """The URL path of a meeting file's page (``<body>/<date>``), from its name (``<date>-<body>.md``)."""
    return f"{meeting.stem[11:]}/{meeting.stem[:10]}"


# --- where the cache may be ---------------------------------------------------------------------------------


@pytest.mark.parametrize("inside", ["site", "docs", "minutes"])
def test_a_cache_inside_a_published_folder_or_the_minutes_is_not_used(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path, inside: str
) -> None:
    project, source, _, clean = warm
    copied = _project(tmp_path)  # its own docs folder, for the cache to be put in
    minutes = tmp_path / "minutes"
    shutil.copytree(source, minutes)
    folder = {"site": tmp_path / "site", "docs": copied / "docs", "minutes": minutes}[inside] / "cache"
    (tmp_path / "work").mkdir()
    result = _build(copied, minutes, tmp_path / "site", cwd=tmp_path / "work", cache=str(folder))
    output = result.stdout + result.stderr
    assert output.count("Build cache:") == 1 and f"is inside the {inside} folder" in output
    assert not folder.exists() or not any(folder.iterdir())
    _assert_same_site(clean, tmp_path / "site")


def test_a_cache_folder_that_holds_the_site_is_not_used(warm: tuple[Path, Path, Path, Path], tmp_path: Path) -> None:
    project, source, _, clean = warm
    result = _build(project, source, tmp_path / "out" / "site", cwd=tmp_path, cache=str(tmp_path / "out"))
    assert "holds the site folder" in result.stdout + result.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["site"]
    _assert_same_site(clean, tmp_path / "out" / "site")


def test_a_folder_of_other_files_is_never_emptied_as_a_cache(
    warm: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    project, source, _, clean = warm
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("the clerk's own notes", encoding="utf-8")
    result = _build(project, source, tmp_path / "site", cwd=tmp_path, cache=str(folder))
    assert "holds other files and is not a build cache" in result.stdout + result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]
    _assert_same_site(clean, tmp_path / "site")


def _meetings_data(site: Path) -> str:
    """The meetings in full, as open data publishes them: a file a year."""
    return "".join(path.read_text(encoding="utf-8") for path in sorted((site / "data" / "meetings").glob("*.json")))


def test_a_history_newly_read_from_git_reaches_warm_pages_and_data(tmp_path: Path) -> None:
    """The files did not change, their history did: committed after a first build, they have versions to show."""
    project, source = _project(tmp_path), _corpus(tmp_path, meetings=6)
    work, warm_site, clean_site = tmp_path / "work", tmp_path / "warm", tmp_path / "clean"
    work.mkdir()
    _build(project, source, warm_site, work)
    assert '"versions":null' in _meetings_data(warm_site)
    dated = {"GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z"}
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "Minutes as published", env=dated)
    _build(project, source, warm_site, work)
    _build(project, source, clean_site, work, cache="off")
    assert '"versions":null' not in _meetings_data(clean_site)
    _assert_same_site(clean_site, warm_site)


def test_the_check_parses_into_the_build_cache(tmp_path: Path) -> None:
    """The publish server's check shares the build's cache: a second check parses no meeting file again."""
    cache = tmp_path / "cache"
    env = {**os.environ, "MINUTEBOOK_CACHE": str(cache)}
    check = [sys.executable, str(ROOT / "scripts" / "minutes.py"), "check", str(ROOT / "meetings")]
    subprocess.run(check, cwd=ROOT, env=env, check=True, capture_output=True)
    parsed = sorted(path.name for path in (cache / "values" / "parsed").rglob("*") if path.is_file())
    assert parsed, "the check stored no parsed meeting in the cache"
    before = {path: path.stat().st_mtime_ns for path in (cache / "values" / "parsed").rglob("*") if path.is_file()}
    subprocess.run(check, cwd=ROOT, env=env, check=True, capture_output=True)
    after = {path: path.stat().st_mtime_ns for path in (cache / "values" / "parsed").rglob("*") if path.is_file()}
    assert after == before  # read back, not parsed and written again
