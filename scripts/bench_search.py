#!/usr/bin/env python3
"""Measure search at archive scale: Pagefind (ours) beside mkdocs-material's built-in lunr search.

    bench_search.py [--sizes 500,2000,10000] [--out DIR] [--seed S] [--write-docs]

For each size the synthetic corpus (scripts/gen_corpus.py) is built twice:

- Pagefind: the archive itself (this repository's mkdocs.yml), indexed by the hook's on_post_build;
- lunr: a plain mkdocs-material site of the same meetings' Markdown with `plugins: [search]`
  (material's search indexes page Markdown only, so it cannot index our template-laid pages).

and reports index build time, index size, and the bytes the browser fetches for search (Playwright
network events, Debian chromium, the site served with gzip as static hosts do) for a first query
and a second one. The table goes to docs/search-performance.md with --write-docs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "search-performance.md"
EPOCH = "1795564800"  # fixed "today", so overdue actions do not move between runs
CHROMIUM = "/usr/bin/chromium"
QUERIES = ("housing land supply", "Gilchrist")  # a first query, then a second in the same search
# Other first queries, each in a fresh browser: a name, and words in nearly every meeting.
OTHER_FIRST_QUERIES = ("Gilchrist", "working together 2018")
# And a name that few meetings use, the last of them long ago: the search must go back through the
# older bundles to find it. Chosen from each corpus (see rare_word); reported under this label.
RARE = "a name in the fewest meetings, long ago"
# What a browser fetches for search, as opposed to the page itself.
SEARCH_URL = {
    "pagefind": re.compile(r"/pagefind[^/]*/|/assets/mb-search\.(css|js)|/search-(filters|bundles)\.json"),
    "lunr": re.compile(r"search_index\.json|/workers/search\.|lunr"),
}
# Text a static host compresses; Pagefind's own chunks and wasm are gzip files already.
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml")

# The baseline's hook times material's search plugin, whose work is spread over page events.
TIMING_HOOK = """
import json, os, time
_spent = [0.0]
def _timed(method):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            _spent[0] += time.perf_counter() - started
    return wrapper
def on_config(config):
    # MkDocs dispatches from per-event lists made when plugins load: wrap the search plugin's entries there.
    plugin = config.plugins["material/search"]
    for event, methods in config.plugins.events.items():
        if event != "config":
            methods[:] = [_timed(m) if getattr(m, "__self__", None) is plugin else m for m in methods]
def on_shutdown():
    with open(os.environ["SEARCH_TIMING"], "w") as f:
        json.dump({"seconds": _spent[0]}, f)
"""


@dataclass
class Result:
    meetings: int
    engine: str
    pages_indexed: int
    build_seconds: float
    index_seconds: float
    index_bytes: int
    bundle_bytes: int
    first_query_bytes: int
    first_query_raw_bytes: int
    second_query_bytes: int
    first_query_requests: int
    second_query_requests: int
    first_query_detail: list[tuple[str, int]] | None = None
    other_first_queries: dict[str, int] | None = None  # query -> bytes, each the first in a fresh browser
    older_minutes_bytes: int | None = None  # added by the first "Search <years> too" after the first query


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: text compressed when the browser accepts gzip, everything else as stored.

    It also counts the body bytes it sends: Playwright reports no body size for what a web worker
    fetches its own script with, so the server's count is the one used; Playwright's events give the
    requests and when each query's results were complete.
    """

    sent: ClassVar[list[tuple[str, int]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            if path.is_file():
                self.sent.append((self.path, path.stat().st_size))
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.sent.append((self.path, len(body)))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> float:
    """Run a build, its output to ``log``; return wall-clock seconds."""
    started = time.perf_counter()
    with log.open("w") as sink:
        code = subprocess.call(command, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
    if code:
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}; see {log}")
    return time.perf_counter() - started


def build_corpus(size: int, out: Path, seed: int) -> Path:
    corpus = out / f"corpus-{size}"
    if not (corpus / "people.yml").exists():
        subprocess.check_call(
            [
                sys.executable,
                str(ROOT / "scripts" / "gen_corpus.py"),
                str(size),
                str(corpus),
                "--seed",
                str(seed),
                "--force",
            ]
        )
    return corpus


def build_pagefind(size: int, corpus: Path, out: Path) -> tuple[Path, float, float, int]:
    site = out / f"site-pagefind-{size}"
    env = {
        **os.environ,
        "MINUTES_SOURCE": str(corpus),
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
    }
    log = out / f"build-pagefind-{size}.log"
    seconds = run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], env, log)
    found = re.search(r"Search: indexed (\d+) pages in ([\d.]+) s", log.read_text())
    if not found:
        raise SystemExit(f"no search indexing line in {log}")
    return site, seconds, float(found.group(2)), int(found.group(1))


