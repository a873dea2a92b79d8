"""Placeholder text left in a source: the ``TODO:`` lines that
``sphinx-concepts new`` writes into every section (issue 11: ``check --strict``
used to pass a skeleton still full of them)."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Concept, Location
from .problems import Problem, Subtype

#: How ``new`` starts each placeholder, and what ``check`` looks for at the start
#: of a line of any text of a concept.
MARKER = "TODO:"


def _texts(concept: Concept) -> Iterator[tuple[str, int]]:
    """Every text of a concept (Markdown) with the line where it starts."""
    yield concept.title, concept.location.line
    yield concept.explanation.markdown, concept.explanation.line
    yield concept.follow_up_intro.markdown, concept.follow_up_intro.line
    for item in concept.follow_up:
        yield item.question, item.line
        yield item.answer.markdown, item.answer.line
    yield concept.etymology.markdown, concept.etymology.line
    yield concept.summary.markdown, concept.summary.line
    yield concept.see_also_intro.markdown, concept.see_also_intro.line
    for entry in concept.see_also:
        yield entry.title, entry.line
        yield entry.description, entry.line
    for extra in concept.sections:
        yield extra.title, extra.line
        yield extra.body.markdown, extra.body.line


def placeholder_problems(concept: Concept) -> list[Problem]:
    """One warning per text that still holds a placeholder, at its line."""
    problems = []
    for text, line in _texts(concept):
        for offset, row in enumerate(text.splitlines()):
            stripped = row.strip().lstrip("*_-> ").strip()
            if stripped.startswith(MARKER):
                shown = stripped if len(stripped) <= 60 else stripped[:59] + "…"
                at = line + offset if line else concept.location.line
                problems.append(
                    Problem(
                        f"placeholder text is still here: {shown!r}",
                        Location(concept.location.source, at),
                        Subtype.PLACEHOLDER,
                    )
                )
                break  # one per text: the author rewrites it as a whole
    return problems
