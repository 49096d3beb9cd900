"""The record's history: each meeting's published versions, from the git history of its file.

Every past version is read through the same loader as today's file, against today's people,
bodies and redaction list, and only what its page would have shown is kept (``public_lines``):
the facts and the minutes' text, rendered through the same sanitiser, with HTML comments and
exempt items' text gone. Names on today's redaction list are removed from the file before it is
loaded and from what it shows after, and the result is searched again; the text of an item that
any version marks exempt is dropped from every version. A version that still cannot be shown
safely (one that no longer loads, say) is reduced to its date. Dates come from the commits, so
two builds of one commit are the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from .archive import Archive
from .batch import ContentCache, map_over_cores
from .changes import changes_between
from .gitlog import FileHistory, FileVersion, Repository, blob_id
from .markup import Renderer, TextsCache
from .model import Document, Meeting, MinutesStatus
from .page_lines import Line, Shown, passages_html, past_html, public_lines
from .redact import RedactionList
from .versions import MeetingHistory, PublishedAgenda, PublishedItem, Version, VersionKind

WITHHELD_NAME = "(name withheld)"  # plain YAML anywhere a name can stand, and plain words in the text
MAX_REASON = 2_000  # characters of a commit message shown

# Loads one past version of a meeting file (its path, and the file's name as messages show it).
Loader = Callable[[Path, str], "Meeting | None"]
NOT_AVAILABLE = MeetingHistory()

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TRAILER = re.compile(r"^[A-Za-z][A-Za-z-]*:[ \t].*<[^>\s]+@[^>\s]+>[ \t]*$", re.M)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class Store(Protocol):
    """Values by the digest of their inputs: ``get``, ``put``, and ``end_build`` when a build is done."""

    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> Any: ...
    def end_build(self) -> None: ...


class HistoryCache(TextsCache, Protocol):
    """What the build cache keeps of histories between builds (``cache.ArchiveCache``): what each version
    of a file shows, by its content and what it is read against (past versions never change, so each
    is read once), and each meeting's history made from them; and today's texts as the build renders them."""

    @property
    def shown(self) -> Store: ...
    @property
    def histories(self) -> Store: ...


def read_histories(
    archive: Archive,
    source: Path,
    files: Mapping[str, Path],
    load_version: Loader,
    redactions: RedactionList,
    context: bytes = b"",
    cache: HistoryCache | None = None,
) -> dict[str, MeetingHistory]:
    """Each meeting's history, by meeting id; a meeting whose history cannot be read is left out.

    ``source`` is the minutes folder, ``files`` the file of each meeting (by ``Meeting.source``);
    ``context`` is what else a past version's reading depends on (the registries' and redaction
    list's bytes); without ``cache``, nothing is kept beyond this call.
    """
    # The archive is made: the cycle collector need not walk it again at every collection that reading
    # thousands of past versions sets off (half the time at 2,000 meetings). Let go as before after.
    gc.freeze()
    try:
        return _read_histories(archive, source, files, load_version, redactions, context, cache)
    finally:
        gc.unfreeze()


def _read_histories(
    archive: Archive,
    source: Path,
    files: Mapping[str, Path],
    load_version: Loader,
    redactions: RedactionList,
    context: bytes,
    cache: HistoryCache | None,
) -> dict[str, MeetingHistory]:
    paths = {meeting.id: files[meeting.source] for meeting in archive.meetings if meeting.source in files}
    if not paths:
        return {}
    repository = Repository.find(source)
    histories = repository.histories() if repository else None
    if repository is None or histories is None:
        return {}
    found: dict[str, FileHistory] = {}
    current: dict[str, str] = {}  # meeting id -> the blob of its file as it is now
    for meeting_id, path in paths.items():
        try:
            history = histories.get(path.resolve().relative_to(repository.top).as_posix())
            content = path.read_bytes()
        except (ValueError, OSError):
            continue
        if history is not None and history.complete:
            found[meeting_id] = history
            current[meeting_id] = blob_id(content, repository.hash_name)
    key = ContentCache.key(context, *(entry.text for entry in redactions.entries))
    # A meeting's history is the same while its versions, its file and what they are read against are.
    keys = {
        meeting_id: ContentCache.key(
            key, meeting_id, current[meeting_id], *(v.commit.id + v.blob for v in history.versions)
        )
        for meeting_id, history in found.items()
    }
    made: Store = cache.histories if cache is not None else ContentCache()
    results: dict[str, MeetingHistory | None] = {meeting_id: made.get(keys[meeting_id]) for meeting_id in found}
    to_make = {meeting_id: found[meeting_id] for meeting_id, history in results.items() if history is None}
    views = _views(archive, repository, to_make, current, load_version, redactions, key, cache)
    for meeting_id, history in to_make.items():
        results[meeting_id] = _meeting_history(archive.meeting_by_id[meeting_id], history, views, redactions)
        made.put(keys[meeting_id], results[meeting_id])
    made.end_build()
    return {meeting_id: history for meeting_id, history in sorted(results.items()) if history is not None}


def _views(
    archive: Archive,
    repository: Repository,
    histories: Mapping[str, FileHistory],
    current: Mapping[str, str],
    load_version: Loader,
    redactions: RedactionList,
    key: str,
    cache: HistoryCache | None,
) -> dict[tuple[str, str], Shown]:
    """What each version of these meetings showed, by (meeting id, blob): read on every core, once."""
    # Only a meeting with more than one version needs its versions read: the first is shown by date alone.
    wanted = {
        (meeting_id, version.blob)
        for meeting_id, history in histories.items()
        if len({version.blob for version in history.versions}) > 1
        for version in history.versions
    }
    shown: Store = cache.shown if cache is not None else ContentCache()
    views: dict[tuple[str, str], Shown | None] = {job: shown.get(ContentCache.key(key, *job)) for job in wanted}
    missing = sorted(job for job, view in views.items() if view is None)
    contents = repository.read_blobs(blob for meeting_id, blob in missing if blob != current[meeting_id])
    # Today's text as the build renders it (and keeps, so the build's own rendering of it costs nothing
    # more): a past version renders only the passages it had that today's file does not.
    today = Renderer(archive, cache).meetings(archive.meetings) if missing else {}
    with tempfile.TemporaryDirectory(prefix="minutebook-history-") as folder:

        def show(job: tuple[str, str]) -> Shown:
            meeting_id, blob = job
            meeting = archive.meeting_by_id[meeting_id]
            html = passages_html(today[meeting_id])
            if blob != current[meeting_id]:
                past = _load_past(
                    contents.get(blob), Path(folder) / f"{blob}.md", meeting.source, load_version, redactions
                )
                if past is None:
                    return ()
                html = past_html(past, meeting, html, archive)
                meeting = past
            return _safe_lines(public_lines(meeting, archive, html), redactions)

        for job, view in zip(missing, map_over_cores(show, missing)):
            views[job] = view
            shown.put(ContentCache.key(key, *job), view)
    shown.end_build()
    return {job: view for job, view in views.items() if view is not None}


def _load_past(
    content: bytes | None, path: Path, shown: str, load_version: Loader, redactions: RedactionList
) -> Meeting | None:
    """A past version of a meeting file, names on today's redaction list taken out before it is read."""
    if content is None:
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # the loader would refuse it too
    path.write_text(redactions.remove(text, WITHHELD_NAME), encoding="utf-8")
    try:
        return load_version(path, shown)
    except Exception:  # noqa: BLE001 - a past version that cannot be read is only dated
        return None


