"""Repeatable, checkable builds: the same source and SOURCE_DATE_EPOCH give the same bytes; failures change nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXED_EPOCH, FIXTURES, ROOT, as_terminal_job, build_env, build_site, config_with_settings


def digest_tree(site: Path) -> dict[str, str]:
    """{relative path: sha256} of every file: the whole published output."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_two_builds_of_the_same_source_are_byte_identical(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = build_site(tmp_path / "one", FIXTURES / "canary")
    # A different working day and clock must not matter: only SOURCE_DATE_EPOCH does.
    second = build_site(
        tmp_path / "two", FIXTURES / "canary", env={"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "12345"}
    )
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    one, two = digest_tree(first.site), digest_tree(second.site)
    assert "index.html" in one and "search-bundles.json" in one
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_the_sitemap_carries_the_minutes_dates_not_the_clock(tmp_path: Path) -> None:
    """Built on two different days, the same minutes give the same sitemap: its dates are the minutes'."""
    sitemaps = []
    for day, epoch in (("one", FIXED_EPOCH), ("two", str(int(FIXED_EPOCH) + 86_400 * 400))):
        (tmp_path / day).mkdir()
        config = config_with_settings(tmp_path / day, "", site_url="https://minutes.example.org/")
        build = build_site(tmp_path / day, FIXTURES / "canary", epoch=epoch, config=config)
        assert build.returncode == 0, build.output
        sitemaps.append((build.site / "sitemap.xml").read_bytes())
    assert sitemaps[0] == sitemaps[1] and b"<lastmod>" in sitemaps[0]
    assert not (tmp_path / "one" / "site" / "sitemap.xml.gz").exists()  # no second copy to drift


def make_build(site: Path) -> list[str]:
    """What `make build` runs: the atomic build of scripts/minutes.py."""
    return [sys.executable, str(ROOT / "scripts" / "minutes.py"), "build", "--site-dir", str(site)]


def with_minutes(source: Path) -> dict[str, str]:
    return build_env(source, cache=None)  # the build's own cache, in its working folder


def run_make_build(tmp_path: Path, source: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        make_build(site), cwd=tmp_path, capture_output=True, text=True, check=False, env=with_minutes(source)
    )


def published_canary(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The canary minutes copied to tmp_path/minutes and built with `make build` into tmp_path/site:
    (minutes, site, the site's digest)."""
    source = tmp_path / "minutes"
    shutil.copytree(FIXTURES / "canary", source)
    site = tmp_path / "site"
    assert run_make_build(tmp_path, source, site).returncode == 0
    before = digest_tree(site)
    assert "index.html" in before
    return source, site, before


@pytest.mark.slow
def test_a_failed_build_leaves_the_published_site_untouched(tmp_path: Path) -> None:
    source, site, before = published_canary(tmp_path)

    meeting = source / "2024" / "2024-04-10-audit-committee.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("status: draft", "status: drafted"), encoding="utf-8"
    )
    failed = run_make_build(tmp_path, source, site)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stdout + failed.stderr
    assert "2024-04-10-audit-committee.md:4: status: 'drafted' is not one of draft, approved, agenda" in failed.stderr
    assert f"build failed; {site} is unchanged" in failed.stderr
    assert digest_tree(site) == before
    # No half-built staging folder is left beside it either.
    # (and the build cache, which the build keeps in the folder it runs in)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".minutebook-cache", "minutes", "site"]


@pytest.mark.slow
def test_a_broken_link_fails_the_atomic_build_too(tmp_path: Path) -> None:
    source = tmp_path / "minutes"
    shutil.copytree(FIXTURES / "canary", source)
    meeting = source / "2024" / "2024-03-06-audit-committee.md"  # its last item is public
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + "\nSee [the papers](../../../documents/missing.pdf).\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    failed = run_make_build(tmp_path, source, site)
    assert failed.returncode == 1
    line = len(meeting.read_text(encoding="utf-8").splitlines())
    assert (
        f"2024-03-06-audit-committee.md:{line}: link '../../../documents/missing.pdf' "
        "leads to no page or file in the site "
        "(on the page meetings/audit-committee/2024-03-06/)"
    ) in failed.stderr
    assert not site.exists()


@pytest.mark.slow
def test_a_build_stopped_with_ctrl_c_leaves_the_site_and_nothing_beside_it(tmp_path: Path) -> None:
    """The half-built folder sits beside the site, in the clerk's repository: it must not outlive Ctrl-C."""
    source, site, before = published_canary(tmp_path)
    build = subprocess.Popen(
        make_build(site),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=as_terminal_job,
        env=build_env(source, cache="off"),  # cold: a warm build ends too soon to be stopped
    )
    deadline = time.monotonic() + 60
    while not any(any(staging.iterdir()) for staging in tmp_path.glob(".site.building-*")):  # pages being written
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
        time.sleep(0.01)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    _, errors = build.communicate(timeout=60)
    assert build.returncode == 130 and f"build stopped; {site} is unchanged" in errors
    assert "Traceback" not in errors  # not the build's, nor its workers' (Ctrl-C reaches them too)
    # (and the build cache, which the build keeps in the folder it runs in)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".minutebook-cache", "minutes", "site"]
    assert digest_tree(site) == before
    # And were one left (the machine lost power, say), git would not take it for minutes to commit.
    repository = tmp_path / "repository"  # the project's .gitignore, in a repository of its own
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    shutil.copy(ROOT / ".gitignore", repository)
    for path in (".site.building-x1y2/index.html", ".site.previous/index.html"):
        assert (
            subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=repository, check=False).returncode
            == 0
        ), path
