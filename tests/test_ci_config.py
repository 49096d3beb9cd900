"""Lint the hosted publishing pipelines: the GitHub workflow and the GitLab CI file.

Two real validators run on both files, and each is shown to catch a broken
copy (a linter that passes everything proves nothing):

* check-jsonschema validates against the SchemaStore schemas it bundles for
  GitHub workflows and GitLab CI (no network needed);
* zizmor audits the workflow for security problems (unpinned actions, leaked
  credentials, excessive permissions, template injection...).

The security properties the issue asks for are then asserted one by one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent

# Every action the workflow uses, pinned to the commit its release tag points
# at. Changing a pin means changing it here too, on purpose.
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
    "actions/upload-pages-artifact": (
        "fc324d3547104276b827a68afc52ff2a11cc49c9",
        "v5.0.0",
    ),
    "actions/deploy-pages": ("368f82528645a54fb793d4d04e342629a3f51346", "v5.0.1"),
    "actions/cache/restore": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/cache/save": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
}
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a YAML mapping"
    return data


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "the workflow's `on:` must be a mapping"
    return on


def schema_check(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            schema,
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    # zizmor is a binary installed beside this Python by requirements.lock.
    binary = shutil.which("zizmor", path=str(BIN)) or shutil.which("zizmor")
    assert binary, "zizmor is not installed: `make test` installs requirements.lock"
    # --offline: no GitHub API calls (CI has no network); --persona auditor:
    # the strictest set of audits, including undocumented permissions.
    return subprocess.run(
        [
            binary,
            "--offline",
            "--persona",
            "auditor",
            "--no-progress",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def mutated(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, f"mutation anchor {old!r} not found in {source.name}"
    out = tmp_path / source.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


# --- real validators ---------------------------------------------------------


def test_workflow_matches_github_schema() -> None:
    result = schema_check(WORKFLOW, "vendor.github-workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_matches_gitlab_schema() -> None:
    result = schema_check(GITLAB, "vendor.gitlab-ci")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_has_no_zizmor_findings() -> None:
    result = zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("source", "schema", "old", "new"),
    [
        (
            WORKFLOW,
            "vendor.github-workflows",
            "runs-on: ubuntu-24.04",
            "runs_on: ubuntu-24.04",
        ),
        (WORKFLOW, "vendor.github-workflows", "pages: write", "pages: admin"),
        (
            GITLAB,
            "vendor.gitlab-ci",
            "  script:\n    - make check",
            "  scirpt:\n    - make check",
        ),
        (GITLAB, "vendor.gitlab-ci", "interruptible: false", "interruptible: never"),
    ],
    ids=["gh-misspelt-key", "gh-bad-permission", "gl-misspelt-key", "gl-bad-value"],
)
def test_schema_check_catches_broken_copies(tmp_path: Path, source: Path, schema: str, old: str, new: str) -> None:
    result = schema_check(mutated(tmp_path, source, old, new), schema)
    assert result.returncode != 0, f"schema check accepted a broken {source.name}"


@pytest.mark.parametrize(
    ("old", "new", "audit"),
    [
        (
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
            "actions/checkout@v7",
            "unpinned-uses",
        ),
        ("persist-credentials: false", "persist-credentials: true", "artipacked"),
        (
            "permissions:\n  contents: read",
            "permissions: write-all",
            "excessive-permissions",
        ),
        (
            "run: .venv/bin/python -m mkdocs build --strict --site-dir site",
            "run: echo ${{ github.event.pull_request.title }}",
            "template-injection",
        ),
    ],
    ids=["unpinned", "credentials", "write-all", "injection"],
)
def test_zizmor_catches_insecure_copies(tmp_path: Path, old: str, new: str, audit: str) -> None:
    result = zizmor(mutated(tmp_path, WORKFLOW, old, new))
    assert result.returncode != 0
    assert audit in result.stdout + result.stderr


# --- GitHub workflow: the properties the issue asks for ----------------------


def test_workflow_runs_on_main_pushes_and_pull_requests() -> None:
    on = triggers(load(WORKFLOW))
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    assert "pull_request_target" not in on, "would run PR code with a write token"


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version() -> None:
    seen = {}
    for number, line in enumerate(WORKFLOW.read_text(encoding="utf-8").splitlines(), 1):
        match = USES_LINE.match(line)
        if not match:
            continue
        action, _, ref = match["ref"].partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"line {number}: {action} not pinned to a SHA"
        assert action in PINS, f"line {number}: {action} is not in the reviewed PINS table"
        sha, version = PINS[action]
        assert ref == sha, f"line {number}: {action}@{ref} is not the reviewed {version}"
        assert match["comment"] == version, f"line {number}: comment should read '# {version}'"
        seen[action] = ref
    assert set(seen) == set(PINS), f"PINS lists actions the workflow no longer uses: {set(PINS) - set(seen)}"


def test_permissions_are_least_privilege() -> None:
    workflow = load(WORKFLOW)
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["check"], "the check job must run with read-only defaults"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        granted = job.get("permissions", {})
        writes = {k for k, v in granted.items() if v == "write"}
        assert writes <= {"pages", "id-token"}, f"job {name} may write {writes}"


def test_pushes_to_main_deploy_in_order_and_are_never_cancelled() -> None:
    concurrency = load(WORKFLOW)["concurrency"]
    # For a push (or manual run) the group is the literal 'pages' queue and
    # nothing is cancelled; pull requests get a per-ref queue of their own.
    assert concurrency["group"] == (
        "${{ github.event_name == 'pull_request' && format('preview-{0}', github.ref) || 'pages' }}"
    )
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_deploy_needs_the_checks_and_only_runs_for_main() -> None:
    jobs = load(WORKFLOW)["jobs"]
    deploy = jobs["deploy"]
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    assert needs == ["check"]
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # With no `always()` or `failure()` in its condition, a failed check
    # skips the deploy.
    assert "always()" not in deploy["if"] and "failure()" not in deploy["if"]


def test_check_job_validates_builds_strictly_and_keeps_the_site() -> None:
    steps = load(WORKFLOW)["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("make check" in r for r in runs), "minutes.py check (via make) must run"
    assert any("mkdocs build --strict --site-dir site" in r for r in runs)
    by_action = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    preview = by_action["actions/upload-artifact"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["path"] == "site/"
    pages = by_action["actions/upload-pages-artifact"]
    assert "github.event_name != 'pull_request'" in pages["if"]
    assert pages["with"]["path"] == "site/"
    # The build must happen before either upload.
    build_at = next(i for i, r in enumerate(runs) if "mkdocs build" in r)
    assert build_at < steps.index(preview) and build_at < steps.index(pages)


def test_workflow_expressions_refer_to_things_that_exist() -> None:
    # The part of actionlint's job we can do without it: `needs.X` and
    # `steps.X` must name a job this job needs and a step id in this job.
    for name, job in load(WORKFLOW)["jobs"].items():
        text = yaml.safe_dump(job)
        needs = job.get("needs", [])
        needs = needs if isinstance(needs, list) else [needs]
        step_ids = {s["id"] for s in job.get("steps", []) if "id" in s}
        for ref in re.findall(r"\bneeds\.([A-Za-z0-9_-]+)", text):
            assert ref in needs, f"job {name}: needs.{ref} but does not need it"
        for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)", text):
            assert ref in step_ids, f"job {name}: steps.{ref} is not a step id"


def test_every_job_has_a_time_limit() -> None:
    for name, job in load(WORKFLOW)["jobs"].items():
        assert job.get("timeout-minutes"), f"job {name} could hang for 6 hours"


# --- GitLab CI ---------------------------------------------------------------


def test_gitlab_runs_for_merge_requests_and_the_default_branch() -> None:
    rules = [r["if"] for r in load(GITLAB)["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in rules


def test_the_build_cache_is_restored_before_the_build_and_saved_only_by_main() -> None:
    steps = load(WORKFLOW)["jobs"]["check"]["steps"]
    by_action = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    restore, save = by_action["actions/cache/restore"], by_action["actions/cache/save"]
    build_at = next(i for i, s in enumerate(steps) if "mkdocs build" in s.get("run", ""))
    assert steps.index(restore) < build_at < steps.index(save)
    assert (
        "if" not in restore and save["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    )
    assert restore["with"]["path"] == save["with"]["path"] == ".minutebook-cache"
    # A new lock (new packages) starts clean; each commit saves a cache of its own.
    assert restore["with"]["key"] == save["with"]["key"]
    assert "hashFiles('requirements.lock')" in save["with"]["key"] and save["with"]["key"].endswith("${{ github.sha }}")
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    caches = load(GITLAB)["check"]["cache"]
    build = next(cache for cache in caches if cache["paths"] == [".minutebook-cache/"])
    assert build["key"]["files"] == ["requirements.lock"]


def test_gitlab_check_job_validates_builds_strictly_and_keeps_the_site() -> None:
    check = load(GITLAB)["check"]
    assert "rules" not in check, "the checks run in every pipeline"
    script = "\n".join(check["script"])
    assert "make check" in script
    assert "mkdocs build --strict --site-dir public" in script
    artifacts = check["artifacts"]
    assert artifacts["paths"] == ["public/"]
    assert artifacts["expose_as"], "merge requests should link to the built site"
    assert artifacts["expire_in"]


def test_gitlab_pages_job_publishes_only_checked_builds_of_the_default_branch() -> None:
    config = load(GITLAB)
    pages = config["pages"]
    assert config["stages"].index(pages["stage"]) > config["stages"].index(config["check"]["stage"])
    assert pages["needs"] == [{"job": "check", "artifacts": True}]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public/"]
    # GitLab's answer to a concurrency group: one deploy at a time, in order.
    assert pages["resource_group"] == "pages"
    assert pages["interruptible"] is False


def test_gitlab_images_are_pinned_to_a_version() -> None:
    config = load(GITLAB)
    for name in ("check", "pages"):
        image = config[name]["image"]
        assert ":" in image and not image.endswith(":latest"), f"{name}: image {image!r}"


# --- both pipelines run the project's real commands ---------------------------


def test_pipelines_call_commands_the_project_has() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check:", makefile, re.MULTILINE), "Makefile lost its check target"
    assert "requirements.lock" in makefile, "make must bootstrap from the lock file"
