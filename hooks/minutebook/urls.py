"""The site's permanent addresses (the contract's URL table), in one place."""

from __future__ import annotations


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
