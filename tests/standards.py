"""The standards our open data and feeds claim, checked with their maintainers' own artefacts.

- Open Civic Data: the JSON Schemas that pupa, OCD's reference scraper framework, validates with, and the
  vocabularies of the opencivicdata package. Both are on PyPI; `make` installs them without their
  dependencies (Django, a database driver) into ``.venv/standards/python`` (pins: tests/standards.txt).
- Popolo: its JSON Schemas are published only in the popolo-spec repository, in no package: a copy is in
  tests/vendor/popolo-spec (licence and commit in tests/vendor/README.md). ``POPOLO`` also restates the
  rule of every Popolo property our files use, citing the schema it comes from.
- The W3C feed validator is only on GitHub (w3c/feedvalidator): its package is copied into
  tests/vendor/feedvalidator and run over every feed (tests/feedvalidator_cli.py). ``atom_problems`` and
  ``rss_problems`` check the rules it applies to feeds like ours, with messages that say what to fix.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

STANDARDS = Path(os.environ.get("MINUTEBOOK_STANDARDS", ROOT / ".venv" / "standards"))
PACKAGES = STANDARDS / "python"  # pupa and opencivicdata (and html5lib, which the feed validator needs)
VENDOR = ROOT / "tests" / "vendor"  # other projects' files, copied with their licences
POPOLO_SCHEMAS = VENDOR / "popolo-spec" / "schemas"
FEEDVALIDATOR = VENDOR / "feedvalidator"

# Which class of each standard a record of each /data/ file is; actions.json is ours alone.
CLASSES = {
    "people": {"popolo": "person", "ocd": "person"},
    "bodies": {"popolo": "organization", "ocd": "organization"},
    "memberships": {"popolo": "membership", "ocd": "membership"},
    "meetings": {"popolo": "event", "ocd": "event"},
    # OCD has no Motion: its VoteEvent carries the motion's text. Our decisions follow Popolo alone.
    "decisions": {"popolo": "motion"},
}


def require(path: Path, how: str) -> None:
    """Skip a test whose official artefact is missing; fail when it is one the checkout holds, or under CI."""
    if path.exists():
        return
    if path.is_relative_to(VENDOR) or (os.environ.get("CI") and path.is_relative_to(PACKAGES)):
        pytest.fail(f"{path} is missing: {how}")
    pytest.skip(f"{path} is not there: {how}")


# --- Open Civic Data: pupa's schemas ------------------------------------------------------------------


@cache
def ocd_schemas() -> dict[str, dict[str, Any]]:
    """pupa's JSON Schema of each OCD class, by class name (``event``, ``organization``...)."""
    require(PACKAGES / "pupa", "`make test` installs pupa and opencivicdata (tests/standards.txt)")
    folder = PACKAGES / "pupa" / "scrape" / "schemas"
    # pupa/scrape/__init__.py imports the whole scraper (scrapelib, Django): the schemas, plain
    # dictionaries, are loaded as a package of their own. They import opencivicdata.common, constants.
    sys.path.insert(0, str(PACKAGES))
    try:
        importlib.import_module("opencivicdata.common")
    finally:
        sys.path.remove(str(PACKAGES))
    spec = importlib.util.spec_from_file_location(
        "ocd_schemas", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["ocd_schemas"] = package
    spec.loader.exec_module(package)
    return {
        name: importlib.import_module(f"ocd_schemas.{name}").schema
        for name in ("person", "organization", "membership", "event", "vote_event")
    }


def _pupa_uri(value: object) -> bool:
    # pupa/scrape/base.py overrides the "uri" format so: an http, https or ftp address without spaces.
    return not isinstance(value, str) or (value.startswith(("http://", "https://", "ftp://")) and " " not in value)


def ocd_violations(name: str, document: dict[str, Any]) -> list[Violation]:
    """Every record of /data/<name>.json against OCD's schema, validated as pupa's ``BaseModel.validate`` does."""
    schema = ocd_schemas()[CLASSES[name]["ocd"]]
    # pupa's validator: JSON Schema draft 3, "date" and "datetime" types for Python values, its uri rule.
    types = jsonschema.Draft3Validator.TYPE_CHECKER.redefine(
        "datetime", lambda checker, value: isinstance(value, dt.date)
    ).redefine("date", lambda checker, value: isinstance(value, dt.date) and not isinstance(value, dt.datetime))
    formats = jsonschema.FormatChecker()
    formats.checks("uri")(_pupa_uri)
    formats.checks("uri-blank")(lambda value: value == "" or _pupa_uri(value))
    validator = jsonschema.validators.extend(jsonschema.Draft3Validator, type_checker=types)(
        schema, format_checker=formats
    )
    return _violations(validator, _records(document))


# --- Popolo ---------------------------------------------------------------------------------------------

_POPOLO = "http://www.popoloproject.com/schemas/"
_TEXT = {"type": ["string", "null"]}
_DATE = {"type": ["string", "null"], "pattern": "^[0-9]{4}(-[0-9]{2}){0,2}$"}
_DATE_OR_TIME = {
    "type": ["string", "null"],
    "pattern": "^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))$",
}
_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _list_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"{_POPOLO}{name}.json#"}}


