"""A meeting's published versions, read from the git history of its file, as immutable values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .model import Document, MinutesStatus


@dataclass(frozen=True)
class Words:
    """A run of words in a changed line, and whether this version changed them."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class LineChange:
    """One line as it was and as it became; a line added has nothing before, one removed nothing after."""

    before: tuple[Words, ...] = ()
    after: tuple[Words, ...] = ()


@dataclass(frozen=True)
class Change:
    """What one version changed in one part of a meeting's record, line by line."""

    section: str  # "Present", "Item 5. Working Together 2018"...
    lines: tuple[LineChange, ...]


class VersionKind(Enum):
    """What a version of a meeting's record was: first published at a stage, changed, corrected, or not shown."""

    PUBLISHED = "published"
    CHANGED = "changed"
    CORRECTED = "corrected"  # changed after the minutes were approved
    WITHHELD = "withheld"  # it cannot be shown safely: only its date is


@dataclass(frozen=True)
class Version:
    """One committed version of a meeting's record: when, at what stage, why, and what changed since the last."""

    date: dt.date  # the commit's date
    commit: str
    kind: VersionKind
    status: MinutesStatus | None = None  # None when withheld
    reason: str = ""  # the commit message, as published
    changes: tuple[Change, ...] = ()

    @property
    def label(self) -> str:
        """What happened, in words: "Draft minutes published", "Corrected after approval"."""
        stages = {"agenda": "Agenda", "draft": "Draft minutes", "approved": "Approved minutes"}
        stage = stages.get(self.status.value if self.status else "")
        if self.kind is VersionKind.PUBLISHED:
            return f"{stage} published"
        if self.kind is VersionKind.CORRECTED:
            return "Corrected after approval"
        if self.kind is VersionKind.CHANGED and stage:
            return f"{stage} changed"
        return "Changed"


@dataclass(frozen=True)
class PublishedItem:
    """An agenda item as the meeting's agenda published it."""

    heading: str  # "5. Working Together 2018"
    text: tuple[str, ...]  # its paragraphs; for an exempt item, the reason and summary
    papers: tuple[Document, ...]


@dataclass(frozen=True)
class PublishedAgenda:
    """A meeting's agenda as last published before its minutes were written into the same file.

    A paper's ``path`` is "" where the archive no longer publishes the file.
    """

    date: dt.date  # the day that version was committed
    items: tuple[PublishedItem, ...]
    papers: tuple[Document, ...]  # papers for no one item


@dataclass(frozen=True)
class MeetingHistory:
    """Every published version of a meeting's record, oldest first, from the git history of its file.

    Not ``available`` where the history cannot be read (no repository, a shallow clone, a file
    not yet committed): the page then says so.
    """

    versions: tuple[Version, ...] = ()
    available: bool = False
    agenda: PublishedAgenda | None = None  # once the minutes replace it

    def first_published(self, status: MinutesStatus) -> dt.date | None:
        """The day the record was first published at ``status`` (an agenda, draft minutes)."""
        return next((version.date for version in self.versions if version.status is status), None)
