"""The link check over built HTML (minutebook.linkcheck), on a small hand-made site."""

from __future__ import annotations

from pathlib import Path

from minutebook.linkcheck import _scan_page, check_site


def _site(root: Path) -> Path:
    pages = {
        "index.html": '<a href="a/">A</a> <a href="missing/">nowhere</a>',
        "a/index.html": (
            '<h2 id="here">Here</h2><a href="../b/#there">B</a><a href="../b/#gone">B</a><a href="../doc.pdf">pdf</a>'
        ),
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
        ("a/index.html", "link"),
        ("b/index.html", "link"),
        ("index.html", "link"),
    ]


def test_only_the_named_pages_are_checked_against_the_files_on_disk(tmp_path: Path) -> None:
    """What `serve` does after a save: the pages made again, without walking the whole site."""
    problems = check_site(_site(tmp_path), only=["a/index.html"])
    assert [problem.path for problem in problems] == ["a/index.html"]
    assert "#gone" in problems[0].message and "anchor" in problems[0].message


def test_a_missing_anchor_is_reported_with_its_link_and_line(tmp_path: Path) -> None:
    pages = {
        "index.html": '<p id="top">Top</p>\n<a href="#top">up</a>\n<a href="#bottom">down</a>\n<a href="a/#here">A</a>',
        "a/index.html": (
            '<h2 id="here">Here</h2>\n\n<a href="../#top">home</a>\n<a href="../index.html#nowhere">home</a>'
        ),
    }
    for path, html in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(html)
    problems = sorted(check_site(tmp_path))
    assert [(problem.path, problem.line) for problem in problems] == [("a/index.html", 4), ("index.html", 3)]
    assert "'../index.html#nowhere' names an anchor that is not on that page" in problems[0].message
    assert "'#bottom'" in problems[1].message


def test_a_page_scan_holds_each_anchor_it_links_to_once(tmp_path: Path) -> None:
    """A person's page links to the same items many times; the check keeps each target once."""
    page = tmp_path / "people" / "ann" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<p id="me">Ann</p>' + '<a href="../../m/#item-1">1</a><a href="/m/#item-1">1</a>' * 50 + '<a href="#me">me</a>'
    )
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "index.html").write_text('<h2 id="item-1">One</h2>')
    files = {"people/ann/index.html", "m/index.html"}
    scan = _scan_page(tmp_path, files, {"people", "people/ann", "m", ""}, "people/ann/index.html")
    assert sorted(scan.anchors) == ["m/index.html#item-1", "people/ann/index.html#me"]
    assert check_site(tmp_path) == []
