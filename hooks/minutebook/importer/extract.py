"""Source documents -> numbered lines of text: .txt/.md, .docx (python-docx), .pdf (pypdf)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem

MAX_TEXT_BYTES = 2 * 1024 * 1024  # minutes as text are ~100 KB; more is a mistake
MAX_BINARY_BYTES = 50 * 1024 * 1024  # Word and PDF files carry images and fonts
MAX_PDF_PAGES = 500
SUFFIXES = (".txt", ".md", ".docx", ".pdf")
# Word and PDF bullets, written as Markdown's "- " so lists survive into the body.
BULLETS = re.compile(r"^(?P<indent>\s*)[•●▪■◦○·‣⁃∙\uf0b7\uf0a7](?:\s+|$)")


@dataclass(frozen=True)
class SourceLine:
    """One line of the document as text: its 1-based number (paragraph for Word) and page for PDF."""

    number: int
    text: str
    page: int | None = None


MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+")


def plain(text: str) -> str:
    """The line without Markdown emphasis or heading marks, trimmed."""
    return MARKUP.sub("", text).strip()


def extract_lines(path: Path, shown: str) -> tuple[list[SourceLine] | None, list[Problem]]:
    """The document's text as lines, or the problems that stopped it being read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return None, [
            Problem(shown, 1, f"cannot import '{path.suffix or path.name}' files; give .txt, .md, .docx or .pdf")
        ]
    if not path.is_file():
        return None, [Problem(shown, 1, "no such file")]
    limit = MAX_TEXT_BYTES if suffix in (".txt", ".md") else MAX_BINARY_BYTES
    if path.stat().st_size > limit:
        return None, [
            Problem(shown, 1, f"file is larger than {limit // (1024 * 1024)} MB; is this really one meeting's minutes?")
        ]
    try:
        if suffix in (".txt", ".md"):
            return _number(_text_lines(path, shown)), []
        if suffix == ".docx":
            numbered = _docx_lines(path)
            return [SourceLine(number, _clean(text)) for text, number in numbered], []
        return _pdf_lines(path, shown)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        # python-docx and pypdf raise many kinds of error on damaged files; the
        # clerk needs to know which file, not a traceback.
        return None, [Problem(shown, 1, f"cannot read this {suffix} file: {error.__class__.__name__}: {error}")]
    except Exception as error:  # noqa: BLE001 - pypdf's parse errors have no common base worth naming
        return None, [
            Problem(
                shown,
                1,
                f"cannot read this {suffix} file ({error.__class__.__name__}: {error});"
                " save it again or export it as text",
            )
        ]


