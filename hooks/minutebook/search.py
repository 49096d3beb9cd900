"""Search: what each page tells the index, and the Pagefind bundles built over the finished site.

Pagefind indexes the built HTML (``add_directory`` over the output folder) rather than
records rebuilt from the model: the pages already are the text a reader sees, item
headings carry the ``#item-N`` ids Pagefind turns into sub-results, and confidential
text never reaches them (it is dropped at load). What HTML alone cannot say, the filters,
metadata (no sort keys: see NO_SORT), comes from the model here and is written into each page's
``<head>`` by ``partials/mb-search-meta.html``.

Two bundles, because every first query downloads its bundle's page list whole (about 7 bytes
a page) and an archive has four to five actions and decisions for every meeting: meetings and
people (where actions and decisions are found too, as sections of their meeting) answer a
query by default; actions and decisions as results of their own, with the action status
filter, come from the second bundle only when a reader asks for that kind.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Coroutine, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .batch import hold_back_from_workers, release_to_workers
from .indexes import ActionRecord, Archive, MeetingLink, PersonRecord
from .model import Decision, Meeting, MinutesStatus
from .urls import action_url, decision_url, meeting_url, person_url

log = logging.getLogger("mkdocs.plugins.minutebook.search")
T = TypeVar("T")


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


MAIN_FOLDER = "pagefind"
RECORDS_FOLDER = "pagefind-records"
# Every bundle's size: it bounds what a first query fetches (see docs/search-performance.md) and
# what Pagefind holds in memory, the build's peak, since it keeps a bundle's whole index until written.
DEFAULT_BUNDLE_MEETINGS = 1000
BUNDLES_PATH = "search-bundles.json"  # the plan, for the search box: folders and years
# Only these page kinds are search results; index pages (registers, years, bodies) would only
# repeat them. The `*/` before each page's own folder keeps the registers (people/index.html...) out.
PEOPLE_GLOB = "people/*/**/index.html"
# Bundles indexed at once: one Pagefind process each, one core each; and only as many as fit beside
# each other in PAGEFIND_BUDGET_MB. Measured at 10,000 synthetic meetings (~1,200 words each), a
# bundle of 1,000 meetings' pages peaked at 330-347 MB, of their actions and decisions at 209-216 MB:
# so a bundle of meetings is indexed beside a records bundle, never beside another bundle of meetings.
CONCURRENT_BUNDLES = 2
PAGEFIND_MB_PER_MEETING = {"main": 0.35, "records": 0.22}
PAGEFIND_BUDGET_MB = 600
# Pagefind's allocator (jemalloc) keeps freed memory for ten seconds by default, and Pagefind frees
# what it read of each page as it goes: returning it at once lowered a bundle's peak by a fifth
# (423 MB to 335 MB for 982 meetings) at about the same CPU time. An operator's own setting wins.
PAGEFIND_ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")


def bundle_size(extra: Mapping[str, Any] | None) -> tuple[int, list[str]]:
    """Meetings per search bundle from ``extra.minutebook.search_bundle_meetings``, and any warning."""
    value = (extra or {}).get("search_bundle_meetings", DEFAULT_BUNDLE_MEETINGS)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, []
    return DEFAULT_BUNDLE_MEETINGS, [
        f"extra.minutebook.search_bundle_meetings: {value!r} is not a whole number of meetings above 0; "
        f"using {DEFAULT_BUNDLE_MEETINGS}"
    ]


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


# The values each filter offers, for the search box's menus: read only when a reader opens
# them, instead of Pagefind's filter lists (every page of every value: 480 KB at 10,000 meetings).
FILTER_VALUES_PATH = "search-filters.json"
FILTER_KEYS = ("body", "year", "person", "status")
# What would only add noise to excerpts and ranking: chrome around the minutes, charts, and the
# tables of person pages that repeat other pages' titles (a meeting's attendance tables stay: names
# must find meetings; so does a person's table of bodies: bodies must find their people).
EXCLUDED = (
    ".mb-permalink",
    ".mb-pager",
    ".headerlink",
    ".mb-anchor",
    ".md-source-file",
    ".mb-chart",
    "table.mb-table:not(.mb-attendance):not(.mb-by-body)",
    ".mb-repeats",  # person pages' lists of other pages (meetings, votes, decisions, mentions)
    # In attendance tables the names find meetings; the roles beside them repeat at every meeting
    # of a body (and are found on each person's page, under "Roles held"), as do the column heads.
    ".mb-role",
    ".mb-colheads",
)
# No sort keys: Pagefind keeps each as a permutation of every page in pf_meta, which every first
# query downloads (about 3 bytes a page), and the search box offers no sorting.
NO_SORT: tuple[tuple[str, str], ...] = ()
KINDS = {
    "meeting": "Meeting",
    "action": "Action",
    "decision": "Decision",
    "person": "Person",
}


class SearchError(Exception):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class SearchFields:
    """What a page tells the search index beyond its text: filters to narrow by, metadata to show, sort keys.

    Pairs, not dicts: a filter key repeats once per value (a meeting has many people).
    """

    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]
    sort: tuple[tuple[str, str], ...]


def build_search_fields(archive: Archive) -> dict[str, SearchFields]:
    """Filters, metadata and sort keys of every searchable page, by page URL."""
    named = _named_in_meetings(archive)
    fields: dict[str, SearchFields] = {}
    for meeting in archive.meetings:
        fields[meeting_url(meeting.id)] = _meeting_fields(archive, meeting, named[meeting.id])
    for record in archive.actions.values():
        fields[action_url(record.action.uid)] = _action_fields(archive, record)
    for decision in archive.decisions:
        fields[decision_url(decision.uid)] = _decision_fields(archive, decision)
    for record in archive.people.values():
        fields[person_url(record.person.id)] = _person_fields(archive, record)
    return fields


def _named_in_meetings(archive: Archive) -> dict[str, set[str]]:
    """Everyone who figures in each meeting: attending, sending apologies, chairing, owning, voting or named in the text."""
    named: dict[str, set[str]] = defaultdict(set)
    for meeting in archive.meetings:
        people = named[meeting.id]
        people.update(entry.person for entry in meeting.attendance)
        people.update(p for sub in meeting.substitutes for p in (sub.person, sub.replaces))
        people.update(declaration.person for declaration in meeting.declarations)
        people.update(o.id for a in meeting.actions for o in a.owners if o.kind == "person")
        if meeting.chair:
            people.add(meeting.chair)
        for decision in meeting.decisions:
            if decision.vote:
                people.update(_voters(decision))
    for person_id, record in archive.people.items():
        for mention in record.mentions:
            named[mention.meeting.id].add(person_id)
    return named


def _voters(decision: Decision) -> set[str]:
    vote = decision.vote
    return set() if vote is None else {*vote.for_names, *vote.against_names, *vote.abstain_names}


def _common(archive: Archive, kind: str, meeting: Meeting | MeetingLink) -> list[tuple[str, str]]:
    body = archive.registry.bodies[meeting.body].name
    meta = [
        ("kind", KINDS[kind]),
        ("body", body),
        ("date", f"{meeting.date.day} {meeting.date:%B %Y}"),
    ]
    if meeting.status is MinutesStatus.DRAFT:
        meta.append(("draft", "Draft"))
    return meta


def _people(archive: Archive, ids: set[str] | list[str]) -> list[tuple[str, str]]:
    # Display names, sorted: the filter list is read by people, and the order must not flicker.
    names = sorted({archive.registry.people[pid].display_name for pid in ids if pid in archive.registry.people})
    return [("person", name) for name in names]


def _meeting_fields(archive: Archive, meeting: Meeting, named: set[str]) -> SearchFields:
    body = archive.registry.bodies[meeting.body].name
    filters = [
        ("kind", KINDS["meeting"]),
        ("body", body),
        ("year", str(meeting.date.year)),
        *_people(archive, named),
    ]
    return SearchFields(tuple(filters), tuple(_common(archive, "meeting", meeting)), NO_SORT)


def _action_fields(archive: Archive, record: ActionRecord) -> SearchFields:
    meeting = record.meeting
    bodies = {archive.registry.bodies[meeting.body].name}
    bodies.update(archive.registry.bodies[o.id].name for o in record.action.owners if o.kind == "body")
    owners = [o.id for o in record.action.owners if o.kind == "person"]
    filters = [
        ("kind", KINDS["action"]),
        *(("body", name) for name in sorted(bodies)),
        ("year", str(meeting.date.year)),
        *_people(archive, owners),
        ("status", record.state),
    ]
    meta = [
        *_common(archive, "action", meeting),
        ("status", record.state.replace("-", " ")),
    ]
    return SearchFields(tuple(filters), tuple(meta), NO_SORT)


def _decision_fields(archive: Archive, decision: Decision) -> SearchFields:
    meeting = archive.meeting_by_id[decision.meeting]
    body = archive.registry.bodies[meeting.body].name
    filters = [
        ("kind", KINDS["decision"]),
        ("body", body),
        ("year", str(meeting.date.year)),
        *_people(archive, _voters(decision)),
    ]
    meta = _common(archive, "decision", meeting)
    if not decision.outcome.taken:  # the result says "lost" beside the body and date, as an action's says its status
        meta.append(("status", decision.outcome.value))
    return SearchFields(tuple(filters), tuple(meta), NO_SORT)


def _person_fields(archive: Archive, record: PersonRecord) -> SearchFields:
    bodies = sorted({entry.body.name for entry in record.by_body})
    filters = [
        ("kind", KINDS["person"]),
        *(("body", name) for name in bodies),
        *_people(archive, [record.person.id]),
    ]
    return SearchFields(tuple(filters), (("kind", KINDS["person"]),), ())


def filter_values(fields: dict[str, SearchFields]) -> bytes:
    """The values each filter can take, sorted for the menus (years newest first), as JSON."""
    values: dict[str, set[str]] = {key: set() for key in FILTER_KEYS}
    for page in fields.values():
        for key, value in page.filters:
            if key in values:
                values[key].add(value)
    ordered = {key: sorted(found, reverse=key == "year") for key, found in values.items()}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode()


def build_search_index(site_dir: Path, bundles: tuple[Bundle, ...]) -> int:
    """Index the built site at ``site_dir`` with Pagefind into one folder per bundle; return the pages indexed."""
    started = time.perf_counter()
    pages = _index_all(site_dir, site_dir, bundles)
    log.info("Search: indexed %d pages in %.1f s", pages, time.perf_counter() - started)
    return pages


def _index_all(
    site_dir: Path, output_root: Path, bundles: tuple[Bundle, ...], processes: Processes | None = None
) -> int:
    """Index every bundle; each Pagefind process is listed in ``processes`` while it runs."""

    async def one(bundle: Bundle) -> int:
        return await _index(site_dir, output_root / bundle.folder, bundle.globs, processes)

    try:
        return sum(run_coroutine(within_budget(bundles, one)))
    except Exception as error:
        # The Pagefind service reports failures as bare exceptions of several kinds.
        raise SearchError(f"Pagefind could not index {site_dir}: {error}") from error


async def within_budget(
    bundles: Iterable[Bundle],
    index: Callable[[Bundle], Coroutine[Any, Any, T]],
    slots: int = CONCURRENT_BUNDLES,
    budget_mb: float = PAGEFIND_BUDGET_MB,
) -> list[T]:
    """Run ``index`` on every bundle, largest first, at most ``slots`` at once.

    A bundle starts beside those running only if their estimated memory together stays within
    ``budget_mb``; the largest that fits goes first, so a bundle of meetings runs beside a records
    bundle. A bundle larger than the budget runs alone. Results come in the order bundles finish.
    """
    waiting = sorted(bundles, key=lambda bundle: -bundle.indexing_mb)
    running: dict[asyncio.Task[T], Bundle] = {}
    finished: list[T] = []
    while waiting or running:
        held = sum(bundle.indexing_mb for bundle in running.values())
        fits = next(
            (b for b in waiting if not running or (len(running) < slots and held + b.indexing_mb <= budget_mb)), None
        )
        if fits is not None:
            waiting.remove(fits)
            running[asyncio.ensure_future(index(fits))] = fits
            continue
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        failures = [error for task in done if (error := task.exception()) is not None]
        if failures:  # the run ends (asyncio.run cancels the rest); every failure here was looked at
            raise failures[0]
        for task in done:
            del running[task]
            finished.append(task.result())
    return finished


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end, also from a thread whose event loop is already running.

    MkDocs calls us without a loop; a caller that has one running (Playwright's sync API in
    the tests, say) would make ``asyncio.run`` refuse, so the work moves to a fresh thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _index(
    site_dir: Path, output: Path, globs: tuple[str, ...], processes: Processes | None, attempts: int = 3
) -> int:
    """Index ``globs`` under ``site_dir`` into ``output``, again if Pagefind left the bundle incomplete."""
    for attempt in range(1, attempts + 1):
        # Also a stale bundle (from a `--dirty` build, say) must not keep chunks no page refers to.
        shutil.rmtree(output, ignore_errors=True)
        pages, missing = await _index_once(site_dir, output, globs, processes)
        if missing is None:
            return pages
        # Rare since until_written: naming the file tells what Pagefind skipped.
        log.info("Search: Pagefind left %s incomplete, %s (attempt %d of %d)", output.name, missing, attempt, attempts)
    raise SearchError(f"Pagefind left an incomplete search index in {output} {attempts} times")


async def until_written(bundle: Path, timeout: float = 30.0, pause: float = 0.05) -> str | None:
    """Wait until every file of ``bundle`` is written out, or ``timeout`` seconds have passed; what is
    still missing then (as ``_unwritten`` says), or None.

    Pagefind answers "written" while its last writes may still be queued (its files are tokio
    ``File``s, written without a flush), and exits the moment its input closes: closed at once, on
    a busy machine, a bundle lost its ``pagefind-entry.json`` about one time in four (27 November).
    A bundle still incomplete after ``timeout`` is left to ``_index`` to index again.
    """
    deadline = time.monotonic() + timeout
    while (missing := _unwritten(bundle)) is not None and time.monotonic() < deadline:
        await asyncio.sleep(pause)
    return missing


def _unwritten(bundle: Path) -> str | None:
    """What of ``bundle`` was not written out (its entry file, the page list it names, an empty chunk), or None."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        metas = [bundle / f"pagefind.{language['hash']}.pf_meta" for language in entry["languages"].values()]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"{entry_file.name} unreadable ({error.__class__.__name__})"
    chunks = (path for folder in ("index", "fragment", "filter") for path in (bundle / folder).glob("*"))
    for path in (*metas, *chunks):
        try:
            size = path.stat().st_size  # one call a file: a bundle of 10,000 meetings holds over 65,000
        except FileNotFoundError:
            return f"{path.relative_to(bundle)} missing"
        if size == 0:
            return f"{path.relative_to(bundle)} empty"
    return None


