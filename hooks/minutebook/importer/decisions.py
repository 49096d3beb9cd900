"""Decisions in the words minutes use, with the motion's outcome, the vote as written, proposer and seconder.

Minutes record a decision as "RESOLVED that …", "It was unanimously agreed
that …", "The Board agreed …", "These were moved as correct", "Approved, 9-1-0",
"Motion Carried 6-0", "proposed …; seconded …; 7 for, 1 abstention; Carried",
"DO CONFIRM, 1002", a table of "Moved by / Seconded by / Vote / Status", or a
list after "RESOLVED:" or "The following decisions were taken". A motion that
was lost, withdrawn or deferred keeps that outcome, so it is never published
as a decision taken. An opinion the meeting agreed with ("it was agreed this
was disappointing") is not a decision, nor is an agreement made earlier ("as
previously agreed").
"""

from __future__ import annotations

import re

from .facts import ParsedDecision, Unit, sentence
from .votes import (
    NAME,
    OUTCOME_ONLY,
    only_outcome,
    outcome_of,
    proposed_motion,
    read_proposal,
    read_vote,
    vote_sentences,
)
from .when import find_date

SKIP = re.compile(
    r"\b(?:as\s+(?:previously\s+|already\s+|was\s+)?agreed|having\s+(?:been\s+)?agreed|(?:had|has|have)\s+(?:previously\s+)?"
    r"(?:been\s+)?(?:agreed|approved|accepted|resolved)|previously\s+(?:agreed|approved)|if\s+(?:agreed|approved)"
    r"|to\s+be\s+(?:agreed|approved)|not\s+(?:yet\s+)?(?:agreed|approved)|agreed\s+with\b|would\s+be\s+agreed"
    r"|awaiting|once\s+(?:agreed|approved)|until\s+(?:agreed|approved)|to\s+agree\b|need(?:s|ed)?\s+to\b"
    r"|not\s+(?:necessary|put|moved|required|taken|considered)|would\s+like)",
    re.IGNORECASE,
)
RESOLVED = re.compile(r"(?<!un)\bresolved\b(?!\s+(?:itself|issues?|problems?))", re.IGNORECASE)
AGREED = re.compile(r"\b(?:agreed|agrees?|decided)\b", re.IGNORECASE)
PASSIVE = re.compile(
    r"\b(?:has|have)\s+been\s+(?:unanimously\s+)?(?:approved|adopted|ratified)\b"
    r"|\b(?:was|were)\s+(?:(?:all|duly|unanimously|formally|then)\s+)?(?:approved|accepted|adopted|ratified|endorsed"
    r"|confirmed|elected|re-elected|appointed|co-opted|carried|passed|agreed|resolved)\b",
    re.IGNORECASE,
)
# "The board approves the proposed use", "The Council agrees to …": the body deciding, said in the present
BODY_DECIDES = re.compile(
    r"\b(?:board|council|committee|trustees|governors|directors|members|meeting)\s+(?:unanimously\s+)?"
    r"(?:approves|agrees|accepts|adopts|endorses|resolves|supports)\b(?!\s+(?:with|in\s+principle\s+with)\b)",
    re.IGNORECASE,
)
# "Grants approved", "Individual members approved": a heading that says what its list is
DECIDED_LIST = re.compile(r"\b(?:approved|agreed|adopted|accepted|ratified|elected|appointed|co-opted)$", re.IGNORECASE)
RECORD = re.compile(
    r"\b(?:moved|accepted|agreed|approved|confirmed|signed|adopted)\s+(?:\w+\s+){0,2}?as\s+(?:a\s+|an\s+)?(?:true|correct|accurate)\b"
    r"|\btrue\s+(?:and\s+accurate\s+)?record\b",
    re.IGNORECASE,
)
# not "accepted from: …", the words leading into a list of apologies
LEADING = re.compile(r"^(?:approved|agreed|accepted|carried|adopted|resolved|passed)\b(?!\s+(?:from|by)\b)", re.I)
UNANIMOUS = re.compile(r"\bunanimously\s+(?:approved|agreed|accepted|carried|adopted|resolved|passed)\b", re.IGNORECASE)
MINUTES_AGREED = re.compile(
    r"^the\s+minutes\s+(?:were|was)\s+(?P<verb>agreed|approved|confirmed|accepted)\s+as\s+an?\s+(?P<kind>true|correct|accurate)"
    r"\s+record\.?$",
    re.IGNORECASE,
)
DO_MOTION = re.compile(r"\bDO\s+(?:CONFIRM|APPROVE|PASS|ADOPT|APPOINT|RATIFY|ACCEPT|ELECT)\b")
ELECTED = re.compile(rf"^(?P<who>{NAME})\s+(?:was\s+)?(?:elected|appointed|co-opted|re-elected)\b")
VOTED = re.compile(r"\bvoted\s+(?:unanimously\s+)?(?:in\s+favou?r|unanimously|to\s+(?:approve|adopt|accept))\b", re.I)
# "A decision was made to …", not "No decisions were made on these points"
DECISION_MADE = re.compile(
    r"(?<!\bno\s)(?<!\bany\s)\bdecisions?\s+(?:was\s+|were\s+)?(?:made|taken|reached)\b(?!\s+(?:yet|on\s+these))",
    re.IGNORECASE,
)
PARTS_INTRO = re.compile(
    r"(?:\b(?:resolved|agreed|decided)\b(?:\s+(?:to|that))?\s*:?\s*$|\bwas\s+resolved\s*:)",
    re.IGNORECASE,
)
# "… seconded by Cllr Hand - Unanimously agreed": the motion's outcome ending its sentence, not a list to come
OUTCOME_TAIL = re.compile(r"(?:\bunanimously|\ball|[-–—])\s+(?:agreed|resolved|decided)\s*\.?$", re.IGNORECASE)
MODAL = re.compile(r"\b(?:would|should|will|shall|must|could|can)\b", re.IGNORECASE)
OPINION = re.compile(
    r"^(?:that\s+)?(?:this|it|these|everything|there|all|that)\b[^.]{0,80}?\b(?:was|were|is|are|had|looked|seemed)\b",
    re.IGNORECASE,
)
GROUP_SUBJECT = re.compile(
    r"\b(?:board|council|committee|councillors|members|governors|trustees|directors|meeting|all|everyone|cc|senate|"
    r"group|panel|forum|parish|it|we|they|steering)\s*$",
    re.IGNORECASE,
)
TABLE_KEYS = {
    "moved by": "proposer",
    "proposed by": "proposer",
    "mover": "proposer",
    "seconded by": "seconder",
    "seconder": "seconder",
    "vote": "vote",
    "votes": "vote",
    "result": "status",
    "status": "status",
    "outcome": "status",
    "motion": "motion",
}


