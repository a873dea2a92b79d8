"""The ``concept-list`` directive: a list or table of the project's concepts.

The directive only knows its own page, so it leaves a placeholder with its
filters; a post-transform fills it at write time from the domain (as
``sphinx.ext.todo``'s ``todolist`` does), when every page has been read.  The
domain re-writes pages holding a placeholder whenever a concept changes
(``ConceptDomain.affected_docs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .compat import builder_of, current_docname
from .domain import ConceptDomain, ConceptEntry
from .index import describe_variant, sort_key
from .names import normalize
from .references import DOMAIN
from .tree import find_blocks, gc_paused

_ = get_translation("sphinx_concepts")

#: Placeholder attributes that hold the filters (normalised names).
FILTERS = ("target_audience", "specialist_role", "tags")


class concept_list(nodes.General, nodes.Element):
    """Placeholder for a concept list; ``style`` and the :data:`FILTERS`."""


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
    domain = directive.env.get_domain(DOMAIN)
    assert isinstance(domain, ConceptDomain)
    domain.note_list(directive.env.docname)


class ConceptListDirective(SphinxDirective):
    """``concept-list``: every (or every matching) concept, linked to its card."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "style": lambda arg: directives.choice(arg, ("list", "table")),
        **FILTER_OPTIONS,
    }

    def run(self) -> list[nodes.Node]:
        node = concept_list(style=self.options.get("style", "list"))
        store_filters(node, self.options)
        self.set_source_info(node)
        note_placeholder(self)
        return [node]


def card_link(
    builder: Builder, fromdocname: str, entry: ConceptEntry, content: nodes.Node
) -> nodes.reference:
    """A link to the card of ``entry`` (its summary as the tooltip)."""
    if builder.name == "singlehtml":
        # One page: Sphinx's "#document-x#id" form cannot be followed.
        ref = nodes.reference("", "", content, internal=True, refid=entry.anchor)
        ref["reftitle"] = entry.summary or entry.title
        return ref
    return make_refnode(
        builder,
        fromdocname,
        entry.docname,
        entry.anchor,
        content,
        entry.summary or None,
    )


P = TypeVar("P", bound=nodes.Element)


def with_entries(
    env: BuildEnvironment, placeholders: list[P], empty: str
) -> Iterator[tuple[P, list[ConceptEntry]]]:
    """Each placeholder with the concepts its filters select; one that selects
    none is replaced by the ``empty`` message here."""
    domain = env.get_domain(DOMAIN)
    assert isinstance(domain, ConceptDomain)
    everything = list(domain.all_variants())
    for node in placeholders:
        entries = selected(node, everything)
        if entries:
            yield node, entries
            continue
        message = nodes.paragraph(classes=[f"{node.tagname.replace('_', '-')}-empty"])
        message += nodes.emphasis("", empty)
        node.replace_self(message)


class ConceptLists(SphinxPostTransform):
    """Fill ``concept-list`` placeholders from the domain."""

    default_priority = 120  # after references are resolved; links are made here

    def run(self, **kwargs: Any) -> None:
        placeholders = find_blocks(self.document, concept_list)
        if not placeholders:
            return
        with gc_paused():  # see tree.gc_paused: a list of thousands of nodes
            self._fill(placeholders)

    def _fill(self, placeholders: list[concept_list]) -> None:
        builder = builder_of(self.env)
        fromdocname = current_docname(self.env)
        empty = str(_("No concepts match this list."))
        for node, entries in with_entries(self.env, placeholders, empty):
            classes = ["concept-list", *node["classes"]]
            if node.get("style") == "table":
                made: nodes.Element = self._table(
                    builder, fromdocname, entries, classes
                )
            else:
                made = self._list(builder, fromdocname, entries, classes)
            made.source, made.line = node.source, node.line
            node.replace_self(made)

    def _title_link(
        self, builder: Builder, fromdocname: str, entry: ConceptEntry
    ) -> nodes.reference:
        return card_link(
            builder, fromdocname, entry, nodes.inline(entry.title, entry.title)
        )

    def _list(
        self,
        builder: Builder,
        fromdocname: str,
        entries: list[ConceptEntry],
        classes: list[str],
    ) -> nodes.Element:
        items = nodes.bullet_list(classes=classes)
        for entry in entries:
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(
                "", "", self._title_link(builder, fromdocname, entry)
            )
            who = describe_variant(entry)
            if who:
                paragraph += nodes.Text(f" ({who})")
            if entry.summary:
                paragraph += nodes.Text(f": {entry.summary}")
            items += nodes.list_item("", paragraph)
        return items

    def _table(
        self,
        builder: Builder,
        fromdocname: str,
        entries: list[ConceptEntry],
        classes: list[str],
    ) -> nodes.Element:
        headers = [_("Concept"), _("Audience"), _("Specialist role"), _("Summary")]
        group = nodes.tgroup(cols=len(headers))
        for width in (20, 18, 15, 47):
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", _row(nodes.paragraph("", str(h)) for h in headers))
        body = nodes.tbody()
        for entry in entries:
            body += _row(
                [
                    nodes.paragraph(
                        "", "", self._title_link(builder, fromdocname, entry)
                    ),
                    nodes.paragraph("", entry.target_audience),
                    nodes.paragraph("", entry.specialist_role),
                    nodes.paragraph("", entry.summary),
                ]
            )
        group += body
        return nodes.table("", group, classes=classes)


def _row(cells: Iterable[nodes.Element]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", cell)
    return row
