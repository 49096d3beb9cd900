"""sitemap.xml: every public page once, valid against the sitemaps.org schema, dated from the minutes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FIXTURES, READING, Build
from lxml import etree
from test_agenda import OVERDUE, TODAY, UPCOMING, make_agenda_repo

from minutebook.load import load_archive
from minutebook.site import SiteInfo
from minutebook.sitemap import MAX_ADDRESSES, build_sitemaps, page_dates

SCHEMAS = FIXTURES / "sitemaps"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://minutes.example.org/"


def valid(document: bytes, schema: str) -> etree._ElementTree:
    """``document`` parsed, after checking it against the sitemaps.org schema named ``schema``."""
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    tree = etree.ElementTree(etree.fromstring(document))
    assert xsd.validate(tree), xsd.error_log
    return tree


def test_every_built_page_but_404_is_listed_once_and_the_sitemap_is_valid(reading_published: Build) -> None:
    site = reading_published.site
    tree = valid((site / "sitemap.xml").read_bytes(), "sitemap.xsd")
    listed = [loc.text for loc in tree.iterfind("sm:url/sm:loc", NS)]
    built = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if path == "404.html" or '<meta name="robots" content="noindex">' in page.read_text(encoding="utf-8"):
            continue
        built.append(SITE + path.removesuffix("index.html"))
    assert len(listed) == len(set(listed))  # each once
    assert sorted(listed) == sorted(built)
    assert len(built) > 40 and SITE + "meetings/health-scrutiny/2026-01-22/" in listed
    assert listed[0] == SITE  # the home page first
    assert not (site / "sitemap.xml.gz").exists()


def test_lastmod_is_the_latest_date_of_the_minutes_a_page_shows(reading_published: Build) -> None:
    tree = etree.parse(str(reading_published.site / "sitemap.xml"))
    lastmod = {
        url.findtext("sm:loc", namespaces=NS).removeprefix(SITE): url.findtext("sm:lastmod", namespaces=NS)
        for url in tree.iterfind("sm:url", NS)
    }
    # Held on 20 November 2025; its actions reported on, and it approved, at the meeting of 22 January 2026.
    assert lastmod["meetings/health-scrutiny/2025-11-20/"] == "2026-01-22"
    # Held on 22 January 2026, approved on 5 March 2026.
    assert lastmod["meetings/health-scrutiny/2026-01-22/"] == "2026-03-05"
    assert lastmod["actions/health-scrutiny/2025-11-20/a2/"] == "2026-01-22"  # its update
    assert lastmod["years/2025/"] == "2026-01-22"  # the approval of its only meeting
    assert lastmod[""] == lastmod["actions/"] == "2026-03-05"  # the latest of all
    assert lastmod["accessibility/"] is None  # not made from the minutes: no date to give


def test_no_site_url_no_sitemap(reading_build: Build) -> None:
    """Sitemaps need absolute addresses; MkDocs' own (an empty list without site_url) is not written either."""
    assert not (reading_build.site / "sitemap.xml").exists()
    assert not (reading_build.site / "sitemap.xml.gz").exists()


def test_above_50000_addresses_the_sitemap_is_split_under_an_index() -> None:
    archive = load_archive(READING)
    dates = page_dates(archive)
    pages = [(path, {}) for path in dates] + [(f"people/someone-{n}/", {}) for n in range(MAX_ADDRESSES + 10)]
    files = dict(build_sitemaps(archive, SiteInfo("Minutes", SITE), pages))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = valid(files["sitemap.xml"], "siteindex.xsd")
    assert [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)] == [
        SITE + "sitemap-1.xml",
        SITE + "sitemap-2.xml",
    ]
    listed: list[str] = []
    for name in ("sitemap-1.xml", "sitemap-2.xml"):
        part = valid(files[name], "sitemap.xsd")
        listed += [loc.text for loc in part.iterfind("sm:url/sm:loc", NS)]
    assert len(listed) == len(set(listed)) == len(pages)
    # A part's date in the index is the latest of its pages'.
    assert index.findtext("sm:sitemap/sm:lastmod", namespaces=NS) == max(dates.values()).isoformat()


def test_noindex_pages_are_left_out_and_paths_are_given_once() -> None:
    archive = load_archive(READING)
    pages = [("./", {}), ("", {}), ("errors/", {"robots": "noindex"}), ("meetings/health-scrutiny/2026-01-22/", {})]
    [(name, content)] = build_sitemaps(archive, SiteInfo("Minutes", SITE), pages)
    tree = valid(content, "sitemap.xsd")
    assert [loc.text for loc in tree.iterfind("sm:url/sm:loc", NS)] == [
        SITE,
        SITE + "meetings/health-scrutiny/2026-01-22/",
    ]
    assert build_sitemaps(archive, SiteInfo("Minutes"), pages) == []  # no site_url, no sitemap


def test_page_dates_never_pass_the_minutes() -> None:
    archive = load_archive(READING)
    latest = max(max(m.date, m.approved_at or m.date) for m in archive.meetings)
    assert max(page_dates(archive).values()) == latest <= dt.date(2026, 11, 25)


def test_an_agenda_is_dated_when_it_was_published_never_by_its_meeting_to_come(tmp_path: Path) -> None:
    """An agenda's page exists before its meeting: its date is its commit's, from git; without git, none."""
    repo = make_agenda_repo(tmp_path / "repo")
    dates = page_dates(load_archive(repo.source, today=TODAY))
    assert dates[f"meetings/{UPCOMING}/"] == dt.date(2026, 11, 24)  # committed then, for the 2 December meeting
    assert dates[f"meetings/{OVERDUE}/"] == dt.date(2026, 10, 28)
    assert dates[""] == dates["bodies/audit-committee/"] == dates["years/2026/"] == dt.date(2026, 11, 24)
    without_git = page_dates(load_archive(repo.source, today=TODAY, history=False))
    assert f"meetings/{UPCOMING}/" not in without_git
    assert max(without_git.values()) == dt.date(2026, 11, 4)  # the minutes of 7 October, approved
