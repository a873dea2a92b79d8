"""What ``concept-list`` and ``concept-graph`` share: a placeholder node that
keeps the directive's filters, filled at write time from every concept.

The directive only knows its own page, so it leaves the placeholder and notes
the page with the domain, which re-writes it whenever a concept changes
(``ConceptDomain.affected_docs``), as ``sphinx.ext.todo``'s ``todolist`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..core.names import normalize
from ..xref.domain import concept_domain
from ..xref.entries import ConceptEntry
from ..xref.index import sort_key


def comma_list(argument: str | None) -> list[str]:
    """A comma-separated option as normalised names (empty parts dropped)."""
    return [n for n in (normalize(p) for p in (argument or "").split(",")) if n]


FILTER_OPTIONS: dict[str, Any] = {
    "target-audience": directives.unchanged_required,
    "specialist-role": directives.unchanged_required,
    "tag": directives.unchanged_required,
    "class": directives.class_option,
}


def store_filters(node: nodes.Element, options: dict[str, Any]) -> None:
    node["target_audience"] = comma_list(options.get("target-audience"))
    node["specialist_role"] = comma_list(options.get("specialist-role"))
    node["tags"] = comma_list(options.get("tag"))
    node["classes"] += options.get("class", [])


def selected(
    node: nodes.Element, entries: Iterable[ConceptEntry]
) -> list[ConceptEntry]:
    """The entries a placeholder's filters let through, sorted by title (then
    audience and role).  Each filter is a comma list: any value matches."""
    audiences: set[str] = set(node.get("target_audience", ()))
    roles: set[str] = set(node.get("specialist_role", ()))
    tags: set[str] = set(node.get("tags", ()))
    found = [
        e
        for e in entries
        if (not audiences or e.key[2] in audiences)
        and (not roles or e.key[1] in roles)
        and (not tags or tags & {normalize(t) for t in e.tags})
    ]
    return sorted(
        found,
        key=lambda e: (
            sort_key(e.title),
            sort_key(e.target_audience),
            e.specialist_role,
        ),
    )


def note_placeholder(directive: SphinxDirective) -> None:
    """Make the domain re-write this page when any concept changes."""
    concept_domain(directive.env).note_list(directive.env.docname)


P = TypeVar("P", bound=nodes.Element)


def with_entries(
    env: BuildEnvironment, placeholders: list[P], empty: str
) -> Iterator[tuple[P, list[ConceptEntry]]]:
    """Each placeholder with the concepts its filters select; one that selects
    none is replaced by the ``empty`` message here."""
    everything = list(concept_domain(env).all_variants())
    for node in placeholders:
        entries = selected(node, everything)
        if entries:
            yield node, entries
            continue
        message = nodes.paragraph(classes=[f"{node.tagname.replace('_', '-')}-empty"])
        message += nodes.emphasis("", empty)
        node.replace_self(message)
