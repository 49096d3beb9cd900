"""What one import did: the facts found and written, the names used, and what a person must still look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from .facts import Unplaced
from .matching import Match
from .meeting import ParsedMeeting
from .write import NewPerson


@dataclass
class NameUse:
    """Where a written name was used, and what it matched."""

    where: str
    line: int
    match: Match


@dataclass
class ImportResult:
    """What one import did, for the report: the facts found, the names, and anything left over."""

    source: str
    target: Path | None = None
    parsed: ParsedMeeting | None = None
    front: dict[str, Any] = field(default_factory=dict)
    names: list[NameUse] = field(default_factory=list)
    added: list[NewPerson] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # stopped the file being written
    check: list[Problem] = field(default_factory=list)  # what `minutes.py check` says about the written file
    notes: list[Unplaced] = field(default_factory=list)  # facts found but not written, and why
    written: bool = False
    internal: bool = False  # the importer itself failed (exit status 2), not the document
    doubts: list[Unplaced] = field(default_factory=list)  # what makes the import need a person's review
    sure: float = 0.0  # share of the facts read from clear marks (labels, numbered headings, known words)
    lines: list[Any] = field(default_factory=list)  # the source lines, for the review page
    posts: list[str] = field(default_factory=list)  # posts named as attendees or owners
    added_posts: list[str] = field(default_factory=list)  # posts --add-people added to the body in bodies.yml

    @property
    def succeeded(self) -> bool:
        """Written, passing the checker, and nothing doubtful left: the only case the report calls a success."""
        return self.written and not self.errors and not self.check and not self.doubts

    @property
    def unplaced(self) -> list[Unplaced]:
        return sorted((self.parsed.unplaced if self.parsed else []) + self.notes, key=lambda u: u.line)
