"""Valid HTML and CSS on every kind of page: the Nu Html Checker (vnu.jar, the W3C's checker) over every page
of the test archives, and css-tree's lexer over every stylesheet and <style> element the site serves.

Both run offline from tests/tools (`npm ci --ignore-scripts` there, which `make test` and .ci/run do);
the checker runs on Debian's Java (default-jre-headless).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Build, build_site, config_with_settings
from test_agenda import UPCOMING, make_agenda_repo
from test_history import ID as MINUTED
from test_history import make_history_repo

TOOLS = ROOT / "tests" / "tools"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CSS_CHECK = TOOLS / "validate-css.mjs"
INSTALL = (
    "run `npm ci --ignore-scripts` in tests/tools (make test does), "
    "and install Java (apt-get install default-jre-headless)"
)


@pytest.fixture(scope="module")
def a11y_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("valid-a11y"), FIXTURES / "a11y")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def lifecycle_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """An archive with agendas (one to come, one never minuted) and one whose meeting has versions in git."""
    agenda = tmp_path_factory.mktemp("valid-agenda")
    config = config_with_settings(agenda, "publisher: Eastmere Council", site_url="https://minutes.example.org/")
    history = tmp_path_factory.mktemp("valid-history")
    builds = (
        build_site(agenda, make_agenda_repo(agenda / "repo").source, config=config),
        build_site(history, make_history_repo(history / "repo").source),
    )
    assert all(build.returncode == 0 for build in builds), [build.output for build in builds]
    return builds


def _tools() -> None:
    if not VNU.is_file() or not (TOOLS / "node_modules" / "css-tree").is_dir():
        pytest.fail(f"the validators are not installed: {INSTALL}")
    if shutil.which("java") is None or shutil.which("node") is None:
        pytest.fail(f"java and node are needed: {INSTALL}")


def nu_errors(pages: list[Path]) -> list[str]:
    """Every error the Nu Html Checker finds in ``pages``, as "page:line: message"."""
    _tools()
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine', 0)}: {m['message']}" for m in messages]


def css_errors(*sheets: Path, text: str = "") -> list[str]:
    """Every error css-tree's lexer finds in ``sheets`` (or in ``text``), one line each."""
    _tools()
    arguments = [str(sheet) for sheet in sheets] or ["-"]
    result = subprocess.run(
        ["node", str(CSS_CHECK), *arguments], input=text, capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_every_page_of_every_test_archive_is_valid_html(
    a11y_build: Build, reading_build: Build, reading_published: Build, seed_build: Build
) -> None:
    """Every page kind: home, meetings (approved and draft), people, actions, decisions, bodies, teams, years,
    the index pages, /data/, the accessibility statement, the 404 page and, published, the operators' guides."""
    pages = [
        page
        for build in (a11y_build, reading_build, reading_published, seed_build)
        for page in build.site.rglob("*.html")
    ]
    assert len(pages) > 100
    assert nu_errors(pages) == []


def test_agendas_versions_and_feeds_pages_are_valid_html(lifecycle_builds: tuple[Build, Build]) -> None:
    """An agenda page, minutes with their versions and the agenda as published, /feeds/ and 'Get updates'."""
    agenda, history = lifecycle_builds
    assert "mb-banner--agenda" in agenda.page(f"meetings/{UPCOMING}/")
    assert 'class="mb-versions"' in history.page(f"meetings/{MINUTED}/")
    assert 'class="mb-published-agenda"' in history.page(f"meetings/{MINUTED}/")
    pages = [page for build in lifecycle_builds for page in build.site.rglob("*.html")]
    assert nu_errors(pages) == []


def test_the_checker_finds_the_errors_the_theme_used_to_bring(tmp_path: Path) -> None:
    """Not vacuous: the errors Material's page frame and our old search tags made are reported."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        '<meta data-pagefind-filter="person[content]" content="Ann"></head><body>'
        '<input type="checkbox" id="__drawer" autocomplete="off"><label for="__toc">x</label></body></html>',
        encoding="utf-8",
    )
    found = "\n".join(nu_errors([page]))
    assert "“meta” is missing one or more of the following attributes" in found
    assert "“autocomplete” is only allowed" in found
    assert "The value of the “for” attribute of the “label” element" in found


def test_every_stylesheet_and_style_element_is_valid_css(reading_build: Build, a11y_build: Build) -> None:
    site = reading_build.site
    ours = [site / "assets" / name for name in ("minutebook.css", "mb-brand.css")]
    assert all(sheet.is_file() for sheet in ours)
    assert css_errors(*ours) == []
    # Each page's own <style> (the printed page's running footer with its permanent address).
    styles = {
        style
        for build in (reading_build, a11y_build)
        for page in build.site.rglob("*.html")
        for style in re.findall(r"<style>(.*?)</style>", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    }
    assert styles and all("@bottom-left" in style for style in styles)
    assert css_errors(text="\n".join(sorted(styles))) == []


def test_the_css_check_finds_mistakes() -> None:
    found = css_errors(
        text="a { colr: red; width: 12pxx; }\n@page { margin: 1cm; }\n@page { @bottom-left { content: 3 } }"
    )
    assert [line.split(": ", 1)[1] for line in found] == [
        "colr: Unknown property `colr`",
        "width: Mismatch",
        "content: Mismatch",
    ]
