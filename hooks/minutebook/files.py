"""Files written into the site: each replaced whole, so a reader never sees half of one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# A file's bytes, or its pieces in order: a large data file is written as it is made, never held whole.
Content = bytes | Iterable[bytes]


def whole(content: Content) -> bytes:
    """All of ``content`` at once (for a reader, a test say, that wants the file as one value)."""
    return content if isinstance(content, bytes) else b"".join(content)


def replace_file(target: Path, content: str | Content) -> None:
    """Give ``target`` this content (UTF-8 for text), creating its folder if need be.

    Written aside and renamed into place: a reader (the `serve` server, say) never gets half a file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    written = aside_path(target, os.getpid())
    try:
        with written.open("wb") as file:
            if isinstance(content, (str, bytes)):
                file.write(content.encode() if isinstance(content, str) else content)
            else:
                file.writelines(content)
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    os.replace(written, target)


def aside_path(target: Path, pid: int) -> Path:
    """Where process ``pid`` writes ``target`` before renaming it into place."""
    return target.with_name(f".{target.name}.{pid}")


def remove_left_aside(folder: Path, pid: int) -> None:
    """Remove what process ``pid``, killed in the middle of ``replace_file``, left beside the files in ``folder``."""
    for path in folder.glob(aside_path(folder / "*", pid).name):
        path.unlink(missing_ok=True)


def empty_folder(folder: Path) -> None:
    """Remove everything in ``folder`` but hidden entries (as MkDocs empties its site folder)."""
    if not folder.is_dir():
        return
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
