"""Python-Markdown in time that grows with the text, and a CPU budget for what is slower still.

Python-Markdown reads some text in time that grows with its square. Its link pattern
(``inlinepatterns.LinkInlineProcessor.getText``) scans from every ``[`` to the matching ``]``, or to
the end of the paragraph when there is none, one character at a time, and ``getLink`` does the same
from every ``](`` to the closing ``)``; the standard library's ``html.parser``, which Python-Markdown
runs over the whole text to find raw HTML, scans from every ``<`` that starts a tag it cannot finish.
20 KB of ``[`` took 65 s. Before Markdown sees a passage, each such character that can never start a
link or a tag is swapped for a placeholder, and put back in the HTML afterwards, so the page is the
same (tests/test_markup.py checks it against Python-Markdown's own output; the one difference is a
link whose "(" is never closed, which Python-Markdown may still turn into a link with an empty
address and which stays text) and the time linear. Anything slower still (Python-Markdown's
code-span pattern on runs of backticks that close nothing) stops at a per-file time budget, reported
at its line.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator

import markdown  # type: ignore[import-untyped]  # no type information in the wheel we pin


class TooSlow(Exception):
    """Rendering ran past its time budget."""


@contextlib.contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` in the block once it has used ``seconds`` of CPU time (in the main thread only:
    elsewhere the block runs unbounded, as signals reach only the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGVTALRM, expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def convert(converter: markdown.Markdown, text: str) -> str:
    """``converter``'s HTML for ``text``, the same as it would give, in time linear in the text."""
    return restore_guarded(converter.reset().convert(guard_markdown(text)))


# Noncharacters stand in for characters Markdown must not start a scan at (the minutes may not hold them).
_OPEN, _CLOSE, _LESS, _PAREN = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_RESTORE = str.maketrans({_OPEN: "[", _CLOSE: "]", _LESS: "&lt;", _PAREN: "("})
MAX_BRACKET_DEPTH = 8  # [a [b [c]]]: links nest one or two deep; each level rescans the text inside it
_CHUNK = re.compile(r"\n[ \t]*\n")  # a blank line: no link, code span or tag runs across it
_BRACKETS = re.compile(r"\\.|[\[\]()]", re.S)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# A tag html.parser would finish, written so that a failed match stops at the next "<" or ">" (or quote).
_ATTRIBUTE = r"""[^\s/>=<][^\s/=><]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|[^>\s<'"][^>\s<]*))?"""
_WHOLE_TAG = re.compile(
    r"<[^\s<>]+>"  # <b>, </b>, <https://...>, <name@example.org>
    rf"|</?[A-Za-z][^\t\n\r\f />\x00<]*(?:\s+{_ATTRIBUTE})*\s*/?>"
    r"|<[!?][^<>]*>"  # declarations and processing instructions
)


def guard_markdown(text: str) -> str:
    """``text`` with each ``[`` that has no ``]`` (or is nested deeper than any link), each ``(`` after a
    link's ``]`` that is never closed, and each ``<`` that starts no whole tag, swapped for a placeholder."""
    if "[" not in text and "<" not in text:
        return text
    chars = list(text)
    start = 0
    for boundary in [*(match.start() for match in _CHUNK.finditer(text)), len(text)]:
        if "[" in text[start:boundary]:
            _guard_links(text, start, boundary, chars)
        start = boundary
    for match in _TAG_START.finditer(text):
        if not _WHOLE_TAG.match(text, match.start()):
            chars[match.start()] = _LESS
    return "".join(chars)


def _guard_links(text: str, start: int, end: int, chars: list[str]) -> None:
    """Placeholders for the brackets of one paragraph-sized chunk that can start no link."""
    pairs: list[tuple[int, int]] = []  # each "[" and the "]" that closes it
    brackets: list[int] = []
    parens: list[int] = []
    for match in _BRACKETS.finditer(text, start, end):
        char, at = match.group(0), match.start()
        if char == "[":
            brackets.append(at)
        elif char == "]" and brackets:
            pairs.append((brackets.pop(), at))
        elif char == "(":
            parens.append(at)
        elif char == ")" and parens:
            parens.pop()
    for opened in brackets:  # never closed: no link starts there
        chars[opened] = _OPEN
    # A pair's depth counts only the pairs around it: a "[" never closed is text, and nests nothing.
    unclosed = set(parens)
    around: list[int] = []  # the closing "]" of each pair enclosing the one at hand
    for opened, closed in sorted(pairs):
        while around and around[-1] < opened:
            around.pop()
        if len(around) >= MAX_BRACKET_DEPTH:
            chars[opened], chars[closed] = _OPEN, _CLOSE
        elif closed + 1 < end and text[closed + 1] == "(" and closed + 1 in unclosed:
            chars[closed + 1] = _PAREN
        around.append(closed)


def restore_guarded(html: str) -> str:
    """The placeholders of :func:`guard_markdown` put back, as the characters Markdown would have left."""
    return html.translate(_RESTORE) if "\ufdd0" <= max(html, default="") else html
