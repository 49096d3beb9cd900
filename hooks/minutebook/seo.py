"""What search engines and shared links read about a page: its description and its structured data.

Each page's ``<meta name="description">`` is written from what the page shows (a meeting's agenda,
a decision's words, a person's record), so a result or a shared link says what is behind it.
Structured data is schema.org in JSON-LD: an ``Event`` for each meeting (held, or announced and
still to come) and a ``BreadcrumbList`` for the trail above each page's heading. Templates turn
these dictionaries into JSON (``json_ld``, which escapes them for a ``<script>`` element).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import urls
from .archive import ActionRecord, Archive, PersonRecord, Upcoming, meeting_title
from .model import AttendanceKind, Body, Decision, Meeting, MinutesStatus, NextMeeting, OwnerRef
from .site import SiteInfo, local_moment
from .titles import date_label
from .wording import counted, short_words

DESCRIPTION_LENGTH = 200  # search engines show about 160 characters; the rest is for shared links
SCHEMA = "https://schema.org"


def json_ld(data: Mapping[str, Any]) -> Markup:
    """``data`` as the JSON of a ``<script type="application/ld+json">``: escaped as Jinja's ``tojson`` does, so
    no value can end the element, but without its spaces and ``\\u`` escapes (it is in every page)."""
    return htmlsafe_json_dumps(data, dumps=json.dumps, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def plain(html: str) -> str:
    """Rendered minutes text as the words a reader sees, without markup."""
    return str(Markup(html).striptags())


def _day(meeting: Meeting | NextMeeting) -> str:
    return date_label(meeting.date)


def _listed(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def meeting_description(meeting: Meeting, archive: Archive) -> str:
    """ "Minutes of X on 24 October 2018: 1 decision and 3 actions. Agenda: …" (the place is in its Event).

    Before the meeting, its agenda: "Agenda of X on 20 March 2024, with the papers; minutes will follow. Items: …".
    """
    body = archive.registry.bodies[meeting.body].name
    agenda = "; ".join(item.title for item in meeting.items)
    if meeting.is_agenda:
        text = f"Agenda of {body} on {_day(meeting)}, with the papers; minutes will follow."
        return short_words(f"{text} Items: {agenda}." if agenda else text, DESCRIPTION_LENGTH)
    draft = "Draft minutes (not yet approved)" if meeting.status is MinutesStatus.DRAFT else "Minutes"
    taken = sum(1 for decision in meeting.decisions if decision.outcome.taken)
    counts = [counted(taken, "decision"), counted(len(meeting.actions), "action")]
    if len(meeting.decisions) > taken:
        counts.insert(1, f"{counted(len(meeting.decisions) - taken, 'motion')} not carried")
    text = f"{draft} of {body} on {_day(meeting)}: {_listed(counts)}."
    return short_words(f"{text} Agenda: {agenda}." if agenda else text, DESCRIPTION_LENGTH)


def decision_description(decision: Decision, words: str, archive: Archive) -> str:
    """The decision's words, and who took it when; a motion not carried says so first, never "decided"."""
    meeting = archive.meeting_by_id[decision.meeting]
    body = archive.registry.bodies[meeting.body].name
    if decision.outcome.taken:
        made = f" Decided by {body} on {_day(meeting)}."
    else:
        words = f"{decision.outcome.label}: {words}"
        made = f" A motion at {body} on {_day(meeting)}, {decision.outcome.value}."
    return short_words(words, max(DESCRIPTION_LENGTH - len(made), 80)) + made


def action_description(record: ActionRecord, words: str, archive: Archive) -> str:
    """The action's words, its owners, due date and where it stands."""
    owners = [_owner_name(owner, archive) for owner in record.action.owners]
    due = f" Due {date_label(record.action.due)}." if record.action.due else ""
    label = "Owners" if len(owners) > 1 else "Owner"
    facts = f" {label}: {_listed(owners)}.{due} Status: {record.state.replace('-', ' ')}."
    return short_words(words, max(DESCRIPTION_LENGTH - len(facts), 80)) + facts


def _owner_name(owner: OwnerRef, archive: Archive) -> str:
    """A person's name, a body's, or a post's with who held it: "the Clerk (Jo Lee)"."""
    registry = archive.registry
    if owner.kind == "person":
        return registry.people[owner.id].display_name
    if owner.kind == "post":
        holder = f" ({registry.people[owner.holder].display_name})" if owner.holder else ""
        return f"the {registry.posts[owner.id].name}{holder}"
    return registry.bodies[owner.id].name


