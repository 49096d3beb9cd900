"""Scoring an import against a hand count of the same minutes: facts found (recall) and written right (precision).

A hand count (``NN-name.expected.json``) lists the facts a careful reader finds.
The import's facts are put in the same shape by ``facts_of`` and the two are
lined up by these rules, each fact counted once:

- **date**: one fact, right when the ISO dates are equal.
- **names**: one fact per person in each list (present, in attendance,
  apologies, absent). A name matches when its words are equal once case,
  punctuation, honorifics ("Cllr", "Councillor", "Mrs", "Dr"…), letters after
  the name ("MSP") and @handles are set aside. A name in the wrong list is
  both missed and wrong.
- **items**: one fact per item. Items are lined up in document order; they
  match when the numbers are equal (when the count has one) and the titles are
  alike (the same words, or one's words holding four fifths of the other's).
- **decisions**: one fact per decision. A decision matches one in the same
  (lined-up) item whose text shares content words with it (words other than
  "the", "agreed" and the like, plural and tense endings cut): three or more,
  or two that are at least a quarter of the shorter text's. Each fact in the
  count is matched once, best match first. A motion the count says was lost,
  failed or defeated must be written as lost, and one carried must not be.
- **actions**: two facts per action: the action (same item, shared words as
  for decisions, the owners' names set aside) and its owners (right when the words of all owners are the
  same, posts included: "the Clerk" is "Clerk"; none when the count has none).
- **next meeting**: one fact when the count has a date, right when equal. A
  next meeting written where the count has none is a wrong fact.

Precision is the facts written right over all facts written; recall is the
facts written right over all facts in the count. Nothing here reads MkDocs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

NAME_LISTS = ("present", "in_attendance", "apologies", "absent")
HONORIFIC_WORDS = {
    "cllr",
    "cllrs",
    "councillor",
    "councillors",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "rev",
    "revd",
    "sir",
    "dame",
    "lord",
    "lady",
    "the",
    "msp",
    "mp",
    "am",
    "ma",
    "mep",
    "obe",
    "mbe",
    "cbe",
    "jp",
}
STOPWORDS = set(
    "a an the and or of to in on at for by with from as is was were be been being that this these those it its "
    "their there they we our us he she his her will would should shall can could may might must not no any all "
    "also which who whom what when where than then so if into onto up out over under about after before per "
    "has have had do does did agreed agree resolved approved noted".split()
)
LOST = re.compile(r"\b(?:lost|failed|fail|defeated|not\s+carried|rejected|fell)\b", re.IGNORECASE)


@dataclass
class Score:
    """Facts counted, found right and written, by kind, for one document or a set."""

    expected: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    wrongs: list[str] = field(default_factory=list)

    def add(self, kind: str, expected: int = 0, right: int = 0, written: int = 0) -> None:
        for table, number in ((self.expected, expected), (self.right, right), (self.written, written)):
            table[kind] = table.get(kind, 0) + number

    def merge(self, other: Score) -> None:
        for kind in set(other.expected) | set(other.written):
            self.add(kind, other.expected.get(kind, 0), other.right.get(kind, 0), other.written.get(kind, 0))

    @property
    def total_expected(self) -> int:
        return sum(self.expected.values())

    @property
    def total_right(self) -> int:
        return sum(self.right.values())

    @property
    def total_written(self) -> int:
        return sum(self.written.values())

    @property
    def recall(self) -> float:
        return self.total_right / self.total_expected if self.total_expected else 1.0

    @property
    def precision(self) -> float:
        return self.total_right / self.total_written if self.total_written else 1.0


def real_minutes_folder(root: Path) -> Path:
    """The real-minutes corpus: ``$REAL_MINUTES``, else ``shared/examples/real-minutes`` beside the checkout.

    A checkout's ``shared/`` sits beside it; a git worktree's may sit one level further up.
    """
    if "REAL_MINUTES" in os.environ:
        return Path(os.environ["REAL_MINUTES"])
    beside = [folder / "shared/examples/real-minutes" for folder in (root.parent, root.parent.parent)]
    return next((folder for folder in beside if folder.is_dir()), beside[0])


def words(text: str) -> list[str]:
    """Lowercase words of ``text`` without Markdown, links or punctuation."""
    text = re.sub(r"\]\([^)]*\)", "]", text or "")
    return re.findall(r"[a-z0-9£$€]+(?:['’][a-z]+)?", text.lower())


def content_words(text: str) -> set[str]:
    """The words that carry meaning, crudely stemmed (plural and -ed endings cut)."""
    out = set()
    for word in words(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        out.add(re.sub(r"(?:ies|es|s|ed|ing|e)$", "", word) if len(word) > 4 else word)
    return out


def name_key(name: str) -> tuple[str, ...]:
    """A person's name as its words, honorifics, letters after the name, brackets and @handles set aside."""
    name = re.sub(r"\([^)]*\)|\[[^]]*\]|@\S+", " ", name or "")
    return tuple(word for word in words(name.replace("’", "'")) if word not in HONORIFIC_WORDS)


