"""Safe, line-aware YAML: plain data only, and the line of every value.

PyYAML's loaders forget where a value came from and will happily expand alias
bombs or construct Python objects. We compose the node graph (which builds
nothing) and convert it ourselves, so every value keeps its line and anything
that is not plain data is a problem, not an object.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem
from .source import editor_line_starts, forbidden_character

try:  # the C parser is many times faster on large archives
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in every wheel we pin
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Key = tuple[Hashable, ...]
# Minutes need four levels (decisions[0].vote.for[0]); a deeper file is an accident or an attack,
# and converting it would recurse past Python's limit.
MAX_DEPTH = 20

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Loader(_BaseLoader):
    """SafeLoader that leaves dates as text, so 2018-02-30 is our error, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LineMap:
    """Line of each value in a document, keyed by its path of keys and indexes."""

    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *path: Hashable) -> int:
        """Line of the value at ``path``, or of its nearest ancestor that has one."""
        key: Key = tuple(path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


class _Converter:
    def __init__(self, text: str, path: str, first_line: int, max_nodes: int) -> None:
        self.path = path
        self.first_line = first_line
        # Lines as an editor counts them (PyYAML's marks also count U+0085, U+2028 and U+2029).
        self.starts = editor_line_starts(text)
        self.max_nodes = max_nodes
        self.seen: set[int] = set()
        self.lines = LineMap()
        self.problems: list[Problem] = []
        self.refused: set[Key] = set()  # values already reported here, which the schema need not report again
        self.gave_up = False
        self.scalars = yaml.constructor.SafeConstructor()  # YAML's own reading of ints, bools and nulls

    def line(self, mark: yaml.Mark) -> int:
        return self.first_line + bisect_right(self.starts, mark.index) - 1

    def problem(self, node: yaml.Node, message: str, key: Key | None = None) -> None:
        self.problems.append(Problem(self.path, self.line(node.start_mark), message))
        if key is not None:
            self.refused.add(key)

    def convert(self, node: yaml.Node, key: Key, *, is_key: bool = False) -> Any:
        if self.gave_up:
            return None
        if not is_key:
            self.lines.lines[key] = self.line(node.start_mark)
        if id(node) in self.seen:
            # The composer hands back the same node for every *alias: refusing
            # repeats stops "billion laughs" before anything is expanded.
            self.problem(
                node, "YAML anchors and aliases (&name / *name) are not allowed in minutes; write the value out", key
            )
            return None
        self.seen.add(id(node))
        if len(self.seen) > self.max_nodes:
            self.problem(node, f"too many YAML values (more than {self.max_nodes:,}); is this really the right file?")
            self.gave_up = True  # said once: every later value would say it again
            return None
        if len(key) > MAX_DEPTH:
            self.problem(
                node,
                f"values are nested more than {MAX_DEPTH} levels deep (lists in lists, or fields in fields); "
                "minutes need only a few: check the brackets and indentation",
            )
            self.gave_up = True
            return None
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.refuse_tag(node, key)
                return None
            return [self.convert(item, (*key, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.convert_scalar(node, key)

    def refuse_tag(self, node: yaml.Node, key: Key) -> None:
        self.problem(
            node,
            f"YAML tag {short_tag(node.tag)} is not allowed in minutes; only plain text, numbers, lists and mappings",
            key,
        )

    def convert_mapping(self, node: yaml.MappingNode, key: Key) -> dict[Any, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self.refuse_tag(node, key)
            return None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "YAML merge keys (<<) are not allowed in minutes; write the fields out", key)
                continue
            name = self.convert(key_node, key, is_key=True)
            if not isinstance(name, (str, int, float, bool)) or name is None:
                self.problem(key_node, "a key must be plain text")
                continue
            if name in result:
                self.problem(key_node, f"'{name}' is given twice; keep one")
            result[name] = self.convert(value_node, (*key, name))
        return result

    def convert_scalar(self, node: yaml.ScalarNode, key: Key) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.refuse_tag(node, key)
            return None
        # A YAML escape ("\e", "\x07", "\ud800") writes what the file itself may not hold; it would
        # reach pages, feeds and calendars, which cannot carry it.
        if (found := forbidden_character(node.value, allow="\t\n")) is not None:
            self.problem(node, found, key)
            return None
        # Floats and YAML 1.1 sexagesimals stay as written: minutes have no
        # fractions, and "21.40" (an item) or 14:00 (a time) must not become 21.4 or 840.
        if node.tag == "tag:yaml.org,2002:str" or node.tag == "tag:yaml.org,2002:float" or ":" in node.value:
            return node.value
        construct = {
            "tag:yaml.org,2002:int": self.scalars.construct_yaml_int,
            "tag:yaml.org,2002:float": self.scalars.construct_yaml_float,
            "tag:yaml.org,2002:bool": self.scalars.construct_yaml_bool,
            "tag:yaml.org,2002:null": self.scalars.construct_yaml_null,
        }[node.tag]
        try:
            return construct(node)
        except (ValueError, yaml.YAMLError):
            self.problem(node, f"'{node.value}' is not a valid value", key)
            return None


@dataclass
class YamlDocument:
    """A YAML file's plain data, the line of each value, and every problem found in it."""

    data: Any
    lines: LineMap
    problems: list[Problem]
    refused: set[Key] = field(default_factory=set)  # values reported and left out (as None)


def load_yaml(
    text: str, path: str, first_line: int = 1, max_nodes: int = 100_000
) -> tuple[Any, LineMap, list[Problem]]:
    """Parse one YAML document of plain data; return (data, line map, problems)."""
    document = load_yaml_document(text, path, first_line, max_nodes)
    return document.data, document.lines, document.problems


def load_yaml_document(text: str, path: str, first_line: int = 1, max_nodes: int = 100_000) -> YamlDocument:
    """Parse one YAML document of plain data, remembering which values were refused."""
    converter = _Converter(text, path, first_line, max_nodes)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = converter.line(mark) if mark else first_line
        source_line = _line_text(text, line - first_line)
        return YamlDocument(None, converter.lines, [Problem(path, line, describe_yaml_error(error, source_line))])
    except yaml.reader.ReaderError as error:
        char = chr(error.character) if isinstance(error.character, int) else str(error.character)
        # libyaml gives the position in bytes, PyYAML in characters: the character itself says where.
        at = text.find(char) if char else -1
        line = first_line + (text.count("\n", 0, at) if at >= 0 else 0)
        message = forbidden_character(char) or f"character U+{ord(char[:1] or ' '):04X} is not allowed"
        return YamlDocument(None, converter.lines, [Problem(path, line, f"not valid YAML: {message}")])
    except RecursionError:  # the pure-Python parser on deep nesting (libyaml stops at 1,000 levels itself)
        message = f"values are nested too deeply (more than {MAX_DEPTH} levels); check the brackets and indentation"
        return YamlDocument(None, converter.lines, [Problem(path, first_line, message)])
    except yaml.YAMLError as error:
        summary = " ".join(str(error).split())  # one line, whatever PyYAML put in it
        return YamlDocument(None, converter.lines, [Problem(path, first_line, f"not valid YAML: {summary}")])
    if node is None:
        return YamlDocument(None, converter.lines, [])
    data = converter.convert(node, ())
    return YamlDocument(data, converter.lines, converter.problems, converter.refused)


def _line_text(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def describe_yaml_error(error: yaml.MarkedYAMLError, source_line: str = "") -> str:
    """PyYAML's message in one line, with the usual fix for the usual cause."""
    text = " ".join(part for part in (error.context, error.problem) if part)
    breaks = [char for char in source_line if char in "\x85\u2028\u2029"]
    if breaks:
        return (
            f"not valid YAML: this line holds the character U+{ord(breaks[0]):04X}, which YAML reads as the end "
            "of a line though an editor shows none; delete it (it may have come from a copy and paste)"
        )
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "\t" in text:
        return "not valid YAML: a tab is used for indenting; indent with spaces, not tabs"
    if "exceeded maximum nesting depth" in text:
        return (
            "not valid YAML: values are nested too deeply (more than 1,000 levels of brackets or indentation); "
            "check the brackets"
        )
    if "mapping values are not allowed" in text:
        return f"not valid YAML: {text}; put text containing ': ' in quotes"
    return f"not valid YAML: {text}"


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/name`` as a clerk would have typed it: ``!!python/name``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
