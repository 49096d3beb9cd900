"""The record's history: each meeting's versions from real git commits, and nothing past versions held leaks.

The fixture archive is a real repository in a temporary folder, committed version by version:
draft minutes, a draft changed (naming someone since removed from people.yml), the minutes
approved with an amendment (a name removed and put on the redaction list), a correction after
approval (an item marked exempt), and the file moved to another folder. Canaries are committed in
an exempt item, in HTML comments, in the since-redacted name, in an item made exempt later and in
the version that cannot be shown; the whole built site is searched for them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Build, build_site
from gitarchive import GitArchive, git
from test_confidential import scan

from minutebook.gitlog import Repository, blob_id
from minutebook.history import public_reason
from minutebook.load import load_archive
from minutebook.model import MinutesStatus
from minutebook.redact import load_redactions
from minutebook.versions import MeetingHistory, VersionKind

MEETING = "2024/2024-03-06-audit-committee.md"
MOVED = "audit/2024-03-06.md"
ID = "audit-committee/2024-03-06"
SECRETS = (
    "canarysmith",  # a name since put on the redaction list
    "zqcommentcanary",  # HTML comments
    "zqconfcanary",  # an exempt item's text
    "zqlaterexempt",  # text of an item marked exempt only later
    "zqwithheldcanary",  # public text of a version that cannot be shown any more
    "zqmovedcanary",  # ditto
    "clerk.canary@example.org",  # the author's address, in a commit message and in git itself
)

PEOPLE = """
ada-lovelace:
  name: Ada Lovelace
grace-hopper:
  name: Grace Hopper
  honorific: Cllr
"""
PEOPLE_THEN = (
    PEOPLE
    + """
old-member:
  name: Oswald Member
"""
)
BODIES = """
audit-committee:
  name: Audit Committee
  kind: committee
"""
BASE: dict[str, str | None] = {"people.yml": PEOPLE, "bodies.yml": BODIES, "documents/accounts.pdf": "%PDF-1.4\n"}

AGENDA = """
---
body: audit-committee
date: 2024-03-06
status: agenda
start: "18:00"
location: Town Hall
documents:
  - {title: Statement of accounts, path: documents/accounts.pdf, item: 1}
  - {title: Risk register 2024, url: "https://example.org/risks", item: 2}
confidential:
  - {item: 3, reason: "Schedule 12A paragraph 1", summary: A staffing matter was considered in private.}
---

## 1. Accounts

To note the statement of accounts. <!-- zqcommentcanary in the agenda -->

## 2. Risk register

## 3. Staffing

zqconfcanary in the agenda.
"""
DRAFT = """
---
body: audit-committee
date: 2024-03-06
status: draft
start: "18:00"
location: Town Hall
chair: ada-lovelace
present: [ada-lovelace, Cllr Grace Hopper]
decisions:
  - {id: 1, item: 1, text: The accounts were noted. <!-- zqcommentcanary in a field -->}
documents:
  - {title: Statement of accounts, path: documents/accounts.pdf, item: 1}
  - {title: Risk register 2024, url: "https://example.org/risks", item: 2}
confidential:
  - {item: 3, reason: "Schedule 12A paragraph 1", summary: A staffing matter was considered in private.}
---

## 1. Accounts

The committee noted the accounts. Jane Canarysmith asked a question. <!-- zqcommentcanary -->

## 2. Risk register

The register was reviewed. zqlaterexempt

## 3. Staffing