def _safe_lines(lines: Shown, redactions: RedactionList) -> Shown:
    """The lines with listed names removed, or none if one is still found (the version is then only dated)."""
    if not redactions.entries:
        return lines
    cleaned = tuple(
        dataclasses.replace(
            line,
            text=redactions.remove(line.text, WITHHELD_NAME),
            section=redactions.remove(line.section, WITHHELD_NAME),
        )
        for line in lines
    )
    if any(redactions.find(line.text + "\n" + line.section, "", 1) for line in cleaned):
        return ()
    return cleaned


def _meeting_history(
    meeting: Meeting, history: FileHistory, views: Mapping[tuple[str, str], Shown], redactions: RedactionList
) -> MeetingHistory:
    """The versions a reader is shown: each change to what the page shows, or only its date where it cannot be shown."""
    distinct: list[FileVersion] = []  # renamed, or committed again unchanged: nothing a reader sees
    for version in history.versions:
        if not distinct or distinct[-1].blob != version.blob:
            distinct.append(version)
    if len(distinct) == 1:
        commit = distinct[0].commit
        reason = public_reason(commit.message, redactions)
        return MeetingHistory((Version(commit.date, commit.id, VersionKind.PUBLISHED, meeting.status, reason),), True)
    # The text of an item any version marks exempt is dropped from every version: marking it so is
    # the clerk saying it should never have been public.
    exempt = {item.number for item in meeting.items if item.confidential}
    for version in distinct:
        exempt |= {line.item for line in views.get((meeting.id, version.blob), ()) if line.part.startswith("exempt:")}
    versions: list[Version] = []
    last: Shown | None = None
    stages: set[MinutesStatus] = set()
    agenda: tuple[dt.date, Shown] | None = None  # the last version that was the agenda
    for version in distinct:
        commit = version.commit
        lines = tuple(
            line
            for line in views.get((meeting.id, version.blob), ())
            if not (line.item in exempt and line.part.startswith("text:"))
        )
        status = _status_of(lines)
        if status is None:
            versions.append(Version(commit.date, commit.id, VersionKind.WITHHELD))
            continue
        if lines == last:
            continue  # only what is never published changed
        if status not in stages:
            kind = VersionKind.PUBLISHED
        elif MinutesStatus.APPROVED in stages:
            kind = VersionKind.CORRECTED
        else:
            kind = VersionKind.CHANGED
        stages.add(status)
        changes = changes_between(last, lines) if last is not None else ()
        reason = public_reason(commit.message, redactions)
        versions.append(Version(commit.date, commit.id, kind, status, reason, changes))
        last = lines
        if status is MinutesStatus.AGENDA:
            agenda = (commit.date, lines)
    published = _published_agenda(*agenda, meeting) if agenda and not meeting.is_agenda else None
    return MeetingHistory(tuple(versions), available=True, agenda=published)


