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
from sphinx.util.nodes import make_refnode

from .compat import builder_of, current_docname
from .domain import ConceptDomain, Referrer
from .names import normalize
from .nodes import concept_card, concept_heading, concept_section
from .references import DOMAIN
from .settings import concepts_config
from .tree import find_blocks, gc_paused

_ = get_translation("sphinx_concepts")


class Backlinks(SphinxPostTransform):
    """Append a "Referenced by" section to every card something links to."""

    default_priority = 150  # before card nodes are converted for other builders

    def run(self, **kwargs: Any) -> None:
        if not concepts_config(self.config).backlinks:
            return
        domain = self.env.get_domain(DOMAIN)
        assert isinstance(domain, ConceptDomain)
        fromdocname = current_docname(self.env)
        self._uris: dict[str, str] = {}
        with gc_paused():
            for card in find_blocks(self.document, concept_card):
                if not card.get("show_backlinks", True):
                    continue
                key = (
                    normalize(card["concept_title"]),
                    normalize(card["specialist_role"]),
                    normalize(card["target_audience"]),
                )
                referrers = domain.backlinks(key)
                if not referrers:
                    continue
                level = min(int(card.get("heading_level", 3)) + 1, 6)
                label = str(_("Referenced by"))
                section = concept_section(key="backlinks")
                section += concept_heading(label, label, kind="section", level=level)
                links = nodes.bullet_list(classes=["concept-backlinks"])
                titles = [r.title for r in referrers if r.title]
                for referrer in referrers:
                    # Variants of one concept share a title: name their audience.
                    ambiguous = titles.count(referrer.title) > 1
                    paragraph = nodes.paragraph()
                    paragraph += self._link(fromdocname, referrer, ambiguous)
                    links += nodes.list_item("", paragraph)
                section += links
                card += section

    def _link(
        self, fromdocname: str, referrer: Referrer, ambiguous: bool
    ) -> nodes.Element:
        page = self.env.titles.get(referrer.docname)
        page_title = page.astext() if page is not None else referrer.docname
        title = referrer.title
        if ambiguous and referrer.audience:
            title = str(_("%(title)s for %(audience)s")) % {
                "title": title,
                "audience": referrer.audience,
            }
        text = f"{title} ({page_title})" if title else page_title
        content = nodes.inline(text, text)
        builder = builder_of(self.env)
        if builder.name == "singlehtml" and referrer.anchor:
            return nodes.reference(
                "", "", content, internal=True, refid=referrer.anchor
            )
        if referrer.docname == fromdocname:
            return make_refnode(
                builder, fromdocname, fromdocname, referrer.anchor or None, content
            )
        # A page's cards are referenced from the same few pages again and again:
        # work out each relative URI once per page (as make_refnode would).
        uri = self._uris.get(referrer.docname)
        if uri is None:
            uri = builder.get_relative_uri(fromdocname, referrer.docname)
            self._uris[referrer.docname] = uri
        reference = nodes.reference("", "", content, internal=True)
        reference["refuri"] = f"{uri}#{referrer.anchor}" if referrer.anchor else uri
        return reference