zqconfcanary The committee discussed a member of staff.
"""
DRAFT_CHANGED = DRAFT.replace(
    "present: [ada-lovelace, Cllr Grace Hopper]", "present: [ada-lovelace, Cllr Grace Hopper, old-member]"
).replace("The register was reviewed.", "The register was reviewed. zqwithheldcanary")
APPROVED = (
    DRAFT.replace("status: draft", "status: approved\napproved_at: 2024-04-10")
    .replace(" Jane Canarysmith asked a question.", "")
    .replace("The accounts were noted.", "The accounts were approved.")
)
CORRECTED = APPROVED.replace(
    "confidential:\n",
    'confidential:\n  - {item: 2, reason: "Schedule 12A paragraph 3", summary: Risks were discussed in private.}\n',
).replace("The committee noted the accounts.", "The committee noted and approved the accounts.")


def make_history_repo(root: Path) -> GitArchive:
    """The archive of one meeting committed as its agenda, draft, change, approval, correction and move."""
    repo = GitArchive(root)
    repo.commit(
        "Agenda for 6 March",
        "2024-02-27T16:30:00+00:00",
        {"people.yml": PEOPLE_THEN, "bodies.yml": BODIES, MEETING: AGENDA, "documents/accounts.pdf": "%PDF-1.4\n"},
    )
    repo.commit("Draft minutes of 6 March", "2024-03-08T10:00:00+00:00", {MEETING: DRAFT})
    repo.commit("Oswald was there too", "2024-03-20T10:00:00+00:00", {MEETING: DRAFT_CHANGED})
    repo.commit(
        "Approved at the meeting of 10 April, with an amendment to decision 1\n\n"
        "Jane Canarysmith asked for her name to be removed.\n\n"
        "Signed-off-by: A Clerk <clerk.canary@example.org>",
        "2024-04-11T10:00:00+00:00",
        {MEETING: APPROVED, "redact.yml": "- Jane Canarysmith\n"},
    )
    repo.commit(
        "Correction: item 1 omitted the approval; item 2 is exempt <!-- zqcommentcanary in a message -->",
        "2024-05-01T09:00:00+01:00",
        {MEETING: CORRECTED, "people.yml": PEOPLE},
    )
    repo.move(MEETING, MOVED, "Files by body", "2024-06-01T09:00:00+01:00")
    return repo


@pytest.fixture(scope="module")
def archive_repo(tmp_path_factory: pytest.TempPathFactory) -> GitArchive:
    return make_history_repo(tmp_path_factory.mktemp("history") / "repo")


def history(source: Path) -> MeetingHistory:
    return load_archive(source).histories[ID]


def test_each_version_with_its_date_stage_and_reason(archive_repo: GitArchive) -> None:
    versions = history(archive_repo.source).versions
    assert [(str(v.date), v.kind, v.status) for v in versions] == [
        ("2024-02-27", VersionKind.PUBLISHED, MinutesStatus.AGENDA),
        ("2024-03-08", VersionKind.PUBLISHED, MinutesStatus.DRAFT),
        ("2024-03-20", VersionKind.WITHHELD, None),  # names someone no longer in people.yml
        ("2024-04-11", VersionKind.PUBLISHED, MinutesStatus.APPROVED),
        ("2024-05-01", VersionKind.CORRECTED, MinutesStatus.APPROVED),
    ]  # the move changed nothing a reader sees, so it is no version
    assert [v.label for v in versions] == [
        "Agenda published",
        "Draft minutes published",
        "Changed",
        "Approved minutes published",
        "Corrected after approval",
    ]
    assert versions[0].reason == "Agenda for 6 March"
    assert versions[1].reason == "Draft minutes of 6 March"
    assert versions[2].reason == "" and versions[2].changes == ()
    assert versions[3].reason == (
        "Approved at the meeting of 10 April, with an amendment to decision 1\n\n"
        "(name withheld) asked for her name to be removed."
    )
    assert versions[4].reason == "Correction: item 1 omitted the approval; item 2 is exempt"


def test_the_approval_shows_the_amendment_against_the_last_version_shown(archive_repo: GitArchive) -> None:
    approved = history(archive_repo.source).versions[3]
    changes = {change.section: change.lines for change in approved.changes}
    assert list(changes) == ["Status", "Item 1. Accounts"]
    (status,) = changes["Status"]
    assert "".join(w.text for w in status.before) == "Draft, not yet approved"
    assert "".join(w.text for w in status.after) == "Approved on 10 April 2024"
    text, decision = changes["Item 1. Accounts"]
    assert [(w.text, w.changed) for w in text.before] == [
        ("The committee noted the accounts.", False),
        (" (name withheld) asked a question.", True),
    ]
    assert [(w.text, w.changed) for w in decision.after] == [
        ("Decision 1: The accounts were ", False),
        ("approved.", True),
    ]


def test_a_correction_marks_what_changed_and_drops_newly_exempt_text_from_every_version(
    archive_repo: GitArchive,
) -> None:
    corrected = history(archive_repo.source).versions[4]
    changes = {change.section: change.lines for change in corrected.changes}
    (line,) = changes["Item 1. Accounts"]
    assert [(w.text, w.changed) for w in line.after] == [
        ("The committee noted ", False),
        ("and approved ", True),
        ("the accounts.", False),
    ]
    (exempt,) = changes["Item 2. Risk register"]
    assert exempt.before == ()  # the text it had before is never shown, in any version
    assert (
        "".join(w.text for w in exempt.after)
        == "Exempt item (Schedule 12A paragraph 3). Risks were discussed in private."
    )


@pytest.fixture(scope="module")
def history_site(archive_repo: GitArchive, tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("history-site"), archive_repo.source)
    assert build.returncode == 0, build.output
    return build


def test_nothing_a_past_version_held_reaches_any_output_byte(history_site: Build) -> None:
    found = scan(history_site.site, SECRETS)
    assert {needle: files for needle, files in found.items() if files} == {}
    # ... while the scan does read the versions: the public text of past versions is there.
    assert scan(history_site.site, ("asked a question",))["asked a question"]


def test_the_meeting_page_shows_its_versions(history_site: Build) -> None:
    html = history_site.page(f"meetings/{ID}/")
    section = html[html.index('<section class="mb-versions"') :]
    section = section[: section.index("</section>")]
    assert 'data-pagefind-ignore="all"' in html[html.index('<section class="mb-versions"') :][:200]
    assert '<time datetime="2024-03-08">8 March 2024</time>: <strong>Draft minutes published</strong>' in section
    assert '<time datetime="2024-03-20">20 March 2024</time>: <strong>Changed</strong>' in section
    assert "only its date is shown" in section
    assert '<li class="mb-version mb-version--correction">' in section
    assert "<strong>Corrected after approval</strong>" in section
    assert "Decision 1: The accounts were <del>noted.</del>" in section
    assert "Decision 1: The accounts were <ins>approved.</ins>" in section
    assert "History not available" not in section


def test_the_minutes_keep_the_agenda_as_published_with_its_papers(history_site: Build) -> None:
    html = history_site.page(f"meetings/{ID}/")
    assert (
        'The agenda for this meeting was published on <time datetime="2024-02-27">Tuesday 27 February 2024</time>: '
        '<a href="#agenda-as-published">see the agenda and its papers</a>.'
    ) in html
    agenda = html[html.index('<section class="mb-published-agenda"') :].split("</section>")[0]
    assert "<summary>The agenda of Tuesday 27 February 2024: 3 items</summary>" in agenda
    assert "<strong>1. Accounts</strong></p><p>To note the statement of accounts.</p>" in agenda
    assert '<a href="../../../documents/accounts.pdf">Statement of accounts</a>' in agenda
    # The minutes still list each item's papers under it.
    assert '<p class="mb-papers__title">Papers for item 1:</p>' in html


def test_builds_of_one_commit_are_the_same_whatever_the_day(archive_repo: GitArchive, tmp_path: Path) -> None:
    """Dates come from the commits, never the clock: another build date leaves the versions as they were."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = build_site(tmp_path / "a", archive_repo.source, epoch="1795564800")
    second = build_site(tmp_path / "b", archive_repo.source, epoch="1800000000")
    assert first.returncode == second.returncode == 0

    def versions(build: Build) -> str:
        html = build.page(f"meetings/{ID}/")
        return html[html.index('<section class="mb-versions"') :].split("</section>")[0]

    assert versions(first) == versions(second)


