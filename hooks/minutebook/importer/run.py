"""One legacy document -> one meeting file: extract, parse, match names, write, check."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import load_meeting
from ..registry import (
    RESERVED_IDS,
    Registry,
    load_registry,
    normalise_name,
    strip_honorifics,
)
from .confidence import assess
from .extract import extract_lines
from .facts import Unplaced
from .matching import (
    Match,
    MatchStatus,
    NameMatcher,
    slugify_person,
    split_name,
)
from .nameshape import person_name
from .parse import ParsedMeeting, parse_minutes
from .posts import Posts
from .when import find_date
from .write import NewPerson, add_posts, append_people, render_meeting, supports

CHAIR_ROLE = re.compile(
    r"^(?:(?:the\s+)?chair(?:man|woman|person)?|presiding|chair(?:man|woman|person)?\s+of\s+the\s+meeting|(?:the\s+)?mayor)$"
    r"|\bin\s+the\s+chair\b",
    re.IGNORECASE,
)
NO_OWNER = "No owner named"  # the placeholder post for a task the minutes give to no one
CHAIR_OF = re.compile(r"^chair(?:man|woman|person)?\s+of\s+(?:the\s+)?(?P<what>.+)$", re.IGNORECASE)


@dataclass
class NameUse:
    """Where a written name was used, and what it matched."""

    where: str
    line: int
    match: Match


@dataclass
class ImportResult:
    """What one import did, for the report: the facts found, the names, and anything left over."""

    source: str
    target: Path | None = None
    parsed: ParsedMeeting | None = None
    front: dict[str, Any] = field(default_factory=dict)
    names: list[NameUse] = field(default_factory=list)
    added: list[NewPerson] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # stopped the file being written
    check: list[Problem] = field(default_factory=list)  # what `minutes.py check` says about the written file
    notes: list[Unplaced] = field(default_factory=list)  # facts found but not written, and why
    written: bool = False
    internal: bool = False  # the importer itself failed (exit status 2), not the document
    doubts: list[Unplaced] = field(default_factory=list)  # what makes the import need a person's review
    sure: float = 0.0  # share of the facts read from clear marks (labels, numbered headings, known words)
    lines: list[Any] = field(default_factory=list)  # the source lines, for the review page
    posts: list[str] = field(default_factory=list)  # posts named as attendees or owners
    added_posts: list[str] = field(default_factory=list)  # posts --add-people added to the body in bodies.yml

    @property
    def succeeded(self) -> bool:
        """Written, passing the checker, and nothing doubtful left: the only case the report calls a success."""
        return self.written and not self.errors and not self.check and not self.doubts

    @property
    def unplaced(self) -> list[Unplaced]:
        return sorted((self.parsed.unplaced if self.parsed else []) + self.notes, key=lambda u: u.line)


def import_file(
    path: Path,
    source: Path,
    *,
    body: str | None = None,
    out: Path | None = None,
    add_people: bool = False,
    status: str = "draft",
    shown: str | None = None,
    dry_run: bool = False,
    profile: Any = None,
    date: str | None = None,
) -> ImportResult:
    """Import ``path`` into the archive at ``source`` (people.yml, bodies.yml); never raises on odd input.

    ``date`` (YYYY-MM-DD) is the meeting's date when the clerk gives it; else the text's, else the file name's.
    """
    shown = shown or str(path)
    result = ImportResult(shown)
    try:
        return _import(path, source, body, out, add_people, status, dry_run, result, profile, date)
    except OSError as error:
        result.errors.append(Problem(shown, 1, f"cannot write the result: {error}"))
    except Exception as error:  # noqa: BLE001 - one odd file must not stop a batch, nor show a traceback
        result.errors.append(
            Problem(
                shown,
                1,
                f"import failed: {type(error).__name__}: {error}"
                " (a fault in the importer; please report it with this file)",
            )
        )
        result.internal = True
    result.written = False
    return result


def _import(
    path: Path,
    source: Path,
    body: str | None,
    out: Path | None,
    add_people: bool,
    status: str,
    dry_run: bool,
    result: ImportResult,
    profile: Any = None,
    date: str | None = None,
) -> ImportResult:
    shown = result.source
    registry, problems = load_registry(source)
    if problems:
        result.errors = problems
        return result
    lines, problems = extract_lines(path, shown)
    if lines is None:
        result.errors = problems
        return result
    result.lines = lines
    body_id = _body_given(registry, body, result)
    posts = body_posts(registry, body_id)
    named = find_date(path.stem.replace("_", " "))
    from_name = named.value if named else _compact_date(path.stem)
    parsed = parse_minutes(lines, [b.name for b in registry.bodies.values()], posts, profile, (date or "", from_name))
    result.parsed = parsed
    if body_id is None and not body:
        body_id = _body(parsed, registry, body, result)
    if parsed.date_source == "file name":
        result.notes.append(Unplaced(0, parsed.date, "no date in the text; the date is the one in the file name"))
    if not parsed.date:
        result.errors.append(
            Problem(
                shown,
                1,
                "no meeting date found in the text or the file name (looked for e.g. 'Wednesday 24th October 2018',"
                " '24/10/2018'); give it with --date YYYY-MM-DD",
            )
        )
    if body_id is None:
        return result
    result.front = _front(parsed, body_id, status, NameMatcher(registry), result, posts)
    if result.errors:
        result.doubts, result.sure = assess(parsed, lines, result.unplaced)
        return result

    folder = out or source / parsed.date[:4]
    target = folder / f"{parsed.date}-{body_id}.md"
    if target.exists():
        result.errors.append(
            Problem(str(target), 1, "already exists; move it aside or import with --out to another folder")
        )
        return result
    result.target, result.written = target, not dry_run
    unknown = _unknown_people(result)
    if add_people and unknown:
        result.added = propose_people(unknown, registry)
    if result.added and not dry_run:
        updated, problems = add_to_people(source, result.added, path.name)
        if updated is None:
            result.errors, result.written = problems, False
            return result
        registry = updated
        result.names, result.notes = [], []
        result.front = _front(parsed, body_id, status, NameMatcher(registry), result, posts)
    new_posts = [post for post in result.posts if not posts.known(post)] if supports("posts") else []
    if add_people and new_posts and not dry_run:
        updated, problems = add_to_bodies(source, body_id, new_posts, path.name)
        if updated is None:
            result.errors, result.written = problems, False
            return result
        registry = updated
        result.added_posts = new_posts
    result.doubts, result.sure = assess(parsed, lines, result.unplaced)
    if dry_run:
        return result
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(
        render_meeting(result.front, parsed.intro + _intro_extras(parsed), parsed.items, path.name, parsed.summaries),
        encoding="utf-8",
    )
    _meeting, result.check = load_meeting(target, source, registry, str(target))
    return result


def _compact_date(stem: str) -> str:
    """ "20240325" in a file name -> "2024-03-25" (a real date only)."""
    import datetime as dt

    for match in re.finditer(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)", stem):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return ""


def add_to_bodies(
    source: Path, body_id: str, posts: list[str], source_name: str
) -> tuple[Registry | None, list[Problem]]:
    """Add ``posts`` to the body in bodies.yml only if the result still loads cleanly; the registry, or why not."""
    with tempfile.TemporaryDirectory() as trial:
        for name in ("people.yml", "bodies.yml"):
            if (source / name).exists():
                shutil.copy(source / name, Path(trial) / name)
        add_posts(Path(trial) / "bodies.yml", body_id, posts, source_name)
        _registry, problems = load_registry(Path(trial))
        if problems:
            return None, [
                Problem(str(source / "bodies.yml"), p.line, f"--add-people would break bodies.yml: {p.message}")
                for p in problems
            ]
    add_posts(source / "bodies.yml", body_id, posts, source_name)
    return load_registry(source)


def add_to_people(source: Path, people: list[NewPerson], source_name: str) -> tuple[Registry | None, list[Problem]]:
    """Append ``people`` to people.yml only if the result still loads cleanly; the registry it gives, or why not."""
    with tempfile.TemporaryDirectory() as trial:
        for name in ("people.yml", "bodies.yml"):
            if (source / name).exists():
                shutil.copy(source / name, Path(trial) / name)
        append_people(Path(trial) / "people.yml", people, source_name)
        _registry, problems = load_registry(Path(trial))
        if problems:
            return None, [
                Problem(str(source / "people.yml"), p.line, f"--add-people would break people.yml: {p.message}")
                for p in problems
            ]
    append_people(source / "people.yml", people, source_name)
    return load_registry(source)


def _body_given(registry: Registry, given: str | None, result: ImportResult) -> str | None:
    if not given:
        return None
    body_id, error = registry.resolve_body(given)
    if body_id is None:
        result.errors.append(Problem(result.source, 1, f"--body: {error}"))
    return body_id


def body_posts(registry: Registry, body_id: str | None) -> Posts:
    """The posts the import recognises: the body's own from bodies.yml (when the model has them) and the common ones."""
    body = registry.bodies.get(body_id or "")
    own = getattr(body, "posts", None) or {}
    extra = []
    for post in own.values() if isinstance(own, dict) else own:
        name = getattr(post, "name", None)
        if name:
            extra.append((str(name), tuple(str(alias) for alias in getattr(post, "aliases", ()) or ())))
    return Posts(extra)


