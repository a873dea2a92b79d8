"""The YAML / JSON source format (SPEC 2.2): located values -> :class:`Concept`.

One concept as a mapping, several as a list, or a mapping with a ``concepts:`` list.
A bad item or field is a :class:`Problem` with its line; everything else is kept.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it import MarkdownIt

from ..core.model import (
    SECTION_KEYS,
    Concept,
    ExtraSection,
    FollowUp,
    Location,
    SeeAlso,
    Text,
    place_extra,
)
from ..core.names import ConceptQuery
from ..core.problems import ConceptSourceError, Problem, ReadResult, Severity
from .located_json import load_json
from .located_yaml import Node, load_yaml
from .text_tokens import with_tokens

#: Keys of a concept mapping, with what they hold (used for messages and the schema).
CONCEPT_KEYS = {
    "concept": "the title (required)",
    "specialist_role": "who explains",
    "target_audience": "for whom",
    "aliases": "other names (list)",
    "tags": "labels for filtering (list)",
    "explanation": "MyST Markdown",
    "follow_up_intro": "MyST Markdown shown before the questions",
    "follow_up": "list of {question, answer}",
    "etymology": "MyST Markdown",
    "summary": "MyST Markdown",
    "see_also_intro": "MyST Markdown shown before the links",
    "see_also": "list of a query, name or URL, or of mappings",
    "sections": "list of {title, body, after}",
}
METADATA_KEYS = ("concept", "specialist_role", "target_audience", "aliases", "tags")
SEE_ALSO_KEYS = (
    "concept",
    "title",
    "description",
    "specialist_role",
    "target_audience",
    "url",
)


class _Fields:
    """Typed access to a located mapping that records every misuse as a problem."""

    def __init__(self, node: Node, source: str, problems: list[Problem]) -> None:
        assert isinstance(node.value, dict)
        self.mapping = node.value
        self.line = node.line
        self.source = source
        self.problems = problems

    def problem(self, message: str, line: int, error: bool = False) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        self.problems.append(
            Problem(message, Location(self.source, line), severity=severity)
        )

    def text(self, key: str) -> str | None:
        node = self.mapping.get(key)
        if node is None or node.value is None:
            return None
        if not isinstance(node.value, str):
            kind = "a list" if isinstance(node.value, list) else "a mapping"
            self.problem(f"'{key}' must be text, not {kind}; ignored", node.line, True)
            return None
        return node.value

    def block(self, key: str) -> Text:
        value = self.text(key)
        node = self.mapping.get(key)
        if not value or not node:
            return Text("")
        # Line numbers inside the text count from where it starts (SPEC 7).
        start = node.text_line or node.line
        return Text(value.strip("\n"), start + len(value) - len(value.lstrip("\n")))

    def strings(self, key: str) -> tuple[str, ...]:
        node = self.mapping.get(key)
        if node is None or node.value is None:
            return ()
        if isinstance(node.value, str):
            return (node.value,)
        if not isinstance(node.value, list):
            self.problem(f"'{key}' must be a list of text; ignored", node.line, True)
            return ()
        values: list[str] = []
        for item in node.value:
            if isinstance(item.value, str):
                values.append(item.value)
            else:
                self.problem(f"an item of '{key}' must be text; ignored", item.line)
        return tuple(values)

    def mappings(self, key: str) -> list[tuple[Node, _Fields | None]]:
        """Items of a list ``key``; non-mapping items come back with ``None``."""
        node = self.mapping.get(key)
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.problem(f"'{key}' must be a list; ignored", node.line, True)
            return []
        return [
            (item, _Fields(item, self.source, self.problems))
            if isinstance(item.value, dict)
            else (item, None)
            for item in node.value
        ]

    def unknown(self, known: tuple[str, ...] | dict[str, str], what: str) -> None:
        for key, node in self.mapping.items():
            if key not in known:
                self.problem(f"unknown key {key!r} in {what}; ignored", node.line)


def _follow_ups(fields: _Fields) -> tuple[FollowUp, ...]:
    pairs: list[FollowUp] = []
    for item, sub in fields.mappings("follow_up"):
        if sub is None:
            fields.problem(
                "a follow_up item must be a mapping {question, answer}", item.line, True
            )
            continue
        sub.unknown(("question", "answer"), "a follow_up item")
        question = sub.text("question")
        if not question or not question.strip():
            sub.problem("a follow_up item has no 'question'; ignored", item.line, True)
            continue
        answer = sub.block("answer")
        if not answer:
            sub.problem(f"the question {question.strip()!r} has no answer", item.line)
        pairs.append(FollowUp(" ".join(question.split()), answer, item.line))
    return tuple(pairs)


def see_also_from_mapping(sub: _Fields, line: int) -> SeeAlso | None:
    """A see-also entry from ``{concept, title, description, ..., url}``."""
    sub.unknown(SEE_ALSO_KEYS, "a see_also item")
    url = sub.text("url")
    concept = sub.text("concept")
    title = sub.text("title") or ""
    description = (sub.text("description") or "").strip()
    if url:
        target = url.strip()
    elif concept:
        query = ConceptQuery(
            concept.strip(),
            (sub.text("specialist_role") or "").strip() or None,
            (sub.text("target_audience") or "").strip() or None,
        )
        target = "?" + query.to_query_string()
    elif title:
        target = ""
    else:
        sub.problem("a see_also item needs 'concept', 'url' or 'title'", line, True)
        return None
    return SeeAlso(title.strip(), target, description, line)


def _see_also(fields: _Fields) -> tuple[SeeAlso, ...]:
    entries: list[SeeAlso] = []
    for item, sub in fields.mappings("see_also"):
        if sub is None:
            if isinstance(item.value, str) and item.value.strip():
                entries.append(SeeAlso("", item.value.strip(), "", item.line))
            else:
                fields.problem(
                    "a see_also item must be text or a mapping", item.line, True
                )
            continue
        entry = see_also_from_mapping(sub, item.line)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _extra_sections(fields: _Fields, present: list[str]) -> tuple[ExtraSection, ...]:
    sections: list[ExtraSection] = []
    default_after = present[-1] if present else None
    for item, sub in fields.mappings("sections"):
        if sub is None:
            fields.problem(
                "a sections item must be a mapping {title, body}", item.line, True
            )
            continue
        sub.unknown(("title", "body", "after"), "a sections item")
        title = (sub.text("title") or "").strip()
        if not title:
            sub.problem("a section has no 'title'; ignored", item.line, True)
            continue
        # An explicit ``after: null`` places the section before all known ones.
        explicit_none = "after" in sub.mapping and sub.mapping["after"].value is None
        after = (
            None
            if explicit_none
            else (sub.text("after") or "").strip() or default_after
        )
        if after is not None and after not in SECTION_KEYS:
            sub.problem(f"'after' must be one of {', '.join(SECTION_KEYS)}", item.line)
        sections.append(
            ExtraSection(
                title, sub.block("body"), place_extra(after, present), item.line
            )
        )
    return tuple(sections)


def concept_from_fields(fields: _Fields, source: str) -> Concept | None:
    """A concept from one located mapping; ``None`` (with a problem) without title."""
    fields.unknown(CONCEPT_KEYS, "a concept")
    title = fields.text("concept")
    if title is None or not title.strip():
        fields.problem("the concept has no title ('concept' key)", fields.line, True)
        return None
    concept = Concept(
        title=" ".join(title.split()),
        specialist_role=(fields.text("specialist_role") or "").strip() or None,
        target_audience=(fields.text("target_audience") or "").strip() or None,
        aliases=fields.strings("aliases"),
        tags=fields.strings("tags"),
        explanation=fields.block("explanation"),
        follow_up_intro=fields.block("follow_up_intro"),
        follow_up=_follow_ups(fields),
        etymology=fields.block("etymology"),
        summary=fields.block("summary"),
        see_also_intro=fields.block("see_also_intro"),
        see_also=_see_also(fields),
        location=Location(source, fields.line),
    )
    sections = _extra_sections(fields, concept.present_sections())
    return replace(concept, sections=sections)


def metadata_fields(node: Node, source: str, problems: list[Problem]) -> _Fields:
    """Front matter of a Markdown source, checked for known keys."""
    fields = _Fields(node, source, problems)
    fields.unknown(METADATA_KEYS, "the front matter")
    return fields


def concepts_from_nodes(documents: list[Node], source: str) -> ReadResult:
    result = ReadResult()
    if not documents:
        result.problems.append(
            Problem("the source is empty", Location(source, 1), severity=Severity.ERROR)
        )
        return result
    items: list[Node] = []
    for document in documents:
        value = document.value
        if isinstance(value, dict) and "concepts" in value:
            listed = value["concepts"]
            others = [k for k in value if k != "concepts"]
            for key in others:
                result.problems.append(
                    Problem(
                        f"unknown key {key!r} beside 'concepts'; ignored",
                        Location(source, value[key].line),
                    )
                )
            if not isinstance(listed.value, list):
                result.problems.append(
                    Problem(
                        "'concepts' must be a list of concepts",
                        Location(source, listed.line),
                        severity=Severity.ERROR,
                    )
                )
                continue
            items.extend(listed.value)
        elif isinstance(value, list):
            items.extend(value)
        else:
            items.append(document)
    for item in items:
        if not isinstance(item.value, dict):
            result.problems.append(
                Problem(
                    "expected a concept (a mapping with a 'concept' key), "
                    f"found {'text' if isinstance(item.value, str) else 'a list'}",
                    Location(source, item.line),
                    severity=Severity.ERROR,
                )
            )
            continue
        concept = concept_from_fields(_Fields(item, source, result.problems), source)
        if concept is not None:
            result.concepts.append(concept)
    return result


def read_data(
    text: str,
    source: str,
    *,
    json_syntax: bool = False,
    parser: MarkdownIt | None = None,
) -> ReadResult:
    """Read a YAML (or, with ``json_syntax``, JSON) source.

    ``parser``: the Markdown parser that will render the texts (MyST's, in a
    build); every text then carries its tokens, all parsed in one go."""
    try:
        documents, problems = (
            load_json(text, source) if json_syntax else load_yaml(text, source)
        )
    except ConceptSourceError as error:
        return ReadResult(problems=[error.as_problem()])
    result = concepts_from_nodes(documents, source)
    result.problems[:0] = problems
    if parser is not None:
        result.concepts = with_tokens(result.concepts, parser)
    return result
