"""Minutes Markdown -> safe HTML, with [[id]] cross-references as links, in time that grows with the text.

Every meeting's passages go through one Python-Markdown pass (``linear_markdown`` keeps its time
linear, and stops what is slower still at a per-file time budget, reported at its line), then
through the sanitiser, which keeps only harmless markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

import markdown  # type: ignore[import-untyped]  # no type information in the wheel we pin
import nh3

from .batch import ContentCache, map_over_cores
from .errors import MinutesError, Problem
from .linear_markdown import TooSlow, convert, cpu_budget
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


class TextsCache(Protocol):
    """What the build cache keeps between builds for rendering (``cache.ArchiveCache``)."""

    rendered: Any  # RenderedMeeting by key: get, put, end_build

    def key_of(self, meeting: Meeting) -> str | None: ...
    def cross_references(self, meeting: Meeting, compute: Callable[[], tuple[str, ...]]) -> tuple[str, ...]: ...


class Renderer:
    """Renders each meeting's Markdown in one pass, once, however many pages show it."""

    def __init__(self, archive: Archive, cache: TextsCache | None = None) -> None:
        self.archive = archive
        self.cache = cache

    def meetings(self, meetings: Sequence[Meeting]) -> dict[str, RenderedMeeting]:
        """Every meeting's intro, items, decisions and actions, by meeting id."""
        # Without the build cache (a check, a script), nothing is kept beyond this call.
        store = self.cache.rendered if self.cache is not None else ContentCache()
        keys = self._keys(meetings)
        missing = [meeting for meeting in meetings if store.get(keys[meeting.id]) is None]
        problems = []
        sources = [self._sources(meeting) for meeting in missing]
        for meeting, rendered in zip(missing, map_over_cores(MarkdownPass(), sources)):
            if rendered.problem is None:
                store.put(keys[meeting.id], rendered)
                continue
            # Not kept: a budget missed on a busy machine is tried again at the next build.
            passage, offset, message = rendered.problem
            problems.append(Problem(meeting.source, self.line_of(meeting, passage) + offset, message))
        if problems:
            raise MinutesError(problems)
        result = {meeting.id: cast(RenderedMeeting, store.get(keys[meeting.id])) for meeting in meetings}
        store.end_build()
        return result

    def _keys(self, meetings: Sequence[Meeting]) -> dict[str, str]:
        """Each meeting's key in the store of rendered texts: its texts with cross-references resolved.

        With the build cache, the meeting's own cache key and the titles of what it cites instead, which
        needs no pass over its texts: a renamed target, or a decision cited as "Decision 3" that became a
        lost motion, still renders it again.
        """
        if self.cache is not None:
            return {meeting.id: self._cached_key(meeting, self.cache) for meeting in meetings}
        return {meeting.id: self._sources_and_key(meeting)[1] for meeting in meetings}

    def _cached_key(self, meeting: Meeting, cache: TextsCache) -> str:
        key = cache.key_of(meeting)
        if key is None:  # not loaded through the cache
            return self._sources_and_key(meeting)[1]
        cited = cache.cross_references(meeting, lambda: _cited(meeting))
        return ContentCache.key(key, *(f"{target}\0{self.archive.title_of(target)}" for target in cited))

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


# CPU seconds one meeting's text may take to render: a 2 MB file of real minutes takes about one.
TIME_BUDGET = 10.0


def markdown_converter() -> markdown.Markdown:
    """The one Python-Markdown set-up of the minutes' text."""
    return markdown.Markdown(extensions=EXTENSIONS, output_format="html")


class MarkdownPass:
    """``render_meeting`` with one converter for every meeting it renders, made on first use in each
    process (a forked worker gets its own copy of this object, and so its own converter)."""

    def __init__(self) -> None:
        self._converter: markdown.Markdown | None = None

    def __call__(self, sources: dict[str, str]) -> RenderedMeeting:
        if self._converter is None:
            self._converter = markdown_converter()
        return render_meeting(sources, self._converter)


def render_meeting(sources: dict[str, str], converter: markdown.Markdown | None = None) -> RenderedMeeting:
    """One meeting's passages (``intro``, ``item:N``, ``decision:N``, ``action:N``) as safe HTML.

    All passages go through one Markdown pass, split apart afterwards: Python-Markdown's
    fixed cost per call dominated large builds when each passage had its own.
    """
    if converter is None:
        converter = markdown_converter()
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


def render_texts(archive: Archive, cache: TextsCache | None = None) -> RenderedTexts:
    """Render every meeting of ``archive`` (from the cache where unchanged); ``MinutesError`` if one cannot be."""
    return RenderedTexts(Renderer(archive, cache).meetings(archive.meetings))


def _cited(meeting: Meeting) -> tuple[str, ...]:
    """The ids ``meeting``'s texts cite, each once, sorted."""
    texts = [meeting.intro, *(item.text for item in meeting.items)]
    texts += [decision.text for decision in meeting.decisions] + [action.text for action in meeting.actions]
    return tuple(sorted({match["target"] for text in texts for match in CROSS_REFERENCE.finditer(text)}))


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
