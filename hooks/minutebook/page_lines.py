"""A meeting as the lines of text its page shows, in the parts of the page: what versions are compared by."""

from __future__ import annotations

import functools
import html as htmllib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .archive import Archive
from .markup import CROSS_REFERENCE, RenderedMeeting, render_meeting
from .model import AttendanceKind, Meeting, MinutesStatus, Named, OwnerRef
from .registry import Registry
from .titles import date_label


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


def public_lines(meeting: Meeting, archive: Archive, html: Mapping[str, str] | None = None) -> tuple[Line, ...]:
    """What the page of ``meeting`` shows, as lines of text in the parts of the page, in page order.

    ``html`` is its passages rendered (as ``passages_html`` gives them), when they already are.
    """
    registry = archive.registry
    lines = [Line("status:value", "", meeting.status.value)]  # compared, never shown: the stage of the version

    def add(part: str, section: str, text: str, item: str = "", target: str = "") -> None:
        lines.append(Line(part, section, text, item, target))

    add("status", "Status", _standing(meeting))
    add("date", "Date", date_label(meeting.date))
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
    html = passages_html(render_meeting(_sources(meeting, archive))) if html is None else html
    for paragraph in text_lines(html.get("intro", "")):
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
        for paragraph in text_lines(html.get(f"item:{item.number}", "")):
            add(f"text:{item.number}", section, paragraph, item.number)
        for decision in meeting.decisions:
            if decision.item == item.number:
                label = "Decision" if decision.outcome.taken else f"{decision.outcome.label} motion"
                text = " ".join(text_lines(html.get(f"decision:{decision.number}", "")))
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
                text = " ".join(text_lines(html.get(f"action:{action.number}", "")))
                owners = ", ".join(_owner(registry, owner) for owner in action.owners)
                due = f". Due {date_label(action.due)}" if action.due else ""
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
        when = ", ".join(part for part in (date_label(upcoming.date), upcoming.start, upcoming.location) if part)
        add("next", "Next meeting", when)
    return tuple(lines)


def _standing(meeting: Meeting) -> str:
    if meeting.is_agenda:
        return "Agenda: the meeting has not been minuted yet"
    if meeting.status is MinutesStatus.DRAFT:
        return "Draft, not yet approved"
    return "Approved" + (f" on {date_label(meeting.approved_at)}" if meeting.approved_at else "")


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


def passages_html(rendered: RenderedMeeting) -> dict[str, str]:
    html = {"intro": rendered.intro} if rendered.intro else {}
    html |= {f"item:{number}": text for number, text in rendered.items.items()}
    html |= {f"decision:{number}": text for number, text in rendered.decisions.items()}
    return html | {f"action:{number}": text for number, text in rendered.actions.items()}


def past_html(past: Meeting, today: Meeting, today_html: Mapping[str, str], archive: Archive) -> dict[str, str]:
    """A past version's passages rendered: today's rendering where a passage is unchanged, the rest afresh."""
    now = _passages(today)
    then = _passages(past)
    changed = {key for key, text in then.items() if now.get(key) != text or key not in today_html}
    fresh = passages_html(render_meeting(_sources(past, archive, changed))) if changed else {}
    return {key: fresh.get(key, "") if key in changed else today_html[key] for key in then}


# The sanitiser's HTML, whose every tag is well formed (attribute values quoted, and may hold ">").
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_BETWEEN_CELLS = re.compile(rf"</t[dh]>\s*<t[dh]\b{_ATTRIBUTES}>")
_BLOCK = re.compile(
    rf"</?(?:p|li|tr|h[1-6]|blockquote|pre|dt|dd|div|br|hr|ul|ol|dl|table|thead|tbody|tfoot|caption)\b{_ATTRIBUTES}>"
)
_ANY_TAG = re.compile(rf"<{_ATTRIBUTES}>")


@functools.lru_cache(maxsize=65_536)  # most passages are the same in one version as in the last
def text_lines(html: str) -> tuple[str, ...]:
    """Sanitised HTML as the lines of text a reader sees: one a paragraph, list item or table row."""
    text = _ANY_TAG.sub("", _BLOCK.sub("\n", _BETWEEN_CELLS.sub(" | ", html)))
    return tuple(line for line in (" ".join(part.split()) for part in htmllib.unescape(text).split("\n")) if line)
