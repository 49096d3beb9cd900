"""The meeting file's front-matter from what was read: people matched by id, posts as posts, the rest as written.

A name that matches nobody is written as the minutes spell it, so the checker stops the file until the
clerk adds the person or corrects the name; a task given to no one gets the placeholder post.
"""

from __future__ import annotations

import re
from typing import Any

from ..registry import normalise_name
from .facts import Unplaced
from .matching import Match, NameMatcher
from .meeting import ParsedMeeting
from .posts import Posts
from .result import ImportResult, NameUse
from .write import supports

CHAIR_ROLE = re.compile(
    r"^(?:(?:the\s+)?chair(?:man|woman|person)?|presiding|chair(?:man|woman|person)?\s+of\s+the\s+meeting|(?:the\s+)?mayor)$"
    r"|\bin\s+the\s+chair\b",
    re.IGNORECASE,
)
NO_OWNER = "No owner named"  # the placeholder post for a task the minutes give to no one
CHAIR_OF = re.compile(r"^chair(?:man|woman|person)?\s+of\s+(?:the\s+)?(?P<what>.+)$", re.IGNORECASE)


def build_front(
    parsed: ParsedMeeting, body_id: str, status: str, matcher: NameMatcher, result: ImportResult, posts: Posts
) -> dict[str, Any]:
    """The front-matter: matched people by id, posts as posts, the rest as written (so `check` names what is not)."""
    front: dict[str, Any] = {"body": body_id, "date": parsed.date, "status": status}
    if parsed.start:
        front["start"] = parsed.start
    if parsed.end:
        front["end"] = parsed.end
    if parsed.location:
        front["location"] = parsed.location

    seen: dict[str, str] = {}
    lists: dict[str, list[Any]] = {}
    for kind in ("present", "in_attendance", "apologies"):
        for person in parsed.attendance[kind]:
            post = posts.post(person.written)
            if post:
                record_post(result, post)
                ref = post
            else:
                ref = record_use(result, matcher.person(person.written), kind, person.line).id or person.written
            if ref in seen:
                result.notes.append(
                    Unplaced(person.line, person.written, f"also listed under {seen[ref]}; kept there only")
                )
                continue
            seen[ref] = kind
            note = "; ".join(part for part in (person.note, person.initials) if part)
            entry: Any = (
                {ref: person.role or None}
                if not note
                else {"person": ref, **({"role": person.role} if person.role else {}), "note": note}
            )
            lists.setdefault(kind, []).append(entry if (person.role or note) else ref)
    attending = {match_id for match_id in seen if match_id in matcher.registry.people}
    context = matcher.with_context(attending)

    substitutes = []
    for sub in parsed.substitutes:
        stands_in = record_use(result, context.person(sub.person), "substitutes", sub.line)
        replaces = record_use(result, context.person(sub.replaces), "substitutes (for)", sub.line)
        pair = {"person": stands_in.id or sub.person, "for": replaces.id or sub.replaces}
        if pair not in substitutes:
            substitutes.append(pair)
        if pair["person"] not in seen:
            seen[pair["person"]] = "present"
            lists.setdefault("present", []).append(pair["person"])
    chair = _chair(parsed, lists.get("present", []), context, result, matcher.registry.bodies[body_id].name)
    if chair:
        front["chair"] = chair
    front.update({kind: lists[kind] for kind in ("present", "in_attendance", "apologies") if kind in lists})
    for person in parsed.attendance["absent"]:
        if not posts.post(person.written):
            record_use(result, matcher.person(person.written), "absent", person.line)
    if substitutes:
        front["substitutes"] = substitutes
    declarations = []
    for declaration in parsed.declarations:
        match = record_use(result, context.person(declaration.person), "declarations", declaration.line)
        declarations.append(
            {
                "person": match.id or declaration.person,
                "item": _item(declaration.item),
                "interest": declaration.interest,
            }
        )
    if declarations:
        front["declarations"] = declarations

    decisions: list[dict[str, Any]] = []
    outcomes, string_votes, proposers = supports("outcome"), supports("vote-string"), supports("proposed_by")
    for decision in parsed.decisions:
        text = decision.text
        record: dict[str, Any] = {"id": len(decisions) + 1, "item": _item(decision.item), "text": text}
        if decision.outcome != "carried":
            if outcomes:
                record["outcome"] = decision.outcome
            else:
                record["text"] = f"{text} ({decision.outcome.capitalize()}.)"
        if decision.vote:
            counts = [int(part) for part in decision.vote.split("-")]
            record["vote"] = (
                decision.vote
                if string_votes
                else dict(zip(("for", "against", "abstain"), counts + [0] * (3 - len(counts))))
            )
        said = []
        for key, written, where in (
            ("proposed_by", decision.proposer, "proposer"),
            ("seconded_by", decision.seconder, "seconder"),
        ):
            if not written:
                continue
            post = posts.post(written)
            found = None if post else record_use(result, context.person(written), where, decision.line)
            ref = post or (found.id if found and found.id else written)
            if proposers:
                record[key] = ref
            elif normalise_name(written) not in normalise_name(record["text"]):
                said.append(f"{'proposed' if key == 'proposed_by' else 'seconded'} by {written}")
        if said:
            # Until the format has proposed_by and seconded_by, the decision says it in words.
            record["text"] += f" ({', '.join(said)[:1].upper()}{', '.join(said)[1:]}.)"
        decisions.append(record)
    if decisions:
        front["decisions"] = decisions

    actions: list[dict[str, Any]] = []
    for action in parsed.actions:
        owners = []
        for owner in action.owners:
            post = posts.post(owner)
            if post:
                record_post(result, post)
                owners.append(post)
                continue
            match = record_use(result, context.owner(owner), "actions (owner)", action.line)
            owners.append(match.id or owner)
        if not owners:
            # The minutes name no one. Rather than give the task to someone (or to the whole body), the
            # owner is the placeholder post "No owner named", which the site shows as written.
            placeholder = supports("posts")
            owners = [NO_OWNER if placeholder else body_id]
            if placeholder:
                record_post(result, NO_OWNER)
            result.notes.append(
                Unplaced(
                    action.line,
                    action.text,
                    f"an action with no owner named; written with the owner '{owners[0]}' until you name one"
                    + (" (or keep it: --add-people adds it to bodies.yml as a post)" if placeholder else ""),
                )
            )
        entry = {"id": len(actions) + 1, "item": _item(action.item), "owners": list(dict.fromkeys(owners))}
        entry["text"] = action.text
        if action.due and action.due > parsed.date:
            entry["due"] = action.due
        actions.append(entry)
    if actions:
        front["actions"] = actions
    if parsed.next_meeting:
        nm = parsed.next_meeting
        if parsed.date and nm.date <= parsed.date:
            result.notes.append(Unplaced(nm.line, nm.date, "next meeting date is not after this meeting; left out"))
        else:
            front["next_meeting"] = {
                k: v
                for k, v in (("date", nm.date), ("start", nm.start), ("end", nm.end), ("location", nm.location))
                if v
            }
    return front


