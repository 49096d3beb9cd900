"""Minutes Markdown -> safe HTML, with [[id]] cross-references as links."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable

import markdown
import nh3

from .indexes import CROSS_REFERENCE, Archive
from .urls import relative, uid_url

EXTENSIONS = ["tables", "sane_lists", "attr_list", "def_list", "footnotes", "abbr", "smarty"]
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
                      "ol": {"start"}, "*": {"id", "class"}}


class Renderer:
    """Renders minutes text once per (text, page depth), however many pages show it."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._markdown = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        self._cache: dict[tuple[str, int, bool], str] = {}

    def block(self, text: str, page_url: str) -> str:
        """A passage of minutes (paragraphs, lists, tables) as sanitised HTML."""
        return self._render(text, page_url, inline=False)

    def inline(self, text: str, page_url: str) -> str:
        """One line (a decision, an action) as sanitised HTML without a wrapping <p>."""
        return self._render(text, page_url, inline=True)

    def _render(self, text: str, page_url: str, inline: bool) -> str:
        key = (hashlib.blake2b(text.encode(), digest_size=16).hexdigest(), page_url.count("/"), inline)
        if key not in self._cache:
            source = CROSS_REFERENCE.sub(self._link_maker(page_url), text)
            rendered = self._markdown.reset().convert(source)
            if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
                rendered = rendered[3:-4]
            self._cache[key] = sanitise(rendered)
        return self._cache[key]

    def _link_maker(self, page_url: str) -> Callable[..., str]:
        def link(match: object) -> str:
            target = match["target"]  # type: ignore[index]
            label = match["label"] or self.archive.title_of(target)  # type: ignore[index]
            return f"[{_escape_markdown(label.strip())}]({relative(uid_url(target), page_url)})"

        return link


def _escape_markdown(text: str) -> str:
    return "".join("\\" + char if char in "\\`*_[]()<>#!" else char for char in text)


def sanitise(fragment: str) -> str:
    """Only harmless markup survives: no scripts, handlers, javascript: URLs, frames or styles."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"},
                     link_rel=None, strip_comments=True)


def plain(text: str) -> str:
    """Text for attributes and feeds: markup removed, entities escaped."""
    return html.escape(nh3.clean(text, tags=set()), quote=True)
