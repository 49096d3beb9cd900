"""The published JSON Schemas, and their verdicts as clerk-readable problems."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema  # type: ignore[import-untyped]  # no type information in the wheel we pin

from .errors import Problem, quote, suggest
from .yamlsource import LineMap

SCHEMA_DIR = Path(__file__).parent / "schema"


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (meeting, people or bodies) as published in ``schema/``."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


@functools.cache
def _checked_schema(name: str) -> dict[str, Any]:
    """The schema as our validators must read it: patterns as JSON Schema means them.

    The published patterns are ECMA-262, where ``$`` ends the text and ``\\d`` is 0-9; Python's ``re``
    also lets ``$`` match before a final newline and ``\\d`` match any script's digits, so an id
    ``"lorna\\n"`` or a time ``"１４:００"`` would pass.
    """
    return _python_patterns(load_schema(name))  # type: ignore[no-any-return]


def _python_patterns(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (_python_pattern(item) if key == "pattern" and isinstance(item, str) else _python_patterns(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_python_patterns(item) for item in value]
    return value


def _python_pattern(pattern: str) -> str:
    pattern = pattern.replace("\\d", "[0-9]")
    return re.sub(r"(?<!\\)\$$", r"\\Z", pattern)


@functools.cache
def _validator(name: str) -> Any:
    schema = _checked_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@functools.cache
def _fast_check(name: str) -> Callable[[Any], Any]:
    # fastjsonschema compiles the schema to Python: ~20x faster on valid input, which is
    # nearly every file of a large archive. It stops at the first error, so invalid
    # input goes on to jsonschema for the full, friendly list.
    schema = {**_checked_schema(name), "$schema": "http://json-schema.org/draft-07/schema#"}
    check: Callable[[Any], Any] = fastjsonschema.compile(schema)
    return check


def check_against_schema(name: str, data: Any, path: str, lines: LineMap) -> list[Problem]:
    """Every way ``data`` breaks schema ``name``, one problem per mistake."""
    return [problem for _, problem in schema_errors(name, data, path, lines)]


def schema_errors(name: str, data: Any, path: str, lines: LineMap) -> list[tuple[tuple[Any, ...], Problem]]:
    """Every way ``data`` breaks schema ``name``: (where in the data, the problem) for each mistake."""
    try:
        _fast_check(name)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    return [
        (tuple(error.absolute_path), Problem(path, lines.line(*error.absolute_path), describe(error)))
        for error in _leaf_errors(_validator(name).iter_errors(data))
    ]


def _leaf_errors(errors: Any) -> Iterator[Any]:
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        yield error


def field_name(error: Any) -> str:
    """``actions[0].owners`` style name of where the error is."""
    name = ""
    for part in error.absolute_path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def describe(error: Any) -> str:
    """One sentence a clerk can act on, naming the field and the value."""
    where = field_name(error)
    prefix = f"{where}: " if where else ""
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-hint")
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{prefix}missing required field '{missing}'"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(schema.get("properties", {}))
        extras = [key for key in error.instance if key not in allowed]
        return "; ".join(f"{prefix}unknown field {quote(key)}{suggest(str(key), allowed)}" for key in extras)
    if error.validator == "enum":
        choices = [str(choice) for choice in schema.get("enum", [])]
        return (
            f"{prefix}{quote(error.instance)} is not one of {', '.join(choices)}{suggest(str(error.instance), choices)}"
        )
    if error.validator == "propertyNames":
        return f"{quote(error.instance)} is not a valid id: use {hint or 'lowercase letters, digits and hyphens'}"
    if hint and error.instance in ([], "", {}):
        return f"{prefix}is empty; it must be {hint}"
    if hint:
        shown = quote(error.instance) if not isinstance(error.instance, (dict, list)) else "this"
        return f"{prefix}{shown} is not {hint}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return f"{prefix}should be {_TYPE_WORDS.get(wanted, wanted)}, not {_kind_of(error.instance)}"
    if error.validator == "minLength":
        return f"{prefix}must not be empty"
    if error.validator == "minItems":
        return f"{prefix}must list at least {error.validator_value}"
    return f"{prefix}{error.message}"


_TYPE_WORDS = {"object": "a mapping of fields", "array": "a list", "string": "text", "integer": "a whole number"}


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    return f"text {quote(value)}"
