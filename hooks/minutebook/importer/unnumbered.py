"""Items found by their layout when minutes do not number them.

Markdown or Word headings and bold lines (the document's own title, the agenda and attendance
headings left out); a bullet outline's top-level bullets (or the titled children of the one
container bullet, such as "Topics"); paragraphs that each open with a short label ("Minutes: …");
short lines standing alone between paragraphs.
"""

from __future__ import annotations

import re

from .agenda import agenda_lines
from .headings import Heading
from .lines import Line
from .titles import TITLE_WORDS, clean_title, dropped_words

# -- headings in Markdown or Word, and bold lines ----------------------------------------------


def marked_headings(lines: list[Line], start: int) -> list[Heading]:

    marks = [
        (i, line.heading or 7)
        for i, line in enumerate(lines)
        if i >= start and (line.heading or (line.bold and len(line.text.split()) <= 14)) and line.text.strip()
    ]
    # A bold line that is a sentence ("Smith called the meeting to order", "The board said they would meet.",
    # "Smith made the following motion:") is the minutes' text set in bold, not a heading.
    marks = [(i, level) for i, level in marks if level < 7 or not _bold_sentence(lines[i].text)]
    if not marks:
        return []
    # The first heading is the document's title when it names the minutes or carries a date.
    first_index, _level = marks[0]
    if _is_document_title(lines[first_index].text):
        marks = marks[1:]
    marks = _after_header(lines, marks)
    marks = [mark for position, mark in enumerate(marks) if not _container(lines, marks, position)]
    kept: list[tuple[int, int]] = []
    skip_below: int | None = None
    for i, level in marks:
        text = lines[i].text.strip()
        if skip_below is not None and level > skip_below:
            continue  # under "## Agenda": the agenda, not the minutes
        skip_below = None
        if re.match(r"^agenda\b", text, re.IGNORECASE) and len(text.split()) <= 3:
            # an agenda lists the items to come; one whose items hold paragraphs of notes is the minutes
            skip_below = None if _holds_minutes(lines, i, level) else level
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
    return [Heading(i, "", clean_title(lines[i].text), i + 1, "heading", dropped_words(lines[i].text)) for i in chosen]


def _holds_minutes(lines: list[Line], index: int, level: int) -> bool:
    """Whether the section under an "Agenda" heading is the minutes: a line of it runs to sentences (15 words)."""
    from .agenda import MINUTES_HEADING

    for line in lines[index + 1 :]:
        if (line.heading and line.heading <= level) or (line.heading and MINUTES_HEADING.match(line.text)):
            return False  # the agenda ends, or the minutes follow it under a heading of their own
        if len(line.text.split()) >= 15 and line.depth < 1 and not line.cells:
            return True
    return False


SENTENCE_VERB = re.compile(
    r"\s(?:called|opened|closed|made|asked|said|stated|moved|seconded|reported|adjourned|welcomed|thanked|explained"
    r"|presented|announced|noted|agreed|decided|voted)\b"
)


def _bold_sentence(text: str) -> bool:
    """A bold line that reads as a sentence: ends with a full stop, or has a verb and is mostly in small letters."""
    text = text.strip().strip("*_").strip()
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    small = sum(word[0].islower() for word in words)
    if text.endswith(".") and len(words) >= 4 and not re.search(r"\b[A-Z][a-z]{0,3}\.$", text):
        return True
    mostly_small = len(words) >= 4 and small * 2 >= len(words)
    return mostly_small and (bool(SENTENCE_VERB.search(text)) or text.endswith(":"))


def _after_header(lines: list[Line], marks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Headings above the attendance list are the document's header (the body, the date, the time, "Minutes"),
    when there are items after it: minutes give their business after saying who was there."""
    from .attendance import block_heading

    first_block = next(
        (i for i in range(marks[0][0] if marks else 0, len(lines)) if block_heading(lines[i].text) is not None), None
    )
    if first_block is None:
        return marks
    after = [mark for mark in marks if mark[0] > first_block]
    before = [mark for mark in marks if mark[0] < first_block]
    if len(after) < 2 or not before or any(_has_text_under(lines, i, first_block) for i, _level in before):
        return marks
    return after


def _has_text_under(lines: list[Line], index: int, end: int) -> bool:
    """Whether a heading has a line of ordinary text under it before the next heading or ``end``."""
    for line in lines[index + 1 : end]:
        if line.blank or line.furniture:
            continue
        return not (line.heading or line.bold)
    return False


def _container(lines: list[Line], marks: list[tuple[int, int]], position: int) -> bool:
    """ "**New Business:**" straight over "**Park Benches**": a label over the items, not an item of its own."""
    index, level = marks[position]
    if position + 1 >= len(marks) or not lines[index].text.rstrip().endswith(":"):
        return False
    following, following_level = marks[position + 1]
    between = [line for line in lines[index + 1 : following] if not line.blank and not line.furniture]
    return not between and following_level >= level


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


# -- a nested outline ----------------------------------------------------------------------------


def outline_headings(lines: list[Line], start: int) -> list[Heading]:
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
        clean = clean_title(title)
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


def labelled_headings(lines: list[Line], start: int) -> list[Heading]:
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
        found.append(Heading(i, "", clean_title(match["title"]), i + 1, "labelled", (match["rest"] or "").strip()))
    return found if len(found) >= 3 else []


# -- short lines standing alone ----------------------------------------------------------------


def standalone_headings(lines: list[Line], start: int) -> list[Heading]:
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
    return [Heading(i, "", clean_title(lines[i].text), i + 1, "standalone") for i in chosen]