def person_description(record: PersonRecord) -> str:
    """Who they are in the minutes: where they attended, and what they own."""
    attended = record.count(AttendanceKind.PRESENT) + record.count(AttendanceKind.IN_ATTENDANCE)
    bodies = _listed([entry.body.name for entry in record.by_body])
    open_actions = sum(1 for action in record.actions if not action.status.is_closed)
    text = f"{record.person.display_name} in the minutes: attended {counted(attended, 'meeting')}"
    text += f"; owns {counted(len(record.actions), 'action')}" if record.actions else ""
    text += f", {open_actions} still open" if record.actions and open_actions else ""
    text += f". At meetings of {bodies}" if bodies else ""
    return short_words(text + ".", DESCRIPTION_LENGTH)


def body_description(body: Body, series: Sequence[Meeting], upcoming: Sequence[Upcoming]) -> str:
    """How many meetings, over which years, and the next one if announced."""
    text = f"Minutes of {body.name}"
    if series:
        first, last = series[0].date.year, series[-1].date.year
        span = f"in {first}" if first == last else f"from {first} to {last}"
        text += f": {counted(len(series), 'meeting')} {span}"
    text += "".join(f". Next meeting: {_day(entry.next_meeting)}" for entry in upcoming[:1])
    return short_words(text + ".", DESCRIPTION_LENGTH)


def year_description(year: int, meetings: Sequence[Meeting], archive: Archive) -> str:
    """How many meetings that year, and of which bodies."""
    bodies = _listed(sorted({archive.registry.bodies[meeting.body].name for meeting in meetings}))
    return short_words(f"Minutes of {counted(len(meetings), 'meeting')} held in {year}: {bodies}.", DESCRIPTION_LENGTH)


# --- structured data --------------------------------------------------------------------------------


class StructuredData:
    """Builds a page's JSON-LD from the archive; templates reach it as ``mb_structured``."""

    def __init__(self, archive: Archive, site: SiteInfo) -> None:
        self._archive = archive
        self._site = site

    def _address(self, path: str, page_url: str) -> str:
        """Absolute when the site's address is known; otherwise relative to the page, as its links are."""
        return self._site.url + path if self._site.absolute else urls.relative_url(path or ".", page_url)

    def breadcrumbs(self, trail: Sequence[tuple[str, str]], page_url: str) -> dict[str, Any]:
        """The trail above a page's heading, (name, site path) from Home on, ending with the page itself.

        The page's own entry has no address: Google's breadcrumb guidelines make it optional for the last
        entry, which is then the address of the page the list is on.
        """
        items: list[dict[str, Any]] = [
            {"@type": "ListItem", "position": place, "name": name, "item": self._address(path, page_url)}
            for place, (name, path) in enumerate(trail, start=1)
        ]
        if items:
            del items[-1]["item"]
        return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}

    def meeting(self, meeting: Meeting, page_url: str) -> dict[str, Any]:
        """A meeting whose minutes or agenda are published: an event held, or still to come, as scheduled."""
        body = self._archive.registry.bodies[meeting.body]
        event = self._event(meeting, body, meeting_title(meeting, self._archive.registry), page_url)
        event["url"] = self._address(urls.meeting_url(meeting.id), page_url)
        event["description"] = meeting_description(meeting, self._archive)
        return event

    def upcoming(self, entries: Sequence[Upcoming], page_url: str) -> list[dict[str, Any]]:
        """Meetings announced in the minutes and not yet held."""
        return [
            self._event(entry.next_meeting, entry.body, f"{entry.body.name}, {_day(entry.next_meeting)}", page_url)
            for entry in entries
        ]

    def _event(self, meeting: Meeting | NextMeeting, body: Body, name: str, page_url: str) -> dict[str, Any]:
        event: dict[str, Any] = {
            "@context": SCHEMA,
            "@type": "Event",
            "name": name,
            "startDate": self._moment(meeting, meeting.start),
            "eventStatus": f"{SCHEMA}/EventScheduled",
            "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
            "organizer": {
                "@type": "Organization",
                "name": body.name,
                "url": self._address(urls.body_url(body.id), page_url),
            },
        }
        if meeting.end:
            event["endDate"] = self._moment(meeting, meeting.end)
        if meeting.location:
            event["location"] = {"@type": "Place", "name": meeting.location, "address": meeting.location}
        return event

    @staticmethod
    def _moment(meeting: Meeting | NextMeeting, clock: str) -> str:
        return local_moment(meeting.date, clock).isoformat() if clock else meeting.date.isoformat()


def template_names(archive: Archive, site: SiteInfo) -> dict[str, Callable[..., Any] | StructuredData]:
    """Names the templates use for structured data."""
    return {"mb_structured": StructuredData(archive, site)}