MOTION_TEXT = re.compile(r"\b(?:moved|proposed|motion|moves|proposes|seconded|nominat\w*)\b", re.IGNORECASE)
SAID = re.compile(r"\b(?:carried|agreed|approved|passed|lost|defeated|failed|unanimous(?:ly)?)\b", re.IGNORECASE)
SECONDING_ONLY = re.compile(
    r"^(?:(?:seconded|proposed|moved|nominated)(?:\s+by)?\s*:?\s*@?[\w .'’-]{1,40}"
    r"|@?[\w .'’-]{1,40}\s+(?:seconds|seconded)(?:\s+(?:it|the\s+motion))?)\.?$",
    re.IGNORECASE,
)
OUTCOME_LEAD = re.compile(
    r"^(?:(?:it\s+was|this\s+was|motion|the\s+motion\s+was)\s+)?(?:unanimously\s+|all\s+|duly\s+)?"
    r"(?:approved|agreed|carried|confirmed|passed|adopted|accepted|say\s+aye|in\s+favou?r)\b(?!\s+(?:from|by)\b)",
    re.IGNORECASE,
)
RECOMMENDATION = re.compile(
    r"\b(?:recommend(?:ed|s)?\s+(?:for\s+)?(?:approval|refusal)|(?:approval|refusal)\s+recommended"
    r"|no\s+(?:objections?|observations)(?:\s+(?:raised|made|were\s+raised))?|(?:pass(?:ed)?|approved|accepted|agreed)"
    r"\s+for\s+payment)\b",
    re.IGNORECASE,
)
FOLLOWING = re.compile(
    r"\bfollowing\s+(?:decisions|resolutions|motions)\s+(?:were|was)\s+(?:taken|made|agreed|passed)\b", re.I
)
MARKER = re.compile(r"^\(?(?P<mark>[a-z]|[ivx]+|\d+)[.)]\s")


def _marker_class(text: str) -> str:
    match = MARKER.match(text)
    if not match:
        return ""
    mark = match["mark"]
    return "digit" if mark.isdigit() else "roman" if re.fullmatch(r"[ivx]+", mark) else "letter"


