"""Safe, line-aware YAML: plain data only, and the line of every value.

PyYAML's loaders forget where a value came from and will happily expand alias
bombs or construct Python objects. We compose the node graph (which builds
nothing) and convert it ourselves, so every value keeps its line and anything
that is not plain data is a problem, not an object.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

try:  # the C parser is many times faster on large archives
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in every wheel we pin
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Key = tuple[Hashable, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_constructor = yaml.constructor.SafeConstructor()


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
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
    def __init__(self, path: str, first_line: int, max_nodes: int) -> None:
        self.path = path
        self.offset = first_line - 1
        self.max_nodes = max_nodes
        self.seen: set[int] = set()
        self.lines = LineMap()
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, node.start_mark.line + 1 + self.offset, message))

    def convert(self, node: yaml.Node, key: Key, *, is_key: bool = False) -> Any:
        if not is_key:
            self.lines.lines[key] = node.start_mark.line + 1 + self.offset
        if id(node) in self.seen:
            # The composer hands back the same node for every *alias: refusing
            # repeats stops "billion laughs" before anything is expanded.
            self.problem(
                node, "YAML anchors and aliases (&name / *name) are not allowed in minutes; write the value out"
            )
            return None
        self.seen.add(id(node))
        if len(self.seen) > self.max_nodes:
            self.problem(node, f"too many YAML values (more than {self.max_nodes}); is this really minutes?")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problem(
                    node,
                    f"YAML tag {short_tag(node.tag)} is not allowed in minutes; only plain text, numbers, lists and mappings",
                )
                return None
            return [self.convert(item, (*key, index)) for index, item in enumerate(node.value)]
        return self.convert_scalar(node)

    def convert_mapping(self, node: yaml.MappingNode, key: Key) -> dict[Any, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self.problem(
                node,
                f"YAML tag {short_tag(node.tag)} is not allowed in minutes; only plain text, numbers, lists and mappings",
            )
            return None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "YAML merge keys (<<) are not allowed in minutes; write the fields out")
                continue
            name = self.convert(key_node, key, is_key=True)
            if not isinstance(name, (str, int, float, bool)) or name is None:
                self.problem(key_node, "a key must be plain text")
                continue
            if name in result:
                self.problem(key_node, f"'{name}' is given twice; keep one")
            result[name] = self.convert(value_node, (*key, name))
        return result

    def convert_scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.problem(
                node,
                f"YAML tag {short_tag(node.tag)} is not allowed in minutes; only plain text, numbers, lists and mappings",
            )
            return None
        # Floats and YAML 1.1 sexagesimals stay as written: minutes have no
        # fractions, and "21.40" (an item) or 14:00 (a time) must not become 21.4 or 840.
        if node.tag == "tag:yaml.org,2002:str" or node.tag == "tag:yaml.org,2002:float" or ":" in node.value:
            return node.value
        construct = {
            "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
            "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
            "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
            "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
        }[node.tag]
        try:
            return construct(node)
        except (ValueError, yaml.YAMLError):
            self.problem(node, f"'{node.value}' is not a valid value")
            return None


def load_yaml(
    text: str, path: str, first_line: int = 1, max_nodes: int = 100_000
) -> tuple[Any, LineMap, list[Problem]]:
    """Parse one YAML document of plain data; return (data, line map, problems)."""
    converter = _Converter(path, first_line, max_nodes)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        source_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        return None, converter.lines, [Problem(path, line, describe_yaml_error(error, source_line))]
    except yaml.reader.ReaderError as error:
        line = first_line + text.count("\n", 0, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return (
            None,
            converter.lines,
            [
                Problem(
                    path,
                    line,
                    f"not valid YAML: character U+{code:04X} is a control character, "
                    "not text; delete it (it may have come from a copy and paste)",
                )
            ],
        )
    except yaml.YAMLError as error:
        summary = " ".join(str(error).split())  # one line, whatever PyYAML put in it
        return None, converter.lines, [Problem(path, first_line, f"not valid YAML: {summary}")]
    if node is None:
        return None, converter.lines, []
    data = converter.convert(node, ())
    return data, converter.lines, converter.problems


def describe_yaml_error(error: yaml.MarkedYAMLError, source_line: str = "") -> str:
    """PyYAML's message in one line, with the usual fix for the usual cause."""
    text = " ".join(part for part in (error.context, error.problem) if part)
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "\t" in text:
        return "not valid YAML: a tab is used for indenting; indent with spaces, not tabs"
    if "mapping values are not allowed" in text:
        return f"not valid YAML: {text}; put text containing ': ' in quotes"
    return f"not valid YAML: {text}"


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/name`` as a clerk would have typed it: ``!!python/name``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
