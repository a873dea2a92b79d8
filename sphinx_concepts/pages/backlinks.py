""" "Referenced by": each card lists the cards and pages that link to it.

Added at write time from the domain's reference records, so every page shows the
backlinks of the whole project, also after incremental and parallel builds (the
domain re-writes pages whose backlinks change, see ``affected_docs``).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..cards.nodes import concept_card, concept_heading, concept_section
from ..compat import builder_of, current_docname
from ..core.names import key_of
from ..core.wording import variant_parts
from ..gc_pause import gc_paused
from ..settings import concepts_config
from ..tree import find_blocks
from ..xref.domain import concept_domain
from ..xref.entries import Referrer
from ..xref.links import Links

_ = get_translation("sphinx_concepts")


class Backlinks(SphinxPostTransform):
    """Append a "Referenced by" section to every card something links to."""

    default_priority = 150  # before card nodes are converted for other builders

    def run(self, **kwargs: Any) -> None:
        domain = concept_domain(self.env)
        # Cheapest test first: this runs for every page of every project.
        if not domain.entries or not concepts_config(self.config).backlinks:
            return
        links = Links(builder_of(self.env), current_docname(self.env))
        with gc_paused():
            for card in find_blocks(self.document, concept_card):
                if not card.get("show_backlinks", True):
                    continue
                key = key_of(
                    card["concept_title"],
                    card["specialist_role"],
                    card["target_audience"],
                )
                referrers = domain.backlinks(key)
                if not referrers:
                    continue
                level = min(int(card.get("heading_level", 3)) + 1, 6)
                label = str(_("Referenced by"))
                section = concept_section(key="backlinks")
                section += concept_heading(label, label, kind="section", level=level)
                items = nodes.bullet_list(classes=["concept-backlinks"])
                titles = [r.title for r in referrers if r.title]
                for referrer in referrers:
                    # Variants of one concept share a title: name their audience.
                    ambiguous = titles.count(referrer.title) > 1
                    paragraph = nodes.paragraph()
                    paragraph += self._link(links, referrer, ambiguous)
                    items += nodes.list_item("", paragraph)
                section += items
                card += section

    def _link(self, links: Links, referrer: Referrer, ambiguous: bool) -> nodes.Element:
        page = self.env.titles.get(referrer.docname)
        page_title = page.astext() if page is not None else referrer.docname
        title = referrer.title
        if ambiguous and referrer.audience:
            title = ", ".join([title, *variant_parts(None, referrer.audience, _)])
        text = f"{title} ({page_title})" if title else page_title
        return links.reference(
            referrer.docname, referrer.anchor, nodes.inline(text, text)
        )
