#!/usr/bin/env python3
"""Write a seeded synthetic archive of meeting minutes in the Minutebook format.

    gen_corpus.py N OUT [--seed S] [--people P] [--end YYYY-MM-DD] [--force]

OUT gets people.yml, bodies.yml, documents/ and one <year>/<date>-<body>.md per meeting.
The output is a pure function of (N, seed, people, end): every random choice comes from one
``random.Random(seed)`` consumed in a fixed order, and everything is sorted explicitly, so two
runs are byte-identical. It is for tests and benchmarks only; the real archive lives in meetings/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_END = dt.date(2026, 10, 30)
TOWN = "Eastmere"

# fmt: off
FIRST_NAMES = [
    "Aaron", "Abigail", "Adam", "Aisha", "Alan", "Alison", "Amir", "Andrew", "Angela", "Anna", "Barbara", "Ben",
    "Bernie", "Bethan", "Bill", "Carly", "Carol", "Catherine", "Chloë", "Chris", "Ciarán", "Claire", "Colin",
    "Dafydd", "Daniel", "David", "Deborah", "Declan", "Denise", "Eileen", "Elizabeth", "Emma", "Eric", "Fatima",
    "Fiona", "Frank", "Gareth", "Gemma", "Geoff", "Gillian", "Graham", "Hannah", "Harpreet", "Helen", "Ian",
    "Imran", "Irene", "Jack", "James", "Janet", "Jean", "Jill", "Joe", "John", "Julie", "Karen", "Kevin",
    "Lesley", "Linda", "Lorna", "Louise", "Maggie", "Malcolm", "Margaret", "Mark", "Martin", "Mohammed",
    "Natalie", "Neil", "Nick", "Niamh", "Olu", "Pamela", "Paul", "Paula", "Peter", "Phil", "Priya", "Rachel",
    "Rajesh", "Rebecca", "Renée", "Richard", "Rob", "Ruth", "Sandra", "Sarah", "Seán", "Sharon", "Simone",
    "Siân", "Stephen", "Stuart", "Susan", "Thomas", "Tony", "Tracey", "Wendy", "Yusuf", "Zoë",
]
SURNAMES = [
    "Adeyemi", "Ahmed", "Ainsworth", "Atkinson", "Bailey", "Banham", "Barker", "Bennett", "Boyce", "Bradshaw",
    "Brennan", "Brown", "Butler", "Campbell", "Carter", "Chadwick", "Chowdhury", "Clarke", "Clegg", "Collins",
    "Connolly", "Cooper", "Crawford", "Davies", "Dawson", "Dixon", "Doherty", "Doyle", "Edwards", "Ellis",
    "Evans", "Farrell", "Fenwick", "Fletcher", "Foster", "Gallagher", "Gilchrist", "Gordon", "Graham", "Green",
    "Gunatilleke", "Hall", "Harrison", "Hartley", "Hassall", "Hayes", "Hughes", "Hussain", "Jackson", "James",
    "Jarmay", "Johnson", "Jones", "Kaur", "Kelly", "Kennedy", "Khan", "Lawson", "Lee", "Lewis", "Lloyd", "Lowe",
    "McBride", "McCarthy", "McDonald", "Marsh", "Mason", "Mooney", "Morgan", "Morris", "Murphy", "Myers",
    "Nguyen", "Nolan", "Nwosu", "O'Brien", "O'Neill", "Okafor", "Owen", "Palmer", "Parry", "Patel", "Pearson",
    "Phillips", "Price", "Quigley", "Quinn", "Rennie", "Reynolds", "Richards", "Roberts", "Robinson", "Rogers",
    "Ryan", "Shah", "Sharma", "Shaw", "Singh", "Smith", "Stewart", "Sullivan", "Taylor", "Thomas", "Thompson",
    "Turner", "Usher", "Walker", "Wallace", "Walsh", "Wareing", "Watson", "White", "Whitfield", "Williams",
    "Wilson", "Wood", "Wright", "Yates", "Young",
]
OFFICER_TITLES = [
    "Chief Executive", "Director of Children's Services", "Director of Finance", "Director of Public Health",
    "Head of Practice Improvement", "Head of Legal Services", "Head of Planning", "Head of Internal Audit",
    "Assistant Director for Modernisation and Support", "Assistant Director for Early Help and Prevention",
    "Principal Performance and Improvement Officer", "Performance and Improvement Manager",
    "Democratic Services Officer", "Senior Planning Officer", "Development Management Manager",
    "Highways Development Control Engineer", "Licensing Manager", "Senior Licensing Officer",
    "Legal Adviser", "Chief Internal Auditor", "Risk and Insurance Manager", "Treasury Manager",
    "Head of Safeguarding", "Principal Social Worker", "Head of School Improvement", "Housing Strategy Manager",
    "Environmental Health Manager", "Communications Manager", "Engagement Officer", "Data Protection Officer",
]
PARTNER_ROLES = [
    "Director of Nursing, Eastmere Clinical Commissioning Group", "Area Commander, Eastmere Constabulary",
    "Representative of Eastmere Association of Secondary Headteachers", "Chair of the Safeguarding Partnership",
    "Chair of Eastmere Primary Headteachers' Group", "Chief Executive, Eastmere Voluntary Action",
    "Independent Member", "Co-opted Member", "Healthwatch Eastmere representative",
]
CLLR_ROLES = [
    "Leader of the Council", "Deputy Leader of the Council", "Leader of the Liberal Democrat Group",
    "Leader of the Conservative Group", "Deputy Leader of the Conservative Group", "Leader of the Green Group",
    "Cabinet Member for Children and Families", "Cabinet Member for Finance", "Cabinet Member for Housing",
    "Cabinet Member for Highways", "Ward Councillor",
]
# fmt: on


@dataclass(frozen=True)
class BodySpec:
    """A body that meets: its fixed shape before any meeting is drawn."""

    id: str
    name: str
    kind: str
    every_days: int  # usual interval; a multiple of 7 keeps the weekday fixed, as councils do
    start: str
    location: str
    topics: tuple[str, ...]
    nouns: tuple[str, ...]


BODY_SPECS = (
    BodySpec(
        "planning-committee",
        "Planning Committee",
        "committee",
        7,
        "18:00",
        "Eastmere Town Hall, Council Chamber",
        (
            "Land east of Station Road",
            "Former library, Church Street",
            "Mill Lane allotments",
            "Harbour View apartments",
            "Rear of 14 to 22 Victoria Terrace",
            "Brookfield Farm",
            "Old bus depot, Canal Street",
            "Five-year housing land supply",
            "Planning appeals update",
        ),
        (
            "the design and layout of the scheme",
            "highway safety at the junction",
            "the provision of affordable housing",
            "the loss of open space",
            "drainage and flood risk",
            "the five-year housing land supply",
            "the effect on neighbouring residents",
            "parking provision",
            "the conservation area appraisal",
            "the number of objections received",
        ),
    ),
    BodySpec(
        "licensing-committee",
        "Licensing Committee",
        "committee",
        14,
        "10:00",
        "Eastmere Town Hall, Committee Room 2",
        (
            "Premises licence review: The Crown, High Street",
            "Taxi and private hire licensing policy",
            "Street trading consents",
            "Statement of gambling policy",
            "Sex establishment licensing policy",
            "Licensing fees and charges",
            "Cumulative impact assessment",
        ),
        (
            "the conditions attached to the licence",
            "complaints from residents about noise",
            "the safeguarding training for drivers",
            "the cumulative impact zone",
            "the fee levels for the coming year",
            "enforcement activity in the town centre",
            "the consultation responses",
            "the views of the police",
        ),
    ),
    BodySpec(
        "children-and-families-committee",
        "Children and Families Committee",
        "committee",
        14,
        "18:30",
        "Eastmere Town Hall, Committee Room 1",
        (
            "School place planning",
            "Special educational needs transport",
            "Youth service review",
            "Foster carer recruitment",
            "Children's services performance report",
            "Early help strategy",
            "Holiday activities programme",
        ),
        (
            "the demand for school places",
            "the cost of home to school transport",
            "the number of children in care",
            "the recruitment of foster carers",
            "waiting times for assessments",
            "the early help offer",
            "attendance at youth clubs",
            "the sufficiency of placements",
        ),
    ),
    BodySpec(
        "improvement-board",
        "Eastmere Improvement Board",
        "board",
        28,
        "14:00",
        "Wallasey Town Hall, Committee Room 1",
        (
            "Performance and data update",
            "Inspection monitoring visit",
            "Workforce and caseloads",
            "Focus group: partnership working",
            "Quality assurance framework",
            "Practice improvement plan",
            "Working Together: safeguarding arrangements",
        ),
        (
            "caseloads across the assessment teams",
            "the timeliness of child protection conferences",
            "the number of agency social workers",
            "the quality of supervision",
            "re-referral rates",
            "attendance of partners at strategy meetings",
            "the span of control of team managers",
            "the findings of the latest audit",
        ),
    ),
    BodySpec(
        "audit-and-risk-committee",
        "Audit and Risk Committee",
        "committee",
        28,
        "10:00",
        "Eastmere Town Hall, Committee Room 3",
        (
            "Internal audit progress report",
            "Corporate risk register",
            "External audit plan",
            "Treasury management update",
            "Counter-fraud annual report",
            "Statement of accounts",
            "Annual governance statement",
        ),
        (
            "the outstanding audit recommendations",
            "the corporate risk register",
            "the council's borrowing position",
            "the timetable for the statement of accounts",
            "the counter-fraud caseload",
            "the assurance framework",
            "the value for money conclusion",
            "the level of reserves",
        ),
    ),
)
TEAMS = (
    ("social-care", "Social Care"),
    ("highways-and-transport", "Highways and Transport"),
    ("finance-and-procurement", "Finance and Procurement"),
)

GENERIC_NOUNS = (
    "the budget for the coming year",
    "the consultation with residents",
    "the staffing position",
    "the timetable for implementation",
    "the equality impact assessment",
    "the latest performance figures",
    "the response rate to the survey",
    "the capital programme",
    "the complaints received in the quarter",
    "the partnership agreement",
    "the communications plan",
    "the data sharing protocol",
)
GROUPS = (
    "families in the north of the borough",
    "older residents",
    "young carers",
    "small businesses",
    "people living in rented homes",
    "disabled residents",
    "schools in the area",
    "the voluntary sector",
)
REASONS = (
    "staff vacancies",
    "the late receipt of data",
    "delays from the supplier",
    "the need for further consultation",
    "a change in national guidance",
    "the pre-election period",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
INTERESTS = (
    "A relative works for the applicant",
    "Governor of a school named in the report",
    "Member of a body consulted on the proposals",
)
SENTENCES = (
    "{p} introduced the report on {topic}, which set out {n} and the progress made since the last meeting.",
    (
        "{p} asked whether {n} would be reviewed before the end of {m}; "
        "{q} replied that a fuller report would come back to a future meeting."
    ),
    "Members noted that {n} had improved by {k} per cent over the quarter, although {n2} remained a concern.",
    (
        "{p} explained that the service had received {k} referrals in the period, "
        "compared with {k2} in the same period last year."
    ),
    (
        "There was a discussion about {n}, and members agreed that further work was needed on {n2} "
        "before any decision was taken."
    ),
    "{p} welcomed the progress on {n} and thanked officers for the considerable work that had gone into it.",
    "In response to a question from {p}, {q} confirmed that {n} was on track and within the agreed budget.",
    "{p} raised concerns about {n}, particularly its impact on {g}, and asked that this be monitored closely.",
    "It was noted that the figures for {m} would be circulated to members by email after the meeting.",
    "{p} reminded members that {n} was a statutory requirement and was likely to be examined at the next inspection.",
    "{p} said that partners were working together on {n}, and that a joint plan would be presented in {m}.",
    "There was a debate about the resources available for {n}; {p} suggested that {n2} should be prioritised.",
    "Members asked for a breakdown of {n} by ward, which {q} agreed to provide before the next meeting.",
    "{p} reported that {k} members of staff had completed training on {n} since the last report.",
    "The meeting heard that work on {n} had been delayed by {k} weeks because of {r}.",
    "{p} noted that the risk register had been updated to reflect {n} and the mitigating actions agreed.",
    "{q} gave a short presentation on {n}, drawing out the implications for {g}.",
    "{p} felt that the report did not yet give enough assurance about {n}, and {q} undertook to strengthen it.",
    "Members agreed that the experience of {g} should be at the centre of the work on {n}.",
    "{p} asked how {n} compared with similar councils; {q} said that Eastmere was in the middle of the range.",
)
PROCEDURAL = {
    "apologies": (
        "Apologies were received as listed above.",
        "The Chair welcomed everyone to the meeting and noted the apologies received.",
        "No further declarations of interest were made.",
    ),
    "minutes": (
        "The minutes of the previous meeting were agreed as a true record.",
        "There were no matters arising that were not covered elsewhere on the agenda.",
    ),
    "aob": (
        "None noted.",
        "There was no other business.",
        "The Chair thanked members for their contributions.",
    ),
}
ACTION_TEXTS = (
    "Circulate a breakdown of {n} to all members.",
    "Bring a further report on {n} to the next meeting.",
    "Meet with partners to agree a joint approach to {n}.",
    "Review {n} and report back with options.",
    "Write to the relevant government department about {n}.",
    "Arrange a briefing session for members on {n}.",
    "Update the risk register to reflect {n}.",
    "Consult {g} on {n} and summarise the responses.",
)
DECISION_TEXTS = (
    "The report on {topic} was noted.",
    "The committee agreed the recommendations in the report on {topic}.",
    "Members approved the proposed approach to {n}.",
    "The recommendation to defer a decision on {n} until further information was available was agreed.",
    "It was resolved to refer {n} to the Cabinet for consideration.",
)
UPDATE_NOTES = {
    "in-progress": (
        "Work under way; a report is expected shortly.",
        "Partly complete.",
        "Meeting arranged with partners.",
    ),
    "done": (
        "Completed and circulated to members.",
        "Event held as planned.",
        "Done; see the report to this meeting.",
    ),
    "dropped": (
        "No longer required following the change in guidance.",
        "Superseded by a new action.",
    ),
}
CONFIDENTIAL_REASONS = (
    "Schedule 12A paragraph 1 (information relating to an individual)",
    "Schedule 12A paragraph 3 (financial or business affairs)",
    "Schedule 12A paragraph 5 (legal professional privilege)",
)
CONFIDENTIAL_TITLES = (
    "Contract award: home care framework",
    "Staffing matter",
    "Legal advice on a planning appeal",
    "Acquisition of land at Canal Street",
)


def slugify_name(text: str) -> str:
    """A permanent id from a name: ASCII, lowercase, hyphens (Zoë O'Brien -> zoe-o-brien)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'()/-]*\Z")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def render_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when unambiguous, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Person:
    """Someone in people.yml, with the forms the minutes may use for them."""

    id: str
    first: str
    last: str
    honorific: str
    aliases: tuple[str, ...]
    title: str  # job title or partner role, used when they attend as an officer or partner

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class BodyState:
    """What a meeting body carries from one of its meetings to the next."""

    spec: BodySpec
    members: list[tuple[str, str, dt.date]]  # (person id, role, from)
    officers: list[str]
    dates: list[dt.date]
    open_actions: list[tuple[str, str]] = field(default_factory=list)  # (action id, status)
    previous: dt.date | None = None


