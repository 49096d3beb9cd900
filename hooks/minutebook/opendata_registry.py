"""People, bodies, memberships and posts as open data: Popolo records (``/data/people.json`` and the like)."""

from __future__ import annotations

from typing import Any

from .archive import Archive
from .model import BodyKind
from .opendata_fields import known, link
from .site import SiteInfo
from .urls import body_url, calendar_path, minutes_feed_path, person_url, post_url

# Open Civic Data's organisation classifications (opencivicdata.common) have no board or team: each kind of
# body gets the nearest, and keeps its own in "kind". A board, appointed to oversee, is OCD's commission; a
# team of officers, a department; another organisation (a trust, a company), a corporation.
OCD_CLASSIFICATION = {
    BodyKind.BOARD: "commission",
    BodyKind.COMMITTEE: "committee",
    BodyKind.TEAM: "department",
    BodyKind.ORGANISATION: "corporation",
}


def people_records(archive: Archive, site: SiteInfo) -> list[dict[str, Any]]:
    return [
        {
            "id": person.id,
            "name": person.name,
            "honorific_prefix": person.honorific or None,
            "other_names": [{"name": alias, "note": "alias"} for alias in person.aliases],
            "links": [link(site, person_url(person.id), "Page in the archive")],
        }
        for person in (record.person for record in archive.people.values())
    ]


def body_records(archive: Archive, site: SiteInfo) -> list[dict[str, Any]]:
    bodies = []
    for body_id, body in sorted(archive.registry.bodies.items()):
        meets = body_id in archive.by_body
        links = [link(site, body_url(body_id), "Page in the archive")]
        if meets:
            links += [
                link(site, minutes_feed_path(body_id), "Atom feed of minutes"),
                link(site, calendar_path(body_id), "Calendar of meetings"),
            ]
        bodies.append(
            {
                "id": body_id,
                "name": body.name,
                "classification": OCD_CLASSIFICATION[body.kind],
                "kind": body.kind.value,
                "meets": meets,
                "links": links,
                "posts": _posts(site, body_id, archive),
            }
        )
    return bodies


def membership_records(archive: Archive) -> list[dict[str, Any]]:
    memberships = []
    for body_id, body in sorted(archive.registry.bodies.items()):
        seats: dict[str, int] = {}
        for membership in body.members:
            seats[membership.person] = seats.get(membership.person, 0) + 1
        for membership in body.members:
            member_id = f"{body_id}/{membership.person}"
            if seats[membership.person] > 1:
                member_id += f"/{membership.start.isoformat() if membership.start else 'undated'}"
            memberships.append(
                known(
                    {
                        "id": member_id,
                        "person_id": membership.person,
                        "organization_id": body_id,
                        "role": membership.role or None,
                        "start_date": membership.start.isoformat() if membership.start else None,
                        "end_date": membership.end.isoformat() if membership.end else None,
                    },
                    "role",
                    "start_date",
                    "end_date",
                )
            )
    return memberships


def _posts(site: SiteInfo, body_id: str, archive: Archive) -> list[dict[str, Any]]:
    """A body's posts as Popolo Post records, with their holders as bodies.yml records them."""
    return [
        {
            "id": post.uid,
            "label": post.name,
            "other_labels": list(post.aliases),
            "organization_id": body_id,
            "holders": [
                {
                    "person_id": holder.person,
                    "start_date": holder.start.isoformat() if holder.start else None,
                    "end_date": holder.end.isoformat() if holder.end else None,
                }
                for holder in post.holders
            ],
            "links": [link(site, post_url(post.uid), "Page in the archive")],
        }
        for post in archive.registry.bodies[body_id].posts
    ]