# The rule of each Popolo property our files use, class by class, as each schema at _POPOLO states it
# (draft 3: a property is optional unless marked "required"; other properties are allowed).
POPOLO: dict[str, dict[str, Any]] = {
    "person": {
        "id": _TEXT,
        "name": _TEXT,
        "honorific_prefix": _TEXT,
        "other_names": _list_of("other_name"),
        "links": _list_of("link"),
    },
    "other_name": {"name": {"type": "string"}, "note": _TEXT, "start_date": _DATE, "end_date": _DATE},
    "link": {"url": {"type": "string", "format": "uri", "required": True}, "note": _TEXT},
    "organization": {"id": _TEXT, "name": _TEXT, "classification": _TEXT, "links": _list_of("link")},
    "membership": {
        "id": _TEXT,
        "person_id": _TEXT,
        "organization_id": _TEXT,
        "role": _TEXT,
        "start_date": _DATE_OR_TIME,
        "end_date": _DATE_OR_TIME,
    },
    "event": {
        "id": _TEXT,
        "name": _TEXT,
        "start_date": _DATE_OR_TIME,
        "end_date": _DATE_OR_TIME,
        "location": _TEXT,
        "status": _TEXT,
        "classification": _TEXT,
        "organization_id": _TEXT,
        "sources": _list_of("link"),
    },
    "motion": {
        "id": _TEXT,
        "organization_id": _TEXT,
        "text": _TEXT,
        "date": _DATE_TIME,
        "result": _TEXT,
        "vote_events": _list_of("vote_event"),
        "sources": _list_of("link"),
    },
    "vote_event": {
        "id": _TEXT,
        "organization_id": _TEXT,
        "motion_id": _TEXT,
        "start_date": _DATE_TIME,
        "result": _TEXT,
        "counts": _list_of("count"),
        "votes": _list_of("vote"),
    },
    "count": {"option": {"type": "string", "required": True}, "value": {"type": "integer", "required": True}},
    "vote": {"voter_id": _TEXT, "option": _TEXT},
}


def _restated(name: str) -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-03/schema#",
        "id": f"{_POPOLO}{name}.json#",
        "type": "object",
        "properties": POPOLO[name],
    }


@cache
def popolo_registry(official: bool) -> Registry:
    """The Popolo schemas by their ids: the official files, or our restatement of their rules."""
    if official:
        require(POPOLO_SCHEMAS, "the Popolo schemas are copied into tests/vendor (tests/vendor/README.md)")
        schemas = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(POPOLO_SCHEMAS.glob("*.json"))]
    else:
        schemas = [_restated(name) for name in POPOLO]
    resources = [(schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)) for schema in schemas]
    return Registry().with_resources(resources)


def popolo_violations(name: str, document: dict[str, Any], official: bool = False) -> list[Violation]:
    """Every record of /data/<name>.json against its Popolo schema (date-time and uri formats checked)."""
    registry = popolo_registry(official)
    schema = registry.contents(f"{_POPOLO}{CLASSES[name]['popolo']}.json#")
    validator = jsonschema.Draft3Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())
    return _violations(validator, _records(document))


