"""Learning a series' layout from one corrected meeting, so the clerk fixes one file and imports a decade.

A body's minutes keep one template for years: the same item headings ("Minute
2/24 · Bins"), the same attendance labels ("Those attending:", "Sent regrets:"),
the same way of writing actions ("→ Tom Reed: write to …"). ``learn_profile``
lines a corrected meeting file up with the source it was imported from and
learns those three things; ``apply_profile`` (called by the parser) uses them on
the rest of the series. A profile can be saved as a small YAML file and reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .extract import extract_lines
from .headings import Heading
from .lines import Line, read_lines

IMPORTED_FROM = re.compile(r"^#\s*Imported from (?P<name>.+?) by scripts/minutes\.py import", re.MULTILINE)
ITEM_HEADING = re.compile(r"^##[ \t]+(?P<number>\S+?)\.?[ \t]+(?P<title>.+?)[ \t]*$", re.MULTILINE)


class ProfileError(Exception):
    """A corrected meeting or a saved profile that cannot be used, with the reason as ``path: message``."""


@dataclass(frozen=True)
class Profile:
    """A series' layout: how its item headings look, its attendance labels, how its actions start."""

    headings: str = ""  # a regular expression with (?P<number>…) and (?P<title>…)
    labels: dict[str, str] = field(default_factory=dict)  # "those attending" -> "present"
    action_prefix: str = ""  # "→": a line starting with it is an action


def learn_profile(meeting: Path, source: Path | None = None) -> Profile:
    """The layout of ``meeting``'s series, learnt from it (corrected by hand) and the source it was imported from."""
    try:
        text = meeting.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"{meeting}: cannot read the corrected meeting: {error.strerror}") from error
    source = source or _find_source(meeting, text)
    lines, problems = extract_lines(source, str(source))
    if lines is None:
        raise ProfileError(str(problems[0]) if problems else f"{source}: cannot read the source")
    layout = [line for line in read_lines(lines) if not line.blank]
    front, body = _split(meeting, text)
    return Profile(_learn_headings(body, layout), _learn_labels(front, layout), _learn_actions(front, layout))


def _find_source(meeting: Path, text: str) -> Path:
    match = IMPORTED_FROM.search(text)
    if not match:
        raise ProfileError(f"{meeting}: no '# Imported from …' line; give the source with --like-source")
    for folder in (meeting.parent, Path.cwd()):
        if (folder / match["name"]).is_file():
            return folder / match["name"]
    raise ProfileError(f"{meeting}: the source {match['name']} is not beside it; give it with --like-source")


def _split(meeting: Path, text: str) -> tuple[dict[str, Any], str]:
    parts = text.split("\n---", 2) if text.startswith("---") else []
    if len(parts) < 2:
        raise ProfileError(f"{meeting}: no front-matter between --- lines")
    try:
        front = yaml.safe_load(parts[0].lstrip("-\n")) or {}
    except yaml.YAMLError as error:
        raise ProfileError(f"{meeting}: the front-matter is not valid YAML: {error}") from error
    return (front if isinstance(front, dict) else {}), parts[1] if len(parts) > 1 else ""


def _learn_headings(body: str, layout: list[Line]) -> str:
    """One pattern that every corrected item's source heading fits, or "" when they differ."""
    patterns = set()
    for match in ITEM_HEADING.finditer(body):
        number, title = match["number"], match["title"].strip()
        line = next(
            (line for line in layout if title.lower() in line.text.lower() and number in line.text),
            None,
        )
        if line is None:
            continue
        text = line.text.strip()
        at_number, at_title = text.find(number), text.lower().find(title.lower())
        if at_number < 0 or at_title < at_number:
            continue
        shape = "".join(
            r"\d+" if token.isdigit() else "[A-Za-z]+" if token.isalpha() else re.escape(token)
            for token in re.findall(r"\d+|[A-Za-z]+|.", number)
        )
        between = re.sub(r"(?:\\\s)+|\s+", r"\\s+", re.escape(text[at_number + len(number) : at_title]))
        before = re.sub(r"(?:\\\s)+|\s+", r"\\s+", re.escape(text[:at_number]))
        patterns.add(f"^{before}(?P<number>{shape}){between}(?P<title>.+)$")
    return patterns.pop() if len(patterns) == 1 else ""


def _learn_labels(front: dict[str, Any], layout: list[Line]) -> dict[str, str]:
    """The label in front of each attendance list in the source ("Sent regrets:" -> apologies)."""
    labels: dict[str, str] = {}
    for kind in ("present", "in_attendance", "apologies"):
        for entry in front.get(kind) or []:
            name = entry if isinstance(entry, str) else str(entry.get("person") or next(iter(entry)))
            words = [w for w in re.split(r"[-\s]+", name) if len(w) > 1]
            line = next((line for line in layout if all(w.lower() in line.text.lower() for w in words)), None)
            if line is None:
                continue
            label = re.match(r"^(?P<label>[^:]{2,40}):", line.text.strip())
            if label:
                labels[label["label"].strip().lower()] = kind
            break
    return labels


def _learn_actions(front: dict[str, Any], layout: list[Line]) -> str:
    """What every corrected action's source line starts with ("→", "Who:"), or "" when nothing is shared."""
    prefixes = set()
    for action in front.get("actions") or []:
        words = re.findall(r"[A-Za-z]{4,}", str(action.get("text", "")))[:3]
        line = next((line for line in layout if words and all(w in line.text for w in words)), None)
        if line is None:
            continue
        prefix = re.match(r"^(?P<p>[^\w\s]{1,3}|[A-Za-z ]{2,20}:)\s*", line.raw.strip())
        prefixes.add(prefix["p"] if prefix else "")
    return prefixes.pop() if len(prefixes) == 1 else ""


def save_profile(profile: Profile, path: Path) -> None:
    data = {"headings": profile.headings, "labels": profile.labels, "action_prefix": profile.action_prefix}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")


def load_profile(path: Path) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: cannot read the layout profile: {error}") from error
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a layout profile is a mapping (headings, labels, action_prefix)")
    headings = str(data.get("headings") or "")
    try:
        re.compile(headings)
    except re.error as error:
        raise ProfileError(f"{path}: headings: not a regular expression: {error}") from error
    labels = {str(k).lower(): str(v) for k, v in (data.get("labels") or {}).items()}
    bad = sorted(v for v in labels.values() if v not in ("present", "in_attendance", "apologies", "absent"))
    if bad:
        raise ProfileError(f"{path}: labels: '{bad[0]}' is not present, in_attendance, apologies or absent")
    return Profile(headings, labels, str(data.get("action_prefix") or ""))


def apply_profile(profile: Any, lines: list[Line], headings: list[Heading], in_block: set[int]) -> list[Heading]:
    """The item headings the series' pattern finds, when it has one; else those found without it."""
    if not isinstance(profile, Profile) or not profile.headings:
        return headings
    pattern = re.compile(profile.headings)
    found = []
    for index, line in enumerate(lines):
        match = pattern.match(line.text.strip()) if not line.blank and index not in in_block else None
        if match:
            found.append(Heading(index, match["number"], match["title"].strip(), index + 1, "profile"))
    return found or headings