def test_a_shallow_clone_says_history_not_available(archive_repo: GitArchive, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{archive_repo.root}", str(clone))
    assert load_archive(clone / "minutes").histories == {}
    build = build_site(tmp_path, clone / "minutes")
    assert build.returncode == 0, build.output
    assert "History not available" in build.page(f"meetings/{ID}/")


def test_a_folder_outside_any_repository_or_not_committed_says_history_not_available(
    archive_repo: GitArchive, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(archive_repo.source, copy)
    assert load_archive(copy).histories == {}
    archive_repo.write({"2024/2024-04-10-audit-committee.md": APPROVED.replace("2024-03-06", "2024-04-10")})
    try:
        histories = load_archive(archive_repo.source).histories
        assert "audit-committee/2024-04-10" not in histories  # not committed yet
        assert ID in histories
    finally:
        archive_repo.write({"2024/2024-04-10-audit-committee.md": None})


def test_without_git_the_build_still_succeeds(archive_repo: GitArchive, tmp_path: Path) -> None:
    build = build_site(tmp_path, archive_repo.source, env={"PATH": str(Path(sys.executable).parent)})
    assert build.returncode == 0, build.output
    assert "History not available" in build.page(f"meetings/{ID}/")


def test_a_renamed_file_keeps_its_history(tmp_path: Path) -> None:
    repo = GitArchive(tmp_path / "repo", folder="")
    repo.commit("Draft", "2024-03-08T10:00:00Z", {**BASE, "old-name.md": DRAFT})
    repo.move("old-name.md", "2024/new-name.md", "Renamed", "2024-03-09T10:00:00Z")
    repo.commit("Approved", "2024-04-11T10:00:00Z", {"2024/new-name.md": APPROVED})
    versions = history(repo.source).versions
    assert [(str(v.date), v.label) for v in versions] == [
        ("2024-03-08", "Draft minutes published"),
        ("2024-04-11", "Approved minutes published"),
    ]


def test_one_log_for_the_whole_folder_follows_renames_and_deletions(tmp_path: Path) -> None:
    repo = GitArchive(tmp_path / "repo", folder="")
    repo.commit("one", "2024-01-01T00:00:00Z", {"a.md": "a\n", "b.md": "b\n"})
    repo.move("a.md", "c.md", "a to c", "2024-01-02T00:00:00Z")
    repo.commit("a again, b gone", "2024-01-03T00:00:00Z", {"a.md": "new a\n", "b.md": None})
    repo.commit("c changed", "2024-01-04T00:00:00Z", {"c.md": "a\nmore\n"})
    found = Repository.find(repo.source)
    assert found is not None
    histories = found.histories()
    assert histories is not None
    assert {path: [v.commit.message for v in h.versions] for path, h in histories.items()} == {
        "c.md": ["one", "a to c", "c changed"],
        "a.md": ["a again, b gone"],
    }
    assert [v.path for v in histories["c.md"].versions] == ["a.md", "c.md", "c.md"]
    blobs = found.read_blobs(v.blob for v in histories["c.md"].versions)
    assert [blobs[v.blob] for v in histories["c.md"].versions] == [b"a\n", b"a\n", b"a\nmore\n"]
    assert blob_id(b"a\nmore\n") == histories["c.md"].versions[-1].blob


def test_commit_messages_lose_notes_addresses_and_listed_names(tmp_path: Path) -> None:
    (tmp_path / "redact.yml").write_text("- Jane Doe\n", encoding="utf-8")
    redactions, _ = load_redactions(tmp_path, "redact.yml")
    message = (
        "Jane  DOE's name removed <!-- she asked on the phone -->\n\nWrite to x.y@example.org.\n\n"
        "Signed-off-by: A Clerk <clerk@example.org>"
    )
    assert public_reason(message, redactions) == "(name withheld) name removed \n\nWrite to (address withheld)."


def test_a_name_hidden_by_markup_in_a_past_version_is_caught_after_rendering(tmp_path: Path) -> None:
    """The file is searched before it is read, and what it shows after: "Jane **Canarysmith**" renders as the name."""
    repo = GitArchive(tmp_path / "repo")
    hidden = DRAFT.replace("Jane Canarysmith", "Jane **Canarysmith**")
    repo.commit("Draft", "2024-03-08T10:00:00Z", {**BASE, MEETING: hidden})
    repo.commit("Approved", "2024-04-11T10:00:00Z", {MEETING: APPROVED, "redact.yml": "- Jane Canarysmith\n"})
    versions = history(repo.source).versions
    changes = [w.text for c in versions[1].changes for line in c.lines for w in (*line.before, *line.after)]
    assert not any("Canarysmith" in text for text in changes)
    assert any("(name withheld)" in text for text in changes)


def test_git_is_asked_twice_whatever_the_number_of_meetings(tmp_path: Path) -> None:
    """One log of the folder and one read of the blobs: a wrapper on PATH counts git's runs."""
    count = tmp_path / "count"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = shutil.which("git")
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {count}\nexec {real} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    archive_repo = GitArchive(tmp_path / "repo")
    archive_repo.write(BASE)
    for day in range(1, 21):
        archive_repo.write(
            {
                f"2025/2025-01-{day:02d}.md": DRAFT.replace("2024-03-06", f"2025-01-{day:02d}").replace(
                    "Jane Canarysmith", "Ada"
                )
            }
        )
    archive_repo.commit("Many drafts", "2025-02-01T00:00:00Z")
    for day in range(1, 21):
        archive_repo.write(
            {
                f"2025/2025-01-{day:02d}.md": APPROVED.replace("2024-03-06", f"2025-01-{day:02d}").replace(
                    "2024-04-10", "2025-02-01"
                )
            }
        )
    archive_repo.commit("Many approved", "2025-02-02T00:00:00Z")
    script = (
        "import sys; sys.path.insert(0, 'hooks'); from pathlib import Path; from minutebook.load import load_archive; "
        f"a = load_archive(Path({str(archive_repo.source)!r})); print(len(a.histories))"
    )
    env = {"PATH": f"{wrapper.parent}:/usr/bin:/bin", "MINUTEBOOK_WORKERS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "20"
    calls = count.read_text(encoding="utf-8").splitlines()
    assert [call.split()[2] if call.startswith("-C") else call.split()[0] for call in calls] == [
        "rev-parse",
        "-c",  # -c core.quotePath=false log ...
        "cat-file",
    ]


def test_listed_names_are_removed_however_they_are_written(tmp_path: Path) -> None:
    """``RedactionList.remove`` matches as the check does: capitals, line breaks, possessives, look-alike letters."""
    (tmp_path / "redact.yml").write_text("- Jane Doe\n- {name: Tobias, note: a child}\n", encoding="utf-8")
    redactions, _ = load_redactions(tmp_path, "redact.yml")
    text = "JANE  DOE spoke; Jane\nDoe's report; J\u0430ne Doe (Cyrillic a); Tobias and Jane Doerr stayed."
    assert redactions.remove(text, "(name withheld)") == (
        "(name withheld) spoke; (name withheld) report; (name withheld) (Cyrillic a); "
        "(name withheld) and Jane Doerr stayed."
    )
    assert not redactions.find(redactions.remove(text, "X"), "", 1)
