"""Publishing to your own server with `git push`: real git, real builds, real HTTP.

Each test runs `scripts/publish_server.py setup` into a temporary folder,
serves SERVED_PATH with Python's http.server on 127.0.0.1, and pushes a copy of
this very project (its mkdocs.yml, hooks/, docs/, scripts/...) with a small
meetings/ folder, as a clerk would.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "publish_server.py"
# The project's own files a clerk's repository holds; its minutes are ours.
NOT_COPIED = ("tests/", "meetings/", ".github/", ".ci/", ".gitlab-ci.yml")

pytestmark = pytest.mark.slow
T = TypeVar("T")

PEOPLE = """\
ann-clerk:
  name: Ann Clerk
bob-chair:
  name: Bob Chair
  honorific: Cllr
  aliases: [Cllr Chair]
"""
BODIES = """\
parish-council:
  name: Test Parish Council
  kind: board
"""


def meeting(date: str, title: str, *, present: str = "Ann Clerk") -> str:
    """A small meeting file in the source format (design/format.md)."""
    return f"""\
---
body: parish-council
date: {date}
status: approved
chair: bob-chair
present:
  - bob-chair: Chair
  - {present}: Clerk
---

## 1. {title}

The council discussed {title.lower()}.
"""


def meeting_path(date: str) -> str:
    return f"meetings/{date[:4]}/{date}-parish-council.md"


def meeting_url(date: str) -> str:
    return f"/meetings/parish-council/{date}/"


# --- helpers -------------------------------------------------------------------


def git_env(home: Path) -> dict[str, str]:
    """A bare environment, as a clerk's ssh session would give the hooks.

    No virtualenv on PATH and none of the machine's git settings: the hooks
    must find Minutebook's Python by themselves.
    """
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Ann Clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Ann Clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.org",
        "GIT_TERMINAL_PROMPT": "0",
    }


@dataclass
class Server:
    """A push target made by `setup`, with its site served over HTTP."""

    repo: Path
    site: Path
    url: str
    env: dict[str, str]
    tmp: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run publish_server.py with this project's Python, as an admin would."""
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
            timeout=300,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def live(self) -> str:
        """The release folder SERVED_PATH points at."""
        return os.readlink(self.site)

    def tip(self) -> str:
        return subprocess.run(
            ["git", f"--git-dir={self.repo}", "rev-parse", "refs/heads/main"],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        ).stdout.strip()

    def releases(self) -> list[str]:
        return sorted(p.name for p in (self.repo / "releases").iterdir())

    def log(self) -> list[dict[str, object]]:
        lines = (self.repo / "publish.log").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def clerk(self, name: str) -> Clerk:
        """A clerk's clone of the push target."""
        path = self.tmp / name
        self.git("clone", "--quiet", str(self.repo), str(path), cwd=self.tmp)
        return Clerk(path, self)

    def git(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
            timeout=300,
        )


@dataclass
class Clerk:
    """A working copy on a clerk's machine."""

    path: Path
    server: Server

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        self.server.git("add", "--all", cwd=self.path)
        self.server.git("commit", "--quiet", "-m", message, cwd=self.path)
        return self.server.git("rev-parse", "HEAD", cwd=self.path).stdout.strip()

    def push_command(self) -> list[str]:
        return ["git", "push", "origin", "main"]

    def push(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.push_command(),
            cwd=self.path,
            capture_output=True,
            text=True,
            env=self.server.env,
            check=False,
            timeout=300,
        )

    def start_push(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.push_command(),
            cwd=self.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.server.env,
        )

    def pull(self) -> None:
        self.server.git("pull", "--quiet", "--rebase", "origin", "main", cwd=self.path)


def copy_project(dest: Path) -> None:
    """Copy this repository's tooling (not its tests or minutes) into `dest`."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if name.startswith(NOT_COPIED) or not (ROOT / name).is_file():
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    (dest / "meetings").mkdir(exist_ok=True)
    (dest / "meetings" / "people.yml").write_text(PEOPLE, encoding="utf-8")
    (dest / "meetings" / "bodies.yml").write_text(BODIES, encoding="utf-8")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`setup` into tmp_path, and serve SERVED_PATH on 127.0.0.1."""
    env = git_env(tmp_path)
    repo, site = tmp_path / "minutes.git", tmp_path / "www" / "minutes"
    setup = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "setup",
            str(repo),
            "--site",
            str(site),
            "--keep",
            "3",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    # The handler opens files through the SERVED_PATH symlink on every
    # request, as nginx does, so a swap shows on the next request.
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(repo, site, f"http://127.0.0.1:{httpd.server_port}", env, tmp_path)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def published(server: Server) -> tuple[Server, Clerk]:
    """A push target whose site already shows one meeting (January)."""
    clerk = server.clerk("clerk")
    copy_project(clerk.path)
    clerk.write(meeting_path("2024-01-10"), meeting("2024-01-10", "Welcome"))
    clerk.commit("Tooling and the January minutes")
    result = clerk.push()
    assert result.returncode == 0, result.stderr
    return server, clerk


