"""The code passes `make lint`: ruff's checks and formatting (ruff.toml), and mypy, strict on the engine (mypy.ini)."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def test_make_lint_passes() -> None:
    result = subprocess.run(["make", "-s", "lint"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
