"""Card nodes as standard docutils nodes, for builders without card visitors.

Text, man, texinfo, xml, gettext and any third-party builder then render cards
with their own handling of containers, rubrics and paragraphs.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .compat import builder_format
from .nodes import concept_card, concept_heading, concept_meta, concept_section

#: Builder formats that have visitors of their own (see setup()).
NATIVE_FORMATS = ("html", "latex")


class CardsToStandardNodes(SphinxPostTransform):
    """Replace card nodes by containers, rubrics and paragraphs."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if builder_format(self.env) in NATIVE_FORMATS:
            return
        for node in list(self.document.findall(concept_heading)):
            node.replace_self(
                nodes.rubric(
                    node.rawsource, "", *node.children, classes=node["classes"]
                )
            )
        for node in list(self.document.findall(concept_meta)):
            node.replace_self(
                nodes.paragraph("", "", nodes.emphasis("", "", *node.children))
            )
        for node in list(self.document.findall(concept_section)):
            node.replace_self(
                nodes.container("", *node.children, classes=["concept-section"])
            )
        for node in list(self.document.findall(concept_card)):
            node.replace_self(
                nodes.container(
                    "",
                    *node.children,
                    ids=node["ids"],
                    classes=["concept-card", *node["classes"]],
                )
            )
