"""The committed versions of every file in the minutes folder, read from git in two processes.

One ``git log`` of the whole folder (not one per file: at 2,000 meetings that was 2,000
processes) lists every commit on the published line of history (``--first-parent``) with the
blob each changed file had afterwards; renames are followed back to where a file was first
added. One ``git cat-file --batch`` then reads the blobs wanted. Nothing here raises: no git, no
repository or a damaged one is "no history" (``None``), never a failed build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.minutebook")
_TIMEOUT = 300  # seconds; a log of a long archive takes well under one


@dataclass(frozen=True)
class Commit:
    """One commit that changed the minutes folder: when it was made, and what its author said it did."""

    id: str
    date: dt.date  # the committer's date, in the committer's own time zone
    message: str


@dataclass(frozen=True)
class FileVersion:
    """A file as one commit left it."""

    commit: Commit
    blob: str  # the object id of its content
    path: str  # where it was then, relative to the repository (a renamed file had another name)


@dataclass(frozen=True)
class FileHistory:
    """Every committed version of one file, oldest first.

    ``complete`` is False when the history was cut short (a shallow clone): its first version
    here may not be its first.
    """

    versions: tuple[FileVersion, ...]
    complete: bool


def _git(repository: Path, *arguments: str, stdin: bytes | None = None) -> bytes | None:
    """Git's output, or None if git is missing or fails (the reason is logged for the clerk)."""
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments],
            input=stdin,
            capture_output=True,
            timeout=_TIMEOUT,
            env=environment,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.info("The history of the minutes is not available: git could not run (%s)", error)
        return None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        log.info("The history of the minutes is not available: git %s: %s", arguments[0], reason[-1] if reason else "")
        return None
    return done.stdout


def blob_id(content: bytes, hash_name: str = "sha1") -> str:
    """The id git gives ``content`` as a file: a file unchanged since its last commit has that commit's blob."""
    digest = hashlib.new(hash_name)
    digest.update(b"blob %d\0" % len(content))
    digest.update(content)
    return digest.hexdigest()


class Repository:
    """The git repository the minutes folder is in, as far as its history can be read."""

    def __init__(self, top: Path, folder: str, shallow: frozenset[str], hash_name: str) -> None:
        self.top = top
        self.folder = folder  # the minutes folder, relative to ``top`` ("" for the top itself)
        self.shallow = shallow  # commits whose parents this clone does not have
        self.hash_name = hash_name

    @classmethod
    def find(cls, folder: Path) -> Repository | None:
        """The repository holding ``folder``, or None when there is none (or git is not installed)."""
        found = _git(folder, "rev-parse", "--show-toplevel", "--git-path", "shallow", "--show-object-format")
        if found is None:
            return None
        lines = found.decode("utf-8", "surrogateescape").splitlines()
        if len(lines) < 3:
            return None
        top = Path(lines[0]).resolve()
        shallow_file = Path(lines[1]) if Path(lines[1]).is_absolute() else folder / lines[1]
        try:
            relative = folder.resolve().relative_to(top).as_posix()
            shallow = (
                frozenset(shallow_file.read_text(encoding="ascii").split()) if shallow_file.is_file() else frozenset()
            )
        except (ValueError, OSError, UnicodeDecodeError):
            return None
        return cls(top, "" if relative == "." else relative, shallow, lines[2].strip() or "sha1")

    def histories(self) -> dict[str, FileHistory] | None:
        """Each file's history, by its path now (relative to the repository); None if git fails."""
        output = _git(
            self.top,
            "-c",
            "core.quotePath=false",
            "log",
            "-z",
            "--first-parent",
            "--raw",
            "--no-abbrev",
            "-M",
            "--format=%x1e%H%x1f%cI%x1f%B%x1f",
            "--",
            self.folder or ".",
        )
        if output is None:
            return None
        return _follow(_parse_log(output), self.shallow)

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob, by id (those git cannot read are left out)."""
        wanted = sorted(set(blobs))  # sorted: the same request, build after build
        if not wanted:
            return {}
        output = _git(self.top, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode())
        if output is None:
            return {}
        contents = {}
        position = 0
        for blob in wanted:
            end = output.index(b"\n", position)
            header = output[position:end].split()
            position = end + 1
            if len(header) != 3 or header[1] != b"blob":  # "<id> missing", or not a file
                continue
            size = int(header[2])
            contents[blob] = output[position : position + size]
            position += size + 1
        return contents


def _parse_log(output: bytes) -> list[tuple[Commit, list[tuple[str, str, str, str]]]]:
    """Commits newest first, each with its changes as (status, blob, path, path before a rename)."""
    commits: list[tuple[Commit, list[tuple[str, str, str, str]]]] = []
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith("\x1e"):
            commit_id, stamp, message = token[1:].split("\x1f", 2)
            day = dt.datetime.fromisoformat(stamp).date()
            commits.append((Commit(commit_id, day, message.removesuffix("\x1f").strip()), []))
        elif token.startswith(":") and commits:
            fields = token.split()
            status, blob = fields[-1], fields[3]
            if status[:1] in "RC":
                before, path = tokens[index], tokens[index + 1]
                index += 2
            else:
                before = path = tokens[index]
                index += 1
            commits[-1][1].append((status[:1], blob, path, before))
    return commits


def _follow(
    commits: list[tuple[Commit, list[tuple[str, str, str, str]]]], shallow: frozenset[str]
) -> dict[str, FileHistory]:
    """Walk the commits newest first, following each file back through its renames to where it was added."""
    tracked: dict[str, str] = {}  # a file's path at the commit being read -> its path now
    # Paths whose older changes belong to another file: one deleted, or one before a rename or addition.
    closed: set[str] = set()
    versions: dict[str, list[FileVersion]] = {}
    for commit, changes in commits:
        for status, blob, path, before in changes:
            if status == "D":
                if path not in tracked:
                    closed.add(path)
                continue
            if path in tracked:
                now = tracked.pop(path)
            elif path in closed:
                continue
            else:
                now = path  # the newest commit that changed this file
            versions.setdefault(now, []).append(FileVersion(commit, blob, path))
            if status in ("R", "A", "C"):
                closed.add(path)
                if status == "R":
                    tracked[before] = now
            else:
                tracked[path] = now
    return {
        path: FileHistory(
            tuple(reversed(found)),
            # A file first seen in a commit whose parents this clone lacks may be older than the clone.
            complete=found[-1].commit.id not in shallow,
        )
        for path, found in versions.items()
    }
