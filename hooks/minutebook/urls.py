"""The site's permanent addresses (the contract's URL table), in one place."""

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
    """Where the page made from a generated Markdown file is written: ``people/x/index.md`` -> ``people/x/index.html``."""
    return src_uri.removesuffix(".md") + ".html"


def relative_url(target: str, page_url: str) -> str:
    """``target`` (a site path) as a link from the page at ``page_url``; addresses with a scheme, ``/`` or ``#`` unchanged.

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
