"""One entry of an attendance list -> an attendee: the name as written, role, note, initials, and which list.

Entries come run together ("Councillors D Richardson (Chair) N Cresswell, M Armstrong and P Moran"),
in columns, or as officials listed by post with their names in brackets ("Director of Services (Ms C.
Curley)"). Each name keeps its role ("(Chair)", "[Headteacher]", "— Secretary") and notes ("(arrived at
7.01pm)"); an observer, a guest or the clerk listed with the members is put in attendance, as is a
councillor of another council.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import columns
from .nameshape import HONORIFIC, looks_like_name, strip_honorific
from .posts import DEFAULT_POSTS, Posts

PUBLIC = re.compile(
    r"\b(?:members?|representatives?)\s+of\s+the\s+(?:public|press|media)\b|\b(?:press|public)\b", re.IGNORECASE
)
NOTHING = re.compile(r"^(?:none|nil|n/?a|no\s+apologies.*|there\s+were\s+(?:no|none).*|-)\.?$", re.IGNORECASE)
NOTE = re.compile(
    r"\b(?:arrived|left|leaving|departed|joined|from\s+(?:item|minute)|until|for\s+(?:items?|minutes?)|except|part"
    r"|via|remotely|virtual|online|late|teleconference|video|phone|zoom)\b",
    re.IGNORECASE,
)
SUB_NOTE = re.compile(r"^(?:as\s+)?(?:substitut(?:e|ing)|sub|deputy|deputising)\s+for\s+(?P<for>.+)$", re.IGNORECASE)
SUBSTITUTES = re.compile(
    r"^(?P<subs>.+?)\s+(?:attended|was\s+present|were\s+present)(?:\s+the\s+meeting)?\s+as\s+(?:an?\s+)?"
    r"(?:substitutes?|deputies|deputy)\s+for\s+(?P<for>.+?)(?:\s*,?\s*respectively)?\.?$",
    re.IGNORECASE,
)
# "Cllrs Evans, Shewell", "Members Hage, Jerdonek" (a US committee), "Commissioners Lee and Ortiz": each person's title.
PLURAL_TITLE = re.compile(
    r"^(?P<title>councillors|cllrs\.?|governors|trustees|directors|(?:council\s*)?members|commissioners|supervisors"
    r"|selectmen|aldermen)\s+(?=[A-Z])",
    re.IGNORECASE,
)
# A role that puts someone listed with the members among those in attendance.
ATTENDING_ROLE = re.compile(
    r"\b(?:observer|observing|guest|visitor|invited|clerk|minute|note\s*taker|officer|adviser|advisor|in\s+attendance"
    r"|presenting|presenter|speaker|staff|non-member|(?:county|district|borough|city|unitary)\s+councillor"
    # the body's staff, written as their post: "Town Manager", "Finance Director", "Executive Secretary", "Fire Chief"
    r"|manager|superintendent|administrator|(?:\w+\s+)?chief(?!\s+executive)|executive\s+(?:secretary|assistant)"
    r"|(?:finance|planning|health|town|city|county|interim)\s+(?:\w+\s+)?director)\b",
    re.IGNORECASE,
)
# The last word of a post written before a person's name ("Town Manager Ann Dole", "V. Chairman Tom Ash").
POST_NOUN = re.compile(
    r"^(?:manager|director|secretary|chairman|chairwoman|chairperson|chair|selectman|selectwoman|chief|superintendent"
    r"|treasurer|clerk|officer|administrator|president|senator|representative|supervisor|trustee|mayor|commissioner"
    r"|councilman|councilwoman|engineer|attorney|planner|assessor|auditor|coordinator|principal|headteacher)$",
    re.IGNORECASE,
)
# A councillor of another council (county, district, borough) attends a parish or community council; not a member.
OTHER_COUNCIL = re.compile(r"\b(?:county|district|borough|city|unitary)\s+(?:councillor|cllr)", re.IGNORECASE)
INITIALS_BRACKET = re.compile(r"^[A-Z][A-Za-z]{0,1}[A-Z]{0,3}$")


@dataclass(frozen=True)
class Attendee:
    """A person in an attendance list, as written, with role, note, initials and the list they belong in."""

    written: str
    role: str
    note: str
    line: int
    kind: str = "present"
    initials: str = ""


@dataclass(frozen=True)
class Substitute:
    """Someone who attended in a member's place, both as written."""

    person: str
    replaces: str
    line: int


def read_names(text: str, kind: str, line: int, posts: Posts = DEFAULT_POSTS) -> list[Attendee]:
    """The people named in ``text`` (a list run together), as attendees of ``kind``; what is not a name is left."""
    if NOTHING.match(text.strip()):
        return []
    found = []
    for entry, group in split_entries(text):
        attendee = parse_entry(entry, kind, line, posts, allow_single=True, group=group)
        if attendee is not None:
            found.append(attendee)
    return found


