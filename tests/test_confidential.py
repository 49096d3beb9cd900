"""Confidential text, notes to self and redacted names never reach an output byte.

The canary archive (tests/fixtures/canary/) plants unique strings where only
unpublishable text may hold them: the body of exempt items, HTML comments in
the body and in front-matter fields, YAML comments, and a name on the
redaction list used only in those places (spelled several ways, with markup,
entities and invisible characters inside it). The whole site is built (pages,
sitemap, feeds, data files, search index: whatever the build makes) and every
byte of every file is searched, compressed files decompressed and every
encoding undone (tests/canary_scan.py). A secret in the build's environment
must reach no file either. A public canary proves the scan reads each format.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from canary_scan import in_text, scan
from conftest import FIXTURES, Build, build_site

SECRETS = (
    "zqconfcanary37",
    "zqcommentcanary22",
    "zqyamlcanary51",
    "tobias canaryson",
    "canaryson",
    ENVIRONMENT_SECRET := "zqenvcanary63",
)
PUBLIC = "zqpubliccanary88"


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_site(tmp_path_factory.mktemp("canary"), FIXTURES / "canary", env={"MB_SECRET": ENVIRONMENT_SECRET})
    assert build.returncode == 0, build.output
    return build


def test_no_secret_in_any_byte_of_any_output_file(canary_site: Build) -> None:
    found = scan(canary_site.site, SECRETS)
    assert {needle: files for needle, files in found.items() if files} == {}
    assert not [secret for secret in SECRETS if in_text(canary_site.output, secret)]


def test_the_scan_reads_every_format_the_site_has(canary_site: Build) -> None:
    """The public canary is found, including inside compressed search files, so a clean scan means something."""
    site = canary_site.site
    found = set(scan(site, (PUBLIC,))[PUBLIC])
    assert "meetings/audit-committee/2024-03-06/index.html" in found
    assert "decisions/audit-committee/2024-03-06/d2/index.html" in found
    compressed = [path for path in site.rglob("*") if path.is_file() and path.read_bytes()[:2] == b"\x1f\x8b"]
    assert compressed, "the build should make at least sitemap.xml.gz"
    if (site / "pagefind").is_dir():
        assert any(path.startswith("pagefind/") for path in found), "the search index should hold the public text"
    for kind in ("json", "csv", "rss", "atom"):  # open data and feeds carry decisions and actions
        if any(site.rglob(f"*.{kind}")):
            assert any(path.endswith(f".{kind}") for path in found), f"the public canary should be in some .{kind} file"


def test_exempt_items_publish_title_reason_and_summary(canary_site: Build) -> None:
    html = canary_site.page("meetings/audit-committee/2024-03-06/")
    assert "2. Safeguarding case" in html
    assert "Schedule 12A paragraph 1" in html
    assert "The committee considered a safeguarding case in private." in html


def test_a_redacted_name_in_publishable_text_fails_the_build(tmp_path: Path) -> None:
    source = tmp_path / "canary"
    shutil.copytree(FIXTURES / "canary", source)
    meeting = source / "2024" / "2024-03-06-audit-committee.md"
    text = meeting.read_text(encoding="utf-8").replace("The zqpubliccanary88 report", "Tobias  CANARYSON's report")
    meeting.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Tobias  CANARYSON's report was presented. <!-- zqcommentcanary22 -->") + 1
    build = build_site(tmp_path, source)
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert (
        f"canary/2024/2024-03-06-audit-committee.md:{line}: 'Tobias Canaryson' is on the redaction list "
        "(canary/redact.yml:2) and must not be published"
    ) in build.output
    assert not list(build.site.rglob("*.html")) if build.site.exists() else True


def test_an_unclosed_comment_is_an_error_not_a_hidden_rest_of_file(tmp_path: Path) -> None:
    source = tmp_path / "canary"
    shutil.copytree(FIXTURES / "canary", source)
    meeting = source / "2024" / "2024-04-10-audit-committee.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + "\n<!-- forgot to close\n\n## 2. Other business\n\nNone.\n",
        encoding="utf-8",
    )
    build = build_site(tmp_path, source)
    assert build.returncode != 0
    assert (
        "canary/2024/2024-04-10-audit-committee.md:16: an HTML comment ('<!--') opened here is never closed"
        in build.output
    )
