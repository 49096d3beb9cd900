"""People as minutes write them, matched against people.yml without guessing.

``Registry.resolve_person`` knows ids, full names, aliases and honorifics. On top
of it this adds what an import needs: the shape of a name ("Cllr Mrs B Abbott"),
initials and surnames ("Cllr P Batty", "Cllr Yarwood"), and the meeting's own
attendance as context ("Linda" is Linda Clegg when one Linda attends). Anything
that still names several people is reported as ambiguous, never picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..model import BodyKind
from ..registry import HONORIFICS, Registry, normalise_name, strip_honorifics

# Honorifics as written, in the order they are stripped ("Cllr Mrs B Abbott").
HONORIFIC_WORD = re.compile(
    r"^(?:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r"|cllrs|councillors)\.?$", re.IGNORECASE
)
PARTICLES = {"de", "van", "von", "der", "da", "du", "le", "la", "di", "del", "of"}
NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]?\.?|[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z][A-Z'’\-]+|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)$"
)


class MatchStatus(Enum):
    """How a written name relates to people.yml."""

    MATCHED = "matched"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class NameParts:
    """A name as written, cut into its honorifics and the name itself."""

    written: str
    honorific: str
    name: str


@dataclass(frozen=True)
class Match:
    """What a written name was matched to: one id, nobody, or several candidates."""

    written: str
    status: MatchStatus
    id: str | None = None
    kind: str = "person"  # "person" | "body"
    candidates: tuple[str, ...] = ()
    how: str = ""


def split_name(written: str) -> NameParts:
    """``Cllr Mrs B Abbott`` -> honorific ``Cllr Mrs``, name ``B Abbott``."""
    words = written.split()
    honorifics: list[str] = []
    while len(words) > 1 and HONORIFIC_WORD.match(words[0]):
        honorifics.append(words.pop(0))
    return NameParts(written.strip(), " ".join(honorifics), " ".join(words))


def looks_like_name(text: str) -> bool:
    """Whether ``text`` has the shape of a person's name: capitalised words, maybe initials and titles."""
    text = text.strip().rstrip(".,;:")
    if not text or len(text) > 60 or re.search(r"\d", text):
        return False
    parts = split_name(text)
    words = [word for word in parts.name.split() if word.lower() not in PARTICLES]
    if not words or len(words) > 4:
        return False
    if len(words) == 1 and not parts.honorific:
        return False
    return all(NAME_WORD.match(word) for word in words)


def slugify_person(name: str) -> str:
    """The id people.yml would give ``name``: lowercase ASCII words joined by hyphens, titles dropped."""
    key = strip_honorifics(normalise_name(name))
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "person"


class NameMatcher:
    """Matches written names to people.yml ids (and teams, for action owners)."""

    def __init__(self, registry: Registry, context: frozenset[str] = frozenset()) -> None:
        self.registry = registry
        self.context = context
        self.by_first: dict[str, list[str]] = {}
        self.by_last: dict[str, list[str]] = {}
        for person in registry.people.values():
            words = strip_honorifics(normalise_name(person.name)).split()
            if words:
                self.by_first.setdefault(words[0], []).append(person.id)
                self.by_last.setdefault(words[-1], []).append(person.id)

    def with_context(self, attending: set[str]) -> NameMatcher:
        """A matcher that prefers the people at this meeting when a short name fits several."""
        return NameMatcher(self.registry, frozenset(attending))

    def person(self, written: str) -> Match:
        """Match one written name to a person."""
        written = written.strip().rstrip(".,;:")
        person_id, error = self.registry.resolve_person(written)
        if person_id:
            return Match(written, MatchStatus.MATCHED, person_id, how="exact")
        key = strip_honorifics(normalise_name(written))
        if "matches" in error:
            exact = self.registry.person_names.get(normalise_name(written)) or self.registry.person_names.get(key) or ()
            return self._narrow(written, tuple(exact), "name")
        words = key.split()
        if not words:
            return Match(written, MatchStatus.UNKNOWN)
        if len(words) == 1:
            # "Cllr Yarwood": a titled surname may be unique in people.yml; "Linda" needs the meeting to say who.
            first = tuple(self.by_first.get(words[0], ()))
            last = tuple(self.by_last.get(words[0], ()))
            if split_name(written).honorific:
                match = self._narrow(written, self._same_title(written, last), "title and surname", registry_wide=True)
                if match.status is not MatchStatus.UNKNOWN:
                    return match
            return self._narrow(written, tuple(dict.fromkeys(first + last)), "short name")
        initials, surname = words[:-1], words[-1]
        if all(len(word) == 1 for word in initials):
            candidates = tuple(
                pid
                for pid in self.by_last.get(surname, ())
                if _initials_fit(
                    initials, strip_honorifics(normalise_name(self.registry.people[pid].name)).split()[:-1]
                )
            )
            return self._narrow(written, self._same_title(written, candidates), "initials", registry_wide=True)
        return Match(written, MatchStatus.UNKNOWN)

    def owner(self, written: str) -> Match:
        """Match an action owner: a person, or a body such as a team ("Social Care")."""
        written = written.strip().rstrip(".,;:")
        body_id, _ = self.registry.resolve_body(written)
        if body_id is None and normalise_name(written).startswith("the "):
            body_id, _ = self.registry.resolve_body(written[4:])
        person = self.person(written)
        if body_id and person.status is MatchStatus.MATCHED and person.how == "exact":
            return Match(written, MatchStatus.AMBIGUOUS, candidates=(person.id or "", body_id), how="person and body")
        if body_id and self.registry.bodies[body_id].kind in (
            BodyKind.TEAM,
            BodyKind.ORGANISATION,
            BodyKind.BOARD,
            BodyKind.COMMITTEE,
        ):
            return Match(written, MatchStatus.MATCHED, body_id, kind="body", how="body")
        return person

    def _same_title(self, written: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
        """ "Cllr Patel" is not the officer Sam Patel: a councillor's title must match outside the meeting's list."""
        if not _is_councillor(split_name(written).honorific):
            return candidates
        return tuple(
            pid for pid in candidates if pid in self.context or _is_councillor(self.registry.people[pid].honorific)
        )

    def _narrow(self, written: str, candidates: tuple[str, ...], how: str, registry_wide: bool = False) -> Match:
        if len(candidates) == 1 and (registry_wide or candidates[0] in self.context):
            return Match(written, MatchStatus.MATCHED, candidates[0], how=how)
        attending = tuple(pid for pid in candidates if pid in self.context)
        if len(attending) == 1:
            return Match(written, MatchStatus.MATCHED, attending[0], how=f"{how}, the only one at this meeting")
        if len(candidates) > 1:
            return Match(written, MatchStatus.AMBIGUOUS, candidates=tuple(sorted(attending or candidates)), how=how)
        return Match(written, MatchStatus.UNKNOWN)


def _initials_fit(initials: list[str], given_names: list[str]) -> bool:
    return len(initials) <= len(given_names) and all(
        name.startswith(initial) for initial, name in zip(initials, given_names)
    )


def _is_councillor(honorific: str) -> bool:
    return bool(re.match(r"^(?:cllrs?|councillors?)\b", honorific.strip(), re.IGNORECASE))
