"""Attendance blocks: who was present, in attendance, sent apologies or was absent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .matching import looks_like_name

BLOCKS = (
    (
        "in_attendance",
        re.compile(
            r"^(?:officers?\s+(?:in\s+attendance|present|attending)|in\s+attendance|also\s+(?:present|in\s+attendance|attending)|officers)"
            r"\s*(?::|–|—|-|$)\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    (
        "apologies",
        re.compile(
            r"^apolog(?:y|ies)(?:\s+for\s+absence)?(?:\s+(?:were|was|had\s+been)\s+(?:received|submitted|given|tendered)"
            r"(?:\s+(?:from|by|on\s+behalf\s+of))?|\s+from)?\s*(?::|–|—|-|$|(?<=from)\s|(?<=by)\s|(?<=of)\s)\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
    ("absent", re.compile(r"^absent(?:\s+without\s+apolog(?:y|ies))?\s*(?::|–|—|-|$)\s*(?P<rest>.*)$", re.IGNORECASE)),
    (
        "present",
        re.compile(
            r"^(?:(?:members?|councillors|governors|trustees|directors|board\s+members)\s+)?present\s*(?::|–|—|-|$)\s*(?P<rest>.*)$",
            re.IGNORECASE,
        ),
    ),
)
PUBLIC = re.compile(
    r"\b(?:members?|representatives?)\s+of\s+the\s+(?:public|press|media)\b|\bpress\b|\bpublic\b", re.IGNORECASE
)
SUBSTITUTES = re.compile(
    r"^(?P<subs>.+?)\s+(?:attended|was\s+present|were\s+present|attended\s+the\s+meeting)\s+as\s+(?:an?\s+)?(?:substitutes?|deputies|deputy)"
    r"\s+for\s+(?P<for>.+?)(?:\s*,?\s*respectively)?\.?$",
    re.IGNORECASE,
)
NOTE = re.compile(
    r"\b(?:arrived|left|leaving|departed|joined|from\s+(?:item|minute)|until|for\s+(?:items?|minutes?)|except|part|via|remotely|virtual|online|late)\b",
    re.IGNORECASE,
)
SUB_NOTE = re.compile(r"^(?:as\s+)?(?:substitut(?:e|ing)|sub|deputy|deputising)\s+for\s+(?P<for>.+)$", re.IGNORECASE)
PLURAL_TITLE = re.compile(r"^(?:councillors|cllrs\.?)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Attendee:
    """A person in an attendance list, as written, with role and note."""

    written: str
    role: str
    note: str
    line: int


@dataclass(frozen=True)
class Substitute:
    """Someone who attended in a member's place, both as written."""

    person: str
    replaces: str
    line: int


def block_heading(text: str) -> tuple[str, str] | None:
    """("present" | "in_attendance" | "apologies" | "absent", the rest of the line) for a block heading."""
    for kind, pattern in BLOCKS:
        match = pattern.match(text.strip())
        if match:
            return kind, match["rest"].strip()
    return None


def split_entries(text: str) -> list[str]:
    """One line of an attendance block -> one entry per person.

    A tab or a spaced dash separates a name from a role ("Joe Banham<TAB>Head of
    Practice Improvement"); commas, semicolons and "and" separate people run
    together in a sentence ("Cllr P Batty (Chairman), Cllr J Batty and Cllr Yarwood").
    """
    text = text.strip().rstrip(".")
    text = re.sub(r"^[-*•]\s+", "", text)
    if "\t" in text:
        return [text]
    plural = PLURAL_TITLE.match(text)
    body = text[plural.end() :] if plural else text
    parts = [part.strip() for part in _split_top_level(body) if part.strip()]
    if plural:
        # "Councillors Nash (Mayor), Jones and Mrs Whitfield": the title belongs to each of them
        parts = [part if re.match(r"^(?:cllr|councillor)\b", part, re.IGNORECASE) else "Cllr " + part for part in parts]
    if (len(parts) >= 2 or plural) and all(
        looks_like_name(_strip_brackets(part)) or PUBLIC.search(part) for part in parts
    ):
        return parts
    return [text]


def _split_top_level(text: str) -> list[str]:
    """Split on commas, semicolons and " and "/" & " outside brackets."""
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\s+and\s+|\s+&\s+)", text)
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and token is not None and (token in (",", ";") or re.fullmatch(r"\s+(?:and|&)\s+", token)):
            parts.append(current)
            current = ""
        else:
            current += token or ""
    parts.append(current)
    return parts


def _strip_brackets(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def parse_names(entries: list[str], line: int) -> tuple[list[Attendee], list[str], list[Substitute], list[str]]:
    """Entries -> (attendees, members of the public, substitutes, entries that are not names)."""
    attendees: list[Attendee] = []
    public: list[str] = []
    substitutes: list[Substitute] = []
    leftovers: list[str] = []
    for entry in entries:
        if PUBLIC.search(entry) and not looks_like_name(_strip_brackets(entry.split("\t")[0])):
            public.append(entry.strip())
            continue
        name, role = _name_and_role(entry)
        if not name:
            leftovers.append(entry.strip())
            continue
        notes = []
        for bracket in re.findall(r"\(([^)]*)\)", name):
            sub = SUB_NOTE.match(bracket.strip())
            if sub:
                substitutes.append(Substitute(_strip_brackets(name), sub["for"].strip(), line))
            elif NOTE.search(bracket):
                notes.append(bracket.strip())
            elif not role:
                role = bracket.strip()
            else:
                notes.append(bracket.strip())
        attendees.append(Attendee(_strip_brackets(name), role, "; ".join(notes), line))
    return attendees, public, substitutes, leftovers


def _name_and_role(entry: str) -> tuple[str, str]:
    entry = entry.strip().rstrip(".")
    if "\t" in entry:
        name, *rest = [cell.strip() for cell in entry.split("\t") if cell.strip()] or [""]
        return (name, ", ".join(rest)) if looks_like_name(_strip_brackets(name)) else ("", "")
    if looks_like_name(_strip_brackets(entry)):
        return entry, ""
    for separator in (r"\s+[-–—]\s+", r"\s*:\s+", r",\s+"):
        pieces = re.split(separator, entry, maxsplit=1)
        if len(pieces) == 2 and looks_like_name(_strip_brackets(pieces[0])):
            return pieces[0].strip(), pieces[1].strip()
    return "", ""


def parse_substitutes(text: str, line: int) -> list[Substitute]:
    """ "Cllrs A and B attended as substitutes for Cllrs C and D" -> pairs, in order."""
    match = SUBSTITUTES.match(text.strip())
    if not match:
        return []
    subs = split_entries(match["subs"])
    replaced = split_entries(match["for"])
    if len(subs) != len(replaced):
        return []
    return [Substitute(_strip_brackets(a), _strip_brackets(b), line) for a, b in zip(subs, replaced)]
