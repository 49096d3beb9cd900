"""The redaction list (``redact.yml``): names that must never be published.

Children, members of the public who did not consent to be named, anyone a
court order protects. The list is a YAML list; each entry is the text itself
or a mapping with a note for the clerks (the note is never published)::

    - Jane Doe
    - {name: John Roe, note: member of the public at item 4, 12 March 2019; no consent}

A listed name is found wherever a reader could see it: every text field of a
meeting's front-matter, item titles and minutes text (HTML comments and the
text of confidential items are never published, so they are not searched),
the names, aliases and roles in people.yml and bodies.yml, and documents
published as text. Each passage is read in every form it takes once published
(:func:`readertext.reader_forms`: as written, as rendered, and what its links
and tags hold), and matching ignores case, accents, punctuation, line breaks,
markup, entities, invisible characters and look-alike letters, so
"JANE  DOE", "Jane\\nDoe", "Jane Doe's", "Jаne Doe" (Cyrillic "а"),
"J*ane* Doe" and "Ja&#110;e Doe" all match "Jane Doe".
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem
from .names import skeleton
from .readertext import fold_variants, reader_forms
from .source import MAX_REGISTRY_BYTES, MAX_REGISTRY_VALUES, editor_lines, read_text
from .yamlsource import LineMap, load_yaml

FILE_NAME = "redact.yml"
# A word of folded text (invisible characters are gone by then): letters, digits and the accents on
# them, with apostrophes joining it ("O'Brien"); a possessive "'s" is dropped so "Doe's" is Doe.
_LETTERS = r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
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
        """A problem for each listed name in ``text`` (which starts on ``first_line`` of ``path``).

        Each place the name is written is reported; a name seen only once the text is rendered (or in
        what a link or tag holds) is reported once, at the line that shows it.
        """
        if not self.entries or not text:
            return []
        lines = editor_lines(text)
        found = list(self._in_lines(lines))
        rendered = {entry for form in reader_forms(text)[1:] for entry in self._in_text(form)}
        for entry in sorted(rendered, key=lambda entry: entry.line):
            written = {offset for other, offset in found if other == entry}
            found += [(entry, offset) for offset in self._locate(entry, lines) if offset not in written]
        return [
            Problem(
                path,
                first_line + offset,
                f"'{entry.text}' is on the redaction list ({self.path}:{entry.line}) "
                "and must not be published; remove the name or write, e.g., 'a child'",
            )
            for entry, offset in found
        ]

    def _in_lines(self, lines: list[str]) -> Iterator[tuple[Redaction, int]]:
        """(entry, line offset) for each listed name in the text as written, which may run over lines."""
        tokens = [(word, offset) for offset, line in enumerate(lines) for word in words_of(line) if line]
        yield from self._matches(tokens)
        for offset, line in enumerate(lines):
            # A blank glyph may join the halves of a name, as well as separate two names.
            for variant in fold_variants(line)[1:]:
                yield from self._matches([(word, offset) for word in _words(variant)])

    def _in_text(self, text: str) -> Iterator[Redaction]:
        for variant in fold_variants(text):
            for entry, _ in self._matches([(word, 0) for word in _words(variant)]):
                yield entry

    def _matches(self, tokens: list[tuple[str, int]]) -> Iterator[tuple[Redaction, int]]:
        index = self.by_first_word
        for position, (word, offset) in enumerate(tokens):
            for entry in index.get(word, ()):
                if tuple(token for token, _ in tokens[position : position + len(entry.words)]) == entry.words:
                    yield entry, offset

    def _locate(self, entry: Redaction, lines: list[str]) -> list[int]:
        """The lines whose rendered forms show ``entry`` (or the first of two lines that do together)."""
        for width in (1, 2):
            offsets = [
                offset
                for offset in range(len(lines) - width + 1)
                if any(entry in self._in_text(form) for form in reader_forms("\n".join(lines[offset : offset + width])))
            ]
            if offsets:
                return offsets
        return [0]

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
        if not self.entries or not os.path.lexists(path):
            return []
        text, _ = read_text(path, shown, MAX_REGISTRY_BYTES)
        data, lines, _ = load_yaml(text or "", shown, max_nodes=MAX_REGISTRY_VALUES)
        return self.find_in_data(data, shown, lines)


def words_of(text: str) -> tuple[str, ...]:
    """The matching form of a name or passage: its words, folded as :func:`names.skeleton` folds them."""
    return tuple(word for variant in fold_variants(text)[:1] for word in _words(variant))


def _words(folded: str) -> list[str]:
    return [word for match in _WORD.finditer(folded) if (word := _fold(match.group(0)))]


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
    # Fail closed: a list that is there but cannot be read (a link, a folder) is a problem, never "no list".
    if not os.path.lexists(path):
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
