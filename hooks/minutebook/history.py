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
import difflib
import functools
import gc
import html as htmllib
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batch import ContentCache, map_over_cores
from .gitlog import FileHistory, FileVersion, Repository, blob_id
from .indexes import CROSS_REFERENCE, Archive
from .markup import RenderedMeeting, Renderer, render_meeting
from .model import (
    AttendanceKind,
    Change,
    Document,
    LineChange,
    Meeting,
    MeetingHistory,
    MinutesStatus,
    Named,
    OwnerRef,
    PublishedAgenda,
    PublishedItem,
    Version,
    VersionKind,
    Words,
)
from .redact import RedactionList
from .registry import Registry

WITHHELD_NAME = "(name withheld)"  # plain YAML anywhere a name can stand, and plain words in the text
MAX_REASON = 2_000  # characters of a commit message shown

# Loads one past version of a meeting file (its path, and the file's name as messages show it).
Loader = Callable[[Path, str], "Meeting | None"]
NOT_AVAILABLE = MeetingHistory()

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TRAILER = re.compile(r"^[A-Za-z][A-Za-z-]*:[ \t].*<[^>\s]+@[^>\s]+>[ \t]*$", re.M)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Line:
    """One line of what a meeting's page shows, in the part of the page it belongs to."""

    part: str  # which part: "status", "present", "item:5"...: lines are compared within their part
    section: str  # what a reader calls that part: "Present", "Item 5. Working Together 2018"
    text: str
    item: str = ""  # the number of the item a line belongs to ("" outside items)
    target: str = ""  # for a paper: its path or address


# What a version's page showed, line by line; none when it cannot be shown safely.
Shown = tuple[Line, ...]
# What each version of a file shows, by (file content, the registries and redaction list): past
# versions never change, so under `serve` each is read once; and each meeting's history made from them.
_shown = ContentCache()
_histories = ContentCache()


def read_histories(
    archive: Archive,
    source: Path,
    files: Mapping[str, Path],
    load_version: Loader,
    redactions: RedactionList,
    context: bytes = b"",
) -> dict[str, MeetingHistory]:
    """Each meeting's history, by meeting id; a meeting whose history cannot be read is left out.

    ``source`` is the minutes folder, ``files`` the file of each meeting (by ``Meeting.source``);
    ``context`` is what else a past version's reading depends on (the registries' and redaction
    list's bytes).
    """
    # The archive is made: the cycle collector need not walk it again at every collection that reading
    # thousands of past versions sets off (half the time at 2,000 meetings). Let go as before after.
    gc.freeze()
    try:
        return _read_histories(archive, source, files, load_version, redactions, context)
    finally:
        gc.unfreeze()