async def _index_once(
    site_dir: Path, output: Path, globs: tuple[str, ...], processes: Processes | None
) -> tuple[int, str | None]:
    """Pages indexed into ``output``, and what of the bundle Pagefind left unwritten (None: nothing)."""
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    config = IndexConfig(
        # Pagefind's selector engine takes simple selectors only (a sibling combinator hangs it).
        exclude_selectors=list(EXCLUDED),
        # One index: minutes are English, and a stray lang attribute must not split it.
        force_language="en",
        output_path=str(output),
    )
    os.environ.setdefault(*PAGEFIND_ALLOCATOR)  # the service starts Pagefind with our environment
    service = await PagefindService().launch()
    pid = service._backend.pid  # type: ignore[attr-defined]
    if processes is not None:
        processes.add(pid)
    pagefind_input = int(service._backend.stdin.transport.get_extra_info("pipe").fileno())  # type: ignore[attr-defined]
    hold_back_from_workers(pagefind_input)  # or a worker forked meanwhile keeps Pagefind from finishing

    async def index_the_globs() -> tuple[int, str | None]:
        index = await service.create_index(config)
        pages = 0
        for glob in globs:
            pages += int((await index.add_directory(str(site_dir), glob=glob))["page_count"])
        await index.write_files(str(output))
        return pages, await until_written(output)  # nothing is written once Pagefind has exited

    try:
        return await _unless_pagefind_exits(service, index_the_globs())
    finally:
        release_to_workers(pagefind_input)  # before it is closed: its number may then be reused
        await _stop(service)
        if processes is not None:
            processes.discard(pid)


