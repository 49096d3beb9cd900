"""Digests of model values, for the build cache's keys: equal values give equal digests, in any process.

A page is laid out again only when the digest of its view (and of what every page shares) is one
no earlier build made. Views hold the model's own values (meetings, actions, people), so a digest
is the value pickled into a hash. Pickling a view whole would copy each meeting's minutes into every
page that names the meeting; instead the large values every page shares are digested once a build
and stand in by their digest: a meeting by the key it was loaded under (the digest of its file and
the registries), an action or decision by its own fields and the HTML its text renders to (templates
show that HTML by its id, ``mb_text``), a person's or an action's record once for all the pages that
list it, and a deferred chart (``Later``) by its function and the digests of its arguments.

Pickle's memo writes an object seen twice as a reference to the first, so a digest depends on which
equal values are the same object. The cache hands back every stored value as it will be read back
(``Values.put``), and the loader's meetings go through it, so a value has the same shape whether it
was just made or read from the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable
from typing import Any

from .archive import ActionRecord, PersonRecord, PostRecord, Upcoming
from .markup import RenderedTexts
from .model import Action, Body, Decision, Meeting, Person, Post
from .registry import Registry
from .sealed import CHECKSUM
from .views import Later

Reducer = Callable[[Any], tuple[Any, tuple[Any, ...]]]


def _digest_of(value: bytes) -> bytes:
    """Stands for a value in a pickle: the value's digest (never called, only named)."""
    return value


class _Sink:
    __slots__ = ("hasher",)

    def __init__(self) -> None:
        self.hasher = hashlib.blake2b(digest_size=CHECKSUM)

    def write(self, data: bytes) -> None:
        self.hasher.update(data)


class Fingerprints:
    """Digests of values for one build (under `serve`, kept while the values they describe live)."""

    def __init__(self, texts: RenderedTexts | None = None) -> None:
        self._texts = texts
        self._known: dict[int, tuple[object, bytes]] = {}  # id -> (the value, kept alive so ids stay unique; digest)
        table: dict[type, Reducer] = {kind: self._shared for kind in _SHARED}
        table[Later] = self._later
        self._table: dict[type, Reducer] = table

    def know(self, value: object, key: str) -> None:
        """``value`` (a loaded meeting, say) is identified by ``key`` (the digest it was cached under)."""
        self._known[id(value)] = (value, bytes.fromhex(key))

    def use_texts(self, texts: RenderedTexts) -> None:
        """The rendered texts actions and decisions show (their digests include them)."""
        self._texts = texts

    def of(self, value: Any) -> str:
        """The hex digest of ``value``."""
        return self._pickled(value).hex()

    def forget_except(self, alive: set[int]) -> None:
        """Keep only the digests of values whose ids are in ``alive`` (under `serve`, the session's meetings)."""
        self._known = {key: entry for key, entry in self._known.items() if key in alive}

    def _pickled(self, value: Any) -> bytes:
        sink = _Sink()
        pickler = pickle.Pickler(sink, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._table  # consulted by type, as copyreg's is
        pickler.dump(value)
        return sink.hasher.digest()

    def _shared(self, value: Any) -> tuple[Any, tuple[Any, ...]]:
        known = self._known.get(id(value))
        if known is None:
            # Its fields, not its __dict__: a cached property (the registry's indexes of names) is not a value.
            state: Any = tuple(getattr(value, field.name) for field in dataclasses.fields(value))
            if isinstance(value, Registry):  # its indexes of names are filled from sets: in no fixed order
                state = tuple(
                    sorted(part.items() if isinstance(part, dict) else part)
                    if isinstance(part, (dict, frozenset))
                    else part
                    for part in state
                )
            if isinstance(value, (Action, Decision)) and self._texts is not None:
                state = (state, self._html(value))
            known = (value, self._pickled((type(value).__qualname__, state)))
            self._known[id(value)] = known
        return _digest_of, (known[1],)

    def _later(self, value: Later) -> tuple[Any, tuple[Any, ...]]:
        known = self._known.get(id(value))
        if known is None:
            hasher = hashlib.blake2b(digest_size=CHECKSUM)
            hasher.update(f"{value.function.__module__}.{value.function.__qualname__}".encode())
            for argument in value.arguments:
                hasher.update(self._argument(argument))
            known = (value, hasher.digest())
            self._known[id(value)] = known
        return _digest_of, (known[1],)

    def _argument(self, value: Any) -> bytes:
        """A chart's argument, digested once a build (every person's chart is given every body's meetings)."""
        known = self._known.get(id(value))
        if known is None:
            known = (value, self._pickled(value))
            self._known[id(value)] = known
        return known[1]

    def _html(self, value: Action | Decision) -> str:
        assert self._texts is not None
        rendered = self._texts.by_meeting.get(value.meeting)
        if rendered is None:
            return ""
        texts = rendered.decisions if isinstance(value, Decision) else rendered.actions
        return texts.get(value.number, "")


# Values many pages show, each digested once a build; a loaded meeting stands in by its cache key.
_SHARED: tuple[type, ...] = (
    Meeting,
    Action,
    Decision,
    ActionRecord,
    PersonRecord,
    PostRecord,
    Upcoming,
    Body,
    Person,
    Post,
    Registry,
)
