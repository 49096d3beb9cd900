"""Minutes as plain text, for the files that carry text rather than HTML: feeds, CSV and JSON.

Made from the rendered HTML the pages show (``markup``), so the text is the page's: cross-references
read as their link text, and nothing the sanitiser removed comes back.
"""

from __future__ import annotations

import html
from functools import lru_cache

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
