"""The limits of the static hosts Minutebook documents, and how close a built site comes to each.

Each limit is what the host's own documentation states (docs/publishing.md lists them with their sources).
Where a host counts in "GB", the smaller reading (10⁹ bytes) is taken, so the warning comes early rather
than late. A build says, in one log line per limit, when the site is within a tenth of one, or over it.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

NEAR = 0.9  # warn from 90 % of a limit


@dataclass(frozen=True)
class SiteSize:
    """What hosts count in a built site."""

    files: int
    entries: int  # files, folders and links: what GitLab counts
    bytes: int
    largest_file: int
    most_in_a_folder: int


@dataclass(frozen=True)
class Limit:
    """One documented limit of one host."""

    host: str
    what: str  # "files", "entries", "bytes", "largest_file" or "most_in_a_folder" (a SiteSize field)
    value: int
    wording: str  # the limit as a reader would say it


LIMITS = (
    Limit("GitHub Pages", "bytes", 1_000_000_000, "a published site of at most 1 GB"),
    Limit("GitLab Pages", "bytes", 1_000_000_000, "a site of at most 1 GB"),
    Limit("GitLab Pages", "entries", 200_000, "at most 200,000 files and folders"),
    Limit("Cloudflare Pages (free plan)", "files", 20_000, "at most 20,000 files"),
    Limit("Cloudflare Pages (paid plans)", "files", 100_000, "at most 100,000 files"),
    Limit("Cloudflare Pages", "largest_file", 25 * 1024 * 1024, "no file over 25 MiB"),
    Limit("Netlify", "most_in_a_folder", 54_000, "at most 54,000 files in any one folder"),
)


def measure(site_dir: Path) -> SiteSize:
    """Count the files, folders and bytes of the site in ``site_dir`` (links are not followed)."""
    files = entries = total = largest = 0
    per_folder: Counter[str] = Counter()
    for folder, folders, names in os.walk(site_dir):
        entries += len(folders) + len(names)
        per_folder[folder] = len(names)
        for name in names:
            size = os.lstat(os.path.join(folder, name)).st_size
            files += 1
            total += size
            largest = max(largest, size)
    return SiteSize(files, entries, total, largest, max(per_folder.values(), default=0))


def near_limits(size: SiteSize, near: float = NEAR) -> list[str]:
    """A sentence for each host limit ``size`` is over, or within a tenth of."""
    found = []
    for limit in LIMITS:
        value = getattr(size, limit.what)
        if value < limit.value * near:
            continue
        share = value / limit.value
        where = "over" if value > limit.value else f"at {share:.0%} of"
        found.append(
            f"the site is {where} a limit of {limit.host}, {limit.wording} ({_shown(limit.what, value)}); "
            "see 'Which host fits which archive' in docs/publishing.md"
        )
    return found


def _shown(what: str, value: int) -> str:
    if what in ("bytes", "largest_file"):
        return f"{value / 1_000_000:,.1f} MB" if what == "bytes" else f"its largest file is {value / 1_048_576:.1f} MiB"
    if what == "most_in_a_folder":
        return f"{value:,} files in one folder"
    if what == "entries":
        return f"{value:,} files and folders"
    return f"{value:,} files"
