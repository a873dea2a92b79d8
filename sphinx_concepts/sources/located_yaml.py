"""YAML (and JSON) loaded into values that remember their line.

PyYAML's composer gives a node graph with marks; we build plain values from it
ourselves instead of using a constructor, which buys three things at once:

* no tag is ever constructed, so ``!!python/object/apply`` executes nothing (it is
  reported as a security problem and its value dropped);
* scalars stay as the author wrote them (``No``, ``3.10``, ``2017-06-12`` are strings:
  no YAML 1.1 coercion), and duplicate keys are noticed;
* alias expansion is bounded in nodes and depth, so an alias bomb costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

import yaml

from ..core.model import Location
from ..core.problems import ConceptSourceError, Problem, Subtype

try:  # the C composer is several times faster and keeps the same marks
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: Upper bounds on what one source may expand to (SPEC 7: bounded alias expansion).
MAX_NODES = 200_000
MAX_DEPTH = 64

_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    f"{_STANDARD_TAG}{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}

# A recursive alias needs string forward references, which ``|`` cannot join.
Value = Union[str, None, list["Node"], dict[str, "Node"]]  # noqa: UP007


@dataclass(frozen=True)
class Node:
    """A loaded value and the 1-based line where it (or its key) was written."""

    value: Value
    line: int
    #: Where the text of a scalar starts (the line after ``key: |``); 0: ``line``.
    text_line: int = 0

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            yield from self.value.items()


class _Builder:
    def __init__(self, source: str, line_offset: int) -> None:
        self.source = source
        self.line_offset = line_offset
        self.count = 0
        self.problems: list[Problem] = []

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.line_offset

    def where(self, node: yaml.Node) -> Location:
        return Location(self.source, self.line(node))

    def build(self, node: yaml.Node, depth: int = 0) -> Node | None:
        self.count += 1
        if self.count > MAX_NODES:
            raise ConceptSourceError(
                f"the document expands to more than {MAX_NODES} values "
                "(an alias bomb?); refused",
                self.where(node),
                Subtype.SECURITY,
            )
        if depth > MAX_DEPTH:
            raise ConceptSourceError(
                f"values are nested deeper than {MAX_DEPTH} levels",
                self.where(node),
            )
        tag = node.tag or ""
        if tag not in _PLAIN_TAGS and not (
            isinstance(node, yaml.ScalarNode) and tag == f"{_STANDARD_TAG}binary"
        ):
            self.problems.append(
                Problem(
                    f"the YAML tag {tag!r} is not allowed; its value is ignored",
                    self.where(node),
                    Subtype.SECURITY,
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            value = str(node.value)
            # Plain style is None from PyYAML's composer but "" from libyaml's.
            if not node.style and value in _NULLS:
                return Node(None, self.line(node))
            # A block scalar's text starts on the line after its ``|`` or ``>``.
            start = self.line(node) + (1 if node.style in ("|", ">") else 0)
            return Node(value, self.line(node), start)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(child, depth + 1) for child in node.value]
            return Node([i for i in items if i is not None], self.line(node))
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Node] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(
                        Problem(
                            "a mapping key must be a plain value",
                            self.where(key_node),
                        )
                    )
                    continue
                key = str(key_node.value)
                key_line = self.line(key_node)
                if key in mapping:
                    self.problems.append(
                        Problem(
                            f"duplicate key {key!r} (first at line "
                            f"{first_line[key]}); the later value is used",
                            Location(self.source, key_line),
                        )
                    )
                first_line.setdefault(key, key_line)
                child = self.build(value_node, depth + 1)
                if child is not None:
                    # Errors about a value are most useful at its key's line.
                    mapping[key] = Node(child.value, key_line, child.text_line)
            return Node(mapping, self.line(node))
        raise ConceptSourceError(  # pragma: no cover - composer yields no others
            f"unexpected YAML node {type(node).__name__}", self.where(node)
        )


def load_yaml(
    text: str, source: str, line_offset: int = 0
) -> tuple[list[Node], list[Problem]]:
    """Every document of a YAML stream, as located values.

    Raises :class:`ConceptSourceError` for syntax errors (with their line) and for
    sources that exceed the expansion bounds.
    """
    builder = _Builder(source, line_offset)
    documents: list[Node] = []
    try:
        for document in yaml.compose_all(text, Loader=_Loader):
            if document is None:
                continue
            built = builder.build(document)
            if built is not None:
                documents.append(built)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (int(mark.line) + 1 + line_offset) if mark else line_offset + 1
        reason = error.problem or error.context or "invalid YAML"
        raise ConceptSourceError(
            f"YAML syntax error: {reason}", Location(source, line)
        ) from None
    except yaml.YAMLError as error:
        raise ConceptSourceError(
            f"YAML error: {error}", Location(source, line_offset + 1)
        ) from None
    except RecursionError:
        raise ConceptSourceError(
            "the YAML is nested too deeply to read", Location(source, line_offset + 1)
        ) from None
    return documents, builder.problems