def _published_agenda(date: dt.date, lines: Shown, today: Meeting) -> PublishedAgenda:
    """The agenda as that version showed it; its papers linked where the archive still publishes them."""
    published = {document.path for document in today.documents}

    def paper(line: Line) -> Document:
        return Document(line.text.removeprefix("Paper: "), line.target if line.target in published else "", line.item)

    headings: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    papers: dict[str, list[Document]] = {}
    for line in lines:
        kind = line.part.partition(":")[0]
        if kind == "item" and line.item not in headings:
            headings[line.item] = line.text
        elif kind in ("text", "exempt") and line.item:
            texts.setdefault(line.item, []).append(line.text)
        elif kind == "paper":
            papers.setdefault(line.item, []).append(paper(line))
    items = tuple(
        PublishedItem(heading, tuple(texts.get(number, ())), tuple(papers.get(number, ())))
        for number, heading in headings.items()
    )
    loose = tuple(
        Document(line.text, line.target if line.target in published else "")
        for line in lines
        if line.part == "documents"
    )
    return PublishedAgenda(date, items, loose)


def _status_of(view: Shown) -> MinutesStatus | None:
    for line in view:
        if line.part == "status:value":
            return MinutesStatus(line.text)
    return None


def public_reason(message: str, redactions: RedactionList) -> str:
    """A commit message as a reader may see it: no notes to self, e-mail addresses or listed names."""
    text = _TRAILER.sub("", _COMMENT.sub("", message))
    text = _ADDRESS.sub("(address withheld)", text).strip()[:MAX_REASON]
    text = redactions.remove(text, WITHHELD_NAME)
    return "" if redactions.find(text, "", 1) else text


def versions_data(history: MeetingHistory | None) -> list[dict[str, Any]] | None:
    """A meeting's versions as open data (``meetings.json``); None where its history is not available."""
    if history is None or not history.available:
        return None
    return [
        {
            "date": version.date.isoformat(),
            "commit": version.commit,
            "kind": version.kind.value,
            "status": version.status.value if version.status else None,
            "label": version.label,
            "reason": version.reason,
            "changes": [
                {
                    "section": change.section,
                    "lines": [
                        {
                            "before": "".join(words.text for words in line.before) if line.before else None,
                            "after": "".join(words.text for words in line.after) if line.after else None,
                        }
                        for line in change.lines
                    ],
                }
                for change in version.changes
            ],
        }
        for version in history.versions
    ]
