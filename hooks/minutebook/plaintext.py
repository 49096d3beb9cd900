"""Minutes as plain text, for the files that carry text rather than HTML: feeds, CSV and JSON.

Made from the rendered HTML the pages show (``markup``), so the text is the page's: cross-references
read as their link text, and nothing the sanitiser removed comes back.
"""

from __future__ import annotations

import html
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from .markup import RenderedTexts


def text_of(texts: RenderedTexts, uid: str) -> str:
    """The words of decision ``.../dN`` or action ``.../aN`` as one line of plain text."""
    return html_text(texts.html(uid, ""))


@lru_cache(maxsize=65536)
def html_text(fragment: str) -> str:
    """Sanitised HTML as the text a reader sees, on one line: tags dropped, entities decoded, spaces squeezed.

    Cached: feeds, JSON and CSV all ask for the same decision and action texts.
    """
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


def html_paragraphs(fragment: str) -> tuple[str, ...]:
    """Sanitised HTML as its paragraphs of text, in order: one per paragraph, list item, heading or table row."""
    parser = _Paragraphs()
    parser.feed(fragment)
    parser.close()
    parser.end_paragraph()
    return tuple(parser.paragraphs)


# Elements that start and end a paragraph of text; a table's cells are joined within their row.
_BLOCKS = frozenset(
    {"p", "li", "dt", "dd", "h3", "h4", "h5", "h6", "pre", "blockquote", "div", "tr", "caption"}
    | {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "hr"}
)
_CELLS = frozenset({"td", "th"})


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._words: list[str] = []
        self._cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.end_paragraph()
        elif tag in _CELLS:
            if self._cells:
                self._words.append(" | ")
            self._cells += 1
        elif tag == "br":
            self._words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        self._words.append(data)

    def end_paragraph(self) -> None:
        text = " ".join("".join(self._words).split())
        if text:
            self.paragraphs.append(text)
        self._words, self._cells = [], 0
