"""Emit an imported meeting in our format, and propose new people for people.yml."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .meeting import ParsedItem


@dataclass(frozen=True)
class NewPerson:
    """A person the import proposes to add to people.yml."""

    id: str
    name: str
    honorific: str
    written: str


class _Dumper(yaml.SafeDumper):
    """Block style, but short lists of names inline: `owners: [lorna-quigley]`."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(value, str) and len(value) < 40 for value in data) and len(data) <= 6
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


SCHEMA = Path(__file__).resolve().parent.parent / "schema/meeting.schema.json"


@cache
def supports(capability: str) -> bool:
    """Whether the meeting format (its JSON Schema) has a field: "outcome", "vote-string", "proposed_by", "posts".

    The import writes the contract's newer fields only where the checker accepts
    them; elsewhere it says the same in words, in the decision's text.
    """
    try:
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    decision = schema.get("properties", {}).get("decisions", {}).get("items", {}).get("properties", {})
    if capability == "vote-string":
        vote = decision.get("vote", {})
        kinds = [vote.get("type")] + [option.get("type") for option in vote.get("anyOf", []) + vote.get("oneOf", [])]
        return "string" in kinds or any(isinstance(kind, list) and "string" in kind for kind in kinds)
    if capability == "posts":
        bodies = SCHEMA.with_name("bodies.schema.json")
        return bodies.exists() and '"posts"' in bodies.read_text(encoding="utf-8")
    return capability in decision


def render_meeting(
    front: dict[str, Any],
    intro: list[str],
    items: list[ParsedItem],
    source_name: str,
    summaries: list[ParsedItem] | None = None,
) -> str:
    """The meeting file: YAML front-matter (the facts) and one ``## N. Title`` section per item."""
    text = yaml.dump(
        front, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False
    )
    parts = [
        "---",
        f"# Imported from {source_name} by scripts/minutes.py import: check the facts against the original.",
        text.rstrip("\n"),
        "---",
        "",
    ]
    if intro:
        # A stray "#" in the introduction would open an item heading of its own.
        parts += ["\\" + line if line.lstrip().startswith("#") else line for line in intro] + [""]
    for position, item in enumerate(items):
        title = item.title if item.number in ("", item.ref) else f"{item.number}. {item.title}"
        parts += [f"## {item.ref or item.number}. {title}", ""]
        if item.body:
            parts += list(item.body) + [""]
        if position == len(items) - 1:
            for summary in summaries or []:
                # A closing "Actions" or "Decisions" list stays with the last item, as its own paragraph.
                parts += [f"**{summary.title}**", ""] + list(summary.body) + [""]
    return "\n".join(parts).rstrip("\n") + "\n"


def render_people(people: list[NewPerson]) -> str:
    """people.yml entries for ``people``, to append (comments and order of the file are kept)."""
    lines = []
    for person in people:
        entry: dict[str, Any] = {"name": person.name}
        if person.honorific:
            entry["honorific"] = person.honorific
        lines.append(
            yaml.dump(
                {person.id: entry}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
            ).rstrip("\n")
        )
    return "\n".join(lines) + "\n"


def append_people(path: Path, people: list[NewPerson], source_name: str) -> None:
    """Add ``people`` at the end of people.yml, marked as proposed by the import."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    prefix = "" if not existing or existing.endswith("\n") else "\n"
    note = f"# Added by scripts/minutes.py import from {source_name}: check each name and id.\n"
    path.write_text(existing + prefix + note + render_people(people), encoding="utf-8")


def add_posts(path: Path, body_id: str, posts: list[str], source_name: str) -> None:
    """Add ``posts`` to ``body_id`` in bodies.yml as ``posts:`` entries (the file's comments and order are kept)."""
    import re

    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{re.escape(body_id)}\s*:", line)), None)
    if start is None:
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace()), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    existing = next((i for i in range(start + 1, end) if re.match(r"^\s+posts\s*:", lines[i])), None)
    entries = []
    for post in posts:
        post_id = re.sub(r"[^a-z0-9]+", "-", post.lower()).strip("-")
        entries += [f"    {post_id}:", f"      name: {post}"]
    note = f"    # Added by scripts/minutes.py import from {source_name}: say who held each post under holders:."
    if existing is None:
        lines[end:end] = ["  posts:", note, *entries]
    else:
        lines[existing + 1 : existing + 1] = [note, *entries]
    path.write_text("\n".join(lines), encoding="utf-8")
