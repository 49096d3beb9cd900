"""Where the archive is published, and what feeds, calendars and data say about it.

Feeds and calendars are read outside the site, so they need absolute links.
They come from ``site_url``; when it is not set the outputs are still built,
with links relative to the file that holds them and ids that do not depend on
a host (see ``SiteInfo.uri``), and the adapter says so in the build log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# Minutes are written in UK local time: every clock time in the source is Europe/London.
LONDON = ZoneInfo("Europe/London")

OGL = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


@dataclass(frozen=True)
class SiteInfo:
    """The published site as feeds and exports name it: its address, title, publisher and data licence.

    Made by ``settings.load_settings`` from mkdocs.yml.
    """

    name: str
    url: str = ""  # absolute, ending in "/"; "" when site_url is not configured
    licence_name: str = OGL["name"]
    licence_url: str = OGL["url"]
    publisher: str = ""  # who feeds and data name as publisher: the configured one, else the site's name

    @property
    def absolute(self) -> bool:
        return bool(self.url)

    @property
    def host(self) -> str:
        """The host calendar UIDs are qualified with (RFC 5545 asks for a domain on the right)."""
        # ".invalid" is reserved (RFC 2606): it says plainly that no site_url was set.
        return urlsplit(self.url).hostname or "minutebook.invalid"

    def link(self, path: str, from_file: str = "") -> str:
        """``path`` (site-relative, e.g. ``meetings/x/``) as a link from the output file ``from_file``.

        Absolute when the site's address is known; otherwise relative to the
        file, which feed readers resolve against the feed's own address.
        """
        if self.url:
            return self.url + path
        return "../" * from_file.count("/") + path if from_file else path

    def address(self, path: str) -> str:
        """``path`` as open data gives it: absolute when the site's address is known, else from the site root
        (so it stays meaningful wherever the file is read)."""
        return self.url + path if self.url else "/" + path

    def uri(self, path: str, uid: str) -> str:
        """A permanent id: the page's permanent URL, or ``urn:minutebook:<uid>`` without a site_url."""
        return self.url + path if self.url else f"urn:minutebook:{uid}"


def local_moment(day: dt.date, clock: str = "") -> dt.datetime:
    """``day`` at ``clock`` ("14:00"; midnight when empty) in Europe/London, offset resolved for BST or GMT."""
    hours, minutes = (int(part) for part in clock.split(":")) if clock else (0, 0)
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=LONDON)


def build_stamp(today: dt.date) -> dt.datetime:
    """The build's own timestamp: midnight UTC of the build date, so equal inputs give equal bytes."""
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