async def _unless_pagefind_exits(service: object, work: Coroutine[Any, Any, T]) -> T:
    """``work``'s result, or a SearchError as soon as the Pagefind service exits (killed, out of memory).

    The service's client waits for an answer to each request for ever, even once the process is gone:
    a refresh stopped by a newer rebuild (and a build whose Pagefind was killed) hung.
    """
    reading = service._poll_task  # type: ignore[attr-defined]  # ends when the process's output does
    working = asyncio.ensure_future(work)
    await asyncio.wait({working, reading}, return_when=asyncio.FIRST_COMPLETED)
    if working.done():
        return working.result()
    working.cancel()
    backend = service._backend  # type: ignore[attr-defined]
    if backend.returncode is None:  # alive, but its answers can no longer be read: of no more use
        backend.kill()
    code = await backend.wait()
    if not reading.cancelled():
        reading.exception()  # retrieved, so asyncio does not report it again: the error below says it
    how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
    hint = " (out of memory, perhaps: see docs/performance.md)" if code == -signal.SIGKILL else ""
    raise SearchError(f"Pagefind {how} before it finished the index{hint}")


async def _stop(service: object) -> None:
    """Let the Pagefind service exit by itself, once ``until_written`` has seen its files out.

    Hack: ``PagefindIndex``'s context manager (and ``PagefindService.close``) terminate the service as
    soon as it has answered "written". Closing its input ends it as cleanly as it can be ended.
    """
    backend = service._backend  # type: ignore[attr-defined]
    if backend.stdin is not None:
        backend.stdin.close()
    try:
        await asyncio.wait_for(backend.wait(), timeout=120)
    except TimeoutError:
        backend.terminate()
        await backend.wait()
    finally:
        service._poll_task.cancel()  # type: ignore[attr-defined]