def _read_histories(
    archive: Archive,
    source: Path,
    files: Mapping[str, Path],
    load_version: Loader,
    redactions: RedactionList,
    context: bytes,
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
    results: dict[str, MeetingHistory | None] = {meeting_id: _histories.get(keys[meeting_id]) for meeting_id in found}
    to_make = {meeting_id: found[meeting_id] for meeting_id, made in results.items() if made is None}
    views = _views(archive, repository, to_make, current, load_version, redactions, key)
    for meeting_id, history in to_make.items():
        results[meeting_id] = _meeting_history(archive.meeting_by_id[meeting_id], history, views, redactions)
        _histories.put(keys[meeting_id], results[meeting_id])
    _histories.end_build()
    return {meeting_id: made for meeting_id, made in sorted(results.items()) if made is not None}


def _views(
    archive: Archive,
    repository: Repository,
    histories: Mapping[str, FileHistory],
    current: Mapping[str, str],
    load_version: Loader,
    redactions: RedactionList,
    key: str,
) -> dict[tuple[str, str], Shown]:
    """What each version of these meetings showed, by (meeting id, blob): read on every core, once."""
    # Only a meeting with more than one version needs its versions read: the first is shown by date alone.
    wanted = {
        (meeting_id, version.blob)
        for meeting_id, history in histories.items()
        if len({version.blob for version in history.versions}) > 1
        for version in history.versions
    }
    views: dict[tuple[str, str], Shown | None] = {job: _shown.get(ContentCache.key(key, *job)) for job in wanted}
    missing = sorted(job for job, view in views.items() if view is None)
    contents = repository.read_blobs(blob for meeting_id, blob in missing if blob != current[meeting_id])
    # Today's text as the build renders it (and keeps, so the build's own rendering of it costs nothing
    # more): a past version renders only the passages it had that today's file does not.
    today = Renderer(archive).meetings(archive.meetings) if missing else {}
    with tempfile.TemporaryDirectory(prefix="minutebook-history-") as folder:

        def show(job: tuple[str, str]) -> Shown:
            meeting_id, blob = job
            meeting = archive.meeting_by_id[meeting_id]
            html = _passages_html(today[meeting_id])
            if blob != current[meeting_id]:
                past = _load_past(
                    contents.get(blob), Path(folder) / f"{blob}.md", meeting.source, load_version, redactions
                )
                if past is None:
                    return ()
                html = _past_html(past, meeting, html, archive)
                meeting = past
            return _safe_lines(public_lines(meeting, archive, html), redactions)

        for job, view in zip(missing, map_over_cores(show, missing)):
            views[job] = view
            _shown.put(ContentCache.key(key, *job), view)
    _shown.end_build()
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
        changes = _changes(last, lines) if last is not None else ()
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


# What a version shows --------------------------------------------------------------------------


def public_lines(meeting: Meeting, archive: Archive, html: Mapping[str, str] | None = None) -> tuple[Line, ...]:
    """What the page of ``meeting`` shows, as lines of text in the parts of the page, in page order.

    ``html`` is its passages rendered (as ``_passages_html`` gives them), when they already are.
    """
    registry = archive.registry
    lines = [Line("status:value", "", meeting.status.value)]  # compared, never shown: the stage of the version

    def add(part: str, section: str, text: str, item: str = "", target: str = "") -> None:
        lines.append(Line(part, section, text, item, target))

    add("status", "Status", _standing(meeting))
    add("date", "Date", _day(meeting.date))
    if meeting.start:
        add("time", "Time", meeting.start + (f" to {meeting.end}" if meeting.end else ""))
    if meeting.location:
        add("place", "Place", meeting.location)
    if meeting.chair or meeting.chair_post:
        add("chair", "Chair", _named(registry, Named(meeting.chair, meeting.chair_post)))
    # In the order the page lists them: present, in attendance, apologies.
    order = {AttendanceKind.PRESENT: 0, AttendanceKind.IN_ATTENDANCE: 1, AttendanceKind.APOLOGIES: 2}
    for entry in sorted(meeting.attendance, key=lambda entry: order.get(entry.kind, 3)):
        kind = entry.kind
        if kind in order:
            who = _named(registry, Named(entry.person, entry.post))
            details = ", ".join(part for part in (entry.role, entry.note) if part)
            add(kind.value, kind.label, who + (f": {details}" if details else ""))
    for sub in meeting.substitutes:
        who, whom = (
            _named(registry, Named(sub.person, sub.person_post)),
            _named(registry, Named(sub.replaces, sub.replaces_post)),
        )
        add("substitutes", "Substitutes", f"{who} for {whom}")
    html = _passages_html(render_meeting(_sources(meeting, archive))) if html is None else html
    for paragraph in _text_lines(html.get("intro", "")):
        add("text:intro", "Introduction", paragraph)
    for item in meeting.items:
        part, section = f"item:{item.number}", f"Item {item.number}. {item.title}"
        add(part, section, f"{item.number}. {item.title}", item.number)
        for declaration in meeting.declarations:
            if declaration.item == item.number:
                who = _named(registry, Named(declaration.person, declaration.post))
                add(part, section, f"Declaration of interest: {who}: {declaration.interest}", item.number)
        for paper in meeting.papers(item.number):
            add(f"paper:{item.number}", section, f"Paper: {paper.title}", item.number, paper.path)
        if item.confidential:
            add(
                f"exempt:{item.number}",
                section,
                f"Exempt item ({item.confidential.reason}). {item.confidential.summary}",
                item.number,
            )
        for paragraph in _text_lines(html.get(f"item:{item.number}", "")):
            add(f"text:{item.number}", section, paragraph, item.number)
        for decision in meeting.decisions:
            if decision.item == item.number:
                label = "Decision" if decision.outcome.taken else f"{decision.outcome.label} motion"
                text = " ".join(_text_lines(html.get(f"decision:{decision.number}", "")))
                add(f"decision:{decision.number}", section, f"{label} {decision.number}: {text}", item.number)
                if decision.vote:
                    vote = decision.vote
                    add(
                        f"decision:{decision.number}",
                        section,
                        f"Vote: {vote.for_count} for, {vote.against_count} against, {vote.abstain_count} abstaining",
                        item.number,
                    )
        for action in meeting.actions:
            if action.item == item.number:
                text = " ".join(_text_lines(html.get(f"action:{action.number}", "")))
                owners = ", ".join(_owner(registry, owner) for owner in action.owners)
                due = f". Due {_day(action.due)}" if action.due else ""
                add(
                    f"action:{action.number}",
                    section,
                    f"Action {action.number}: {text} Owner: {owners}{due}",
                    item.number,
                )
    for update in meeting.updates:
        note = f". {update.note}" if update.note else ""
        add("updates", "Updates on earlier actions", f"{update.action}: {update.status.value.replace('-', ' ')}{note}")
    numbers = {item.number for item in meeting.items}
    for document in meeting.documents:
        if document.item not in numbers:
            add("documents", "Documents", document.title, target=document.path)
    if meeting.next_meeting:
        upcoming = meeting.next_meeting
        when = ", ".join(part for part in (_day(upcoming.date), upcoming.start, upcoming.location) if part)
        add("next", "Next meeting", when)
    return tuple(lines)


def _standing(meeting: Meeting) -> str:
    if meeting.is_agenda:
        return "Agenda: the meeting has not been minuted yet"
    if meeting.status is MinutesStatus.DRAFT:
        return "Draft, not yet approved"
    return "Approved" + (f" on {_day(meeting.approved_at)}" if meeting.approved_at else "")


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _named(registry: Registry, named: Named) -> str:
    person = registry.people[named.person].display_name if named.person in registry.people else ""
    if named.post and named.post in registry.posts:
        post = registry.posts[named.post].name
        return f"{post} ({person})" if person else post
    return person or named.person or named.post


def _owner(registry: Registry, owner: OwnerRef) -> str:
    if owner.kind == "body":
        return registry.bodies[owner.id].name if owner.id in registry.bodies else owner.id
    if owner.kind == "post":
        return _named(registry, Named(owner.holder, owner.id))
    return _named(registry, Named(owner.id))


def _passages(meeting: Meeting) -> dict[str, str]:
    """The meeting's Markdown passages, as ``RenderedMeeting`` names them."""
    sources = {"intro": meeting.intro} if meeting.intro else {}
    sources |= {f"item:{item.number}": item.text for item in meeting.items if item.text}
    sources |= {f"decision:{d.number}": d.text for d in meeting.decisions}
    sources |= {f"action:{a.number}": a.text for a in meeting.actions}
    return sources


def _sources(meeting: Meeting, archive: Archive, only: set[str] | None = None) -> dict[str, str]:
    """The meeting's passages (or ``only`` those) ready to render, each cross-reference as the words its link shows."""

    def words(match: re.Match[str]) -> str:
        target = match["target"]
        known = target in archive.meeting_by_id or target in archive.actions or target in archive.decision_by_id
        return (match["label"] or (archive.title_of(target) if known else target)).strip()

    return {
        key: CROSS_REFERENCE.sub(words, text) for key, text in _passages(meeting).items() if only is None or key in only
    }


def _passages_html(rendered: RenderedMeeting) -> dict[str, str]:
    html = {"intro": rendered.intro} if rendered.intro else {}
    html |= {f"item:{number}": text for number, text in rendered.items.items()}
    html |= {f"decision:{number}": text for number, text in rendered.decisions.items()}
    return html | {f"action:{number}": text for number, text in rendered.actions.items()}


def _past_html(past: Meeting, today: Meeting, today_html: Mapping[str, str], archive: Archive) -> dict[str, str]:
    """A past version's passages rendered: today's rendering where a passage is unchanged, the rest afresh."""
    now = _passages(today)
    then = _passages(past)
    changed = {key for key, text in then.items() if now.get(key) != text or key not in today_html}
    fresh = _passages_html(render_meeting(_sources(past, archive, changed))) if changed else {}
    return {key: fresh.get(key, "") if key in changed else today_html[key] for key in then}


# The sanitiser's HTML, whose every tag is well formed (attribute values quoted, and may hold ">").
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_BETWEEN_CELLS = re.compile(rf"</t[dh]>\s*<t[dh]\b{_ATTRIBUTES}>")
_BLOCK = re.compile(
    rf"</?(?:p|li|tr|h[1-6]|blockquote|pre|dt|dd|div|br|hr|ul|ol|dl|table|thead|tbody|tfoot|caption)\b{_ATTRIBUTES}>"
)
_ANY_TAG = re.compile(rf"<{_ATTRIBUTES}>")


@functools.lru_cache(maxsize=65_536)  # most passages are the same in one version as in the last
def _text_lines(html: str) -> tuple[str, ...]:
    """Sanitised HTML as the lines of text a reader sees: one a paragraph, list item or table row."""
    text = _ANY_TAG.sub("", _BLOCK.sub("\n", _BETWEEN_CELLS.sub(" | ", html)))
    return tuple(line for line in (" ".join(part.split()) for part in htmllib.unescape(text).split("\n")) if line)


# What changed ----------------------------------------------------------------------------------


def _changes(before: tuple[Line, ...], after: tuple[Line, ...]) -> tuple[Change, ...]:
    """The lines each part of the page lost and gained, part by part, in page order."""
    old = [line for line in before if line.section]
    new = [line for line in after if line.section]
    matcher = difflib.SequenceMatcher(
        None, [(x.part, x.text) for x in old], [(x.part, x.text) for x in new], autojunk=False
    )
    parts: dict[str, tuple[str, list[str], list[str]]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for line in old[i1:i2]:
            parts.setdefault(_part_of(line), (line.section, [], []))[1].append(line.text)
        for line in new[j1:j2]:
            section = parts.get(_part_of(line), (line.section, [], []))
            parts[_part_of(line)] = (line.section, section[1], [*section[2], line.text])
    return tuple(_change(section, removed, added) for section, removed, added in parts.values())


def _part_of(line: Line) -> str:
    """Lines of one item are one change, whatever they are (its text, a decision, an action)."""
    return f"item:{line.item}" if line.item else line.section


def _change(section: str, removed: list[str], added: list[str]) -> Change:
    """The lines of one part, each line before beside its line after where they are much alike."""
    if len(removed) == len(added) == 1:  # one line for another: before and after, however different
        return Change(section, (LineChange(*_word_changes(removed[0], added[0])),))
    lines: list[LineChange] = []
    next_added = 0
    for old in removed:
        # Looked for a few lines ahead only: a rewritten meeting must not cost every pair of its paragraphs.
        match = next(
            (
                index
                for index in range(next_added, min(len(added), next_added + _LOOK_AHEAD))
                if _alike(old, added[index])
            ),
            None,
        )
        if match is None:
            lines.append(LineChange(before=(Words(old, True),)))
            continue
        lines += [LineChange(after=(Words(new, True),)) for new in added[next_added:match]]
        lines.append(LineChange(*_word_changes(old, added[match])))
        next_added = match + 1
    lines += [LineChange(after=(Words(new, True),)) for new in added[next_added:]]
    return Change(section, tuple(lines))


_TOKEN = re.compile(r"\s+|\S+")
_LOOK_AHEAD = 8


def _alike(old: str, new: str) -> bool:
    """Whether half the words of two lines are the same (words, not letters: paragraphs are long)."""
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return (
        matcher.real_quick_ratio() >= _MOSTLY_REWRITTEN
        and matcher.quick_ratio() >= _MOSTLY_REWRITTEN
        and matcher.ratio() >= _MOSTLY_REWRITTEN
    )


_MOSTLY_REWRITTEN = 0.5  # below this likeness, a line is shown as removed and another added


def _word_changes(old: str, new: str) -> tuple[tuple[Words, ...], tuple[Words, ...]]:
    """Both lines as runs of words, those this version changed marked."""
    if not _alike(old, new):
        return (Words(old, True),), (Words(new, True),)
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    before: list[Words] = []
    after: list[Words] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before.append(Words("".join(a[i1:i2]), tag != "equal"))
        after.append(Words("".join(b[j1:j2]), tag != "equal"))
    return _runs(before), _runs(after)


def _runs(words: list[Words]) -> tuple[Words, ...]:
    """Words joined into runs; a space alone between two changes is part of one change."""
    words = [run for run in words if run.text]
    for index in range(1, len(words) - 1):
        if not words[index].changed and not words[index].text.strip():
            if words[index - 1].changed and words[index + 1].changed:
                words[index] = Words(words[index].text, True)
    runs: list[Words] = []
    for run in words:
        if runs and runs[-1].changed == run.changed:
            runs[-1] = Words(runs[-1].text + run.text, run.changed)
        else:
            runs.append(run)
    return tuple(runs)


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
