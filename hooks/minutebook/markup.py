"""Minutes Markdown -> safe HTML, with [[id]] cross-references as links."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import markdown
import nh3

from .batch import ContentCache, SameObjectCache, map_over_cores
from .indexes import CROSS_REFERENCE, Archive
from .model import Meeting
from .urls import uid_url

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
        for meeting_id, rendered in zip(missing, map_over_cores(render_meeting, [prepared[m] for m in missing])):
            _rendered.put(keys[meeting_id], rendered)
        result = {meeting_id: _rendered.get(key) for meeting_id, key in keys.items()}
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

    def _link(self, match: re.Match[str]) -> str:
        target = match["target"]
        label = match["label"] or self.archive.title_of(target)
        return f"[{_escape_markdown(label.strip())}]({ROOT}{uid_url(target)})"


_markdown: list[markdown.Markdown] = []


def render_meeting(sources: dict[str, str]) -> RenderedMeeting:
    """One meeting's passages (``intro``, ``item:N``, ``decision:N``, ``action:N``) as safe HTML.

    All passages go through one Markdown pass, split apart afterwards: Python-Markdown's
    fixed cost per call dominated large builds when each passage had its own.
    """
    if not _markdown:
        _markdown.append(markdown.Markdown(extensions=EXTENSIONS, output_format="html"))
    converter = _markdown[0]
    joined = f"\n\n{_SPLIT}\n\n".join(sources.values())
    parts = sanitise(converter.reset().convert(joined)).split(_SPLIT_HTML)
    if len(parts) != len(sources):  # a passage broke the separator (e.g. an unclosed fence)
        parts = [sanitise(converter.reset().convert(text)) for text in sources.values()]
    html_of = {name: part.strip() for name, part in zip(sources, parts)}
    numbered = lambda prefix: {int(k.split(":")[1]): _unwrap(v) for k, v in html_of.items() if k.startswith(prefix)}  # noqa: E731
    return RenderedMeeting(
        intro=html_of.get("intro", ""),
        items={k.split(":", 1)[1]: v for k, v in html_of.items() if k.startswith("item:")},
        decisions=numbered("decision:"),
        actions=numbered("action:"),
    )


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
    """Render every meeting of ``archive`` (from the cache where unchanged)."""
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