def _body(parsed: ParsedMeeting, registry: Registry, given: str | None, result: ImportResult) -> str | None:
    if given:
        body_id, error = registry.resolve_body(given)
        if body_id is None:
            result.errors.append(Problem(result.source, 1, f"--body: {error}"))
        return body_id
    header = " ".join(normalise_name(line) for line in parsed.title_lines + parsed.intro)
    found = sorted(
        {b.id for b in registry.bodies.values() if normalise_name(b.name) in header},
        key=lambda b: -len(registry.bodies[b].name),
    )
    if len(found) >= 1:
        return found[0]
    names = ", ".join(sorted(registry.bodies)) or "none in bodies.yml"
    result.errors.append(Problem(result.source, 1, f"no body named in the header; give --body (one of: {names})"))
    return None


def _front(
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
                _post(result, post)
                ref = post
            else:
                ref = _use(result, matcher.person(person.written), kind, person.line).id or person.written
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
        stands_in = _use(result, context.person(sub.person), "substitutes", sub.line)
        replaces = _use(result, context.person(sub.replaces), "substitutes (for)", sub.line)
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
            _use(result, matcher.person(person.written), "absent", person.line)
    if substitutes:
        front["substitutes"] = substitutes
    declarations = []
    for declaration in parsed.declarations:
        match = _use(result, context.person(declaration.person), "declarations", declaration.line)
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
            found = None if post else _use(result, context.person(written), where, decision.line)
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
                _post(result, post)
                owners.append(post)
                continue
            match = _use(result, context.owner(owner), "actions (owner)", action.line)
            owners.append(match.id or owner)
        if not owners:
            # The minutes name no one. Rather than give the task to someone (or to the whole body), the
            # owner is the placeholder post "No owner named", which the site shows as written.
            placeholder = supports("posts")
            owners = [NO_OWNER if placeholder else body_id]
            if placeholder:
                _post(result, NO_OWNER)
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


def _post(result: ImportResult, post: str) -> None:
    if post not in result.posts:
        result.posts.append(post)


def _use(result: ImportResult, match: Match, where: str, line: int) -> Match:
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
        match = _use(result, matcher.person(parsed.chair), "chair", parsed.date_line or 1)
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


def _unknown_people(result: ImportResult) -> list[str]:
    """Written names that match nobody and read as people (not headings, phrases, teams or posts), first use first.

    A name that matches nobody but does not pass the checks is reported as doubtful, never added.
    """
    unknown: dict[str, str] = {}
    for use in result.names:
        written = use.match.written
        if use.match.status is not MatchStatus.UNKNOWN:
            continue
        if person_name(written):
            unknown.setdefault(strip_honorifics(normalise_name(written)), written)
        elif not any(note.text == written for note in result.notes):
            result.notes.append(
                Unplaced(
                    use.line, written, f"{use.where}: not added to people.yml, it does not read as a person's name"
                )
            )
    # "Cllr Singh" beside "Cllr R Singh" is the same newcomer, found again once R Singh is in people.yml.
    fuller = {word for key in unknown if len(key.split()) > 1 for word in (key.split()[0], key.split()[-1])}
    return [written for key, written in unknown.items() if len(key.split()) > 1 or key not in fuller]


def propose_people(unknown: list[str], registry: Registry) -> list[NewPerson]:
    """An id for each unknown person: their name as a slug, numbered on when taken."""
    taken = set(registry.people) | RESERVED_IDS
    people = []
    for written in unknown:
        parts = split_name(written)
        base = slugify_person(parts.name)
        person_id, n = base, 2
        while person_id in taken:
            person_id, n = f"{base}-{n}", n + 1
        taken.add(person_id)
        honorific = parts.honorific.split()[0] if parts.honorific else ""
        honorific = {"councillor": "Cllr", "cllrs": "Cllr", "councillors": "Cllr"}.get(honorific.lower(), honorific)
        people.append(NewPerson(person_id, parts.name, honorific, written))
    return people


def _intro_extras(parsed: ParsedMeeting) -> list[str]:
    """Attendance facts our format has no field for, kept as text so nothing is lost."""
    extras = []
    if parsed.attendance["absent"]:
        extras.append(
            "Absent: "
            + ", ".join(
                p.written + "".join(f" ({part})" for part in (p.role, p.note) if part)
                for p in parsed.attendance["absent"]
            )
            + "."
        )
    if parsed.public:
        extras.append("Also present: " + "; ".join(text for _line, text in parsed.public) + ".")
    return extras
