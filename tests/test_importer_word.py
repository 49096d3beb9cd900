"""The Word template for new minutes (docs/minutes-template.docx): made by our code, imported with nothing to fix."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import ROOT

from minutebook.importer.report import render_report
from minutebook.importer.run import import_file
from minutebook.importer.template import LINES, write_template

PEOPLE = """\
peter-batty: {name: Peter Batty, honorific: Cllr}
jane-batty: {name: Jane Batty, honorific: Cllr}
ruth-yarwood: {name: Ruth Yarwood, honorific: Cllr}
brenda-abbott: {name: Brenda Abbott, honorific: Cllr}
sarah-jones: {name: Sarah Jones}
"""


def archive(tmp_path: Path) -> Path:
    source = tmp_path / "minutes"
    source.mkdir()
    (source / "bodies.yml").write_text(
        "upton-parish-council:\n  name: Upton Parish Council\n  kind: committee\n", encoding="utf-8"
    )
    (source / "people.yml").write_text(PEOPLE, encoding="utf-8")
    return source


def test_the_template_imports_with_nothing_to_fix(tmp_path: Path) -> None:
    source = archive(tmp_path)
    result = import_file(write_template(tmp_path / "template.docx"), source)
    report = render_report(result)
    assert result.succeeded, report
    assert "check: passes" in report and "to review" not in report
    front = result.front
    assert (front["body"], front["date"], front["start"], front["location"]) == (
        "upton-parish-council",
        "2021-05-05",
        "19:00",
        "Village Hall",
    )
    assert front["chair"] == "peter-batty"
    assert front["present"] == [{"peter-batty": "Chair"}, "jane-batty", "ruth-yarwood"]
    assert front["in_attendance"] == [{"sarah-jones": "Clerk"}]
    assert front["apologies"] == ["brenda-abbott"]
    assert [(item.ref, item.title) for item in result.parsed.items] == [  # type: ignore[union-attr]
        ("1", "Declarations of interest"),
        ("2", "Minutes of the previous meeting"),
        ("3", "Village hall roof"),
        ("4", "Date of next meeting"),
    ]
    assert [(d["item"], d.get("vote")) for d in front["decisions"]] == [
        (2, None),
        (3, {"for": 2, "against": 0, "abstain": 1} if isinstance(front["decisions"][1].get("vote"), dict) else "2-0-1"),
    ]
    assert front["actions"] == [
        {
            "id": 1,
            "item": 3,
            "owners": ["sarah-jones"],
            "text": "Sarah Jones to order the repairs by 31 May 2021.",
            "due": "2021-05-31",
        }
    ]
    assert front["next_meeting"] == {"date": "2021-06-02", "start": "19:00", "location": "Village Hall"}


def test_the_shipped_template_is_the_one_the_code_makes() -> None:
    shipped = docx.Document(str(ROOT / "docs/minutes-template.docx"))
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in shipped.paragraphs]
    assert paragraphs == list(LINES), "run scripts/make_word_template.py"


def test_an_action_table_in_word(tmp_path: Path) -> None:
    """ "Action | By whom | By when": each row an action with its owner (a person or a post) and its due date."""
    source = archive(tmp_path)
    document = docx.Document()
    for text, style in (
        ("Upton Parish Council", "Title"),
        ("Minutes of the meeting held on 5 May 2021 at 7pm", None),
        ("Present: Cllr Peter Batty, Cllr Jane Batty", None),
        ("Bench", "List Number"),
        ("It was agreed to buy a new bench.", None),
        ("Verge", "List Number"),
        ("The verge by the church was discussed.", None),
    ):
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        (
            ("Action", "By whom", "By when"),
            ("Order the bench", "Clerk", "30 June 2021"),
            ("Mow the verge", "Cllr Jane Batty", ""),
        )
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    result = import_file(path, source, body="upton-parish-council")
    actions = [(a["owners"], a["text"], a.get("due")) for a in result.front["actions"]]
    assert actions == [(["Clerk"], "Order the bench", "2021-06-30"), (["jane-batty"], "Mow the verge", None)]