def owner_words(owners: Iterable[str]) -> frozenset[str]:
    return frozenset(word for owner in owners for word in name_key(owner) if word not in {"and"})


def title_alike(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return not wa and not wb
    if wa == wb:
        return True
    return SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= 0.8


def number_key(number: Any) -> str:
    return re.sub(r"[\s.:)]+$", "", str(number or "")).strip().lstrip("(").lower()


def text_match(expected: str, found: str) -> float:
    """Shared content words over the shorter text's, or 0 when fewer than two are shared."""
    e, f = content_words(expected), content_words(found)
    shared = len(e & f)
    score = shared / max(1, min(len(e), len(f)))
    if shared >= 3 or (shared == 2 and score >= 0.25) or (shared == 1 and min(len(e), len(f)) == 1):
        return score
    return 0.0


def align_items(expected: Sequence[Sequence[Any]], found: Sequence[Sequence[Any]]) -> dict[int, int]:
    """Found item index -> expected item index, in document order (a longest common subsequence)."""

    def same(e: Sequence[Any], f: Sequence[Any]) -> bool:
        if e[0] is not None and number_key(e[0]) != number_key(f[0]):
            return False
        return title_alike(str(e[1]), str(f[1]))

    n, m = len(expected), len(found)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1 if same(expected[i], found[j]) else max(table[i + 1][j], table[i][j + 1])
            )
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if same(expected[i], found[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs[j] = i
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _item_keys(items: Sequence[Sequence[Any]]) -> dict[str, list[int]]:
    """Every way a fact may name an item (number or title) -> the item indexes it may mean."""
    keys: dict[str, list[int]] = {}
    for index, (number, title) in enumerate(items):
        for key in {number_key(number), " ".join(words(str(title)))}:
            if key:
                keys.setdefault(key, []).append(index)
    return keys


def _resolve_item(ref: Any, keys: dict[str, list[int]]) -> list[int]:
    for key in (number_key(ref), " ".join(words(str(ref)))):
        if key in keys:
            return keys[key]
    return []


def score_document(expected: dict[str, Any], found: dict[str, Any]) -> Score:
    """Line up ``found`` (from ``facts_of``) with a hand count and count the facts, as the module docstring says."""
    score = Score()
    score.add("date", 1, int(found.get("date") == expected["date"]), int(bool(found.get("date"))))
    if found.get("date") and found.get("date") != expected["date"]:
        score.wrongs.append(f"date {found.get('date')}")

    for kind in NAME_LISTS:
        want = [name_key(n) for n in expected.get(kind) or []]
        got = [name_key(n) for n in found.get(kind) or []]
        remaining = list(want)
        right = 0
        for written, key in zip(found.get(kind) or [], got):
            if key in remaining:
                remaining.remove(key)
                right += 1
            else:
                score.wrongs.append(f"{kind}: {written}")
        score.misses += [f"{kind}: {' '.join(key)}" for key in remaining]
        score.add("names", len(want), right, len(got))

    e_items = [tuple(item) for item in expected.get("items") or []]
    f_items = [tuple(item) for item in found.get("items") or []]
    pairs = align_items(e_items, f_items)
    score.add("items", len(e_items), len(pairs), len(f_items))
    score.misses += [f"item {e_items[i]}" for i in range(len(e_items)) if i not in pairs.values()]
    score.wrongs += [f"item {f_items[j]}" for j in range(len(f_items)) if j not in pairs]
    e_keys, f_keys = _item_keys(e_items), _item_keys(f_items)

    def expected_items_of(ref: Any) -> set[int]:
        return {pairs[j] for j in _resolve_item(ref, f_keys) if j in pairs}

    def fits(e_fact: dict[str, Any], f_fact: dict[str, Any]) -> bool:
        return bool(set(_resolve_item(e_fact.get("item"), e_keys)) & expected_items_of(f_fact.get("item")))

    for kind in ("decisions", "actions"):
        e_facts = list(expected.get(kind) or [])
        f_facts = list(found.get(kind) or [])
        candidates = []
        for i, e_fact in enumerate(e_facts):
            for j, f_fact in enumerate(f_facts):
                if not fits(e_fact, f_fact):
                    continue
                found_text = str(f_fact.get("text", ""))
                if kind == "actions":
                    # "Clerk to write": the owner's name is the owners fact; the action is what is to be done
                    owners = owner_words(f_fact.get("owners") or [])
                    found_text = " ".join(w for w in words(found_text) if w not in owners)
                similarity = text_match(str(e_fact.get("text", "")), found_text)
                if similarity:
                    candidates.append((similarity, i, j))
        used_e: set[int] = set()
        used_f: set[int] = set()
        chosen: list[tuple[int, int]] = []
        for _similarity, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i in used_e or j in used_f:
                continue
            if kind == "decisions":
                lost = bool(LOST.search(str(e_facts[i].get("text", "")))) or e_facts[i].get("outcome") == "lost"
                if lost != (f_facts[j].get("outcome", "carried") == "lost"):
                    continue
            used_e.add(i)
            used_f.add(j)
            chosen.append((i, j))
        score.add(kind, len(e_facts), len(used_e), len(f_facts))
        score.misses += [f"{kind[:-1]}: {e_facts[i].get('text')}" for i in range(len(e_facts)) if i not in used_e]
        score.wrongs += [f"{kind[:-1]}: {f_facts[j].get('text')}" for j in range(len(f_facts)) if j not in used_f]
        if kind == "actions":
            right = 0
            for i, j in chosen:
                if owner_words(e_facts[i].get("owners") or []) == owner_words(f_facts[j].get("owners") or []):
                    right += 1
                else:
                    score.wrongs.append(f"owners {f_facts[j].get('owners')} for: {e_facts[i].get('text')}")
            score.add("owners", len(e_facts), right, len(f_facts))

    want_next, got_next = expected.get("next_meeting"), found.get("next_meeting")
    score.add("next meeting", int(bool(want_next)), int(bool(want_next) and want_next == got_next), int(bool(got_next)))
    if got_next and got_next != want_next:
        score.wrongs.append(f"next meeting {got_next}")
    if want_next and want_next != got_next:
        score.misses.append(f"next meeting {want_next}")
    return score


def load_expected(path: Any) -> dict[str, Any]:
    """A hand count (``NN-name.expected.json``)."""
    import json
    from pathlib import Path

    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def facts_of(result: Any) -> dict[str, Any]:
    """What an import wrote (or would write, when it stopped), in the hand count's shape: names as written."""
    parsed = result.parsed
    front: dict[str, Any] = result.front or {}
    if parsed is None:
        return {}
    by_ref = {item.ref: (item.number or None, item.title) for item in parsed.items}

    def item_of(ref: Any) -> Any:
        number, title = by_ref.get(str(ref), (None, str(ref)))
        return number if number is not None else title

    def names(kind: str) -> list[str]:
        written = []
        for entry in front.get(kind, ()):
            ref = entry if isinstance(entry, str) else entry.get("person") or next(iter(entry))
            written.append(_written(result, str(ref)))
        return written

    return {
        "date": front.get("date") or parsed.date or None,
        "present": names("present"),
        "in_attendance": names("in_attendance"),
        "apologies": names("apologies"),
        "absent": [a.written for a in parsed.attendance["absent"]],
        "items": [[item.number or None, item.title] for item in parsed.items],
        "decisions": [
            {"item": item_of(d["item"]), "text": d["text"], "outcome": d.get("outcome", _outcome_in_text(d["text"]))}
            for d in front.get("decisions", ())
        ],
        "actions": [
            {
                "item": item_of(a["item"]),
                # The placeholder (or, against an older format, the meeting's own body) is no owner named.
                "owners": [
                    _written(result, str(o)) for o in a["owners"] if o not in (front.get("body"), "No owner named")
                ],
                "text": a["text"],
            }
            for a in front.get("actions", ())
        ],
        "next_meeting": (front.get("next_meeting") or {}).get("date"),
    }


def _outcome_in_text(text: str) -> str:
    match = re.search(r"\((Lost|Withdrawn|Deferred)\.\)$", text)
    return match[1].lower() if match else "carried"


def _written(result: Any, ref: str) -> str:
    """A person's id back to the name as the minutes wrote it, where the import matched one."""
    for use in getattr(result, "names", ()):
        if use.match.id == ref:
            return str(use.match.written)
    return ref
