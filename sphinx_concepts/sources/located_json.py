"""JSON loaded into the same located values as YAML (:class:`located_yaml.Node`).

JSON is read as JSON, not as YAML: YAML refuses what JSON allows (the surrogate
pair escapes ``json.dumps`` writes for every emoji, a raw DEL or other control
character inside a string, tabs as whitespace) and would speak of YAML in its
messages.  ``json`` gives the authoritative syntax check and message; this reader
then walks the (valid) text once more for the line of every value, with the
bounds the YAML reader has.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]

from ..core.model import Location
from ..core.problems import ConceptSourceError, Problem, Subtype
from .located_yaml import MAX_DEPTH, MAX_NODES, Node

_BLANK = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_WORDS = {"null": None, "true": "true", "false": "false"}
_CONSTANTS = ("NaN", "Infinity", "-Infinity")  # what Python's json also accepts


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.count = 0
        self.problems: list[Problem] = []

    def line(self, position: int) -> int:
        return bisect_right(self.starts, position)

    def blank(self, position: int) -> int:
        match = _BLANK.match(self.text, position)
        return match.end() if match else position

    def value(self, position: int, depth: int) -> tuple[Node, int]:
        self.count += 1
        line = self.line(position)
        if self.count > MAX_NODES:
            raise ConceptSourceError(
                f"the document has more than {MAX_NODES} values; refused",
                Location(self.source, line),
                Subtype.SECURITY,
            )
        if depth > MAX_DEPTH:
            raise ConceptSourceError(
                f"values are nested deeper than {MAX_DEPTH} levels",
                Location(self.source, line),
            )
        text = self.text
        char = text[position]
        if char == "{":
            return self.mapping(position + 1, depth, line)
        if char == "[":
            return self.sequence(position + 1, depth, line)
        if char == '"':
            value, end = scanstring(text, position + 1, True)
            return Node(str(value), line, line), end
        for word, meaning in _WORDS.items():
            if text.startswith(word, position):
                return Node(meaning, line), position + len(word)
        for constant in _CONSTANTS:
            if text.startswith(constant, position):
                return Node(constant, line, line), position + len(constant)
        number = _NUMBER.match(text, position)
        assert number is not None  # the text passed json.loads
        return Node(number.group(), line, line), number.end()

    def sequence(self, position: int, depth: int, line: int) -> tuple[Node, int]:
        items: list[Node] = []
        position = self.blank(position)
        if self.text[position] == "]":
            return Node(items, line), position + 1
        while True:
            item, position = self.value(self.blank(position), depth + 1)
            items.append(item)
            position = self.blank(position)
            if self.text[position] == "]":
                return Node(items, line), position + 1
            position += 1  # the comma

    def mapping(self, position: int, depth: int, line: int) -> tuple[Node, int]:
        mapping: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        position = self.blank(position)
        if self.text[position] == "}":
            return Node(mapping, line), position + 1
        while True:
            key_line = self.line(position)
            key, position = scanstring(self.text, position + 1, True)
            position = self.blank(self.blank(position) + 1)  # past the colon
            child, position = self.value(position, depth + 1)
            if key in mapping:
                self.problems.append(
                    Problem(
                        f"duplicate key {key!r} (first at line {first_line[key]}); "
                        "the later value is used",
                        Location(self.source, key_line),
                    )
                )
            first_line.setdefault(key, key_line)
            # Errors about a value are most useful at its key's line.
            mapping[key] = Node(child.value, key_line, child.text_line)
            position = self.blank(position)
            if self.text[position] == "}":
                return Node(mapping, line), position + 1
            position = self.blank(position + 1)  # past the comma


def load_json(text: str, source: str) -> tuple[list[Node], list[Problem]]:
    """A JSON document as located values; every JSON document is read.

    Raises :class:`ConceptSourceError` for syntax errors, on one line with the
    line and column ``json`` reports, and for documents over the YAML bounds.
    """
    try:
        json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
    except json.JSONDecodeError as error:
        message = " ".join(error.msg.split())
        raise ConceptSourceError(
            f"JSON syntax error: {message} (column {error.colno})",
            Location(source, error.lineno),
        ) from None
    except RecursionError:
        raise ConceptSourceError(
            "the JSON is nested too deeply to read", Location(source, 1)
        ) from None
    reader = _Reader(text, source)
    document, _ = reader.value(reader.blank(0), 0)
    return [document], reader.problems
