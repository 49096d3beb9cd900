"""People and bodies (people.yml, bodies.yml), and how minutes name them."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, quote, suggest
from .model import Body, BodyKind, Membership, OwnerRef, Person, Post
from .names import NameUse, describe_lookalike, find_collisions
from .posts import load_posts, post_keys
from .schemas import check_against_schema
from .source import MAX_REGISTRY_BYTES, MAX_REGISTRY_VALUES, read_text
from .yamlsource import LineMap, load_yaml

HONORIFICS = (
    "cllr",
    "councillor",
    "prof",
    "professor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
    "rev",
    "revd",
    "lord",
    "lady",
)
RESERVED_IDS = {"index"}
MARKUP = re.compile(r"[<>]|&#?\w+;")


@functools.lru_cache(maxsize=262_144)
def normalise_name(text: str) -> str:
    """The form names are matched in: case, accents, dots and spacing ignored.

    Cached: the text scan for names asks about the same words millions of times.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[.,’'`]", "", text.casefold())
    return re.sub(r"[\s\-–—]+", " ", text).strip()


def strip_honorifics(key: str) -> str:
    """``cllr mrs b abbott`` -> ``b abbott``: titles are not part of who someone is."""
    words = key.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Registry:
    """Everyone and every body the minutes may name, with the names they go by."""

    people: dict[str, Person]
    bodies: dict[str, Body]
    person_names: dict[str, tuple[str, ...]]
    body_names: dict[str, tuple[str, ...]]
    # Where people.yml or bodies.yml could not be read, the minutes cannot be judged against it: their
    # references are not reported as unknown (the file's own problem is the one to fix).
    people_unread: bool = False
    bodies_unread: bool = False
    unread_names: frozenset[str] = frozenset()  # names and ids of entries too broken to read

    @functools.cached_property
    def name_first_words(self) -> frozenset[str]:
        """First words of every name and alias: a text scan skips any other word at once."""
        return frozenset(key.split(" ", 1)[0] for key in self.person_names)

    @functools.cached_property
    def longest_name_words(self) -> int:
        """Words in the longest name or alias: how far a text scan must look ahead."""
        return max((key.count(" ") + 1 for key in self.person_names), default=1)

    def resolve_person(self, reference: str) -> tuple[str | None, str]:
        """(person id, "") or (None, the reason the reference names nobody or several).

        (None, "") when the answer depends on a part of people.yml that could not be read.
        """
        found, error = _resolve(reference, self.person_names, "person", self.people)
        if found is None and (self.people_unread or self._unread(reference)):
            return None, ""
        return found, error

    def _unread(self, reference: str) -> bool:
        key = normalise_name(str(reference))
        return key in self.unread_names or strip_honorifics(key) in self.unread_names

    def resolve_owner(self, reference: str) -> tuple[OwnerRef | None, str]:
        """An action owner: a person, or a body such as a team ("Social Care")."""
        # Look both up before composing any message: teams own many actions, and a
        # "did you mean" search for every team owner would dominate large builds.
        people, bodies = _lookup(reference, self.person_names), _lookup(reference, self.body_names)
        person = people[0] if len(people) == 1 else None
        body = bodies[0] if len(bodies) == 1 else None
        person_error = "" if person or body else self.resolve_person(reference)[1]
        if person and body:
            return None, f"owner '{reference}' is both a person and a body; use the id of the one you mean"
        if person:
            return OwnerRef("person", person), ""
        if body:
            return OwnerRef("body", body), ""
        if self.people_unread or self.bodies_unread or self._unread(reference):
            return None, ""
        if "matches" in person_error:
            return None, person_error
        names = (
            [p.name for p in self.people.values()]
            + [b.name for b in self.bodies.values()]
            + list(self.people)
            + list(self.bodies)
        )
        return None, f"unknown owner {quote(reference)}: not in people.yml or bodies.yml{suggest(reference, names)}"

    def resolve_body(self, reference: str) -> tuple[str | None, str]:
        found, error = _resolve(reference, self.body_names, "body", self.bodies)
        if found is None and (self.bodies_unread or self._unread(reference)):
            return None, ""
        return found, error

    @functools.cached_property
    def posts(self) -> dict[str, Post]:
        """Every body's posts, by ``<body>/<post>``."""
        return {post.uid: post for body in self.bodies.values() for post in body.posts}

    @functools.cached_property
    def post_names(self) -> dict[str, dict[str, str]]:
        """Body id -> {name key: post}: the names by which a meeting of that body names its posts."""
        names: dict[str, dict[str, str]] = {}
        for post in self.posts.values():
            names.setdefault(post.body, {}).update(dict.fromkeys(post_keys(post, normalise_name), post.uid))
        return names


def _lookup(reference: str, names: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    key = normalise_name(str(reference))
    return names.get(key) or names.get(strip_honorifics(key)) or ()


def _resolve(
    reference: str, names: dict[str, tuple[str, ...]], what: str, known: dict[str, Any]
) -> tuple[str | None, str]:
    ids = _lookup(reference, names)
    if len(ids) == 1:
        return ids[0], ""
    if len(ids) > 1:
        return (
            None,
            f"'{reference}' matches {len(ids)} {what == 'person' and 'people' or 'bodies'} ({', '.join(ids)}); use "
            "the id of the one you mean",
        )
    choices = list(known) + [value.name for value in known.values()]
    source = "people.yml" if what == "person" else "bodies.yml"
    lookalike = describe_lookalike(str(reference))
    why = f"; it {lookalike}" if lookalike else ""
    return None, f"unknown {what} {quote(reference)}: not in {source}{why}{suggest(str(reference), choices)}"


def load_registry(source: Path, display_root: Path | None = None) -> tuple[Registry, list[Problem]]:
    """Read people.yml and bodies.yml from ``source``; problems rather than exceptions."""
    problems: list[Problem] = []
    people_data, people_lines, people_path = _load_file(source / "people.yml", "people", display_root, problems)
    people: dict[str, Person] = {}
    person_names: dict[str, list[str]] = {}
    alias_owner: dict[str, str] = {}
    unread: set[str] = set()
    for person_id, entry in (people_data or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            unread |= _names_of(person_id, entry)
            continue
        if person_id in RESERVED_IDS:
            problems.append(
                Problem(people_path, people_lines.line(person_id), f"'{person_id}' is reserved; choose another id")
            )
            continue
        aliases = tuple(alias for alias in entry.get("aliases") or () if isinstance(alias, str))
        person = Person(
            id=person_id,
            name=entry["name"].strip(),
            honorific=str(entry.get("honorific") or "").strip(),
            aliases=aliases,
        )
        people[person_id] = person
        keys = {
            normalise_name(person_id.replace("-", " ")),
            normalise_name(person.name),
            normalise_name(person.display_name),
        }
        for key in keys:
            person_names.setdefault(key, []).append(person_id)
        for index, alias in enumerate(aliases):
            key = normalise_name(alias)
            other = alias_owner.get(key) or next((pid for pid in person_names.get(key, []) if pid != person_id), None)
            if other and other != person_id:
                problems.append(
                    Problem(
                        people_path,
                        people_lines.line(person_id, "aliases", index),
                        f"alias '{alias}' of {person_id} also names {other}; an alias must name one person",
                    )
                )
                continue
            alias_owner[key] = person_id
            if person_id not in person_names.setdefault(key, []):
                person_names[key].append(person_id)

    problems += _check_names(people_data, people_lines, people_path, "person", ("name", "honorific"))

    bodies_data, bodies_lines, bodies_path = _load_file(source / "bodies.yml", "bodies", display_root, problems)
    problems += _check_names(bodies_data, bodies_lines, bodies_path, "body", ("name",))
    partial = Registry(
        people,
        {},
        {key: tuple(ids) for key, ids in person_names.items()},
        {},
        people_unread=people_data is None,
        unread_names=frozenset(unread),
    )
    bodies: dict[str, Body] = {}
    body_names: dict[str, list[str]] = {}
    for body_id, entry in (bodies_data or {}).items():
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or entry.get("kind") not in {k.value for k in BodyKind}
        ):
            unread |= _names_of(body_id, entry)
            continue
        if body_id in RESERVED_IDS:
            problems.append(
                Problem(bodies_path, bodies_lines.line(body_id), f"'{body_id}' is reserved; choose another id")
            )
            continue
        members = []
        for index, member in enumerate(entry.get("members") or ()):
            if not isinstance(member, dict) or not isinstance(member.get("person"), str):
                continue
            line = bodies_lines.line(body_id, "members", index)
            person_id, error = partial.resolve_person(member["person"])
            start = _parse_date(member.get("from"), bodies_path, line, "from", problems)
            end = _parse_date(member.get("to"), bodies_path, line, "to", problems)
            if person_id is None:
                if error:
                    problems.append(Problem(bodies_path, line, f"{body_id} member: {error}"))
                continue
            members.append(Membership(person_id, str(member.get("role") or ""), start, end))
        posts, post_problems = load_posts(
            body_id, entry.get("posts"), bodies_lines, bodies_path, partial.resolve_person, normalise_name, _name_fault
        )
        problems += post_problems
        bodies[body_id] = Body(body_id, entry["name"].strip(), BodyKind(entry["kind"]), tuple(members), posts)
        for key in {normalise_name(body_id.replace("-", " ")), normalise_name(entry["name"])}:
            body_names.setdefault(key, []).append(body_id)
    registry = Registry(
        people,
        bodies,
        partial.person_names,
        {key: tuple(ids) for key, ids in body_names.items()},
        people_unread=people_data is None,
        bodies_unread=bodies_data is None,
        unread_names=frozenset(unread),
    )
    return registry, problems


def _names_of(entry_id: Any, entry: Any) -> set[str]:
    """The names an entry that could not be read might be referred to by."""
    names = {normalise_name(str(entry_id).replace("-", " "))}
    if isinstance(entry, dict):
        names |= {
            normalise_name(text) for text in (entry.get("name"), *(entry.get("aliases") or ())) if isinstance(text, str)
        }
    return names


def _check_names(data: Any, lines: LineMap, shown: str, what: str, fields: tuple[str, ...]) -> list[Problem]:
    """Names that are markup, invisible, look-alike, or that read as another entry's id."""
    problems: list[Problem] = []
    uses: list[NameUse] = []
    for entry_id, entry in (data or {}).items():
        if not isinstance(entry, dict):
            continue
        uses.append(NameUse(str(entry_id), "id", str(entry_id), lines.line(entry_id)))
        texts: list[tuple[str, tuple[Any, ...], Any]] = [
            (field, (entry_id, field), entry.get(field)) for field in fields
        ]
        texts += [
            ("alias", (entry_id, "aliases", index), alias) for index, alias in enumerate(entry.get("aliases") or ())
        ]
        for kind, where, text in texts:
            if not isinstance(text, str):
                continue
            line = lines.line(*where)
            if kind in ("name", "alias"):
                uses.append(NameUse(str(entry_id), kind, text, line))
            # Names become page titles, which the theme prints as they are: no markup, ever.
            if MARKUP.search(text):
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"{entry_id}: {kind} '{text}' contains markup characters (< > or &#); a name is plain text",
                    )
                )
            elif lookalike := describe_lookalike(text):
                problems.append(Problem(shown, line, f"{entry_id}: {kind} '{text}' {lookalike}"))
    problems += [Problem(shown, use.line, message) for use, message in find_collisions(uses, what)]
    return problems


