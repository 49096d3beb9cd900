"""Item numbers as minutes print them, and their order.

``2.``, ``19.09.01``, ``21.44``, ``Cou/285/07-08``, ``FGB 20/2021``, ``22-0073 1.``, Roman ``IV.``, lettered
``(B-1)`` or a code printed after the title ("Election of Clerk (B-1)"). Each number becomes a key that sorts
as the minutes count: 21.44 < 21.45, Cou/284 < Cou/285, IV < V; a US council's roll-call numbers ("22-0073 1.",
then "22-0076" for an item without a number of its own) count by the roll call.
"""

from __future__ import annotations

import re

NUMBERED = re.compile(
    r"^(?:(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?)?"
    r"(?P<number>"
    r"(?P<prefixed>[A-Z][A-Za-z]{0,5}(?:[ /]|\s?-\s?)?\d{1,5}/\d{2,4}(?:-\d{2,4})?)"
    r"|(?P<coded>\d{2}-\d{3,5}(?:\s+\d{1,3}(?=[.:)]))?)"
    r"|(?P<decimal>\d{1,4}(?:\.\d{1,3}){0,3})"
    r"|(?P<roman>[IVXLC]{1,7})(?=[.)])"
    r"|\((?P<letter>[A-Z](?:-\d{1,2})?)\)"
    r")"
    r"(?P<mark>[.:)]|\s+[-–—](?=\s)|(?=\s)|$)[ \t]*(?P<title>.*)$"
)
# "Election of Clerk (B-1)": an agenda's code printed after the title.
TRAILING_CODE = re.compile(r"^(?P<title>[A-Z][^()]{2,100}?)\s*\((?P<letter>[A-Z](?:-\d{1,2})?)\)\s*$")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int:
    total = 0
    for char, following in zip(text, text[1:] + " "):
        value = ROMAN[char]
        total += -value if following in ROMAN and ROMAN[following] > value else value
    return total


def number_key(number: str) -> tuple[int, ...]:
    """An item number as a sortable key: 21.44 < 21.45, Cou/284 < Cou/285, IV < V."""
    if re.fullmatch(r"[IVXLC]+", number):
        return (roman_value(number),)
    letter = re.fullmatch(r"([A-Z])(?:-(\d+))?", number)
    if letter:
        return (ord(letter[1]) - 64, int(letter[2] or 0))
    digits = re.findall(r"\d+", number)
    if "/" in number:
        digits = digits[:1]
    return tuple(int(d) for d in digits)


def letter_key(number: str) -> tuple[int, ...]:
    """ "B-2" -> (2, 2): a lettered item, even when its letter is also a Roman numeral ("C")."""
    letter = re.fullmatch(r"([A-Z])(?:-(\d+))?", number)
    return (ord(letter[1]) - 64, int(letter[2] or 0)) if letter else number_key(number)


def scheme_of(match: re.Match[str]) -> str:
    for name in ("prefixed", "coded", "roman", "letter"):
        if match[name]:
            return name
    return f"decimal{match['decimal'].count('.')}"
