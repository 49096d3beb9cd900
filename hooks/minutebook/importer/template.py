"""The Word template for new minutes: a document that imports with nothing to fix.

Clerks who write minutes in Word keep doing so; this template shows the few
habits that let every fact be read: the body's name and the date, time and
place at the top; one "Present:", "In attendance:" and "Apologies:" line each;
numbered items as Word headings; decisions starting "RESOLVED that"; a
proposer, seconder and vote on their own line; actions on "Action:" lines
naming who and by when; and the date of the next meeting. ``write_template``
makes it with python-docx, so the file in docs/ is made by this code.
"""

from __future__ import annotations

from pathlib import Path

BODY = "Upton Parish Council"
LINES: tuple[tuple[str, str], ...] = (
    ("Title", BODY),
    ("Heading 1", "Minutes of the meeting held on Wednesday 5 May 2021 at 7.00pm in the Village Hall"),
    ("Normal", "Present: Cllr Peter Batty (Chair), Cllr Jane Batty, Cllr Ruth Yarwood"),
    ("Normal", "In attendance: Sarah Jones (Clerk)"),
    ("Normal", "Apologies: Cllr Brenda Abbott"),
    ("Heading 2", "1. Declarations of interest"),
    ("Normal", "None."),
    ("Heading 2", "2. Minutes of the previous meeting"),
    ("Normal", "RESOLVED that the minutes of the meeting held on 7 April 2021 be approved as a true record."),
    ("Heading 2", "3. Village hall roof"),
    ("Normal", "The Clerk reported that three quotations had been received for repairs to the roof."),
    ("Normal", "Proposed by Cllr Jane Batty, seconded by Cllr Ruth Yarwood."),
    (
        "Normal",
        "RESOLVED that the quotation from Dee Roofing of £4,250 be accepted. Carried 2 for, 0 against, 1 abstention.",
    ),
    ("Normal", "Action: Sarah Jones to order the repairs by 31 May 2021."),
    ("Heading 2", "4. Date of next meeting"),
    ("Normal", "The next meeting will be held on Wednesday 2 June 2021 at 7.00pm in the Village Hall."),
)
FOOTER = (
    "Minutebook template: keep the labels (Present:, In attendance:, Apologies:, RESOLVED that, Action:) "
    "and the numbered headings; change everything else."
)


def write_template(path: Path) -> Path:
    """Write the template to ``path`` (a .docx) and return it."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Minutes template"
    document.core_properties.author = "Minutebook"
    for style, text in LINES:
        document.add_paragraph(text, style=style)
    document.sections[0].footer.paragraphs[0].text = FOOTER
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
