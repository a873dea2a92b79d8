"""The ``concept-list`` directive: a list or table of the project's concepts.

The directive leaves a placeholder with its filters (see :mod:`.placeholders`);
a post-transform fills it at write time from the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..compat import builder_of, current_docname
from ..gc_pause import gc_paused
from ..tree import find_blocks
from ..xref.entries import ConceptEntry
from ..xref.index import describe_variant
from ..xref.links import Links
from .placeholders import FILTER_OPTIONS, note_placeholder, store_filters, with_entries

_ = get_translation("sphinx_concepts")


class concept_list(nodes.General, nodes.Element):
    """Placeholder for a concept list: its ``style`` and filters."""


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


class ConceptLists(SphinxPostTransform):
    """Fill ``concept-list`` placeholders from the domain."""

    default_priority = 120  # after references are resolved; links are made here

    def run(self, **kwargs: Any) -> None:
        placeholders = find_blocks(self.document, concept_list)
        if not placeholders:
            return
        with gc_paused():  # a list of thousands of nodes
            self._fill(placeholders)

    def _fill(self, placeholders: list[concept_list]) -> None:
        links = Links(builder_of(self.env), current_docname(self.env))
        empty = str(_("No concepts match this list."))
        for node, entries in with_entries(self.env, placeholders, empty):
            classes = ["concept-list", *node["classes"]]
            if node.get("style") == "table":
                made: nodes.Element = _table(links, entries, classes)
            else:
                made = _list(links, entries, classes)
            made.source, made.line = node.source, node.line
            node.replace_self(made)


def _title_link(links: Links, entry: ConceptEntry) -> nodes.reference:
    title = nodes.inline(entry.title, entry.title)
    return links.reference(entry.docname, entry.anchor, title, entry.summary)


def _list(
    links: Links, entries: list[ConceptEntry], classes: list[str]
) -> nodes.Element:
    items = nodes.bullet_list(classes=classes)
    for entry in entries:
        paragraph = nodes.paragraph()
        paragraph += nodes.strong("", "", _title_link(links, entry))
        who = describe_variant(entry)
        if who:
            paragraph += nodes.Text(f" ({who})")
        if entry.summary:
            paragraph += nodes.Text(f": {entry.summary}")
        items += nodes.list_item("", paragraph)
    return items


def _table(
    links: Links, entries: list[ConceptEntry], classes: list[str]
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
                nodes.paragraph("", "", _title_link(links, entry)),
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