@dataclass(frozen=True)
class MeetingStub:
    """What later meetings may cite of an earlier one."""

    id: str
    decisions: int
    actions: int


@dataclass
class MeetingDraft:
    """One meeting as it is drawn, step by step, before it is written out."""

    id: str
    day: dt.date
    state: BodyState
    draft: bool
    next_day: dt.date
    present: list[tuple[str, str]] = field(default_factory=list)  # (person id, role)
    apologies: list[tuple[str, str]] = field(default_factory=list)
    in_attendance: list[tuple[str, str]] = field(default_factory=list)
    substitutes: list[tuple[str, str]] = field(default_factory=list)  # (person id, for whom)
    chair: str = ""
    speakers: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)  # (kind, title), in agenda order
    numbers: list[int] = field(default_factory=list)  # each item's number, as published
    item_no: dict[str, int] = field(default_factory=dict)  # the number of each kind of item
    business: list[tuple[int, str]] = field(default_factory=list)  # (number, title) of the business items
    updates: list[tuple[str, str, str]] = field(default_factory=list)  # (action id, status, note)
    still_open: list[tuple[str, str]] = field(default_factory=list)  # (action id, status) after the updates
    decisions: list[tuple[int, str, tuple[list[str], list[str], list[str]] | None]] = field(default_factory=list)
    actions: list[tuple[int, list[str], str, dt.date | None]] = field(default_factory=list)
    declarations: list[tuple[str, int, str]] = field(default_factory=list)
    confidential: list[tuple[int, str, str]] = field(default_factory=list)  # (item, reason, summary)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (title, path)
    end_time: str = ""


