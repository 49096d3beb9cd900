"""What changed between two versions of a meeting, as a reader sees it: lines, and words within them."""

from __future__ import annotations

import difflib
import re

from .page_lines import Line
from .versions import Change, LineChange, Words


def changes_between(before: tuple[Line, ...], after: tuple[Line, ...]) -> tuple[Change, ...]:
    """The lines each part of the page lost and gained, part by part, in page order."""
    old = [line for line in before if line.section]
    new = [line for line in after if line.section]
    matcher = difflib.SequenceMatcher(
        None, [(x.part, x.text) for x in old], [(x.part, x.text) for x in new], autojunk=False
    )
    parts: dict[str, tuple[str, list[str], list[str]]] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for line in old[i1:i2]:
            parts.setdefault(_part_of(line), (line.section, [], []))[1].append(line.text)
        for line in new[j1:j2]:
            section = parts.get(_part_of(line), (line.section, [], []))
            parts[_part_of(line)] = (line.section, section[1], [*section[2], line.text])
    return tuple(_change(section, removed, added) for section, removed, added in parts.values())


def _part_of(line: Line) -> str:
    """Lines of one item are one change, whatever they are (its text, a decision, an action)."""
    return f"item:{line.item}" if line.item else line.section


def _change(section: str, removed: list[str], added: list[str]) -> Change:
    """The lines of one part, each line before beside its line after where they are much alike."""
    if len(removed) == len(added) == 1:  # one line for another: before and after, however different
        return Change(section, (LineChange(*_wordchanges_between(removed[0], added[0])),))
    lines: list[LineChange] = []
    next_added = 0
    for old in removed:
        # Looked for a few lines ahead only: a rewritten meeting must not cost every pair of its paragraphs.
        match = next(
            (
                index
                for index in range(next_added, min(len(added), next_added + _LOOK_AHEAD))
                if _alike(old, added[index])
            ),
            None,
        )
        if match is None:
            lines.append(LineChange(before=(Words(old, True),)))
            continue
        lines += [LineChange(after=(Words(new, True),)) for new in added[next_added:match]]
        lines.append(LineChange(*_wordchanges_between(old, added[match])))
        next_added = match + 1
    lines += [LineChange(after=(Words(new, True),)) for new in added[next_added:]]
    return Change(section, tuple(lines))


_TOKEN = re.compile(r"\s+|\S+")
_LOOK_AHEAD = 8


def _alike(old: str, new: str) -> bool:
    """Whether half the words of two lines are the same (words, not letters: paragraphs are long)."""
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return (
        matcher.real_quick_ratio() >= _MOSTLY_REWRITTEN
        and matcher.quick_ratio() >= _MOSTLY_REWRITTEN
        and matcher.ratio() >= _MOSTLY_REWRITTEN
    )


_MOSTLY_REWRITTEN = 0.5  # below this likeness, a line is shown as removed and another added


def _wordchanges_between(old: str, new: str) -> tuple[tuple[Words, ...], tuple[Words, ...]]:
    """Both lines as runs of words, those this version changed marked."""
    if not _alike(old, new):
        return (Words(old, True),), (Words(new, True),)
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    before: list[Words] = []
    after: list[Words] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before.append(Words("".join(a[i1:i2]), tag != "equal"))
        after.append(Words("".join(b[j1:j2]), tag != "equal"))
    return _runs(before), _runs(after)


def _runs(words: list[Words]) -> tuple[Words, ...]:
    """Words joined into runs; a space alone between two changes is part of one change."""
    words = [run for run in words if run.text]
    for index in range(1, len(words) - 1):
        if not words[index].changed and not words[index].text.strip():
            if words[index - 1].changed and words[index + 1].changed:
                words[index] = Words(words[index].text, True)
    runs: list[Words] = []
    for run in words:
        if runs and runs[-1].changed == run.changed:
            runs[-1] = Words(runs[-1].text + run.text, run.changed)
        else:
            runs.append(run)
    return tuple(runs)
