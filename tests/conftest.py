"""Shared test helpers: real sources on disk, real strict MkDocs builds."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "hooks"))

# 2026-11-25 00:00 UTC: a fixed "today" so overdue flags and upcoming meetings never drift.
FIXED_EPOCH = "1795564800"
TODAY = dt.date(2026, 11, 25)  # FIXED_EPOCH as a date, for tests that load the archive themselves
# UPDATE_GOLDEN=1 rewrites every golden file (tests/fixtures/*/<case>.expected.json) from what the code
# does now, instead of checking against it: review the diff before committing it.
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


@dataclass(frozen=True)
class Build:
    """The outcome of one real `mkdocs build --strict`."""

    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML served at a directory URL such as ``people/lorna-quigley/``."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def as_terminal_job() -> None:
    """In a child process: Ctrl-C stops it, as it stops a terminal's foreground job. A program started in
    the background by a shell without job control inherits Ctrl-C ignored, and so would the build."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_source(root: Path, files: dict[str, str]) -> Path:
    """Write a minutes folder: {relative path: text (dedented)}."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def build_env(
    source: Path | None = None, epoch: str = FIXED_EPOCH, *, cache: str | None = "off", **extra: str
) -> dict[str, str]:
    """The environment of a build of ``source`` (the minutes folder) as the tests run it: a fixed date,
    MkDocs' notice about its version 2 silenced, and ``extra`` on top.

    No build cache unless asked for (``cache`` a folder, or None for the build's own default,
    ``.minutebook-cache`` in its working folder): a cache shared between tests, such as one in the
    project folder, would make a test's outcome depend on the tests that ran before it.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MINUTEBOOK_CACHE", None)
    if cache is not None:
        env["MINUTEBOOK_CACHE"] = cache
    env.update(extra)
    if source is not None:
        env["MINUTES_SOURCE"] = str(source)
    return env


def build_site(
    tmp_path: Path,
    source: Path,
    *,
    epoch: str = FIXED_EPOCH,
    env: dict[str, str] | None = None,
    config: Path = ROOT / "mkdocs.yml",
) -> Build:
    """Build ``source`` strictly into tmp_path/site, with the project's own mkdocs.yml unless ``config`` is given."""
    site = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        env=build_env(source, epoch, **(env or {})),
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def config_with_settings(tmp_path: Path, settings: str, site_url: str = "") -> Path:
    """A mkdocs.yml in tmp_path: the project's own plus ``settings`` (YAML under extra.minutebook)."""
    config = tmp_path / "mkdocs.yml"
    indented = "".join(f"    {line}\n" for line in settings.strip().splitlines())
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        + (f"site_url: {site_url}\n" if site_url else "")
        + f"docs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  custom_dir: {ROOT / 'hooks' / 'templates'}\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'mkdocs_adapter.py'}\n"
        f"extra:\n  minutebook:\n{indented}",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The bundled example archive (meetings/), built once per test session."""
    tmp = tmp_path_factory.mktemp("seed")
    build = build_site(tmp, ROOT / "meetings")
    assert build.returncode == 0, build.output
    return build


READING = FIXTURES / "reading"  # long names, many actions, a long decision: the archive read on a phone


@pytest.fixture(scope="session")
def reading_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The reading fixture with the project's own mkdocs.yml (no site_url), built once per session."""
    build = build_site(tmp_path_factory.mktemp("reading"), READING)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def reading_published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The reading fixture as published: site_url set, and the operators' guides asked for too."""
    tmp = tmp_path_factory.mktemp("reading-published")
    config = config_with_settings(tmp, "publisher: Example Borough Council", site_url="https://minutes.example.org/")
    with config.open("a", encoding="utf-8") as file:
        file.write('exclude_docs: ""\n')  # publish every page of docs/, the operators' guides with the rest
    build = build_site(tmp, READING, config=config)
    assert build.returncode == 0, build.output
    return build
