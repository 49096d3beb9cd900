"""Host limits (minutebook.hosts): a built site is counted as hosts count it, and the build says when it comes
within a tenth of a documented limit, naming the host and the limit."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, build_site

from minutebook.hosts import LIMITS, SiteSize, measure, near_limits


def test_a_built_site_is_counted_as_the_hosts_count_it(tmp_path: Path) -> None:
    build = build_site(tmp_path, FIXTURES / "canary")
    assert build.returncode == 0, build.output
    size = measure(build.site)
    found = subprocess.run(["find", str(build.site), "-mindepth", "1"], capture_output=True, text=True, check=True)
    files = subprocess.run(["find", str(build.site), "-type", "f"], capture_output=True, text=True, check=True)
    du = subprocess.run(["du", "-sb", "--apparent-size", str(build.site)], capture_output=True, text=True, check=True)
    assert size.entries == found.stdout.count("\n")
    assert size.files == files.stdout.count("\n")
    # du counts each folder's own size too (4,096 bytes on most file systems).
    assert size.bytes == int(du.stdout.split()[0]) - sum(
        os.lstat(folder).st_size for folder, _, _ in os.walk(build.site)
    )
    assert size.largest_file == max(path.stat().st_size for path in build.site.rglob("*") if path.is_file())
    assert size.most_in_a_folder == max(len(names) for _, _, names in os.walk(build.site))
    assert near_limits(size) == [] and "Host limits:" not in build.output


@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: f"{limit.host}-{limit.what}")
def test_each_limit_is_said_from_nine_tenths_on(limit: object) -> None:
    assert isinstance(limit, type(LIMITS[0]))
    small = SiteSize(files=10, entries=12, bytes=1_000, largest_file=100, most_in_a_folder=5)

    def at(value: int) -> list[str]:
        return near_limits(dataclasses.replace(small, **{limit.what: value}))

    same = [other for other in LIMITS if other.what == limit.what]  # GitHub and GitLab both count bytes
    assert [line for line in at(min(other.value for other in same) * 9 // 10 - 1)] == []
    near = at(-(-limit.value * 9 // 10))
    assert f"the site is at 90% of a limit of {limit.host}, {limit.wording} (" in "\n".join(near)
    over = at(limit.value + 1)
    assert f"the site is over a limit of {limit.host}, {limit.wording} (" in "\n".join(over)
    assert len(over) == len([other for other in same if other.value <= limit.value * 10 // 9])
    assert all("docs/publishing.md" in line for line in over)


def test_a_build_with_a_file_near_cloudflares_limit_says_so(tmp_path: Path) -> None:
    source = tmp_path / "canary"
    shutil.copytree(FIXTURES / "canary", source)
    (source / "documents").mkdir()
    paper = source / "documents" / "2024-03-06-accounts.pdf"
    paper.write_bytes(b"%PDF-1.4\n" + b"0" * (24 * 1024 * 1024) + b"\n%%EOF\n")
    meeting = source / "2024" / "2024-03-06-audit-committee.md"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(
        text.replace(
            "next_meeting:",
            "documents:\n  - {title: Accounts, path: documents/2024-03-06-accounts.pdf}\nnext_meeting:",
            1,
        ),
        encoding="utf-8",
    )
    build = build_site(tmp_path, source)
    assert build.returncode == 0, build.output
    lines = [line for line in build.output.splitlines() if "Host limits:" in line]
    assert len(lines) == 1, build.output
    assert (
        "Host limits: the site is at 96% of a limit of Cloudflare Pages, no file over 25 MiB "
        "(its largest file is 24.0 MiB)"
    ) in lines[0]