class BackgroundSearchIndex:
    """Search for `mkdocs build`: the bundles indexed in a thread while the rest of the site is built.

    Every page search indexes is laid out by the engine (meetings, people, actions, decisions) before
    MkDocs lays out its own, so Pagefind reads them beside the theme's pages, the feeds and the link
    check instead of after all of them. Bundles are written aside and moved in when done.
    """

    def __init__(self, pages_root: Path, bundles: tuple[Bundle, ...], finish: Callable[[Path], Any]) -> None:
        self._bundles = bundles
        self._finish = finish  # e.g. stabilise a bundle
        self._output = Path(tempfile.mkdtemp(prefix="minutebook-search-"))
        # A build that fails before collecting the bundles (a broken link, say) leaves nothing behind.
        atexit.register(shutil.rmtree, self._output, True)
        self._outcome: list[Any] = []  # [pages indexed] or [the exception]
        self._started = time.perf_counter()
        self._elapsed = 0.0
        self._thread = threading.Thread(target=self._run, args=(pages_root,), name="minutebook-search", daemon=True)
        self._thread.start()

    def _run(self, pages_root: Path) -> None:
        try:
            pages = _index_all(pages_root, self._output, self._bundles)
            for bundle in self._bundles:
                self._finish(self._output / bundle.folder)
            self._elapsed = time.perf_counter() - self._started
            self._outcome.append(pages)
        except Exception as error:  # raised again in the build's own thread, by into()
            self._outcome.append(error)

    def into(self, site_dir: Path) -> int:
        """Wait for the bundles, move them into ``site_dir``, and return the pages indexed (or raise what went wrong)."""
        self._thread.join()
        try:
            outcome = self._outcome[0]
            if isinstance(outcome, Exception):
                raise outcome
            for bundle in self._bundles:
                shutil.rmtree(site_dir / bundle.folder, ignore_errors=True)
                shutil.move(str(self._output / bundle.folder), site_dir / bundle.folder)
        finally:
            shutil.rmtree(self._output, ignore_errors=True)
        log.info("Search: indexed %d pages in %.1f s", outcome, self._elapsed)
        return outcome


