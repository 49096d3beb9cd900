"""The archive as open data under /data/: JSON in the Popolo and Open Civic Data vocabularies (CSV: spreadsheets).

Each JSON file has a published JSON Schema (``schema/data/``, copied to
/data/schema/). Everything is built from the model, in which confidential
item text no longer exists: an exempt item is its title, reason and summary.
This module writes the files; their records are made in ``opendata_registry``
(people, bodies, memberships), ``opendata_meetings`` (meetings) and
``opendata_motions`` (decisions and actions).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .archive import Archive
from .cache import Memo, unkept
from .files import Content
from .markup import RenderedTexts
from .opendata_fields import dump
from .opendata_meetings import MeetingEntry, meeting_entries, meetings_year_path
from .opendata_motions import action_record, decision_records
from .opendata_registry import body_records, membership_records, people_records
from .site import SiteInfo
from .spreadsheets import actions_in_order, build_spreadsheets
from .urls import data_path, data_schema_path

SCHEMA_DIR = Path(__file__).parent / "schema" / "data"
JSON_FILES = ("people", "bodies", "memberships", "meetings", "decisions", "actions")
YEAR_SCHEMA = "meetings-year"  # /data/meetings/<year>.json: one year's meetings in full
SCHEMA_FILES = (*JSON_FILES, YEAR_SCHEMA)


def build_data(
    archive: Archive, texts: RenderedTexts, site: SiteInfo, memo: Memo | None = None
) -> Iterator[tuple[str, Content]]:
    """Every /data/ file as (site-relative path, its bytes): JSON, their schemas, and the CSVs.

    One file at a time, and a JSON file one record at a time (see ``_json``): at 10,000 meetings the
    meetings' records alone are over a hundred megabytes, so each is built only when it is written.
    ``memo`` keeps each meeting's record between builds (see ``Memo``).
    """
    records: dict[str, Callable[[], Iterable[dict[str, Any] | bytes]]] = {
        "people": lambda: people_records(archive, site),
        "bodies": lambda: body_records(archive, site),
        "memberships": lambda: membership_records(archive),
        "decisions": lambda: decision_records(archive, texts, site),
        "actions": lambda: (action_record(archive, texts, site, record) for record in actions_in_order(archive)),
    }
    for name in JSON_FILES:
        if name == "meetings":
            yield from _meeting_files(archive, site, meeting_entries(archive, texts, site, memo or unkept))
            continue
        schema = load_data_schema(name)
        key = next(k for k in schema["required"] if k != "meta")
        meta = _meta(archive, site, name, schema["title"], data_path(f"{name}.json"))
        yield data_path(f"{name}.json"), _json({"meta": meta}, key, records[name]())
    for name in SCHEMA_FILES:
        yield data_schema_path(name), _published_schema(name, site)
    yield from build_spreadsheets(archive, texts, site)


def load_data_schema(name: str) -> dict[str, Any]:
    """The schema of ``/data/<name>.json`` (as published, less the ``$id`` a site with an address gives it)."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _published_schema(name: str, site: SiteInfo) -> bytes:
    """The schema as published: with the site's address, its ``$id`` is where it is, which ``meta.schema`` names.

    Without site_url the schema has no address of its own to give, and no ``$id``.
    """
    source = (SCHEMA_DIR / f"{name}.schema.json").read_bytes()
    if not site.absolute:
        return source
    schema = json.loads(source)
    with_id = {"$schema": schema.pop("$schema"), "$id": site.link(data_schema_path(name)), **schema}
    return (json.dumps(with_id, indent=2, ensure_ascii=False) + "\n").encode()


def _meeting_files(archive: Archive, site: SiteInfo, entries: list[MeetingEntry]) -> Iterator[tuple[str, Content]]:
    """``meetings.json``, every meeting in brief, then a file a year with each in full.

    A year a file keeps every file far under a host's largest (Cloudflare Pages takes none over 25 MiB):
    in full, a meeting is about 20 KB, so one file of them all passed that limit at about 1,300 meetings.
    """
    years: dict[int, list[MeetingEntry]] = {}
    for entry in entries:
        years.setdefault(entry.year, []).append(entry)
    index = data_path("meetings.json")
    head = {
        "meta": _meta(archive, site, "meetings", load_data_schema("meetings")["title"], index),
        "years": [
            {"year": year, "events": len(held), "url": site.address(meetings_year_path(year))}
            for year, held in sorted(years.items())
        ],
    }
    yield index, _json(head, "events", [entry.brief for entry in entries])
    title = load_data_schema(YEAR_SCHEMA)["title"]
    for year, held in sorted(years.items()):
        path = meetings_year_path(year)
        meta = {**_meta(archive, site, YEAR_SCHEMA, title, path), "title": f"{title}: {year}"}
        yield path, _json({"meta": meta}, "events", [entry.full for entry in held], build=True)


def _json(head: dict[str, Any], key: str, records: Iterable[Any], build: bool = False) -> Iterator[bytes]:
    """``{"meta": ..., key: [...]}`` with one record per line: compact for big archives, yet greppable and diffable.

    Line by line, as the records come: at 10,000 meetings, the whole file held at once took a quarter
    of a gigabyte more while it was written. A record may come as its JSON already, or (``build``) as
    a function that makes it.
    """
    yield (
        b"{" + b"".join(b"%b:%b,\n" % (dump(name), dump(value)) for name, value in head.items()) + b"%b:[\n" % dump(key)
    )
    for index, record in enumerate(records):
        made = record() if build else record
        line = made if isinstance(made, bytes) else dump(made)
        yield line if index == 0 else b",\n" + line
    yield b"\n]}\n"


def _meta(archive: Archive, site: SiteInfo, name: str, title: str, path: str) -> dict[str, Any]:
    return {
        "title": title,
        "schema": site.link(data_schema_path(name), path),
        "licence": {"name": site.licence_name, "url": site.licence_url},
        "publisher": site.publisher,
        "built": archive.today.isoformat(),
        "site": site.url,
    }
