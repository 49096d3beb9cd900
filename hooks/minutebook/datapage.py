"""The /data/ page: what a reader can do with the feeds, calendars and data files, then their fields and vocabulary.

Field tables are read from the published schemas, so the page and the
files cannot disagree.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from .archive import Archive
from .feeds import FEED_LIMIT
from .opendata import JSON_FILES, YEAR_SCHEMA, load_data_schema
from .opendata_meetings import meetings_year_path
from .site import OGL, SiteInfo
from .spreadsheets import ACTION_COLUMNS, ATTENDANCE_COLUMNS
from .urls import (
    calendar_path,
    data_path,
    data_schema_path,
    data_url,
    decisions_feed_path,
    feeds_url,
    minutes_feed_path,
    relative_url,
    source_path,
)

DATA_PAGE = source_path(data_url())

VOCABULARY = {
    "people": "[Popolo Person](https://www.popoloproject.com/specs/person.html)",
    "bodies": "[Popolo Organization](https://www.popoloproject.com/specs/organization.html)",
    "memberships": "[Popolo Membership](https://www.popoloproject.com/specs/membership.html)",
    "meetings": "an index of the year files' [Open Civic Data Events]"
    "(https://open-civic-data.readthedocs.io/en/latest/data/event.html), in brief",
    YEAR_SCHEMA: "[Open Civic Data Event](https://open-civic-data.readthedocs.io/en/latest/data/event.html), "
    "with Minutebook's attendance extension",
    "decisions": "[Popolo Motion](https://www.popoloproject.com/specs/motion.html) and [VoteEvent](https://www.popoloproject.com/specs/vote-event.html)",
    "actions": "Minutebook extension (neither standard has actions)",
}

ACTION_COLUMN_NOTES = {
    "id": "permanent action id",
    "raised_on": "date of the meeting that raised it",
    "body": "body id",
    "body_name": "body name",
    "meeting": "meeting id",
    "item": "agenda item number",
    "text": "what is to be done",
    "owners": "owners' names, separated by “; ”",
    "due": "due date, if any",
    "status": "open, in-progress, done or dropped",
    "overdue": "yes when open past its due date on the build date",
    "carried_over": "later meetings at which it was still outstanding",
    "closed_on": "date it was done or dropped",
    "last_update_on": "date of the latest update",
    "last_update_note": "what the latest update said",
    "url": "the action's page",
}
ATTENDANCE_COLUMN_NOTES = {
    "meeting": "meeting id",
    "date": "meeting date",
    "body": "body id",
    "body_name": "body name",
    "person": "person id",
    "name": "name as displayed",
    "attendance": "Present, In attendance, Apologies or Absent",
    "role": "role held at that meeting, as minuted",
    "url": "the meeting's page",
}


@dataclass(frozen=True)
class Departure:
    """Where a data file deliberately differs from a standard it follows, and why."""

    file: str  # the JSON file, without ".json"
    standard: str
    field: str
    reason: str


DEPARTURES = (
    Departure(
        "meetings",
        "Popolo Event",
        "location",
        "in the year files, Open Civic Data's Event location: an object with the place's `name`, where "
        "Popolo's is the name alone. Read `location.name`.",
    ),
)


# What each file is for, in a reader's words (the schemas' own descriptions name the standards, further down).
PLAIN = {
    "people": "everyone named in the minutes",
    "bodies": "the boards, committees and teams",
    "memberships": "who sits on which body, and from when",
    "meetings": "every meeting and the next meetings announced, in brief, with the file of its year",
    "decisions": "every decision, with recorded votes",
    "actions": "every action, with its owners, due date and what later meetings said about it",
}


def render_data_page(archive: Archive, site: SiteInfo) -> str:
    """The page's Markdown (with front-matter), links relative to /data/ so MkDocs checks them.

    It opens with what a resident or a developer can do with these files, in plain words; the field
    reference a developer needs comes last. Lists, not tables: they fit a phone.
    """
    bodies = [(body_id, _escape(archive.registry.bodies[body_id].name)) for body_id in archive.by_body]
    licence = f"[{_escape(site.licence_name)}]({site.licence_url})"
    lines = [
        "---",
        "title: Open data, feeds and calendars",
        "description: Get new minutes in a feed reader, add meetings to your calendar, or download every meeting, "
        "decision and action as a spreadsheet or as data.",
        "---",
        "",
        "# Open data, feeds and calendars",
        "",
        "Everything in these minutes is also published in forms you can reuse. They are rebuilt each time the "
        "minutes change.",
        "",
        "You can:",
        "",
        "- [get updates in a feed reader](#feeds) when new agendas, minutes or decisions are published",
        "- [add meetings to your calendar](#calendars), for every body or just one",
        "- [download the minutes as data](#downloads): a spreadsheet of every action and of attendance, "
        "and every meeting, decision and person for your own software",
        "",
        (
            f"You may copy, publish, adapt and use the data, including commercially, under the {licence}, "
            "as long as you say where it came from."
            if site.licence_url == OGL["url"]
            else f"The data is published under the {licence}."
        ),
        "",
        "Confidential (exempt) items appear in none of these files beyond their title, the reason they were exempt "
        "and their public summary.",
        "",
        "## Get updates in a feed reader {#feeds}",
        "",
        "A feed reader (an app, or a feature of your email program) shows new entries as they are published. "
        "Copy the address of one of these links into it.",
        "",
        f"- New agendas and minutes of every body: [Atom feed]({_here(minutes_feed_path())}) or "
        f"[RSS feed]({_here(minutes_feed_path(kind='rss'))})",
        f"- New decisions: [Atom feed]({_here(decisions_feed_path())}) or "
        f"[RSS feed]({_here(decisions_feed_path('rss'))})",
    ]
    lines += [
        f"- Agendas and minutes of {name}: [Atom feed]({_here(minutes_feed_path(body_id))}) or "
        f"[RSS feed]({_here(minutes_feed_path(body_id, 'rss'))})"
        for body_id, name in bodies
    ]
    lines += [
        "",
        (
            f"Each feed holds its latest {FEED_LIMIT} entries. An agenda appears before its meeting, minutes on "
            "the day of the meeting, and again on the day they are approved as a true record."
        ),
        "",
        (
            "Every person, post and action has a feed of its own too, under “Get updates” on its page. "
            f"See [every feed in this archive]({_here(source_path(feeds_url()))})."
        ),
        "",
        "## Add meetings to your calendar {#calendars}",
        "",
        f"- [Every meeting]({_here(calendar_path())})",
    ]
    lines += [f"- Meetings of [{name}]({_here(calendar_path(body_id))})" for body_id, name in bodies]
    lines += [
        "",
        (
            "In Outlook, Google Calendar or Apple Calendar, subscribe to the link's address and new meetings are "
            "added as they are announced. Times are UK time. A meeting appears once it is announced, and is "
            "updated once its minutes are published."
        ),
        "",
        "## Download the minutes as data {#downloads}",
        "",
        "For a spreadsheet (CSV files, which Excel, Numbers and LibreOffice open):",
        "",
        f"- [actions.csv]({_here(data_path('actions.csv'))}): every action, one row each, with its latest update",
        f"- [attendance.csv]({_here(data_path('attendance.csv'))}): one row for each person at each meeting",
        "",
        "For your own software (JSON files, each with a schema that describes it):",
        "",
    ]
    lines += [f"- [{name}.json]({_here(data_path(name + '.json'))}): {PLAIN[name]}" for name in JSON_FILES]
    years = sorted(
        {meeting.date.year for meeting in archive.meetings} | {u.next_meeting.date.year for u in archive.upcoming}
    )
    if years:
        lines.append(
            "- every meeting in full, with who attended, each item's minutes and the decisions and actions taken, "
            "a file a year: " + ", ".join(f"[{year}]({_here(meetings_year_path(year))})" for year in years)
        )
    lines += [
        "",
        "## For developers: what the files hold {#reference}",
        "",
        (
            "Every JSON file is an object with `meta` (title, schema, licence, publisher, build date) and one list "
            "of records. The meetings come in a file a year, `meetings/<year>.json`, so that no file grows with the "
            "whole archive; `meetings.json` lists every meeting in brief with its year's file, and `years` the files. "
            "Ids are the archive's permanent ids: a meeting is `<body>/<date>`, its decisions "
            "`<meeting>/d<n>` and actions `<meeting>/a<n>`; people and bodies use their ids from `people.yml` and "
            "`bodies.yml`. "
            "Dates are ISO 8601; times carry their UK offset (`+01:00` in summer)."
        ),
        "",
        (
            "The CSV files are UTF-8 with a byte-order mark, so Excel shows accented letters and curly quotes "
            'correctly; read them with `encoding="utf-8-sig"` in Python. A cell that would start with `=`, `+`, `-` '
            "or `@` is prefixed with `'` so a spreadsheet never runs minutes text as a formula."
        ),
        "",
        (
            "In the feeds, a meeting's entry is *published* on the day of the meeting and *updated* on the day its "
            "minutes were approved. Entries that would share a time (the decisions of one meeting, minutes approved "
            "on the same day) are a second apart, in the order the minutes give them."
            + (" Entry ids are the permanent addresses of the meeting and decision pages." if site.absolute else "")
            + " The calendars are iCalendar (Europe/London, GMT or BST as the date requires)."
        ),
        "",
        "### Standards",
        "",
        (
            "Where [Popolo](https://www.popoloproject.com/) or "
            "[Open Civic Data](https://open-civic-data.readthedocs.io/) has a term, the files use it: people are "
            "`Person`, bodies `Organization`, seats on a body `Membership`, meetings `Event` (with `participants`: the "
            "body as host, the chair and everyone present or in attendance), decisions `Motion`, and recorded votes "
            "`VoteEvent` with `counts` and named `votes` (options `yes`, `no`, `abstain`)."
        ),
        "",
        (
            "Neither standard covers the rest of what minutes record, so these are Minutebook's own, marked "
            "“Minutebook extension” in the schemas: a meeting's full `attendance` (including apologies and absence), "
            "`substitutes`, `declarations` of interest, the `minutes` standing (draft or approved), confidential "
            "items' `reason` and `summary`, and the whole of `actions.json`: each action's owners, due date, status "
            "(`open`, `in-progress`, `done`, `dropped`), whether it is overdue, and its `history` of updates."
        ),
        "",
    ]
    for name in JSON_FILES:
        schema = load_data_schema(name)
        lines.append(
            f"- [{name}.json]({_here(data_path(name + '.json'))}): {_escape(schema['description'])} "
            f"Vocabulary: {VOCABULARY[name]}. Schema: [{name}.schema.json]({_here(data_schema_path(name))})."
        )
    year_schema = load_data_schema(YEAR_SCHEMA)
    lines.append(
        f"- `meetings/<year>.json`: {_escape(year_schema['description'])} Vocabulary: {VOCABULARY[YEAR_SCHEMA]}. "
        f"Schema: [{YEAR_SCHEMA}.schema.json]({_here(data_schema_path(YEAR_SCHEMA))})."
    )
    lines += [
        "",
        "### How the files meet the standards",
        "",
        (
            "The files are checked against the standards' own schemas: `people.json`, `bodies.json` and "
            "`memberships.json` against Popolo's and Open Civic Data's, the meetings' year files against Open "
            "Civic Data's Event and Popolo's, and `decisions.json` against Popolo's Motion and VoteEvent (Open "
            "Civic Data has no Motion). When the minutes do not give a membership's `role`, `start_date` or "
            "`end_date`, or a meeting's `end_date`, the field is left out: Open Civic Data does not accept null "
            "for them. Bodies are classified in Open Civic Data's words (a board is a `commission`, a team a "
            "`department`, another organisation a `corporation`), and `kind` keeps the archive's own. A "
            "decision's `date` is a date-time, as Popolo asks: when its meeting began, or midnight UK time when "
            "the minutes give no start."
        ),
        "",
        "The files depart from a standard only here:",
        "",
        *(
            f"- [{d.file}.json]({_here(data_path(d.file + '.json'))}), {d.standard}, `{d.field}`: {d.reason}"
            for d in DEPARTURES
        ),
        "",
    ]
    if not site.absolute:
        lines += [
            (
                "This archive's address (`site_url`) is not set, so the links in the files are paths from the site's "
                "root, where both standards ask for full addresses."
            ),
            "",
        ]
    for name in JSON_FILES:
        lines += _field_table(name, f"{name}.json")
        if name == "meetings":
            lines += _field_table(YEAR_SCHEMA, "meetings/&lt;year&gt;.json")
    lines += ["### actions.csv", "", "Columns, in order:", ""]
    lines += [f"- `{column}`: {ACTION_COLUMN_NOTES[column]}" for column in ACTION_COLUMNS]
    lines += ["", "### attendance.csv", "", "Columns, in order:", ""]
    lines += [f"- `{column}`: {ATTENDANCE_COLUMN_NOTES[column]}" for column in ATTENDANCE_COLUMNS]
    lines.append("")
    return "\n".join(lines)


def _here(path: str) -> str:
    """``path`` as a link from the /data/ page."""
    return relative_url(path, data_url())


def _field_table(name: str, heading: str) -> list[str]:
    """The fields of one JSON file's records, as a list: on a phone a table of them would not fit."""
    schema = load_data_schema(name)
    record = schema["$defs"]["record"]
    lines = [f"### {heading}", "", f"{_escape(record.get('description', ''))} Fields of each record:", ""]
    for field, spec in record["properties"].items():
        lines.append(f"- `{field}` ({_type_of(spec, schema)}): {_escape(_describe(spec, schema))}")
    return [*lines, ""]


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        resolved: dict[str, Any] = schema["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        return resolved
    return spec


def _type_of(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    spec = _resolve(spec, schema)
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return " or ".join("null" if value is None else f"`{value}`" for value in spec["enum"])
    if "oneOf" in spec:
        return " or ".join(_type_of(option, schema) for option in spec["oneOf"])
    kind = spec.get("type", "object")
    if kind == "array":
        items = _resolve(spec.get("items", {}), schema)
        return f"list of {'objects' if items.get('type', 'object') == 'object' else items['type'] + 's'}"
    if spec.get("format") == "date-time":
        return "date-time"
    if kind == "string" and "pattern" in spec and spec["pattern"].startswith("^\\d{4}"):
        return "date" if spec["pattern"].endswith("{2}$") else "date or date-time"
    if isinstance(kind, list):
        return " or ".join(kind)
    return str(kind)


def _describe(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    resolved = _resolve(spec, schema)
    text: str = spec.get("description") or resolved.get("description", "")
    inner = _resolve(resolved.get("items", {}), schema) if resolved.get("type") == "array" else None
    if inner is None:
        # An object, or "null or object": name its fields too.
        inner = next(
            (_resolve(o, schema) for o in resolved.get("oneOf", [resolved]) if "properties" in _resolve(o, schema)),
            None,
        )
    if inner and "properties" in inner:
        text = text or inner.get("description", "")
        fields = ", ".join(f"`{key}`" for key in inner["properties"])
        text = (text + " " if text else "") + f"{'Each' if resolved.get('type') == 'array' else 'Fields'}: {fields}."
    return text


def _escape(text: str) -> str:
    """Safe as Markdown text and inside a table cell: names come from the source, not from us."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
