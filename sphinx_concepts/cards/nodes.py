"""Format-neutral doctree nodes of a concept card.

Only three node types are new; everything inside a card (paragraphs, definition
lists for questions, bullet lists for see-also) is standard docutils, so every
builder already knows how to write it.  HTML and LaTeX get visitors of their own
(:mod:`.html`, :mod:`.latex`); for every other builder :mod:`.fallback` turns the
three into standard nodes before writing.
"""

from __future__ import annotations

from docutils import nodes


class concept_card(nodes.General, nodes.Element):
    """One rendered concept.  Attributes: ``ids``, ``concept_title``,
    ``specialist_role``, ``target_audience``, ``heading_level`` (1-6)."""


class concept_heading(nodes.TextElement):
    """The card's title (``kind="title"``) or a section label (``kind="section"``).

    Not a docutils ``title``: card headings must never become document sections
    (they would enter the toctree and the page outline)."""


class concept_section(nodes.General, nodes.Element):
    """One section of a card; ``key`` is the section key (or ``extra``)."""


class concept_meta(nodes.TextElement):
    """The "for whom, by whom" line under a card's title."""


class concept_variants(nodes.General, nodes.Element):
    """Audience variants of one concept shown together (``:variants: tabs``): its
    children are the cards.  HTML shows them as tabs (see :mod:`.variants`);
    every other builder writes the cards one after another."""


CARD_NODES = (concept_card, concept_heading, concept_section, concept_meta)
