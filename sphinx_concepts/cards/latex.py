"""LaTeX visitors: a card is a ``sphinxConceptCard`` environment.

The environment and macros live in ``static/sphinxconcepts.sty`` so that users can
restyle them in their preamble; text reaches them through Sphinx's own escaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .nodes import concept_card, concept_heading, concept_meta, concept_section

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator

LATEX_PACKAGE = "sphinxconcepts"


def latex_visit_concept_card(self: LaTeXTranslator, node: concept_card) -> None:
    self.body.append("\n\\begin{sphinxConceptCard}")
    self.body.append(self.hypertarget_to(node, anchor=True))
    self.body.append("\n")


def latex_depart_concept_card(self: LaTeXTranslator, node: concept_card) -> None:
    self.body.append("\n\\end{sphinxConceptCard}\n")


def latex_visit_concept_heading(self: LaTeXTranslator, node: concept_heading) -> None:
    macro = (
        "sphinxConceptTitle" if node.get("kind") == "title" else "sphinxConceptLabel"
    )
    self.body.append(f"\n\\{macro}{{")


def latex_depart_concept_heading(self: LaTeXTranslator, node: concept_heading) -> None:
    self.body.append("}\n")


def latex_visit_concept_section(self: LaTeXTranslator, node: concept_section) -> None:
    self.body.append(f"\n\\begin{{sphinxConceptSection}}{{{node['key']}}}\n")


def latex_depart_concept_section(self: LaTeXTranslator, node: concept_section) -> None:
    self.body.append("\n\\end{sphinxConceptSection}\n")


def latex_visit_concept_meta(self: LaTeXTranslator, node: concept_meta) -> None:
    self.body.append("\n\\sphinxConceptMeta{")


def latex_depart_concept_meta(self: LaTeXTranslator, node: concept_meta) -> None:
    self.body.append("}\n")
