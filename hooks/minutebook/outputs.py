"""Everything the archive publishes beside its pages: feeds, calendars, open data and the page explaining them.

The files are written straight into the site folder, one at a time (``write_files``); the
/data/ page (``datapage``) is handed to the front end as a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .archive import Archive
from .cache import Memo
from .calendar import agenda_calendars, build_calendars
from .feeds import FeedLink, build_feeds, feed_links
from .files import Content, replace_file
from .follow import build_follow_feeds
from .markup import RenderedTexts
from .opendata import build_data
from .site import SiteInfo
from .urls import calendar_path, data_url, decisions_feed_path, minutes_feed_path


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


def build_files(
    archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo | None = None
) -> Iterator[tuple[str, Content]]:
    """Every feed, calendar and data file, as (site-relative path, its content), the data files one at a time.

    ``memo`` keeps the costly pieces between builds: each follow feed, and each meeting's calendar event
    and its record in meetings.json.
    """
    yield from build_feeds(archive, texts, site)
    yield from build_follow_feeds(archive, texts, site, memo)
    yield from build_calendars(archive, site, memo)
    yield from agenda_calendars(archive, site)
    yield from build_data(archive, texts, site, memo)


class FileWriter(Protocol):
    """Writes a file of the site whole (``incremental.Outputs``, which keeps it for the next build too)."""

    def write(self, path: str, content: Content) -> None: ...


def write_files(
    archive: Archive,
    texts: RenderedTexts,
    site: SiteInfo,
    folder: Path,
    memo: Memo | None = None,
    writer: FileWriter | None = None,
) -> list[str]:
    """Write every feed, calendar and data file into ``folder`` (the site); their site-relative paths.

    Each is let go once written: the largest data files are not all held at once.
    """
    paths = []
    for path, content in build_files(archive, texts, site, memo):
        if writer is None:
            replace_file(folder / path, content)
        else:
            writer.write(path, content)
        paths.append(path)
    return paths


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
        data_page=data_url(),
    )


def head_links(archive: Archive, site: SiteInfo, body_id: str | None = None) -> list[FeedLink]:
    """The feeds a page's <head> advertises for autodiscovery."""
    return feed_links(archive, site, body_id)
