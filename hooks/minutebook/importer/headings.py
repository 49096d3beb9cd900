"""Where each agenda item starts, in whatever style the minutes number (or do not number) their items.

Minutes mark items in one of a few ways, and one document keeps to one:
numbers (``2.``, ``19.09.01``, ``21.44``, ``Cou/285/07-08``, ``FGB 20/2021``,
Roman ``IV.``, lettered ``(B-1)``), Markdown or Word headings, bold lines, a
nested outline, or short lines standing alone between paragraphs. The finder
tries each style, keeps the one that fits the document best, and never lets a
stray line ("10 June 2020", "701.03") take over: numbers must climb in small
steps, so a false item can only ever be one more item, never swallow the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line
from .when import MONTHS

NUMBERED = re.compile(
    r"^(?:(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?)?"
    r"(?P<number>"
    r"(?P<prefixed>[A-Z][A-Za-z]{0,5}(?:[ /]|\s?-\s?)?\d{1,5}/\d{2,4}(?:-\d{2,4})?)"
    r"|(?P<coded>\d{2}-\d{3,5}\s+\d{1,3})"
    r"|(?P<decimal>\d{1,4}(?:\.\d{1,3}){0,3})"
    r"|(?P<roman>[IVXLC]{1,7})(?=[.)])"
    r"|\((?P<letter>[A-Z](?:-\d{1,2})?)\)"
    r")"
    r"(?P<mark>[.:)]|\s+[-–—](?=\s)|(?=\s)|$)[ \t]*(?P<title>.*)$"
)
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
SUMMARY_TITLES = re.compile(
    r"^(?:summary\s+of\s+)?(?:actions?(?:\s+(?:points?|list|log|arising|agreed|items?))?|decisions?(?:\s+(?:made|taken|log))?"
    r"|action\s+points|next\s+steps\s+summary)\s*:?$",
    re.IGNORECASE,
)
CONTAINER_TITLES = re.compile(
    r"^(?:agenda|links|setup|attendance|minutes\s+of\s+.*|topics|business)\s*:?$", re.IGNORECASE
)
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


@dataclass(frozen=True)
class Heading:
    """Where an item starts: the line index, the number as printed ("" when none), its title, where its text starts."""

    index: int
    number: str
    title: str
    body_start: int
    style: str = "numbered"  # numbered | heading | outline | standalone | labelled
    rest: str = ""  # text on the heading's line after its title ("1. Apologies. Cllr A sent …"): the item's first words


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
    if re.fullmatch(r"\d{2}-\d{3,5}\s+\d{1,3}", number):
        return (int(number.split()[-1]),)
    digits = re.findall(r"\d+", number)
    if "/" in number:
        digits = digits[:1]
    return tuple(int(d) for d in digits)


def _scheme(match: re.Match[str]) -> str:
    for name in ("prefixed", "coded", "roman", "letter"):
        if match[name]:
            return name
    return f"decimal{match['decimal'].count('.')}"


def find_headings(lines: list[Line], start: int = 0, weak_start: int = 0) -> list[Heading]:
    """Every line from ``start`` on that opens an item, in the style that fits the document best.

    Layout alone (an outline, short lines standing by themselves) is only trusted
    after ``weak_start``: the header and attendance lists are full of short lines.
    """
    for finder in (_numbered, _marked):
        headings = finder(lines, start)
        if headings:
            return headings
    for finder in (_outline, _standalone):
        headings = finder(lines, max(start, weak_start))
        if headings:
            return headings
    return []


def is_summary(title: str) -> bool:
    """A closing "Actions" or "Decisions" list repeats what the items said; it is not an item of its own."""
    return bool(SUMMARY_TITLES.match(title.strip()))


# -- numbered items ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    index: int
    number: str
    scheme: str
    key: tuple[int, ...]
    title: str
    body_start: int
    shouted: bool
    rest: str = ""


def _numbered(lines: list[Line], start: int) -> list[Heading]:
    by_scheme: dict[str, list[_Candidate]] = {}
    for index in range(start, len(lines)):
        candidate = _candidate(lines, index)
        if candidate:
            by_scheme.setdefault(candidate.scheme, []).append(candidate)
    best: list[_Candidate] = []
    for candidates in by_scheme.values():
        chain = _chain(candidates)
        if len(chain) > len(best) or (len(chain) == len(best) and chain and chain[0].index < best[0].index):
            best = chain
    strong = all(c.shouted or lines[c.index].heading or lines[c.index].bold for c in best)
    if len(best) < 3 and not (len(best) in (1, 2) and strong):
        return []
    chosen = list(best)
    if all(c.shouted for c in best):
        # A closing item misnumbered (a list restarting at "3."): taken when it is shouted like every real heading.
        chosen += [
            c
            for c in by_scheme[best[0].scheme]
            if c.index > best[-1].index and c.shouted and c not in chosen and c.key <= best[-1].key
        ]
    chosen.sort(key=lambda c: c.index)
    headings = []
    for position, c in enumerate(chosen):
        end = chosen[position + 1].index if position + 1 < len(chosen) else len(lines)
        body_start = min(c.body_start, end)
        headings.append(Heading(c.index, c.number, c.title, body_start, "numbered", c.rest))
    return headings


def _candidate(lines: list[Line], index: int) -> _Candidate | None:
    line = lines[index]
    numbered_cell = bool(line.cells) and bool(re.fullmatch(r"[\w/.()-]{1,15}[.:)]?", line.cells[0]))
    if line.blank or line.furniture or line.indent > 4 or line.depth > 0 or (line.cells and not numbered_cell):
        return None
    match = NUMBERED.match(line.text)
    if not match:
        return None
    number, title = match["number"], match["title"].strip()
    if match["roman"] and not (title and match["mark"] in (".", ")")):
        return None
    body_start = index + 1
    if not title:
        following = next((i for i in range(index + 1, min(index + 3, len(lines))) if not lines[i].blank), None)
        if following is None or lines[following].cells or not _title_like(lines[following].text):
            return None
        title, body_start = lines[following].text.strip(), following + 1
    full = title
    title = _title_of_run_on(title)
    if not title or _is_date_or_amount(number, title) or not _title_like(title):
        return None
    rest = full[len(title) :].lstrip(" .:;–—-") if full.startswith(title) and len(full) > len(title) else ""
    letters = [c for c in title if c.isalpha()]
    shouted = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7
    return _Candidate(index, number, _scheme(match), number_key(number), title, body_start, shouted, rest)


def _title_of_run_on(title: str) -> str:
    """ "Apologies. Cllr Smith sent apologies" -> "Apologies": a title that runs into the item's text."""
    title = re.sub(r"\s+\[[^\]]*\]$", "", title.strip())
    if len(title.split()) <= 14:
        return title.rstrip(":").strip()
    head = re.match(r"^(?P<head>[^.:;–—]{2,80}?)(?:[.:;]\s|\s[–—-]\s)", title)
    return head["head"].strip() if head and len(head["head"].split()) <= 10 else ""