def build_people(rng: random.Random, count: int) -> list[Person]:
    """``count`` people with unique slugs; councillors and doctors get honorific aliases."""
    pairs = [(first, last) for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(pairs)
    chosen: list[tuple[str, str]] = []
    ids: set[str] = set()
    for first, last in pairs:
        pid = slugify_name(f"{first} {last}")
        if pid in ids:  # Zoë Smith and Zoe Smith would collide after slugging
            continue
        ids.add(pid)
        chosen.append((first, last))
        if len(chosen) == count:
            break
    first_counts: dict[str, int] = {}
    for first, _ in chosen:
        first_counts[first] = first_counts.get(first, 0) + 1
    # Every form a person can be named by must point at one person only.
    taken: set[str] = {f"{first} {last}".lower() for first, last in chosen} | ids
    people = []
    n_cllr, n_dr = count * 3 // 10, count // 20
    for index, (first, last) in enumerate(chosen):
        honorific = "Cllr" if index < n_cllr else "Dr" if index < n_cllr + n_dr else ""
        aliases: list[str] = []
        if honorific:
            candidate = f"{honorific} {last}"
            if candidate.lower() not in taken:
                aliases.append(candidate)
        elif first_counts[first] == 1 and rng.random() < 0.3:
            aliases.append(first)
        taken.update(alias.lower() for alias in aliases)
        if honorific == "Cllr":
            # One Leader of the Council, one of each group leader...; the rest are ward councillors.
            title = CLLR_ROLES[index] if index < len(CLLR_ROLES) else "Ward Councillor"
        elif honorific == "Dr" or rng.random() < 0.15:
            title = rng.choice(PARTNER_ROLES)
        else:
            title = rng.choice(OFFICER_TITLES)
        people.append(
            Person(
                slugify_name(f"{first} {last}"),
                first,
                last,
                honorific,
                tuple(aliases),
                title,
            )
        )
    return people


def build_dates(rng: random.Random, spec: BodySpec, count: int, end: dt.date) -> list[dt.date]:
    """``count`` meeting dates ending near ``end``, ``every_days`` apart with recesses now and then."""
    current = end - dt.timedelta(days=rng.randrange(spec.every_days))
    dates = []
    for _ in range(count):
        dates.append(current)
        gap = spec.every_days + (7 if rng.random() < 0.1 else 0)  # a skipped week or month
        current -= dt.timedelta(days=gap)
    dates.reverse()
    return dates


def split_meetings(total: int) -> list[int]:
    """Meetings per body, in proportion to how often each body meets (largest remainder)."""
    weights = [1 / spec.every_days for spec in BODY_SPECS]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def render_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF showing ``title`` (fixed bytes: no dates, no ids)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def add_minutes(hhmm: str, minutes: int) -> str:
    hours, mins = map(int, hhmm.split(":"))
    total = min(hours * 60 + mins + minutes, 23 * 60 + 45)
    return f"{total // 60:02d}:{total % 60:02d}"


class CorpusWriter:
    """Draws every meeting in date order so later meetings can cite and update earlier ones."""

    def __init__(self, rng: random.Random, people: list[Person], end: dt.date, total: int) -> None:
        self.rng = rng
        self.people = {person.id: person for person in people}
        # Meetings on dates before the one being written: what it may cite.
        self.earlier: list[MeetingStub] = []
        self.bodies: list[BodyState] = []
        cllrs = [p.id for p in people if p.honorific == "Cllr"]
        self.everyone = sorted(self.people)
        self.councillors = sorted(cllrs)
        partners = [p.id for p in people if p.honorific != "Cllr" and p.title in PARTNER_ROLES]
        officers = [p.id for p in people if p.honorific == "" and p.title in OFFICER_TITLES]
        for spec, count in zip(BODY_SPECS, split_meetings(total)):
            dates = build_dates(rng, spec, count, end)
            first = dates[0] if dates else end
            size = rng.randint(9, 14)
            seats = (
                rng.sample(cllrs, size - 3) + rng.sample(partners, 3)
                if spec.kind == "board"
                else rng.sample(cllrs, size)
            )
            members = []
            for index, pid in enumerate(seats):
                role = ("Chair", "Vice-Chair")[index] if index < 2 else self.people[pid].title
                joined = first - dt.timedelta(days=rng.randrange(30, 400))
                if index > 4 and len(dates) > 4 and rng.random() < 0.2:
                    # Joined part-way through: absent from the early meetings' lists.
                    joined = dates[rng.randrange(len(dates) // 2, len(dates))]
                members.append((pid, role, joined))
            self.bodies.append(BodyState(spec, members, rng.sample(officers, 10), dates))

    def render_bodies_yml(self) -> str:
        lines = []
        for state in self.bodies:
            lines += [
                f"{state.spec.id}:",
                f"  name: {render_scalar(state.spec.name)}",
                f"  kind: {state.spec.kind}",
            ]
            lines.append("  members:")
            for pid, role, joined in state.members:
                lines.append(f"    - {{person: {pid}, role: {render_scalar(role)}, from: {joined.isoformat()}}}")
        for team_id, name in TEAMS:
            lines += [f"{team_id}:", f"  name: {render_scalar(name)}", "  kind: team"]
        return "\n".join(lines) + "\n"

    def render_people_yml(self) -> str:
        lines = []
        for pid in sorted(self.people):  # sorted so the file reads like a register
            person = self.people[pid]
            lines += [f"{pid}:", f"  name: {render_scalar(person.name)}"]
            if person.honorific:
                lines.append(f"  honorific: {person.honorific}")
            if person.aliases:
                lines.append(f"  aliases: [{', '.join(render_scalar(a) for a in person.aliases)}]")
        return "\n".join(lines) + "\n"

    def schedule(self) -> list[tuple[dt.date, int, int]]:
        """Every meeting as (date, body index, n-th meeting of that body), in date order."""
        rows = [(day, b, i) for b, state in enumerate(self.bodies) for i, day in enumerate(state.dates)]
        rows.sort()  # by date, then by body order: a total order, so no hash or insertion dependence
        return rows

    # -- references to people: the forms clerks actually write -------------------------------------

    def ref(self, pid: str) -> str:
        """How a list in the front-matter names someone: id mostly, sometimes name or alias."""
        person = self.people[pid]
        roll = self.rng.random()
        if roll < 0.55:
            return pid
        if roll < 0.8:
            return person.name
        if person.aliases and roll < 0.9:
            return person.aliases[0]
        if person.honorific:
            return f"{person.honorific} {person.name}"
        return person.name

    def mention(self, pid: str) -> str:
        """How the prose names someone: full name, or an alias the way minutes do ("Cllr Gilchrist")."""
        person = self.people[pid]
        if person.aliases and self.rng.random() < 0.45:
            return person.aliases[0]
        return person.name

    # -- one meeting -------------------------------------------------------------------------------
    # Each step draws from ``self.rng`` in a fixed order: the steps run in the order render_meeting
    # calls them, and reordering any draw would change every meeting written after it.

    def render_meeting(self, day: dt.date, b: int, index: int, documents: dict[str, bytes]) -> tuple[str, MeetingStub]:
        """One meeting file (front-matter and narrative), and what later meetings may cite of it."""
        rng, state = self.rng, self.bodies[b]
        spec = state.spec
        last = index == len(state.dates) - 1
        meeting = MeetingDraft(
            id=f"{spec.id}/{day.isoformat()}",
            day=day,
            state=state,
            draft=last or (index == len(state.dates) - 2 and rng.random() < 0.3),
            next_day=state.dates[index + 1] if not last else day + dt.timedelta(days=spec.every_days),
        )
        self.draw_attendance(meeting)
        self.draw_agenda(meeting)
        self.draw_updates(meeting)
        self.draw_decisions(meeting)
        self.draw_actions(meeting)
        self.draw_declarations_and_papers(meeting, documents)
        text = "\n".join(self.render_front_matter(meeting) + self.render_narrative(meeting)) + "\n"
        new_actions = [(f"{meeting.id}/a{number}", "open") for number in range(1, len(meeting.actions) + 1)]
        state.open_actions = meeting.still_open + new_actions
        state.previous = day
        return text, MeetingStub(meeting.id, len(meeting.decisions), len(meeting.actions))

    def draw_attendance(self, meeting: MeetingDraft) -> None:
        """Each sitting member is present, sends apologies, or (rarely) is simply absent; officers attend."""
        rng, state = self.rng, meeting.state
        present, apologies = meeting.present, meeting.apologies
        for pid, role, joined in state.members:
            if joined > meeting.day:
                continue
            roll = rng.random()
            if roll < 0.8 or role == "Chair" and roll < 0.92:
                present.append((pid, role))
            elif roll < 0.95:
                apologies.append((pid, role))
        while len(present) < 3 and apologies:  # a meeting needs a quorum
            present.append(apologies.pop(0))
        attending = {pid for pid, _ in present} | {pid for pid, _ in apologies}
        chair = next((pid for pid, role in present if role == "Chair"), None)
        meeting.chair = chair or next((pid for pid, role in present if role == "Vice-Chair"), present[0][0])
        officers = [pid for pid in rng.sample(state.officers, rng.randint(2, 5)) if pid not in attending]
        meeting.in_attendance = [(pid, self.people[pid].title) for pid in officers]
        attending.update(officers)
        if rng.random() < 0.1:  # a guest from anywhere in the register
            guest = rng.choice(self.everyone)
            if guest not in attending:
                meeting.in_attendance.append((guest, self.people[guest].title))
                attending.add(guest)
        if apologies and rng.random() < 0.08:
            stand_in = rng.choice(self.councillors)
            if stand_in not in attending:
                present.append((stand_in, "Substitute member"))
                meeting.substitutes.append((stand_in, apologies[0][0]))
                attending.add(stand_in)
        meeting.speakers = [pid for pid, _ in present] + [pid for pid, _ in meeting.in_attendance]

    def draw_agenda(self, meeting: MeetingDraft) -> None:
        """Procedural items, then the business, numbered as published (gaps now and then)."""
        rng, state, spec = self.rng, meeting.state, meeting.state.spec
        items: list[tuple[str, str]] = [("apologies", "Apologies and declarations of interest")]
        if state.previous:
            items.append(("minutes", f"Minutes of the previous meeting, {long_date(state.previous)}"))
        if state.open_actions:
            items.append(("actions", "Action log"))
        for topic in rng.sample(spec.topics, rng.randint(3, 5)):
            if spec.id == "planning-committee" and not topic.endswith(("supply", "update")):
                topic = f"Application {meeting.day.year % 100:02d}/{rng.randrange(1, 2000):04d}: {topic}"
            items.append(("topic", topic))
        if rng.random() < 0.08:
            items.append(("confidential", rng.choice(CONFIDENTIAL_TITLES)))
        items += [("aob", "Any other business"), ("next", "Date of next meeting")]
        number = 0
        for _ in items:
            number += 2 if number > 2 and rng.random() < 0.04 else 1
            meeting.numbers.append(number)
        meeting.items = items
        meeting.item_no = {kind: n for (kind, _), n in zip(items, meeting.numbers)}
        meeting.business = [(n, title) for (kind, title), n in zip(items, meeting.numbers) if kind == "topic"]

    def draw_updates(self, meeting: MeetingDraft) -> None:
        """Progress reported on open actions from earlier meetings of the body."""
        rng = self.rng
        for aid, status in meeting.state.open_actions:
            if len(meeting.updates) < 6 and rng.random() < 0.35:
                roll = rng.random()
                if status == "open":
                    new = "in-progress" if roll < 0.6 else "done" if roll < 0.9 else "dropped"
                else:
                    new = "done" if roll < 0.85 else "dropped"
                meeting.updates.append((aid, new, rng.choice(UPDATE_NOTES[new])))
                if new == "in-progress":
                    meeting.still_open.append((aid, new))
            else:
                meeting.still_open.append((aid, status))

    def draw_decisions(self, meeting: MeetingDraft) -> None:
        """The last minutes agreed, and a decision or two on the business, now and then by a recorded vote."""
        rng, state = self.rng, meeting.state
        if state.previous:
            record = f"The minutes of the meeting held on {long_date(state.previous)} were agreed as a true record."
            meeting.decisions.append((meeting.item_no["minutes"], record, None))
        for _ in range(1 if state.previous else rng.randint(1, 2)):
            n, topic = rng.choice(meeting.business)
            text = rng.choice(DECISION_TEXTS).format(
                topic=topic.split(": ")[-1].lower(), n=rng.choice(state.spec.nouns)
            )
            vote = None
            voters = [pid for pid, _ in meeting.present]
            if rng.random() < 0.1 and len(voters) >= 3:
                rng.shuffle(voters)
                against = rng.randint(0, len(voters) // 3)
                vote = (sorted(voters[against + 1 :]), sorted(voters[1 : against + 1]), sorted(voters[:1]))
            meeting.decisions.append((n, text, vote))

    def draw_actions(self, meeting: MeetingDraft) -> None:
        """Two to five actions on the business, owned by people at the meeting, teams, or both."""
        rng, spec = self.rng, meeting.state.spec
        for _ in range(rng.randint(2, 5)):
            n, _ = rng.choice(meeting.business)
            owners = [self.ref(rng.choice(meeting.speakers))]
            if rng.random() < 0.25:
                team_id, team_name = rng.choice(TEAMS)
                owners.append(team_id if rng.random() < 0.6 else team_name)
            if rng.random() < 0.2:
                owners = owners[1:] or owners  # a team alone owns it
            text = rng.choice(ACTION_TEXTS).format(n=rng.choice(spec.nouns + GENERIC_NOUNS), g=rng.choice(GROUPS))
            due = meeting.day + dt.timedelta(days=rng.choice((14, 28, 42, 56, 90))) if rng.random() < 0.85 else None
            meeting.actions.append((n, owners, text, due))

    def draw_declarations_and_papers(self, meeting: MeetingDraft, documents: dict[str, bytes]) -> None:
        """Now and then a declaration of interest, an exempt item's summary, a paper (written to ``documents``)."""
        rng, spec = self.rng, meeting.state.spec
        if rng.random() < 0.1:
            n, _ = rng.choice(meeting.business)
            who = rng.choice(meeting.present)[0]
            meeting.declarations.append((who, n, rng.choice(INTERESTS)))
        if "confidential" in meeting.item_no:
            summary = "The meeting considered the matter in private and agreed the recommendations."
            meeting.confidential.append((meeting.item_no["confidential"], rng.choice(CONFIDENTIAL_REASONS), summary))
        if rng.random() < 0.05:
            n, topic = rng.choice(meeting.business)
            title = f"{topic.split(': ')[-1]} (presentation)"
            path = f"documents/{meeting.day.isoformat()}-{spec.id}-{slugify_name(title)}.pdf"
            documents[path] = render_pdf(title)
            meeting.documents.append((title, path))
        meeting.end_time = add_minutes(spec.start, rng.choice((90, 105, 120, 150, 180)))

    def render_front_matter(self, meeting: MeetingDraft) -> list[str]:
        """The front-matter, written by hand so key order and quoting are fixed."""
        rng, spec, q = self.rng, meeting.state.spec, render_scalar
        fm = ["---", f"body: {spec.id}", f"date: {meeting.day.isoformat()}"]
        fm.append(f"status: {'draft' if meeting.draft else 'approved'}")
        if not meeting.draft:
            fm.append(f"approved_at: {meeting.next_day.isoformat()}")
        fm += [f'start: "{spec.start}"', f'end: "{meeting.end_time}"', f"location: {q(spec.location)}"]
        fm.append(f"chair: {q(self.ref(meeting.chair))}")
        for key, rows in (
            ("present", meeting.present),
            ("in_attendance", meeting.in_attendance),
            ("apologies", meeting.apologies),
        ):
            if rows:
                fm.append(f"{key}:")
                for pid, role in rows:
                    # The roll comes first: it decides whether the role is written.
                    fm.append(f"  - {q(self.ref(pid))}: {q(role)}" if rng.random() < 0.9 else f"  - {q(self.ref(pid))}")
        if meeting.substitutes:
            fm.append("substitutes:")
            fm += [f"  - {{person: {q(self.ref(s))}, for: {q(self.ref(f))}}}" for s, f in meeting.substitutes]
        if meeting.declarations:
            fm.append("declarations:")
            fm += [f"  - {{person: {q(self.ref(p))}, item: {n}, interest: {q(t)}}}" for p, n, t in meeting.declarations]
        fm.append("decisions:")
        for number, (n, text, vote) in enumerate(meeting.decisions, 1):
            if vote is None:
                fm.append(f"  - {{id: {number}, item: {n}, text: {q(text)}}}")
            else:
                sides = ", ".join(
                    f"{side}: [{', '.join(names)}]" for side, names in zip(("for", "against", "abstain"), vote)
                )
                fm += [f"  - id: {number}", f"    item: {n}", f"    text: {q(text)}", f"    vote: {{{sides}}}"]
        fm.append("actions:")
        for number, (n, owners, text, due) in enumerate(meeting.actions, 1):
            fm += [f"  - id: {number}", f"    item: {n}", f"    owners: [{', '.join(q(o) for o in owners)}]"]
            fm.append(f"    text: {q(text)}")
            if due:
                fm.append(f"    due: {due.isoformat()}")
        if meeting.updates:
            fm.append("updates:")
            fm += [f"  - {{action: {aid}, status: {status}, note: {q(note)}}}" for aid, status, note in meeting.updates]
        if meeting.confidential:
            fm.append("confidential:")
            fm += [f"  - {{item: {n}, reason: {q(why)}, summary: {q(text)}}}" for n, why, text in meeting.confidential]
        next_meeting = f'{{date: {meeting.next_day.isoformat()}, start: "{spec.start}", location: {q(spec.location)}}}'
        fm.append(f"next_meeting: {next_meeting}")
        if meeting.documents:
            fm.append("documents:")
            fm += [f"  - {{title: {q(title)}, path: {path}}}" for title, path in meeting.documents]
        fm.append("---")
        return fm

    def render_narrative(self, meeting: MeetingDraft) -> list[str]:
        """About 1,200 words, most of it under the business items; now and then citing an earlier meeting."""
        rng, spec = self.rng, meeting.state.spec
        budget = rng.randint(750, 1000)
        per_item = budget // max(1, len(meeting.business))
        body: list[str] = []
        for (kind, title), n in zip(meeting.items, meeting.numbers):
            body += ["", f"## {n}. {title}", ""]
            if kind in PROCEDURAL:
                body.append(" ".join(rng.sample(PROCEDURAL[kind], 2)))
            elif kind == "actions":
                lines = ["The board reviewed the action log."]
                for aid, status, _ in meeting.updates[:2]:
                    lines.append(f"Action [[{aid}]] was reported as {status.replace('-', ' ')}.")
                body.append(" ".join(lines))
            elif kind == "confidential":
                body.append("CONFIDENTIAL: members discussed the commercial terms and the named individuals in detail.")
            elif kind == "next":
                body.append(f"{long_date(meeting.next_day)}, {spec.start} at {spec.location}.")
            else:
                body += self.render_prose(spec, title, meeting.speakers, per_item)
        if self.earlier and rng.random() < 0.2:  # cite something from an earlier meeting of any body
            target = rng.choice(self.earlier)
            kind = rng.random()
            if kind < 0.5 and target.decisions:
                cite = f"{target.id}/d{rng.randint(1, target.decisions)}"
            elif kind < 0.8 and target.actions:
                cite = f"{target.id}/a{rng.randint(1, target.actions)}"
            else:
                cite = target.id
            first_item = meeting.business[0]
            insert_at = body.index(f"## {first_item[0]}. {first_item[1]}") + 2
            body.insert(insert_at, f"Members recalled [[{cite}]] and agreed that it still applied.\n")
        return body

    def render_prose(self, spec: BodySpec, title: str, speakers: list[str], words: int) -> list[str]:
        """Paragraphs (and now and then a bulleted list) of about ``words`` words naming attendees."""
        rng = self.rng
        topic = title.split(": ")[-1].lower()
        paragraphs: list[str] = []
        count = 0
        while count < words:
            bullets = rng.random() < 0.25
            sentences = []
            for _ in range(rng.randint(2, 5)):
                p, q = rng.sample(speakers, 2) if len(speakers) > 1 else (speakers[0], speakers[0])
                n, n2 = rng.sample(spec.nouns + GENERIC_NOUNS, 2)
                sentence = rng.choice(SENTENCES).format(
                    p=self.mention(p),
                    q=self.mention(q),
                    topic=topic,
                    n=n,
                    n2=n2,
                    g=rng.choice(GROUPS),
                    m=rng.choice(MONTHS),
                    r=rng.choice(REASONS),
                    k=rng.randint(2, 60),
                    k2=rng.randint(2, 60),
                )
                sentences.append(sentence)
                count += sentence.count(" ") + 1
            if bullets:
                paragraphs.append("The following points were raised:\n\n" + "\n".join(f"- {s}" for s in sentences))
            else:
                paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs).split("\n")


def generate(total: int, out: Path, seed: int = 1, people: int = 300, end: dt.date = DEFAULT_END) -> None:
    """Write an archive of ``total`` meetings to ``out`` (which must not hold other files)."""
    rng = random.Random(seed)
    writer = CorpusWriter(rng, build_people(rng, people), end, total)
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "people.yml", writer.render_people_yml())
    write_text(out / "bodies.yml", writer.render_bodies_yml())
    documents: dict[str, bytes] = {}
    pending: list[MeetingStub] = []
    current: dt.date | None = None
    for day, b, index in writer.schedule():
        if day != current:  # only meetings on earlier days may be cited
            writer.earlier += pending
            pending, current = [], day
        text, stub = writer.render_meeting(day, b, index, documents)
        pending.append(stub)
        write_text(
            out / str(day.year) / f"{day.isoformat()}-{writer.bodies[b].spec.id}.md",
            text,
        )
    for path in sorted(documents):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(documents[path])


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meetings", type=int, help="number of meetings")
    parser.add_argument("out", type=Path, help="folder to write the archive into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument(
        "--end",
        type=dt.date.fromisoformat,
        default=DEFAULT_END,
        help="date of the last meetings",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it already holds a generated archive",
    )
    args = parser.parse_args(argv)
    if args.meetings < 1:
        parser.error("N must be at least 1")
    # Seats on five bodies and their officers are drawn without repeats.
    if args.people < 100:
        parser.error("--people must be at least 100")
    if args.out.exists() and any(args.out.iterdir()):
        if not (args.force and (args.out / "people.yml").is_file()):
            parser.error(f"{args.out} is not empty (use --force to replace an archive generated earlier)")
        shutil.rmtree(args.out)
    generate(args.meetings, args.out, seed=args.seed, people=args.people, end=args.end)
    print(f"wrote {args.meetings} meetings to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
