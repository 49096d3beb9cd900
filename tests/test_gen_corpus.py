"""The synthetic archive generator: deterministic, well-shaped, and accepted by our own checker."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gen_corpus.py"
CHECKER = ROOT / "scripts" / "minutes.py"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HEADING = re.compile(r"^## (\d+)\. (.+)$", re.MULTILINE)
CROSS_REF = re.compile(r"\[\[([^\]]+)\]\]")


def load_gen_corpus() -> ModuleType:
    """Import scripts/gen_corpus.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen_corpus = load_gen_corpus()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def split_meeting(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    front, body = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(front)
    assert isinstance(data, dict), path
    return data, body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    gen_corpus.generate(200, out, seed=7)
    return out


def test_same_seed_is_byte_identical_and_another_seed_differs(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        subprocess.run(
            [
                sys.executable,
                str(SCRIPT),
                "60",
                str(tmp_path / name),
                "--seed",
                str(seed),
            ],
            check=True,
        )
    first, second, other = (snapshot(tmp_path / name) for name in "abc")
    assert first == second
    assert first != other


def test_refuses_to_overwrite_a_folder_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    refused = subprocess.run(
        [sys.executable, str(SCRIPT), "5", str(tmp_path)],
        capture_output=True,
        check=False,
        text=True,
    )
    assert refused.returncode == 2 and "not empty" in refused.stderr
    forced = subprocess.run(
        [sys.executable, str(SCRIPT), "5", str(tmp_path), "--force"],
        capture_output=True,
        check=False,
    )
    assert forced.returncode == 2, "--force only replaces a folder that holds a generated archive"
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_registers_have_the_promised_shape(corpus: Path) -> None:
    people = yaml.safe_load((corpus / "people.yml").read_text(encoding="utf-8"))
    bodies = yaml.safe_load((corpus / "bodies.yml").read_text(encoding="utf-8"))
    assert len(people) == 300
    assert all(SLUG.match(pid) for pid in people)
    forms = [pid for pid in people] + [p["name"].lower() for p in people.values()]
    forms += [alias.lower() for p in people.values() for alias in p.get("aliases", [])]
    assert len(forms) == len(set(forms)), "every id, name and alias names exactly one person"
    assert {p.get("honorific") for p in people.values()} == {None, "Cllr", "Dr"}
    assert len(bodies) == 8
    kinds = sorted(body["kind"] for body in bodies.values())
    assert kinds.count("team") == 3 and set(kinds) == {"board", "committee", "team"}
    for body in bodies.values():
        for member in body.get("members", []):
            assert member["person"] in people and member["role"] and isinstance(member["from"], dt.date)


def test_meetings_are_consistent(corpus: Path) -> None:
    """Everything the checker will insist on, checked independently of it."""
    people = yaml.safe_load((corpus / "people.yml").read_text(encoding="utf-8"))
    bodies = yaml.safe_load((corpus / "bodies.yml").read_text(encoding="utf-8"))
    who: dict[str, str] = {}
    for pid, person in people.items():
        who[pid] = who[person["name"]] = pid
        for alias in person.get("aliases", []):
            who[alias] = pid
        if "honorific" in person:
            who[f"{person['honorific']} {person['name']}"] = pid
    teams = {bid for bid, body in bodies.items() if body["kind"] == "team"}
    teams |= {bodies[bid]["name"] for bid in teams}

    files = sorted(corpus.glob("*/*.md"))
    assert len(files) == 200
    meetings = []
    for path in files:
        data, body = split_meeting(path)
        meetings.append((data["date"], data["body"], path, data, body))
    meetings.sort(key=lambda m: (m[0], m[1]))
    actions: dict[str, tuple[dt.date, str]] = {}  # action id -> (date raised, body)
    closed: set[str] = set()
    earlier: set[str] = set()  # every citable id from meetings on earlier days
    words = []
    last_of_body: dict[str, dict[str, Any]] = {}
    for day, body_id, path, data, body in meetings:
        mid = f"{body_id}/{day.isoformat()}"
        assert path.relative_to(corpus).as_posix() == f"{day.year}/{day.isoformat()}-{body_id}.md"
        assert bodies[body_id]["kind"] in ("board", "committee")
        assert data["status"] in ("draft", "approved")
        assert re.fullmatch(r"\d\d:\d\d", data["start"]) and re.fullmatch(r"\d\d:\d\d", data["end"])
        lists = {}
        for key in ("present", "in_attendance", "apologies"):
            entries = [next(iter(e)) if isinstance(e, dict) else e for e in data.get(key, [])]
            lists[key] = [who[name] for name in entries]
        everyone = lists["present"] + lists["in_attendance"] + lists["apologies"]
        assert len(everyone) == len(set(everyone)), f"{path}: someone is listed twice"
        assert who[data["chair"]] in lists["present"]
        numbers = [int(n) for n, _ in HEADING.findall(body)]
        assert numbers == sorted(set(numbers))
        referenced = [d["item"] for d in data["decisions"]] + [a["item"] for a in data["actions"]]
        referenced += [c["item"] for c in data.get("confidential", [])] + [
            d["item"] for d in data.get("declarations", [])
        ]
        assert set(referenced) <= set(numbers), f"{path}: item without a heading"
        assert 1 <= len(data["decisions"]) <= 2 and 2 <= len(data["actions"]) <= 5
        assert [d["id"] for d in data["decisions"]] == list(range(1, len(data["decisions"]) + 1))
        for action in data["actions"]:
            assert all(owner in who or owner in teams for owner in action["owners"])
            assert action.get("due", day) >= day
        for update in data.get("updates", []):
            raised, raised_by = actions[update["action"]]  # KeyError: an update for an unknown action
            assert raised < day and raised_by == body_id
            assert update["action"] not in closed, "no update after an action is done or dropped"
            if update["status"] in ("done", "dropped"):
                closed.add(update["action"])
        for target in CROSS_REF.findall(body):
            assert target in earlier, f"{path}: [[{target}]] is not an earlier meeting, decision or action"
        for item in data.get("confidential", []):
            assert item["reason"] and item["summary"]
        for document in data.get("documents", []):
            assert (corpus / document["path"]).read_bytes().startswith(b"%PDF-")
        assert data["next_meeting"]["date"] > day
        for sub in data.get("substitutes", []):
            assert who[sub["person"]] in lists["present"] and who[sub["for"]] in lists["apologies"]
        for action in data["actions"]:
            actions[f"{mid}/a{action['id']}"] = (day, body_id)
        earlier |= (
            {mid} | {f"{mid}/a{a['id']}" for a in data["actions"]} | {f"{mid}/d{d['id']}" for d in data["decisions"]}
        )
        words.append(len(body.split()))
        last_of_body[body_id] = data
    assert 1000 <= sum(words) / len(words) <= 1400
    assert all(data["status"] == "draft" for data in last_of_body.values())
    assert len(last_of_body) == 5


def test_the_corpus_exercises_every_optional_field(corpus: Path) -> None:
    seen: set[str] = set()
    for path in corpus.glob("*/*.md"):
        data, body = split_meeting(path)
        seen |= set(data)
        seen |= {"vote"} if any("vote" in d for d in data["decisions"]) else set()
        seen |= {"cross-reference"} if CROSS_REF.search(body) else set()
    optional = {
        "substitutes",
        "declarations",
        "updates",
        "confidential",
        "documents",
        "vote",
        "cross-reference",
    }
    assert optional <= seen


def test_generation_is_fast(tmp_path: Path) -> None:
    """The benchmark needs 10,000 meetings in seconds; 1,000 here keeps the test fast and catches a blow-up."""
    started = dt.datetime.now()
    gen_corpus.generate(1000, tmp_path, seed=1)
    assert (dt.datetime.now() - started).total_seconds() < 10
    assert len(list(tmp_path.glob("*/*.md"))) == 1000


@pytest.mark.skipif(not CHECKER.exists(), reason="scripts/minutes.py (the checker) is not written yet")
def test_a_generated_corpus_passes_the_checker(tmp_path: Path) -> None:
    gen_corpus.generate(30, tmp_path, seed=11)
    result = subprocess.run(
        [sys.executable, str(CHECKER), "check", str(tmp_path)],
        capture_output=True,
        check=False,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
