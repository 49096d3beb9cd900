"""Posts: the offices of a body (Clerk, Chair, Head teacher), as bodies.yml names them.

Minutes often name the office rather than the person ("the Clerk to write to the school"). A post
stands for whoever held it; bodies.yml may say who held it when, and nothing else ever supplies a
holder: a post is never turned into a person of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .errors import Problem, quote
from .model import Post, PostHolder
from .yamlsource import LineMap

ARTICLE = "the "


def strip_article(key: str) -> str:
    """``the clerk`` -> ``clerk``: minutes write "the Clerk" and "Clerk" alike."""
    return key.removeprefix(ARTICLE) if key != ARTICLE.strip() else key


def post_keys(post: Post, normalise: Callable[[str], str]) -> set[str]:
    """Every form in which a meeting of the post's own body may name it."""
    texts = (post.id.replace("-", " "), post.name, *post.aliases)
    return {key for key in (strip_article(normalise(text)) for text in texts) if key}


def load_posts(
    body_id: str,
    data: Any,
    lines: LineMap,
    shown: str,
    resolve_person: Callable[[str], tuple[str | None, str]],
    normalise: Callable[[str], str],
    name_fault: Callable[[str], str],
) -> tuple[tuple[Post, ...], list[Problem]]:
    """The ``posts:`` of one body in bodies.yml, checked; the schema has already checked their shape.

    ``name_fault`` says what is wrong with a name ("" when nothing is), by the rules people's names follow.
    """
    problems: list[Problem] = []
    posts: list[Post] = []
    named_by: dict[str, str] = {}  # name key -> the post it names
    for post_id, entry in (data or {}).items() if isinstance(data, dict) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        where = (body_id, "posts", post_id)
        name = entry["name"].strip()
        aliases = tuple(alias.strip() for alias in entry.get("aliases") or () if isinstance(alias, str))
        texts = [("name", name, lines.line(*where, "name"))]
        texts += [("alias", alias, lines.line(*where, "aliases", index)) for index, alias in enumerate(aliases)]
        for kind, text, line in texts:
            if fault := name_fault(text):
                problems.append(Problem(shown, line, f"{body_id} post {post_id}: {kind} {quote(text)} {fault}"))
        post = Post(
            body_id,
            str(post_id),
            name,
            aliases,
            _holders(body_id, str(post_id), entry, lines, shown, resolve_person, problems),
        )
        clashes: set[str] = set()
        for kind, text, line in [("id", str(post_id), lines.line(*where)), *texts]:
            key = strip_article(normalise(text.replace("-", " ") if kind == "id" else text))
            other = named_by.setdefault(key, post.id)
            if other != post.id and other not in clashes:  # one message for each pair of posts
                clashes.add(other)
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"{body_id} post {post_id}: {kind} {quote(text)} also names the post {other}; "
                        "a name must name one post of a body",
                    )
                )
        posts.append(post)
    return tuple(posts), problems


def _holders(
    body_id: str,
    post_id: str,
    entry: dict[str, Any],
    lines: LineMap,
    shown: str,
    resolve_person: Callable[[str], tuple[str | None, str]],
    problems: list[Problem],
) -> tuple[PostHolder, ...]:
    holders: list[tuple[PostHolder, int]] = []
    for index, holder in enumerate(entry.get("holders") or ()):
        if not isinstance(holder, dict) or not isinstance(holder.get("person"), str):
            continue
        line = lines.line(body_id, "posts", post_id, "holders", index)
        label = f"{body_id} post {post_id}: holders[{index}]"
        person_id, error = resolve_person(holder["person"])
        start = _date(holder.get("from"), f"{label}.from", shown, line, problems)
        end = _date(holder.get("to"), f"{label}.to", shown, line, problems)
        if person_id is None:
            problems.append(Problem(shown, line, f"{label}: {error}"))
            continue
        if start and end and end < start:
            problems.append(Problem(shown, line, f"{label}: to {end} is before from {start}"))
            continue
        holders.append((PostHolder(person_id, start, end), line))
    # One holder at a time: the holder on a meeting's date must be one person, or the minutes' "the Clerk"
    # would name two. (A post shared by two people is two posts.)
    ordered = sorted(holders, key=lambda pair: (pair[0].start or dt.date.min, pair[1]))
    for (earlier, _), (later, line) in zip(ordered, ordered[1:]):
        if earlier.end is None or (later.start or dt.date.min) <= earlier.end:
            until = f"to {earlier.end}" if earlier.end else "with no end date"
            problems.append(
                Problem(
                    shown,
                    line,
                    f"{body_id} post {post_id}: {later.person} holds it from {later.start or 'the start'} while "
                    f"{earlier.person} still does ({until}); a post has one holder at a time",
                )
            )
    return tuple(holder for holder, _ in holders)


def _date(value: Any, field: str, shown: str, line: int, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(shown, line, f"{field}: {quote(value)} is not a real date"))
        return None
