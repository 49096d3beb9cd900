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
# "Election of Clerk (B-1)": an agenda's code printed after the title.
TRAILING_CODE = re.compile(r"^(?P<title>[A-Z][^()]{2,100}?)\s*\((?P<letter>[A-Z](?:-\d{1,2})?)\)\s*$")
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


def _letter_key(number: str) -> tuple[int, ...]:
    """ "B-2" -> (2, 2): a lettered item, even when its letter is also a Roman numeral ("C")."""
    letter = re.fullmatch(r"([A-Z])(?:-(\d+))?", number)
    return (ord(letter[1]) - 64, int(letter[2] or 0)) if letter else number_key(number)


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
    for finder in (_labelled, _outline, _standalone):
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
    agenda = agenda_lines(lines)
    for index in range(start, len(lines)):
        candidate = _candidate(lines, index) if index not in agenda else None
        if candidate:
            # Numbers indented under others are a list inside an item, a scheme of their own.
            nested = ">" if lines[index].indent >= 2 else ""
            by_scheme.setdefault(candidate.scheme + nested, []).append(candidate)
    best: list[_Candidate] = []
    for deep in (False, True):
        for scheme, candidates in by_scheme.items():
            if scheme.endswith(">") != deep:
                continue
            chain = _chain(candidates)
            if len(chain) > len(best) or (len(chain) == len(best) and chain and chain[0].index < best[0].index):
                best = chain
        if _enough(lines, best):
            break
        best = []
    if not best:
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


def _enough(lines: list[Line], chain: list[_Candidate]) -> bool:
    """Three numbers in a row are items; one or two when they look like headings, or a lone "1." standing alone."""
    if len(chain) >= 3:
        return True
    if chain and all(c.shouted or lines[c.index].heading or lines[c.index].bold for c in chain):
        return True
    if chain and chain[0].key == (1,) and any(not line.blank for line in lines[chain[-1].index + 1 :]):
        # "1. Home and Social Development" on a line of its own: a short meeting's one or two items
        return all(_alone(lines, c.index) and len(c.title.split()) <= 8 for c in chain)
    return False


def _alone(lines: list[Line], index: int) -> bool:
    return (index == 0 or lines[index - 1].blank) and (index + 1 >= len(lines) or lines[index + 1].blank)


MINUTES_HEADING = re.compile(r"^(?:minutes|notes|discussion|proceedings|actions?|decisions?)\b", re.IGNORECASE)


def agenda_lines(lines: list[Line]) -> set[int]:
    """The lines of an "Agenda" section listing the items to come: the agenda, not the minutes of them."""
    out: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        label = re.fullmatch(
            r"(?:the\s+)?(?:draft\s+)?agenda(?:\s+items|\s+for\s+(?:the\s+)?next\s+meeting)?\s*:?",
            line.text.strip(),
            re.I,
        )
        if not label or not (line.heading or line.bold or (index == 0 or lines[index - 1].blank)):
            index += 1
            continue
        level = line.heading or 7
        index += 1
        while index < len(lines):
            following = lines[index]
            listed = following.depth >= 0 or NUMBERED.match(following.text) or following.indent >= 2
            sub = following.heading and following.heading > level and not MINUTES_HEADING.match(following.text)
            if (following.heading or following.bold) and not sub:
                break
            if not (following.blank or listed or sub or following.furniture):
                break
            out.add(index)
            index += 1
    return out


def _candidate(lines: list[Line], index: int) -> _Candidate | None:
    line = lines[index]
    numbered_cell = bool(line.cells) and bool(re.fullmatch(r"[\w/.()-]{1,15}[.:)]?", line.cells[0]))
    if line.blank or line.furniture or line.indent > 4 or line.depth > 0 or (line.cells and not numbered_cell):
        return None
    match = NUMBERED.match(line.text)
    if not match:
        trailing = TRAILING_CODE.match(line.text.strip())
        if trailing is None or not _title_like(trailing["title"]):
            return None
        number, title = trailing["letter"], trailing["title"].strip()
        return _Candidate(index, number, "letter", _letter_key(number), title, index + 1, _shouted(title))
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
    if not title and (index == 0 or lines[index - 1].blank) and len(full.split()) > 14:
        # "2. The initial draft of the remit … was ratified and …": a numbered paragraph; its opening words name it
        title = " ".join(full.split()[:12])
    if not title or _is_date_or_amount(number, title) or not _title_like(title):
        return None
    rest = full[len(title) :].lstrip(" .:;–—-") if full.startswith(title) and len(full) > len(title) else ""
    scheme = _scheme(match)
    key = _letter_key(number) if scheme == "letter" else number_key(number)
    return _Candidate(index, number, scheme, key, title, body_start, _shouted(title), rest)


