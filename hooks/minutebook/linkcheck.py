"""After the build: every internal link and anchor in the built site must lead somewhere.

MkDocs validates links in docs/ Markdown, but minutes text is rendered by our
own Renderer and laid out by templates, so MkDocs never sees those links. This
checks the built tree itself, so it catches broken links whatever made them:
a clerk's Markdown, a template, a feed. A broken link on a page made from a
meeting is reported at the meeting file and the line where the link is written.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from .batch import map_over_cores
from .errors import Problem
from .source import editor_lines
from .urls import action_url, decision_url, meeting_url

_LINK = re.compile(
    r"""<(?:a|link|img|script|source|iframe|area)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_INERT = re.compile(
    r"(<(?P<tag>script|template)\b[^>]*>)(?P<body>.*?)(?P<close></(?P=tag)\s*>)", re.IGNORECASE | re.DOTALL
)
# Pages served at any address, so their links are written for the site root; checked by MkDocs' own tests, not here.
SKIPPED_PAGES = {"404.html"}


@dataclass(frozen=True)
class PageSource:
    """Where a built page's minutes text comes from: a meeting file, read for the line of a link."""

    path: Path
    shown: str


def check_site(
    site: Path, sources: dict[str, PageSource] | None = None, only: Iterable[str] | None = None
) -> list[Problem]:
    """A problem for every internal ``href``/``src`` in the built HTML that leads to no file or no anchor.

    ``sources`` maps a page's directory URL (``meetings/board/2018-10-24/``) to
    the meeting file its text came from, so problems name the clerk's file.
    With ``only`` (site-relative paths), only the links on those pages are checked.
    """
    sources = sources or {}
    files: Container[str]
    folders: Container[str]
    if only is None:
        # One walk of the tree up front: a set lookup per link instead of a stat per link
        # (a large archive has hundreds of thousands of links).
        files = set()
        for folder, _, names in os.walk(site):
            here = Path(folder).relative_to(site).as_posix()
            files.update(name if here == "." else f"{here}/{name}" for name in names)
        folders = {posixpath.dirname(name) for name in files}
        folders |= {parent for name in folders for parent in _parents(name)}
        wanted: Iterable[str] = files
    else:  # a few pages: asking about each link target costs less than walking a large tree
        files, folders, wanted = _OnDisk(site, os.path.isfile), _OnDisk(site, os.path.isdir), set(only)
    pages = sorted(name for name in wanted if name.endswith(".html") and name not in SKIPPED_PAGES)
    # Each page is read once, on every core: its ids, its links that miss, and its links to anchors
    # (checked below, once every page's ids are known).
    scans = map_over_cores(partial(_scan_page, site, files, folders), pages)
    anchors = {scan.page: scan.ids for scan in scans}
    problems: list[Problem] = []
    # A broken link in a template is on every page: report it once, with a count.
    repeated: dict[tuple[str, str, str], list[Problem]] = {}
    for scan in scans:
        broken = list(scan.broken)
        missing = set()
        for pair in scan.anchors:
            target_file, fragment = pair.split("#", 1)
            if target_file not in anchors:
                anchors[target_file] = _ids(site / target_file)
            if not _has_id(anchors[target_file], fragment):
                missing.add(pair)
        if missing:  # rare: the page is read again for the links' own words and places
            html = _blank_templates((site / scan.page).read_text(encoding="utf-8", errors="replace"))
            broken += [
                link._replace(reason="names an anchor that is not on that page")
                for link in _links(html, scan.page, files, folders)
                if not link.reason and f"{link.target}#{link.fragment}" in missing
            ]
        for href, target, fragment, offset, reason in broken:
            problem = _problem(href, reason, scan.page, site, offset, sources)
            if problem.path == scan.page:
                repeated.setdefault((target, fragment, reason), []).append(problem)
            else:
                problems.append(problem)
    for same in repeated.values():
        first = same[0]
        others = f" (and on {len(same) - 1} other page{'s' if len(same) > 2 else ''})" if len(same) > 1 else ""
        problems.append(Problem(first.path, first.line, first.message + others))
    return problems


class _OnDisk:
    """Site-relative paths that ``exists`` (``os.path.isfile``, say) finds under ``site``, asked as needed."""

    def __init__(self, site: Path, exists: Callable[[str], bool]) -> None:
        self._site = str(site)
        self._exists = exists
        self._known: dict[str, bool] = {}

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        if path not in self._known:
            self._known[path] = self._exists(os.path.join(self._site, path))
        return self._known[path]


class _Link(NamedTuple):
    """A link on a page that leads nowhere (``reason`` says why), or to an anchor on a page of the site."""

    href: str
    target: str  # site-relative: the file it leads to
    fragment: str
    offset: int  # in the page's HTML
    reason: str = ""


@dataclass(frozen=True)
class _PageScan:
    """What the check needs of a page, small: a large archive has half a million links to anchors."""

    page: str
    ids: str  # see _id_list
    broken: tuple[_Link, ...]
    anchors: tuple[str, ...]  # each "target#fragment" once, for the links that name an anchor


