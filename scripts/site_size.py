#!/usr/bin/env python3
"""Where a built site's bytes and files go: pages by kind, what every page repeats, search, data, feeds.

    site_size.py SITE [--meetings N]

Every file is put in one kind (pages by their first folder, Pagefind's fragments, index chunks and filters,
open-data files, feeds, calendars, assets). The pages are then taken apart: the bytes of their ``<head>``,
header, navigation, footer, scripts, inline SVG and ``<article>``, summed over every page, so what each page
repeats is seen at once. With ``--meetings`` each line is also given per meeting. Sizes are the files'
bytes (what hosts count), not the disk blocks they take.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Parts of a page: each pattern's matches are summed over all pages. They may overlap (an SVG in the
# header is counted under both), so they are shown beside the pages' total, not added up.
PAGE_PARTS = {
    "<head>": re.compile(rb"<head>.*?</head>", re.S),
    "header (logo, search button, main navigation)": re.compile(rb"<header\b.*?</header>", re.S),
    "breadcrumbs": re.compile(rb'<div class="mb-crumbs-bar.*?</div>', re.S),
    "footer": re.compile(rb"<footer\b.*?</footer>", re.S),
    "scripts (<script>, inline and linked)": re.compile(rb"<script\b.*?</script>", re.S),
    "inline <style>": re.compile(rb"<style\b.*?</style>", re.S),
    "inline <svg>": re.compile(rb"<svg\b.*?</svg>", re.S),
    "<article> (what the page is about)": re.compile(rb"<article\b.*?</article>", re.S),
}
PAGE_FOLDERS = {"meetings", "actions", "decisions", "people", "bodies", "years", "posts", "data", "feeds"}


@dataclass
class Tally:
    files: int = 0
    bytes: int = 0

    def add(self, size: int) -> None:
        self.files += 1
        self.bytes += size


@dataclass
class Breakdown:
    kinds: dict[str, Tally] = field(default_factory=dict)
    parts: Counter[str] = field(default_factory=Counter)
    pages: Tally = field(default_factory=Tally)
    largest: tuple[int, str] = (0, "")

    def add(self, kind: str, size: int) -> None:
        self.kinds.setdefault(kind, Tally()).add(size)


def kind_of(path: str) -> str:
    """The kind of the site file at ``path`` (site-relative, with slashes)."""
    parts = path.split("/")
    name = parts[-1]
    if parts[0].startswith("pagefind"):
        bundle = parts[0]
        sub = parts[1] if len(parts) > 2 else ""
        what = {"fragment": "fragments", "index": "index chunks", "filter": "filters"}.get(sub, "code and metadata")
        return f"search: {bundle}/ {what}"
    if name.endswith(".html"):
        folder = parts[0] if len(parts) > 1 and parts[0] in PAGE_FOLDERS else "other"
        return f"pages: {folder}"
    if name.endswith((".atom", ".rss")):
        return f"feeds: {parts[1] if len(parts) > 2 else 'archive'}"
    if name.endswith(".ics"):
        return "calendars"
    if parts[0] == "data":
        if "schema" in parts:
            return "open data: schemas"
        return "open data: meetings/<year>.json" if parts[1] == "meetings" and len(parts) > 2 else f"open data: {name}"
    if parts[0] == "assets":
        return "assets (CSS, scripts, images)"
    if parts[0] == "documents":
        return "documents (papers)"
    return "other"


def measure(site: Path) -> Breakdown:
    found = Breakdown()
    for folder, _, names in os.walk(site):
        for name in names:
            full = Path(folder) / name
            rel = full.relative_to(site).as_posix()
            size = full.stat().st_size
            found.add(kind_of(rel), size)
            found.largest = max(found.largest, (size, rel))
            if name.endswith(".html"):
                found.pages.add(size)
                text = full.read_bytes()
                for part, pattern in PAGE_PARTS.items():
                    found.parts[part] += sum(len(m) for m in pattern.findall(text))
    return found


def render(found: Breakdown, meetings: int | None) -> str:
    total = Tally(sum(t.files for t in found.kinds.values()), sum(t.bytes for t in found.kinds.values()))
    each = " | files a meeting | KB a meeting" if meetings else ""
    rows = [
        f"| kind | files | MB | share of bytes{each} |",
        "|---|---:|---:|---:|" + ("---:|---:|" if meetings else ""),
    ]

    def row(name: str, tally: Tally) -> str:
        line = f"| {name} | {tally.files:,} | {tally.bytes / 1e6:,.2f} | {tally.bytes / max(total.bytes, 1):.1%} |"
        if meetings:
            line += f" {tally.files / meetings:.2f} | {tally.bytes / 1e3 / meetings:.1f} |"
        return line

    for name, tally in sorted(found.kinds.items(), key=lambda item: -item[1].bytes):
        rows.append(row(name, tally))
    rows.append(row("**all**", total))
    rows += [
        "",
        f"Pages: {found.pages.files:,} files, {found.pages.bytes / 1e6:,.2f} MB. Their parts, summed over every page:",
        "",
    ]
    rows += ["| part of a page | MB | share of pages' bytes | bytes a page |", "|---|---:|---:|---:|"]
    for part, size in found.parts.items():
        share, each_page = size / max(found.pages.bytes, 1), size / max(found.pages.files, 1)
        rows.append(f"| {part} | {size / 1e6:,.2f} | {share:.1%} | {each_page:,.0f} |")
    rows += ["", f"Largest file: {found.largest[1]}, {found.largest[0] / 1_048_576:.2f} MiB."]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--meetings", type=int, help="the archive's meetings, for figures per meeting")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site}: not a folder")
    print(render(measure(args.site), args.meetings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
