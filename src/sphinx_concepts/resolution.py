"""What happens to a concept reference no variant answers (SPEC 4): a
``concept.ref`` warning at the reference, and its text still rendered — linked
to ``concepts_fallback_url`` when that is set."""

from __future__ import annotations

from urllib.parse import quote_plus

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .problems import Subtype
from .references import DOMAIN, query_of
from .report import warn
from .settings import concepts_config


def on_missing_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Runs after intersphinx had its chance (lower priority)."""
    if node.get("refdomain") != DOMAIN:
        return None
    query = query_of(node)
    reason = node.get("concept_invalid")
    if reason:
        message = f"the concept reference {node['reftarget']!r} is not valid: {reason}"
    else:
        message = f"no concept matches the reference {node['reftarget']!r} ({query})"
    warn(message, Subtype.REF, node)
    config = concepts_config(env.config)
    if config.fallback_url and not reason:
        url = config.fallback_url.format(
            query=query.to_query_string(), concept=quote_plus(query.concept)
        )
        reference = nodes.reference("", "", contnode, refuri=url, internal=False)
        reference["classes"].append("concept-unresolved")
        return reference
    contnode["classes"].append("concept-unresolved")
    return contnode
