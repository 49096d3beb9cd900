#!/usr/bin/env python3
"""Turn a folder on a server into a git push target that publishes the archive.

    python scripts/publish_server.py setup REPO_PATH --site SERVED_PATH [--keep N]
    python scripts/publish_server.py rollback REPO_PATH [--to RELEASE]
    python scripts/publish_server.py publish REPO_PATH [--rebuild]
    python scripts/publish_server.py status REPO_PATH

`setup` creates a bare repository whose hooks run this script with the Python
that ran `setup` (the Minutebook environment), so a clerk only needs `git push`:

* pre-receive checks the pushed commit of the published branch in a temporary
  export (`scripts/minutes.py check`, then a strict MkDocs build) and rejects
  the push with the `path:line: message` problems, which git shows the pusher
  as `remote:` lines. The build is kept, keyed by commit, for post-receive.
* post-receive moves that build (or builds afresh) into a new folder under
  REPO_PATH/releases and points SERVED_PATH at it with an atomic symlink swap,
  then keeps only the newest releases.

Builds use Minutebook's build cache in REPO_PATH/build-cache (MINUTEBOOK_CACHE
in the server's environment overrides it), so a push lays out only what it
changed; every file of a new release that is unchanged is a hard link of the
live release's, so a release takes room only for what changed.

Both hooks take an exclusive lock on REPO_PATH/publish.lock, so pushes are
handled one at a time. Nothing touches SERVED_PATH until a release folder is
complete, so a failed, timed-out or killed build leaves the live site as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime as dt
import fcntl
import filecmp
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import FrameType

ZERO_SHA = "0" * 40
CONFIG_SECTION = "minutebook"
LOCK_FILE = "publish.lock"
LOG_FILE = "publish.log"
RELEASES_DIR = "releases"
PREBUILT_DIR = "prebuilt"
PARTIAL_PREFIX = ".partial-"
EXPORTS_DIR = "exports"  # the pushed commits being checked: only while the lock is held
# Minutebook's build cache, kept beside the repository from one push to the next (an export is new each
# time): a build then lays out only what the push changed, and hard-links every other file from the cache,
# which holds the files of the live release, so a release takes room only for what changed.
BUILD_CACHE_DIR = "build-cache"
EMPTY_RELEASE = "00000000T000000000000Z-empty"
DEFAULT_KEEP = 5
DEFAULT_TIMEOUT = 900
# The Minutebook checkout this script belongs to: the tooling used by
# `--tooling installed`.
INSTALLATION = Path(__file__).resolve().parent.parent
# A build made by a pre-receive whose push never landed is useless after this.
PREBUILT_MAX_AGE = 3600
RELEASE_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)-(?P<sha>[0-9a-f]{40}|empty)$")

PLACEHOLDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Minutes</title></head>
<body><main><h1>No minutes published yet</h1>
<p>This site is ready. It will show the archive after the first push.</p>
</main></body></html>
"""


class Tooling(StrEnum):
    """Whose mkdocs.yml, hooks/ and scripts/ build a pushed commit."""

    PUSHED = "pushed"  # the commit's own: a push can change the site's code
    INSTALLED = "installed"  # this installation's: a push changes only the minutes


class PublishError(Exception):
    """A problem to show the person as a plain message, never a traceback."""


class Interrupted(PublishError):
    """The publisher was asked to stop (SIGTERM, SIGINT or SIGHUP)."""


@dataclass(frozen=True)
class Settings:
    """Where a push target keeps its repository, releases and served site."""

    repo: Path
    site: Path
    branch: str
    keep: int
    source: str
    timeout: int
    reuse_checked_build: bool
    url: str
    tooling: Tooling
    allow_force_push: bool = False

    @property
    def ref(self) -> str:
        return f"refs/heads/{self.branch}"

    @property
    def releases(self) -> Path:
        return self.repo / RELEASES_DIR

    @property
    def prebuilt(self) -> Path:
        return self.repo / PREBUILT_DIR

    @property
    def exports(self) -> Path:
        return self.repo / EXPORTS_DIR

    @property
    def build_cache(self) -> Path:
        return self.repo / BUILD_CACHE_DIR


@dataclass(frozen=True)
class Release:
    """One complete build of the site, in its own folder under releases/."""

    path: Path
    stamp: str
    sha: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def short(self) -> str:
        return self.sha[:12]


@dataclass(frozen=True)
class StepResult:
    """The outcome of running one command on the pushed tree."""

    ok: bool
    output: str
    seconds: float
    stopped: str = ""  # why it did not finish ("killed by SIGKILL", "stopped after 900 s"), if it did not


class Outcome(StrEnum):
    """What checking and building a commit came to."""

    BUILT = "built"
    PROBLEMS = "problems"  # the minutes or the site have problems, shown to the pusher
    STOPPED = "stopped"  # the server stopped or failed: nothing wrong with the commit is known