def remote_lines(output: str) -> list[str]:
    """What the hooks said, as the pusher's terminal shows it."""
    return [line[len("remote: ") :].rstrip() for line in output.splitlines() if line.startswith("remote: ")]


# --- tests ---------------------------------------------------------------------


def test_setup_writes_hooks_that_use_this_installation(server: Server) -> None:
    for hook in ("pre-receive", "post-receive"):
        path = server.repo / "hooks" / hook
        assert os.access(path, os.X_OK)
        text = path.read_text(encoding="utf-8")
        # The interpreter of the installation that ran setup (not resolved:
        # a venv's python is a symlink) and this script, by absolute path.
        assert os.path.abspath(sys.executable) in text
        assert str(SCRIPT) in text
    assert server.site.is_symlink()
    status, page = server.get("/")
    assert status == 200 and "No minutes published yet" in page


def test_setup_refuses_to_replace_a_real_folder(tmp_path: Path) -> None:
    site = tmp_path / "www"
    site.mkdir()
    (site / "index.html").write_text("someone's site", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "setup",
            str(tmp_path / "r.git"),
            "--site",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=git_env(tmp_path),
        check=False,
    )
    assert result.returncode == 1
    assert "already exists and is not a symlink" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "someone's site"


def test_push_publishes_the_new_meeting(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    status, page = server.get(meeting_url("2024-01-10"))
    assert status == 200 and "Welcome" in page
    assert server.live().endswith(server.tip())

    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    sha = clerk.commit("February minutes")
    result = clerk.push()

    assert result.returncode == 0, result.stderr
    said = remote_lines(result.stderr)
    assert any(line.startswith(f"Minutebook: published {sha[:12]}") for line in said), said
    status, page = server.get(meeting_url("2024-02-14"))
    assert status == 200 and "Budget" in page
    assert server.live().endswith(sha)
    # post-receive reused the build pre-receive made of the same commit.
    builds = [e for e in server.log() if e["event"] == "build-start" and e["sha"] == sha]
    assert len(builds) == 1


def test_only_the_newest_releases_are_kept(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    for month in ("02", "03", "04"):
        clerk.write(meeting_path(f"2024-{month}-01"), meeting(f"2024-{month}-01", "Budget"))
        clerk.commit(f"Minutes of 2024-{month}-01")
        assert clerk.push().returncode == 0
    kept = server.releases()
    assert len(kept) == 3  # --keep 3
    assert Path(server.live()).name == kept[-1]
    assert not list((server.repo / "prebuilt").iterdir()), "prebuilt sites left behind"


def test_installed_tooling_publishes_a_minutes_only_repository(server: Server) -> None:
    again = server.run("setup", str(server.repo), "--site", str(server.site), "--tooling", "installed")
    assert again.returncode == 0, again.stderr
    clerk = server.clerk("clerk")
    clerk.write("meetings/people.yml", PEOPLE)
    clerk.write("meetings/bodies.yml", BODIES)
    clerk.write(meeting_path("2024-01-10"), meeting("2024-01-10", "Welcome"))
    # Pushed tooling is ignored in this mode: this hook would stop any build
    # that ran it.
    clerk.write("mkdocs.yml", "site_name: Pushed\nhooks: [pushed_hook.py]\n")
    clerk.write("pushed_hook.py", "raise SystemExit('pushed code ran on the server')\n")
    sha = clerk.commit("The January minutes")

    result = clerk.push()

    assert result.returncode == 0, result.stderr
    assert server.live().endswith(sha)
    status, page = server.get(meeting_url("2024-01-10"))
    assert status == 200 and "Welcome" in page


def test_push_with_unknown_person_is_rejected_and_site_unchanged(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    live, tip = server.live(), server.tip()
    _, home_before = server.get("/")
    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget", present="Jane Doe"))
    clerk.commit("February minutes")

    result = clerk.push()

    assert result.returncode != 0
    said = remote_lines(result.stderr)
    # The engine's own path:line: message reaches the pusher's terminal.
    problem = f"{meeting_path('2024-02-14')}:8: "
    assert any(line.startswith(problem) and "Jane Doe" in line for line in said), said
    assert "Minutebook: push rejected. Nothing was published; the site is unchanged." in said
    assert "[remote rejected] main -> main (pre-receive hook declined)" in result.stderr
    assert "Traceback" not in result.stderr
    assert server.live() == live and server.tip() == tip
    assert server.get(meeting_url("2024-02-14"))[0] == 404
    assert server.get("/") == (200, home_before)


def test_push_that_breaks_the_strict_build_is_rejected(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    live = server.live()
    config = clerk.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nnav:\n" in text
    config.write_text(
        text.replace("\nnav:\n", "\nnav:\n  - Standing orders: standing-orders.md\n", 1),
        encoding="utf-8",
    )
    clerk.commit("Link the standing orders (not written yet)")

    result = clerk.push()

    assert result.returncode != 0
    said = remote_lines(result.stderr)
    assert "Minutebook: the site did not build (mkdocs build --strict):" in said
    assert any("standing-orders.md" in line for line in said), said
    assert not any(line.startswith("INFO") for line in said), "INFO chatter relayed"
    assert server.live() == live


def test_deleting_the_published_branch_is_refused(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    result = subprocess.run(
        ["git", "push", "origin", ":main"],
        cwd=clerk.path,
        capture_output=True,
        text=True,
        env=server.env,
        check=False,
    )
    assert result.returncode != 0
    assert "would take the archive offline" in result.stderr
    assert server.get(meeting_url("2024-01-10"))[0] == 200


def test_two_pushes_at_once_are_serialised(published: tuple[Server, Clerk]) -> None:
    server, first = published
    second = server.clerk("second-clerk")
    first.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    first.commit("February minutes")
    second.write(meeting_path("2024-03-13"), meeting("2024-03-13", "Allotments"))
    second.commit("March minutes")

    # Hold the publish lock so both pushes are certainly in flight together,
    # then let them go.
    with (server.repo / "publish.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pushes = [first.start_push(), second.start_push()]
        wait_for(lambda: len(hook_processes(server, "pre-receive")) == 2, "both pre-receives")
        fcntl.flock(lock, fcntl.LOCK_UN)
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in pushes]

    # Both started from the same commit, so git lets only one land; the
    # other clerk is told to pull and push again, as git always does.
    accepted = [i for i, (code, _) in enumerate(results) if code == 0]
    assert len(accepted) == 1, results
    loser = (second, first)[accepted[0]]
    rejected_output = results[1 - accepted[0]][1]
    assert "rejected" in rejected_output
    loser.pull()
    retry = loser.push()
    assert retry.returncode == 0, retry.stderr

    # The lock was held by one hook at a time...
    holders = [(e["event"], e["pid"]) for e in server.log() if str(e["event"]).startswith("lock-")]
    for (acquired, pid), (released, same_pid) in zip(holders[::2], holders[1::2], strict=True):
        assert (acquired, released) == (
            "lock-acquired",
            "lock-released",
        ) and pid == same_pid
    # ...and the site ends at the last commit, with both meetings.
    assert server.live().endswith(server.tip())
    assert server.get(meeting_url("2024-02-14"))[0] == 200
    assert server.get(meeting_url("2024-03-13"))[0] == 200


def test_killed_build_leaves_the_live_site_alone(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    live = server.live()
    # Make post-receive build afresh rather than reuse pre-receive's build,
    # so there is a build to kill after the push was accepted.
    server.git("config", "minutebook.reuseCheckedBuild", "false", cwd=server.repo)
    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    sha = clerk.commit("February minutes")

    push = clerk.start_push()
    hook = wait_for(lambda: first(hook_processes(server, "post-receive")), "post-receive")
    build = wait_for(
        lambda: first(c for c in safe_children(hook) if c.cmdline()[1:3] == ["-m", "mkdocs"]),
        "its mkdocs build",
    )
    build.suspend()  # freeze it mid-build, so the kill lands mid-build
    hook.kill()
    build.wait(timeout=10)  # dies with its parent (PR_SET_PDEATHSIG)
    push.communicate(timeout=60)

    assert server.tip() == sha  # git recorded the push...
    assert server.live() == live  # ...but the site is exactly as it was
    assert server.get(meeting_url("2024-02-14"))[0] == 404
    assert server.get(meeting_url("2024-01-10"))[0] == 200

    # The administrator (or the next push) publishes the tip; the killed
    # build's partial folder is cleared away.
    result = server.run("publish", str(server.repo))
    assert result.returncode == 0, result.stderr
    assert server.live().endswith(sha)
    assert server.get(meeting_url("2024-02-14"))[0] == 200
    leftovers = [p.name for p in (server.repo / "releases").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_stopped_check_rejects_the_push_and_cleans_up(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    live, tip = server.live(), server.tip()
    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    clerk.commit("February minutes")

    push = clerk.start_push()
    hook = wait_for(lambda: first(hook_processes(server, "pre-receive")), "pre-receive")
    build = wait_for(
        lambda: first(c for c in safe_children(hook) if c.cmdline()[1:3] == ["-m", "mkdocs"]),
        "its mkdocs build",
    )
    build.suspend()
    hook.terminate()  # SIGTERM, as an administrator or a shutdown would send
    _, said = push.communicate(timeout=60)

    assert push.returncode != 0
    assert "stopped by signal SIGTERM" in said
    assert "Traceback" not in said
    build.wait(timeout=10)  # the publisher killed its build before exiting
    assert server.tip() == tip and server.live() == live
    assert list((server.repo / "prebuilt").iterdir()) == []


def test_rollback_restores_the_previous_release(
    published: tuple[Server, Clerk],
) -> None:
    server, clerk = published
    january = server.live()
    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    clerk.commit("February minutes")
    assert clerk.push().returncode == 0
    assert server.get(meeting_url("2024-02-14"))[0] == 200

    result = server.run("rollback", str(server.repo))

    assert result.returncode == 0, result.stderr
    assert "Rolled back" in result.stdout
    assert server.live() == january
    assert server.get(meeting_url("2024-02-14"))[0] == 404
    assert server.get(meeting_url("2024-01-10"))[0] == 200
    status = server.run("status", str(server.repo))
    assert "the live site is not the branch tip" in status.stdout

    # Publishing the tip again swaps back to its kept release: no rebuild.
    builds = len([e for e in server.log() if e["event"] == "build-start"])
    forward = server.run("publish", str(server.repo))
    assert forward.returncode == 0, forward.stderr
    assert server.live().endswith(server.tip())
    assert server.get(meeting_url("2024-02-14"))[0] == 200
    assert len([e for e in server.log() if e["event"] == "build-start"]) == builds
    server.run("rollback", str(server.repo))

    # Nothing earlier than the placeholder: a clear message, not a traceback.
    assert server.run("rollback", str(server.repo)).returncode == 0
    again = server.run("rollback", str(server.repo))
    assert again.returncode == 1
    assert again.stderr.strip() == "error: there is no earlier release to roll back to"


def test_a_build_killed_during_pre_receive_is_reported_as_killed(
    published: tuple[Server, Clerk],
) -> None:
    """The out-of-memory killer takes the build: the pusher is told so, not to fix problems there are none of."""
    server, clerk = published
    live = server.live()
    clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
    clerk.commit("February minutes")
    push = clerk.start_push()
    hook = wait_for(lambda: first(hook_processes(server, "pre-receive")), "pre-receive")
    build = wait_for(
        lambda: first(c for c in safe_children(hook) if c.cmdline()[1:3] == ["-m", "mkdocs"]), "its mkdocs build"
    )
    build.kill()
    _, said = push.communicate(timeout=120)
    lines = remote_lines(said)
    assert push.returncode != 0
    assert any("was killed by SIGKILL (out of memory, perhaps)" in line for line in lines), lines
    assert not any("fix the problems above" in line for line in lines), lines
    assert "Traceback" not in said
    assert server.live() == live


def test_a_killed_hook_leaves_no_process_and_no_export_behind(server: Server) -> None:
    """SIGKILL to the hook while the build's workers run: the guard ends the whole build, the next lock clears."""
    clerk = server.clerk("clerk")
    copy_project(clerk.path)
    for day in range(1, 29):
        for month in ("01", "02", "03"):
            clerk.write(meeting_path(f"2024-{month}-{day:02d}"), meeting(f"2024-{month}-{day:02d}", "Budget"))
    clerk.commit("A quarter of minutes")
    server.env["MINUTEBOOK_WORKERS"] = "2"
    temporary = set(Path(tempfile.gettempdir()).glob("minutebook-export-*"))
    push = clerk.start_push()
    hook = wait_for(lambda: first(hook_processes(server, "pre-receive")), "pre-receive")

    def worker() -> psutil.Process | None:
        builds = [c for c in safe_children(hook) if c.cmdline()[1:3] == ["-m", "mkdocs"]]
        return first(c for build in builds for c in safe_children(build))

    wait_for(worker, "a worker of the build", timeout=120)
    hook.kill()
    push.communicate(timeout=120)

    def left_behind() -> list[psutil.Process]:
        """The build and its workers: their command line names the site folder under the repository."""
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            if any(str(server.repo / "prebuilt") in part for part in proc.info["cmdline"] or ()):
                found.append(proc)
        return found

    deadline = time.monotonic() + 30
    while left_behind() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left_behind() == []
    # The next holder of the lock clears what the killed hook left; nothing was left in the system's temp folder.
    result = server.run("publish", str(server.repo))
    assert result.returncode == 0, result.stderr
    assert set(Path(tempfile.gettempdir()).glob("minutebook-export-*")) <= temporary
    assert not (server.repo / "exports").exists() or list((server.repo / "exports").iterdir()) == []


def test_a_full_disk_is_one_line_not_a_traceback(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    prebuilt = server.repo / "prebuilt"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(prebuilt)], check=False)
    if mounted.returncode != 0:
        pytest.skip("this machine cannot mount a tmpfs")
    try:
        clerk.write(meeting_path("2024-02-14"), meeting("2024-02-14", "Budget"))
        clerk.commit("February minutes")
        result = clerk.push()
    finally:
        subprocess.run(["umount", str(prebuilt)], check=True)
    lines = remote_lines(result.stderr)
    assert result.returncode != 0
    assert any("the server's disk is full (No space left on device)" in line for line in lines), lines
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr
    assert not any("fix the problems above" in line for line in lines), lines


def test_a_pushed_link_out_of_the_repository_is_refused_in_words(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    (clerk.path / "meetings" / "2024").mkdir(parents=True, exist_ok=True)
    (clerk.path / "meetings" / "2024" / "secrets.md").symlink_to("/etc/passwd")
    clerk.commit("A link to elsewhere")
    result = clerk.push()
    lines = remote_lines(result.stderr)
    assert result.returncode != 0
    assert any(
        "holds a link 'meetings/2024/secrets.md' to '/etc/passwd', outside the repository" in line for line in lines
    ), lines
    assert "internal error" not in result.stderr and "root:" not in result.stderr


def test_a_file_name_cannot_print_a_line_of_its_own(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    name = "meetings/2024/x\nMinutebook: published OK\x1b[2K.md"
    clerk.write(name, meeting("2024-02-14", "Budget", present="Nobody Known"))
    clerk.commit("A meeting with an odd name")
    result = clerk.push()
    lines = remote_lines(result.stderr)
    assert result.returncode != 0
    assert any("x\\nMinutebook: published OK\\u001b[2K.md:8: present[1]: unknown person" in line for line in lines), (
        lines
    )
    assert not [line for line in lines if line.startswith("Minutebook: published")], lines
    assert "\x1b" not in result.stderr


def test_force_pushes_are_refused_unless_setup_allows_them(published: tuple[Server, Clerk]) -> None:
    server, clerk = published
    live = server.live()
    clerk.write(meeting_path("2024-01-10"), meeting("2024-01-10", "Welcome, rewritten"))
    server.git("commit", "--quiet", "--amend", "--all", "-m", "History rewritten", cwd=clerk.path)
    forced = ["git", "push", "--force", "origin", "main"]
    refused = subprocess.run(forced, cwd=clerk.path, capture_output=True, text=True, env=server.env, check=False)
    assert refused.returncode != 0
    assert any("rewrites the history of main (a force push)" in line for line in remote_lines(refused.stderr))
    assert server.live() == live

    again = server.run("setup", str(server.repo), "--site", str(server.site), "--allow-force-push")
    assert again.returncode == 0, again.stderr
    assert "force pushes allowed" in again.stdout
    accepted = subprocess.run(forced, cwd=clerk.path, capture_output=True, text=True, env=server.env, check=False)
    assert accepted.returncode == 0, accepted.stderr
    assert "Welcome, rewritten" in server.get(meeting_url("2024-01-10"))[1]


# --- process helpers ------------------------------------------------------------


def hook_processes(server: Server, hook: str) -> list[psutil.Process]:
    """Running publish_server.py hook processes for this server's repository."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if str(SCRIPT) in cmdline and hook in cmdline and str(server.repo) in cmdline:
            found.append(proc)
    return found


def safe_children(proc: psutil.Process) -> list[psutil.Process]:
    """Every process under ``proc`` (the build runs under a guard process of its own)."""
    try:
        return proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def first(items: Iterable[T]) -> T | None:
    return next(iter(items), None)


def wait_for(probe: Callable[[], T | None], what: str, timeout: float = 60.0) -> T:
    """Poll `probe` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except psutil.Error:
            value = None
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")
