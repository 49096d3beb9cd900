"""Source documents -> numbered lines of text: .txt/.md, .docx (python-docx), .pdf (pypdf)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

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
            return number_lines(_text_lines(path, shown)), []
        if suffix == ".docx":
            from .word import docx_lines

            return [SourceLine(number, clean_line(text)) for text, number in docx_lines(path)], []
        from .pdf import pdf_lines

        return pdf_lines(path, shown)
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


def number_lines(texts: list[str], pages: list[int | None] | None = None) -> list[SourceLine]:
    return [
        SourceLine(index + 1, clean_line(text), pages[index] if pages else None) for index, text in enumerate(texts)
    ]


def clean_line(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\uf0b7", "•").rstrip()
    return BULLETS.sub(lambda m: m["indent"] + "- ", text)
