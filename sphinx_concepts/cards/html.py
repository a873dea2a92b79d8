"""HTML visitors: a card is an ``<article>`` with real heading elements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.names import normalize
from .nodes import concept_card, concept_heading, concept_meta, concept_section

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

#: Where each open card starts in ``self.body`` (a stack: cards may nest).
_CARD_STARTS = "_concept_card_starts"
#: How Sphinx opens a highlighted code block.
_CODE_BLOCK = '<div class="highlight"><pre>'


def html_visit_concept_card(self: HTML5Translator, node: concept_card) -> None:
    attributes: dict[str, Any] = {"CLASS": "concept-card"}
    if node.get("target_audience"):
        # Whom the card is for, as the reading script compares audiences.
        attributes["data-concept-audience"] = normalize(node["target_audience"])
    if node["ids"]:
        attributes["aria-labelledby"] = f"{node['ids'][0]}-title"
    self.__dict__.setdefault(_CARD_STARTS, []).append(len(self.body))
    self.body.append(self.starttag(node, "article", **attributes))


def html_depart_concept_card(self: HTML5Translator, node: concept_card) -> None:
    # Code in a card scrolls sideways on narrow screens; keyboard users can
    # only scroll what they can focus (WCAG 2.1.1, axe scrollable-region-focusable).
    start: int = self.__dict__[_CARD_STARTS].pop()
    for index in range(start, len(self.body)):
        if _CODE_BLOCK in self.body[index]:
            self.body[index] = self.body[index].replace(
                _CODE_BLOCK, '<div class="highlight"><pre tabindex="0">'
            )
    self.body.append("</article>\n")


def html_visit_concept_heading(self: HTML5Translator, node: concept_heading) -> None:
    level = max(1, min(6, int(node.get("level", 3))))
    css = "concept-title" if node.get("kind") == "title" else "concept-section-title"
    attributes: dict[str, Any] = {"CLASS": css}
    if node.get("kind") == "title" and node.get("card_id"):
        attributes["ids"] = [f"{node['card_id']}-title"]
    self.body.append(self.starttag(node, f"h{level}", "", **attributes))


def html_depart_concept_heading(self: HTML5Translator, node: concept_heading) -> None:
    level = max(1, min(6, int(node.get("level", 3))))
    self.body.append(f"</h{level}>\n")


def html_visit_concept_section(self: HTML5Translator, node: concept_section) -> None:
    self.body.append(
        self.starttag(
            node,
            "section",
            CLASS=f"concept-section concept-section-{node['key'].replace('_', '-')}",
        )
    )


def html_depart_concept_section(self: HTML5Translator, node: concept_section) -> None:
    self.body.append("</section>\n")


def html_visit_concept_meta(self: HTML5Translator, node: concept_meta) -> None:
    self.body.append(self.starttag(node, "p", "", CLASS="concept-meta"))


def html_depart_concept_meta(self: HTML5Translator, node: concept_meta) -> None:
    self.body.append("</p>\n")
