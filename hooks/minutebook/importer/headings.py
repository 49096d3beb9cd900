"""Numbered item headings in the styles public bodies use: ``2. DfE REVIEW``, ``21.44``, ``161.``, ``Cou/285/07-08``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import SourceLine, plain

NUMBER = r"(?P<number>\d{1,4}(?:\.\d{1,3})*|[A-Za-z]{1,6}/\d{1,5}(?:/\d{2,4}(?:-\d{2,4})?)?|[A-Za-z]{1,3}\d{1,4}(?:/\d{2,4})?)"
HEADING = re.compile(
    rf"^(?:item\s+|minute\s+(?:no\.?\s*)?)?{NUMBER}[.:)]?(?:[ \t]+(?:[-–—][ \t]+)?(?P<title>\S.*))?$", re.IGNORECASE
)
# Words kept in capitals when a shouted heading is put into sentence case.
ACRONYMS = {
    "AOB",
    "ASYE",
    "CCG",
    "CEO",
    "CIL",
    "COVID",
    "DBS",
    "GDPR",
    "HR",
    "ICT",
    "IT",
    "LSCB",
    "NHS",
    "OFSTED",
    "SEND",
    "SEN",
    "UK",
    "WSCB",
    "CCTV",
    "VAT",
    "MP",
    "GP",
    "ICB",
    "PCC",
    "AGM",
    "EU",
    "RBL",
}
MONTH_WORDS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


@dataclass(frozen=True)
class Heading:
    """Where an item starts: its line index, number, title and the index its text starts at."""

    index: int
    number: str
    title: str
    body_start: int


def number_key(number: str) -> tuple[int, ...]:
    """Item numbers in published order: 21.44 < 21.45, Cou/284 < Cou/285; 1 after 5 is a list, not an item."""
    digits = re.findall(r"\d+", number)
    if "/" in number:
        digits = digits[:1]
    return tuple(int(d) for d in digits)


def find_headings(lines: list[SourceLine], proper_names: tuple[str, ...] = ()) -> list[Heading]:
    """Every line that opens an item; numbers only ever go up, so numbered lists inside items stay text."""
    headings: list[Heading] = []
    last: tuple[int, ...] = ()
    index = 0
    while index < len(lines):
        text = plain(lines[index].text)
        match = HEADING.match(text) if text and not lines[index].text.startswith((" ", "\t")) else None
        if match:
            number = match["number"]
            title = (match["title"] or "").strip()
            body_start = index + 1
            if not title:
                following = _next_text(lines, index + 1)
                if following is not None and _title_like(plain(lines[following].text)):
                    title, body_start = plain(lines[following].text), following + 1
            key = number_key(number)
            if title and _title_like(title) and key and (not headings or key > last) and _plausible(number):
                headings.append(Heading(index, number, sentence_case(title, proper_names), body_start))
                last = key
                index = body_start
                continue
        index += 1
    return headings


def _plausible(number: str) -> bool:
    # "2018" alone is a year, "19" in "19:00" is not a number here; letters-only prefixes must look like minute refs
    return not re.fullmatch(r"(?:19|20)\d\d", number)


def _next_text(lines: list[SourceLine], start: int) -> int | None:
    for index in range(start, min(start + 3, len(lines))):
        if plain(lines[index].text):
            return index
    return None


def _title_like(title: str) -> bool:
    """A heading, not a sentence: starts with a capital, is short or shouted, and is not a question."""
    title = title.strip()
    if not title or not (title[0].isupper() or title[0].isdigit()) or title.endswith("?"):
        return False
    letters = [char for char in title if char.isalpha()]
    shouted = bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.7
    return shouted or (len(title.split()) <= 12 and not title.endswith((".", ",", ";")))


def sentence_case(title: str, proper_names: tuple[str, ...] = ()) -> str:
    """ "MINUTES OF PREVIOUS MEETING – 27th SEPTEMBER 2018" -> "Minutes of previous meeting – 27th September 2018".

    Only shouted headings change; a word already in mixed case ("DfE") or a known
    acronym keeps its capitals. Titles written in ordinary case are left alone.
    """
    title = re.sub(r"[\s:]+$", "", title.strip())
    letters = [char for char in title if char.isalpha()]
    if not letters or sum(char.isupper() for char in letters) / len(letters) <= 0.7:
        return title
    words = []
    for position, word in enumerate(re.split(r"(\s+)", title)):
        core = re.sub(r"[^A-Za-z]", "", word)
        if (
            not core
            or word.isspace()
            or core.upper() in ACRONYMS
            or (any(c.islower() for c in core) and any(c.isupper() for c in core[1:]))
        ):
            words.append(word)
        elif core.lower() in MONTH_WORDS:
            words.append(word[:1].upper() + word[1:].lower())
        else:
            words.append(word.lower())
    text = "".join(words)
    first = next((i for i, c in enumerate(text) if c.isalpha()), None)
    text = text if first is None else text[:first] + text[first].upper() + text[first + 1 :]
    return _restore_names(text, proper_names)


def _restore_names(text: str, proper_names: tuple[str, ...]) -> str:
    """Give back the capitals of known names, and of two or more of their words in a row ("Improvement Board")."""
    for name in sorted(proper_names, key=len, reverse=True):
        words = name.split()
        for size in range(len(words), 1, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", phrase, text, flags=re.IGNORECASE)
    return text
