"""Papers attached to meetings: files of the public record, and only those, copied without following links.

A document must be a regular file in the minutes folder's ``documents/`` tree, reached without
following a link at any step (a link could publish ``/proc/self/environ``, the redaction list or a
meeting's raw text), of a type a browser shows or downloads but never runs on the archive's own
address (no HTML, no SVG), and no larger than a limit. Each is checked when the meetings are read,
and again, descriptor by descriptor, as it is copied into the site.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .errors import MinutesError, Problem
from .readertext import invisible

if TYPE_CHECKING:
    from .archive import Archive

FOLDER = "documents"
# PDF, Office and OpenDocument files, images other than SVG, CSV and plain text.
DEFAULT_TYPES = (
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "rtf",
    "odt",
    "ods",
    "odp",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "csv",
    "txt",
)
# Types a browser may run as a page of the archive's own site: never published, whatever is configured.
ACTIVE_TYPES = frozenset(
    {"html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs"}
    | {"css", "swf", "php", "cgi", "pl", "py", "sh", "htaccess", "wasm", "jar", "hta", "vbs", "ps1", "bat", "exe"}
)
DEFAULT_MAX_MB = 50
TEXT_TYPES = frozenset({"csv", "txt"})
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# What the first bytes of each type say it is: a ".pdf" that is a web page is not a PDF.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "rtf": (b"{\\rtf",),
    **dict.fromkeys(("docx", "xlsx", "pptx", "odt", "ods", "odp"), _ZIP),
    **dict.fromkeys(("doc", "xls", "ppt"), _OLE),
}
_TYPE_NAMES = {
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpg": "a JPEG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
}
_URL_BREAKING = set('#?%\\"<>|*:')


@dataclass(frozen=True)
class DocumentRules:
    """Which documents may be published: their types (file name endings) and the largest size."""

    types: tuple[str, ...] = DEFAULT_TYPES
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024


def load_document_rules(settings: Mapping[str, Any] | None) -> tuple[DocumentRules, list[str]]:
    """The rules from ``extra.minutebook.documents`` (``types``, ``max_mb``), and a warning for each mistake."""
    given = (settings or {}).get("documents")
    if given is None:
        return DocumentRules(), []
    if not isinstance(given, Mapping):
        return DocumentRules(), ["extra.minutebook.documents: give {types: [pdf, docx, ...], max_mb: 50}"]
    warnings = []
    rules = DocumentRules()
    unknown = sorted(str(key) for key in given if key not in ("types", "max_mb"))
    if unknown:
        warnings.append(f"extra.minutebook.documents: unknown setting '{unknown[0]}' (the settings are types, max_mb)")
    types = given.get("types")
    if types is not None:
        if not isinstance(types, list) or not all(isinstance(kind, str) for kind in types):
            warnings.append("extra.minutebook.documents.types: give a list of file endings, e.g. [pdf, docx, png]")
        else:
            wanted = tuple(dict.fromkeys(kind.lower().lstrip(".") for kind in types))
            active = [kind for kind in wanted if kind in ACTIVE_TYPES]
            if active:
                warnings.append(
                    f"extra.minutebook.documents.types: '{active[0]}' files can run as pages of the archive's own "
                    "site, so they are never published; put them behind a link (url:) instead"
                )
            rules = DocumentRules(tuple(kind for kind in wanted if kind not in ACTIVE_TYPES), rules.max_bytes)
    max_mb = given.get("max_mb")
    if max_mb is not None:
        if isinstance(max_mb, bool) or not isinstance(max_mb, (int, float)) or max_mb <= 0:
            warnings.append(f"extra.minutebook.documents.max_mb: {max_mb!r} is not a size in MB, like 50")
        else:
            rules = DocumentRules(rules.types, int(max_mb * 1024 * 1024))
    return rules, warnings


def check_document(source: Path, given: str, rules: DocumentRules) -> tuple[str | None, str]:
    """(the document's path in the site, "") or (None, why it cannot be published)."""
    relative, why = _site_path(given, rules)
    if relative is None:
        return None, why
    try:
        with _open_document(source, relative) as (descriptor, found):
            why = _judge(descriptor, found, relative, rules)
    except _Refused as refused:
        return None, str(refused)
    return (None, why) if why else (relative, "")


def document_text(source: Path, relative: str) -> str | None:
    """The text of a text document (``.txt``, ``.csv``), read as safely as it is published; None if unreadable."""
    try:
        with _open_document(source, relative) as (descriptor, _):
            data = _read_all(descriptor)
    except _Refused:
        return None
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")


def publish(archive: Archive, source: Path, site_dir: Path, rules: DocumentRules | None = None) -> list[str]:
    """Copy every document the meetings list into ``site_dir``; the site paths written.

    Each file is opened again from the minutes folder without following a link at any step, and
    checked again, so a file swapped for a link since the meetings were read is refused, not copied.
    Raises ``MinutesError`` naming the meeting and line of a document that no longer passes.
    """
    rules = rules or DocumentRules()
    written: list[str] = []
    problems: list[Problem] = []
    for meeting, index, given in _listed(archive):
        relative, why = _site_path(given, rules)
        if relative is not None and relative not in written:
            try:
                with _open_document(source, relative) as (descriptor, found):
                    why = _judge(descriptor, found, relative, rules)
                    if not why:
                        _copy(descriptor, found, site_dir / relative)
                        written.append(relative)
            except _Refused as refused:
                why = str(refused)
        if why:
            line = meeting.line_of.get(f"documents.{index}", 1)
            problems.append(Problem(meeting.source, line, f"documents[{index}].path: {why}"))
    if problems:
        raise MinutesError(problems)
    return sorted(written)


class _Refused(Exception):
    """A document that cannot be published, with the reason in words."""


def _listed(archive: Archive) -> Iterator[tuple[Any, int, str]]:
    for meeting in archive.meetings:
        for index, document in enumerate(meeting.documents):
            if not document.path.startswith(("http://", "https://")):
                yield meeting, index, document.path


def _site_path(given: str, rules: DocumentRules) -> tuple[str | None, str]:
    """The normalised path of a document under ``documents/``, or None and why it is not one."""
    shown = f"'{given}'"
    if "\\" in given or given.startswith("/") or any(part == ".." for part in given.split("/")):
        return None, f"{shown} must be a path inside the minutes folder, like documents/x.pdf"
    odd = next((char for char in given if invisible(char) or char in _URL_BREAKING or char in "\t\n"), None)
    if odd is not None:
        return None, (
            f"{shown} has a character (U+{ord(odd):04X}) that cannot be part of a web address; "
            "rename the file with letters, digits, spaces, '-', '_' and '.'"
        )
    parts = PurePosixPath(given).parts
    if len(parts) < 2 or parts[0] != FOLDER:
        return None, f"{shown} is not under {FOLDER}/: attached papers live in the minutes folder's {FOLDER}/ folder"
    if any(part.startswith(".") for part in parts):
        return None, f"{shown} names a hidden file or folder (starting with '.'); rename it"
    kind = PurePosixPath(parts[-1]).suffix.lower().lstrip(".")
    if kind in ACTIVE_TYPES:
        return None, (
            f"{shown} is a .{kind} file, which a browser would run as a page of this site: "
            "publish it as a PDF, or link to it elsewhere with url:"
        )
    if kind not in rules.types:
        allowed = ", ".join(rules.types)
        return None, f"{shown}: .{kind or '(no ending)'} files are not published (allowed: {allowed})"
    return "/".join(parts), ""


@contextlib.contextmanager
def _open_document(source: Path, relative: str) -> Iterator[tuple[int, os.stat_result]]:
    """Open ``source/relative`` one component at a time, never following a link; closed on leaving."""
    parts = relative.split("/")
    shown = f"'{relative}'"
    opened: list[int] = []
    try:
        try:
            folder = os.open(source, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            opened.append(folder)
            for part in parts[:-1]:
                folder = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
                opened.append(folder)
            descriptor = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
            opened.append(descriptor)
        except OSError as error:
            raise _Refused(_why_not_opened(error, source, relative)) from None
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise _Refused(f"{shown} is not a file (a folder, a pipe or a device)")
        if found.st_nlink > 1:
            # Another name of the same file could be the redaction list or a meeting's raw text.
            raise _Refused(f"{shown} is a hard link (the same file has another name); copy the file instead")
        yield descriptor, found
    finally:
        for descriptor in reversed(opened):
            os.close(descriptor)


def _why_not_opened(error: OSError, source: Path, relative: str) -> str:
    shown = f"'{relative}'"
    parts = relative.split("/")
    linked = any(os.path.islink(source.joinpath(*parts[: depth + 1])) for depth in range(len(parts)))
    if linked or error.errno in (errno.ELOOP, errno.EMLINK):
        return (
            f"{shown} is reached through a symbolic link; a document must be a file kept in {FOLDER}/ "
            "itself: copy the file there instead of linking to it"
        )
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"no file {shown} in {source.name}/"
    return f"cannot read {shown}: {error.strerror or error}"


def _judge(descriptor: int, found: os.stat_result, relative: str, rules: DocumentRules) -> str:
    """Why the open file cannot be published as ``relative`` ("" if it can)."""
    if found.st_size > rules.max_bytes:
        size, limit = found.st_size / (1024 * 1024), rules.max_bytes // (1024 * 1024)
        return (
            f"'{relative}' is {size:.0f} MB, over the limit of {limit} MB for a document "
            "(extra.minutebook.documents.max_mb in mkdocs.yml); publish a smaller copy or link to it with url:"
        )
    kind = PurePosixPath(relative).suffix.lower().lstrip(".")
    head = os.pread(descriptor, 4096, 0)
    name = _TYPE_NAMES.get(kind, f"a .{kind} file")
    if kind == "pdf" and b"%PDF-" not in head[:1024]:
        return f"'{relative}' is not {name} (its first bytes say otherwise); attach the real file"
    if kind == "webp" and not (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return f"'{relative}' is not {name} (its first bytes say otherwise); attach the real file"
    if kind in _SIGNATURES and not head.startswith(_SIGNATURES[kind]):
        return f"'{relative}' is not {name} (its first bytes say otherwise); attach the real file"
    if kind in TEXT_TYPES:
        try:
            _read_all(descriptor).decode("utf-8-sig")
        except UnicodeDecodeError:
            return f"'{relative}' is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"
    return ""


def _read_all(descriptor: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(descriptor, 1024 * 1024, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _copy(descriptor: int, found: os.stat_result, target: Path) -> None:
    """Write the open file to ``target`` (through a temporary name), unless an identical copy is there."""
    try:
        there = os.lstat(target)
        if stat.S_ISREG(there.st_mode) and (there.st_size, there.st_mtime_ns) == (found.st_size, found.st_mtime_ns):
            return  # under `serve`, the last build's copy
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    with open(temporary, "wb") as out:
        offset = 0
        while chunk := os.pread(descriptor, 1024 * 1024, offset):
            out.write(chunk)
            offset += len(chunk)
    os.utime(temporary, ns=(found.st_atime_ns, found.st_mtime_ns))
    os.replace(temporary, target)
