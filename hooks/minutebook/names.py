"""Names that deceive: invisible characters, look-alike letters, and names that collide once slugged.

A clerk pasting from a PDF or a hostile contributor can make two different
people look the same ("Lorna Quigley" with a Cyrillic "о"), or make a name
silently mean someone else ("Foo Bar" when another person's id is foo-bar).
Both are reported as problems; nothing here guesses which one was meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .readertext import invisible, odd_space

# Letters that render like Latin ones (a working subset of Unicode's confusables.txt,
# enough for the scripts a UK council's names are pasted from).
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "з": "3",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        "һ": "h",
        "ʏ": "y",
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ϲ": "c",
        "ϳ": "j",
        "ℓ": "l",
        "ı": "i",
        "ȷ": "j",
        "ɑ": "a",
        "ɡ": "g",
        "ɩ": "i",
        "ʟ": "l",
        "ᴅ": "d",
    }
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "GEORGIAN")


def _char_name(char: str) -> str:
    return unicodedata.name(char, f"U+{ord(char):04X}")


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    first = _char_name(char).split(" ", 1)[0]
    return first if first in _SCRIPTS else None


def describe_lookalike(text: str) -> str:
    """Why ``text`` is not safe as a name, or "" when it is.

    Mixed scripts are judged word by word, so "Ivan Иванов" is fine but
    "Lоrna" (Latin with one Cyrillic letter) is not.
    """
    if text.isascii() and text.isprintable():
        return ""  # nothing hidden, nothing from another script
    for char in text:
        # Zero-width spaces, joiners, direction controls, variation selectors, fillers, blank glyphs:
        # each changes a name without showing, so two people could look the same.
        if char in "\t\n":
            return "contains a line break or a tab; a name is written on one line"
        if invisible(char):
            return f"contains an invisible character (U+{ord(char):04X} {_char_name(char)}); retype the name"
        if odd_space(char):
            return f"contains '{_char_name(char)}' (U+{ord(char):04X}) where a space belongs; type an ordinary space"
        if char.isalpha() and unicodedata.normalize("NFKC", char) != char and not unicodedata.combining(char):
            plain = unicodedata.normalize("NFKC", char)
            return f"contains '{char}' ({_char_name(char)}); type it as '{plain}'"
    for word in text.split():
        scripts = {script for char in word if (script := _script(char))}
        if len(scripts) > 1:
            odd = next(char for char in word if _script(char) not in (None, "LATIN")) if "LATIN" in scripts else word[0]
            looks = odd.translate(_CONFUSABLES).casefold()
            like = f", which looks like '{looks}'" if looks != odd.casefold() else ""
            return (
                f"mixes {' and '.join(sorted(s.title() for s in scripts))} letters in '{word}': "
                f"'{odd}' is {_char_name(odd)}{like}; retype the name"
            )
    return ""


def skeleton(text: str) -> str:
    """What a name looks like: accents, case, punctuation, spacing and look-alike letters ignored."""
    if not (text.isascii() and text.isprintable()):
        text = "".join(char for char in text if not invisible(char))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold().translate(_CONFUSABLES)
    text = re.sub(r"[.,’'`]", "", text)
    return re.sub(r"[\s\-–—_]+", " ", text).strip()


@dataclass(frozen=True)
class NameUse:
    """One way a registry entry can be named: its id, its name, or an alias."""

    owner: str  # the id of the person or body
    kind: str  # "id" | "name" | "alias"
    text: str
    line: int


def find_collisions(uses: Iterable[NameUse], what: str) -> list[tuple[NameUse, str]]:
    """(use, message) for every name that would mean a different entry once slugged or read by eye.

    Two entries with the very same name ("John Smith", ids john-smith and
    john-smith-2) are allowed: that is real life, and the minutes must then use
    the id. What is refused is a name that reads as *another* entry's id or as a
    different entry's name spelled with look-alike letters.
    """
    groups: dict[str, list[NameUse]] = defaultdict(list)
    for use in uses:
        groups[skeleton(use.text.replace("-", " ") if use.kind == "id" else use.text)].append(use)
    found: list[tuple[NameUse, str]] = []
    for group in groups.values():
        owners = {use.owner for use in group}
        if len(owners) < 2:
            continue
        named = {use.owner for use in group if use.kind == "name"}
        for use in group:
            others = [other for other in group if other.owner != use.owner]
            if use.kind == "id":
                continue  # reported from the name's side, where the clerk can fix it
            for other in others:
                if other.kind == "id" and other.owner not in named:
                    message = (
                        f"{use.owner}: {use.kind} '{use.text}' is the id of another {what}, {other.owner}, once "
                        f"slugged; minutes naming '{use.text}' could mean either: rename one of them"
                    )
                    found.append((use, message))
                    break
                # Reported once, at the later of the two, which is usually the one just added.
                if (
                    other.kind != "id"
                    and _exact(other.text) != _exact(use.text)
                    and (use.line, use.owner) > (other.line, other.owner)
                ):
                    message = (
                        f"{use.owner}: {use.kind} '{use.text}' looks the same as {other.owner}'s {other.kind} "
                        f"'{other.text}' but is spelled with different characters: retype one of them"
                    )
                    found.append((use, message))
                    break
    return found


def _exact(text: str) -> str:
    """The matching form the registry resolves names with (no look-alike folding)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return re.sub(r"[\s\-–—]+", " ", re.sub(r"[.,’'`]", "", text)).strip()
