"""Word files (.docx, python-docx) -> lines of text as Markdown: Word's headings, numbering and bullets kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def docx_lines(path: Path) -> list[tuple[str, int]]:
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
    # A document without a numbering part, or with one python-docx cannot read: read as not numbered.
    except (AttributeError, KeyError, NotImplementedError, ValueError):
        return False
