"""The site's addresses, in one place: its pages (the contract's URL table), feeds, calendars and data files."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def meeting_url(meeting_id: str) -> str:
    return f"meetings/{meeting_id}/"


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


def action_url(uid: str) -> str:
    return f"actions/{uid}/"


def decision_url(uid: str) -> str:
    return f"decisions/{uid}/"


def body_url(body_id: str) -> str:
    return f"bodies/{body_id}/"


def year_url(year: int) -> str:
    return f"years/{year}/"


def post_url(uid: str) -> str:
    """A post's page, by ``<body>/<post>``."""
    return f"posts/{uid}/"


def data_url() -> str:
    """The page that explains the feeds, calendars and data files."""
    return "data/"


def data_path(name: str) -> str:
    """A file of open data: ``data/people.json``, ``data/actions.csv``."""
    return f"data/{name}"


def data_schema_path(name: str) -> str:
    """The published JSON Schema of ``data/<name>.json``."""
    return f"data/schema/{name}.schema.json"


def minutes_feed_path(body_id: str | None = None, kind: str = "atom") -> str:
    """``feeds/minutes.atom`` for the whole archive, ``feeds/bodies/<body>.atom`` for one body."""
    return f"feeds/bodies/{body_id}.{kind}" if body_id else f"feeds/minutes.{kind}"


def decisions_feed_path(kind: str = "atom") -> str:
    return f"feeds/decisions.{kind}"


def feeds_url() -> str:
    """The page that lists every feed and says how to follow one."""
    return "feeds/"


def person_feed_path(person_id: str) -> str:
    return f"feeds/people/{person_id}.atom"


def action_feed_path(uid: str) -> str:
    """An action's updates: ``feeds/actions/<body>/<date>/a<n>.atom``."""
    return f"feeds/actions/{uid}.atom"


def post_feed_path(uid: str) -> str:
    """A post's feed, by ``<body>/<post>``."""
    return f"feeds/posts/{uid}.atom"


def calendar_path(body_id: str | None = None) -> str:
    """``calendar/meetings.ics`` for every body, ``calendar/bodies/<body>.ics`` for one."""
    return f"calendar/bodies/{body_id}.ics" if body_id else "calendar/meetings.ics"


def meeting_calendar_path(meeting_id: str) -> str:
    """One meeting as a calendar file, for "add to calendar": ``calendar/meetings/<body>/<date>.ics``."""
    return f"calendar/meetings/{meeting_id}.ics"


def uid_url(uid: str) -> str:
    """Address of a meeting, action (``/aN``) or decision (``/dN``) id."""
    last = uid.rsplit("/", 1)[-1]
    if last[:1] == "a" and last[1:].isdigit():
        return action_url(uid)
    if last[:1] == "d" and last[1:].isdigit():
        return decision_url(uid)
    return meeting_url(uid)


def source_path(url: str) -> str:
    """The generated Markdown file behind a directory URL: ``people/x/`` -> ``people/x/index.md``."""
    return f"{url}index.md"


def built_path(src_uri: str) -> str:
    """Where the page made from a generated Markdown file is written.

    ``people/x/index.md`` -> ``people/x/index.html``.
    """
    return src_uri.removesuffix(".md") + ".html"


def relative_url(target: str, page_url: str) -> str:
    """``target`` (a site path) as a link from the page at ``page_url``.

    Addresses with a scheme, ``/`` or ``#`` are unchanged.

    The rule MkDocs' ``url`` filter follows, so links read the same on every page of the site.
    """
    if target.startswith(("/", "#")) or ":" in target.split("/", 1)[0]:
        return target
    here = _parts(page_url)
    if target and "." not in target and here and target.split("/", 1)[0] != here[0]:
        return "../" * len(here) + target  # the common case: nothing in common with the page's address
    there = [
        part for part in (posixpath.normpath(target) if "." in target else target).split("/") if part not in ("", ".")
    ]
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if target.endswith("/") else relative


@lru_cache(maxsize=1024)
def _parts(url: str) -> tuple[str, ...]:
    return tuple(part for part in url.split("/") if part)
