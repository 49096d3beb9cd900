"""Item titles: a heading rather than a sentence, a shouted heading in sentence case, an agenda's time box set aside."""

from __future__ import annotations

import re

from .when import MONTHS

TITLE_WORDS = re.compile(r"\b(?:minutes|notes|meeting|record)\b", re.IGNORECASE)
# Words kept in capitals when a shouted heading is put into sentence case.
ACRONYMS = {
    "AOB",
    "AGM",
    "CCTV",
    "CIL",
    "COVID",
    "DBS",
    "EU",
    "GDPR",
    "GP",
    "HR",
    "ICB",
    "ICT",
    "IT",
    "MP",
    "MSP",
    "NHS",
    "OFSTED",
    "PCC",
    "SEN",
    "SEND",
    "UK",
    "US",
    "VAT",
}
MONTH_WORDS = set(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def shouted(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.7


def title_like(title: str) -> bool:
    """A heading, not a sentence: starts with a capital or a quote, is short or shouted, and is not a question."""
    title = title.strip()
    if not title or not (title[0].isupper() or title[0] in "\"'‘“(") or title.endswith("?"):
        return False
    letters = [char for char in title if char.isalpha()]
    shouted = bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.7
    return shouted or (len(title.split()) <= 14 and not title.endswith((",", ";")))


def dropped_words(text: str) -> str:
    """What clean_title left out of a heading (a time box, presenters), kept as the item's first words."""
    clean = clean_title(text)
    text = text.strip()
    return text[len(clean) :].strip(" :") if text.startswith(clean) and len(text) > len(clean) else ""


def clean_title(text: str) -> str:
    """A heading as a title: no trailing colon, issue links or "[#205]" references."""
    text = re.sub(r"\s*\[?#\d+\]?\s*$|\s+[A-Za-z/-]*#\d+\s*$", "", text.strip())
    # "(Jack, 15 minutes)", "(presentation by Niko)": the agenda's time box or presenters, not the title
    text = re.sub(r"\s*\((?=[^)]*(?:\d\s*(?:min|hour|hr)|\bby\b|,|time\b))[^)]*\)\s*$", "", text, flags=re.IGNORECASE)
    return text.rstrip(":").strip()


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
    for word in re.split(r"(\s+)", title):
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
            for begin in range(len(words) - size + 1):
                phrase = " ".join(words[begin : begin + size])
                text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", phrase, text, flags=re.IGNORECASE)
    return text
