"""Source lines read for their layout: heading marks, bold, bullets and depth, tables, strike-through, page furniture.

Minutes arrive as text exported from Word or a PDF, or as Markdown from a
website. This module sees each line as a reader does, before any meaning is
looked for: a ``## Heading``, a bold label, a bullet two levels deep, a
Markdown or tab-aligned table row, a struck-out name, a footer repeated on
every page. Nothing is dropped; furniture is only marked so the parser does
not read it as business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import SourceLine

HEADING_MARK = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
BULLET_MARK = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+•–▪●◦]|\\-)[ \t]+(?=\S)")
BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+")
EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])")
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
STRUCK = re.compile(r"~~(?P<text>.+?)\s*~~")
FURNITURE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-|signed\b.*(?:_{3,}|\.{5,}).*|"
    r"(?:chair(?:man|person)?|signed)\s*[:.]?\s*(?:_{3,}|\.{5,}).*|_{5,}|-{3,}|\*{3,}|<!--\s*-->|\{[:.#][^}]*\})$",
    re.IGNORECASE,
)
TABLE_RULE = re.compile(r"^\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?$")
COLUMN_GAP = re.compile(r"\t+|\s{3,}")


@dataclass(frozen=True)
class Line:
    """One source line as laid out: its text without marks, and what the marks said."""

    number: int
    raw: str
    text: str
    heading: int = 0  # Markdown heading level, 0 for none
    bold: bool = False  # the whole line is bold
    depth: int = -1  # bullet depth (0 = top level), -1 when not a bullet
    indent: int = 0  # leading spaces, tabs counted as four
    cells: tuple[str, ...] = ()  # table cells, when the line is a table row
    struck: bool = False  # the whole line is struck through (a name crossed out)
    furniture: bool = False  # page footers, signature lines, rules: not business
    quoted: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def plain_text(text: str) -> str:
    """Text without Markdown emphasis, links (their words are kept), escapes or superscript marks."""
    text = LINK.sub(lambda m: m["text"] if m["text"].strip() else m["url"], text)
    text = AUTOLINK.sub(lambda m: m["url"], text)
    text = STRUCK.sub(lambda m: m["text"], text)
    text = re.sub(r"\^(\w{1,3})\^", r"\1", text)  # 5^th^ from a Word conversion
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|~])", r"\1", text)
    text = re.sub(r"\\$", "", text)
    text = EMPHASIS.sub("", text)
    text = text.replace("`", "")
    return re.sub(r"[ \t]+$", "", text)


def read_lines(source: list[SourceLine]) -> list[Line]:
    """Every source line with its layout read; the YAML front matter of a web page is kept as header text."""
    out: list[Line] = []
    in_front = bool(source) and source[0].text.strip() == "---"
    for index, line in enumerate(source):
        raw = line.text.replace("\f", "")
        if in_front:
            if index > 0 and raw.strip() in ("---", "..."):
                in_front = False
            out.append(Line(line.number, line.text, "", furniture=True) if index == 0 or not in_front else _front(line))
            continue
        out.extend(_line(line.number, piece) for piece in run_on_pieces(raw))
    return _setext(out)


# Text pasted from Word into a web page loses its line breaks: "… duly elected. 6. The Minutes …",
# "Reports 8.1 Chairman's Report …", "Matters arising • It was requested …".
RUN_ON_BREAK = re.compile(
    r"(?<=[.!?])[ \t]+(?=\d{1,2}\.[ \t]+[A-Z][a-z])"
    r"|(?<=[A-Za-z’'])[ \t]+(?=\d{1,2}\.\d[a-z]?[ \t]+[A-Z])"
    r"|(?<=\S)[ \t]+(?=[•●▪][ \t]+[A-Z])"
)
# "at 7.30 The", "see item 8.1 Chairman's Report": a time or a reference, not a sub-item starting
REFERENCE = re.compile(r"\b(?:at|by|from|until|to|and|on|of|see|page|pages|item|items|minute|minutes|para)$", re.I)


def run_on_pieces(raw: str) -> list[str]:
    """A long line that runs several items, sub-items or bullets together, cut where each starts."""
    if "\t" in raw or "|" in raw or raw.lstrip().startswith("#"):
        return [raw]
    item = re.match(r"^\s*(\d{1,2})\.\s", raw)
    sub_item = f"{item[1]}." if item else None
    pieces: list[str] = []
    start = 0
    for cut in RUN_ON_BREAK.finditer(raw):
        # a short line is cut only before its own item's first sub-item ("10. Correspondence 10.1 …")
        own = sub_item is not None and raw[cut.end() :].startswith(sub_item) and not pieces
        if REFERENCE.search(raw[start : cut.start()]) or (len(raw) < 120 and not own):
            continue
        pieces.append(raw[start : cut.start()])
        start = cut.end()
    pieces.append(raw[start:])
    return [piece for piece in pieces if piece.strip()] or [raw]


RULE = re.compile(r"\s{0,3}(?P<rule>([=\-~^*#+\"'`])\2{2,})\s*")
RULE_LEVELS = {"=": 1, "-": 2}  # Markdown's two; reStructuredText's other adornments ("~~~", "^^^") a level below


def _setext(lines: list[Line]) -> list[Line]:
    """ "Minutes" over a line of "=====" or "-----" is a Markdown heading (level 1 or 2), as are reStructuredText's
    titles under (or between) lines of "~~~", "^^^", "***" …; the rules are furniture."""
    out = list(lines)
    for index in range(len(out) - 1):
        line, rule = out[index], out[index + 1]
        underline = RULE.fullmatch(rule.raw)
        if not underline or line.blank or line.heading or line.depth >= 0 or line.cells:
            continue
        if underline["rule"][0] not in "=-" and len(underline["rule"]) < len(line.text.strip()):
            continue  # reStructuredText's adornment is at least as long as its title
        overline = index > 0 and RULE.fullmatch(out[index - 1].raw) and out[index - 1].raw.strip() == rule.raw.strip()
        if not overline and index > 0 and not out[index - 1].blank and not out[index - 1].furniture:
            continue  # a rule under the last line of a paragraph: left as it is
        if line.raw.strip() != line.text.strip() and re.match(r"^\s*[\w-]+\s*[:=]", line.raw):
            continue  # the last setting of a web page's front matter, above its closing "---"
        if overline:
            out[index - 1] = Line(out[index - 1].number, out[index - 1].raw, "", furniture=True)
        level = RULE_LEVELS.get(underline["rule"][0], 3)
        out[index] = Line(
            line.number, line.raw, line.text, level, line.bold, -1, line.indent, (), False, False, line.quoted
        )
        out[index + 1] = Line(rule.number, rule.raw, "", furniture=True)
    return out


def _front(line: SourceLine) -> Line:
    """A line of a web page's front matter: ``title: ...`` and ``date: ...`` are header text, the rest furniture."""
    match = re.match(r"^\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$", line.text)
    if match and match["key"].lower() in ("title", "date", "subtitle", "description") and match["value"].strip():
        value = match["value"].strip().strip("\"'")
        return Line(line.number, line.text, value, heading=1 if match["key"].lower() == "title" else 0)
    return Line(line.number, line.text, "", furniture=True)


