"""Who can own an action: the people the meeting knows (full names, first names, surnames, initials, handles),
its posts, and groups of members ("Councillors", "city staff")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .nameshape import is_given_name, looks_like_name, strip_honorific
from .posts import DEFAULT_POSTS, Posts

CONNECT = r"(?:\s*(?:,|/|&|\band\b|\+)\s*)"
GROUPS = re.compile(
    r"^(?:all\s+)?(?:councillors|members|governors|trustees|directors|officers|senators|volunteers|everyone|all"
    r"|(?:city\s+|council\s+|school\s+)?staff)$",
    re.IGNORECASE,
)
RELATION = re.compile(r"\b(?:his|her|their)\s+(?:wife|husband|partner|son|daughter|colleague)\s+", re.IGNORECASE)


@dataclass
class People:
    """What the meeting knows about who is who: full names, first names, surnames, initials and handles."""

    full: set[str] = field(default_factory=set)
    short: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    posts: Posts = DEFAULT_POSTS

    def add(self, written: str, initials: str = "", handle: str = "") -> None:
        _honorific, name = strip_honorific(written)
        self.full.add(name.lower())
        words = name.split()
        if words:
            self.short.update({words[0].lower(), words[-1].lower()})
            if len(words) > 1:
                self.firsts.add(words[0].lower())
            self.short.add("".join(word[0] for word in words if word[:1].isupper()).lower())
        for extra in (initials, handle):
            if extra:
                self.short.add(extra.lower().lstrip("@"))

    def owner(self, text: str) -> str | None:
        """``text`` as an owner to write (a post in its usual spelling), or None when it is not someone."""
        text = RELATION.sub("", text.strip().strip("*_").rstrip(".,;:")).strip()
        text = re.sub(r"^(?:the|our)\s+", "", text, flags=re.IGNORECASE) if self.posts.post(text) else text
        if not text:
            return None
        shouted = text.isupper() and len(text) > 4
        if shouted:
            text = " ".join(word if len(word) <= 2 else word.capitalize() for word in text.split())
        post = self.posts.post(text)
        if post:
            return post
        if GROUPS.match(text):
            return text[:1].upper() + text[1:]
        if re.fullmatch(r"@[\w-]+", text):
            return text
        honorific, name = strip_honorific(text)
        key = name.lower()
        if key in self.full or (len(name.split()) == 1 and key.lstrip("@") in self.short):
            return text
        if len(name.split()) == 1 and len(key) >= 2 and name[:1].isupper() and name[1:].islower():
            firsts = {first for first in self.firsts if first.startswith(key)}
            if len(firsts) == 1:
                return text  # "Al" for the one Alastair at the meeting
        if re.fullmatch(r"[A-Z]{2,4}|[A-Z][A-Z][a-z]", name) and (key in self.short or honorific):
            return text
        if len(name.split()) >= 2 and looks_like_name(text):
            return text
        if honorific and looks_like_name(text):
            return text
        if is_given_name(name):
            return text  # "Pete will email the dev list": a first name the attendance gave only as a surname
        return None

    def owners(self, text: str) -> list[str] | None:
        """Every owner in "Al and Steven", "CLLR ANDERSON / CLERK", or None if any of them is not someone."""
        text = re.sub(r"\s+", " ", text.strip())
        whole = self.owner(text)
        if whole and not re.search(rf"{CONNECT}", text):
            return [whole]
        parts = [part for part in re.split(CONNECT, text) if part and part.strip()]
        found = [self.owner(part) for part in parts]
        if not parts or any(owner is None for owner in found):
            return None
        return [owner for owner in found if owner]


def known_owner(owner: str, people: People) -> bool:
    """Whether an owner is someone the meeting itself names: one of its people, a post or a group."""
    if owner in set(people.posts.written.values()) or GROUPS.match(owner):
        return True  # the Clerk, the Chair, the staff: posts and groups every meeting has
    _honorific, name = strip_honorific(owner)
    return name.lower() in people.full or name.lower().lstrip("@") in people.short
