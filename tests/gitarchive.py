"""A minutes folder in a real git repository, committed version by version with fixed dates."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

AUTHOR = {"GIT_AUTHOR_NAME": "A Clerk", "GIT_AUTHOR_EMAIL": "clerk.canary@example.org"}
COMMITTER = {"GIT_COMMITTER_NAME": "A Clerk", "GIT_COMMITTER_EMAIL": "clerk.canary@example.org"}


def git(repository: Path, *arguments: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repository), *arguments],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **AUTHOR, **COMMITTER, "GIT_CONFIG_GLOBAL": os.devnull, **(env or {})},
    )
    return done.stdout


class GitArchive:
    """``root`` is the repository; the minutes are in ``root / folder``."""

    def __init__(self, root: Path, folder: str = "minutes") -> None:
        self.root = root
        self.source = root / folder
        self.source.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files under the minutes folder; text is dedented."""
        for relative, text in files.items():
            path = self.source / relative
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def commit(self, message: str, when: str, files: dict[str, str | None] | None = None) -> str:
        """Commit everything, dated ``when`` (ISO 8601 with offset); the new commit's id."""
        self.write(files or {})
        stamp = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message, env=stamp)
        return git(self.root, "rev-parse", "HEAD").strip()

    def move(self, old: str, new: str, message: str, when: str) -> str:
        (self.source / new).parent.mkdir(parents=True, exist_ok=True)
        git(self.root, "mv", str(self.source / old), str(self.source / new))
        return self.commit(message, when)