def _title_of_run_on(title: str) -> str:
    """The title of a heading that runs into the item's text, or "" when none can be told apart.

    "Police Reports:  None received" -> "Police Reports"; "ACCEPTANCE OF APOLOGIES Apologies were …" ->
    "ACCEPTANCE OF APOLOGIES"; a short line is a title as it stands.
    """
    title = re.sub(r"\s+\[[^\]]*\]$", "", title.strip())
    colon = re.match(r"^(?P<head>[^:]{2,80}?)\s*:(?!\d)[-\s]*(?=\S|$)", title)
    if colon and len(colon["head"].split()) <= 12 and not _shouted(title):
        return colon["head"].strip()
    shouted = "" if _shouted(title) else _shouted_run(title)
    if shouted:
        return shouted
    if len(title.split()) <= 14:
        return title.rstrip(":").strip()
    head = re.match(r"^(?P<head>[^.:;–—]{2,120}?)(?:[.:;]\s|\s[–—-]\s)", title)
    return head["head"].strip() if head and len(head["head"].split()) <= 16 else ""


def _shouted_run(title: str) -> str:
    """The leading words written in capitals, when ordinary text follows them (two words or more)."""
    words = title.split()
    run = 0
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if (letters and not all(c.isupper() for c in letters)) or (run and word in ("-", "–", "—")):
            break  # ordinary text, or the dash between a title and its text ("CMS - ISIS are getting …")
        run += 1
    capitals = [w for w in words[:run] if any(c.isalpha() for c in w)]
    following = [c for c in words[run] if c.isalpha()] if run < len(words) else []
    ordinary = sum(c.islower() for c in following) > len(following) / 2
    if len(capitals) < 2 or not ordinary or len(words) - run < 3:
        return ""
    return " ".join(words[:run]).rstrip(" -–—:.")


def _is_date_or_amount(number: str, title: str) -> bool:
    first = re.sub(r"[^a-z]", "", title.split()[0].lower()) if title.split() else ""
    if first in MONTH_WORDS or first.rstrip("s") in MONTHS or re.match(r"^(?:st|nd|rd|th)\b", title):
        return True  # "10 June 2020", "5th May": a date, not item 10
    if re.match(r"^[\d£$€%]", title) or re.match(r"^(?:am|pm|a\.m|p\.m|hrs|hours|minutes|mins)\b", title):
        return True  # "701.03", "7.30 pm", "12 members"
    return bool(re.fullmatch(r"(?:19|20)\d\d", number))


def _shouted(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) / len(letters) > 0.7


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
        if re.match(r"^(?:links|proxies|observ\w*)\s*:?$", text, re.IGNORECASE) or _lists_people(lines, i):
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
    return [Heading(i, "", _clean_title(lines[i].text), i + 1, "heading", _dropped(lines[i].text)) for i in chosen]


def _lists_people(lines: list[Line], index: int) -> bool:
    """An attendance label ("## Present", "**Apologies**") with names under it: a list, not an item.
    "## Officers" over a vote electing them is an item."""
    from .attendance import block_heading, read_block

    if block_heading(lines[index].text) is None:
        return False
    block = read_block(lines, index)
    following = [line for line in lines[index + 1 : index + 8] if not line.blank][:3]
    return (
        block is None
        or bool(block.attendees or block.public)
        or not following
        or any(block_heading(line.text) is not None for line in following)
    )


def _is_document_title(text: str) -> bool:
    from .when import find_date

    return bool(find_date(text) or (TITLE_WORDS.search(text) and len(text.split()) >= 3))


def _dropped(text: str) -> str:
    """What _clean_title left out of a heading (a time box, presenters), kept as the item's first words."""
    clean = _clean_title(text)
    text = text.strip()
    return text[len(clean) :].strip(" :") if text.startswith(clean) and len(text) > len(clean) else ""


