"""Text as a reader sees it: the characters that do not show, and the forms a passage takes once published.

A name on the redaction list must be found however it was typed, so passages are compared the way
the eye reads them: Markdown and HTML markup that renders as nothing (``J*ane*``, ``Ja<b></b>ne``),
entities (``Ja&#110;e``, ``&nbsp;``), percent-escapes in addresses, compatibility forms (``Ｊａｎｅ``),
and characters that take no space on the page (zero-width and format characters, variation
selectors, fillers) are all undone, and case and spacing ignored. What a link points at and what a tag
says in its attributes (a ``title`` shown on hover, an ``href``) are published too, so they are read as
passages of their own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

# Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt): characters a renderer
# shows as nothing. Python's unicodedata has no accessor for it.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Format characters that are not default-ignorable (number signs, Egyptian hieroglyph controls...).
_OTHER_FORMAT = (
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
)
# Drawn as an empty cell of the width of a letter (the fillers, though default-ignorable, are in most fonts).
_BLANK_GLYPHS = {"\u2800", "\u115f", "\u1160", "\u3164", "\uffa0"}
_BLANKS = re.compile("[" + "".join(sorted(_BLANK_GLYPHS)) + "]")
_UNSEEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    + "".join(f"{chr(low)}-{chr(high)}" for low, high in (*_DEFAULT_IGNORABLE, *_OTHER_FORMAT))
    + "]"
)
_SPACES = re.compile(r"\s+")


def default_ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


def invisible(char: str) -> bool:
    """Whether ``char`` changes a text without showing: format characters, controls, fillers, blanks."""
    if " " <= char < "\x7f" or char in "\t\n":
        return False
    return (
        _UNSEEN.match(char) is not None
        or char in _BLANK_GLYPHS
        or unicodedata.category(char) in {"Cf", "Cc", "Co", "Cs", "Cn"}
    )


def odd_space(char: str) -> bool:
    """A space other than the ordinary and the no-break one: it looks like a space and is not one."""
    return char.isspace() and char not in " \u00a0\t\n"


def fold(text: str) -> str:
    """``text`` with what the eye cannot see removed: compatibility forms, invisible characters, case, spacing.

    A blank glyph (U+2800, the Hangul fillers) shows as a gap between words: it becomes a space.
    """
    text = _UNSEEN.sub("", _BLANKS.sub(" ", unicodedata.normalize("NFKC", text)))
    return _SPACES.sub(" ", text.casefold()).strip()


def fold_variants(text: str) -> list[str]:
    """:func:`fold`, and when ``text`` holds a blank glyph also the reading where it joins a word ("Ja⠀ne")."""
    folded = fold(text)
    if not _BLANKS.search(text):
        return [folded]
    joined = _SPACES.sub(" ", _UNSEEN.sub("", _BLANKS.sub("", unicodedata.normalize("NFKC", text))).casefold())
    return [folded, joined.strip()]


# Markup that renders as nothing, or as a break between words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|h[1-6]|blockquote|pre)\b[^<>]*>", re.I
)
_TAG = re.compile(r"<[^<>]*>")
_LINK_TARGET = re.compile(r"\]\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\[\]]*\])")
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}]*\}")
_ESCAPE = re.compile(r"\\(.)", re.S)
_INLINE_MARKS = re.compile(r"!?\[|\]|[*_`~]")


def reader_forms(text: str) -> list[str]:
    """Every form ``text`` can take in the published site, each to be read for names.

    The text as written (it reaches the open data as Markdown), the text as rendered (a superset:
    markup that could render as nothing is taken out, which may join more than a browser would),
    and each link target, attribute list and tag on its own, with entities and %-escapes decoded.
    """
    pieces: list[str] = []

    def aside(pattern: re.Pattern[str], replacement: str, source: str) -> str:
        def keep(match: re.Match[str]) -> str:
            pieces.append(match.group(0))
            return replacement

        return pattern.sub(keep, source)

    shown = aside(_LINK_TARGET, "]", text)
    shown = aside(_ATTRIBUTE_LIST, "", shown)
    shown = aside(_BLOCK_TAG, " ", shown)
    shown = aside(_TAG, "", shown)
    shown = _INLINE_MARKS.sub("", _ESCAPE.sub(r"\1", shown))
    forms = [text, _decoded(shown)]
    forms += [_decoded(piece) for piece in pieces]
    return [form for index, form in enumerate(forms) if form and form not in forms[:index]]


def _decoded(text: str) -> str:
    """Entities and %-escapes undone, as a browser shows a text and follows an address."""
    unescaped = html.unescape(text)
    return unquote(unescaped) if "%" in unescaped else unescaped