# --- output ---------------------------------------------------------------


def say(message: str = "") -> None:
    """Write to stderr, which git relays to the pusher as `remote:` lines."""
    # The pusher may hang up (Ctrl-C); publishing must carry on regardless.
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("\n".join(printable(line) for line in message.split("\n")) + "\n")
        sys.stderr.flush()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` for a terminal: escapes, carriage returns and direction controls written out (\\u001b...)."""
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def log_event(settings: Settings, event: str, **fields: object) -> None:
    """Append one JSON line to REPO_PATH/publish.log: the server's own record."""
    record = {"time": _now().isoformat(), "pid": os.getpid(), "event": event, **fields}
    path = settings.repo / LOG_FILE
    with contextlib.suppress(OSError), path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(record, sort_keys=True) + "\n")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- git --------------------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run git on the bare repository and return its stdout."""
    # The environment is inherited on purpose: inside pre-receive it carries
    # GIT_QUARANTINE_PATH and friends, without which the pushed objects are
    # invisible.
    proc = subprocess.run(
        ["git", f"--git-dir={repo}", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if check and proc.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def resolve_tip(settings: Settings) -> str | None:
    """The commit the published branch points at, or None before the first push."""
    out = git(
        settings.repo,
        "rev-parse",
        "--verify",
        "--quiet",
        f"{settings.ref}^{{commit}}",
        check=False,
    )
    return out or None


def export_tree(repo: Path, sha: str, dest: Path) -> None:
    """Write the files of commit `sha` into `dest` (no .git: a plain export)."""
    dest.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        ["git", f"--git-dir={repo}", "archive", "--format=tar", sha],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
            # The "data" filter refuses absolute paths, links out of `dest` and
            # device files: the pushed tree is not trusted to be well-formed.
            archive.extractall(dest, filter="data")
    except tarfile.FilterError as error:
        proc.kill()
        proc.communicate()
        raise PublishError(f"commit {sha[:12]} {_refused_member(error)}") from None
    except OSError as error:
        proc.kill()
        proc.communicate()
        raise PublishError(f"the server could not export commit {sha[:12]}: {_os_error(error)}") from None
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise PublishError(f"cannot export commit {sha[:12]}: {err.decode(errors='replace').strip()}")


def _refused_member(error: tarfile.FilterError) -> str:
    """Why a file of the pushed tree was not exported, for the pusher."""
    member = error.tarinfo
    name = printable(member.name)
    if member.issym() or member.islnk():
        return (
            f"holds a link '{name}' to '{printable(member.linkname)}', outside the repository; Minutebook "
            "publishes only files kept in the repository: replace the link with the file itself"
        )
    if isinstance(error, tarfile.SpecialFileError):
        return f"holds '{name}', which is not a file or a folder (a device or a pipe): remove it"
    return f"holds '{name}', whose path leads outside the repository: rename it"


def _os_error(error: OSError) -> str:
    """An error of the operating system in one line, in words ("No space left on device")."""
    if error.errno == 28:  # ENOSPC
        return "the server's disk is full (No space left on device); ask its administrator to free some space"
    return printable(error.strerror or str(error))


# --- configuration ------------------------------------------------------------


def load_settings(repo: Path) -> Settings:
    """Read the publish settings that `setup` stored in the repository's config."""
    repo = repo.absolute()
    config = repo / "config"
    if not config.is_file():
        raise PublishError(f"{repo} is not a git repository set up for publishing: run `setup` first")

    def get(key: str, default: str | None = None) -> str:
        proc = subprocess.run(
            [
                "git",
                "config",
                "--file",
                str(config),
                "--get",
                f"{CONFIG_SECTION}.{key}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        value = proc.stdout.strip()
        if value:
            return value
        if default is None:
            raise PublishError(f"{repo} has no {CONFIG_SECTION}.{key} setting: run `setup` again")
        return default

    tooling = get("tooling", Tooling.PUSHED)
    if tooling not in set(Tooling):
        choices = ", ".join(Tooling)
        raise PublishError(f"{config}: {CONFIG_SECTION}.tooling is '{tooling}'; expected one of {choices}")
    try:
        keep = int(get("keep", str(DEFAULT_KEEP)))
        timeout = int(get("timeout", str(DEFAULT_TIMEOUT)))
    except ValueError as exc:
        raise PublishError(f"{config}: {CONFIG_SECTION}.keep and .timeout must be whole numbers ({exc})") from None
    return Settings(
        repo=repo,
        site=Path(get("site")),
        branch=get("branch", "main"),
        keep=max(keep, 1),
        source=get("source", "meetings"),
        timeout=timeout,
        reuse_checked_build=get("reuseCheckedBuild", "true").lower() in ("true", "yes", "on", "1"),
        url=get("url", ""),
        tooling=Tooling(tooling),
        allow_force_push=get("allowForcePush", "false").lower() in ("true", "yes", "on", "1"),
    )


# --- locking ------------------------------------------------------------------


@contextlib.contextmanager
def publish_lock(settings: Settings, holder: str) -> Iterator[None]:
    """Hold the repository's publish lock: one check, build or swap at a time."""
    # flock is released by the kernel when the process dies, so a killed
    # build never leaves the target locked. The descriptor is not inherited
    # by child processes (PEP 446), so an orphaned build cannot hold it either.
    fd = os.open(settings.repo / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o664)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("Minutebook: waiting for another push to finish publishing...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        log_event(settings, "lock-acquired", holder=holder)
        # Only a lock holder exports commits: any export here was left by a hook that was killed.
        if settings.exports.is_dir():
            for leftover in settings.exports.iterdir():
                shutil.rmtree(leftover, ignore_errors=True)
        try:
            yield
        finally:
            log_event(settings, "lock-released", holder=holder)
    finally:
        os.close(fd)


@contextlib.contextmanager
def stop_on_signals(*, ignore_hangup: bool = False) -> Iterator[None]:
    """Turn SIGTERM/SIGINT/SIGHUP into an exception so clean-up code runs.

    Hooks ignore SIGHUP: a clerk whose connection drops after git recorded
    the push should still see the site published.
    """

    def handler(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(f"stopped by signal {signal.Signals(signum).name}")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    if ignore_hangup:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# --- building -----------------------------------------------------------------


def _die_with_parent(signum: int = signal.SIGKILL) -> None:
    """In a child: ask Linux to send ``signum`` to us if our parent dies first."""
    # Without this, killing the publisher would leave an orphaned build
    # writing into a release folder. Best effort: other systems lack prctl.
    with contextlib.suppress(Exception):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signum)


def guard(publisher: int, command: Sequence[str]) -> int:
    """Run ``command`` in this process group, and end the whole group if the publisher dies.

    The build forks workers and starts Pagefind; a publisher killed outright (SIGKILL, the
    out-of-memory killer) runs no clean-up of its own, and they were left running or blocked for
    ever. Linux tells this process of the death (SIGTERM), and it stops every process of the group.
    """

    if os.getpgrp() != os.getpid():  # run_step starts it as the leader of a group of its own
        raise PublishError("the guard must lead its own process group")

    def stop(signum: int, _frame: FrameType | None) -> None:
        os.killpg(0, signal.SIGKILL)

    signal.signal(signal.SIGTERM, stop)
    _die_with_parent(signal.SIGTERM)
    if os.getppid() != publisher:  # it died before we asked
        stop(signal.SIGTERM, None)
    child = subprocess.Popen(list(command))
    code = child.wait()
    if code < 0:  # end the same way, so the publisher sees the signal
        with contextlib.suppress(OSError, ValueError):  # SIGKILL's handler cannot be set, nor need be
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


def build_env(settings: Settings) -> dict[str, str]:
    """The environment for the project's own commands: no git hook variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["MINUTES_SOURCE"] = settings.source
    env["PYTHONUNBUFFERED"] = "1"
    # Material's end-of-life banner would bury the pusher's real problems.
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def run_step(
    settings: Settings,
    args: Sequence[str],
    cwd: Path,
    deadline: float,
    extra_env: dict[str, str],
) -> StepResult:
    """Run one command of the pushed project, killing it at the deadline."""
    started = time.monotonic()
    guarded = [os.path.abspath(sys.executable), str(Path(__file__).resolve()), "guard", str(os.getpid()), "--", *args]
    proc = subprocess.Popen(
        guarded,
        cwd=cwd,
        env={**build_env(settings), **extra_env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,  # its own process group, so we can kill it all
    )
    stopped = ""
    try:
        output, _ = proc.communicate(timeout=max(deadline - time.monotonic(), 1))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        output, _ = proc.communicate()
        stopped = f"stopped after {settings.timeout} s, the time a check and build may take on this server"
    except BaseException:
        _kill_group(proc)
        proc.wait()
        raise
    if proc.returncode < 0 and not stopped:
        stopped = f"killed by {signal.Signals(-proc.returncode).name} (out of memory, perhaps)"
    elif _LOST_PROCESS.search(output):  # a worker or Pagefind killed: the build said so and failed
        stopped = "one of its processes was killed (out of memory, perhaps)"
    # Paths inside the temporary export mean nothing to the pusher.
    output = output.replace(f"{cwd}{os.sep}", "")
    return StepResult(proc.returncode == 0 and not stopped, output, time.monotonic() - started, stopped)


_LOST_PROCESS = re.compile(r"was killed (by signal \d+ )?before it finished")


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def project_commands(settings: Settings, tree: Path, partial: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """The check and build commands for an exported commit, and their extra env.

    With `tooling = pushed` (the default) the commit's own mkdocs.yml, hooks
    and scripts build it. With `tooling = installed` only its minutes folder
    is used, with this installation's tooling: people who can push can then
    change the minutes but cannot run code on the server.
    """
    python = os.path.abspath(sys.executable)
    strict = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(partial)]
    if settings.tooling is Tooling.INSTALLED:
        source = str(tree / settings.source)
        check = [python, str(INSTALLATION / "scripts" / "minutes.py"), "check", source]
        build = [*strict, "--config-file", str(INSTALLATION / "mkdocs.yml")]
        return check, build, {"MINUTES_SOURCE": source}
    check = [python, "scripts/minutes.py", "check", settings.source]
    return check, strict, {}


def check_and_build(settings: Settings, sha: str, dest: Path) -> Outcome:
    """Check commit `sha` and build it into `dest`; report problems; what it came to.

    `dest` appears only when everything passed: the build goes to a partial
    folder beside it first, which is removed on any failure.
    """
    partial = dest.with_name(f"{PARTIAL_PREFIX}{dest.name}-{os.getpid()}")
    deadline = time.monotonic() + settings.timeout
    try:
        settings.exports.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-", dir=settings.exports) as tmp:
            tree = Path(tmp) / "tree"
            export_tree(settings.repo, sha, tree)
            needed = [settings.source]
            if settings.tooling is Tooling.PUSHED:
                needed += ["scripts/minutes.py", "mkdocs.yml"]
            missing = [name for name in needed if not (tree / name).exists()]
            if missing:
                hint = (
                    "push the whole Minutebook project"
                    if settings.tooling is Tooling.PUSHED
                    else "push the repository that holds the minutes"
                )
                say(f"Minutebook: commit {sha[:12]} has no {', '.join(missing)}: {hint}.")
                return Outcome.PROBLEMS
            check_cmd, build_cmd, env = project_commands(settings, tree, partial)

            # The check and the build share the build cache: the build parses nothing the check parsed.
            cache = {} if "MINUTEBOOK_CACHE" in os.environ else {"MINUTEBOOK_CACHE": str(settings.build_cache)}
            log_event(settings, "check-start", sha=sha)
            check = run_step(settings, check_cmd, tree, deadline, {**env, **cache})
            log_event(settings, "check-end", sha=sha, ok=check.ok, stopped=check.stopped)
            if not check.ok:
                return _report_failure(settings, sha, "check", check)

            log_event(settings, "build-start", sha=sha)
            build = run_step(settings, build_cmd, tree, deadline, {**env, **cache})
            log_event(settings, "build-end", sha=sha, ok=build.ok, stopped=build.stopped)
            if not build.ok:
                return _report_failure(settings, sha, "build", build)
        live = live_release(settings)
        if live is not None and live.path.is_dir():
            share_unchanged(partial, live.path)
        if dest.exists():
            shutil.rmtree(dest)
        os.rename(partial, dest)
        seconds = check.seconds + build.seconds
        say(f"Minutebook: checked and built {sha[:12]} in {seconds:.1f} s.")
        return Outcome.BUILT
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def share_unchanged(release: Path, live: Path) -> int:
    """Make each file of ``release`` that has the bytes of the live release's file at its path a hard link of
    that file, so a release takes room only for what changed; how many were linked.

    Most are already links (the build cache hands them out); this catches what the theme copies afresh.
    Releases are never written once built, so sharing a file between them is safe.
    """
    linked = 0
    for folder, _, names in os.walk(release):
        for name in names:
            path = Path(folder, name)
            before = live / path.relative_to(release)
            try:
                mine, theirs = path.lstat(), before.lstat()
                if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino) or not path.is_file():
                    continue
                if mine.st_size != theirs.st_size or not before.is_file() or not filecmp.cmp(path, before, False):
                    continue
                aside = path.with_name(f".{name}.link")
                os.link(before, aside)
                os.replace(aside, path)
                linked += 1
            except OSError:  # another file system, or a file gone: it just stays a copy
                continue
    return linked


def _report_failure(settings: Settings, sha: str, step: str, result: StepResult) -> Outcome:
    """Tell the pusher why the check or build failed: their problems, or the server's."""
    log_event(settings, f"{step}-output", sha=sha, output=result.output)
    if result.stopped:
        say(f"Minutebook: the {step} of {sha[:12]} was {result.stopped}.")
        return Outcome.STOPPED
    crash = _crash(result.output)
    if crash:
        # A traceback is the server's failure, not the minutes': its last line, the rest in the log.
        say(f"Minutebook: the {step} failed on the server: {crash}")
        return Outcome.STOPPED
    if step == "check":
        say(result.output.rstrip())
    else:
        say("Minutebook: the site did not build (mkdocs build --strict):")
        say(_problem_lines(result.output))
    return Outcome.PROBLEMS


_EXCEPTION = re.compile(r"^(?:[\w.]+\.)?(?P<name>\w*(?:Error|Exception|Interrupt))(?::\s*(?P<detail>.*))?$")


def _crash(output: str) -> str:
    """The error a traceback in ``output`` ends with, in words; "" if there is none."""
    if "Traceback (most recent call last)" not in output:
        return ""
    for line in reversed(output.splitlines()):
        found = _EXCEPTION.match(line.strip())
        if found:
            if "[Errno 28]" in line:
                return "the server's disk is full (No space left on device); ask its administrator to free some space"
            detail = f": {found['detail']}" if found["detail"] else ""
            return f"{found['name']}{detail}"[:300] + " (details in publish.log on the server)"
    return "the program stopped with an error (details in publish.log on the server)"


def _problem_lines(output: str, limit: int = 40) -> str:
    """MkDocs output without its INFO chatter, and only the end of a long one."""
    lines = [
        line for line in output.splitlines() if line.strip() and not line.startswith("INFO")
    ] or output.splitlines()
    if len(lines) > limit:
        # A traceback's last lines say what broke; the rest is in publish.log.
        skipped = len(lines) - limit
        lines = [f"... ({skipped} earlier lines in publish.log on the server)"] + lines[-limit:]
    return "\n".join(lines)


# --- releases -------------------------------------------------------------------


def parse_release(path: Path) -> Release | None:
    match = RELEASE_NAME.match(path.name)
    if not match or not path.is_dir():
        return None
    return Release(path=path, stamp=match["stamp"], sha=match["sha"])


def list_releases(settings: Settings) -> list[Release]:
    """Complete releases, oldest first (names start with a UTC timestamp)."""
    if not settings.releases.is_dir():
        return []
    found = (parse_release(p) for p in settings.releases.iterdir())
    return sorted((r for r in found if r is not None), key=lambda r: r.name)


def live_release(settings: Settings) -> Release | None:
    """The release SERVED_PATH points at, if it is one of ours."""
    if not settings.site.is_symlink():
        return None
    target = Path(os.readlink(settings.site))
    if not target.is_absolute():
        target = settings.site.parent / target
    return parse_release(target)


def new_release_path(settings: Settings, sha: str) -> Path:
    stamp = _now().strftime("%Y%m%dT%H%M%S%fZ")
    return settings.releases / f"{stamp}-{sha}"


def switch_site(settings: Settings, release: Path) -> None:
    """Point SERVED_PATH at `release` in one atomic rename."""
    site = settings.site
    temp = site.with_name(f".{site.name}.swap-{os.getpid()}")
    try:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        os.symlink(release, temp)
        # rename(2) replaces the old symlink in one step: a request sees
        # either the old release or the new one, never a half-built site.
        os.replace(temp, site)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise PublishError(f"cannot point {site} at {release.name}: {exc}") from None
    _fsync_dir(site.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prune(settings: Settings) -> None:
    """Keep the newest releases and the live one; drop leftovers of dead builds."""
    releases = list_releases(settings)
    live = live_release(settings)
    keep = {r.name for r in releases[-settings.keep :]}
    if live is not None:
        keep.add(live.name)
    for release in releases:
        if release.name not in keep:
            shutil.rmtree(release.path, ignore_errors=True)
            log_event(settings, "pruned", release=release.name)
    # Called under the lock: no build is running, so partial folders are
    # what a killed build left behind.
    for folder in (settings.releases, settings.prebuilt):
        if folder.is_dir():
            for path in folder.iterdir():
                stale_prebuilt = folder == settings.prebuilt and time.time() - path.lstat().st_mtime > PREBUILT_MAX_AGE
                if path.name.startswith(PARTIAL_PREFIX) or stale_prebuilt:
                    shutil.rmtree(path, ignore_errors=True)


def publish_tip(settings: Settings, *, rebuild: bool = False) -> bool:
    """Make the site show the branch tip; the caller holds the lock."""
    prune(settings)  # first, so leftovers of a killed build go before we add more
    tip = resolve_tip(settings)
    if tip is None:
        say(f"Minutebook: nothing to publish: branch {settings.branch} does not exist yet.")
        return True
    live = live_release(settings)
    if live is not None and live.sha == tip and not rebuild:
        say(f"Minutebook: {tip[:12]} is already live.")
        return True

    kept = [r for r in list_releases(settings) if r.sha == tip]
    if kept and not rebuild:
        # After a rollback, publishing the tip again is just a swap back.
        release = kept[-1].path
        switch_site(settings, release)
        log_event(settings, "published", sha=tip, release=release.name)
        shutil.rmtree(settings.prebuilt / tip, ignore_errors=True)
        say(f"Minutebook: {tip[:12]} is live again (kept release {release.name}).")
        return True

    release = new_release_path(settings, tip)
    prebuilt = settings.prebuilt / tip
    if settings.reuse_checked_build and not rebuild and prebuilt.is_dir():
        # Same commit, same interpreter, built minutes ago by pre-receive:
        # moving it is as good as building again, and twice as fast.
        os.rename(prebuilt, release)
    else:
        say(f"Minutebook: building {tip[:12]} for publication...")
        if check_and_build(settings, tip, release) is not Outcome.BUILT:
            log_event(settings, "publish-failed", sha=tip)
            say("Minutebook: the site was NOT updated; it still shows the previous release.")
            return False
    switch_site(settings, release)
    log_event(settings, "published", sha=tip, release=release.name)
    shutil.rmtree(prebuilt, ignore_errors=True)
    prune(settings)
    where = f" at {settings.url}" if settings.url else ""
    say(f"Minutebook: published {tip[:12]}{where} (release {release.name}).")
    return True


# --- hooks ----------------------------------------------------------------------


def parse_updates(lines: Sequence[str]) -> list[tuple[str, str, str]]:
    """Parse the `<old> <new> <ref>` lines git feeds to pre/post-receive."""
    updates = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3:
            updates.append((parts[0], parts[1], parts[2]))
    return updates


def pre_receive(settings: Settings, lines: Sequence[str]) -> int:
    """Accept the push only if the published branch's new commit checks and builds."""
    for old, new, ref in parse_updates(lines):
        if ref != settings.ref:
            continue
        if new == ZERO_SHA:
            say(f"Minutebook: push rejected: deleting {settings.branch} would take the archive offline.")
            return 1
        if old != ZERO_SHA and not settings.allow_force_push and not _is_ancestor(settings, old, new):
            say(
                f"Minutebook: push rejected: it rewrites the history of {settings.branch} (a force push), "
                "which would remove minutes already published from the archive's record. "
                "Pull, then push your commits on top; to withdraw something, `git revert` it."
            )
            return 1
        say(f"Minutebook: checking {new[:12]} for {settings.branch}...")
        with publish_lock(settings, "pre-receive"):
            current = resolve_tip(settings) or ZERO_SHA
            if current != old:
                say(
                    f"Minutebook: push rejected: {settings.branch} changed while this push waited "
                    "(someone else published). Pull, then push again."
                )
                return 1
            outcome = check_and_build(settings, new, settings.prebuilt / new)
            if outcome is not Outcome.BUILT:
                say("")
                say("Minutebook: push rejected. Nothing was published; the site is unchanged.")
                if outcome is Outcome.PROBLEMS:
                    say("Minutebook: fix the problems above, commit, and push again.")
                else:
                    say(
                        "Minutebook: this is not a problem found in your minutes: push again in a while, "
                        "and if it happens again, tell the server's administrator."
                    )
                log_event(settings, "rejected", sha=new, outcome=str(outcome))
                return 1
            if not settings.reuse_checked_build:
                shutil.rmtree(settings.prebuilt / new, ignore_errors=True)
        log_event(settings, "accepted", sha=new)
    return 0


def _is_ancestor(settings: Settings, old: str, new: str) -> bool:
    proc = subprocess.run(
        ["git", f"--git-dir={settings.repo}", "merge-base", "--is-ancestor", old, new],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0


def post_receive(settings: Settings, lines: Sequence[str]) -> int:
    """Publish the branch tip after git has recorded the push."""
    if not any(ref == settings.ref for _, _, ref in parse_updates(lines)):
        return 0
    with publish_lock(settings, "post-receive"):
        # Publish whatever the branch points at now, not the sha from stdin:
        # if post-receives of two pushes run out of order, the site still
        # ends at the last commit.
        ok = publish_tip(settings)
    if not ok:
        say(
            f"Minutebook: your commit is stored; run `publish_server.py publish {settings.repo}` "
            "on the server to retry."
        )
    return 0 if ok else 1


def run_hook(name: str, repo: Path) -> int:
    """Entry point of the hook scripts that `setup` writes."""
    try:
        settings = load_settings(repo)
    except PublishError as exc:
        say(f"Minutebook: {exc}")
        return 1
    lines = sys.stdin.read().splitlines()
    try:
        with stop_on_signals(ignore_hangup=True):
            if name == "pre-receive":
                return pre_receive(settings, lines)
            return post_receive(settings, lines)
    except PublishError as exc:
        say(f"Minutebook: {exc}. Nothing was published; the site is unchanged.")
        return 1
    except OSError as exc:
        log_event(settings, "os-error", hook=name, traceback=traceback.format_exc())
        say(f"Minutebook: the server could not publish: {_os_error(exc)}.")
        say("Minutebook: nothing was published; the site is unchanged.")
        return 1
    # A hook must answer the pusher, not crash at them.
    except Exception as exc:  # noqa: BLE001
        log_event(settings, "internal-error", hook=name, traceback=traceback.format_exc())
        say(
            f"Minutebook: internal error ({type(exc).__name__}: {printable(str(exc))}); "
            f"details in {settings.repo / LOG_FILE}."
        )
        say("Minutebook: nothing was published; the site is unchanged.")
        return 1


# --- commands -------------------------------------------------------------------


def hook_script(hook: str, repo: Path) -> str:
    """The shell script git runs; it pins this installation's Python and script."""
    # sys.executable is not resolved: in a virtualenv it is a symlink whose
    # target would lose the environment's packages.
    python = os.path.abspath(sys.executable)
    script = Path(__file__).resolve()
    command = " ".join(shlex.quote(str(part)) for part in (python, script, "hook", hook, repo))
    return (
        "#!/bin/sh\n"
        "# Installed by Minutebook's `publish_server.py setup`; run setup again to update.\n"
        f"exec {command}\n"
    )


def setup(
    repo: Path,
    site: Path,
    *,
    keep: int,
    branch: str,
    source: str,
    timeout: int,
    url: str,
    tooling: Tooling,
    allow_force_push: bool = False,
) -> None:
    """Create (or update) the bare repository, its hooks and the served symlink."""
    if importlib.util.find_spec("mkdocs") is None:
        raise PublishError(
            f"{sys.executable} cannot import MkDocs: run setup with the Minutebook environment's "
            "Python, e.g. `.venv/bin/python scripts/publish_server.py setup ...`"
        )
    repo, site = repo.absolute(), site.absolute()
    if site == repo or repo in site.parents:
        raise PublishError(f"--site {site} must be outside the repository {repo}")
    if repo.exists():
        if git(repo, "rev-parse", "--is-bare-repository", check=False) != "true":
            raise PublishError(f"{repo} exists and is not a bare git repository")
    else:
        subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    git(repo, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    settings = {
        "site": str(site),
        "keep": str(keep),
        "branch": branch,
        "source": source,
        "timeout": str(timeout),
        "url": url,
        "tooling": str(tooling),
        "allowForcePush": "true" if allow_force_push else "false",
    }
    for key, value in settings.items():
        git(repo, "config", f"{CONFIG_SECTION}.{key}", value)
    # Keep an administrator's choice when setup runs again.
    if not git(repo, "config", "--get", f"{CONFIG_SECTION}.reuseCheckedBuild", check=False):
        git(repo, "config", f"{CONFIG_SECTION}.reuseCheckedBuild", "true")
    git(repo, "config", "receive.fsckObjects", "true")  # refuse corrupt objects
    # The published branch is the public record's history: rewriting it is refused unless allowed.
    git(repo, "config", "receive.denyNonFastForwards", "false" if allow_force_push else "true")
    for hook in ("pre-receive", "post-receive"):
        path = repo / "hooks" / hook
        path.write_text(hook_script(hook, repo), encoding="utf-8")
        path.chmod(0o755)

    loaded = load_settings(repo)
    loaded.releases.mkdir(exist_ok=True)
    loaded.prebuilt.mkdir(exist_ok=True)
    if site.is_symlink():
        pass  # already managed by us: keep serving what is live
    elif site.is_dir() and not any(site.iterdir()):
        site.rmdir()
    elif site.exists():
        raise PublishError(
            f"{site} already exists and is not a symlink: move it aside; the web server must "
            "serve a symlink that setup creates"
        )
    if not site.is_symlink():
        site.parent.mkdir(parents=True, exist_ok=True)
        placeholder = loaded.releases / EMPTY_RELEASE
        placeholder.mkdir(exist_ok=True)
        (placeholder / "index.html").write_text(PLACEHOLDER_PAGE, encoding="utf-8")
        switch_site(loaded, placeholder)

    print(f"Push target ready: {repo}")
    print(f"  serves:   {site} -> {os.readlink(site)}")
    print(f"  branch:   {branch} (pushes to other branches are stored, not published)")
    print(f"  history:  force pushes {'allowed' if allow_force_push else 'refused (--allow-force-push to allow them)'}")
    print(f"  keeps:    the newest {keep} releases in {loaded.releases}")
    print(f"  hooks run: {os.path.abspath(sys.executable)} {Path(__file__).resolve()}")
    if tooling is Tooling.INSTALLED:
        print(f"  builds:   the pushed {source}/ with the tooling in {INSTALLATION}")
    else:
        print("  builds:   each pushed commit with its own mkdocs.yml, hooks/ and scripts/")
    print("Clerks add it with:")
    print(f"  git remote add publish ssh://YOUR-SERVER{repo}")
    print(f"  git push publish {branch}")


def rollback(settings: Settings, to: str | None) -> None:
    """Serve an earlier release again (the previous one unless `to` names one)."""
    with publish_lock(settings, "rollback"):
        releases = list_releases(settings)
        live = live_release(settings)
        if to:
            matches = [r for r in releases if to in (r.name, r.sha) or (len(to) >= 7 and r.sha.startswith(to))]
            if len(matches) != 1:
                names = ", ".join(r.name for r in releases) or "none"
                raise PublishError(f"--to {to} matches {len(matches)} releases; kept releases: {names}")
            target = matches[0]
        else:
            earlier = [r for r in releases if live is None or r.name < live.name]
            if not earlier:
                raise PublishError("there is no earlier release to roll back to")
            target = earlier[-1]
        switch_site(settings, target.path)
        log_event(settings, "rollback", release=target.name, sha=target.sha)
    print(f"Rolled back: {settings.site} now serves release {target.name} (commit {target.short}).")
    tip = resolve_tip(settings)
    if tip and tip != target.sha:
        print(
            f"The branch {settings.branch} still points at {tip[:12]}: the next push publishes again. "
            "To withdraw a change for good, `git revert` it and push."
        )


def status(settings: Settings) -> None:
    """Print what is live, what the branch points at, and the kept releases."""
    live = live_release(settings)
    tip = resolve_tip(settings)
    print(f"repository: {settings.repo}")
    print(f"site:       {settings.site} -> {os.readlink(settings.site) if settings.site.is_symlink() else 'missing'}")
    print(f"branch:     {settings.branch} at {tip[:12] if tip else '(no commits yet)'}")
    print(f"live:       {live.name if live else '(none)'}")
    if live and tip and live.sha != tip:
        print("warning:    the live site is not the branch tip (rolled back, or the last publish failed)")
    for release in reversed(list_releases(settings)):
        marker = "*" if live and release.name == live.name else " "
        print(f"  {marker} {release.name}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    p_setup = commands.add_parser("setup", help="create or update a push target")
    p_setup.add_argument("repo", type=Path, metavar="REPO_PATH")
    p_setup.add_argument(
        "--site",
        type=Path,
        required=True,
        metavar="SERVED_PATH",
        help="symlink the web server serves",
    )
    p_setup.add_argument(
        "--keep",
        type=int,
        default=DEFAULT_KEEP,
        help="releases to keep (default %(default)s)",
    )
    p_setup.add_argument(
        "--branch",
        default="main",
        help="branch that is published (default %(default)s)",
    )
    p_setup.add_argument(
        "--source",
        default="meetings",
        help="minutes folder in the repository (default %(default)s)",
    )
    p_setup.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        help="seconds a check+build may take",
    )
    p_setup.add_argument("--url", default="", help="public address, shown to the pusher after publishing")
    p_setup.add_argument(
        "--allow-force-push",
        action="store_true",
        help="accept pushes that rewrite the published branch's history (refused by default)",
    )

    p_setup.add_argument(
        "--tooling",
        choices=[t.value for t in Tooling],
        default=Tooling.PUSHED.value,
        help="build with the pushed commit's mkdocs.yml/hooks (pushed, the default) "
        "or with this installation's, taking only the minutes from the push (installed)",
    )

    p_rollback = commands.add_parser("rollback", help="serve the previous release again")
    p_rollback.add_argument("repo", type=Path, metavar="REPO_PATH")
    p_rollback.add_argument("--to", help="release name or commit sha to serve instead of the previous one")

    p_publish = commands.add_parser("publish", help="publish the branch tip now (after a failed or killed publish)")
    p_publish.add_argument("repo", type=Path, metavar="REPO_PATH")
    p_publish.add_argument(
        "--rebuild",
        action="store_true",
        help="build again even if the tip is already live",
    )

    p_status = commands.add_parser("status", help="show what is live")
    p_status.add_argument("repo", type=Path, metavar="REPO_PATH")

    p_hook = commands.add_parser("hook", help=argparse.SUPPRESS)
    p_hook.add_argument("name", choices=("pre-receive", "post-receive"))
    p_hook.add_argument("repo", type=Path)

    p_guard = commands.add_parser("guard", help=argparse.SUPPRESS)
    p_guard.add_argument("publisher", type=int)
    p_guard.add_argument("guarded", nargs=argparse.REMAINDER)

    args = parser.parse_args(argv)
    if args.command == "hook":
        return run_hook(args.name, args.repo)
    if args.command == "guard":
        return guard(args.publisher, args.guarded[1:] if args.guarded[:1] == ["--"] else args.guarded)
    try:
        with stop_on_signals():
            if args.command == "setup":
                if args.keep < 1:
                    raise PublishError("--keep must be at least 1")
                setup(
                    args.repo,
                    args.site,
                    keep=args.keep,
                    branch=args.branch,
                    source=args.source,
                    timeout=args.timeout,
                    url=args.url,
                    tooling=Tooling(args.tooling),
                    allow_force_push=args.allow_force_push,
                )
            elif args.command == "rollback":
                rollback(load_settings(args.repo), args.to)
            elif args.command == "publish":
                settings = load_settings(args.repo)
                with publish_lock(settings, "publish"):
                    if not publish_tip(settings, rebuild=args.rebuild):
                        return 1
            elif args.command == "status":
                status(load_settings(args.repo))
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
