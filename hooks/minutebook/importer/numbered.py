"""Items that minutes number, found by their numbers climbing in small steps.

Each line that opens with a number in one of the schemes of itemnumbers.py is a candidate; the
longest run of one scheme whose numbers climb in small steps is the items. A stray line ("10 June
2020", "701.03") can only ever be one more item, never swallow the rest. Numbers indented under
others are a list inside an item, a scheme of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agenda import agenda_lines
from .headings import Heading
from .itemnumbers import NUMBERED, TRAILING_CODE, letter_key, number_key, scheme_of
from .lines import Line
from .titles import MONTH_WORDS, shouted, title_like
from .when import MONTHS


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


def numbered_headings(lines: list[Line], start: int) -> list[Heading]:
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


def _candidate(lines: list[Line], index: int) -> _Candidate | None:
    line = lines[index]
    numbered_cell = bool(line.cells) and bool(re.fullmatch(r"[\w/.()-]{1,15}[.:)]?", line.cells[0]))
    if line.blank or line.furniture or line.indent > 4 or line.depth > 0 or (line.cells and not numbered_cell):
        return None
    match = NUMBERED.match(line.text)
    if not match:
        trailing = TRAILING_CODE.match(line.text.strip())
        if trailing is None or not title_like(trailing["title"]):
            return None
        number, title = trailing["letter"], trailing["title"].strip()
        return _Candidate(index, number, "letter", letter_key(number), title, index + 1, shouted(title))
    number, title = " ".join(match["number"].split()), match["title"].strip()
    if match["roman"] and not (title and match["mark"] in (".", ")")):
        return None
    body_start = index + 1
    if not title:
        following = next((i for i in range(index + 1, min(index + 3, len(lines))) if not lines[i].blank), None)
        if following is None or lines[following].cells or not title_like(lines[following].text):
            return None
        title, body_start = lines[following].text.strip(), following + 1
    full = title
    title = _title_of_run_on(title)
    if not title and (index == 0 or lines[index - 1].blank) and len(full.split()) > 14:
        # "2. The initial draft of the remit … was ratified and …": a numbered paragraph; its opening words name it
        title = " ".join(full.split()[:12])
    paragraph = index == 0 or lines[index - 1].blank
    # "6. There was some discussion on whether …  The consensus was …": a numbered paragraph named by its first sentence
    opening = paragraph and len(title.split()) > 14 and title[:1].isupper() and len(full) > len(title)
    if not title or _is_date_or_amount(number, title) or not (title_like(title) or opening):
        return None
    rest = full[len(title) :].lstrip(" .:;–—-") if full.startswith(title) and len(full) > len(title) else ""
    scheme = scheme_of(match)
    key = letter_key(number) if scheme == "letter" else number_key(number)
    return _Candidate(index, number, scheme, key, title, body_start, shouted(title), rest)


# "Election of Chairman It was proposed …", "Chairman's Report Having given …": a title in capitals run into
# a sentence that opens with one of the words sentences open with
TITLE_THEN_SENTENCE = re.compile(
    r"^(?P<head>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|for|the|to|from|on|in|&)){0,7})"
    r"\s+(?=(?:It|There|This|These|The|A|An|No|Having|With|Following|After|We|All|Members|Clerk|Chairman|Chair|He|She"
    r"|They|Councillors)\s+(?!(?:to|of|and|for|the|in|on|at|with|from|by|or)\b)[a-z])"
)
# "Village Hall Lighting a. The contractor …", "Correspondence (a) Newsletters": a sub-item's letter after the title
SUB_ITEM = re.compile(r"\s+(?:\(?[a-h]\)|[a-h]\.)\s+(?=\S)")


LEAD_IN = re.compile(
    r"(?<=\w)\s+(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:received|accepted|noted|given|tendered)(?:\s+(?:from|by|for))?$",
    re.IGNORECASE,
)


def _title_of_run_on(title: str) -> str:
    """The title of a heading that runs into the item's text, or "" when none can be told apart.

    "Police Reports:  None received" -> "Police Reports"; "ACCEPTANCE OF APOLOGIES Apologies were …" ->
    "ACCEPTANCE OF APOLOGIES"; a short line is a title as it stands.
    """
    title = re.sub(r"\s+\[[^\]]*\]$", "", title.strip())
    lettered = SUB_ITEM.search(title)
    if lettered and 1 <= len(title[: lettered.start()].split()) <= 12 and title_like(title[: lettered.start()]):
        return _title_of_run_on(title[: lettered.start()])
    colon = re.match(r"^(?P<head>[^:]{2,80}?)\s*:(?!\d)[-\s]*(?=\S|$)", title)
    # "APPROVING AGENDA:  Moved by Baker.": a heading in capitals before ordinary text is a title too
    if colon and len(colon["head"].split()) <= 12 and (not shouted(title) or not shouted(title[colon.end() :])):
        # "Apologies for absence accepted from: …": the words leading into the list are not the title's
        return _opening_cut(LEAD_IN.sub("", colon["head"]).strip())
    sentence = _first_sentence(title)
    if sentence:
        return _opening_cut(sentence)
    opened = TITLE_THEN_SENTENCE.match(title)
    if opened:
        return opened["head"]
    dashed = re.match(r"^(?P<head>[^–—-]{2,60}?)\s+[-–—]\s+(?P<tail>\S+(?:\s+\S+){3,})$", title)
    if dashed and len(dashed["head"].split()) <= 6 and title_like(dashed["head"]):
        return dashed["head"].strip()  # "Pull Requests - Owen will look at the open pull request"
    capitals = "" if shouted(title) else _shouted_run(title)
    if capitals:
        return capitals
    if title.endswith(";") and ";" not in title[:-1] and len(title.split()) <= 20:
        return title[:-1].strip()  # "Hy Vee, Inc., … 3330 Martin Luther King;": an entry of a list, the whole line
    if len(title.split()) <= 14:
        return title.rstrip(":").strip()
    head = re.match(r"^(?P<head>[^.:;–—]{2,120}?)(?:[.:;]\s|\s[–—-]\s)", title)
    return head["head"].strip() if head and len(head["head"].split()) <= 20 else ""


def _opening_cut(head: str) -> str:
    """A title set apart by a full stop or a colon may still hold the text's opening words ("Tenancy of the
    Allotments The tenancy runs until 1.4.22.", "PLANNING APPLICATIONS The following were discussed:")."""
    opened = TITLE_THEN_SENTENCE.match(head)
    capitals = "" if shouted(head) else _shouted_run(head)
    return opened["head"] if opened else capitals or head


# "Cllr A. Smith", "Mrs. Berry", "St. Mary's", "No. 1", "Inc.": a full stop that ends no sentence
ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|mrs?|ms|dr|prof|cllrs?|rev|revd|st|no|nos|inc|ltd|co|hon|mx|vs?|etc)$", re.IGNORECASE
)


def _first_sentence(title: str) -> str:
    """ "Apologies. District Councillor Colin Sampson …" -> "Apologies"; "… Easton Blvd; New Application" -> the part
    before the semicolon: a short heading that a full stop or a semicolon sets apart from the item's text."""
    for stop in re.finditer(r"(?:\.|;)\s+(?=[A-Z(\"'‘“])", title):
        head = title[: stop.start()].strip()
        if title[stop.start()] == "." and ABBREVIATION.search(head):
            continue
        if 1 <= len(head.split()) <= 12 and title_like(head) and not head.endswith((",", ":")):
            return head
        return ""
    return ""


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
    # "Apologies were …", "On Saturday a …": a word in small letters, or a capital and small letters, opens the text
    ordinary = sum(c.islower() for c in following) > len(following) / 2 or (
        len(following) >= 2 and following[0].isupper() and all(c.islower() for c in following[1:])
    )
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
