"""Ruled tables in a PDF (pdfplumber): read cell by cell, not as a page of columns run together.

A school's minutes often sit in a table of item, discussion and action columns,
and an attendance grid is a table too. Laid out as text, the columns interleave
line by line; read as cells, each item keeps its own words. A table whose rows
open with an item's code ("FGB 20/2021") becomes numbered items with their text;
any other table becomes rows of tab-separated cells, as a Word table's rows do.
Pages with no ruled table are left to the text layout.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# "FGB 20/2021", "20/2021", "28c/2021", "4.", "12.3": the code an item's row opens with
ITEM_CODE = re.compile(r"^(?:[A-Z]{1,6}\s?)?\d{1,4}[a-z]?(?:[/.]\d{1,4})*[.)]?$")


def table_pages(path: Path) -> dict[int, list[str]]:
    """The lines of each page (counted from 0) that holds a ruled table; pages without one are left out."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - pdfplumber is in requirements; without it the layout text is read
        return {}
    out: dict[int, list[str]] = {}
    try:
        with pdfplumber.open(str(path)) as pdf:
            for index, page in enumerate(pdf.pages):
                tables = [table for table in page.find_tables() if _ruled_table(table.extract())]
                if tables:
                    out[index] = _page_lines(page, sorted(tables, key=lambda table: table.bbox[1]))
    except Exception:  # noqa: BLE001 - a table the library cannot read leaves the page to the text layout
        return {}
    return out


def _ruled_table(rows: list[list[str | None]]) -> bool:
    """A table worth reading as cells: some row with two cells or more that have words in them."""
    return any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)


def _page_lines(page: Any, tables: list[Any]) -> list[str]:
    lines: list[str] = []
    top = 0.0
    for table in tables:
        if table.bbox[1] > top:
            lines += _text_between(page, top, table.bbox[1])
        lines += _table_lines(table.extract())
        top = max(top, table.bbox[3])
    return lines + _text_between(page, top, page.height)


def _text_between(page: Any, top: float, bottom: float) -> list[str]:
    """The text of the page between two heights, as laid out, with runs of blank lines cut to one."""
    if bottom - top < 1:
        return []
    text = page.crop((0, max(0.0, top), page.width, min(page.height, bottom))).extract_text(layout=True) or ""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return [*out, ""] if out else []


def _table_lines(rows: list[list[str | None]]) -> list[str]:
    cells = [[_cell(cell) for cell in row] for row in rows]
    coded = [row for row in cells if row and ITEM_CODE.match(row[0].split("\n")[0].strip())]
    header = bool(cells) and not ITEM_CODE.match(cells[0][0].strip()) and all(len(c) <= 30 for c in cells[0])
    if coded and not header and len(coded) * 2 >= len([row for row in cells if any(row)]):
        return [line for row in cells for line in _item_row(row)]
    return ["\t".join(" ".join(cell.split()) for cell in row if cell) for row in cells if any(row)] + [""]


def _item_row(row: list[str]) -> list[str]:
    """ "FGB 22/2021 | To agree the Minutes … | Agreed and signed … | Clerk": the code and title on one line, then
    each other cell as a paragraph of its own."""
    filled = [cell for cell in row if cell]
    if not filled:
        return []
    if not ITEM_CODE.match(row[0].strip()) or len(row) < 2:
        return [line for cell in filled for line in [*cell.split("\n"), ""]]
    title = " ".join(row[1].split())
    out = [f"{row[0].strip()} {title}".rstrip(), ""]
    for cell in row[2:]:
        if cell:
            out += [*cell.split("\n"), ""]
    return out


def _cell(cell: str | None) -> str:
    """A cell's text, its lines kept; text set sideways (one letter a line) is left out."""
    text = (cell or "").strip()
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= 4 and all(len(line.strip()) <= 1 for line in lines):
        return ""
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines)
