"""The minutes below the front-matter: notes to self, agenda items, and what Markdown may be asked to read.

Text is assigned to the item whose heading it follows, and the text of a confidential item is
dropped. So every line that a reader would take for a heading is either an item heading, or a
problem saying how to write it: text is never silently folded into the item above, least of all into
an exempt one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Item
from .source import forbidden_character

HTML_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)
# An ATX heading as Python-Markdown reads it (no space needed after the #s), and as other editors
# show it (up to three spaces before them).
_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?P<text>.*)$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HTML_HEADING = re.compile(r"^ {0,3}<h[1-6][\s>]", re.I)
# An item number holds a digit: "4", "7a", "A1", "21.4", "5-1", "Cou/288/07-08". Then "4. Title",
# "4) Title", "4 - Title", "4: Title" or "7a Title".
_NUMBERED = re.compile(
    r"(?P<number>(?=[^\s.):]*\d)[0-9A-Za-z][0-9A-Za-z./-]*?)(?:[.):]|[ \t]+[-–—:])?[ \t]+(?P<title>\S.*?)$"
)
# "4.Any other business": a word run into the number is a missing space, not part of the number.
_WORD_IN_NUMBER = re.compile(r"\.[A-Za-z]{2,}$")
_NUMBER_FIRST = re.compile(r"(?=[^\s.):]*\d)[0-9A-Za-z][0-9A-Za-z./-]*?(?=[.):]|[\s]|$)|[0-9]+")
# Lists and quotes inside each other are read by recursion in Python-Markdown: 300 levels overflow it.
MAX_NESTING = 32
_NESTING = re.compile(r"^(?P<indent>[ \t]*)(?P<markers>(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*)*)")
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]|>")
MAX_REPORTED_LINES = 10  # a file of control characters needs one message per kind, not thousands


@dataclass(frozen=True)
class Narrative:
    """The text before the first item, the agenda items (with their text), and problems found reading them."""

    intro: str
    intro_line: int
    items: tuple[Item, ...]
    problems: tuple[tuple[int, str], ...]  # (line in the file, message)


def strip_comments(text: str) -> str:
    """Remove HTML comments (notes to self), keeping line numbers where they were."""
    return HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def unclosed_comment(body: str) -> int | None:
    """Lines into ``body`` of a ``<!--`` that no ``-->`` closes, or None."""
    for match in HTML_COMMENT.finditer(body):
        if not match.group(0).endswith("-->"):
            return body.count("\n", 0, match.start())
    return None


def read_narrative(body: str, first_line: int, confidential: frozenset[str] = frozenset()) -> Narrative:
    """Check the body of a meeting file and cut it into items, by ``## N. Title`` headings.

    ``confidential`` holds the numbers of exempt items, whose text must not hide another item.
    """
    problems: list[tuple[int, str]] = []
    unclosed = unclosed_comment(body)
    if unclosed is not None:
        # Stripping it would silently hide every item after it: only what comes before is read.
        problems.append(
            (
                first_line + unclosed,
                "an HTML comment ('<!--') opened here is never closed: add '-->' where the note ends",
            )
        )
        body = "\n".join(body.split("\n")[:unclosed])
    text = strip_comments(body)
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    problems += _text_problems(lines, first_line)
    starts: list[tuple[int, str, str]] = []  # (line index, number, title) of each item heading
    for index, level, heading, kind in _headings(lines):
        found = _NUMBERED.match(heading) if level == 2 and kind == "atx" else None
        if found and not _WORD_IN_NUMBER.search(found["number"]):
            starts.append((index, found["number"].rstrip("."), found["title"].strip()))
            continue
        current = starts[-1][1] if starts else None
        message = _not_an_item(level, heading, kind, lines[index].strip(), current in confidential)
        if current is not None and message:
            problems.append((first_line + index, message))
    items = []
    for position, (index, number, title) in enumerate(starts):
        end = offsets[starts[position + 1][0]] if position + 1 < len(starts) else len(text)
        raw = text[offsets[index] + len(lines[index]) : end]
        at = first_line + index
        items.append(Item(number, title, raw.strip("\n"), at, text_line=at + len(raw) - len(raw.lstrip("\n"))))
    intro = text[: offsets[starts[0][0]]] if starts else text
    intro_line = first_line + len(intro) - len(intro.lstrip("\n"))
    return Narrative(intro.strip("\n"), intro_line, tuple(items), tuple(problems))


def _headings(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(line index, level, text, "atx" | "setext" | "html") of every line Markdown would make a heading."""
    found = []
    for index, line in enumerate(lines):
        atx = _ATX.match(line)
        if atx:
            text = atx["text"].strip().rstrip("#").strip()
            found.append((index, len(atx["hashes"]), text, "atx"))
        elif _HTML_HEADING.match(line):
            found.append((index, 0, line.strip(), "html"))
        elif (
            index + 1 < len(lines)
            and line.strip()
            and _SETEXT_UNDERLINE.match(lines[index + 1])
            and (index == 0 or not lines[index - 1].strip())
        ):
            found.append((index, 1 if lines[index + 1].strip()[0] == "=" else 2, line.strip(), "setext"))
    return found


def _not_an_item(level: int, text: str, kind: str, written: str, in_confidential: bool) -> str:
    """What is wrong with a heading after an item that is not an item heading ("" if nothing is)."""
    number = _NUMBER_FIRST.match(text)
    example = (
        f"## {number.group(0).rstrip('.):')}. {text[number.end() :].strip(' .):-–—') or 'Title'}" if number else ""
    )
    if kind == "setext":
        return (
            f"the line under '{written}' makes it a heading, which is not an agenda item heading: for an item "
            f"write '{example or '## 6. ' + written}'; for a line across the page, leave a blank line above it"
        )
    if kind == "html" or level > 2:
        if not in_confidential:
            return ""
        return (
            f"the item above is confidential, so its text is never published, but this line is a heading "
            f"('{written}'): start the next item with '## N. Title', or remove the heading"
        )
    if level == 1:
        return f"'{written}' has one '#': an agenda item heading has two, as in '{example or '## 6. ' + text}'"
    if number and not text[number.end() :].strip(" .):-–—"):
        return f"'{written}' has no title after the item number: write '{example}'"
    if number:
        return f"'{written}' is not written as an agenda item heading: write '{example}'"
    return (
        f"'{written}' has no item number: write '## 6. {text or 'Title'}' with the item's number, "
        f"or '### {text or 'Heading'}' for a heading inside the item above"
    )


def _text_problems(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """Characters no page can hold, and nesting deeper than Markdown can read."""
    problems: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if (found := forbidden_character(line, allow="\t")) is not None:
            problems.append((first_line + index, found))
        depth = _nesting(line)
        if depth > MAX_NESTING:
            problems.append(
                (
                    first_line + index,
                    f"lists or quotes are nested {depth} levels deep here (at most {MAX_NESTING}); "
                    "minutes need only a few: remove some indentation",
                )
            )
    if len(problems) > MAX_REPORTED_LINES:
        more = len(problems) - MAX_REPORTED_LINES
        last = problems[MAX_REPORTED_LINES - 1][0]
        problems = problems[:MAX_REPORTED_LINES] + [(last, f"... and {more} more lines like these")]
    return problems


def _nesting(line: str) -> int:
    """How deep a line's lists and quotes go: its indentation in pairs of spaces and its markers."""
    if not line or line[0] not in " \t-*+>0123456789":
        return 0
    found = _NESTING.match(line)
    if found is None:
        return 0
    columns = len(found["indent"].expandtabs(4))
    return columns // 2 + len(_MARKER.findall(found["markers"]))
