"""An archive with an XSS payload in every place a clerk or contributor can write text.

The payloads (tests/fixtures/xss/payloads.txt) go into minutes text, item
titles, decision and action text, roles, notes, locations, update notes,
exempt-item reasons and summaries, declarations, document titles and links.
Names in people.yml and bodies.yml cannot carry markup at all (the registry
refuses it: see the markup-in-name case in tests/fixtures/bad/).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (FIXTURES / "xss" / "payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcset",
    "ping",
    "codebase",
}
EVIL_URL = 'https://example.org/x"><script>top.__xss=99;alert(99)</script>'
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}


def _q(text: str) -> str:
    """A YAML value: JSON strings are YAML, so no payload can break out of its field."""
    return json.dumps(text, ensure_ascii=False)


def write_xss_archive(root: Path) -> Path:
    """Write the archive under ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "people.yml").write_text(
        "ada-lovelace:\n  name: Ada Lovelace\n  aliases: [Ada]\ngrace-hopper:\n  name: Grace Hopper\n", encoding="utf-8"
    )
    (root / "bodies.yml").write_text("xss-board:\n  name: XSS Board\n  kind: board\n", encoding="utf-8")
    one_line = [payload for payload in PAYLOADS if "\n" not in payload]
    decisions = "".join(f"  - {{id: {n}, item: 1, text: {_q(p)}}}\n" for n, p in enumerate(PAYLOADS, start=1))
    actions = "".join(
        f"  - {{id: {n}, item: 2, owners: [Ada], text: {_q(p)}, due: 2019-01-01}}\n"
        for n, p in enumerate(PAYLOADS, start=1)
    )
    first = (
        "---\nbody: xss-board\ndate: 2018-10-24\nstatus: approved\nchair: ada-lovelace\n"
        f"location: {_q(one_line[0] + ' Town Hall')}\n"
        f"present:\n  - {{person: ada-lovelace, role: {_q(one_line[2])}, note: {_q(one_line[3])}}}\n"
        f"in_attendance:\n  - Grace Hopper: {_q(one_line[4])}\n"
        f"declarations:\n  - {{person: Ada, item: 1, interest: {_q(one_line[5])}}}\n"
        f"decisions:\n{decisions}actions:\n{actions}"
        f"confidential:\n  - {{item: 99, reason: {_q(one_line[6])}, summary: {_q(one_line[7])}}}\n"
        f"documents:\n  - {{title: {_q(one_line[8])}, url: {_q(EVIL_URL)}}}\n"
        f"next_meeting: {{date: 2018-11-29, location: {_q(one_line[9])}}}\n"
        "---\n\n"
        + one_line[13]
        # One item per payload: an unclosed tag in one (<style>, <math>) must not hide the others from the test.
        + "".join(
            f"\n\n## {n}. Payload {n}\n\n{p}\n\n- in a list: {p}\n\n> quoted: {p}\n"
            for n, p in enumerate(PAYLOADS, start=1)
        )
        + "\n\n## 90. All in a table\n\n| payload |\n|---|\n"
        + "".join(f"| {p.replace('|', '&#124;')} |\n" for p in one_line)
        + "\n## 91. "
        + one_line[10]
        + "\n\nText.\n\n## 99. Exempt\n\nSecret.\n"
    )
    second = (
        "---\nbody: xss-board\ndate: 2018-11-29\nstatus: draft\npresent: [Ada]\n"
        "updates:\n"
        + "".join(
            f"  - {{action: xss-board/2018-10-24/a{n}, status: in-progress, note: {_q(p)}}}\n"
            for n, p in enumerate(PAYLOADS[:10], start=1)
        )
        + "---\n\n## 1. "
        + one_line[11]
        + "\n\nSee [[xss-board/2018-10-24|"
        + one_line[12].replace("]", "")
        + "]].\n"
    )
    (root / "2018").mkdir(exist_ok=True)
    (root / "2018" / "2018-10-24-xss-board.md").write_text(first, encoding="utf-8")
    (root / "2018" / "2018-11-29-xss-board.md").write_text(second, encoding="utf-8")
    return root


class _Checker(HTMLParser):
    """Finds anything in a page that a browser would run or that would take the reader elsewhere by script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"{where} is not allowed")
        if tag == "meta" and any(name == "http-equiv" and (value or "").lower() == "refresh" for name, value in attrs):
            self.found.append(f"{where} refresh")
        for name, value in attrs:
            value = value or ""
            squeezed = "".join(char for char in value if char > " ").lower()
            if name.startswith("on"):
                self.found.append(f"{where} has event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"{where} {name}={value!r}")
            if name == "srcdoc" or (
                name == "style" and ("alert" in squeezed or "javascript" in squeezed or "expression(" in squeezed)
            ):
                self.found.append(f"{where} {name}={value!r}")
        if tag in ("script", "style"):
            # A JSON-LD block is data a browser never runs: its text is checked as JSON instead.
            data = tag == "script" and dict(attrs).get("type") == "application/ld+json"
            self.inside.append("json-ld" if data else tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == {"json-ld": "script"}.get(self.inside[-1], self.inside[-1]):
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] == "json-ld":
            # Whole and valid, or a payload closed the element early and the rest is read as markup.
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"line {self.getpos()[0]}: JSON-LD that is not JSON: {data.strip()[:80]!r}")
            return
        if self.inside and ("__xss" in data or "alert(" in data or "msgbox(" in data):
            self.found.append(f"line {self.getpos()[0]}: payload inside <{self.inside[-1]}>: {data.strip()[:80]!r}")


def unsafe_markup(html: str) -> list[str]:
    """Every script, handler, javascript: URL, frame or style injection in ``html``."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.found
