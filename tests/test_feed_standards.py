"""The feeds against the W3C feed validator: its rules (tests/standards.py), and the validator itself where it is there.

On the fixture archive as the real build publishes it with site_url set; without site_url the feeds
fall short only in their addresses.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Build
from published import SITE_URL, absolute_build, published_build  # noqa: F401
from standards import ATOM, atom_problems, official_feed_events, rss_problems


def feeds(build: Build) -> dict[str, bytes]:
    return {
        path.relative_to(build.site).as_posix(): path.read_bytes()
        for path in sorted((build.site / "feeds").rglob("*"))
        if path.suffix in (".atom", ".rss")  # /feeds/ is also the page listing them
    }


def problems_of(path: str, data: bytes) -> list[str]:
    return atom_problems(data) if path.endswith(".atom") else rss_problems(data)


def test_feeds_meet_the_feed_validators_rules(absolute_build: Build) -> None:  # noqa: F811
    found = {path: problems for path, data in feeds(absolute_build).items() if (problems := problems_of(path, data))}
    assert found == {}


def test_feeds_pass_the_w3c_feed_validator(absolute_build: Build) -> None:  # noqa: F811
    found = {
        path: events
        for path in feeds(absolute_build)
        if (events := official_feed_events(absolute_build.site / path, SITE_URL + path))
    }
    assert found == {}


def test_without_site_url_feeds_fall_short_only_in_their_addresses(published_build: Build) -> None:  # noqa: F811
    kinds = {
        problem.split(":")[0] for path, data in feeds(published_build).items() for problem in problems_of(path, data)
    }
    # Relative self links, relative RSS links, and urn: ids with "/" in them (RFC 2141 has no "/"): set site_url.
    assert kinds <= {"RelativeSelf", "InvalidFullLink", "InvalidURN"}


def test_the_feed_rules_catch_what_they_look_for(absolute_build: Build) -> None:  # noqa: F811
    atom = ET.fromstring((absolute_build.site / "feeds/minutes.atom").read_bytes())
    same = copy.deepcopy(atom)
    stamps = same.findall(f"{ATOM}entry/{ATOM}updated")
    for stamp in stamps:
        stamp.text = stamps[0].text
    for link in same.findall(f"{ATOM}link"):
        if link.get("rel") == "self":
            same.remove(link)
    found = {problem.split(":")[0] for problem in atom_problems(ET.tostring(same))}
    assert found == {"DuplicateUpdated", "MissingSelf"}
    rss = ET.fromstring((absolute_build.site / "feeds/minutes.rss").read_bytes())
    channel = rss.find("channel")
    assert channel is not None
    channel.remove(channel.find("description"))  # type: ignore[arg-type]  # found: the build's feed has one
    assert [problem.split(":")[0] for problem in rss_problems(ET.tostring(rss))] == ["MissingElement"]


def test_feed_rules_agree_with_the_official_validator(tmp_path: Path, absolute_build: Build) -> None:  # noqa: F811
    """Where the W3C validator is there, it finds in a broken feed what our rules find."""
    atom = ET.fromstring((absolute_build.site / "feeds/decisions.atom").read_bytes())
    stamps = atom.findall(f"{ATOM}entry/{ATOM}updated")
    for stamp in stamps:
        stamp.text = stamps[0].text
    broken = tmp_path / "decisions.atom"
    ET.register_namespace("", ATOM.strip("{}"))  # a default namespace, as feedgen writes it
    broken.write_bytes(ET.tostring(atom, xml_declaration=True, encoding="utf-8"))
    events = official_feed_events(broken, SITE_URL + "feeds/decisions.atom")
    assert {event.split(":")[0] for event in events} == {"DuplicateUpdated"}
    assert {problem.split(":")[0] for problem in atom_problems(broken.read_bytes())} == {"DuplicateUpdated"}