def read_decisions(units: list[Unit], item: str, meeting_date: str = "", title: str = "") -> list[ParsedDecision]:
    """The decisions in one item's units, in order; ``title`` stands in for "DO APPROVE" with nothing before it."""
    listed = [unit for unit in units if unit.text.strip()]
    if DECIDED_LIST.search(title.strip()) and listed and all(unit.depth >= 0 for unit in listed):
        # "## Grants approved" over "- PyCon PH: USD $500.00" …: the heading is the decision, its list what it took
        text = f"{title.strip()}: " + "; ".join(unit.text.strip().rstrip(".;") for unit in listed)
        return [_decision(item, text, listed[0].line)]
    out: list[ParsedDecision] = []
    parts_depth: int | None = None
    parts_class = ""
    parts_paragraph = False  # the intro ended a paragraph: the next paragraph may be the one resolution
    just_decided = False
    pending = ("", "")
    previous = title
    record: dict[str, str] = {}
    record_line = 0
    substance = title  # what a bare "Unanimously approved." approves: the last thing said that was not a vote
    for unit in units:
        if unit.margin and (RECOMMENDATION.search(unit.margin) or SAID.search(unit.margin)):
            unit = Unit(unit.line, f"{unit.text} {unit.margin}", unit.depth)  # "…   Approval recommended."
        if unit.cells:
            key = TABLE_KEYS.get(unit.cells[0].strip().lower().rstrip(":"))
            if key and len(unit.cells) > 1:
                record[key] = " ".join(unit.cells[1:]).strip()
                record_line = record_line or unit.line
                continue
            continue
        if record:
            _flush_record(record, previous, item, record_line, out)
            record, record_line = {}, 0
        if parts_depth is not None:
            marker = _marker_class(unit.text)
            if parts_paragraph and unit.depth < 0 and not marker:
                # "Proposed by A; Seconded by B. And Resolved:" then the resolution as a paragraph of its own
                parts_depth, parts_paragraph = None, False
                if not _later_addendum(unit.text.strip(), meeting_date):
                    decision = _decision(item, unit.text.strip(), unit.line)
                    if pending[0] and not decision.proposer:
                        decision = _with(decision, proposer=pending[0], seconder=pending[1])
                    pending = ("", "")
                    out.append(decision)
                    just_decided = True
                continue
            parts_paragraph = False
            if (unit.depth >= parts_depth and not marker) or (marker and parts_class in ("", marker)):
                parts_class = parts_class or marker
                text = unit.text.strip()
                if not _later_addendum(text, meeting_date):
                    out.append(_decision(item, text, unit.line))
                continue
            parts_depth, parts_class = None, ""
        paragraph = unit.text if unit.depth < 0 else previous
        said = vote_sentences(unit.text)
        for position, text in enumerate(said):
            if position:
                previous = said[position - 1]
            if FOLLOWING.search(text) or (
                PARTS_INTRO.search(text) and not _content_after_trigger(text) and not OUTCOME_TAIL.search(text)
            ):
                parts_depth = max(unit.depth, 0) if unit.depth >= 0 else 0
                parts_paragraph = unit.depth < 0 and position == len(said) - 1
                continue
            if out and just_decided and only_outcome(text):
                # "Carried 3 for, 0 against, 1 abstention." after the motion: its outcome and vote
                last = out[-1]
                extra = _decision(item, last.text, last.line, text)
                out[-1] = ParsedDecision(
                    last.item,
                    last.text,
                    last.line,
                    extra.outcome if extra.outcome != "carried" else last.outcome,
                    extra.vote or last.vote,
                    last.proposer or extra.proposer,
                    last.seconder or extra.seconder,
                )
                continue
            if SECONDING_ONLY.match(text):
                pending = read_proposal(text) if read_proposal(text)[0] else pending
                continue  # "Proposed by: Cart", "Kevin Horn seconds": who moved it, not what
            if (
                only_outcome(text)
                and previous
                and MOTION_TEXT.search(previous)
                and not (SECONDING_ONLY.match(previous) and not re.search(r"\bto\s+[a-z]", previous))
                and not just_decided
            ):
                # "It was moved by A, seconded by B, that … . MOTION CARRIED 6-0": the motion is the decision
                found: str | None = previous
                whole = f"{previous} {text}"
            elif _bare_outcome(text) and substance and not just_decided:
                # "Unanimously approved." under "Cart for President." or a motion's title
                found, whole = f"{substance} {text}" if substance != title else f"{title}: {text}", text
            else:
                found, whole = read_decision_sentence(text, previous), text
            if not _bare_outcome(text):
                substance = text
            just_decided = bool(found)
            if found:
                decision = _decision(item, found, unit.line, whole)
                if pending[0] and not decision.proposer:
                    decision = _with(decision, proposer=pending[0], seconder=pending[1])
                pending = ("", "")
                out.append(decision)
            elif read_proposal(text)[0]:
                pending = read_proposal(text)  # "Proposed by A, seconded by B." before (or after) the motion
                if out and out[-1].line >= unit.line - 3 and not out[-1].proposer:
                    out[-1] = _with(out[-1], proposer=pending[0], seconder=pending[1])
                    pending = ("", "")
        if unit.depth < 0:
            previous = paragraph
    if record:
        _flush_record(record, previous, item, record_line, out)
    return out


