"""Minutes Markdown -> safe HTML, with [[id]] cross-references as links, in time that grows with the text.

Python-Markdown reads some text in time that grows with its square. Its link pattern
(``inlinepatterns.LinkInlineProcessor.getText``) scans from every ``[`` to the matching ``]``, or to
the end of the paragraph when there is none, one character at a time, and ``getLink`` does the same
from every ``](`` to the closing ``)``; the standard library's ``html.parser``, which Python-Markdown
runs over the whole text to find raw HTML, scans from every ``<`` that starts a tag it cannot finish.
20 KB of ``[`` took 65 s. Before Markdown sees a passage, each such character that can never start a
link or a tag is swapped for a placeholder, and put back in the HTML afterwards, so the page is the
same (tests/test_markup.py checks it against Python-Markdown's own output; the one difference is a
link whose "(" is never closed, which Python-Markdown may still turn into a link with an empty
address and which stays text) and the time linear. Anything slower still (Python-Markdown's
code-span pattern on runs of backticks that close nothing) stops at a per-file time budget, reported
at its line.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import markdown  # type: ignore[import-untyped]  # no type information in the wheel we pin
import nh3

from .batch import ContentCache, SameObjectCache, map_over_cores
from .errors import MinutesError, Problem
from .model import Meeting
from .urls import uid_url

if TYPE_CHECKING:
    from .archive import Archive

# [[<meeting id>]], [[<meeting id>/d<n>]] or [[<meeting id>/a<n>]], with an optional |label. The label
# stops at any bracket, so a failed match ends at the next "[": one pass, whatever the text.
CROSS_REFERENCE = re.compile(
    r"\[\[\s*(?P<target>[a-z0-9-]+/\d{4}-\d{2}-\d{2}(?:-\d+)?(?:/[ad]\d+)?)\s*(?:\|(?P<label>[^\[\]]+))?\]\]"
)

# No footnotes: a meeting's passages are rendered together, and footnotes would gather at its end.
# Each inline extension is applied to every text node: smarty alone cost a third of
# all rendering time on a large archive, for curly quotes minutes rarely need.
EXTENSIONS = ["tables", "sane_lists", "attr_list"]
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "*": {"id", "class"},
}


# Links inside rendered minutes start here; each page swaps it for its own "../../",
# so one rendering of a meeting serves pages at every depth.
ROOT = "__mbroot__/"
_SPLIT = "MBSPLIT0d9c4e7a"
_SPLIT_HTML = f"<p>{_SPLIT}</p>"


@dataclass(frozen=True)
class RenderedMeeting:
    """A meeting's minutes text as sanitised HTML, links relative to ``ROOT``."""

    intro: str
    items: dict[str, str]
    decisions: dict[int, str]
    actions: dict[int, str]
    # (passage, line within it, message) when the text could not be rendered safely.
    problem: tuple[str, int, str] | None = None


# Kept between builds: `mkdocs serve` reloads nothing in this module, so an
# unchanged meeting is never rendered twice. Keyed by its text with
# cross-references already resolved, so a renamed target still re-renders.
_rendered = ContentCache()
# Each meeting's texts with cross-references resolved, and their key in ``_rendered``: worked out
# again only for a meeting that changed (a link's words come from the target's id and body name).
_prepared = SameObjectCache()


class Renderer:
    """Renders each meeting's Markdown in one pass, once, however many pages show it."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def meetings(self, meetings: Sequence[Meeting]) -> dict[str, RenderedMeeting]:
        """Every meeting's intro, items, decisions and actions, by meeting id."""
        body_names = tuple((body_id, body.name) for body_id, body in self.archive.registry.bodies.items())
        sources_and_keys = dict(
            zip((meeting.id for meeting in meetings), _prepared.map(meetings, body_names, self._sources_and_key))
        )
        prepared = {meeting_id: sources for meeting_id, (sources, _) in sources_and_keys.items()}
        keys = {meeting_id: key for meeting_id, (_, key) in sources_and_keys.items()}
        missing = [meeting_id for meeting_id, key in keys.items() if _rendered.get(key) is None]
        problems = []
        by_id = {meeting.id: meeting for meeting in meetings}
        for meeting_id, rendered in zip(missing, map_over_cores(render_meeting, [prepared[m] for m in missing])):
            if rendered.problem is None:
                _rendered.put(keys[meeting_id], rendered)
                continue
            # Not kept: a budget missed on a busy machine is tried again at the next build.
            passage, offset, message = rendered.problem
            meeting = by_id[meeting_id]
            problems.append(Problem(meeting.source, self.line_of(meeting, passage) + offset, message))
        if problems:
            raise MinutesError(problems)
        result = {meeting_id: cast(RenderedMeeting, _rendered.get(key)) for meeting_id, key in keys.items()}
        _rendered.end_build()
        return result

    def _sources_and_key(self, meeting: Meeting) -> tuple[dict[str, str], str]:
        sources = self._sources(meeting)
        return sources, ContentCache.key(repr(sorted(sources.items())))

    def _sources(self, meeting: Meeting) -> dict[str, str]:
        sources = {"intro": meeting.intro} if meeting.intro else {}
        sources |= {f"item:{item.number}": item.text for item in meeting.items if item.text}
        sources |= {f"decision:{d.number}": d.text for d in meeting.decisions}
        sources |= {f"action:{a.number}": a.text for a in meeting.actions}
        return {key: CROSS_REFERENCE.sub(self._link, text) for key, text in sources.items()}

    def line_of(self, meeting: Meeting, passage: str) -> int:
        """The line of the file where a passage (``intro``, ``item:N``, ``decision:N``, ``action:N``) starts."""
        kind, _, number = passage.partition(":")
        if kind == "item":
            item = meeting.item(number)
            return (item.text_line or item.line) if item else 1
        if kind in ("decision", "action"):
            numbers = [entry.number for entry in (meeting.decisions if kind == "decision" else meeting.actions)]
            index = next((i for i, found in enumerate(numbers) if str(found) == number), 0)
            return meeting.line_of.get(f"{kind}s.{index}", 1)
        return meeting.intro_line

    def _link(self, match: re.Match[str]) -> str:
        target = match["target"]
        label = match["label"] or self.archive.title_of(target)
        return f"[{_escape_markdown(label.strip())}]({ROOT}{uid_url(target)})"