def _text_lines(path: Path, shown: str) -> list[str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old exports from Word are usually Windows-1252; reading them so beats refusing them.
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _number(texts: list[str], pages: list[int | None] | None = None) -> list[SourceLine]:
    return [SourceLine(index + 1, _clean(text), pages[index] if pages else None) for index, text in enumerate(texts)]


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\uf0b7", "•").rstrip()
    return BULLETS.sub(lambda m: m["indent"] + "- ", text)


def _docx_lines(path: Path) -> list[tuple[str, int]]:
    """(text, paragraph number) in document order; table rows count as paragraphs, cells joined by tabs.

    Word paragraphs are Markdown paragraphs, so a blank line follows each one
    that is not a list item; the blank shares its paragraph's number.
    """
    import docx  # imported here so text imports work without python-docx installed
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[tuple[str, int]] = []
    counters: dict[tuple[str, int], int] = {}
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            number += 1
            parts, listed = _docx_paragraph(block, counters)
            lines.extend((part, number) for part in parts)
            if parts and not listed:
                lines.append(("", number))  # a list Word numbers or bullets stays one list
        elif isinstance(block, Table):
            lines.append(("", number + 1))
            for row in block.rows:
                number += 1
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    # Merged cells repeat the same cell object; write it once.
                    if not cells or text != cells[-1]:
                        cells.append(text)
                lines.append(("\t".join(cells).rstrip("\t"), number))
            lines.append(("", number))
    return lines


def _docx_paragraph(paragraph: object, counters: dict[tuple[str, int], int]) -> tuple[list[str], bool]:
    """The paragraph's lines as Markdown, and whether Word itself numbers or bullets it (a list entry)."""
    from docx.text.paragraph import Paragraph

    assert isinstance(paragraph, Paragraph)
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    num_pr: Any = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None  # python-docx's oxml is untyped
    level = 0
    if num_pr is not None and num_pr.ilvl is not None:
        level = int(num_pr.ilvl.val)
    if num_pr is None and re.search(r"^List.* (\d)$", style):
        level = int(style[-1]) - 1  # "List Bullet 2" is the second level
    indent = "    " * level
    parts = text.split("\n")  # python-docx writes a soft line break (w:br) as "\n"
    listed = True
    if style.startswith("List Number") or (num_pr is not None and "Bullet" not in style and _is_decimal(paragraph)):
        key = (style if num_pr is None else str(num_pr.numId.val if num_pr.numId is not None else style), level)
        counters[key] = counters.get(key, 0) + 1
        parts[0] = f"{indent}{counters[key]}. {parts[0]}"
    elif style.startswith("List") or num_pr is not None:
        parts[0] = f"{indent}- {parts[0]}"
    else:
        listed = False
    heading = re.fullmatch(r"Heading ([1-6])", style)
    if (heading or style == "Title") and parts[0].strip():
        # Word's own headings are headings: the importer reads them as Markdown's
        parts[0] = "#" * (int(heading[1]) if heading else 1) + " " + parts[0].strip()
        listed = False
    return parts, listed


def _is_decimal(paragraph: object) -> bool:
    """Whether Word numbers this list paragraph with digits (rather than bullets)."""
    try:
        num_pr = paragraph._p.pPr.numPr  # type: ignore[attr-defined]
        numbering = paragraph.part.numbering_part.element  # type: ignore[attr-defined]
        num_id = num_pr.numId.val
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract:
            return False
        fmt = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return bool(fmt) and fmt[0] == "decimal"
    except (AttributeError, KeyError, NotImplementedError, ValueError):
        return False


def _page_text(page: Any) -> str:
    """A page's text laid out as printed (as ``pdftotext -layout`` does): paragraphs apart, indents and columns kept.

    pypdf's layout mode; its plain mode (lines run together) when a page's layout cannot be worked out.
    """
    try:
        text = str(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # noqa: BLE001 - layout mode gives up on some odd fonts; the plain text is still good
        text = ""
    if not text.strip():
        text = str(page.extract_text() or "")
    lines = text.replace("\r\n", "\n").split("\n")
    emphatic = _emphatic_lines(page)
    out = []
    for line in lines:
        line = line.rstrip()
        key = re.sub(r"\s+", "", line)
        # A line printed larger than the text is a heading, one all in bold is bold, as Word's own are marked.
        mark = emphatic.get(key, "") if key else ""
        if mark == "heading":
            line = f"## {line.strip()}"
        elif mark == "bold":
            line = f"{line[: len(line) - len(line.lstrip())]}**{line.strip()}**"
        out.append(line)
    return "\n".join(out)


def _emphatic_lines(page: Any) -> dict[str, str]:
    """The lines of a page (their letters, spaces left out) set wholly larger than the text ("heading") or in a
    bold face ("bold")."""
    runs: list[tuple[float, str, bool, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
            scale = abs(float(tm[3]) * float(cm[3])) or 1.0
            y = round(float(tm[5]) * float(cm[3]) + float(cm[5]), 0)
            runs.append((y, text, bool(re.search(r"bold|black|heavy|semibold", name, re.IGNORECASE)), size * scale))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - the emphasis is a help, not needed: the text itself is read above
        return {}
    if not runs:
        return {}
    sizes = sorted(size for _y, text, _bold, size in runs for _char in text.strip())
    body = sizes[len(sizes) // 2]
    by_line: dict[float, list[tuple[str, bool, float]]] = {}
    for y, text, bold, size in runs:
        by_line.setdefault(y, []).append((text, bold, size))
    out: dict[str, str] = {}
    for parts in by_line.values():
        shown = [(bold, size) for text, bold, size in parts if text.strip()]
        key = re.sub(r"\s+", "", "".join(text for text, _bold, _size in parts))
        if key and all(size > body * 1.1 for _bold, size in shown):
            out[key] = "heading"
        elif key and all(bold or size > body * 1.1 for bold, size in shown):
            out[key] = "bold"
    return out


PDF_BULLET = re.compile(r"^(?P<indent> *)(?:[•●▪■◦○·‣⁃∙\uf0b7\uf0a7])\s+\S")


def _pdf_outline(texts: list[str]) -> list[str]:
    """A PDF's bullets nested as the page shows them: each distinct indent a level, two spaces a level, with the
    lines a bullet wraps onto kept under it; justified prose ("Who    owns    work") loses its stretched spaces."""
    indents = sorted({len(m["indent"]) for text in texts if (m := PDF_BULLET.match(text))})
    levels: list[int] = []
    for indent in indents:
        if not levels or indent - levels[-1] > 2:
            levels.append(indent)

    def level(indent: int) -> int:
        return max([rank for rank, start in enumerate(levels) if indent >= start - 2] or [0])

    out = []
    bullet = -1
    for text in texts:
        text = _unjustify(text)
        match = PDF_BULLET.match(text)
        if match and levels:
            bullet = level(len(match["indent"]))
            out.append("  " * bullet + text.lstrip(" "))
        elif bullet >= 0 and text.strip() and text.startswith(" "):
            out.append("  " * bullet + "  " + text.lstrip(" "))  # the bullet's text wrapped onto a new line
        else:
            bullet = -1 if not text.strip() or not text.startswith(" ") else bullet
            out.append(text)
    return out


def _unjustify(text: str) -> str:
    """A justified line's stretched spaces squeezed back; columns (gaps between phrases) are kept."""
    body = text.lstrip(" ")
    pieces = re.split(r" {2,}", body.rstrip())
    if len(pieces) >= 4 and all(len(piece.split()) == 1 for piece in pieces):
        return text[: len(text) - len(body)] + " ".join(pieces)
    return text


def _pdf_lines(path: Path, shown: str) -> tuple[list[SourceLine] | None, list[Problem]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        return None, [Problem(shown, 1, "the PDF is encrypted; save an unprotected copy first")]
    if len(reader.pages) > MAX_PDF_PAGES:
        return None, [
            Problem(shown, 1, f"the PDF has {len(reader.pages)} pages (limit {MAX_PDF_PAGES}); is this one meeting?")
        ]
    texts: list[str] = []
    pages: list[int | None] = []
    for number, page in enumerate(reader.pages, start=1):
        page_text = _page_text(page)
        for text in page_text.replace("\r\n", "\n").split("\n"):
            texts.append(text)
            pages.append(number)
    if not any(text.strip() for text in texts):
        return None, [
            Problem(shown, 1, "the PDF has no text layer (a scan?); run it through OCR first, then import the text")
        ]
    # Layout mode keeps the page's left margin: take away what every line of the document has.
    margin = min((len(text) - len(text.lstrip(" ")) for text in texts if text.strip()), default=0)
    return _number(_pdf_outline([text[margin:] for text in texts]), pages), []
