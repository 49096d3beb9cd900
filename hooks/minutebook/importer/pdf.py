"""PDF files (pypdf) -> lines of text as laid out on the page: headings and bold lines marked, bullets nested."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import Problem
from .extract import MAX_PDF_PAGES, SourceLine, number_lines


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
    return number_lines(_pdf_outline([text[margin:] for text in texts]), pages), []