def _line(number: int, raw: str) -> Line:
    text = raw.rstrip()
    quoted = bool(BLOCKQUOTE.match(text))
    if quoted:
        text = BLOCKQUOTE.sub("", text)
    indent = len(re.match(r"^[ \t]*", text)[0].expandtabs(4))  # type: ignore[index]  # the pattern always matches
    stripped = text.strip()
    if not stripped:
        return Line(number, raw, "", quoted=quoted)
    heading = 0
    match = HEADING_MARK.match(stripped)
    if match:
        heading, stripped = len(match["hashes"]), match["text"]
    depth = -1
    bullet = BULLET_MARK.match(text)
    if bullet and not heading:
        depth = _depth(len(bullet["indent"].expandtabs(4)))
        stripped = text[bullet.end() :].strip()
    struck = bool(
        re.fullmatch(r"~~.+~~", stripped.replace("~~ ", "~~").strip()) or re.fullmatch(r"~~.*~~\s*", stripped)
    )
    bold = bool(re.fullmatch(r"(?:\*\*|__)(?!\s).+?(?:\*\*|__)[.:]?", stripped)) and stripped.count("**") <= 2
    cells: tuple[str, ...] = ()
    if (stripped.startswith("|") and stripped.count("|") >= 2) or re.search(r"\S\s\|\s\S", stripped):
        cells = tuple(plain_text(cell).strip() for cell in stripped.strip().strip("|").split("|"))
    elif "\t" in stripped.strip():
        cells = tuple(plain_text(cell).strip() for cell in re.split(r"\t+", stripped.strip()) if cell.strip())
    text_out = plain_text(stripped).strip()
    if cells and TABLE_RULE.match(stripped):
        return Line(number, raw, text_out, cells=cells, furniture=True)
    furniture = bool(FURNITURE.match(text_out)) or (bool(re.fullmatch(r"\d{1,3}", text_out)) and indent > 20)
    return Line(number, raw, text_out, heading, bold, depth, indent, cells, struck, furniture, quoted)


def _depth(spaces: int) -> int:
    """Bullet depth from its indent: Markdown nests at two to four spaces."""
    return 0 if spaces < 2 else 1 if spaces < 6 else 2 if spaces < 10 else 3


def spaced_prose(text: str) -> bool:
    """Sentences typed with wide spaces after each full stop ("… Cllr Mrs Hull.   4 Votes for.    Carried"): prose,
    not columns."""
    gaps = list(re.finditer(r" {3,}", text.strip()))
    return (
        bool(gaps)
        and "\t" not in text
        and all(re.search(r"[.!?:][\"'’”)*]*$", text.strip()[: gap.start()]) for gap in gaps)
    )


def columns(text: str) -> list[str]:
    """A line laid out in columns (a PDF or a typed table): the pieces between wide gaps."""
    return [piece.strip() for piece in COLUMN_GAP.split(text.strip()) if piece.strip()]