def split_entries(text: str, many: bool = True) -> list[tuple[str, bool]]:
    """One line or paragraph of a block -> (entry, whether it came in a titled group such as "Councillors A, B and C").

    Wide gaps (columns of a PDF, tabs) separate entries first; a lone dash
    between columns joins a name to its organisation. Within a column, commas,
    semicolons and "and" separate people outside brackets. Officials listed by post with
    their names in brackets ("Director of Services (Ms C. Curley), Meetings Administrator
    (Mr J. Clune)") are one person a bracket, the post before it their role.
    """
    held = [m for m in re.finditer(r"\(([^()]*)\)", text) if bracketed_name(m.group(0))]
    if len(held) >= 2:
        out: list[tuple[str, bool]] = []
        start = 0
        for match in held:
            role = text[start : match.start()].strip(" ,;.")
            out.append((f"{match[1].strip()} - {role}" if role else match[1].strip(), False))
            start = match.end()
        tail = text[start:].strip(" ,;.")
        return out + (split_entries(tail, many) if tail else [])
    pieces = columns(text)
    merged: list[str] = []
    for piece in pieces:
        if merged and (piece in ("-", "–", "—") or merged[-1].endswith((" -", " –", " —", "-", "–"))):
            merged[-1] = f"{merged[-1].rstrip(' -–—')} - {piece}" if piece not in ("-", "–", "—") else merged[-1] + " -"
            continue
        merged.append(piece)
    out = []
    for piece in merged:
        piece = piece.strip().rstrip(".").strip()
        if not piece:
            continue
        plural = PLURAL_TITLE.match(piece)
        body = piece[plural.end() :] if plural else piece
        body = re.sub(r"(\)|\])\s+(?=[A-Z][\w'’.-]*\s)", r"\1, ", body)  # "D Richardson (Chair) N Cresswell"
        body = re.sub(r",\s*(?=\()", " ", body)  # "Director of Services, (Ms C. Curley)": the post and its holder
        parts = [part.strip() for part in _split_top_level(body) if part.strip()] if many or "," in body else [body]
        # A piece that is not a name ("Clerk", "Head of Practice Improvement") says who the name before it is.
        kept: list[str] = []
        for part in parts:
            after_name = bool(kept) and _plausible_part(kept[-1])
            bare_post = bool(DEFAULT_POSTS.post(part)) and not re.match(r"^(?:the|our)\s", part, re.IGNORECASE)
            if after_name and (bare_post or (not _plausible_part(part) and _role_like(part))):
                kept[-1] = f"{kept[-1]}, {part}"
            else:
                kept.append(part)
        title = _singular(plural["title"]) if plural else ""
        for part in kept:
            if title and not HONORIFIC.match(part) and not DEFAULT_POSTS.post(part):
                part = f"{title} {part}"
            out.append((part, bool(plural)))
    return out


def post_before_name(text: str) -> tuple[str, str] | None:
    """ "Town Manager Ann Dole" -> ("Town Manager", "Ann Dole"), "Clerk of the Council Ada Finn" -> ("Clerk of the
    Council", "Ada Finn"): a post in capitals written before a full name (a surname alone keeps its post as a title)."""
    words = text.split()
    for size in range(len(words) - 2, 0, -1):  # the longest post first: "Superintendent of Public Works Gil Moor"
        post, rest = words[:size], words[size:]
        first = re.sub(r"[^A-Za-z]", "", rest[0])
        if len(first) < 2 or POST_NOUN.match(first):
            continue  # "Superintendent E. O'Neill": a post before initials is the person's title, as "Mr" is
        if _post_words(post) and looks_like_name(" ".join(rest)):
            return " ".join(post), " ".join(rest)
    return None


def _post_words(words: list[str]) -> bool:
    """Capitalised words ending in a post ("V. Chairman", "Finance Director"), perhaps "of (the) Public Works"."""
    head, tail = (words[: words.index("of")], words[words.index("of") + 1 :]) if "of" in words else (words, [])
    if tail and tail[0] == "the":
        tail = tail[1:]
    if "of" in words and not tail:
        return False
    capitalised = all(word[:1].isupper() for word in head + tail)
    return capitalised and 1 <= len(head) <= 4 and len(tail) <= 3 and bool(POST_NOUN.match(head[-1].strip(".,")))


def _role_like(part: str) -> bool:
    """A short phrase in words that can stand after a name as what the person is ("Clerk", "County Councillor")."""
    return len(part.split()) <= 6 and not re.search(r"[\d@:;]", part) and not PUBLIC.search(part)


def _singular(title: str) -> str:
    title = title.lower().rstrip(".")
    singular = {"councillors": "Cllr", "cllrs": "Cllr", "members": "Member", "council members": "Council Member"}
    singular |= {"councilmembers": "Councilmember", "commissioners": "Commissioner", "supervisors": "Supervisor"}
    singular |= {"selectmen": "Selectman", "aldermen": "Alderman"}
    return singular.get(re.sub(r"\s+", " ", title), "")


