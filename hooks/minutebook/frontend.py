"""What a build and its front end (the MkDocs adapter) hand each other: files, options, and a stop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BuildStopped(Exception):
    """The build cannot go on; the message says why, for the person who ran it."""


@dataclass(frozen=True)
class Generated:
    """A file the front end writes into the site from ``content`` (a page's Markdown, say)."""

    path: str
    content: str | bytes


@dataclass(frozen=True)
class Written:
    """A file the engine has already written where it belongs in the site."""

    path: str


SiteFile = Generated | Written


@dataclass(frozen=True)
class BuildOptions:
    """What the front end says about this build, beyond the settings."""

    source: Path  # the minutes folder
    site_dir: Path
    config_file: Path
    docs_dir: Path
    our_search: bool = True  # False when the theme's own search replaces Pagefind's bundles
