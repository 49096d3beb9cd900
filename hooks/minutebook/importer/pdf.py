"""PDF files (pypdf) -> lines of text as laid out on the page: headings and bold lines marked, bullets nested."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from .extract import MAX_PDF_PAGES, SourceLine, number_lines
from .pdftables import table_pages


@dataclass(frozen=True)
class _Run:
    """A piece of text as the page prints it: where, in what face and size."""

    x: float
    y: float
    text: str
    bold: bool
    size: float


@dataclass(frozen=True)
class _Page:
    """A page's text laid out as printed, and where its leftmost letter stands (points, and points a column)."""

    text: str
    left: float | None
    column: float | None


def _page(page: Any, tabled: list[str] | None = None) -> _Page:
    """A page's text laid out as printed (as ``pdftotext -layout`` does): paragraphs apart, indents and columns kept.

    pypdf's layout mode; its plain mode (lines run together) when a page's layout cannot be worked out. A page
    with a ruled table comes as ``tabled``: its tables read cell by cell (pdftables.py), the text around them.
    """
    text = ""
    if tabled is None:
        try:
            text = str(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # noqa: BLE001 - layout mode gives up on some odd fonts; the plain text is still good
            text = ""
        if not text.strip():
            text = str(page.extract_text() or "")
    lines = tabled if tabled is not None else text.replace("\r\n", "\n").split("\n")
    runs = _runs(page)
    emphatic = _emphatic_lines(runs)
    out = []
    for line in lines:
        line = line.rstrip()
        key = re.sub(r"\s+", "", line)
        # A line printed larger than the text is a heading, one all in bold is bold, as Word's own are marked.
        mark = emphatic.get(key, "") if key else ""
        if mark.startswith("#"):
            line = f"{mark} {line.strip()}"
        elif mark == "bold":
            line = f"{line[: len(line) - len(line.lstrip())]}**{line.strip()}**"
        out.append(line)
    left, column = _left_edge(runs, lines)
    return _Page("\n".join(out), left, column)


def _runs(page: Any) -> list[_Run]:
    runs: list[_Run] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
            scale = abs(float(tm[3]) * float(cm[3])) or 1.0
            x = float(tm[4]) * float(cm[0]) + float(cm[4])
            y = round(float(tm[5]) * float(cm[3]) + float(cm[5]), 0)
            bold = bool(re.search(r"bold|black|heavy|semibold", name, re.IGNORECASE))
            runs.append(_Run(x, y, text, bold, size * scale))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - the emphasis and the margin are a help, not needed: the text is read above
        return []
    return runs


def _left_edge(runs: list[_Run], lines: list[str]) -> tuple[float | None, float | None]:
    """The page's leftmost letter (points) and the width of a layout column (points), from lines whose indent and
    printed position are both known; None where the page does not tell."""
    if not runs:
        return None, None
    left = min(run.x for run in runs)
    starts: dict[str, float] = {}
    by_line: dict[float, list[_Run]] = {}
    for run in runs:
        by_line.setdefault(run.y, []).append(run)
    for parts in by_line.values():
        key = re.sub(r"\s+", "", "".join(run.text for run in sorted(parts, key=lambda r: r.x)))
        starts.setdefault(key, min(run.x for run in parts))
    widths = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        x = starts.get(re.sub(r"\s+", "", line))
        if indent and x is not None and x > left:
            widths.append((x - left) / indent)
    return left, (sorted(widths)[len(widths) // 2] if widths else None)


def _emphatic_lines(runs: list[_Run]) -> dict[str, str]:
    """The lines of a page (their letters, spaces left out) set wholly larger than the text (their Markdown heading
    mark, "#" for the largest type) or in a bold face ("bold")."""
    if not runs:
        return {}
    sizes = sorted(run.size for run in runs for _char in run.text.strip())
    body = sizes[len(sizes) // 2]
    by_line: dict[float, list[_Run]] = {}
    for run in runs:
        by_line.setdefault(run.y, []).append(run)
    out: dict[str, str] = {}
    headings: dict[str, float] = {}
    for parts in by_line.values():
        shown = [run for run in parts if run.text.strip()]
        key = re.sub(r"\s+", "", "".join(run.text for run in parts))
        if key and all(run.size > body * 1.1 for run in shown):
            headings[key] = min(run.size for run in shown)
        elif key and all(run.bold or run.size > body * 1.1 for run in shown):
            out[key] = "bold"
    # The largest type is the first level of heading, the next size the second, as Markdown's "#" and "##"; a page
    # with one size of heading keeps "##"
    sizes = sorted({round(size) for size in headings.values()}, reverse=True)
    for key, size in headings.items():
        out[key] = "#" * (min(sizes.index(round(size)) + 1, 3) if len(sizes) > 1 else 2)
    return out


def _page_shifts(pages: list[_Page]) -> list[int]:
    """Columns to put back before each page's lines: pypdf starts every page at its own leftmost letter, so a page
    of indented bullets would otherwise lose its indent against the pages before it."""
    lefts = [page.left for page in pages if page.left is not None]
    columns = sorted(page.column for page in pages if page.column)
    if not lefts or not columns:
        return [0] * len(pages)
    edge, column = min(lefts), columns[len(columns) // 2]
    return [round((page.left - edge) / column) if page.left is not None else 0 for page in pages]


PDF_BULLET = re.compile(r"^(?P<indent> *)(?:[•●▪■◦○·‣⁃∙\uf0b7\uf0a7])\s+\S")


def _pdf_outline(texts: list[str]) -> list[str]:
    """A PDF's bullets nested as the page shows them: each distinct indent a level, four spaces a level (as Markdown
    nests), with the lines a bullet wraps onto kept under it; justified prose ("Who    owns    work") loses its
    stretched spaces."""
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
            out.append("    " * bullet + text.lstrip(" "))
        elif bullet >= 0 and text.strip() and text.startswith(" "):
            out.append("    " * bullet + "  " + text.lstrip(" "))  # the bullet's text wrapped onto a new line
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


def pdf_lines(path: Path, shown: str) -> tuple[list[SourceLine] | None, list[Problem]]:
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
    tabled = table_pages(path)
    laid_out = [_page(page, tabled.get(index)) for index, page in enumerate(reader.pages)]
    for number, (page, shift) in enumerate(zip(laid_out, _page_shifts(laid_out)), start=1):
        for text in page.text.replace("\r\n", "\n").split("\n"):
            texts.append(" " * shift + text if text.strip() and not text.startswith("#") else text)
            pages.append(number)
    if not any(text.strip() for text in texts):
        return None, [
            Problem(shown, 1, "the PDF has no text layer (a scan?); run it through OCR first, then import the text")
        ]
    # Layout mode keeps the page's left margin: take away what every line of the document has.
    margin = min((len(text) - len(text.lstrip(" ")) for text in texts if text.strip()), default=0)
    return number_lines(_pdf_outline([text[margin:] for text in texts]), pages), []
