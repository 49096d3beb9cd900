"""How a meeting's fields name people, posts and teams: each name resolved in the meeting's body, on its date.

Wherever a meeting may name a person it may name a post instead: by the post's name or an alias,
with or without "the", in any case ("the Clerk", "Parish Clerk"). A post of the meeting's own body
is found by name; another body's post is written ``<body>/<post>``. A name that is both a person's
and a post's is a mistake to fix, never a guess. A post stands for its holder on the meeting's date
when bodies.yml records one, and for no one otherwise.
"""

from __future__ import annotations

import datetime as dt

from .errors import quote, suggest
from .model import Named, OwnerRef
from .names import describe_lookalike
from .posts import strip_article
from .registry import Registry, normalise_name, strip_honorifics


def resolve_named(
    registry: Registry, reference: str, body: str | None, day: dt.date | None
) -> tuple[Named | None, str]:
    """(who ``reference`` names, "") or (None, why it names no one, or several)."""
    text = str(reference).strip()
    post, error = _explicit_post(registry, text)
    if error:
        return None, error
    if post:
        return _post(registry, post, day), ""
    post = _own_post(registry, text, body)
    people = _people(registry, text)
    if post and people:
        if text in registry.people:  # the exact id is what the message below tells the clerk to write
            return Named(text), ""
        return None, _both(text, "person", people, post)
    if post:
        return _post(registry, post, day), ""
    person, error = registry.resolve_person(text)
    if person:
        return Named(person), ""
    if people:  # several people
        return None, error
    return None, _unknown("person or post", text, "not in people.yml", registry, body) or error


def resolve_owner(
    registry: Registry, reference: str, body: str | None, day: dt.date | None
) -> tuple[OwnerRef | None, str]:
    """An action's owner: a person, a body (a team), or a post with its holder that day when known."""
    text = str(reference).strip()
    post, error = _explicit_post(registry, text)
    if error:
        return None, error
    if post:
        return _post_owner(registry, post, day), ""
    post = _own_post(registry, text, body)
    if post is None:
        owner, error = registry.resolve_owner(text)
        if owner or "matches" in error or "both" in error:
            return owner, error
        return None, _unknown("owner", text, "not in people.yml or bodies.yml", registry, body) or error
    people, bodies = _people(registry, text), _bodies(registry, text)
    if text in registry.people or text in registry.bodies:  # an exact id means that one
        return OwnerRef("person" if text in registry.people else "body", text), ""
    if people:
        return None, _both(text, "person", people, post)
    if bodies:
        return None, _both(text, "body", bodies, post)
    return _post_owner(registry, post, day), ""


def _post(registry: Registry, uid: str, day: dt.date | None) -> Named:
    return Named(registry.posts[uid].holder_on(day) if day else "", uid)


def _post_owner(registry: Registry, uid: str, day: dt.date | None) -> OwnerRef:
    return OwnerRef("post", uid, registry.posts[uid].holder_on(day) if day else "")


def _explicit_post(registry: Registry, text: str) -> tuple[str | None, str]:
    """``<body>/<post>`` names that body's post (any case); a known body with no such post is a mistake."""
    body, slash, post = text.partition("/")
    body_id = body.strip().casefold()
    if not slash or body_id not in registry.bodies:
        return None, ""
    uid = f"{body_id}/{post.strip().casefold()}"
    if uid in registry.posts:
        return uid, ""
    theirs = [p.uid for p in registry.bodies[body_id].posts]
    if not theirs:
        return None, f"unknown post {quote(text)}: bodies.yml gives {body_id} no posts"
    return None, f"unknown post {quote(text)}: {body_id}'s posts are {', '.join(theirs)}{suggest(uid, theirs)}"


def _own_post(registry: Registry, text: str, body: str | None) -> str | None:
    if body is None:
        return None
    return registry.post_names.get(body, {}).get(strip_article(normalise_name(text)))


def _people(registry: Registry, text: str) -> tuple[str, ...]:
    key = normalise_name(text)
    return registry.person_names.get(key) or registry.person_names.get(strip_honorifics(key)) or ()


def _bodies(registry: Registry, text: str) -> tuple[str, ...]:
    return registry.body_names.get(normalise_name(text)) or ()


def _both(text: str, kind: str, ids: tuple[str, ...], post: str) -> str:
    return (
        f"{quote(text)} is both a {kind} ({', '.join(ids)}) and the post {post}; "
        f"write {ids[0]} for the {kind}, or {post} for the post"
    )


def _unknown(what: str, text: str, where: str, registry: Registry, body: str | None) -> str:
    """An unknown name's message where posts could be meant, or "" when the meeting's body has none to offer."""
    key = strip_article(normalise_name(text))
    elsewhere = sorted(
        uid for other, names in registry.post_names.items() if other != body for k, uid in names.items() if k == key
    )
    if elsewhere:
        return (
            f"unknown {what} {quote(text)}: {where}, nor a post of {body}; "
            f"another body's post is written {elsewhere[0]}"
        )
    own = [post for post in registry.posts.values() if post.body == body]
    if not own:
        return ""
    choices = [*registry.people, *(person.display_name for person in registry.people.values())]
    choices += [name for person in registry.people.values() for name in (person.name, *person.aliases)]
    if what == "owner":
        choices += [*registry.bodies, *(other.name for other in registry.bodies.values())]
    choices += [name for post in own for name in (post.name, *post.aliases)]
    lookalike = describe_lookalike(text)
    why = f"; it {lookalike}" if lookalike else ""
    return f"unknown {what} {quote(text)}: {where}, nor a post of {body}{why}{suggest(text, choices)}"
