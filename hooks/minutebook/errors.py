"""Problems found in the minutes, reported as ``path:line: message``."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# A standard-library logger under "mkdocs.plugins." so `mkdocs build --strict`
# counts our warnings, without the engine importing MkDocs.
log = logging.getLogger("mkdocs.plugins.minutebook")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one source file, at the line a clerk should look at."""

    path: str
    line: int
    message: str
    # True when Minutebook itself failed on this file (a bug to report), not the clerk.
    internal: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        # One problem, one line: a value quoted in a message, or a file's name, may hold newlines or
        # control characters (a name with a newline could otherwise print a line of its own).
        return f"{_one_line(self.path)}:{self.line}: {_one_line(self.message)}"


# Read before any meeting, and a mistake in them can explain problems in the meetings: listed first.
REGISTRY_FILES = ("people.yml", "bodies.yml", "redact.yml")


class MinutesError(Exception):
    """The source cannot be published; carries every problem found, sorted by place (registries first)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=lambda p: (not p.path.endswith(REGISTRY_FILES), p)))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in the minutes; nothing was published.")
        if self.internal:
            lines.append(
                "An 'internal error' is a fault in Minutebook, not in your minutes: please report it with the file."
            )
        return "\n".join(lines)

    @property
    def internal(self) -> bool:
        """Whether any problem is Minutebook's own failure rather than a mistake in the minutes."""
        return any(problem.internal for problem in self.problems)


def internal_problem(path: str, error: BaseException) -> Problem:
    """An unexpected failure while reading ``path``, reported like any other problem, never as a traceback."""
    return Problem(path, 1, f"internal error reading this file: {type(error).__name__}: {error}", internal=True)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_control(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}")


def _one_line(text: str) -> str:
    """``text`` with line breaks, terminal escapes and direction controls written out as ``\\n``, ``\\u001b``..."""
    return _CONTROL.sub(_escape_control, text)


def quote(value: object, limit: int = 60) -> str:
    """A value as a message shows it: in quotes, and cut short if long."""
    text = str(value)
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def suggest(value: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint for a near miss, or an empty string."""
    lowered = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(value.casefold(), list(lowered), n=1, cutoff=0.75)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""
