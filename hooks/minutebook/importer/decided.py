"""Whether one sentence of minutes records a decision, and the words of what was decided.

"RESOLVED that …", "It was unanimously agreed that …", "The Board agreed …",
"These were moved as correct", "Approval recommended", "DO CONFIRM", "voted in
favour": each of these says a decision was taken. An opinion the meeting agreed
with ("it was agreed this was disappointing"), an agreement made earlier ("as
previously agreed") or one person's undertaking ("MW agreed to write …") is not.
"""

from __future__ import annotations

import re

from .votes import NAME, OUTCOME_ONLY, proposed_motion, read_proposal, read_vote
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
    if previous and (anaphoric or len(meaning(text)) <= 2 or (proposer and not meaning(_without_motion(text)))):
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


def meaning(text: str) -> set[str]:
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


def bare_outcome(text: str) -> bool:
    """ "Unanimously approved.", "Confirmed", "Carried, with discussion of the term": an outcome with little else."""
    match = OUTCOME_LEAD.match(text)
    if not match:
        return False
    rest = re.sub(r"\[[^\]]*\]?|\([^)]*\)|\d+", " ", text[match.end() :])
    return len(meaning(rest)) <= 4 and not re.match(r"^\s*(?:that|to)\b", rest, re.IGNORECASE)


def content_after_trigger(text: str) -> bool:
    tail = re.split(r"\b(?:resolved|agreed|decided|decisions\s+were\s+taken)\b", text, flags=re.IGNORECASE)[-1]
    return len(re.findall(r"[A-Za-z]{3,}", tail)) >= 3 and not text.rstrip().endswith(":")
