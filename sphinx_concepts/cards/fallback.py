"""Card nodes as standard docutils nodes, for builders without card visitors.

Text, man, texinfo, xml, gettext and any third-party builder then render cards
with their own handling of containers, rubrics and paragraphs.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..compat import builder_format
from .nodes import concept_card, concept_heading, concept_meta, concept_section

#: Builder formats that have visitors of their own (see setup()).
NATIVE_FORMATS = ("html", "latex")


class CardsToStandardNodes(SphinxPostTransform):
    """Replace card nodes by containers, rubrics and paragraphs."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if builder_format(self.env) in NATIVE_FORMATS:
            return
        for heading in list(self.document.findall(concept_heading)):
            heading.replace_self(
                nodes.rubric(
                    heading.rawsource, "", *heading.children, classes=heading["classes"]
                )
            )
        for meta in list(self.document.findall(concept_meta)):
            meta.replace_self(
                nodes.paragraph("", "", nodes.emphasis("", "", *meta.children))
            )
        for section in list(self.document.findall(concept_section)):
            section.replace_self(
                nodes.container("", *section.children, classes=["concept-section"])
            )
        for card in list(self.document.findall(concept_card)):
            card.replace_self(
                nodes.container(
                    "",
                    *card.children,
                    ids=card["ids"],
                    classes=["concept-card", *card["classes"]],
                )
            )
