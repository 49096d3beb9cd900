"""A closing "Actions" or "Decisions" list: each entry joins the item it repeats, matched by its words, once."""

from __future__ import annotations

import datetime as dt
import re

from .accuracy import content_words
from .actions import labelled_action
from .decisions import read_decisions
from .facts import ParsedAction, ParsedDecision, Unit, sentence
from .meeting import ParsedMeeting
from .owners import People

NEXT_STEPS_LABEL = re.compile(r"^(?:actions?|decisions?)\s*:?$", re.IGNORECASE)


def read_summary(
    meeting: ParsedMeeting, title: str, units: list[Unit], people: People, context: dt.date | None
) -> None:
    """A closing list of actions or decisions: each entry joins the item it repeats, once."""
    listed = [u for u in units if u.text.strip() and not NEXT_STEPS_LABEL.match(u.text.strip())]
    texts = {ref: _item_words(meeting, ref) for ref in _refs(meeting)}
    if re.search(r"decision", title, re.IGNORECASE):
        for unit in listed:
            if _duplicate(unit.text, [d.text for d in meeting.decisions]):
                continue
            found = read_decisions([unit], "", meeting.date) or [ParsedDecision("", sentence(unit.text), unit.line)]
            for decision in found:
                ref = _best_item(decision.text, texts)
                meeting.decisions.append(
                    ParsedDecision(ref, decision.text, decision.line, decision.outcome, decision.vote, sure=False)
                )
        return
    for unit in listed:
        action = labelled_action(unit.text, "", unit.line, people, context)
        if _duplicate(action.text, [a.text for a in meeting.actions]):
            continue
        ref = _best_item(action.text, texts)
        meeting.actions.append(ParsedAction(ref, action.owners, action.text, action.line, action.due, sure=False))


def _refs(meeting: ParsedMeeting) -> list[str]:
    return [item.ref for item in meeting.items if item.ref]


def _item_words(meeting: ParsedMeeting, ref: str) -> set[str]:
    for item in meeting.items:
        if item.ref == ref:
            return content_words(item.title + " " + " ".join(item.body))
    return set()


def _best_item(text: str, texts: dict[str, set[str]]) -> str:
    words = content_words(text)
    scored = sorted(((len(words & item_words), ref) for ref, item_words in texts.items()), key=lambda s: -s[0])
    return scored[0][1] if scored and scored[0][0] else (next(iter(texts)) if texts else "")


def _duplicate(text: str, others: list[str]) -> bool:
    words = content_words(text)
    return any(
        len(words & content_words(other)) >= max(2, 0.6 * min(len(words), len(content_words(other))))
        for other in others
    )
