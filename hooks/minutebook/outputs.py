"""Everything the archive publishes beside its pages: feeds, calendars, open data and the page explaining them.

The front end adds each ``(path, content)`` pair to the site as it is: a
``.md`` path becomes a page, anything else is copied as a static file.
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import build_calendars, calendar_path
from .datapage import DATA_PAGE, render_data_page
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


def build_outputs(archive: Archive, site: SiteInfo) -> list[tuple[str, str | bytes]]:
    """Every feed, calendar and data file, and the /data/ page, as (site-relative path, content)."""
    outputs: list[tuple[str, str | bytes]] = []
    outputs += build_feeds(archive, site)
    outputs += build_calendars(archive, site)
    outputs += build_data(archive, site)
    outputs.append((DATA_PAGE, render_data_page(archive, site)))
    return outputs


def subscriptions(archive: Archive, site: SiteInfo, body_id: str | None = None) -> Subscriptions | None:
    """What a page offers to follow: the site's feeds, or a body's; None for a body that never meets."""
    if body_id is not None and body_id not in archive.by_body:
        return None
    calendar = calendar_path(body_id)
    webcal = "webcal://" + site.link(calendar).split("://", 1)[1] if site.absolute else ""
    if body_id is not None:
        return Subscriptions(archive.registry.bodies[body_id].name, minutes_feed_path(body_id), minutes_feed_path(body_id, "rss"),
                             calendar, webcal)
    return Subscriptions(site.name, minutes_feed_path(), minutes_feed_path(kind="rss"), calendar, webcal,
                         decisions_atom=decisions_feed_path(), data_page="data/")


def head_links(archive: Archive, site: SiteInfo, body_id: str | None = None) -> list[FeedLink]:
    """The feeds a page's <head> advertises for autodiscovery."""
    return feed_links(archive, site, body_id)
