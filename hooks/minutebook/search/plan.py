"""Which pages go into which search bundle, and the manifest the search box reads.

Two kinds of bundle, because every first query downloads its bundle's page list whole (about
7 bytes a page) and an archive has four to five actions and decisions for every meeting:
meetings and people (where actions and decisions are found too, as sections of their meeting)
answer a query by default; actions and decisions as results of their own, with the action
status filter, come from the records bundles only when a reader asks for that kind.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..archive import Archive

MAIN_FOLDER = "pagefind"
RECORDS_FOLDER = "pagefind-records"
# Every bundle's size: it bounds what a first query fetches (see docs/search-performance.md) and
# what Pagefind holds in memory, the build's peak, since it keeps a bundle's whole index until written.
DEFAULT_BUNDLE_MEETINGS = 1000
BUNDLES_PATH = "search-bundles.json"  # the plan, for the search box: folders and years
# Only these page kinds are search results; index pages (registers, years, bodies) would only
# repeat them. The `*/` before each page's own folder keeps the registers (people/index.html...) out.
PEOPLE_GLOB = "people/*/**/index.html"
# Roughly the memory Pagefind holds while indexing a bundle, per meeting whose pages it holds, as
# measured on the synthetic archives of scripts/bench.py (about 1,200 words a meeting): a little over
# a third of a megabyte for a meeting's pages, a little over a fifth for its actions and decisions.
PAGEFIND_MB_PER_MEETING = {"main": 0.35, "records": 0.22}


@dataclass(frozen=True)
class Bundle:
    """One Pagefind index: its folder in the site, the pages it holds, and the years of their meetings."""

    folder: str
    globs: tuple[str, ...]  # under the site folder
    first_year: int | None = None  # None: an archive with no meetings yet
    last_year: int | None = None
    meetings: int = 0  # whose pages it holds: what indexing it costs, roughly

    @property
    def indexing_mb(self) -> float:
        """Roughly the memory Pagefind holds while indexing this bundle, in MB (see PAGEFIND_MB_PER_MEETING)."""
        kind = "records" if self.folder.startswith(RECORDS_FOLDER) else "main"
        return self.meetings * PAGEFIND_MB_PER_MEETING[kind]


@dataclass(frozen=True)
class SearchPlan:
    """A build's bundles, newest first in each group.

    ``main`` holds meetings and people (people in the newest bundle), ``records`` actions and
    decisions. A browser searches a group's newest bundle first and merges the older ones in only
    when a reader asks for older minutes, or the newest had too few results (then two more at
    most): a first query fetches the page lists and word chunks of at most three bundles however
    long the archive, and Pagefind, which holds a bundle's whole index in memory while writing it,
    holds no more than ``bundle_meetings`` meetings' index per process.
    """

    main: tuple[Bundle, ...]
    records: tuple[Bundle, ...]

    @property
    def bundles(self) -> tuple[Bundle, ...]:
        return (*self.main, *self.records)


def plan_bundles(
    meeting_years: Iterable[int], record_years: Iterable[int], bundle_meetings: int = DEFAULT_BUNDLE_MEETINGS
) -> SearchPlan:
    """Group the archive's years, newest first, into bundles of whole years (a year filter reads one).

    ``meeting_years`` holds one year per meeting, ``record_years`` one per action or decision page.
    Each bundle holds at most ``bundle_meetings`` meetings' pages, or one year's if a year has more
    (a year is never split). A year with no actions or decisions has no records bundle (Pagefind
    cannot write an empty one).
    """
    per_year = Counter(meeting_years)
    record_year_set = set(record_years)
    with_records = Counter({year: count for year, count in per_year.items() if year in record_year_set})
    main_spans = _spans(per_year, bundle_meetings)
    record_spans = _spans(with_records, bundle_meetings)
    if len(main_spans) <= 1 and len(record_spans) <= 1:  # one bundle of each kind: no need to name years
        first, last = (min(per_year), max(per_year)) if per_year else (None, None)
        main = Bundle(MAIN_FOLDER, ("meetings/*/*/**/index.html", PEOPLE_GLOB), first, last, sum(per_year.values()))
        records = Bundle(
            RECORDS_FOLDER, ("{actions,decisions}/*/*/**/index.html",), first, last, sum(with_records.values())
        )
        return SearchPlan((main,), (records,) if with_records else ())
    main_bundles = tuple(
        _bundle(MAIN_FOLDER, "meetings/*/{years}/**/index.html", span, per_year, newest=index == 0)
        for index, span in enumerate(main_spans)
    )
    record_bundles = tuple(
        _bundle(RECORDS_FOLDER, "{{actions,decisions}}/*/{years}/**/index.html", span, per_year, newest=index == 0)
        for index, span in enumerate(record_spans)
    )
    return SearchPlan(main_bundles, record_bundles)


def _spans(per_year: Counter[int], bundle_meetings: int) -> list[list[int]]:
    """Years, newest first, in runs of at most ``bundle_meetings`` meetings (or one year)."""
    spans: list[list[int]] = []
    held = 0
    for year in sorted(per_year, reverse=True):
        if spans and held + per_year[year] <= bundle_meetings:
            spans[-1].append(year)
            held += per_year[year]
        else:
            spans.append([year])
            held = per_year[year]
    return spans


def _bundle(folder: str, glob: str, span: list[int], per_year: Counter[int], newest: bool) -> Bundle:
    first, last = span[-1], span[0]
    years = f"{last}-*" if first == last else "{" + ",".join(map(str, span)) + "}-*"
    named = "" if newest else f"-{first}" if first == last else f"-{first}-{last}"
    people = (PEOPLE_GLOB,) if newest and folder == MAIN_FOLDER else ()
    return Bundle(folder + named, (glob.format(years=years), *people), first, last, sum(per_year[y] for y in span))


def search_plan(archive: Archive, bundle_meetings: int = DEFAULT_BUNDLE_MEETINGS) -> SearchPlan:
    """The bundles for ``archive``: see ``plan_bundles``."""
    record_years = [record.meeting.date.year for record in archive.actions.values()]
    record_years += [archive.meeting_by_id[decision.meeting].date.year for decision in archive.decisions]
    return plan_bundles((meeting.date.year for meeting in archive.meetings), record_years, bundle_meetings)


def bundle_manifest(plan: SearchPlan) -> bytes:
    """The plan as the search box reads it: each group's bundle folders, newest first, with their years."""
    groups = {
        name: [{"path": f"{b.folder}/", "first": b.first_year, "last": b.last_year} for b in bundles]
        for name, bundles in (("main", plan.main), ("records", plan.records))
    }
    return json.dumps(groups, separators=(",", ":")).encode()
