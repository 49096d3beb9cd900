"""The /data/ page: what each feed, calendar and data file holds, its fields, vocabulary and licence.

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
from .opendata import ACTION_COLUMNS, ATTENDANCE_COLUMNS, JSON_FILES, load_data_schema
from .site import OGL, SiteInfo
from .urls import (
    calendar_path,
    data_path,
    data_schema_path,
    data_url,
    decisions_feed_path,
    minutes_feed_path,
    relative_url,
    source_path,
)

DATA_PAGE = source_path(data_url())

VOCABULARY = {
    "people": "[Popolo Person](https://www.popoloproject.com/specs/person.html)",
    "bodies": "[Popolo Organization](https://www.popoloproject.com/specs/organization.html)",
    "memberships": "[Popolo Membership](https://www.popoloproject.com/specs/membership.html)",
    "meetings": (
        "[Open Civic Data Event](https://open-civic-data.readthedocs.io/en/latest/data/event.html), "
        "with Minutebook's attendance extension"
    ),
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
        "Open Civic Data's Event location: an object with the place's `name`, where Popolo's is the name "
        "alone. Read `location.name`.",
    ),
)


def render_data_page(archive: Archive, site: SiteInfo) -> str:
    """The page's Markdown (with front-matter), links relative to /data/ so MkDocs checks them."""
    lines = [
        "---",
        "title: Open data, feeds and calendars",
        "description: Download the archive as data, follow new minutes in a feed reader, or subscribe to meetings "
        "in a calendar.",
        "---",
        "",
        "# Open data, feeds and calendars",
        "",
        (
            f"Everything in this archive is published as data, rebuilt with the site each time the minutes change. "
            f"The data is published under the [{_escape(site.licence_name)}]({site.licence_url})"
            + (
                ": you may copy, publish, adapt and use it, including commercially, as long as you acknowledge the "
                "source."
                if site.licence_url == OGL["url"]
                else "."
            )
        ),
        "",
        (
            "Confidential (exempt) items appear in none of these files beyond their title, the reason they were exempt "
            "and their public summary."
        ),
        "",
        "## Feeds",
        "",
        "| Feed | Atom | RSS |",
        "|---|---|---|",
        f"| New and newly approved minutes, all bodies | [minutes.atom]({_here(minutes_feed_path())}) | "
        f"[minutes.rss]({_here(minutes_feed_path(kind='rss'))}) |",
        f"| Decisions | [decisions.atom]({_here(decisions_feed_path())}) | "
        f"[decisions.rss]({_here(decisions_feed_path('rss'))}) |",
    ]
    for body_id in archive.by_body:
        name = _escape(archive.registry.bodies[body_id].name)
        lines.append(
            f"| Minutes of {name} | [{body_id}.atom]({_here(minutes_feed_path(body_id))}) | "
            f"[{body_id}.rss]({_here(minutes_feed_path(body_id, 'rss'))}) |"
        )
    lines += [
        "",
        (
            f"Each feed holds its latest {FEED_LIMIT} entries. A meeting's entry is *published* on the day of the "
            "meeting and "
            "*updated* on the day its minutes were approved, so readers show draft minutes when they appear and "
            "again when "
            "they are agreed. Entries that would share a time (the decisions of one meeting, minutes approved on the "
            "same day) are a second apart, in the order the minutes give them."
            + (" Entry ids are the permanent addresses of the meeting and decision pages." if site.absolute else "")
        ),
        "",
        "## Calendars",
        "",
        f"- [All meetings]({_here(calendar_path())}) (iCalendar)",
    ]
    lines += [f"- [{_escape(archive.registry.bodies[b].name)}]({_here(calendar_path(b))})" for b in archive.by_body]
    lines += [
        "",
        (
            "Subscribe with the link's address in Outlook, Google Calendar or Apple Calendar. Times are UK time "
            "(Europe/London, GMT or BST as the date requires). A meeting a body has announced appears before it is "
            "held, "
            "and is updated in place once its minutes are published."
        ),
        "",
        "## Data files",
        "",
        "| File | What it holds | Vocabulary | Schema |",
        "|---|---|---|---|",
    ]
    for name in JSON_FILES:
        schema = load_data_schema(name)
        lines.append(
            f"| [{name}.json]({_here(data_path(name + '.json'))}) | {_escape(schema['description'])} | "
            f"{VOCABULARY[name]} | "
            f"[{name}.schema.json]({_here(data_schema_path(name))}) |"
        )
    lines += [
        f"| [actions.csv]({_here(data_path('actions.csv'))}) | Every action, one row each, with its latest update | "
        "spreadsheet | columns below |",
        f"| [attendance.csv]({_here(data_path('attendance.csv'))}) | One row per person per meeting | spreadsheet | "
        "columns below |",
        "",
        (
            "Every JSON file is an object with `meta` (title, schema, licence, publisher, build date) and one list "
            "of records. "
            "Ids are the archive's permanent ids: a meeting is `<body>/<date>`, its decisions `<meeting>/d<n>` and "
            "actions "
            "`<meeting>/a<n>`; people and bodies use their ids from `people.yml` and `bodies.yml`. "
            "Dates are ISO 8601; times carry their UK offset (`+01:00` in summer)."
        ),
        "",
        (
            "The CSV files are UTF-8 with a byte-order mark, so Excel shows accented letters and curly quotes "
            "correctly; "
            'read them with `encoding="utf-8-sig"` in Python. A cell that would start with `=`, `+`, `-` or `@` is '
            "prefixed with `'` so a spreadsheet never runs minutes text as a formula."
        ),
        "",
        "## Vocabulary",
        "",
        (
            "Where [Popolo](https://www.popoloproject.com/) or [Open Civic "
            "Data](https://open-civic-data.readthedocs.io/) "
            "has a term, the files use it: people are `Person`, bodies `Organization`, seats on a body "
            "`Membership`, meetings "
            "`Event` (with `participants`: the body as host, the chair and everyone present or in attendance), "
            "decisions "
            "`Motion`, and recorded votes `VoteEvent` with `counts` and named `votes` (options `yes`, `no`, `abstain`)."
        ),
        "",
        (
            "Neither standard covers the rest of what minutes record, so these are Minutebook's own, marked "
            "“Minutebook extension” in the schemas: a meeting's full `attendance` (including apologies and absence), "
            "`substitutes`, `declarations` of interest, the `minutes` standing (draft or approved), confidential "
            "items' "
            "`reason` and `summary`, and the whole of `actions.json`: each action's owners, due date, status "
            "(`open`, `in-progress`, `done`, `dropped`), whether it is overdue, and its `history` of updates."
        ),
        "",
        "### How the files meet the standards",
        "",
        (
            "The files are checked against the standards' own schemas: `people.json`, `bodies.json` and "
            "`memberships.json` against Popolo's and Open Civic Data's, `meetings.json` against Open Civic Data's "
            "Event and Popolo's, and `decisions.json` against Popolo's Motion and VoteEvent (Open Civic Data has no "
            "Motion). When the minutes do not give a membership's `role`, `start_date` or `end_date`, or a meeting's "
            "`end_date`, the field is left out: Open Civic Data does not accept null for them. "
            "Bodies are classified in Open Civic Data's words (a board is a `commission`, a team a `department`, "
            "another organisation a `corporation`), and `kind` keeps the archive's own. A decision's `date` is a "
            "date-time, as Popolo asks: when its meeting began, or midnight UK time when the minutes give no start."
        ),
        "",
        "The files depart from a standard only here:",
        "",
        "| File | Standard | Field | Why |",
        "|---|---|---|---|",
        *(
            f"| [{d.file}.json]({_here(data_path(d.file + '.json'))}) | {d.standard} | `{d.field}` | {d.reason} |"
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
        lines += _field_table(name)
    lines += ["### actions.csv", "", "| Column | Meaning |", "|---|---|"]
    lines += [f"| `{column}` | {ACTION_COLUMN_NOTES[column]} |" for column in ACTION_COLUMNS]
    lines += ["", "### attendance.csv", "", "| Column | Meaning |", "|---|---|"]
    lines += [f"| `{column}` | {ATTENDANCE_COLUMN_NOTES[column]} |" for column in ATTENDANCE_COLUMNS]
    lines.append("")
    return "\n".join(lines)


def _here(path: str) -> str:
    """``path`` as a link from the /data/ page."""
    return relative_url(path, data_url())


def _field_table(name: str) -> list[str]:
    schema = load_data_schema(name)
    record = schema["$defs"]["record"]
    lines = [
        f"### {name}.json",
        "",
        f"{_escape(record.get('description', ''))} Fields of each record:",
        "",
        "| Field | Type | Meaning |",
        "|---|---|---|",
    ]
    for field, spec in record["properties"].items():
        lines.append(f"| `{field}` | {_type_of(spec, schema)} | {_escape(_describe(spec, schema))} |")
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
