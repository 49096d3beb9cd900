"""Under `mkdocs serve`: only pages whose inputs changed are rendered again (minutebook.incremental)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXED_EPOCH, FIXTURES, ROOT

from minutebook.incremental import PageCache
from minutebook.load import load_archive
from minutebook.markup import render_texts
from minutebook.pages import build_pages
from minutebook.urls import built_path

HARBOUR = Path("2025") / "2025-06-10-harbour-board.md"

# Two builds as `mkdocs serve` makes them (one process, hooks kept loaded), a meeting edited between.
TWO_BUILDS = r"""
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, meeting = sys.argv[1], Path(sys.argv[2])
first = load_config("mkdocs.yml", site_dir=site)
first.plugins.on_startup(command="serve", dirty=False)
build(first, serve_url="http://127.0.0.1:8000/")
decision = (Path(site) / "decisions/planning-committee/2024-03-05/d1/index.html").read_bytes()
time.sleep(0.05)
between = time.time()
meeting.write_text(meeting.read_text().replace("reviewed mooring fees", "reviewed mooring fees and berth charges"))
second = load_config("mkdocs.yml", site_dir=site)
build(second, serve_url="http://127.0.0.1:8000/")
second.plugins.on_shutdown()
print(json.dumps({"between": between, "decision": decision.decode()}))
"""


def _pages(source: Path) -> dict[str, object]:
    archive = load_archive(source)
    return {"archive": archive, "pages": build_pages(archive, render_texts(archive))}


def _unchanged(cache: PageCache, source: Path, site: Path) -> set[str]:
    loaded = _pages(source)
    pages = loaded["pages"]
    archive = loaded["archive"]
    same = cache.unchanged(pages, "shared", archive.registry, archive.meetings)  # type: ignore[arg-type, attr-defined]
    for page in pages:  # type: ignore[attr-defined]
        target = site / built_path(page.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.src_uri)
    cache.finish(site, [page.src_uri for page in pages], [])  # type: ignore[attr-defined]
    return same


def test_only_pages_that_show_an_edited_meeting_change(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    cache = PageCache()
    try:
        assert _unchanged(cache, source, tmp_path / "site") == set()  # nothing built yet
        everything = {page.src_uri for page in _pages(source)["pages"]}  # type: ignore[attr-defined]
        assert _unchanged(cache, source, tmp_path / "site") == everything  # the same minutes again

        meeting = source / HARBOUR
        meeting.write_text(meeting.read_text().replace("reviewed mooring fees", "reviewed berth charges"))
        changed = everything - _unchanged(cache, source, tmp_path / "site")
    finally:
        cache.close()
    # The meeting, the people at it or named in it, and the action it reported on; not the rest.
    assert {
        "meetings/harbour-board/2025-06-10/index.md",
        "people/sam-lee/index.md",
        "people/ruth-okafor/index.md",
        "people/phil-gilchrist/index.md",
        "actions/planning-committee/2024-03-05/a2/index.md",
    } <= changed
    assert "decisions/planning-committee/2024-03-05/d1/index.md" not in changed
    assert "actions/planning-committee/2024-03-05/a1/index.md" not in changed


def test_serve_rebuild_renders_the_edit_and_puts_back_the_rest(tmp_path: Path) -> None:
    source = Path(shutil.copytree(FIXTURES / "search", tmp_path / "src"))
    site = tmp_path / "site"
    env = {**os.environ, "MINUTES_SOURCE": str(source), "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(site), str(source / HARBOUR)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])

    meeting = site / "meetings/harbour-board/2025-06-10/index.html"
    assert "berth charges" in meeting.read_text()
    assert meeting.stat().st_mtime > facts["between"]  # rendered again
    decision = site / "decisions/planning-committee/2024-03-05/d1/index.html"
    assert decision.read_text() == facts["decision"]  # put back, byte for byte
    assert decision.stat().st_mtime < facts["between"]  # not rendered again
    # Pages the nav names are always built, and the site is whole: every generated page is there.
    assert (site / "decisions/index.html").stat().st_mtime > facts["between"]
    assert (site / "people/ruth-okafor/index.html").is_file()
    assert (site / "actions/planning-committee/2024-03-05/a1/index.html").is_file()