def _bare_outcome(text: str) -> bool:
    """ "Unanimously approved.", "Confirmed", "Carried, with discussion of the term": an outcome with little else."""
    match = OUTCOME_LEAD.match(text)
    if not match:
        return False
    rest = re.sub(r"\[[^\]]*\]?|\([^)]*\)|\d+", " ", text[match.end() :])
    return len(_meaning(rest)) <= 4 and not re.match(r"^\s*(?:that|to)\b", rest, re.IGNORECASE)


def _with(decision: ParsedDecision, proposer: str, seconder: str) -> ParsedDecision:
    return ParsedDecision(
        decision.item, decision.text, decision.line, decision.outcome, decision.vote, proposer, seconder, decision.sure
    )


def _content_after_trigger(text: str) -> bool:
    tail = re.split(r"\b(?:resolved|agreed|decided|decisions\s+were\s+taken)\b", text, flags=re.IGNORECASE)[-1]
    return len(re.findall(r"[A-Za-z]{3,}", tail)) >= 3 and not text.rstrip().endswith(":")


def _later_addendum(text: str, meeting_date: str) -> bool:
    """ "(30/11/2023) …": a note added after the meeting, not a decision taken at it."""
    match = re.match(r"^\(([^)]{6,12})\)", text)
    found = find_date(match[1]) if match else None
    return bool(found and meeting_date and found.value > meeting_date)


def read_decision_sentence(text: str, previous: str = "") -> str | None:
    """The decision's text if ``text`` records one; ``previous`` stands in for "This was agreed"."""
    if SKIP.search(text) and not RECORD.search(text):
        return None
    if re.search(r"\bto\s+be\s+decided\b", text, re.I) and not LEADING.match(text):
        return None
    if re.match(
        # the name as a name (capitals), so "agreed that Engineering staff would attend" stays a decision
        rf"^(?i:it\s+was\s+)?(?i:agreed|confirmed)\s+(?i:that)\s+(?!The\b|It\b|We\b|They\b|This\b|A\b|An\b|All\b|In\b){NAME}"
        r"\s+(?i:would|will|should|to)\b(?!\s+(?i:be|become|remain)\b)",
        text,
    ):
        return None  # "Agreed that Matt Travis would look at …": an action
    proposer, seconder = read_proposal(text)
    trigger = (
        RECOMMENDATION.search(text)
        or (
            proposer
            and seconder
            and (re.search(r"\bthat\b|\bbe\s+\w+ed\b", text) or read_vote(text) or SAID.search(text))
        )
        # "Cllr Lee proposed closing the meeting, seconded by Cllr Hull": a motion seconded is put, and carried
        # unless the minutes say otherwise; one that only names someone ("proposed Cllr Hull") waits for its decision
        or re.search(r"\b[a-z]{3,}", proposed_motion(text))
        or RECORD.search(text)
        or DO_MOTION.search(text)
        or UNANIMOUS.search(text)
        or LEADING.match(text)
        or ELECTED.match(text)
        or VOTED.search(text)
        or DECISION_MADE.search(text)
        or PASSIVE.search(text)
        or RESOLVED.search(text)
        or BODY_DECIDES.search(text)
    )
    if not trigger:
        agreed = AGREED.search(text)
        if not agreed or not _agreed_is_decision(text, agreed):
            outcome = OUTCOME_ONLY.search(text)
            if not outcome:
                return None
    record = MINUTES_AGREED.match(text)
    date = find_date(previous) if record and previous else None
    if record and date:
        verb, kind = record["verb"].lower(), record["kind"].lower()
        return (
            f"The minutes of the previous meeting ({previous[date.start : date.end]}) were {verb} as a {kind} record."
        )
    if RECORD.search(text) and re.search(r"\bminutes\b", text, re.IGNORECASE):
        return text
    anaphoric = re.match(
        r"^(?:this|that|these|it|which)\s+(?:was|were|is)\b(?!\s+(?:\w+\s+)?(?:resolved|agreed|decided)\s+(?:that|to)\b)"
        r"(?!\s+(?:\w+\s+)?(?:moved|proposed|seconded|resolved|agreed|decided|unanimously)\b)",
        text,
        re.I,
    )
    if previous and (anaphoric or len(_meaning(text)) <= 2 or (proposer and not _meaning(_without_motion(text)))):
        return f"{previous} {text}".strip()
    return text


