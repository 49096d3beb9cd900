"""The redaction list (``redact.yml``): names that must never be published.

Children, members of the public who did not consent to be named, anyone a
court order protects. The list is a YAML list; each entry is the text itself
or a mapping with a note for the clerks (the note is never published)::

    - Jane Doe
    - {name: John Roe, note: member of the public at item 4, 12 March 2019; no consent}

A listed name is found wherever a reader could see it: every text field of a
meeting's front-matter, item titles and minutes text (HTML comments and the
text of confidential items are never published, so they are not searched),
and the names, aliases and roles in people.yml and bodies.yml. Matching
ignores case, accents, punctuation, line breaks, invisible characters and
look-alike letters, so "JANE  DOE", "Jane\\nDoe", "Jane Doe's" and "Jаne Doe"
(Cyrillic "а") all match "Jane Doe".
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem
from .names import skeleton
from .source import read_text
from .yamlsource import LineMap, load_yaml

FILE_NAME = "redact.yml"
# A word, letting invisible characters sit inside it so they cannot split a name, and
# apostrophes join it ("O'Brien"); a possessive "'s" is dropped so "Doe's" is Doe.
_LETTERS = r"(?:[^\W_]|[\u00ad\u200b-\u200f\u2060-\u2064\ufeff])+"
_WORD = re.compile(rf"{_LETTERS}(?:['’`]{_LETTERS})*")
_POSSESSIVE = re.compile(r"['’`][sS]$")


@dataclass(frozen=True)
class Redaction:
    """One name that must not be published, and where the list gives it."""

    text: str
    words: tuple[str, ...]
    line: int
    note: str = ""


@dataclass(frozen=True)
class RedactionList:
    """Every listed name, indexed by its first word so a text is scanned once."""

    entries: tuple[Redaction, ...]
    path: str

    @functools.cached_property
    def by_first_word(self) -> dict[str, tuple[Redaction, ...]]:
        index: dict[str, list[Redaction]] = defaultdict(list)
        for entry in self.entries:
            index[entry.words[0]].append(entry)
        return {word: tuple(entries) for word, entries in index.items()}

    def find(self, text: str, path: str, first_line: int) -> list[Problem]:
        """A problem for each listed name in ``text`` (which starts on ``first_line`` of ``path``)."""
        if not self.entries or not text:
            return []
        index = self.by_first_word
        tokens = [(_fold(match.group(0)), match.start()) for match in _WORD.finditer(text)]
        problems = []
        for position, (word, start) in enumerate(tokens):
            for entry in index.get(word, ()):
                if tuple(token for token, _ in tokens[position : position + len(entry.words)]) == entry.words:
                    line = first_line + text.count("\n", 0, start)
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"'{entry.text}' is on the redaction list ({self.path}:{entry.line}) "
                            "and must not be published; remove the name or write, e.g., 'a child'",
                        )
                    )
        return problems

    def remove(self, text: str, replacement: str) -> str:
        """``text`` with each listed name in it, matched as ``find`` matches, replaced by ``replacement``."""
        if not self.entries or not text:
            return text
        index = self.by_first_word
        tokens = [(_fold(match.group(0)), match.start(), match.end()) for match in _WORD.finditer(text)]
        kept, done, position = [], 0, 0
        while position < len(tokens):
            word, start, _ = tokens[position]
            length = next(
                (
                    len(entry.words)
                    for entry in index.get(word, ())
                    if tuple(token for token, _, _ in tokens[position : position + len(entry.words)]) == entry.words
                ),
                0,
            )
            if length:
                kept += [text[done:start], replacement]
                done = tokens[position + length - 1][2]
            position += length or 1
        return "".join(kept) + text[done:]

    def find_in_data(self, data: Any, path: str, lines: LineMap) -> list[Problem]:
        """Search every text value and key of parsed YAML (front-matter, people.yml, bodies.yml)."""
        problems: list[Problem] = []
        for key, text in _strings(data, ()):
            problems += self.find(text, path, lines.line(*key))
        return problems

    def find_in_file(self, path: Path, shown: str) -> list[Problem]:
        """Search a YAML file such as people.yml (its own mistakes are reported elsewhere)."""
        if not self.entries or not path.is_file():
            return []
        text, _ = read_text(path, shown)
        data, lines, _ = load_yaml(text or "", shown)
        return self.find_in_data(data, shown, lines)


def words_of(text: str) -> tuple[str, ...]:
    """The matching form of a name: its words, folded as :func:`names.skeleton` folds them."""
    return tuple(_fold(match.group(0)) for match in _WORD.finditer(text))


def _fold(word: str) -> str:
    return skeleton(_POSSESSIVE.sub("", word)).replace(" ", "")


def _strings(data: Any, key: tuple[Hashable, ...]) -> Iterator[tuple[tuple[Hashable, ...], str]]:
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            if isinstance(name, str):
                yield (*key, name), name  # `- Jane Doe: role` names her in the key
            yield from _strings(value, (*key, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*key, index))


def load_redactions(source: Path, shown: str) -> tuple[RedactionList, list[Problem]]:
    """Read ``redact.yml`` if the archive has one; an archive without one redacts nothing."""
    path = source / FILE_NAME
    if not path.is_file():
        return RedactionList((), shown), []
    text, problems = read_text(path, shown)
    if text is None:
        return RedactionList((), shown), problems
    data, lines, problems = load_yaml(text, shown)
    if problems:
        return RedactionList((), shown), problems
    if data is None:
        return RedactionList((), shown), []
    if not isinstance(data, list):
        return RedactionList((), shown), [
            Problem(shown, 1, "the redaction list must be a YAML list: one '- name' per line")
        ]
    entries = []
    for index, entry in enumerate(data):
        line = lines.line(index)
        name, note = (
            (entry, "")
            if isinstance(entry, str)
            else (entry.get("name"), entry.get("note", ""))
            if isinstance(entry, dict)
            else (None, "")
        )
        unknown = sorted(str(key) for key in entry if key not in ("name", "note")) if isinstance(entry, dict) else []
        if unknown:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"[{index}]: unknown field '{unknown[0]}'; an entry is a name, or {{name: ..., note: ...}}",
                )
            )
            continue
        if not isinstance(name, (str, int)) or not words_of(str(name)):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"[{index}]: give the name to redact, as text: '- Jane Doe' or '- {{name: Jane Doe, note: ...}}'",
                )
            )
            continue
        entries.append(Redaction(str(name).strip(), words_of(str(name)), line, str(note or "")))
    return RedactionList(tuple(entries), shown), problems
