"""Whether a piece of text is a person's name: its shape, honorifics and capitals, with nameparser and probablepeople.

Attendance lists and action owners mix people with headings, phrases, posts and
organisations ("Register of Interests", "Berwickshire Swap", "the Clerk"). A
name is judged by its shape (two to four capitalised words or initials, or a
titled surname such as "Cllr Yarwood"), with nameparser splitting off titles
and letters after the name, and probablepeople's trained model (shipped in
the package, nothing downloaded) saying whether it reads as a person or an
organisation. Only a name that passes every test is added to people.yml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nameparser import HumanName

HONORIFICS = (
    "county councillor",
    "district councillor",
    "borough councillor",
    "city councillor",
    "county cllr",
    "district cllr",
    "councillors",
    "councillor",
    "cllrs",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "rev",
    "revd",
    "reverend",
    "canon",
    "father",
    "sir",
    "dame",
    "lord",
    "lady",
    "alderman",
    "council member",
    "councilmember",
    "member",
    "commissioner",
    "supervisor",
    "selectman",
    "senator",
)
HONORIFIC = re.compile(r"^(?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")\.?(?=\s|$)\s*", re.IGNORECASE)
LETTERS_AFTER = re.compile(r"(?:,?\s+(?:MSP|MP|MS|AM|MEP|MLA|TD|OBE|MBE|CBE|JP|QC|KC|DL|FRS|PhD|BEM))+$")
PARTICLES = {"de", "van", "von", "der", "den", "da", "du", "le", "la", "di", "del", "dos", "bin", "ap", "ter"}
NAME_WORD = re.compile(
    r"^(?:[A-Z]\.?|[A-Z]\.[A-Z]\.?|(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ'’]+(?:[A-Z][a-zà-ÿ'’]+)*"
    r"(?:-[A-Z][a-zà-ÿ'’]+)*|[A-Z][A-Z'’\-]{1,}|[A-Z][a-z]+[A-Z][a-z]+)$"
)
# Words that mark a heading, a phrase or an organisation, never a person's name.
NOT_NAME_WORDS = {
    word.lower()
    for word in (
        "Minutes Meeting Meetings Item Items Agenda Apologies Apology Present Absent Attendance Attendees Report "
        "Reports Council Councils Committee Board Club Society Association Trust School Schools Group Centre "
        "Ltd Limited Inc Foundation Office Officers Members Member Public Press Business Matters Arising "
        "Finance Planning Correspondence Register Interests Interest Declarations Date Next Any Other None Nil All "
        "Chair Vice Clerk Treasurer Secretary Action Actions Resolved Agreed Decision Decisions Motion Update "
        "Updates Review Notes Welcome Introductions Close Closing Opening Remarks Summary Total Balance Account "
        "Accounts Budget Policy Plan Road Roads Street Village Town City County District Borough Parish "
        "Community Government Department Service Services University College Partnership Forum Project Programme "
        "The And Of For With From To In On At By Via Team Staff Everyone Nobody Somebody Someone Swap Show Event "
        "Events Library Fund Funds Grant Sponsorship Membership Website Online Zoom Teams Google "
        "Meet Call Quorum Vote Votes Proxy Proxies Observer Observers Guests Guest Visitors Invited Also Others "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
        "August September October November December Welsh English Scottish Irish Health Care Police Fire "
        "Highways Transport Housing Education Children Youth Parents Friends PTA PFA AGM AOB UHB NHS"
    ).split()
}


def strip_honorific(text: str) -> tuple[str, str]:
    """ "Cllr Mrs B Abbott" -> ("Cllr Mrs", "B Abbott"); letters after the name ("MSP") go too."""
    text = LETTERS_AFTER.sub("", text.strip().rstrip(".,;:"))
    honorifics = []
    while True:
        match = HONORIFIC.match(text)
        if not match or not text[match.end() :].strip():
            break
        honorifics.append(match.group(0).strip())
        text = text[match.end() :]
    return " ".join(honorifics), text.strip()


def looks_like_name(text: str, allow_single: bool = False) -> bool:
    """Whether ``text`` has the shape of a person's name ("Cllr Mrs B Abbott", "Danny O'Neill", "Hooper")."""
    text = re.sub(r"\s+", " ", text.strip().rstrip(".,;:"))
    if not text or len(text) > 60 or re.search(r"[\d@#/&|=<>{}\[\]()\"“”:;!?]", text):
        return False
    honorific, name = strip_honorific(text)
    words = [word for word in name.split() if word.lower() not in PARTICLES]
    if not words or len(words) > 4:
        return False
    if any(word.lower().strip(".'’") in NOT_NAME_WORDS for word in words):
        return False
    if len(words) == 1 and not (honorific or allow_single):
        return False
    if len(words) == 1 and not honorific and not re.fullmatch(r"[A-Z][a-zà-ÿ'’]+(?:[A-Z-][a-zà-ÿ'’]+)*", words[0]):
        return False  # a lone word must be a capitalised name ("Hooper"), not "EDC" or "B"
    if all(re.fullmatch(r"[A-Z]\.?", word) for word in words):
        return False  # "A B" is initials with no name
    return all(NAME_WORD.match(word) for word in words)


def is_initials(text: str) -> bool:
    """ "TS", "AWa", "Cllr CH": initials standing for someone named in full elsewhere."""
    _honorific, name = strip_honorific(text)
    return bool(re.fullmatch(r"[A-Z]{2,4}|[A-Z][A-Z][a-z]", name))


@lru_cache(maxsize=4096)
def reads_as_person(text: str) -> bool:
    """Whether probablepeople's model (or, for a titled surname, nameparser's titles) reads ``text`` as a person."""
    honorific, name = strip_honorific(text)
    if honorific and len(name.split()) == 1:
        return True  # "Cllr Yarwood": the title says it is a person
    try:
        import probablepeople  # type: ignore[import-untyped]  # probablepeople ships no type hints

        _parsed, kind = probablepeople.tag(name)
    except Exception:  # noqa: BLE001 - probablepeople raises RepeatedLabelError and others on odd strings
        return False
    if kind in ("Person", "Household"):
        return True
    parsed = HumanName(name)
    return bool(parsed.first and parsed.last and not parsed.title and len(name.split()) <= 3 and kind != "Corporation")


@lru_cache(maxsize=4096)
def is_given_name(word: str) -> bool:
    """Whether probablepeople's model reads one capitalised word as a first name ("Pete", "Lamar"), not a surname
    or an organisation ("Glazewing", "Highways")."""
    if (
        not re.fullmatch(r"[A-Z][a-z]{2,}", word)
        or word.lower() in NOT_NAME_WORDS
        or re.search(r"(?:ing|ed|ly)$", word)
    ):
        return False
    try:
        import probablepeople

        parsed, kind = probablepeople.tag(word)
    except Exception:  # noqa: BLE001 - probablepeople raises RepeatedLabelError and others on odd strings
        return False
    return kind == "Person" and list(parsed) == ["GivenName"]


def person_name(text: str) -> bool:
    """A name safe to add to people.yml: the shape of a name, and read as a person, not a post or a phrase."""
    from .posts import DEFAULT_POSTS

    text = text.strip()
    if DEFAULT_POSTS.post(text) or DEFAULT_POSTS.post(strip_honorific(text)[1]):
        return False
    return looks_like_name(text) and reads_as_person(text)
