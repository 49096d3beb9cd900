"""Reading source files safely: bounded size, UTF-8 with its line, front-matter split."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import frontmatter

from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a long meeting is ~100 KB; anything near this is a mistake
MAX_FRONT_MATTER_LINES = 5_000
MAX_FRONT_MATTER_CHARS = 256 * 1024  # a busy meeting's facts are ~20 KB; megabytes of YAML is an accident or an attack


def read_text(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text with a byte-order mark removed and line endings made LF.

    Never reads more than ``limit`` bytes, so a file of hundreds of megabytes
    fails fast in bounded memory.
    """
    too_big = Problem(
        shown,
        1,
        f"file is larger than {limit // (1024 * 1024)} MB; minutes this size are a mistake (attach papers under documents/)",
    )
    try:
        # The size on disk first, so a huge (or sparse) file is refused without reading it;
        # the bounded read still guards files that grow or lie about their size.
        if path.stat().st_size > limit:
            return None, [too_big]
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return None, [Problem(shown, 1, f"cannot read this file: {error.strerror or error}")]
    if len(data) > limit:
        return None, [too_big]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [
            Problem(
                shown,
                line,
                f"byte 0x{byte} is not UTF-8 text; save the file as UTF-8 (it may be Windows-1252 from Word)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@dataclass(frozen=True)
class SplitFile:
    """A meeting file cut into its YAML front-matter and Markdown body, with where each starts."""

    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def split_front_matter(text: str, shown: str) -> tuple[SplitFile | None, list[Problem]]:
    """Split with python-frontmatter's YAML handler; missing or unclosed is an error, not ``{}``."""
    handler = frontmatter.YAMLHandler()
    first = text.split("\n", 1)[0]
    if not handler.detect(text) or first.strip() != "---":
        return None, [
            Problem(
                shown,
                1,
                "no front-matter: a meeting file starts with a line '---', then the meeting's fields, then '---'",
            )
        ]
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, [
            Problem(shown, 1, "front-matter opened here is never closed: add a line '---' after the last field")
        ]
    front_lines = front.count("\n") + 1
    if front_lines > MAX_FRONT_MATTER_LINES:
        return None, [
            Problem(
                shown,
                1,
                f"front-matter is {front_lines} lines long (limit {MAX_FRONT_MATTER_LINES}); put narrative in the body below '---'",
            )
        ]
    if len(front) > MAX_FRONT_MATTER_CHARS:
        return None, [
            Problem(
                shown,
                1,
                f"front-matter is {len(front) // 1024} KB long (limit {MAX_FRONT_MATTER_CHARS // 1024} KB); "
                "put narrative in the body below '---'",
            )
        ]
    # The handler's boundary pattern (---\s*$) also swallows blank lines after each '---', so
    # where each part starts is counted from its place in the file, not from the other part.
    boundaries = list(handler.FM_BOUNDARY.finditer(text))
    front_line = text.count("\n", 0, boundaries[0].end()) + 1
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SplitFile(front, front_line, body, body_line), []
