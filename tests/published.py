"""Shared by the feed, calendar and open-data tests: the fixture archive, loaded and built once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, TODAY, Build, build_env, build_site

from minutebook.archive import Archive
from minutebook.load import load_archive
from minutebook.settings import site_info
from minutebook.site import SiteInfo

SOURCE = FIXTURES / "feeds"
SITE_URL = "https://minutes.example.org/council/"
# In the fixture's exempt item and an HTML comment only: they must reach no output.
CANARIES = ("CONFIDENTIAL-CANARY-4c2d", "COMMENT-CANARY-b81e", "Canarydoe")
HELD = (
    "improvement-board/2019-01-15",
    "planning-committee/2019-06-04",
    "planning-committee/2019-07-02",
    "improvement-board/2019-07-09",
)
ANNOUNCED = "improvement-board/2026-12-10"


def load_fixture() -> Archive:
    return load_archive(SOURCE, today=TODAY)


def absolute_site() -> SiteInfo:
    return site_info("Test council minutes", SITE_URL, {"publisher": "Test Council"})


@pytest.fixture(scope="session")
def published_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture archive built by the real strict MkDocs build (no site_url: relative links)."""
    build = build_site(tmp_path_factory.mktemp("published"), SOURCE)
    assert build.returncode == 0, build.output
    return build


def output_files(site: Path) -> dict[str, bytes]:
    """Every feed, calendar and data file of a built site, by site-relative path."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for folder in ("feeds", "calendar", "data")
        for path in sorted((site / folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def absolute_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same archive built with ``site_url`` set: the project's mkdocs.yml, its paths made absolute."""
    tmp = tmp_path_factory.mktemp("absolute")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = SITE_URL
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config_file = tmp / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site)],
        env=build_env(SOURCE),
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp,
    )
    build = Build(result.returncode, result.stdout + result.stderr, site)
    assert build.returncode == 0, build.output
    return build