def record_post(result: ImportResult, post: str) -> None:
    if post not in result.posts:
        result.posts.append(post)


def record_use(result: ImportResult, match: Match, where: str, line: int) -> Match:
    result.names.append(NameUse(where, line, match))
    return match


def _display(match: Match, matcher: NameMatcher) -> str:
    if match.id and match.id in matcher.registry.people:
        return matcher.registry.people[match.id].display_name
    return match.written


def _item(number: str) -> Any:
    return int(number) if number.isdigit() else number


def _chair(
    parsed: ParsedMeeting, present: list[Any], matcher: NameMatcher, result: ImportResult, body_name: str
) -> str:
    """Who chaired: "In the Chair: X", or the one present member whose role is the chair of this body."""
    present_ids = {_ref(entry) for entry in present}
    if parsed.chair:
        match = record_use(result, matcher.person(parsed.chair), "chair", parsed.date_line or 1)
        if match.id and match.id in present_ids:
            return match.id
        result.notes.append(
            Unplaced(
                parsed.date_line or 1, parsed.chair, "named as chair but not matched to anyone present; chair left out"
            )
        )
        return ""
    body_key = normalise_name(body_name)
    chairs = []
    for person in parsed.attendance["present"]:
        role = person.role.strip()
        of = CHAIR_OF.match(role)
        if CHAIR_ROLE.search(role) or (of and normalise_name(of["what"]) in body_key):
            match = matcher.person(person.written)
            chairs.append(match.id or person.written)
    if len(set(chairs)) > 1:
        result.notes.append(
            Unplaced(
                parsed.date_line or 1,
                ", ".join(chairs),
                "several people have the chair's role; chair left out for you to choose",
            )
        )
        return ""
    return chairs[0] if chairs and chairs[0] in present_ids else ""


def _ref(entry: Any) -> str:
    """The person in an attendance entry: `ref`, `{ref: role}` or `{person: ref, ...}`."""
    if isinstance(entry, dict):
        return str(entry["person"]) if "person" in entry else str(next(iter(entry)))
    return str(entry)
