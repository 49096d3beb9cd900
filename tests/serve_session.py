"""Builds as `mkdocs serve` makes them, in one process with the hook kept loaded: run by test_incremental.

    serve_session.py SITE MEETING    the minutes as they are, then with MEETING edited, then deleted
    serve_session.py --build SITE    `mkdocs build` as its command line runs it: startup, one build, shutdown

Each prints one line of JSON: facts about the site and the adapter after each step. Run in a process
of its own (``MINUTES_SOURCE`` set, the project's folder as working directory): a serve session
freezes nothing, a build leaves its objects to the system at exit, and neither may leak into the tests.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

HOOK = "hooks/mkdocs_adapter.py"  # as mkdocs.yml names it
DECISION = "decisions/planning-committee/2024-03-05/d1/index.html"


def adapter(config: MkDocsConfig) -> Any:
    """The hook's adapter, as MkDocs loaded it for ``config``."""
    return config.hooks[HOOK].adapter


def meetings_data(site: Path) -> str:
    """The meetings' open data in full: every year's file."""
    return "".join(path.read_text() for path in sorted((site / "data/meetings").glob("*.json")))


def serve_session(site: Path, meeting: Path) -> dict[str, object]:
    facts: dict[str, object] = {}

    def rebuild() -> MkDocsConfig:
        config = load_config("mkdocs.yml", site_dir=str(site))
        build(config, serve_url="http://127.0.0.1:8000/")
        return config

    first = load_config("mkdocs.yml", site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, serve_url="http://127.0.0.1:8000/")
    hook = adapter(first)
    hook.session.behind.stop()  # let nothing run behind the first build while the files are read
    facts["decision"] = (site / DECISION).read_text()
    facts["register"] = (site / "decisions/index.html").read_text()

    def file_of(path: str) -> object:
        return hook.files.get((str(site), path, True))

    kept_file = file_of(DECISION)
    time.sleep(0.05)
    facts["between"] = time.time()
    meeting.write_text(meeting.read_text().replace("reviewed mooring fees", "reviewed mooring fees and berth charges"))
    rebuild()
    assert hook.session.behind.wait(), "the work behind the rebuild did not finish"
    facts["data behind"] = "berth charges" in meetings_data(site)
    facts["register again"] = (site / "decisions/index.html").read_text()
    facts["decision again"] = (site / DECISION).read_text()
    facts["decision written"] = (site / DECISION).stat().st_mtime
    facts["rendered"] = sorted(hook.build.rendered)
    facts["same file"] = kept_file is not None and file_of(DECISION) is kept_file
    meeting.unlink()
    last = rebuild()
    assert hook.session.behind.wait(), "the work behind the rebuild did not finish"
    facts["after delete"] = sorted(str(path.relative_to(site)) for path in site.rglob("*") if "harbour" in str(path))
    facts["files after delete"] = sorted(path for _, path, _ in hook.files if "harbour" in path)
    last.plugins.on_shutdown()
    facts["frozen after serve"] = gc.get_freeze_count()
    return facts


def build_command(site: Path) -> dict[str, object]:
    config = load_config("mkdocs.yml", site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    before = gc.get_freeze_count()
    config.plugins.on_shutdown()
    return {"frozen before shutdown": before, "frozen after": gc.get_freeze_count()}


if __name__ == "__main__":
    if sys.argv[1] == "--build":
        print(json.dumps(build_command(Path(sys.argv[2]))))
    else:
        print(json.dumps(serve_session(Path(sys.argv[1]), Path(sys.argv[2]))))