class Processes:
    """The Pagefind processes of one indexing run, so it can be stopped from another thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._stopped = False

    def add(self, pid: int) -> None:
        with self._lock:
            self._running.add(pid)
            stopped = self._stopped
        if stopped:  # started after the run was stopped
            self.stop()

    def discard(self, pid: int) -> None:
        """``pid`` has exited (so its number may be reused): never signal it."""
        with self._lock:
            self._running.discard(pid)

    def stop(self) -> None:
        """Kill every process of the run, and any it starts from now on."""
        with self._lock:
            self._stopped = True
            for pid in self._running:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:  # exiting already
                    pass


class LiveSearchIndex:
    """Search under `mkdocs serve`: a saved meeting shows at once, search catches up behind it.

    The first build is indexed before serving. After that, each rebuild gets the last
    finished bundles straight away, and fresh ones are built in a thread and swapped in,
    unless a newer rebuild has begun meanwhile (its own refresh will follow).
    Indexing a large archive takes minutes; without this every save waited for it.
    """

    def __init__(self, finish: Callable[[Path], None]) -> None:
        self._finish = finish  # e.g. stabilise a bundle; run before it is shown
        self._lock = threading.Lock()
        self._generation = 0
        self._latest: Path | None = None  # a private copy of the newest finished bundles
        self._refreshing = Processes()  # the running refresh's Pagefind processes
        self._refresh_thread: threading.Thread | None = None

    def begin_build(self) -> None:
        """A rebuild starts: any refresh still running is now out of date, and is stopped."""
        with self._lock:
            self._generation += 1
            # Its Pagefind processes would take a core from the rebuild for nothing.
            self._refreshing.stop()

    def after_build(self, site_dir: Path, bundles: tuple[Bundle, ...]) -> threading.Thread | None:
        """Give ``site_dir`` its search ``bundles`` now; return the refresh thread, if one was started."""
        with self._lock:
            generation = self._generation
        if self._latest is None:
            build_search_index(site_dir, bundles)
            self._finish_all(site_dir, bundles)
            self._keep(site_dir, bundles)
            return None
        # The last finished bundles, even if this build's plan names others: the refresh brings those.
        # (A site kept from the last build has them already.)
        for kept in self._latest.iterdir():
            if not (site_dir / kept.name).is_dir():
                shutil.copytree(kept, site_dir / kept.name, copy_function=_link_or_copy)
        with self._lock:
            self._refreshing = Processes()
        thread = threading.Thread(
            target=self._refresh,
            args=(site_dir, bundles, generation, self._refreshing),
            name="minutebook-search",
            daemon=True,
        )
        self._refresh_thread = thread
        thread.start()
        return thread

    def close(self) -> None:
        """`serve` stops: stop any refresh, and remove the private copy and the refresh's staging folder."""
        self.begin_build()  # a refresh still running is out of date for good
        if self._refresh_thread is not None:
            self._refresh_thread.join(timeout=30)  # its Pagefind is killed: it cleans up at once
        with self._lock:
            latest, self._latest = self._latest, None
        if latest is not None:
            shutil.rmtree(latest, ignore_errors=True)

    def _finish_all(self, root: Path, bundles: tuple[Bundle, ...]) -> None:
        for bundle in bundles:
            self._finish(root / bundle.folder)

    def _refresh(self, site_dir: Path, bundles: tuple[Bundle, ...], generation: int, processes: Processes) -> None:
        staging = Path(tempfile.mkdtemp(prefix="minutebook-search-"))
        try:
            pages = _index_all(site_dir, staging, bundles, processes)
            self._finish_all(staging, bundles)
            with self._lock:
                if generation != self._generation:
                    return  # the site changed under us; the newer build refreshes again
                for bundle in bundles:
                    live = site_dir / bundle.folder
                    retired = site_dir / f".{bundle.folder}-retired"
                    if live.exists():
                        live.rename(retired)
                    shutil.move(str(staging / bundle.folder), live)
                    shutil.rmtree(retired, ignore_errors=True)
                # Bundles this plan no longer names (a save moved a boundary between years) go.
                named = {bundle.folder for bundle in bundles}
                for kept in self._latest.iterdir() if self._latest else ():
                    if kept.name not in named:
                        shutil.rmtree(site_dir / kept.name, ignore_errors=True)
                self._keep(site_dir, bundles)
            log.info("Search: refreshed in the background (%d pages)", pages)
        except Exception as error:  # a rebuild cleaning the folder mid-index, most likely
            log.info("Search: background refresh abandoned (%s); the next save retries", error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _keep(self, root: Path, bundles: tuple[Bundle, ...]) -> None:
        copy = Path(tempfile.mkdtemp(prefix="minutebook-search-latest-"))
        for bundle in bundles:
            shutil.copytree(root / bundle.folder, copy / bundle.folder, copy_function=_link_or_copy)
        previous, self._latest = self._latest, copy
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)


def _link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` becomes ``source``'s content: a hard link when it can (no copying), else a copy.

    Safe as a link for search bundles: nothing rewrites a bundle's file in place (a fresh
    bundle is moved in whole, see LiveSearchIndex).
    """
    # Tens of thousands of calls per rebuild: try the common case (a fresh folder) first.
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        os.unlink(target)
    except OSError:  # no hard links here (another file system, say)
        shutil.copyfile(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
