"""A fresh clone of the project, as a new user gets one, and commands run in it as a clerk types them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

# The environment the tests run in: what `make` installed into .venv from requirements.lock.
ENVIRONMENT = Path(sys.prefix)


def fresh_clone(target: Path, *, installed: bool = True) -> Path:
    """The files a clone of this working tree's next commit holds (tracked and new, nothing ignored).

    Copied rather than cloned so the tree under test is the one being changed, not its last commit.
    With ``installed``, the clone's .venv is the tests' own environment (linked, so nothing is installed
    again): the state after the first `make`. Without, there is no .venv at all, as straight after cloning.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            # copy2 keeps the times: a requirements.lock newer than .venv's stamp would make `make` install again.
            shutil.copy2(ROOT / name, target / name)
    if installed:
        if not stamp(ENVIRONMENT).exists():
            # Under CI the tests always run in make's environment: a missing stamp means this file and the
            # Makefile compute it differently, which must not pass as a skip.
            missing = f"the tests run outside the environment make installs ({stamp(ENVIRONMENT)} is missing)"
            (pytest.fail if os.environ.get("CI") else pytest.skip)(missing)
        (target / ".venv").symlink_to(ENVIRONMENT, target_is_directory=True)
    return target


def stamp(environment: Path) -> Path:
    """The file `make` leaves in .venv once it holds everything its inputs list (the Makefile's STAMP)."""
    inputs = b"".join((ROOT / name).read_bytes() for name in ("requirements.lock", "tests/standards.txt"))
    return environment / f".installed-{hashlib.sha1(inputs, usedforsecurity=False).hexdigest()[:12]}"


def bare_python(folder: Path) -> Path:
    """A Python with nothing installed: standing in for the system's own, whatever this machine's has."""
    if not (folder / "bin/python").exists():
        venv.create(folder, with_pip=False, symlinks=True)
    return folder / "bin"


def shell(command: str, cwd: Path, bare: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """``command`` run by bash in ``cwd`` as typed, with ``python`` and ``python3`` the bare Python's."""
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=clerk_environment(bare, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def clerk_environment(bare: Path, **env: str) -> dict[str, str]:
    """The environment of a clerk's terminal: no virtual environment active, the bare Python first on PATH."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MINUTES_SOURCE", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    return {**inherited, "PATH": f"{bare}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1", **env}
