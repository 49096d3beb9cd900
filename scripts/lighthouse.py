"""Lighthouse (mobile) on every kind of page: accessibility, best practices, SEO and performance.

Builds an archive (the reading fixture by default: long names, a dozen actions on one meeting, a
200-word decision) with site_url set to the address it is served at, serves it on 127.0.0.1 as a
static host does (gzip for text, as GitHub Pages, GitLab Pages and nginx's defaults do), and runs the
`lighthouse` npm package (pinned in scripts/lighthouse/package.json) against Debian's chromium with
its default mobile settings: a mid-range phone on a slow 4G connection, simulated. Prints a Markdown
list; --write-docs puts it in docs/accessibility.md between the lighthouse markers.

    (cd scripts/lighthouse && npm ci --ignore-scripts)
    python scripts/lighthouse.py [--source DIR] [--runs 3] [--write-docs]

Performance is the median of --runs runs (it moves with the machine's load); the other three
categories are the same at every run. Not a timed test: the machine it runs on is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
DOC = ROOT / "docs" / "accessibility.md"
MARK_BEGIN, MARK_END = "<!-- lighthouse:begin -->", "<!-- lighthouse:end -->"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PORT = 8765
PAGES = {
    "home": "",
    "meeting": "meetings/health-scrutiny/2026-01-22/",
    "draft meeting": "meetings/environment-board/2026-03-05/",
    "person": "people/bartholomew-featherstonehaugh-cholmondeley/",
    "action": "actions/health-scrutiny/2026-01-22/a12/",
    "actions": "actions/",
    "decision": "decisions/health-scrutiny/2026-01-22/d2/",
    "decisions": "decisions/",
    "body": "bodies/health-scrutiny/",
    "post": "posts/health-scrutiny/clerk/",
    "bodies": "bodies/",
    "year": "years/2026/",
    "years": "years/",
    "people": "people/",
    "data": "data/",
    "feeds": "feeds/",
    "accessibility statement": "accessibility/",
    "page not found": "404.html",
}
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, text gzipped when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class names it
        pass

    def send_head(self):  # type: ignore[no-untyped-def]  # the base class's own signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            not path.is_file()
            or not path.name.endswith(COMPRESSED)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serving(site: Path, port: int) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_StaticHost, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


def build(source: Path, site: Path, site_url: str) -> None:
    """A strict build of ``source`` with the project's mkdocs.yml and ``site_url``."""
    # The project's mkdocs.yml, its folders made absolute (MkDocs reads them from the including file's folder).
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    hooks = "".join(f"  - {ROOT / hook}\n" for hook in project.get("hooks", ()))
    config = site.parent / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: {site_url}\ndocs_dir: {ROOT / project['docs_dir']}\n"
        f"theme:\n  custom_dir: {ROOT / project['theme']['custom_dir']}\nhooks:\n{hooks}",
        encoding="utf-8",
    )
    env = {**os.environ, "MINUTES_SOURCE": str(source), "SOURCE_DATE_EPOCH": "1795564800", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
    subprocess.run(command, env=env, check=True)


def audit(url: str) -> dict[str, int]:
    """Lighthouse's four scores for ``url``, out of 100, with its default (mobile) settings."""
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def measure(base: str, runs: int) -> dict[str, dict[str, int]]:
    results = {}
    for kind, path in PAGES.items():
        scores = [audit(base + path) for _ in range(runs)]
        results[kind] = {name: int(statistics.median(s[name] for s in scores)) for name in CATEGORIES}
        results[kind]["performance-low"] = min(s["performance"] for s in scores)
        print(kind, results[kind], file=sys.stderr, flush=True)
    return results


def table(results: dict[str, dict[str, int]], runs: int, source: str) -> str:
    """The figures as a list, one page kind a line (a table of five columns would not fit a phone)."""
    lines = [
        f"- {kind}: accessibility {scores['accessibility']}, best practices {scores['best-practices']}, "
        f"SEO {scores['seo']}, performance {scores['performance']} (lowest of {runs} runs: {scores['performance-low']})"
        for kind, scores in results.items()
    ]
    version = json.loads((LIGHTHOUSE.parents[1] / "package.json").read_text(encoding="utf-8"))["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    lines += [
        "",
        f"Lighthouse {version}, mobile (its defaults), {chromium}, {runs} runs a page, "
        f"on {os.cpu_count()} shared CPUs, {dt.date.today().isoformat()}; the {source} archive, "
        "served gzipped from 127.0.0.1 (`python scripts/lighthouse.py`).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "tests" / "fixtures" / "reading")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    options = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: (cd scripts/lighthouse && npm ci --ignore-scripts)")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        base = f"http://127.0.0.1:{PORT}/"
        build(options.source.resolve(), site, base)
        with serving(site, PORT):
            results = measure(base, options.runs)
    name = (
        options.source.resolve().relative_to(ROOT) if options.source.resolve().is_relative_to(ROOT) else options.source
    )
    block = table(results, options.runs, f"`{name}`")
    print(block)
    if options.write_docs:
        text = DOC.read_text(encoding="utf-8")
        start, end = text.index(MARK_BEGIN) + len(MARK_BEGIN), text.index(MARK_END)
        DOC.write_text(text[:start] + "\n" + block + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