def _is_date_or_amount(number: str, title: str) -> bool:
    first = re.sub(r"[^a-z]", "", title.split()[0].lower()) if title.split() else ""
    if first in MONTH_WORDS or first.rstrip("s") in MONTHS or re.match(r"^(?:st|nd|rd|th)\b", title):
        return True  # "10 June 2020", "5th May": a date, not item 10
    if re.match(r"^[\d£$€%]", title) or re.match(r"^(?:am|pm|a\.m|p\.m|hrs|hours|minutes|mins)\b", title):
        return True  # "701.03", "7.30 pm", "12 members"
    return bool(re.fullmatch(r"(?:19|20)\d\d", number))


def _title_like(title: str) -> bool:
    """A heading, not a sentence: starts with a capital or a quote, is short or shouted, and is not a question."""
    title = title.strip()
    if not title or not (title[0].isupper() or title[0] in "\"'‘“(") or title.endswith("?"):
        return False
    letters = [char for char in title if char.isalpha()]
    shouted = bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.7
    return shouted or (len(title.split()) <= 14 and not title.endswith((",", ";")))


def _chain(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest run of numbers that climb in small steps (a gap of a few is fine; a leap is a stray line)."""
    best_len = [1] * len(candidates)
    previous = [-1] * len(candidates)
    for j, later in enumerate(candidates):
        for i in range(j):
            if _step(candidates[i].key, later.key) and best_len[i] + 1 > best_len[j]:
                best_len[j], previous[j] = best_len[i] + 1, i
    if not candidates:
        return []
    end = max(range(len(candidates)), key=lambda k: (best_len[k], -k))
    chain = []
    while end >= 0:
        chain.append(candidates[end])
        end = previous[end]
    return chain[::-1]


def _step(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    if after <= before:
        return False
    for a, b in zip(before, after):
        if a != b:
            return 0 < b - a <= 12
    return len(after) > len(before)


# -- headings in Markdown or Word, and bold lines ----------------------------------------------


def _marked(lines: list[Line], start: int) -> list[Heading]:
    from .attendance import block_heading  # attendance labels are headings too, but not items

    marks = [
        (i, line.heading or 7)
        for i, line in enumerate(lines)
        if i >= start and (line.heading or (line.bold and len(line.text.split()) <= 14)) and line.text.strip()
    ]
    if not marks:
        return []
    # The first heading is the document's title when it names the minutes or carries a date.
    first_index, _level = marks[0]
    if _is_document_title(lines[first_index].text):
        marks = marks[1:]
    kept: list[tuple[int, int]] = []
    skip_below: int | None = None
    for i, level in marks:
        text = lines[i].text.strip()
        if skip_below is not None and level > skip_below:
            continue  # under "## Agenda": the agenda, not the minutes
        skip_below = None
        if re.match(r"^agenda\b", text, re.IGNORECASE) and len(text.split()) <= 3:
            skip_below = level
            continue
        if block_heading(text) is not None or re.match(r"^(?:links|proxies|observ\w*)\s*:?$", text, re.IGNORECASE):
            continue
        kept.append((i, level))
    if not kept:
        return []
    counts: dict[int, int] = {}
    for _i, level in kept:
        counts[level] = counts.get(level, 0) + 1
    item_level = max(counts, key=lambda level: (counts[level], level))
    first_item = next(i for i, level in kept if level == item_level)
    chosen = []
    for position, (i, level) in enumerate(kept):
        following = kept[position + 1] if position + 1 < len(kept) else None
        container = following is not None and following[1] > level
        if level == item_level or (level < item_level and i > first_item and not container):
            chosen.append(i)
    if len(chosen) < 2:
        return []
    return [Heading(i, "", _clean_title(lines[i].text), i + 1, "heading") for i in chosen]


def _is_document_title(text: str) -> bool:
    from .when import find_date

    return bool(find_date(text) or (TITLE_WORDS.search(text) and len(text.split()) >= 3))


def _clean_title(text: str) -> str:
    """A heading as a title: no trailing colon, issue links or "[#205]" references."""
    text = re.sub(r"\s*\[?#\d+\]?\s*$|\s+[A-Za-z/-]*#\d+\s*$", "", text.strip())
    return text.rstrip(":").strip()


# -- a nested outline ----------------------------------------------------------------------------


def _outline(lines: list[Line], start: int) -> list[Heading]:
    """Minutes written as one bullet outline: the children of its biggest top-level bullet are the items."""
    from .attendance import block_heading

    tops = [i for i in range(start, len(lines)) if lines[i].depth == 0]
    best: list[int] = []
    for position, top in enumerate(tops):
        end = tops[position + 1] if position + 1 < len(tops) else len(lines)
        if block_heading(lines[top].text) is not None:
            continue
        children = [i for i in range(top + 1, end) if lines[i].depth == 1]
        if len(children) > len(best):
            best = children
    if len(best) < 3:
        return []
    headings = []
    for i in best:
        text = lines[i].text.strip()
        title = re.split(r":\s+(?=\S)|:\s*$", text, maxsplit=1)[0]
        if len(title.split()) > 14:
            title = text
        rest = text[len(title) :].lstrip(" :")
        headings.append(Heading(i, "", _clean_title(title), i + 1, "outline", rest))
    return headings


# -- short lines standing alone ----------------------------------------------------------------


def _standalone(lines: list[Line], start: int) -> list[Heading]:
    from .attendance import block_heading
    from .when import find_date, find_times

    chosen = []
    for i in range(start, len(lines)):
        line = lines[i]
        text = line.text.strip()
        if line.blank or line.furniture or line.depth >= 0 or line.cells or line.indent > 4:
            continue
        before_blank = i == 0 or lines[i - 1].blank
        after = next((j for j in range(i + 1, len(lines)) if not lines[j].furniture), None)
        after_blank = after is None or lines[after].blank
        if not (before_blank and after_blank):
            continue
        if len(text.split()) > 8 or text.endswith((".", ",", ";", ":", "?", "!")) or not text[:1].isalpha():
            continue
        if block_heading(text) is not None or find_date(text) or find_times(text)[0] or TITLE_WORDS.search(text):
            continue
        chosen.append(i)
    if len(chosen) < 2:
        return []
    return [Heading(i, "", _clean_title(lines[i].text), i + 1, "standalone") for i in chosen]


# -- titles ----------------------------------------------------------------------------------------


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