def build_lunr(size: int, corpus: Path, out: Path) -> tuple[Path, float, float, int]:
    project = out / f"lunr-{size}"
    shutil.rmtree(project, ignore_errors=True)
    docs = project / "docs"
    docs.mkdir(parents=True)
    count = 0
    for source in sorted(corpus.rglob("*.md")):
        # The meeting's narrative, front-matter dropped, with its title as the heading.
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
        target = docs / source.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {source.stem}\n\n{body}", encoding="utf-8")
        count += 1
    (docs / "index.md").write_text("# Minutes\n", encoding="utf-8")
    (project / "timing.py").write_text(TIMING_HOOK, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Minutes\ntheme:\n  name: material\n  font: false\nplugins: [search]\nhooks: [timing.py]\n"
        "nav: [index.md]\n"
        "validation: {nav: {omitted_files: ignore}, links: {not_found: ignore, unrecognized_links: ignore}}\n",
        encoding="utf-8",
    )
    site = out / f"site-lunr-{size}"
    timing = project / "timing.json"
    env = {**os.environ, "SEARCH_TIMING": str(timing), "NO_MKDOCS_2_WARNING": "1"}
    seconds = run(
        [
            str(BIN / "mkdocs"),
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        env,
        out / f"build-lunr-{size}.log",
        cwd=project,
    )
    return site, seconds, json.loads(timing.read_text())["seconds"], count


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def index_bytes(site: Path, engine: str) -> tuple[int, int]:
    """(index data, everything search ships) in bytes as stored."""
    if engine == "lunr":
        index = (site / "search" / "search_index.json").stat().st_size
        workers = folder_bytes(site / "assets" / "javascripts" / "workers")
        lunr = folder_bytes(site / "assets" / "javascripts" / "lunr")
        return index, index + workers + lunr
    bundles = sorted(path for path in site.glob("pagefind*") if path.is_dir())
    data = sum(
        p.stat().st_size
        for bundle in bundles
        for p in bundle.rglob("*")
        if p.is_file() and (p.suffix.startswith(".pf_") or p.parent.name in ("index", "fragment", "filter"))
    )
    ours = [site / name for name in ("search-filters.json", "search-bundles.json", "assets/mb-search.js")]
    return data, sum(folder_bytes(b) for b in bundles) + sum(p.stat().st_size for p in ours)


def first_page(site: Path, engine: str) -> str:
    """A meeting page to search from, the same kind of page for both engines."""
    if engine == "lunr":
        page = min(p for p in site.rglob("index.html") if re.search(r"/\d{4}/", p.as_posix()))
    else:
        page = min((site / "meetings").rglob("index.html"))
    return page.parent.relative_to(site).as_posix() + "/"


def measure_queries(
    site: Path, engine: str, page_path: str, queries: tuple[str, ...], older: bool = False
) -> list[tuple[int, int, int, list[tuple[str, int]]]]:
    """For each of ``queries`` typed in turn into one search: bytes on the wire, bytes uncompressed,
    requests, and what was fetched, from loading the page (for the first) to that query's results.
    With ``older``, one more entry: what the "Search <years> too" button then adds (nothing if not offered)."""
    from playwright.sync_api import sync_playwright

    pattern = SEARCH_URL[engine]
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        finished: list = []
        page.on("requestfinished", lambda request: finished.append(request))
        _GzipHandler.sent.clear()
        page.goto(base + page_path, wait_until="load")
        totals = []
        for number, query in enumerate(queries):
            if engine == "pagefind":
                if number == 0:
                    page.locator("button.mb-search__open").click()
                field = page.locator(".mb-search__input")
                field.fill("")
                field.press_sequentially(query)
                page.wait_for_function(
                    "q => !document.querySelector('.mb-search__results').hasAttribute('aria-busy') "
                    # the summary ends with the query, or with the years searched ("... in minutes since 2019")
                    "&& document.querySelector('.mb-search__summary').textContent"
                    ".replace(/ in minutes since \\d+$/, '').endsWith(' for ' + q)",
                    arg=query,
                )
                page.locator(".mb-result").first.wait_for()
            else:
                # On a wide screen material shows its search field in the header itself. Its worker
                # fetches and indexes search_index.json on page load; a query typed before that is lost.
                page.locator("input.md-search__input").click()
                page.wait_for_function(
                    "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
                    timeout=600_000,
                )
                page.locator("input.md-search__input").fill("")
                # Typed, not filled: material searches on key events.
                page.locator("input.md-search__input").press_sequentially(query)
                page.locator(".md-search-result__item").first.wait_for()
            totals.append(_fetched(page, finished, pattern))
        if older:
            button = page.locator(".mb-search__older")
            if button.is_visible():
                before = page.evaluate("document.querySelector('.mb-search__summary').textContent")
                button.click()
                page.wait_for_function(
                    "s => !document.querySelector('.mb-search__results').hasAttribute('aria-busy') "
                    "&& document.querySelector('.mb-search__summary').textContent !== s",
                    arg=before,
                )
            totals.append(_fetched(page, finished, pattern))
        browser.close()
    return totals


def _fetched(page, finished: list, pattern: re.Pattern[str]) -> tuple[int, int, int, list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    """What search fetched since the last call: bytes on the wire, uncompressed, requests, and each file."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    searched = [request for request in finished if pattern.search(request.url)]
    raw = 0
    for request in searched:
        response = request.response()
        raw += len(response.body()) if response else 0
    detail = [(path.lstrip("/"), size) for path, size in _GzipHandler.sent if pattern.search(path)]
    finished.clear()
    _GzipHandler.sent.clear()
    return sum(size for _, size in detail), raw, len(searched), detail


def rare_word(corpus: Path) -> str:
    """The word (six letters or more) that the fewest meetings use, of those the one last used longest ago.

    In the synthetic minutes such words are names (of people who came and went), as in real ones."""
    used_by: dict[str, list[Path]] = {}
    for path in sorted(corpus.glob("[0-9]*/*.md")):
        text = path.read_text(encoding="utf-8").split("---", 2)[-1].lower()
        for word in set(re.findall(r"[a-z]{6,}", text)):
            used_by.setdefault(word, []).append(path)
    return min(used_by, key=lambda word: (len(used_by[word]), used_by[word][-1], word))


def bench(size: int, out: Path, seed: int, engines: list[str], keep: bool) -> list[Result]:
    corpus = build_corpus(size, out, seed)
    rare = rare_word(corpus)
    results = []
    builders = {
        "pagefind": build_pagefind,
        "lunr": build_lunr,
    }
    for engine in sorted(engines, key=list(builders).index):
        print(f"[{size}] building with {engine}...", flush=True)
        site, build_seconds, index_seconds, pages = builders[engine](size, corpus, out)
        data, bundle = index_bytes(site, engine)
        print(f"[{size}] measuring {engine} in the browser...", flush=True)
        start_page = first_page(site, engine)
        (first, first_raw, first_count, detail), (second, _, second_count, _) = measure_queries(
            site, engine, start_page, QUERIES
        )
        others = {query: measure_queries(site, engine, start_page, (query,))[0][0] for query in OTHER_FIRST_QUERIES}
        print(f"[{size}] {RARE}: {rare}", flush=True)
        others[RARE] = measure_queries(site, engine, start_page, (rare,))[0][0]
        older = (
            measure_queries(site, engine, start_page, QUERIES[:1], older=True)[1][0] if engine == "pagefind" else None
        )
        results.append(
            Result(
                size,
                engine,
                pages,
                round(build_seconds, 1),
                round(index_seconds, 1),
                data,
                bundle,
                first,
                first_raw,
                second,
                first_count,
                second_count,
                detail,
                others,
                older,
            )
        )
        print(json.dumps(asdict(results[-1])), flush=True)
        if not keep:
            shutil.rmtree(site, ignore_errors=True)
    return results


LABELS = {
    "pagefind": "Pagefind",
    "lunr": "lunr (material)",
}


def kb(value: int) -> str:
    return f"{value / 1024:,.0f} KB"


def mb(value: int) -> str:
    return f"{value / 1024 / 1024:,.1f} MB"


def render_table(results: list[Result]) -> str:
    rows = [
        "| meetings | search | pages indexed | index build | index data | all search files "
        "| first query | (uncompressed) | second query |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(results, key=lambda r: (r.meetings, list(LABELS).index(r.engine))):
        rows.append(
            f"| {r.meetings:,} | {LABELS[r.engine]} | {r.pages_indexed:,} | "
            f"{r.index_seconds:.1f} s | {mb(r.index_bytes)} | {mb(r.bundle_bytes)} | "
            f"{kb(r.first_query_bytes)} ({r.first_query_requests} requests) | {kb(r.first_query_raw_bytes)} | "
            f"{kb(r.second_query_bytes)} ({r.second_query_requests} requests) |"
        )
    return "\n".join(rows)


PARTS = (
    (
        "search box (our script and styles, the list of bundles)",
        re.compile(r"mb-search\.(css|js)|search-bundles\.json"),
    ),
    (
        "search engine (JS, WebAssembly)",
        re.compile(r"pagefind\.js|pagefind-worker|wasm\.|search\.[0-9a-f]+\.min\.js"),
    ),
    ("page list (pf_meta)", re.compile(r"\.pf_meta|pagefind-entry")),
    ("filter lists", re.compile(r"\.pf_filter")),
    ("word index chunks", re.compile(r"\.pf_index|search_index\.json")),
    ("result fragments", re.compile(r"\.pf_fragment")),
)


def render_breakdown(results: list[Result]) -> str:
    """What each first query fetched, by part: where the bytes go as the archive grows."""
    shown = sorted(results, key=lambda r: (list(LABELS).index(r.engine), r.meetings))
    rows = [
        "| first query fetched | " + " | ".join(f"{LABELS[r.engine]}, {r.meetings:,}" for r in shown) + " |",
        "|---|" + "---:|" * len(shown),
    ]
    for label, pattern in PARTS:
        cells = [sum(size for path, size in r.first_query_detail or () if pattern.search(path)) for r in shown]
        if any(cells):
            rows.append(f"| {label} | " + " | ".join(kb(cell) for cell in cells) + " |")
    return "\n".join(rows)


def render_other_queries(results: list[Result]) -> str:
    """Bytes of other first queries (each in a fresh browser): how much the words typed matter."""
    shown = sorted(
        (r for r in results if r.other_first_queries), key=lambda r: (list(LABELS).index(r.engine), r.meetings)
    )
    rows = [
        "| first query (fresh browser) | " + " | ".join(f"{LABELS[r.engine]}, {r.meetings:,}" for r in shown) + " |",
        "|---|" + "---:|" * len(shown),
        f"| {QUERIES[0]} | " + " | ".join(kb(r.first_query_bytes) for r in shown) + " |",
    ]
    for query in (*OTHER_FIRST_QUERIES, RARE):
        measured = [(r.other_first_queries or {}).get(query) for r in shown]
        rows.append(
            f"| {query} | " + " | ".join("not measured" if size is None else kb(size) for size in measured) + " |"
        )
    rows.append(
        f"| {QUERIES[0]}, then the next older years (added) | "
        + " | ".join("n/a" if r.older_minutes_bytes is None else kb(r.older_minutes_bytes) for r in shown)
        + " |"
    )
    return "\n".join(rows)


def write_docs(results: list[Result]) -> None:
    text = DOC.read_text(encoding="utf-8")
    table = render_table(results) + "\n\n" + render_breakdown(results) + "\n\n" + render_other_queries(results)
    text = re.sub(
        r"(<!-- search-bench:begin -->\n).*?(\n<!-- search-bench:end -->)",
        lambda m: m.group(1) + table + m.group(2),
        text,
        flags=re.DOTALL,
    )
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated numbers of meetings")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "search")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="pagefind,lunr")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep earlier results for sizes not run this time",
    )
    parser.add_argument("--keep-sites", action="store_true")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"write the table into {DOC.relative_to(ROOT)}",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    store = args.out / "results.json"
    earlier = [Result(**row) for row in json.loads(store.read_text())] if args.merge and store.exists() else []
    results: list[Result] = []
    for size in (int(s) for s in args.sizes.split(",")):
        results += bench(size, args.out, args.seed, args.engines.split(","), args.keep_sites)
        # Saved after each size: the largest takes long, and a failure there must not lose the rest.
        done = {(r.meetings, r.engine) for r in results}
        kept = [r for r in earlier if (r.meetings, r.engine) not in done]
        store.write_text(json.dumps([asdict(r) for r in results + kept], indent=2))
    results += [r for r in earlier if (r.meetings, r.engine) not in {(x.meetings, x.engine) for x in results}]
    print(render_table(results))
    print(render_breakdown(results))
    print(render_other_queries(results))
    if args.write_docs:
        write_docs(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
