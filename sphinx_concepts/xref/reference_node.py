"""A link to a card: a ``reference`` node that says what it asked for.

Every link the extension makes to a card is one (references, see-also entries,
lists, backlinks: :class:`.links.Links` makes them).  Every builder writes it as
the reference it is (Sphinx finds ``visit_reference`` through the class
hierarchy).  Two builders add what the reader needs of it:

* HTML: the query a reference or see-also entry asked travels as
  ``data-concept``, ``data-concept-role`` and ``data-concept-audience``
  attributes of the ``<a>``, which is how the reading script
  (``static/sphinx-concepts-reading.js``) knows which links may follow the
  reader's audience and which card each one previews.  Sphinx's translator
  writes the ``<a>`` tag; the attributes are added to the tag it wrote, so any
  theme's translator keeps its own way of writing links.
* LaTeX: after the link, the page of its target (``\\sphinxConceptPageRef``,
  " (page 12)" in the document's language), for readers of paper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.names import Key

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

#: Node attribute -> HTML attribute, for the parts of the query a link asked.
_DATA = (
    ("concept_name", "data-concept"),
    ("concept_role", "data-concept-role"),
    ("concept_audience", "data-concept-audience"),
)


class concept_reference(nodes.reference):
    """A link to a card; for a concept query, ``concept_name``, ``concept_role``
    and ``concept_audience`` hold the normalised query it asked."""


def mark_query(reference: concept_reference, query: Key) -> None:
    name, role, audience = query
    reference["concept_name"] = name
    if role:
        reference["concept_role"] = role
    if audience:
        reference["concept_audience"] = audience


def html_visit_concept_reference(
    self: HTML5Translator, node: concept_reference
) -> None:
    start = len(self.body)
    self.visit_reference(node)
    tag = self.body[start] if start < len(self.body) else ""
    if not tag.startswith("<a "):
        return  # a translator that writes links its own way: no data, no harm
    data = "".join(
        f' {attribute}="{self.attval(str(node[key]))}"'
        for key, attribute in _DATA
        if node.get(key)
    )
    self.body[start] = f"<a{data} {tag[3:]}"


def html_depart_concept_reference(
    self: HTML5Translator, node: concept_reference
) -> None:
    self.depart_reference(node)


def latex_visit_concept_reference(
    self: LaTeXTranslator, node: concept_reference
) -> None:
    self.visit_reference(node)


def latex_depart_concept_reference(
    self: LaTeXTranslator, node: concept_reference
) -> None:
    self.depart_reference(node)
    label = _target_label(self, node)
    if (
        label
        and self.config.concepts_latex_pagerefs
        # Sphinx adds the page itself to every link then.
        and not self.config.latex_show_pagerefs
        # Titles move into the table of contents and the PDF outline.
        and not self.in_title
    ):
        self.body.append(f"\\sphinxConceptPageRef{{{self.idescape(label)}}}")


def _target_label(self: LaTeXTranslator, node: concept_reference) -> str:
    """The ``docname:id`` label of the card, as Sphinx's LaTeX writer names it."""
    uri = str(node.get("refuri", ""))
    if not uri and node.get("refid"):
        return f"{self.curfilestack[-1]}:{node['refid']}"
    if uri.startswith("%") and "#" in uri:
        return uri[1:].replace("#", ":", 1)
    return ""
