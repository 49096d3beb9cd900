"""Plain words for what pages show: a long text cut short with care, counts and lengths of time.

A link to an action or decision reads as its words, not its id; where the words are long, the link
holds their start, cut at a word (at a clause where one ends near the limit) and marked with an
ellipsis, and the page it leads to has them whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ELLIPSIS = "…"
# Where a cut reads naturally: after a clause's punctuation (not a colon, which promises what follows).
_CLAUSE_END = re.compile(r"[;,.)—–](?=\s)")
_SPACE = re.compile(r"\s+")


def short_words(text: str, limit: int = 100) -> str:
    """``text`` on one line, whole if it is at most ``limit`` characters, else its start cut at a word.

    A clause ending close to the limit (in its last sixth) is preferred to a bare word break, so a
    shortened link reads "… be endorsed for consultation…" rather than stopping after "the".
    """
    words = _SPACE.sub(" ", text).strip()
    if len(words) <= limit:
        return words
    head = words[: limit + 1]
    cut = head.rfind(" ")
    if cut <= 0:  # one long word (an address, say): cut it
        return words[:limit].rstrip() + ELLIPSIS
    clauses = [match.end() for match in _CLAUSE_END.finditer(head) if match.end() >= limit * 5 // 6]
    if clauses:
        cut = clauses[-1]
    return words[:cut].rstrip(" ,;:.—–(").rstrip() + ELLIPSIS


def counted(number: int, singular: str, plural: str = "") -> str:
    """``1 meeting``, ``2 meetings``; ``plural`` where adding an "s" is wrong (person, people)."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def duration(days: int) -> str:
    """A length of time as people say it: ``1 day``, ``3 weeks``, ``5 months``, ``8 years``."""
    if days < 14:
        return counted(days, "day")
    if days < 61:
        return counted(round(days / 7), "week")
    if days < 730:
        return counted(round(days / 30.44), "month")
    return counted(int(days / 365.25), "year")


def template_filters() -> dict[str, Callable[..., str]]:
    """The filters templates write these with."""
    return {"short_words": short_words, "counted": counted, "duration": duration}