_markdown: list[markdown.Markdown] = []
# CPU seconds one meeting's text may take to render: a 2 MB file of real minutes takes about one.
TIME_BUDGET = 10.0


def render_meeting(sources: dict[str, str]) -> RenderedMeeting:
    """One meeting's passages (``intro``, ``item:N``, ``decision:N``, ``action:N``) as safe HTML.

    All passages go through one Markdown pass, split apart afterwards: Python-Markdown's
    fixed cost per call dominated large builds when each passage had its own.
    """
    if not _markdown:
        _markdown.append(markdown.Markdown(extensions=EXTENSIONS, output_format="html"))
    converter = _markdown[0]
    try:
        with cpu_budget(TIME_BUDGET):
            joined = f"\n\n{_SPLIT}\n\n".join(sources.values())
            parts = sanitise(convert(converter, joined)).split(_SPLIT_HTML)
            if len(parts) != len(sources):  # a passage broke the separator (e.g. an unclosed fence)
                parts = [sanitise(convert(converter, text)) for text in sources.values()]
    except TooSlow:
        passage, offset = _likely_cause(sources)
        return _failed(
            (
                passage,
                offset,
                f"this text took more than {TIME_BUDGET:.0f} s to read (the limit for one file); "
                "look for a long run of [ ( ` * _ or < characters near here and remove it",
            )
        )
    except RecursionError:
        passage, offset = _likely_cause(sources)
        return _failed((passage, offset, "lists, quotes or markup are nested too deeply here to be read"))
    html_of = {name: part.strip() for name, part in zip(sources, parts)}

    def numbered(prefix: str) -> dict[int, str]:
        return {int(k.split(":")[1]): _unwrap(v) for k, v in html_of.items() if k.startswith(prefix)}

    return RenderedMeeting(
        intro=html_of.get("intro", ""),
        items={k.split(":", 1)[1]: v for k, v in html_of.items() if k.startswith("item:")},
        decisions=numbered("decision:"),
        actions=numbered("action:"),
    )


def _failed(problem: tuple[str, int, str]) -> RenderedMeeting:
    return RenderedMeeting("", {}, {}, {}, problem)


def _likely_cause(sources: dict[str, str]) -> tuple[str, int]:
    """The passage and line with the longest run of one markup character: where a slow text usually is."""
    best = ("intro", 0, -1)
    for name, text in sources.items():
        for offset, line in enumerate(text.split("\n")):
            run = max((len(match.group(0)) for match in _MARKUP_RUN.finditer(line)), default=0)
            count = max((line.count(char) for char in "[(`*_<"), default=0)
            if max(run, count) > best[2]:
                best = (name, offset, max(run, count))
    return best[0], best[1]


_MARKUP_RUN = re.compile(r"([\[(`*_<])\1*")


class TooSlow(Exception):
    """Rendering ran past its time budget."""


