"""sitemap.xml: every public page of the archive for search engines, with the date it last changed.

A page's ``lastmod`` is the latest date among the minutes it shows: a meeting's page changes when the
minutes are approved, when a later meeting reports on its actions or refers to it; a person's when
they next appear. An agenda, published before its meeting, is dated by its commit. It comes from the
minutes and their history, never from the clock, so two builds of the same minutes give the same bytes.
Pages not made from the minutes (the accessibility statement, say) carry no date.

Above 50,000 addresses (the protocol's limit for one file) the addresses are split over
``sitemap-1.xml``, ``sitemap-2.xml``… and ``sitemap.xml`` becomes their index. Sitemaps need absolute
addresses: without ``site_url`` none is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from . import urls
from .archive import Archive
from .model import Meeting
from .site import SiteInfo

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_ADDRESSES = 50_000  # sitemaps.org: at most 50,000 URLs (and 50 MB) in one file
INDEX = "sitemap.xml"
# Pages that list the whole archive change whenever any minutes do.
WHOLE_ARCHIVE = ("", "actions/", "decisions/", "people/", "bodies/", "years/", "data/")


@dataclass(frozen=True)
class Entry:
    """One address in a sitemap: a page's site path and, where known, when it last changed."""

    path: str
    lastmod: dt.date | None


def page_dates(archive: Archive) -> dict[str, dt.date]:
    """The latest date of the minutes each page made from them shows, by the page's site path."""
    # The minutes themselves: held, then approved (a draft's page changes when it is). An agenda is
    # published before its meeting: its date is the commit's where git has it, else it has none.
    minutes = {m.id: day for m in archive.meetings if (day := _record_date(archive, m))}
    # What one meeting says of another (a reference, a name) is there from the day it was held.
    said = {m.id: m.date if not m.is_agenda else minutes[m.id] for m in archive.meetings if m.id in minutes}

    def referred(uid: str) -> list[dt.date]:
        return [said[m.meeting.id] for m in archive.referred_to.get(uid, ()) if m.meeting.id in said]

    # An action: raised, then reported on at later meetings.
    action = {
        uid: max([minutes[record.meeting.id], *(update.date for update in record.history)])
        for uid, record in archive.actions.items()
    }
    dates: dict[str, dt.date] = {urls.action_url(uid): max([day, *referred(uid)]) for uid, day in action.items()}
    for decision in archive.decisions:
        dates[urls.decision_url(decision.uid)] = max([minutes[decision.meeting], *referred(decision.uid)])
    for meeting in archive.meetings:  # its page shows where its actions stand now
        shown = [action[a.uid] for a in meeting.actions] + referred(meeting.id)
        shown += [minutes[meeting.id]] if meeting.id in minutes else []
        if shown:
            dates[urls.meeting_url(meeting.id)] = max(shown)
    for person_id, person in archive.people.items():
        shown = [minutes[meeting.id] for meeting, _ in person.attendance if meeting.id in minutes]
        shown += [action[record.action.uid] for record in person.actions]
        shown += [said[m.meeting.id] for m in person.mentions if m.meeting.id in said]
        if shown:
            dates[urls.person_url(person_id)] = max(shown)
    for uid, post in archive.posts.items():
        shown = [minutes[m.id] for m, _ in post.attendance if m.id in minutes]
        shown += [minutes[m.id] for m in post.chaired if m.id in minutes]
        shown += [action[record.action.uid] for record in post.actions]
        if shown:
            dates[urls.post_url(uid)] = max(shown)
    for body_id in archive.registry.bodies:
        shown = [minutes[m.id] for m in archive.by_body.get(body_id, ()) if m.id in minutes]
        shown += [day for uid, day in action.items() if _raised_or_owned_by(archive, uid, body_id)]
        if shown:
            dates[urls.body_url(body_id)] = max(shown)
    for year, meetings in archive.by_year.items():
        if held := [minutes[m.id] for m in meetings if m.id in minutes]:
            dates[urls.year_url(year)] = max(held)
    if dates:
        dates.update(dict.fromkeys(WHOLE_ARCHIVE, max(dates.values())))
    return dates


def _record_date(archive: Archive, meeting: Meeting) -> dt.date | None:
    if not meeting.is_agenda:
        return max(meeting.date, meeting.approved_at or meeting.date)
    history = archive.histories.get(meeting.id)
    return history.versions[-1].date if history and history.versions else None


def _raised_or_owned_by(archive: Archive, uid: str, body_id: str) -> bool:
    record = archive.actions[uid]
    return record.meeting.body == body_id or any(o.kind == "body" and o.id == body_id for o in record.action.owners)


def build_sitemaps(
    archive: Archive, site: SiteInfo, pages: Iterable[tuple[str, Mapping[str, Any]]]
) -> list[tuple[str, bytes]]:
    """The sitemap files for ``pages`` ((site path, front-matter) of every HTML page built but the 404 page).

    A page whose front-matter says ``robots: noindex`` (an operators' guide) is left out. Each path
    once, in a stable order: the home page, then by address.
    """
    if not site.absolute:
        return []
    dates = page_dates(archive)
    # MkDocs gives the home page as "./"; every other path is a folder's, as the site's addresses are.
    paths = {path.removeprefix("./") for path, meta in pages if "noindex" not in str(meta.get("robots", ""))}
    entries = [Entry(path, dates.get(path)) for path in sorted(paths, key=lambda path: (path != "", path))]
    if len(entries) <= MAX_ADDRESSES:
        return [(INDEX, _urlset(entries, site))]
    parts = [entries[start : start + MAX_ADDRESSES] for start in range(0, len(entries), MAX_ADDRESSES)]
    files = [(f"sitemap-{number}.xml", _urlset(part, site)) for number, part in enumerate(parts, start=1)]
    index = [
        Entry(name, max((entry.lastmod for entry in part if entry.lastmod), default=None))
        for (name, _), part in zip(files, parts, strict=True)
    ]
    return [(INDEX, _index(index, site)), *files]


def _urlset(entries: Iterable[Entry], site: SiteInfo) -> bytes:
    return _document("urlset", "url", entries, site)


def _index(entries: Iterable[Entry], site: SiteInfo) -> bytes:
    return _document("sitemapindex", "sitemap", entries, site)


def _document(root: str, element: str, entries: Iterable[Entry], site: SiteInfo) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{NAMESPACE}">']
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<{element}><loc>{escape(site.link(entry.path))}</loc>{lastmod}</{element}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")