def _name_fault(text: str) -> str:
    """What makes ``text`` unfit to be a name, as ``_check_names`` judges people's and bodies' names; "" if nothing."""
    if MARKUP.search(text):
        return "contains markup characters (< > or &#); a name is plain text"
    return describe_lookalike(text)


def _load_file(path: Path, schema: str, display_root: Path | None, problems: list[Problem]) -> tuple[Any, LineMap, str]:
    shown = display_path(path, display_root)
    if not os.path.lexists(path):
        problems.append(
            Problem(shown, 1, f"{path.name} is missing: every archive needs one (see the README's format reference)")
        )
        return None, LineMap(), shown
    text, read_problems = read_text(
        path, shown, MAX_REGISTRY_BYTES, f"is this the right file? ({path.name} of 10,000 entries is about 1 MB)"
    )
    problems.extend(read_problems)
    if text is None:
        return None, LineMap(), shown
    data, lines, yaml_problems = load_yaml(text, shown, max_nodes=MAX_REGISTRY_VALUES)
    problems.extend(yaml_problems)
    if data is None and not yaml_problems:
        return {}, lines, shown
    if data is not None:
        problems.extend(check_against_schema(schema, data, shown, lines))
    return (data if isinstance(data, dict) else None), lines, shown


def display_path(path: Path, root: Path | None) -> str:
    """The path as the clerk would type it: relative to where they ran the command."""
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def _parse_date(value: Any, path: str, line: int, field: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(path, line, f"{field}: '{value}' is not a real date"))
        return None
