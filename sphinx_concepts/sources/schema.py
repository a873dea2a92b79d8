"""The JSON Schema of the YAML/JSON format, as shipped in the package, and the
check of a source against it (each violation at the line of its value)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from ..core.model import Location
from ..core.problems import ConceptSourceError, Problem
from .located_json import load_json
from .located_yaml import Node, load_yaml
from .reading import JSON_SUFFIXES


def load_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML/JSON format."""
    path = resources.files("sphinx_concepts") / "schema" / "concept.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _plain(node: Node) -> Any:
    """A located value as plain data, as the schema sees it."""
    if isinstance(node.value, dict):
        return {key: _plain(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(child) for child in node.value]
    return node.value


def _line_of(node: Node, path: Iterable[str | int]) -> int:
    """The line of the value at ``path`` below ``node`` (the deepest one found)."""
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node.line


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node.value, dict) and isinstance(part, str):
        return node.value.get(part)
    if isinstance(node.value, list) and isinstance(part, int):
        return node.value[part] if part < len(node.value) else None
    return None


def schema_problems(text: str, source: str, suffix: str) -> list[Problem]:
    """Violations of the JSON Schema (as warnings), each at the line of the
    offending value."""
    import jsonschema  # only the check needs it; keep the other commands light

    try:
        documents, _ = (
            load_json(text, source)
            if suffix in JSON_SUFFIXES
            else load_yaml(text, source)
        )
    except ConceptSourceError:
        return []  # the reader reports the syntax error already
    schema = load_schema()
    validator = jsonschema.Draft202012Validator(
        {"$defs": schema["$defs"], "$ref": "#/$defs/concept"}
    )
    problems = []
    for item in _items(documents):
        for found in validator.iter_errors(_plain(item)):
            # Inside anyOf, the deepest matching reason is the one worth showing.
            error = jsonschema.exceptions.best_match([found]) or found
            problems.append(
                Problem(
                    f"schema: {error.message}",
                    Location(source, _line_of(item, error.absolute_path)),
                )
            )
    return problems


def _items(documents: list[Node]) -> Iterator[Node]:
    """The concept mappings of the three top-level shapes."""
    for document in documents:
        value = document.value
        if isinstance(value, dict) and "concepts" in value:
            value = value["concepts"].value
        elif isinstance(value, dict):
            value = [document]
        if isinstance(value, list):
            yield from (item for item in value if isinstance(item.value, dict))
