"""The link check over built HTML (minutebook.linkcheck), on a small hand-made site."""

from __future__ import annotations

from pathlib import Path

from minutebook.linkcheck import check_site


def _site(root: Path) -> Path:
    pages = {
        "index.html": '<a href="a/">A</a> <a href="missing/">nowhere</a>',
        "a/index.html": '<h2 id="here">Here</h2><a href="../b/#there">B</a><a href="../b/#gone">B</a><a href="../doc.pdf">pdf</a>',
        "b/index.html": '<p id="there">There</p><a href="../nothing.html">nothing</a>',
        "doc.pdf": "%PDF",
    }
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html)
    return root


def test_every_page_is_checked_by_default(tmp_path: Path) -> None:
    problems = check_site(_site(tmp_path))
    assert sorted((problem.path, problem.message.split(" ")[0]) for problem in problems) == [
        ("a/index.html", "link"), ("b/index.html", "link"), ("index.html", "link"),
    ]


def test_only_the_named_pages_are_checked_against_the_files_on_disk(tmp_path: Path) -> None:
    """What `serve` does after a save: the pages made again, without walking the whole site."""
    problems = check_site(_site(tmp_path), only=["a/index.html"])
    assert [problem.path for problem in problems] == ["a/index.html"]
    assert "#gone" in problems[0].message and "anchor" in problems[0].message
