"""The import's report: what was found, which names matched, and every line not placed."""

from __future__ import annotations

from typing import Any

from .matching import MatchStatus
from .result import ImportResult


def count_facts(result: ImportResult) -> dict[str, int]:
    """How many of each fact the import found and wrote."""
    front: dict[str, Any] = result.front
    parsed = result.parsed
    return {
        "present": len(front.get("present", ())),
        "in attendance": len(front.get("in_attendance", ())),
        "apologies": len(front.get("apologies", ())),
        "absent": len(parsed.attendance["absent"]) if parsed else 0,
        "substitutes": len(front.get("substitutes", ())),
        "items": len(parsed.items) if parsed else 0,
        "decisions": len(front.get("decisions", ())),
        "actions": len(front.get("actions", ())),
        "declarations": len(front.get("declarations", ())),
    }


def render_report(result: ImportResult) -> str:
    """A short plain-text report a clerk can act on; problems as ``path:line: message``."""
    lines = []
    if result.errors and not result.front:
        lines.append(f"{result.source}: not imported")
        lines += [f"  {problem}" for problem in result.errors]
        return "\n".join(lines)
    front = result.front
    if result.written:
        lines.append(f"{result.source} -> {result.target}")
    else:
        lines.append(f"{result.source} -> {result.target or '(nothing)'} (not written)")
    when = " ".join(
        part
        for part in (front.get("date", ""), "-".join(p for p in (front.get("start"), front.get("end")) if p))
        if part
    )
    lines.append(
        f"  meeting: {front.get('body')} {when}"
        + (f", {front['location']}" if front.get("location") else ", no place found")
        + (f", chair {front['chair']}" if front.get("chair") else ", no chair found")
    )
    counts = count_facts(result)
    lines.append(
        "  found: "
        + ", ".join(
            f"{number} {name}"
            for name, number in counts.items()
            if number or name in ("present", "apologies", "items", "decisions", "actions")
        )
    )
    if result.parsed and result.parsed.items:
        lines.append("  items: " + ", ".join(item.number for item in result.parsed.items))
    nm = front.get("next_meeting")
    lines.append("  next meeting: " + (" ".join(str(v) for v in nm.values()) if nm else "not found"))
    matched = {u.match.written for u in result.names if u.match.status is MatchStatus.MATCHED}
    unknown = _first_uses(result, MatchStatus.UNKNOWN)
    ambiguous = _first_uses(result, MatchStatus.AMBIGUOUS)
    lines.append(f"  names: {len(matched)} matched, {len(unknown)} unknown, {len(ambiguous)} ambiguous")
    for written, line, where, _candidates in unknown:
        lines.append(f"    {result.source}:{line}: unknown {where}: '{written}' is not in people.yml or bodies.yml")
    for written, line, where, candidates in ambiguous:
        lines.append(
            f"    {result.source}:{line}: ambiguous {where}: '{written}' could be {' or '.join(candidates)};"
            " write the id you mean"
        )
    if result.added:
        verb = "added to" if result.written else "would be added to"
        lines.append(
            f"  {verb} people.yml ({len(result.added)}): " + ", ".join(f"{p.id} ({p.written})" for p in result.added)
        )
    unplaced = result.unplaced
    lines.append(
        f"  not placed ({len(unplaced)}): "
        + ("none" if not unplaced else "kept in the meeting text, check them by hand")
    )
    for entry in unplaced:
        lines.append(f"    {result.source}:{entry.line}: {entry.reason}: {entry.text!r}")
    placed = {(u.line, u.text) for u in unplaced}
    doubts = [d for d in result.doubts if (d.line, d.text) not in placed]
    if result.posts:
        lines.append("  posts: " + ", ".join(result.posts) + " (written as posts, never as people)")
    if result.added_posts:
        lines.append(f"  added to bodies.yml as posts of {result.front.get('body')}: " + ", ".join(result.added_posts))
    lines.append(
        f"  sure: {round(100 * result.sure)} % of the facts were read from clear marks (labels, numbers, known names)"
    )
    if doubts:
        lines.append(
            f"  to review ({len(doubts)}): these look like facts that were not read, or were read from weak signs"
        )
        for entry in doubts:
            where = f"{result.source}:{entry.line}" if entry.line else result.source
            lines.append(f"    {where}: {entry.reason}" + (f": {entry.text!r}" if entry.text else ""))
    for problem in result.errors:
        lines.append(f"  not written: {problem}")
    if result.written and not result.errors:
        if result.check:
            lines.append(
                f"  check: {len(result.check)} problem{'s' if len(result.check) != 1 else ''} to fix before publishing"
            )
            lines += [f"    {problem}" for problem in result.check]
        elif result.doubts:
            # The checker is content, but the import is not: say so rather than "passes".
            lines.append(f"  check: no errors in the file, but the import needs review ({len(result.doubts)} above)")
        else:
            lines.append("  check: passes")
    return "\n".join(lines)


def _first_uses(result: ImportResult, status: MatchStatus) -> list[tuple[str, int, str, tuple[str, ...]]]:
    seen: dict[str, tuple[str, int, str, tuple[str, ...]]] = {}
    for use in result.names:
        if use.match.status is status and use.match.written not in seen:
            seen[use.match.written] = (use.match.written, use.line, use.where, use.match.candidates)
    return list(seen.values())