def _without_motion(text: str) -> str:
    """The sentence without who moved it and how it went: what is left is what was decided."""
    for name in read_proposal(text):
        text = text.replace(name, " ") if name else text
    return re.sub(
        r"\b(?:proposed|seconded|moved|by|unanimously|carried|agreed|approved|resolved|all|in|favou?r)\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )


def _meaning(text: str) -> set[str]:
    from .accuracy import content_words

    return content_words(re.sub(r"\b(?:council(?:lor)?s?|board|committee|members|meeting)\b", " ", text, flags=re.I))


def _agreed_is_decision(text: str, agreed: re.Match[str]) -> bool:
    before, after = text[: agreed.start()].strip(), text[agreed.end() :].strip()
    subject = re.sub(r"^(?:it\s+was|and|but|so|then|after\s+discussion,?)\s*", "", before, flags=re.I).strip(" ,")
    subject = re.sub(
        r"\b(?:it\s+)?(?:was|were|is|are|had|unanimously|all|also|therefore|then)\s*$", "", subject, flags=re.I
    )
    subject = subject.strip(" ,")
    if re.search(r"\b(?:he|she|i|you)$", subject, re.IGNORECASE):
        return False  # "and he agrees": one person's view
    if agreed.group(0).lower() in ("agree", "agrees") and not GROUP_SUBJECT.search(before):
        return False  # the present tense is a decision only for the meeting as a whole ("All agree that …")
    if subject and not GROUP_SUBJECT.search(subject) and re.search(rf"(?:^|\s){NAME}$", subject):
        if not re.match(r"^(?:it|the|this|after|following|having)\b", subject, re.I):
            return False  # "MW agreed to write …": one person's undertaking, an action
    if re.match(r"^,?\s*(?:stating|saying|with|on|upon)\b", after, re.I):
        return False
    clause = re.sub(r"^(?:by\s+the\s+\w+\s+)?(?:that\s+)?(?:in\s+principle,?\s*)?", "", after, flags=re.I)
    if OPINION.match(after) and not MODAL.search(after) and not RECORD.search(text):
        return False
    if re.match(
        rf"^(?:that\s+)?{NAME}\s+(?:would|will|should|to)\b(?!\s+(?:be|become|remain)\b)", after
    ) and not re.match(r"^(?:that\s+)?(?:the|it|we|they|this|a|an|all|in)\b", after, re.I):
        return False  # "Agreed that Matt Travis would look at …": an action
    return bool(clause) or bool(re.search(r"\bin\s+principle\b", after, re.I))


def _decision(item: str, text: str, line: int, whole: str = "") -> ParsedDecision:
    source = whole or text
    proposer, seconder = read_proposal(source)
    return ParsedDecision(item, sentence(text), line, outcome_of(source), read_vote(source), proposer, seconder)


def _flush_record(record: dict[str, str], previous: str, item: str, line: int, out: list[ParsedDecision]) -> None:
    """A motion laid out as a table (Moved by / Seconded by / Vote / Status) is one decision."""
    if not (record.get("status") or record.get("vote")):
        return
    text = record.get("motion") or previous
    status = record.get("status", "") + " " + record.get("vote", "")
    decision = _decision(item, text, line, status)
    out.append(
        ParsedDecision(
            decision.item,
            decision.text,
            decision.line,
            decision.outcome,
            read_vote(record.get("vote", "")) or decision.vote,
            record.get("proposer", ""),
            record.get("seconder", ""),
        )
    )
