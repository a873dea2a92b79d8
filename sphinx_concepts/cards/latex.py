"""LaTeX visitors: a card is a ``sphinxConceptCard`` environment.

The environment and macros live in ``static/sphinxconcepts.sty`` so that users can
restyle them in their preamble; text reaches them through Sphinx's own escaping.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

from ..core.wording import describe
from .nodes import concept_card, concept_heading, concept_meta, concept_section

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator

_ = get_translation("sphinx_concepts")

LATEX_PACKAGE = "sphinxconcepts"


def latex_visit_concept_card(self: LaTeXTranslator, node: concept_card) -> None:
    self.body.append("\n\\begin{sphinxConceptCard}")
    self.body.append(_bookmark(self, node))
    self.body.append(self.hypertarget_to(node, anchor=True))
    self.body.append("\n")


def _bookmark(self: LaTeXTranslator, node: concept_card) -> str:
    """A PDF outline entry for the card, beneath the section it stands in.

    Variants of one concept share a title, so the entry names the audience.
    The destination is a hash: docnames may hold characters PDF names cannot."""
    if not node["ids"] or self.in_title or self.in_footnote or self.table is not None:
        return ""
    text = describe(node["concept_title"], None, node.get("target_audience"), _)
    where = f"{self.curfilestack[-1]}:{node['ids'][0]}"
    name = "concept." + hashlib.sha1(where.encode("utf-8")).hexdigest()[:16]
    return f"\\sphinxConceptBookmark{{{self.encode(text)}}}{{{name}}}"


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