def _records(document: dict[str, Any]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = next(value for key, value in document.items() if key != "meta")
    return records


@dataclass(frozen=True)
class Violation:
    """One record of a data file breaking one rule of a standard's schema."""

    record: str  # the record's id
    field: str  # where, with list positions as []: "agenda[].notes"
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


def _violations(validator: Any, records: list[dict[str, Any]]) -> list[Violation]:
    return [
        Violation(str(record.get("id")), _field(list(error.absolute_path)), error.message)
        for record in records
        for error in validator.iter_errors(record)
    ]


def _field(path: list[str | int]) -> str:
    field = ""
    for part in path:
        field += "[]" if isinstance(part, int) else ("." if field else "") + part
    return field


def formats_are_checked() -> None:
    """The formats the standards use are checked, not skipped (jsonschema needs a library for each)."""
    checker = jsonschema.FormatChecker()
    assert not checker.conforms("2019-01-15", "date-time") and checker.conforms(
        "2019-01-15T14:00:00+00:00", "date-time"
    )
    assert not checker.conforms("/people/ada/", "uri") and checker.conforms("https://example.org/people/ada/", "uri")


# --- The W3C feed validator's rules -------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as the validator's rfc3339 check (src/feedvalidator/validators.py) reads it.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# An RFC 2141 URN (validators.py rfc2396.urn_re): no "/" in the namespace-specific string.
_URN = re.compile(r"^urn:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:([a-zA-Z0-9()+,.:=@;$_!*'-]|%[0-9A-Fa-f]{2})+$", re.I)


def atom_problems(data: bytes) -> list[str]:
    """What the W3C feed validator reports for an Atom feed like ours, named as it names them.

    Its rules (src/feedvalidator/feed.py and entry.py): feed and entries have exactly one id, title and
    updated (MissingElement, DuplicateElement); an author on the feed or every entry; dates are RFC 3339
    (InvalidRFC3339Date); ids are absolute URIs (InvalidURN, InvalidFullLink); no two entries share an id
    (DuplicateEntries) or an updated (DuplicateUpdated); an entry has a summary or content
    (MissingTextualContent) and an alternate link (MissingContentOrAlternate); the feed links to itself
    with an absolute address (MissingSelf, RelativeSelf).
    """
    feed = ET.fromstring(data)
    problems: list[str] = []
    entries = feed.findall(f"{ATOM}entry")
    for where, element in [("feed", feed), *((f"entry {n}", entry) for n, entry in enumerate(entries, 1))]:
        for name in ("id", "title", "updated"):
            found = element.findall(f"{ATOM}{name}")
            if not found:
                problems.append(f"MissingElement: {where} has no {name}")
            elif len(found) > 1:
                problems.append(f"DuplicateElement: {where} has {len(found)} {name}")
        for name in ("updated", "published"):
            for stamp in element.findall(f"{ATOM}{name}"):
                if not _RFC3339.match(stamp.text or ""):
                    problems.append(f"InvalidRFC3339Date: {where} {name} {stamp.text!r}")
        for identifier in element.findall(f"{ATOM}id"):
            problems += _uri_problems(where, identifier.text or "")
    if feed.find(f"{ATOM}author") is None and any(entry.find(f"{ATOM}author") is None for entry in entries):
        problems.append("MissingElement: an entry has no author, and nor has the feed")
    selves = [link.get("href", "") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not selves:
        problems.append("MissingSelf: the feed has no link rel=self")
    problems += [f"RelativeSelf: {href!r}" for href in selves if not href.startswith(("http://", "https://"))]
    for entry_number, entry in enumerate(entries, 1):
        if entry.find(f"{ATOM}content") is None:
            if entry.find(f"{ATOM}summary") is None:
                problems.append(f"MissingTextualContent: entry {entry_number}")
            if not [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]:
                problems.append(f"MissingContentOrAlternate: entry {entry_number}")
    for name, problem in (("id", "DuplicateEntries"), ("updated", "DuplicateUpdated")):
        counts = Counter(entry.findtext(f"{ATOM}{name}") for entry in entries)
        problems += [f"{problem}: {count} entries have {name} {value}" for value, count in counts.items() if count > 1]
    return problems


def _uri_problems(where: str, value: str) -> list[str]:
    if value.lower().startswith("urn:"):
        return [] if _URN.match(value) else [f"InvalidURN: {where} id {value!r}"]
    return [] if value.startswith(("http://", "https://", "tag:")) else [f"InvalidFullLink: {where} id {value!r}"]


def rss_problems(data: bytes) -> list[str]:
    """What the W3C feed validator reports for an RSS 2.0 feed like ours (src/feedvalidator/channel.py, item.py).

    The channel has one title, link and description (MissingElement); its link and each item's link are
    full URLs (InvalidFullLink); it links to itself with atom:link rel=self (MissingAtomSelfLink); an item
    has a title or description (ItemMustContainTitleOrDescription); dates are RFC 822 (InvalidRFC2822Date);
    no two items share a guid (DuplicateItem).
    """
    channel = ET.fromstring(data).find("channel")
    assert channel is not None
    problems = [
        f"MissingElement: channel has no {name}"
        for name in ("title", "link", "description")
        if channel.find(name) is None
    ]
    items = channel.findall("item")
    links = [channel.findtext("link") or ""] + [
        item.findtext("link") or "" for item in items if item.find("link") is not None
    ]
    problems += [f"InvalidFullLink: {link!r}" for link in links if not link.startswith(("http://", "https://"))]
    if not [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]:
        problems.append("MissingAtomSelfLink: the channel has no atom:link rel=self")
    for number, item in enumerate(items, 1):
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"ItemMustContainTitleOrDescription: item {number}")
        for stamp in item.findall("pubDate"):
            if email.utils.parsedate_tz(stamp.text or "") is None:
                problems.append(f"InvalidRFC2822Date: item {number} {stamp.text!r}")
    guids = Counter(item.findtext("guid") for item in items if item.find("guid") is not None)
    problems += [f"DuplicateItem: {count} items have guid {guid}" for guid, count in guids.items() if count > 1]
    return problems


def official_feed_events(path: Path, address: str) -> list[str]:
    """What the W3C feed validator itself reports for the feed at ``path`` published at ``address``."""
    require(FEEDVALIDATOR, "the W3C feed validator is copied into tests/vendor (tests/vendor/README.md)")
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "feedvalidator_cli.py"), str(path), address],
        env={**os.environ, "PYTHONPATH": os.pathsep.join((str(FEEDVALIDATOR), str(PACKAGES)))},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    events: list[str] = json.loads(result.stdout)
    return events
