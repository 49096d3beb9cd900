"""Who the minutes' text names: each person found by name or alias in the narrative and the decisions."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from .archive import ItemLink, MeetingLink, Mention
from .batch import SameObjectCache
from .model import Decision, Item, Meeting
from .registry import Registry, normalise_name

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'.-]*")
_POSSESSIVE = re.compile(r"['’]s$")


def texts_of(meeting: Meeting) -> list[tuple[Item | None, str, int]]:
    """Every publishable piece of narrative with the line it starts on."""
    texts: list[tuple[Item | None, str, int]] = [(None, meeting.intro, meeting.intro_line)]
    texts += [(item, item.text, item.text_line) for item in meeting.items]
    texts += [
        (meeting.item(d.item), d.text, meeting.line_of.get(f"decisions.{i}", 1))
        for i, d in enumerate(meeting.decisions)
    ]
    texts += [
        (meeting.item(a.item), a.text, meeting.line_of.get(f"actions.{i}", 1)) for i, a in enumerate(meeting.actions)
    ]
    return texts


def find_names(
    registry: Registry, meetings: list[Meeting], cache: NamesCache | None = None
) -> tuple[dict[str, list[Mention]], dict[str, list[Decision]]]:
    """Where each person is named in the minutes text (items and introduction), by name or alias; and the
    decisions whose text names each person."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    decisions: dict[str, list[Decision]] = defaultdict(list)
    for narrative, named_in_decisions in _names_in_meetings(meetings, registry, cache):
        for mention, person_ids in narrative:
            for person_id in person_ids:
                mentions[person_id].append(mention)
        for decision, person_ids in named_in_decisions:
            for person_id in person_ids:
                decisions[person_id].append(decision)
    return mentions, decisions


NamesInMeeting = tuple[tuple[tuple[Mention, list[str]], ...], tuple[tuple[Decision, list[str]], ...]]


class NamesCache(Protocol):
    """What the build cache keeps of each meeting file between builds (``cache.ArchiveCache``); and, for
    the process, each unchanged meeting's link as the very same object, so comparing pages of one
    build with the last stops at identity."""

    links: SameObjectCache

    def names(self, meeting: Meeting, compute: Callable[[], NamedIds]) -> NamedIds: ...


# The ids of the people named in each narrative text of a meeting (introduction, then items), and in each decision.
NamedIds = tuple[tuple[list[str], ...], tuple[list[str], ...]]


def _names_in_meetings(
    meetings: list[Meeting], registry: Registry, cache: NamesCache | None = None
) -> list[NamesInMeeting]:
    """For each meeting, the people named in each narrative text (introduction and items: as a Mention)
    and in each decision.

    Remembered by the build cache while the meeting and the registry's names stay the same (the
    meeting's key covers both): under `serve`, reading every meeting's text again on each save took
    most of a second.
    """

    def named_ids(meeting: Meeting) -> NamedIds:
        attendees = {entry.person for entry in meeting.attendance}
        texts = texts_of(meeting)[: 1 + len(meeting.items)]
        narrative = tuple(names_in(text, registry, attendees) for _, text, _ in texts)
        return narrative, tuple(names_in(decision.text, registry, attendees) for decision in meeting.decisions)

    def find(meeting: Meeting) -> NamesInMeeting:
        narrative, decisions = cache.names(meeting, lambda: named_ids(meeting)) if cache else named_ids(meeting)
        link = MeetingLink.of(meeting)
        items = [item for item, _, _ in texts_of(meeting)[: 1 + len(meeting.items)]]
        mentions = tuple((Mention(link, ItemLink.of(item)), ids) for item, ids in zip(items, narrative))
        return mentions, tuple(zip(meeting.decisions, decisions))

    return [find(meeting) for meeting in meetings]


def names_in(text: str, registry: Registry, attendees: set[str]) -> list[str]:
    """Ids of the people ``text`` names, sorted.

    Words are looked up as n-grams in a dictionary rather than with one huge
    regular expression: linear in the text, whatever the number of people, and
    only capitalised words that can begin a name are looked at twice.
    A name shared by several people counts only when exactly one of them was
    at the meeting.
    """
    words = _WORD.findall(text)
    first_words, longest = registry.name_first_words, registry.longest_name_words
    named: set[str] = set()
    for start, word in enumerate(words):
        if not word[0].isupper() or _word_key(word) not in first_words:
            continue
        for size in range(min(longest, len(words) - start), 0, -1):
            ids = registry.person_names.get(" ".join(_word_key(w) for w in words[start : start + size]))
            if not ids:
                continue
            if len(ids) > 1:
                ids = tuple(pid for pid in ids if pid in attendees)
            if len(ids) == 1:
                named.add(ids[0])
            break
    return sorted(named)


@functools.lru_cache(maxsize=262_144)
def _word_key(word: str) -> str:
    return normalise_name(_POSSESSIVE.sub("", word))