def _clean_title(text: str) -> str:
    """A heading as a title: no trailing colon, issue links or "[#205]" references."""
    text = re.sub(r"\s*\[?#\d+\]?\s*$|\s+[A-Za-z/-]*#\d+\s*$", "", text.strip())
    # "(Jack, 15 minutes)", "(presentation by Niko)": the agenda's time box or presenters, not the title
    text = re.sub(r"\s*\((?=[^)]*(?:\d\s*(?:min|hour|hr)|\bby\b|,|time\b))[^)]*\)\s*$", "", text, flags=re.IGNORECASE)
    return text.rstrip(":").strip()


# -- a nested outline ----------------------------------------------------------------------------


def _outline(lines: list[Line], start: int) -> list[Heading]:
    """Minutes written as one bullet outline: its top-level bullets are the items, or, when one top-level
    bullet holds more children than there are top-level bullets ("Topics" in a list of labels), its children."""
    from .attendance import block_heading

    agenda = agenda_lines(lines)
    tops = [i for i in range(start, len(lines)) if lines[i].depth == 0 and i not in agenda]
    items = [
        i for i in tops if block_heading(lines[i].text) is None and not re.match(r"^[\w ]{1,20}:\s", lines[i].text)
    ]
    best: list[int] = []
    for position, top in enumerate(tops):
        end = tops[position + 1] if position + 1 < len(tops) else len(lines)
        if block_heading(lines[top].text) is not None:
            continue
        children = [i for i in range(top + 1, end) if lines[i].depth == 1 and _title_bullet(lines[i].text)]
        if len(children) > len(best):
            best = children
    if len(best) <= len(items):
        best = items
    if len(best) < 3:
        return []
    headings = []
    for i in best:
        text = lines[i].text.strip()
        title = re.split(r":\s+(?=\S)|:\s*$", re.sub(r"\([^)]*\)", lambda m: "#" * len(m[0]), text), maxsplit=1)[0]
        title = text[: len(title)]
        if len(title.split()) > 14:
            title = text
        rest = text[len(title) :].lstrip(" :")
        clean = _clean_title(title)
        dropped = title[len(clean) :].strip(" :") if title.startswith(clean) else ""
        headings.append(Heading(i, "", clean, i + 1, "outline", " ".join(part for part in (dropped, rest) if part)))
    return headings


def _title_bullet(text: str) -> bool:
    """A bullet that can be an item's title: not a speaker's words ("Mark: …"), a link or a long sentence."""
    from .nameshape import looks_like_name

    text = text.strip()
    if re.match(r"^\S*https?://", text):
        return False
    head = re.match(r"^(?P<head>[^:()]{1,80}?):\s", text)
    if head:
        who = head["head"].strip()
        return not (who.startswith("@") or looks_like_name(who, allow_single=True)) and len(who.split()) <= 14
    return len(text.split()) <= 14


# -- paragraphs that open with a label ------------------------------------------------------------

LABEL_LINE = re.compile(r"^(?P<title>[A-Z][^:.;!?]{1,50}?)\s*:(?:\s+(?P<rest>\S.*))?$")
NOT_ITEM_LABELS = re.compile(
    r"^(?:actions?|action\s+items?|resolved|agreed|decisions?|proposed(?:\s+by)?|moved(?:\s+by)?|seconded(?:\s+by)?"
    r"|votes?|motion|notes?|ai|next\s+steps|date|time|venue|location|place|chair|signed|dated|note|nb|re|subject|from|to)$",
    re.IGNORECASE,
)


def _labelled(lines: list[Line], start: int) -> list[Heading]:
    """Paragraphs that each open with a short label ("Minutes: It was agreed …", "Planning: …"): labels are items."""
    from .attendance import block_heading

    agenda = agenda_lines(lines)
    found = []
    for i in range(start, len(lines)):
        line = lines[i]
        if line.blank or line.furniture or line.depth >= 0 or line.cells or i in agenda:
            continue
        if i > 0 and not lines[i - 1].blank:
            continue
        match = LABEL_LINE.match(line.text.strip())
        if not match or len(match["title"].split()) > 6 or NOT_ITEM_LABELS.match(match["title"].strip()):
            continue
        if block_heading(line.text) is not None or re.search(r"\d", match["title"]):
            continue
        found.append(Heading(i, "", _clean_title(match["title"]), i + 1, "labelled", (match["rest"] or "").strip()))
    return found if len(found) >= 3 else []


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