def _plausible_part(part: str) -> bool:
    core = strip_brackets(re.split(r"\s+[-–—]\s+|:\s", part)[0])
    return (
        looks_like_name(core, allow_single=True)
        or post_before_name(core) is not None
        or bool(PUBLIC.search(part))
        or bool(DEFAULT_POSTS.leading(core))
        or bracketed_name(part) is not None
        or bool(re.match(r"^(?:the|our)\s", part, re.IGNORECASE) and DEFAULT_POSTS.post(part))
    )


def bracketed_name(part: str) -> str | None:
    """ "Director of Services (Ms C. Curley)": the titled name in brackets after someone's post."""
    for bracket in re.findall(r"\(([^)]*)\)", part):
        bracket = str(bracket)
        honorific, _name = strip_honorific(bracket.strip())
        if honorific and looks_like_name(bracket.strip()):
            return bracket.strip()
    return None


def _split_top_level(text: str) -> list[str]:
    """Split on commas, semicolons and " and "/" & " outside brackets."""
    parts, depth, current = [], 0, ""
    for token in re.split(r"(\(|\)|\[|\]|,|;|\s+and\s+|\s+&\s+|\s+(?:together|along)\s+with\s+)", text):
        if token in ("(", "["):
            depth += 1
        elif token in (")", "]"):
            depth = max(0, depth - 1)
        separator = token in (",", ";") or re.fullmatch(r"\s+(?:and|&|(?:together|along)\s+with)\s+", token or "")
        if depth == 0 and token is not None and separator:
            parts.append(current)
            current = ""
        else:
            current += token or ""
    parts.append(current)
    return parts


def strip_brackets(text: str) -> str:
    return re.sub(r"\s*(?:\([^)]*\)|\[[^\]]*\])", "", text).strip()


def parse_entry(
    entry: str,
    kind: str,
    line: int,
    posts: Posts = DEFAULT_POSTS,
    allow_single: bool = False,
    group: bool = False,
) -> Attendee | None:
    """One entry -> an attendee (name as written, role, note, initials, list), or None when it is not a name."""
    entry = re.sub(r"~~", "", entry)
    handles = re.findall(r"@[\w-]+", entry)
    entry = re.sub(r"\s*@[\w-]+", "", entry).strip().strip("-–—*").strip()
    roles: list[str] = []
    notes: list[str] = list(handles)  # "@jasnell": kept beside the name, so the text can be read
    initials = ""
    for bracket in re.findall(r"[(\[]([^)\]]*)[)\]]", entry):
        content = bracket.strip()
        if not content or SUB_NOTE.match(content):
            continue
        if INITIALS_BRACKET.match(content) and not posts.post(content):
            initials = content
        elif NOTE.search(content):
            notes.append(content)
        else:
            roles.append(content)
    name = re.sub(r"\b([A-Z])\.(?=[A-Z][a-z])", r"\1. ", strip_brackets(entry))  # "P.Markwell"
    held = bracketed_name(entry) if not looks_like_name(name, allow_single) else None
    if held:
        roles = [part for part in roles if part != held] + [name]
        name = held
    written_post = post_before_name(name)
    if written_post:
        roles.insert(0, written_post[0])
        name = written_post[1]
    if not looks_like_name(name, allow_single):
        for separator in (r"\s+[-–—]+\s+", r"\s*:\s+", r",\s+", r"\s+[-–—]+(?=\s*$)"):
            pieces = re.split(separator, name, maxsplit=1)
            if len(pieces) == 2 and looks_like_name(pieces[0].strip(), allow_single):
                name = pieces[0].strip()
                if pieces[1].strip():
                    roles.append(pieces[1].strip())
                break
    if not looks_like_name(name, allow_single):
        leading = posts.leading(name)
        if leading and looks_like_name(leading[1], allow_single=True):
            roles.insert(0, leading[0])
            name = leading[1]
        elif posts.post(name):
            return Attendee(posts.post(name) or name, "", "; ".join(notes), line, _kind_for(kind, [name]), initials)
        else:
            return None
    return Attendee(name, ", ".join(roles), "; ".join(notes), line, _kind_for(kind, roles, name), initials)


def _kind_for(kind: str, roles: list[str], name: str = "") -> str:
    honorific = strip_honorific(name)[0]
    if kind == "present" and (any(ATTENDING_ROLE.search(role) for role in roles) or OTHER_COUNCIL.search(honorific)):
        return "in_attendance"
    return kind


def parse_substitutes(text: str, line: int) -> list[Substitute]:
    """ "Cllrs A and B attended as substitutes for Cllrs C and D" -> pairs, in order."""
    match = SUBSTITUTES.match(text.strip())
    if not match:
        return []
    subs = [entry for entry, _group in split_entries(match["subs"])]
    replaced = [entry for entry, _group in split_entries(match["for"])]
    if len(subs) != len(replaced):
        return []
    return [Substitute(strip_brackets(a), strip_brackets(b), line) for a, b in zip(subs, replaced)]
