"""An item's lines as units (paragraphs, list entries, table rows, each with its line and lead-in) and as Markdown."""

from __future__ import annotations

import re

from .facts import Unit
from .headings import Heading
from .lines import Line, columns, spaced_prose

LEAD_IN = re.compile(r"^(?:actions?|resolved|agreed|decision|proposed|moved|ai|next\s+steps)\b", re.IGNORECASE)


def margin_note(line: Line) -> tuple[str, str] | None:
    """(text, note) for a line of prose with a short note at its right after a wide gap; else None."""
    pieces = columns(line.text) if not line.raw.lstrip().startswith("|") else []
    if len(pieces) != 2 or len(pieces[1].split()) > 4 or len(pieces[0].split()) < 5:
        return None
    if not re.match(r"^[A-Z]", pieces[1]) or re.search(r"\d", pieces[1]):
        return None  # "£450.00", "3 Votes": a column of figures, not a note
    return pieces[0], pieces[1]


def item_units(body: list[Line], in_block: set[int] | None = None) -> list[Unit]:
    """An item's lines as units: paragraphs (wrapped lines joined), list entries, table rows; with lead-in labels."""
    units: list[Unit] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            text = " ".join(line.text.strip() for line in current)
            units.append(Unit(current[0].number, text, current[0].depth))
            current.clear()

    for line in body:
        if line.blank or line.furniture:
            flush()
            continue
        margin = margin_note(line)
        if margin:
            # "It was agreed to buy it.      Cllr Jane Batty": a paragraph, with who acts at its right
            flush()
            units.append(Unit(line.number, margin[0], line.depth, (), "", margin[1]))
            continue
        if line.cells:
            flush()
            units.append(Unit(line.number, line.text, -1, line.cells))
            continue
        if len(columns(line.raw)) >= 3 and not line.quoted and not spaced_prose(line.raw):
            flush()
            units.append(Unit(line.number, line.text, -1, tuple(columns(line.raw))))
            continue
        starts = (
            line.depth >= 0
            or line.heading
            or line.bold
            or re.match(r"^\(?(?:[a-z]|[ivx]+|\d+)[.)]\s", line.text)
            or LEAD_IN.match(line.text)
            or re.match(r"^[^\w\s(\"'‘“£$€]", line.text)
            or (current and re.search(r"[.!?]['’\")]?$", current[-1].text.strip()))
        )
        if starts or (current and current[-1].text.rstrip().endswith(":") and current[-1].depth < 0):
            flush()
        if current and current[-1].depth >= 0 and line.depth < 0 and line.indent < 2:
            flush()
        current.append(line)
        if line.heading or line.bold:
            flush()
    flush()
    # "Label: rest" on its own line with a body paragraph after it is a lead-in, as is a bold "Next steps".
    labelled: list[Unit] = []
    for unit in units:
        speaker = re.match(r"^(?P<who>@?[\w.'’-]+(?:\s[A-Z][\w'’-]+)?):\s+(?P<rest>.+)$", unit.text)
        labelled.append(unit if not speaker else Unit(unit.line, unit.text, unit.depth, unit.cells, speaker["who"]))
    return labelled


def escape(text: str) -> str:
    """A stray "#" would open a heading of its own in the meeting file."""
    return "\\" + text if text.lstrip().startswith("#") else text


def item_markdown(body: list[Line], heading: Heading) -> list[str]:
    """An item's lines as Markdown: bullets and emphasis kept, headings demoted to bold, paragraphs apart."""
    out: list[str] = []
    if heading.style == "labelled":
        out.append(body[0].text.strip() if body else "")
        body = body[1:]
    for line in body:
        if line.furniture and not line.text.strip():
            continue
        if line.blank:
            if out and out[-1] != "":
                out.append("")
            continue
        if line.heading:
            if out and out[-1] != "":
                out.append("")
            out += [f"**{line.text.strip()}**", ""]
            continue
        raw = line.raw.rstrip()
        if line.quoted:
            raw = re.sub(r"^\s*(?:>\s?)+", "", raw)
        out.append(escape(raw.replace("\f", "")))
    while out and out[-1] == "":
        out.pop()
    return out
