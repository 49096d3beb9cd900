"""Everything the archive publishes beside its pages: feeds, calendars, open data and the page explaining them.

The files are written straight into the site folder, one at a time (``write_files``); the
/data/ page (``datapage``) is handed to the front end as a page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .calendar import build_calendars, calendar_path
from .feeds import (
    FeedLink,
    build_feeds,
    decisions_feed_path,
    feed_links,
    minutes_feed_path,
)
from .indexes import Archive
from .opendata import build_data
from .site import SiteInfo

# A file's bytes, or its pieces in order: a large data file is written as it is made, never held whole.
Content = bytes | Iterable[bytes]


def whole(content: Content) -> bytes:
    """All of ``content`` at once (for a reader, a test say, that wants the file as one value)."""
    return content if isinstance(content, bytes) else b"".join(content)


@dataclass(frozen=True)
class Subscriptions:
    """The feed and calendar a reader can follow, for the whole archive or one body."""

    title: str
    atom: str
    rss: str
    calendar: str
    webcal: str  # the calendar as a webcal:// address (calendar apps subscribe to it); "" without site_url
    decisions_atom: str = ""
    data_page: str = ""


def build_files(archive: Archive, site: SiteInfo) -> Iterator[tuple[str, Content]]:
    """Every feed, calendar and data file, as (site-relative path, its content), the data files one at a time."""
    yield from build_feeds(archive, site)
    yield from build_calendars(archive, site)
    yield from build_data(archive, site)


def write_files(archive: Archive, site: SiteInfo, folder: Path) -> list[str]:
    """Write every feed, calendar and data file into ``folder`` (the site); their site-relative paths.

    Each is let go once written: the largest data files are not all held at once.
    """
    paths = []
    for path, content in build_files(archive, site):
        replace_file(folder / path, content)
        paths.append(path)
    return paths


def replace_file(target: Path, content: str | Content) -> None:
    """Give ``target`` this content (UTF-8 for text), creating its folder if need be.

    Written aside and renamed into place: a reader (the `serve` server, say) never gets half a file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    written = _aside(target, os.getpid())
    try:
        with written.open("wb") as file:
            if isinstance(content, (str, bytes)):
                file.write(content.encode() if isinstance(content, str) else content)
            else:
                file.writelines(content)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    os.replace(written, target)


def _aside(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.{pid}")


def remove_left_aside(folder: Path, pid: int) -> None:
    """Remove what process ``pid``, killed in the middle of ``replace_file``, left beside the files in ``folder``."""
    for path in folder.glob(_aside(folder / "*", pid).name):
        path.unlink(missing_ok=True)


def subscriptions(archive: Archive, site: SiteInfo, body_id: str | None = None) -> Subscriptions | None:
    """What a page offers to follow: the site's feeds, or a body's; None for a body that never meets."""
    if body_id is not None and body_id not in archive.by_body:
        return None
    calendar = calendar_path(body_id)
    webcal = "webcal://" + site.link(calendar).split("://", 1)[1] if site.absolute else ""
    if body_id is not None:
        return Subscriptions(
            archive.registry.bodies[body_id].name,
            minutes_feed_path(body_id),
            minutes_feed_path(body_id, "rss"),
            calendar,
            webcal,
        )
    return Subscriptions(
        site.name,
        minutes_feed_path(),
        minutes_feed_path(kind="rss"),
        calendar,
        webcal,
        decisions_atom=decisions_feed_path(),
        data_page="data/",
    )


def head_links(archive: Archive, site: SiteInfo, body_id: str | None = None) -> list[FeedLink]:
    """The feeds a page's <head> advertises for autodiscovery."""
    return feed_links(archive, site, body_id)
