"""What happens to a concept reference no variant answers (SPEC 4): a
``concept.ref`` warning at the reference, and its text still rendered — linked
to ``concepts_fallback_url`` when that is set.

Sphinx asks every ``missing-reference`` handler (intersphinx's too) before it
uses any answer, so a handler cannot know whether another one resolved the
reference.  Instead, the handler marks the text node that Sphinx falls back to,
and a post-transform running after the resolver reports only the marked nodes
that did not end up inside a link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.names import ConceptQuery
from ..core.problems import Subtype
from ..report import warn
from ..settings import concepts_config
from .domain import concept_domain
from .role import DOMAIN, query_of

_MARK = "concept_unresolved"


def on_missing_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> None:
    if node.get("refdomain") != DOMAIN:
        return
    query = query_of(node)
    contnode[_MARK] = str(node.get("reftarget", ""))
    contnode["concept_query"] = (
        query.concept,
        query.specialist_role or "",
        query.target_audience or "",
    )
    contnode["concept_invalid"] = node.get("concept_invalid", "")
    contnode.source, contnode.line = node.source, node.line
    # Lets the post-transform skip the walk on pages with nothing to report.  (On
    # the domain, not the node's document: builders that assemble one tree from
    # many pages keep each node's original document.)
    concept_domain(env).unresolved_marks = True


def on_warn_missing_reference(
    app: Sphinx, domain: Domain, node: pending_xref
) -> bool | None:
    """Sphinx's generic message is replaced by ours (see UnresolvedReferences)."""
    return True if node.get("refdomain") == DOMAIN else None


class UnresolvedReferences(SphinxPostTransform):
    """Warn about (and link to the fallback URL) references nobody resolved."""

    default_priority = 11  # right after Sphinx's ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        domain = concept_domain(self.env)
        if not domain.unresolved_marks:
            return
        domain.unresolved_marks = False
        config = concepts_config(self.config)
        for node in list(self.document.findall(_marked)):
            assert isinstance(node, Element)
            target = node.attributes.pop(_MARK)
            concept, role, audience = node.attributes.pop("concept_query")
            reason = node.attributes.pop("concept_invalid", "")
            if _inside_link(node):
                continue  # resolved elsewhere (intersphinx)
            query = ConceptQuery(concept, role or None, audience or None)
            if reason:
                message = f"the concept reference {target!r} is not valid: {reason}"
            else:
                message = f"no concept matches the reference {target!r} ({query})"
            warn(message, Subtype.REF, node)
            node["classes"].append("concept-unresolved")
            if config.fallback_url and not reason:
                url = config.fallback_url.format(
                    query=query.to_query_string(), concept=quote_plus(query.concept)
                )
                link = nodes.reference("", "", refuri=url, internal=False)
                node.replace_self(link)
                link += node


def _marked(node: nodes.Node) -> bool:
    return isinstance(node, Element) and _MARK in node.attributes


def _inside_link(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.reference):
            return True
        parent = parent.parent
    return False
