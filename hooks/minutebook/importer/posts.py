"""Posts: offices such as Clerk, Chair or Head teacher, named in minutes instead of (or beside) a person.

"The Clerk to write" gives an action to a post, not to a person called Clerk;
"Clerk J Connelly" is a person holding that post. The import recognises the
common posts of councils, schools, charities and boards, and the posts a body
names in bodies.yml, and writes them as posts: it never invents a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Common posts, as they are usually written; the first spelling is the one written into meeting files.
COMMON_POSTS: tuple[tuple[str, ...], ...] = (
    ("Clerk", "Parish Clerk", "Clerk to the Council", "Clerk to the Governors", "Clerk to the Board", "Proper Officer"),
    ("Town Clerk",),
    ("Deputy Clerk", "Assistant Clerk"),
    ("Responsible Financial Officer", "RFO"),
    ("Chair", "Chairman", "Chairwoman", "Chairperson", "Chair of Governors", "Chair of the Board", "An Cathaoirleach"),
    ("Vice Chair", "Vice-Chair", "Vice Chairman", "Vice-Chairman", "Deputy Chair", "Vice Chairperson"),
    ("Mayor", "Town Mayor"),
    ("Deputy Mayor",),
    ("Secretary", "Hon Secretary", "Honorary Secretary", "Company Secretary"),
    ("Minute secretary", "Minute taker", "Minutes secretary", "Note taker", "Recorder"),
    ("Treasurer", "Hon Treasurer", "Honorary Treasurer"),
    ("Head teacher", "Headteacher", "Head Teacher", "Headmaster", "Headmistress", "Principal"),
    ("Deputy head teacher", "Deputy Headteacher", "Deputy Head"),
    ("Chief Executive", "Chief Executive Officer", "CEO"),
    ("President",),
    ("Vice President", "Vice-President"),
    ("Executive Director",),
    ("City Manager",),
    ("City Clerk",),
    ("City Attorney",),
)
_LEADING = re.compile(r"^(?:the|our|their|its)\s+", re.IGNORECASE)


def _key(text: str) -> str:
    text = _LEADING.sub("", text.strip().rstrip(".,;:"))
    return re.sub(r"[\s\-]+", " ", text).lower()


class Posts:
    """The posts the import recognises: the common ones and a body's own (name -> the spelling to write)."""

    def __init__(self, extra: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        self.written: dict[str, str] = {}
        self.own: set[str] = set()
        for name, aliases in extra:
            self.own.add(name)
            for spelling in (name, *aliases):
                self.written[_key(spelling)] = name
        for spellings in COMMON_POSTS:
            for spelling in spellings:
                self.written.setdefault(_key(spelling), spellings[0])

    def post(self, text: str) -> str | None:
        """The post ``text`` names ("the Clerk", "CLERK", "Parish Clerk"), written as the body writes it; else None."""
        return self.written.get(_key(text))

    def known(self, post: str) -> bool:
        """Whether the body names this post in bodies.yml (rather than it being one of the common ones)."""
        return post in self.own

    def leading(self, text: str) -> tuple[str, str] | None:
        """ "Clerk J Connelly" -> ("Clerk", "J Connelly"): a post written before a person's name."""
        words = text.split()
        for size in range(min(4, len(words) - 1), 0, -1):
            post = self.post(" ".join(words[:size]))
            if post:
                return post, " ".join(words[size:])
        return None


DEFAULT_POSTS = Posts()