@contextlib.contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` in the block once it has used ``seconds`` of CPU time (in the main thread only:
    elsewhere the block runs unbounded, as signals reach only the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGVTALRM, expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def convert(converter: markdown.Markdown, text: str) -> str:
    """``converter``'s HTML for ``text``, the same as it would give, in time linear in the text."""
    return restore_guarded(converter.reset().convert(guard_markdown(text)))


# Noncharacters stand in for characters Markdown must not start a scan at (the minutes may not hold them).
_OPEN, _CLOSE, _LESS, _PAREN = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_RESTORE = str.maketrans({_OPEN: "[", _CLOSE: "]", _LESS: "&lt;", _PAREN: "("})
MAX_BRACKET_DEPTH = 8  # [a [b [c]]]: links nest one or two deep; each level rescans the text inside it
_CHUNK = re.compile(r"\n[ \t]*\n")  # a blank line: no link, code span or tag runs across it
_BRACKETS = re.compile(r"\\.|[\[\]()]", re.S)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# A tag html.parser would finish, written so that a failed match stops at the next "<" or ">" (or quote).
_ATTRIBUTE = r"""[^\s/>=<][^\s/=><]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|[^>\s<'"][^>\s<]*))?"""
_WHOLE_TAG = re.compile(
    r"<[^\s<>]+>"  # <b>, </b>, <https://...>, <name@example.org>
    rf"|</?[A-Za-z][^\t\n\r\f />\x00<]*(?:\s+{_ATTRIBUTE})*\s*/?>"
    r"|<[!?][^<>]*>"  # declarations and processing instructions
)


def guard_markdown(text: str) -> str:
    """``text`` with each ``[`` that has no ``]`` (or is nested deeper than any link), each ``(`` after a
    link's ``]`` that is never closed, and each ``<`` that starts no whole tag, swapped for a placeholder."""
    if "[" not in text and "<" not in text:
        return text
    chars = list(text)
    start = 0
    for boundary in [*(match.start() for match in _CHUNK.finditer(text)), len(text)]:
        if "[" in text[start:boundary]:
            _guard_links(text, start, boundary, chars)
        start = boundary
    for match in _TAG_START.finditer(text):
        if not _WHOLE_TAG.match(text, match.start()):
            chars[match.start()] = _LESS
    return "".join(chars)


def _guard_links(text: str, start: int, end: int, chars: list[str]) -> None:
    """Placeholders for the brackets of one paragraph-sized chunk that can start no link."""
    brackets: list[int] = []
    parens: list[int] = []
    link_parens = []  # "(" right after a "]" that closes a link's text
    for match in _BRACKETS.finditer(text, start, end):
        char, at = match.group(0), match.start()
        if char == "[":
            brackets.append(at)
        elif char == "]" and brackets:
            opened = brackets.pop()
            if len(brackets) >= MAX_BRACKET_DEPTH:
                chars[opened], chars[at] = _OPEN, _CLOSE
            elif at + 1 < end and text[at + 1] == "(":
                link_parens.append(at + 1)
        elif char == "(":
            parens.append(at)
        elif char == ")" and parens:
            parens.pop()
    for opened in brackets:
        chars[opened] = _OPEN
    unclosed = set(parens)
    for at in link_parens:
        if at in unclosed:
            chars[at] = _PAREN


def restore_guarded(html: str) -> str:
    """The placeholders of :func:`guard_markdown` put back, as the characters Markdown would have left."""
    return html.translate(_RESTORE) if "\ufdd0" <= max(html, default="") else html


def find_references(text: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each ``[[id]]`` cross-reference in ``text`` and the line it is on, counted from 0."""
    line, counted = 0, 0
    for match in CROSS_REFERENCE.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield match, line


@dataclass(frozen=True)
class RenderedTexts:
    """Every meeting's rendered text, so any page can show a decision's or action's words."""

    by_meeting: dict[str, RenderedMeeting]

    def html(self, uid: str, page_url: str) -> str:
        """The text of decision ``.../dN`` or action ``.../aN`` as HTML for the page at ``page_url``."""
        meeting_id, _, last = uid.rpartition("/")
        rendered = self.by_meeting[meeting_id]
        texts = rendered.decisions if last.startswith("d") else rendered.actions
        return at_page(texts[int(last[1:])], page_url)


def render_texts(archive: Archive) -> RenderedTexts:
    """Render every meeting of ``archive`` (from the cache where unchanged); ``MinutesError`` if one cannot be."""
    return RenderedTexts(Renderer(archive).meetings(archive.meetings))


def at_page(fragment: str, page_url: str) -> str:
    """Rendered minutes HTML with its links made relative to the page at ``page_url``."""
    return fragment.replace(ROOT, "../" * page_url.count("/"))


def _unwrap(fragment: str) -> str:
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment


def _escape_markdown(text: str) -> str:
    return "".join("\\" + char if char in "\\`*_[]()<>#!" else char for char in text)


def sanitise(fragment: str) -> str:
    """Only harmless markup survives: no scripts, handlers, javascript: URLs, frames or styles."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )


# Ids and classes the page itself uses: minutes text may not take them, so it can neither
# move an item's anchor, break the theme's controls (Material's "__search", "__drawer"), nor
# dress itself up as the archive's own notices (a fake "mb-banner--draft", "md-banner").
_RESERVED_ID = re.compile(
    r"__.*|item-.*|[ad]\d+|attendance|updates|documents|next-meeting|referred-to|versions|agenda|papers|get-updates|mb-.*|md-.*"
)
_RESERVED_CLASS = ("mb-", "md-", "pf-")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if _RESERVED_ID.fullmatch(value) else value
    if attribute == "class":
        kept = " ".join(name for name in value.split() if not name.startswith(_RESERVED_CLASS))
        return kept or None
    return value
