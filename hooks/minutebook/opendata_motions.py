"""Decisions and actions as open data: Popolo Motions and VoteEvents, and Minutebook's own action records."""

from __future__ import annotations

from typing import Any

from .archive import ActionRecord, Archive
from .markup import RenderedTexts
from .model import Decision, Named, Outcome, OwnerRef, Vote
from .opendata_fields import link, moment
from .plaintext import text_of
from .site import SiteInfo
from .spreadsheets import owner_name
from .urls import action_url, decision_url


def decision_records(archive: Archive, texts: RenderedTexts, site: SiteInfo) -> list[dict[str, Any]]:
    motions = []
    for decision in archive.decisions:
        meeting = archive.meeting_by_id[decision.meeting]
        vote_events = []
        if decision.vote:
            vote = decision.vote
            options = {"for": "yes", "against": "no", "abstain": "abstain"}
            named = [(who, options[side]) for side in options for who in vote.named_on(side)]
            vote_events.append(
                {
                    "id": f"{decision.uid}/vote",
                    "motion_id": decision.uid,
                    "organization_id": meeting.body,
                    "start_date": moment(meeting),
                    "result": _motion_result(decision),
                    "counts": [
                        {"option": "yes", "value": vote.for_count},
                        {"option": "no", "value": vote.against_count},
                        {"option": "abstain", "value": vote.abstain_count},
                    ],
                    "votes": [
                        {
                            "voter_id": who.person or None,
                            "option": option,
                            **({"post_id": who.post} if who.post else {}),
                        }
                        for who, option in named
                    ],
                }
            )
        motions.append(
            {
                "id": decision.uid,
                "organization_id": meeting.body,
                "meeting_id": meeting.id,
                "item": decision.item,
                "date": moment(meeting),
                "text": text_of(texts, decision.uid),
                "result": _motion_result(decision),
                "outcome": decision.outcome.value,
                "proposed_by": _named(decision.proposed_by),
                "seconded_by": _named(decision.seconded_by),
                "minutes_status": meeting.status.value,
                "vote_events": vote_events,
                "sources": [link(site, decision_url(decision.uid), "Decision in the archive")],
            }
        )
    return motions


def _vote_result(vote: Vote) -> str | None:
    if vote.for_count == vote.against_count:
        return None
    return "pass" if vote.for_count > vote.against_count else "fail"


def _motion_result(decision: Decision) -> str | None:
    """Popolo result, worked out here only.

    From the recorded vote for a motion carried; "fail" for one lost; none for one withdrawn or deferred.
    """
    if decision.outcome is Outcome.LOST:
        return "fail"
    if decision.outcome is not Outcome.CARRIED or decision.vote is None:
        return None
    return _vote_result(decision.vote)


def _named(named: Named | None) -> dict[str, str | None] | None:
    return None if named is None else {"person_id": named.person or None, "post_id": named.post or None}


def _owner(archive: Archive, owner: OwnerRef) -> dict[str, Any]:
    entity_type = {"person": "person", "post": "post"}.get(owner.kind, "organization")
    record = {"entity_type": entity_type, "entity_id": owner.id, "name": owner_name(archive, owner)}
    return {**record, "holder_id": owner.holder or None} if owner.kind == "post" else record


def action_record(archive: Archive, texts: RenderedTexts, site: SiteInfo, record: ActionRecord) -> dict[str, Any]:
    action = record.action
    return {
        "id": action.uid,
        "meeting_id": record.meeting.id,
        "organization_id": record.meeting.body,
        "date": record.meeting.date.isoformat(),
        "item": action.item,
        "text": text_of(texts, action.uid),
        "owners": [_owner(archive, o) for o in action.owners],
        "due_date": action.due.isoformat() if action.due else None,
        "status": record.status.value,
        "overdue": record.overdue,
        "carried_over": record.carried_over,
        "closed_on": record.closed_on.isoformat() if record.closed_on else None,
        "history": [
            {"date": u.date.isoformat(), "meeting_id": u.meeting, "status": u.status.value, "note": u.note}
            for u in record.history
        ],
        "sources": [link(site, action_url(action.uid), "Action in the archive")],
    }
