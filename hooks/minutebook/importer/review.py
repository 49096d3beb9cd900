"""The review page: one HTML page per imported file, the source beside each fact read from it.

A clerk checks an import in a minute by reading down the facts on the right;
each links to the line of the source it came from (on the left), and the
doubtful ones (read from weak signs, or lines that look like facts but were not
read) are marked in words. The page is a view: ``build_review`` gathers the
facts from the import, ``render_review`` fills hooks/templates/import-review.html
(Jinja, autoescaped). It is written outside the archive, never published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


@dataclass(frozen=True)
class SourceRow:
    """One line of the source, numbered as the report numbers it."""

    number: int
    text: str
    doubtful: bool
    anchor: bool = True  # the first row of its number carries the id facts link to (Word numbers blank lines too)


@dataclass(frozen=True)
class FactRow:
    """One fact as the import read it, with the source line it came from."""

    kind: str
    text: str
    line: int
    doubtful: bool = False
    note: str = ""


@dataclass(frozen=True)
class FactGroup:
    """Facts of one kind ("Attendance", "Decisions" …) in source order."""

    title: str
    facts: tuple[FactRow, ...]


@dataclass(frozen=True)
class Review:
    """Everything the review page shows for one import."""

    source: str
    target: str
    verdict: str
    sure: int
    groups: tuple[FactGroup, ...]
    rows: tuple[SourceRow, ...]


def build_review(result: Any) -> Review:
    """The review page's view of one ``ImportResult``."""
    parsed = result.parsed
    doubts = {d.line: d.reason for d in list(result.doubts) + list(result.unplaced) if d.line}
    groups: list[FactGroup] = []
    if parsed is not None:
        meeting = [FactRow("date", parsed.date or "no date found", parsed.date_line, not parsed.date)]
        if parsed.start:
            meeting.append(FactRow("time", "–".join(t for t in (parsed.start, parsed.end) if t), parsed.date_line))
        if parsed.location:
            meeting.append(FactRow("place", parsed.location, parsed.date_line))
        if parsed.chair:
            meeting.append(FactRow("chair", parsed.chair, parsed.date_line))
        groups.append(FactGroup("Meeting", tuple(meeting)))
        names = {"present": "Present", "in_attendance": "In attendance", "apologies": "Apologies", "absent": "Absent"}
        attendance = [
            FactRow(names[kind], a.written + (f" ({a.role})" if a.role else ""), a.line, a.line in doubts)
            for kind in names
            for a in parsed.attendance[kind]
        ]
        groups.append(FactGroup("Attendance", tuple(attendance)))
        groups.append(
            FactGroup(
                "Items",
                tuple(
                    FactRow(
                        "item",
                        f"{item.number or item.ref}. {item.title}",
                        item.line,
                        parsed.style in ("outline", "standalone", "labelled", "whole"),
                    )
                    for item in parsed.items
                ),
            )
        )
        groups.append(
            FactGroup(
                "Decisions",
                tuple(
                    FactRow(
                        f"item {d.item}",
                        d.text,
                        d.line,
                        not d.sure or d.line in doubts,
                        ", ".join(p for p in (d.outcome if d.outcome != "carried" else "", d.vote) if p),
                    )
                    for d in parsed.decisions
                ),
            )
        )
        groups.append(
            FactGroup(
                "Actions",
                tuple(
                    FactRow(
                        f"item {a.item}",
                        a.text,
                        a.line,
                        not a.sure or not a.owners,
                        ("owners: " + ", ".join(a.owners)) if a.owners else "no owner named",
                    )
                    for a in parsed.actions
                ),
            )
        )
        nm = parsed.next_meeting
        groups.append(FactGroup("Next meeting", (FactRow("next meeting", nm.date, nm.line),) if nm else ()))
        groups.append(
            FactGroup(
                "To review",
                tuple(FactRow("check", d.text or d.reason, d.line, True, d.reason) for d in result.doubts),
            )
        )
    seen: set[int] = set()
    rows = []
    for line in result.lines:
        rows.append(SourceRow(line.number, line.text, line.number in doubts, line.number not in seen))
        seen.add(line.number)
    verdict = "Complete: nothing left to review" if result.succeeded else "Needs review before publishing"
    return Review(
        result.source, str(result.target or ""), verdict, round(100 * result.sure), tuple(groups), tuple(rows)
    )


def render_review(review: Review) -> str:
    """The review page as HTML, from hooks/templates/import-review.html."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True))
    return env.get_template("import-review.html").render(review=review)


def write_review(result: Any, folder: Path) -> Path:
    """Write the review page for ``result`` into ``folder``, named after the source file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (Path(result.source).name + ".review.html")
    target.write_text(render_review(build_review(result)), encoding="utf-8")
    return target
