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
from conftest import ROOT, build_env

from minutebook.cache import CacheCorrupt, seal, unseal

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
    project: Path, source: Path, site: Path, cwd: Path, cache: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of ``source`` into ``site``, with the cache in ``cwd`` (or at ``cache``: "off")."""
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
    assert result.returncode == 0, result.stdout + result.stderr
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
