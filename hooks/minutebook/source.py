"""Reading source files safely: regular files only, bounded size, UTF-8 with its line, front-matter split."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from .errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a long meeting is ~100 KB; anything near this is a mistake
# people.yml of 10,000 people is about 1 MB: a registry this size is the wrong file, or an attack.
MAX_REGISTRY_BYTES = 16 * 1024 * 1024
MAX_REGISTRY_VALUES = 2_000_000
MAX_FRONT_MATTER_LINES = 5_000
MAX_FRONT_MATTER_CHARS = 256 * 1024  # a busy meeting's facts are ~20 KB; megabytes of YAML is an accident or an attack
MEETING_TOO_BIG = "minutes this size are a mistake (attach papers under documents/)"
# Line breaks as editors count them: str.splitlines and PyYAML also break at U+0085, U+2028, U+2029,
# \v, \f and \x1c-\x1e, which would move every later line number.
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


class NotARegularFile(OSError):
    """A path that is a link, a folder, a pipe or a device where a file of the minutes belongs."""


def editor_line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` starts, counting only ``\\n``, ``\\r\\n`` and ``\\r`` as breaks."""
    return [0, *(match.end() for match in _EDITOR_BREAK.finditer(text))]


def editor_lines(text: str) -> list[str]:
    """``text`` cut into the lines an editor shows (unlike ``str.splitlines``)."""
    return _EDITOR_BREAK.split(text)


_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def forbidden_character(text: str, allow: str = "") -> str | None:
    """Why ``text`` cannot be published (a control character, half a surrogate pair, a noncharacter), or None.

    Pages, feeds and calendars are XML or HTML: none of these characters can be written to them.
    """
    for match in _FORBIDDEN.finditer(text):
        char = match.group(0)
        if char in allow:
            continue
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc":
            hint = " (it is often '…' from Word)" if char == "\x85" else " (it may have come from a copy and paste)"
            return f"character U+{code:04X} is a control character, not text; delete it{hint}"
        if category == "Cs":
            return f"character U+{code:04X} is half of a UTF-16 pair, not text; delete it"
        return f"character U+{code:04X} is a Unicode noncharacter, not text; delete it"
    return None


def open_regular(path: Path) -> int:
    """A descriptor for reading ``path``, which must be a regular file reached without following a link.

    A pipe named like a meeting file would otherwise block the read for ever, and a link would
    publish whatever it points at (another folder, ``/proc/self/environ``).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):  # the last component is a link
            raise NotARegularFile(
                "is a symbolic link; Minutebook reads only files kept in the minutes folder itself: "
                "put the file here instead of a link"
            ) from None
        raise
    found = os.fstat(descriptor)
    if not stat.S_ISREG(found.st_mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(found.st_mode) else "a pipe or device"
        raise NotARegularFile(f"is {kind}, not a file")
    return descriptor


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path``, or None if it holds more than ``limit``."""
    descriptor = open_regular(path)
    with os.fdopen(descriptor, "rb") as handle:
        # The size on disk first, so a huge (or sparse) file is refused without reading it;
        # the bounded read still guards files that grow or lie about their size.
        if os.fstat(handle.fileno()).st_size > limit:
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def read_text(
    path: Path, shown: str, limit: int = MAX_FILE_BYTES, too_big: str = MEETING_TOO_BIG
) -> tuple[str | None, list[Problem]]:
    """The file's text with a byte-order mark removed and line endings made LF.

    Never reads more than ``limit`` bytes, so a file of hundreds of megabytes
    fails fast in bounded memory.
    """
    too_big_problem = Problem(shown, 1, f"file is larger than {limit // (1024 * 1024)} MB; {too_big}")
    try:
        data = read_bytes(path, limit)
    except NotARegularFile as error:
        return None, [Problem(shown, 1, f"cannot read this file: it {error}")]
    except OSError as error:
        return None, [Problem(shown, 1, f"cannot read this file: {error.strerror or error}")]
    if data is None:
        return None, [too_big_problem]
    if encoding := _wide_encoding(data):
        return None, [
            Problem(
                shown,
                1,
                f"the file is saved as {encoding} ('Unicode' in Word or Notepad), not UTF-8; "
                "save it again choosing the encoding UTF-8",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        line = len(editor_line_starts(before))
        byte = data[error.start : error.start + 1].hex()
        return None, [
            Problem(
                shown,
                line,
                f"byte 0x{byte} is not UTF-8 text; save the file as UTF-8 (it may be Windows-1252 from Word)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _wide_encoding(data: bytes) -> str:
    """'UTF-16' or 'UTF-32' when the bytes are text in one of those, else ''."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = data[:4096]
    # Without a byte-order mark: ASCII text in UTF-16 has a zero byte beside every letter.
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "UTF-32" if head.count(0) * 4 >= len(head) * 3 - 4 else "UTF-16"
    return ""


@dataclass(frozen=True)
class SplitFile:
    """A meeting file cut into its YAML front-matter and Markdown body, with where each starts."""

    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def split_front_matter(text: str, shown: str) -> tuple[SplitFile | None, list[Problem]]:
    """Split with python-frontmatter's YAML handler; missing or unclosed is an error, not ``{}``."""
    handler = frontmatter.YAMLHandler()  # type: ignore[attr-defined]  # exported without __all__
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
                f"front-matter is {front_lines} lines long (limit {MAX_FRONT_MATTER_LINES}); put narrative in the "
                "body below '---'",
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
