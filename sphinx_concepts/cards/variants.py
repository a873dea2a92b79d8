"""Audience variants of one concept as tabs (``:variants: tabs``).

The doctree keeps the cards as they are, only wrapped in a ``concept_variants``
node.  HTML writes each card in a panel preceded by its tab, a plain link to the
card's id; ``sphinx-concepts-tabs.css`` shows the panel holding the URL's
``:target`` (so a reference to one audience's card opens its tab), else the
first.  No JavaScript: clicking a tab is following a link.  Browsers without
``:has()`` show every card, as do all other builders (and e-books), which get
the cards one after another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..compat import builder_format, builder_name
from ..core.names import normalize
from ..core.wording import audience_label
from ..tree import find_blocks
from .nodes import concept_card, concept_variants

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

_ = get_translation("sphinx_concepts")

#: The directive option's values: ``tabs``, or ``blocks`` (the default layout).
CHOICES = ("tabs", "blocks")
CSS = "sphinx-concepts-tabs.css"


def group_variants(output: list[nodes.Node]) -> list[nodes.Node]:
    """Wrap the cards of each title that occurs more than once in one
    ``concept_variants`` node, where its first card stood."""
    by_title: dict[str, list[concept_card]] = {}
    for node in output:
        if isinstance(node, concept_card):
            by_title.setdefault(normalize(node["concept_title"]), []).append(node)
    grouped: list[nodes.Node] = []
    for node in output:
        if not isinstance(node, concept_card):
            grouped.append(node)
            continue
        cards = by_title[normalize(node["concept_title"])]
        if len(cards) < 2:
            grouped.append(node)
        elif node is cards[0]:
            group = concept_variants(concept_title=node["concept_title"])
            group.source, group.line = node.source, node.line
            group.extend(cards)
            grouped.append(group)
    return grouped


def tab_labels(cards: list[concept_card]) -> list[str]:
    """Each card's audience; the role is added where audiences repeat."""
    audiences = [normalize(c.get("target_audience", "")) for c in cards]
    return [
        audience_label(
            card.get("target_audience"),
            card.get("specialist_role"),
            audiences.count(audience) > 1,
            _,
        )
        for card, audience in zip(cards, audiences, strict=True)
    ]


def html_visit_concept_variants(self: HTML5Translator, node: concept_variants) -> None:
    cards = [c for c in node.children if isinstance(c, concept_card)]
    labels = dict(zip((id(c) for c in cards), tab_labels(cards), strict=True))
    label = _("%s: one explanation per audience") % node["concept_title"]
    self.body.append(
        self.starttag(
            node, "div", CLASS="concept-variants", role="group", **{"aria-label": label}
        )
    )
    for child in node.children:
        if isinstance(child, concept_card) and child["ids"]:
            card_id = child["ids"][0]
            self.body.append(
                f'<a class="concept-variants-tab" href="#{card_id}">'
                f"{self.encode(labels[id(child)])}</a>\n"
                '<div class="concept-variants-panel">\n'
            )
            child.walkabout(self)
            self.body.append("</div>\n")
        else:
            child.walkabout(self)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def html_depart_concept_variants(self: HTML5Translator, node: concept_variants) -> None:
    pass  # everything is written on visit


class VariantsAsBlocks(SphinxPostTransform):
    """Outside HTML pages (PDF, text, man, e-books ...), variants are simply the
    cards one after another, each with its own audience line."""

    default_priority = 190  # before cards become standard nodes (200)

    def run(self, **kwargs: Any) -> None:
        if builder_format(self.env) == "html" and not builder_name(self.env).startswith(
            "epub"
        ):
            return
        for node in find_blocks(self.document, concept_variants):
            node.replace_self(node.children)
