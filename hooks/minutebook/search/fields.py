"""What each searchable page tells the index beyond its text: the filters a reader narrows by and the
metadata a result shows, taken from the model (written as attributes of the element the index reads)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from ..archive import ActionRecord, Archive, MeetingLink, PersonRecord
from ..model import Decision, Meeting, MinutesStatus
from ..urls import action_url, decision_url, meeting_url, person_url

# The values each filter offers, for the search box's menus: read only when a reader opens
# them, instead of Pagefind's filter lists (every page of every value: 480 KB at 10,000 meetings).
FILTER_VALUES_PATH = "search-filters.json"
FILTER_KEYS = ("body", "year", "person", "status")
KINDS = {
    "meeting": "Meeting",
    "agenda": "Agenda",  # a meeting whose agenda alone is published: its own type, to find or leave out
    "action": "Action",
    "decision": "Decision",
    "person": "Person",
}


@dataclass(frozen=True)
class SearchFields:
    """What a page tells the search index beyond its text: filters to narrow by and metadata to show.

    Pairs, not dicts: a filter key repeats once per value (a meeting has many people). No sort keys:
    Pagefind keeps each as a permutation of every page in pf_meta, which every first query downloads
    (about 3 bytes a page), and the search box offers no sorting.
    """

    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]

    @property
    def attributes(self) -> tuple[tuple[str, str], ...]:
        """The fields as HTML attributes of the page's indexed element, in the fewest bytes.

        Each value once (``data-v0``, ``data-v1``…, shared by a filter and a metadata key alike), then
        Pagefind's two lists of which key reads which attribute: ``body[data-v1], year[data-v2]``. One
        ``<meta>`` tag a field took about 90 bytes, on every page search shows.
        """
        names: dict[str, str] = {}
        for _, value in (*self.filters, *self.meta):
            names.setdefault(value, f"data-v{len(names)}")
        values = tuple((name, value) for value, name in names.items())
        captures = (
            (attribute, ", ".join(f"{key}[{names[value]}]" for key, value in pairs))
            for attribute, pairs in (("data-pagefind-filter", self.filters), ("data-pagefind-meta", self.meta))
            if pairs
        )
        return (*values, *captures)


def build_search_fields(archive: Archive) -> dict[str, SearchFields]:
    """Filters and metadata of every searchable page, by page URL."""
    named = _named_in_meetings(archive)
    fields: dict[str, SearchFields] = {}
    for meeting in archive.meetings:
        fields[meeting_url(meeting.id)] = _meeting_fields(archive, meeting, named[meeting.id])
    for record in archive.actions.values():
        fields[action_url(record.action.uid)] = _action_fields(archive, record)
    for decision in archive.decisions:
        fields[decision_url(decision.uid)] = _decision_fields(archive, decision)
    for person_record in archive.people.values():
        fields[person_url(person_record.person.id)] = _person_fields(archive, person_record)
    return fields


def _named_in_meetings(archive: Archive) -> dict[str, set[str]]:
    """Everyone who figures in each meeting: attending, sending apologies, chairing, owning an action,
    voting or named in the text."""
    named: dict[str, set[str]] = defaultdict(set)
    for meeting in archive.meetings:
        people = named[meeting.id]
        people.update(entry.person for entry in meeting.attendance)
        people.update(p for sub in meeting.substitutes for p in (sub.person, sub.replaces))
        people.update(declaration.person for declaration in meeting.declarations)
        people.update(o.id for a in meeting.actions for o in a.owners if o.kind == "person")
        if meeting.chair:
            people.add(meeting.chair)
        for decision in meeting.decisions:
            if decision.vote:
                people.update(_voters(decision))
    for person_id, record in archive.people.items():
        for mention in record.mentions:
            named[mention.meeting.id].add(person_id)
    return named


def _voters(decision: Decision) -> set[str]:
    vote = decision.vote
    return set() if vote is None else {*vote.for_names, *vote.against_names, *vote.abstain_names}


def _common(archive: Archive, kind: str, meeting: Meeting | MeetingLink) -> list[tuple[str, str]]:
    body = archive.registry.bodies[meeting.body].name
    meta = [
        ("kind", KINDS[kind]),
        ("body", body),
        ("date", f"{meeting.date.day} {meeting.date:%B %Y}"),
    ]
    if meeting.status is MinutesStatus.DRAFT:
        meta.append(("draft", "Draft"))
    return meta


def _people(archive: Archive, ids: set[str] | list[str]) -> list[tuple[str, str]]:
    # Display names, sorted: the filter list is read by people, and the order must not flicker.
    names = sorted({archive.registry.people[pid].display_name for pid in ids if pid in archive.registry.people})
    return [("person", name) for name in names]


def _meeting_fields(archive: Archive, meeting: Meeting, named: set[str]) -> SearchFields:
    body = archive.registry.bodies[meeting.body].name
    kind = "agenda" if meeting.is_agenda else "meeting"
    filters = [
        ("kind", KINDS[kind]),
        ("body", body),
        ("year", str(meeting.date.year)),
        *_people(archive, named),
    ]
    return SearchFields(tuple(filters), tuple(_common(archive, kind, meeting)))


def _action_fields(archive: Archive, record: ActionRecord) -> SearchFields:
    meeting = record.meeting
    bodies = {archive.registry.bodies[meeting.body].name}
    bodies.update(archive.registry.bodies[o.id].name for o in record.action.owners if o.kind == "body")
    owners = [o.id for o in record.action.owners if o.kind == "person"]
    filters = [
        ("kind", KINDS["action"]),
        *(("body", name) for name in sorted(bodies)),
        ("year", str(meeting.date.year)),
        *_people(archive, owners),
        ("status", record.state),
    ]
    meta = [
        *_common(archive, "action", meeting),
        ("status", record.state.replace("-", " ")),
    ]
    return SearchFields(tuple(filters), tuple(meta))


def _decision_fields(archive: Archive, decision: Decision) -> SearchFields:
    meeting = archive.meeting_by_id[decision.meeting]
    body = archive.registry.bodies[meeting.body].name
    filters = [
        ("kind", KINDS["decision"]),
        ("body", body),
        ("year", str(meeting.date.year)),
        *_people(archive, _voters(decision)),
    ]
    meta = _common(archive, "decision", meeting)
    if not decision.outcome.taken:  # the result says "lost" beside the body and date, as an action's says its status
        meta.append(("status", decision.outcome.value))
    return SearchFields(tuple(filters), tuple(meta))


def _person_fields(archive: Archive, record: PersonRecord) -> SearchFields:
    bodies = sorted({entry.body.name for entry in record.by_body})
    filters = [
        ("kind", KINDS["person"]),
        *(("body", name) for name in bodies),
        *_people(archive, [record.person.id]),
    ]
    return SearchFields(tuple(filters), (("kind", KINDS["person"]),))


def filter_values(fields: dict[str, SearchFields]) -> bytes:
    """The values each filter can take, sorted for the menus (years newest first), as JSON."""
    values: dict[str, set[str]] = {key: set() for key in FILTER_KEYS}
    for page in fields.values():
        for key, value in page.filters:
            if key in values:
                values[key].add(value)
    ordered = {key: sorted(found, reverse=key == "year") for key, found in values.items()}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode()