def _scan_page(site: Path, files: Container[str], folders: Container[str], relative: str) -> _PageScan:
    html = _blank_templates((site / relative).read_text(encoding="utf-8", errors="replace"))
    broken = []
    anchors = set()
    for link in _links(html, relative, files, folders):
        if link.reason:
            broken.append(link)
        else:
            anchors.add(f"{link.target}#{link.fragment}")
    return _PageScan(relative, _id_list(_ids_in(html)), tuple(broken), tuple(anchors))


def _links(html: str, relative: str, files: Container[str], folders: Container[str]) -> Iterator[_Link]:
    """The links on the page at ``relative`` that lead to no file, or to an anchor in an HTML page."""
    here = posixpath.dirname(relative)
    for match in _LINK.finditer(html):
        href = _unescape(match.group(1) if match.group(1) is not None else match.group(2))
        target, fragment = _resolve(href, relative, here)
        if target is None:
            continue
        is_folder = target in folders or target == "."
        if target not in files and not is_folder:
            yield _Link(href, target, fragment, match.start(), "leads to no page or file in the site")
        elif is_folder and f"{target}/index.html".lstrip("./") not in files and target != ".":
            yield _Link(href, target, fragment, match.start(), "leads to a folder with no page in it")
        elif fragment:
            target_file = (f"{target}/index.html" if target != "." else "index.html") if is_folder else target
            if target_file.endswith(".html"):
                yield _Link(href, target_file, fragment, match.start())


# A page's ids as one string, each between NULs, instead of a set of strings (a 10,000-meeting archive
# has 630,000 ids; with this and each anchor kept once per page, its check took 223 MB, not 472 MB).
# NUL is never in an HTML id: parsers replace it.
_ID_END = "\0"


def _id_list(ids: Iterable[str]) -> str:
    return _ID_END + "".join(f"{name}{_ID_END}" for name in ids)


def _has_id(id_list: str, fragment: str) -> bool:
    return _ID_END not in fragment and f"{_ID_END}{fragment}{_ID_END}" in id_list


def report(problems: list[Problem]) -> str:
    """The broken links, one per line, and what became of the build."""
    count = len(problems)
    lines = [str(problem) for problem in sorted(problems)]
    lines.append(
        f"{count} broken link{'s' if count != 1 else ''} in the built site; "
        "the site folder was emptied so it cannot be published by mistake."
    )
    return "\n".join(lines)


def sources_of(meetings: Iterable[Any]) -> dict[str, PageSource]:
    """Page URL -> meeting file, for every page that shows a meeting's own text (meeting, action, decision)."""
    sources = {}
    for meeting in meetings:
        source = PageSource(Path(meeting.source), meeting.source)
        sources[meeting_url(meeting.id)] = source
        for action in meeting.actions:
            sources[action_url(action.uid)] = source
        for decision in meeting.decisions:
            sources[decision_url(decision.uid)] = source
    return sources


def _blank_templates(html: str) -> str:
    """Script bodies and <template>s hold client-side templates ({{ url }}), not links; keep their lines."""
    return _INERT.sub(lambda m: m.group(1) + re.sub(r"[^\n]", " ", m["body"]) + m["close"], html)


def _unescape(href: str) -> str:
    return href.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"')


def _resolve(href: str, page: str, here: str) -> tuple[str | None, str]:
    """The site-relative path ``href`` names from ``page``, or None for links outside the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None, ""
    path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if not path:
        return page, fragment
    joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(here, path))
    if joined == ".." or joined.startswith("../"):
        return "../(outside the site)", fragment  # never exists: reported as missing
    return joined, fragment


def _parents(folder: str) -> list[str]:
    parents = []
    while folder:
        folder = posixpath.dirname(folder)
        parents.append(folder)
    return parents


def _ids(page: Path) -> str:
    return _id_list(_ids_in(page.read_text(encoding="utf-8", errors="replace")))


def _ids_in(html: str) -> set[str]:
    return {_unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ID.finditer(html)}


def _problem(href: str, reason: str, relative: str, site: Path, offset: int, sources: dict[str, PageSource]) -> Problem:
    url = relative.removesuffix("index.html")
    source = sources.get(url)
    if source is not None:
        line = find_line(source.path, (href, unquote(href)))
        if line:
            return Problem(source.shown, line, f"link '{href}' {reason} (on the page {url})")
    html = _blank_templates((site / relative).read_text(encoding="utf-8", errors="replace"))
    return Problem(f"{relative}", html.count("\n", 0, offset) + 1, f"link '{href}' {reason}")


def find_line(path: Path, needles: Iterable[str]) -> int:
    """The first line of ``path`` that contains any of ``needles`` (0 if none does)."""
    try:
        lines = editor_lines(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return 0
    wanted = [needle for needle in needles if needle]
    for number, line in enumerate(lines, start=1):
        if any(needle in line for needle in wanted):
            return number
    return 0
